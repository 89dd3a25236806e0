// Prisma 6.19 with the JS engine: the CLI uses its bundled WASM schema engine and the client
// talks to the database through a driver adapter, so nothing is downloaded at install time.
// DATABASE_URL chooses the database: `file:` → SQLite (better-sqlite3), `postgresql://` →
// PostgreSQL (node-postgres) with the schema's PostgreSQL variant (scripts/postgresql-schema.ts).
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The schema reads env("DATABASE_URL"); without a value the CLI falls back to downloading a
// native engine (impossible offline), so the default database is set here for every command.
process.env.DATABASE_URL ??= 'file:./.data/onevisit.db';
const postgresql = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL);

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: postgresql ? path.join('generated', 'postgresql', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', postgresql ? 'migrations-postgresql' : 'migrations') },
  async adapter() {
    if (postgresql) {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
