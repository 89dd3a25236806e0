// Prisma 6.19 with the JS engine: the CLI uses its bundled WASM schema engine and the
// client talks to SQLite through better-sqlite3, so nothing is downloaded at install time.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// The schema reads env("DATABASE_URL"); without a value the CLI falls back to downloading a
// native engine (impossible offline), so the default database is set here for every command.
process.env.DATABASE_URL ??= 'file:./.data/onevisit.db';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
