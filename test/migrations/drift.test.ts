/**
 * The migrations build exactly the schema in schema.prisma. Migrations are written with
 * scripts/new-migration.sh (the WASM schema engine cannot use a shadow database), so this
 * guards against a migration that misses or duplicates a change: the database made by the
 * real migrations (the test template) must equal one made by `prisma db push` from the schema.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const ROOT = path.resolve(__dirname, '../..');

function objects(file: string): string[] {
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

test('applying every migration gives the same tables, columns and indexes as schema.prisma', () => {
  const migrated = process.env.ONEVISIT_TEST_TEMPLATE_DB!;
  const pushed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-drift-')), 'pushed.db');
  execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'db', 'push', '--skip-generate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${pushed}`, CHECKPOINT_DISABLE: '1' },
    stdio: 'pipe',
  });
  const fromMigrations = objects(migrated);
  const fromSchema = objects(pushed);
  expect(fromMigrations.filter((o) => !fromSchema.includes(o))).toEqual([]);
  expect(fromSchema.filter((o) => !fromMigrations.includes(o))).toEqual([]);
});
