/**
 * Applies the Prisma migrations (`prisma migrate deploy`, the real migration files) and
 * seeds the reference catalog idempotently. Run on every start.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createPrismaClient } from '../db';
import { seedCatalog, type SeedSummary } from '../prisma/seed';

const ROOT = path.resolve(__dirname, '..');

/** The file behind a `file:` SQLite URL, resolved against the project root like Prisma does. */
export function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null;
  return path.resolve(ROOT, databaseUrl.slice('file:'.length));
}

export function migrateDatabase(databaseUrl: string): void {
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
  migrateDatabase(databaseUrl);
  const prisma = createPrismaClient(databaseUrl);
  try {
    // Write-ahead logging (kept in the file): the API's reads go on while the worker writes.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
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
