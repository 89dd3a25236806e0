/**
 * Applies the migrations of the database DATABASE_URL names — SQLite: `prisma migrate deploy`
 * with prisma/migrations; PostgreSQL: prisma/migrations-postgresql with the runner of
 * scripts/migrate-postgresql.ts — starts the audit chain (chaining an upgraded install's events once), and seeds the reference catalog without touching a county's own
 * edits (prisma/seed.ts); the demo county only when asked and only on an empty database. Run on
 * every start.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createPrismaClient, databaseProvider, startAuditChain } from '../db';
import { seedCatalog, seedDemoCounty, type DemoOutcome, type SeedSummary } from '../prisma/seed';
import { loadConfig } from './config';
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

export interface SeedOutcome {
  catalog: SeedSummary;
  demo: DemoOutcome;
}

export async function migrateAndSeed(databaseUrl: string, options: { demo: boolean }): Promise<SeedOutcome> {
  await migrateDatabase(databaseUrl);
  const prisma = createPrismaClient(databaseUrl);
  try {
    // Write-ahead logging (kept in the file): the API's reads go on while the worker writes.
    if (databaseProvider(databaseUrl) === 'sqlite') await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    // The audit chain starts here: on an upgraded install the events written before it are
    // chained once, before the API or a worker appends (db/audit-chain.ts).
    await startAuditChain(prisma);
    const catalog = await seedCatalog(prisma);
    return { catalog, demo: options.demo ? await seedDemoCounty(prisma) : 'off' };
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  const config = loadConfig();
  migrateAndSeed(config.DATABASE_URL, { demo: config.demoData })
    .then((outcome) => console.log(`database ready; catalog: ${JSON.stringify(outcome.catalog)}; demo county: ${outcome.demo}`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
