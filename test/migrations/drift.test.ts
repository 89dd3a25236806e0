/**
 * The migrations build exactly the schema in schema.prisma, on the database the suite runs on.
 * Migrations are written with scripts/new-migration.ts (the WASM schema engine cannot use a
 * shadow database), for SQLite and PostgreSQL together, so this guards against a migration that
 * misses or duplicates a change: the database made by the real migrations (the test template)
 * must equal one made from the schema alone (SQLite: `prisma db push`; PostgreSQL: the script
 * of `prisma migrate diff --from-empty`, applied to an empty database).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { testDatabaseProvider } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const PRISMA_CLI = require.resolve('prisma/build/index.js');

function sqliteObjects(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all() as { type: string; name: string; sql: string | null }[];
    // SQLite keeps the text of CREATE statements; a table rebuilt by a migration is renamed
    // from "new_X", and ADD COLUMN leaves spaces before "," and ")", so quoting and whitespace
    // are normalised before comparing.
    return rows.map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ').replace(/ ([,)])/g, '$1').replace(/"new_(\w+)"/g, '"$1"')}`);
  } finally {
    db.close();
  }
}

/** Tables, columns (type, null, default, in order of name), enum types and their values, indexes and constraints. */
async function postgresObjects(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const queries = [
      `SELECT 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '')
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
      `SELECT 'enum ' || t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumlabel)
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
      `SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      `SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(c.oid)
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`,
    ];
    const lines: string[] = [];
    for (const sql of queries) lines.push(...(await client.query<{ '?column?': string }>(sql)).rows.map((r) => Object.values(r)[0] as string));
    return lines.sort();
  } finally {
    await client.end();
  }
}

async function fromSchemaOnPostgres(): Promise<string> {
  const admin = process.env.ONEVISIT_TEST_PG_ADMIN_URL!;
  const name = `${process.env.ONEVISIT_TEST_PG_PREFIX}drift`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const script = execFileSync(
    process.execPath,
    [PRISMA_CLI, 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', path.join(ROOT, 'generated', 'postgresql', 'schema.prisma'), '--script'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url.toString(), CHECKPOINT_DISABLE: '1' }, encoding: 'utf8', stdio: 'pipe' },
  );
  const target = new Client({ connectionString: url.toString() });
  await target.connect();
  try {
    await target.query(script);
  } finally {
    await target.end();
  }
  return url.toString();
}

test('the SQLite and the PostgreSQL migrations are the same steps', () => {
  const names = (dir: string) =>
    fs.readdirSync(path.join(ROOT, 'prisma', dir)).filter((n) => fs.existsSync(path.join(ROOT, 'prisma', dir, n, 'migration.sql'))).sort();
  expect(names('migrations-postgresql')).toEqual(names('migrations'));
});

test('applying every migration gives the same tables, columns and indexes as schema.prisma', async () => {
  const migrated = process.env.ONEVISIT_TEST_TEMPLATE_DB!;
  if (testDatabaseProvider() === 'postgresql') {
    const fromMigrations = await postgresObjects(migrated);
    const fromSchema = await postgresObjects(await fromSchemaOnPostgres());
    expect(fromMigrations.length).toBeGreaterThan(100);
    expect(fromMigrations.filter((o) => !fromSchema.includes(o))).toEqual([]);
    expect(fromSchema.filter((o) => !fromMigrations.includes(o))).toEqual([]);
    return;
  }
  const pushed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-drift-')), 'pushed.db');
  execFileSync(process.execPath, [PRISMA_CLI, 'db', 'push', '--skip-generate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${pushed}`, CHECKPOINT_DISABLE: '1' },
    stdio: 'pipe',
  });
  const fromMigrations = sqliteObjects(migrated);
  const fromSchema = sqliteObjects(pushed);
  expect(fromMigrations.filter((o) => !fromSchema.includes(o))).toEqual([]);
  expect(fromSchema.filter((o) => !fromMigrations.includes(o))).toEqual([]);
});
