/**
 * One Temporal dev server for the whole test run, and a template database built with the real
 * migrations and seed; each test file copies the template (fresh database per file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveChromium } from '../../scripts/browser';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { resolveTimeSkippingServer } from '../../scripts/time-skipping-server';
import { migrateAndSeed } from '../../scripts/migrate';

// One directory per run, so two test runs on one machine never delete each other's databases.
export const TEST_DATA_ROOT = path.resolve(__dirname, '../../.data/test');

declare global {
  var __onevisitDevServer: DevServer | undefined;
  var __onevisitTestDataDir: string | undefined;
}

/**
 * The programs the suites need besides Node, found or installed once per run (one after the
 * other: both may need apt-get), so no test file installs anything: the browser of the page
 * tests, and the JDK + Maven of the time-skipping server (which is also warmed here).
 */
async function resolveTestTools(needs: { browser: boolean }): Promise<void> {
  if (needs.browser) {
    const browser = await resolveChromium();
    console.log(`[browser] ${browser.path} (${browser.source})`);
    // The test workers inherit it and skip the search.
    process.env.CHROMIUM_PATH = browser.path;
  }
  const server = await resolveTimeSkippingServer();
  console.log(`[time-skipping] ${server}`);
}

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(TEST_DATA_ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TEST_DATA_ROOT, 'run-'));
  globalThis.__onevisitTestDataDir = dir;
  const template = path.join(dir, 'template.db');
  // Only the pinned-server suites (npm run test:clock) run without the dev server and the browser.
  const pinnedOnly = process.env.ONEVISIT_TEST_PINNED_ONLY === '1';
  const [server] = await Promise.all([
    pinnedOnly ? undefined : startDevServer({ log: (m) => console.log(`[temporal-cli] ${m}`) }),
    migrateAndSeed(`file:${template}`),
    resolveTestTools({ browser: !pinnedOnly }),
  ]);
  globalThis.__onevisitDevServer = server;
  if (server) process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.ONEVISIT_TEST_TEMPLATE_DB = template;
}
