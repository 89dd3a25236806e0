/**
 * Writes a new migration, for SQLite and PostgreSQL together, for the changes in
 * prisma/schema.prisma since the newest migration:
 *   prisma/migrations/<stamp>_<name>/migration.sql             (SQLite)
 *   prisma/migrations-postgresql/<stamp>_<name>/migration.sql  (PostgreSQL, same name)
 * With a driver adapter, `migrate dev` and `migrate diff --from-migrations` need a shadow
 * database the WASM engine cannot use, so the diff is taken from the schema as it was committed
 * together with the newest migration (commit schema and migrations together). The PostgreSQL
 * diff needs a server to talk to (nothing is written to it): a throwaway one of scripts/postgres.ts.
 *
 *   npm run migration:new -- add_officer_accounts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from './postgres';
import { postgresqlVariant, SCHEMA_FILE } from './postgresql-schema';

const ROOT = path.resolve(__dirname, '..');
const PRISMA_CLI = require.resolve('prisma/build/index.js');

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
}

function diff(from: string, to: string, databaseUrl: string): string {
  return execFileSync(process.execPath, [PRISMA_CLI, 'migrate', 'diff', '--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const isEmpty = (sql: string) => sql.trim() === '' || /^-- This is an empty migration/.test(sql.trim());

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: npm run migration:new -- <name in snake_case>');
  const last = git(['log', '-1', '--format=%H', '--', 'prisma/migrations']).trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-migration-'));
  const previous = path.join(tmp, 'previous.prisma');
  fs.writeFileSync(previous, git(['show', `${last}:prisma/schema.prisma`]));
  fs.writeFileSync(path.join(tmp, 'previous.postgresql.prisma'), postgresqlVariant(fs.readFileSync(previous, 'utf8')));
  fs.writeFileSync(path.join(tmp, 'current.postgresql.prisma'), postgresqlVariant(fs.readFileSync(SCHEMA_FILE, 'utf8')));

  let sqlite = diff(previous, SCHEMA_FILE, `file:${path.join(tmp, 'scratch.db')}`);
  const server = await startPostgres({ log: () => undefined });
  let postgresql: string;
  try {
    postgresql = diff(path.join(tmp, 'previous.postgresql.prisma'), path.join(tmp, 'current.postgresql.prisma'), server.adminUrl);
  } finally {
    await server.stop();
  }
  if (isEmpty(sqlite) && isEmpty(postgresql)) throw new Error(`schema.prisma has no changes since ${last}`);
  // A new enum value is a type change in PostgreSQL only (SQLite stores enums as text): the
  // SQLite migration of the same name then changes nothing, and says so.
  if (isEmpty(sqlite)) sqlite = '-- Nothing to change in SQLite: enum values are stored as text (the PostgreSQL migration alters its type).\n';
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  for (const [folder, sql] of [['migrations', sqlite], ['migrations-postgresql', postgresql]] as const) {
    const dir = path.join(ROOT, 'prisma', folder, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
    console.log(`wrote ${path.relative(ROOT, dir)}/migration.sql`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
