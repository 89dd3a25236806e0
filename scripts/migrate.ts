/**
 * Applies the migrations of the database DATABASE_URL names — SQLite: `prisma migrate deploy`
 * with prisma/migrations; PostgreSQL: prisma/migrations-postgresql with the runner of
 * scripts/migrate-postgresql.ts — and seeds the reference catalog idempotently. Run on every start.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createPrismaClient, databaseProvider } from '../db';
import { seedCatalog, type SeedSummary } from '../prisma/seed';
import { applyPostgresqlMigrations } from './migrate-postgresql';

const ROOT = path.resolve(__dirname, '..');

/** The file behind a `file:` SQLite URL, resolved against the project root like Prisma does. */
export function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null;
  return path.resolve(ROOT, databaseUrl.slice('file:'.length));
}

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (databaseProvider(databaseUrl) === 'postgresql') {
    await applyPostgresqlMigrations(databaseUrl);
    return;
  }
  const file = sqliteFile(databaseUrl);
  if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  const prismaCli = require.resolve('prisma/build/index.js');
  const result = spawnSync(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function migrateAndSeed(databaseUrl: string): Promise<SeedSummary> {
  await migrateDatabase(databaseUrl);
  const prisma = createPrismaClient(databaseUrl);
  try {
    // Write-ahead logging (kept in the file): the API's reads go on while the worker writes.
    if (databaseProvider(databaseUrl) === 'sqlite') await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    return await seedCatalog(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL ?? 'file:./.data/onevisit.db';
  migrateAndSeed(url)
    .then((summary) => console.log(`database ready (${url}); catalog: ${JSON.stringify(summary)}`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
