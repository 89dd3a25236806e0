/**
 * One Temporal dev server for the whole test run, and a template database built with the real
 * migrations and seed; each test file copies the template (fresh database per file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { migrateAndSeed } from '../../scripts/migrate';

export const TEST_DATA_DIR = path.resolve(__dirname, '../../.data/test');

declare global {
  var __onevisitDevServer: DevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  fs.rmSync(TEST_DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEST_DATA_DIR, { recursive: true });
  const template = path.join(TEST_DATA_DIR, 'template.db');
  const [server] = await Promise.all([
    startDevServer({ log: (m) => console.log(`[temporal-cli] ${m}`) }),
    migrateAndSeed(`file:${template}`),
  ]);
  globalThis.__onevisitDevServer = server;
  process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.ONEVISIT_TEST_TEMPLATE_DB = template;
}
