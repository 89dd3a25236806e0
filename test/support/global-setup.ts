/**
 * One Temporal dev server for the whole test run, and a template database built with the real
 * migrations and seed; each test file copies the template (fresh database per file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { migrateAndSeed } from '../../scripts/migrate';

// One directory per run, so two test runs on one machine never delete each other's databases.
export const TEST_DATA_ROOT = path.resolve(__dirname, '../../.data/test');

declare global {
  var __onevisitDevServer: DevServer | undefined;
  var __onevisitTestDataDir: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(TEST_DATA_ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TEST_DATA_ROOT, 'run-'));
  globalThis.__onevisitTestDataDir = dir;
  const template = path.join(dir, 'template.db');
  const [server] = await Promise.all([
    startDevServer({ log: (m) => console.log(`[temporal-cli] ${m}`) }),
    migrateAndSeed(`file:${template}`),
  ]);
  globalThis.__onevisitDevServer = server;
  process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.ONEVISIT_TEST_TEMPLATE_DB = template;
}
