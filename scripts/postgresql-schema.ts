/**
 * The PostgreSQL variant of prisma/schema.prisma. The schema has one source (written for
 * SQLite, provider-neutral on purpose); Prisma needs the provider spelled in the file, so the
 * PostgreSQL client and migrations are made from a copy that differs in the datasource's
 * provider and the client's output folder only. Run by `npm install` (postinstall).
 *
 *   tsx scripts/postgresql-schema.ts            writes generated/postgresql/schema.prisma and generates its client
 *   tsx scripts/postgresql-schema.ts --print F  prints the PostgreSQL variant of schema file F (for migration diffs)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const SCHEMA_FILE = path.join(ROOT, 'prisma', 'schema.prisma');
export const POSTGRESQL_SCHEMA_FILE = path.join(ROOT, 'generated', 'postgresql', 'schema.prisma');

/** The same models for PostgreSQL: provider "postgresql", client into generated/prisma-postgresql. */
export function postgresqlVariant(schema: string): string {
  const datasource = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  const output = /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/;
  if (!datasource.test(schema)) throw new Error('schema.prisma: no datasource with provider "sqlite" to derive from');
  if (!output.test(schema)) throw new Error('schema.prisma: the client generator has no output to redirect');
  // The variant lives in generated/postgresql/, so its client goes to generated/prisma-postgresql.
  return schema.replace(datasource, '$1"postgresql"').replace(output, '$1"../prisma-postgresql"');
}

export function writePostgresqlSchema(): string {
  fs.mkdirSync(path.dirname(POSTGRESQL_SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(POSTGRESQL_SCHEMA_FILE, postgresqlVariant(fs.readFileSync(SCHEMA_FILE, 'utf8')));
  return POSTGRESQL_SCHEMA_FILE;
}

if (require.main === module) {
  const printAt = process.argv.indexOf('--print');
  if (printAt >= 0) {
    process.stdout.write(postgresqlVariant(fs.readFileSync(process.argv[printAt + 1], 'utf8')));
  } else {
    writePostgresqlSchema();
    execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], {
      cwd: ROOT,
      stdio: 'inherit',
      // prisma.config.ts takes the PostgreSQL variant and adapter for a postgresql:// URL; nothing connects to it.
      env: { ...process.env, DATABASE_URL: 'postgresql://localhost/unused', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    });
  }
}
