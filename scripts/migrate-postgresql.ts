/**
 * Applies prisma/migrations-postgresql to a PostgreSQL database. Prisma's WASM schema engine
 * cannot migrate PostgreSQL (prisma/orm#27403), so this small runner does what
 * `prisma migrate deploy` would, in Prisma's own bookkeeping table `_prisma_migrations`
 * (same columns, same SHA-256 checksums, same advisory lock), so either tool can take over:
 *   - one runner at a time: a session advisory lock held for the whole run (a second API or
 *     worker starting at the same moment waits, then finds everything applied);
 *   - each migration in its own transaction with its bookkeeping row (PostgreSQL's DDL is
 *     transactional): a failing migration leaves nothing half-applied and is named in the error;
 *   - what was applied is checked: a migration edited after it was applied, one that failed
 *     earlier, or one the database has but this code does not, stops the start.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export const POSTGRESQL_MIGRATIONS_DIR = path.resolve(__dirname, '..', 'prisma', 'migrations-postgresql');
// The key `prisma migrate` itself locks on PostgreSQL, so the two never run together.
const MIGRATION_LOCK_KEY = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationFiles(dir = POSTGRESQL_MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => {
      const sql = fs.readFileSync(path.join(dir, entry.name, 'migration.sql'), 'utf8');
      return { name: entry.name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export class MigrationError extends Error {}

export async function applyPostgresqlMigrations(
  databaseUrl: string,
  options: { dir?: string; log?: (message: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => undefined);
  const files = migrationFiles(options.dir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
    );
    const known = new Map(files.map((f) => [f.name, f]));
    for (const row of rows) {
      const file = known.get(row.migration_name);
      if (!file) {
        throw new MigrationError(`the database has migration ${row.migration_name}, which this version does not know: it was made by a newer version`);
      }
      if (row.finished_at === null) {
        throw new MigrationError(`migration ${row.migration_name} failed earlier and is recorded unfinished: repair the database, then mark it rolled back`);
      }
      if (row.checksum !== file.checksum) {
        throw new MigrationError(`migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum} ≠ ${file.checksum})`);
      }
    }
    const done = new Set(rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f.name))) {
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), file.checksum, file.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${file.name} failed and was rolled back: ${(error as Error).message}`);
      }
      applied.push(file.name);
      log(`applied ${file.name}`);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
