/**
 * A database as an upgrade meets it: the migrations before `migration` applied, rows written
 * as the old schema has them, then `migration` itself — on the database the suite runs on
 * (a SQLite file, or a PostgreSQL database of the test server). For the tests of migrations
 * that carry data forward (test/migrations/*-upgrade, county-rule-lists).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { testDatabaseProvider } from './harness';

const ROOT = path.resolve(__dirname, '../..');

export type Dialect = 'sqlite' | 'postgresql';

function migrationsOf(folder: string, migration: string): { before: string[]; ours: string } {
  const dir = path.join(ROOT, 'prisma', folder);
  const names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'migration.sql'))).sort();
  const index = names.findIndex((n) => n.endsWith(`_${migration}`));
  if (index < 0) throw new Error(`no migration *_${migration} in prisma/${folder}`);
  const sql = (n: string) => fs.readFileSync(path.join(dir, n, 'migration.sql'), 'utf8');
  return { before: names.slice(0, index).map(sql), ours: sql(names[index]) };
}

/** The database's URL, upgraded through `migration` with `oldRows(dialect)` (SQL, or null for none) written before it. */
export async function upgradedDatabase(options: { migration: string; name: string; oldRows: (dialect: Dialect) => string | null }): Promise<string> {
  if (testDatabaseProvider() === 'postgresql') {
    const { before, ours } = migrationsOf('migrations-postgresql', options.migration);
    const admin = new Client({ connectionString: process.env.ONEVISIT_TEST_PG_ADMIN_URL });
    const database = `${process.env.ONEVISIT_TEST_PG_PREFIX}${options.name}`;
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const url = new URL(process.env.ONEVISIT_TEST_PG_ADMIN_URL!);
    url.pathname = `/${database}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const sql of before) await client.query(sql);
      const rows = options.oldRows('postgresql');
      if (rows) await client.query(rows);
      await client.query(ours);
    } finally {
      await client.end();
    }
    return url.toString();
  }
  const { before, ours } = migrationsOf('migrations', options.migration);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `onevisit-${options.name}-`)), 'old.db');
  const db = new Database(file);
  try {
    for (const sql of before) db.exec(sql);
    const rows = options.oldRows('sqlite');
    if (rows) db.exec(rows);
    db.exec(ours);
  } finally {
    db.close();
  }
  return `file:${file}`;
}
