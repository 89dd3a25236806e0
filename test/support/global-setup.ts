/**
 * One Temporal dev server for the whole test run, and a template database built with the real
 * migrations and seed; each test file copies the template (fresh database per file). With
 * ONEVISIT_TEST_DATABASE=postgresql (`npm run test:pg`) the template is a PostgreSQL database
 * on a server of scripts/postgres.ts (PG_URL, or a throwaway cluster this run starts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolveChromium } from '../../scripts/browser';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { resolveTimeSkippingServer } from '../../scripts/time-skipping-server';
import { migrateAndSeed } from '../../scripts/migrate';
import { adminQuery, startPostgres, type PostgresServer } from '../../scripts/postgres';

// One directory per run, so two test runs on one machine never delete each other's databases.
export const TEST_DATA_ROOT = path.resolve(__dirname, '../../.data/test');

declare global {
  var __onevisitDevServer: DevServer | undefined;
  var __onevisitTestDataDir: string | undefined;
  var __onevisitPostgres: { server: PostgresServer; prefix: string } | undefined;
}

/** The template database: a SQLite file in the run's folder, or a PostgreSQL database. */
async function createTemplate(dir: string): Promise<string> {
  if (process.env.ONEVISIT_TEST_DATABASE !== 'postgresql') {
    const template = path.join(dir, 'template.db');
    await migrateAndSeed(`file:${template}`, { demo: true });
    return template;
  }
  const server = await startPostgres({ log: (m) => console.log(`[postgres] ${m}`) });
  // Names of this run only, so a shared server (PG_URL) can hold several runs and is cleaned up.
  const prefix = `onevisit_test_${randomBytes(4).toString('hex')}_`;
  globalThis.__onevisitPostgres = { server, prefix };
  const name = `${prefix}template`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  await migrateAndSeed(server.urlOf(name), { demo: true });
  process.env.ONEVISIT_TEST_PG_ADMIN_URL = server.adminUrl;
  process.env.ONEVISIT_TEST_PG_PREFIX = prefix;
  return server.urlOf(name);
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
  // Only the pinned-server suites (npm run test:clock) run without the dev server and the browser.
  const pinnedOnly = process.env.ONEVISIT_TEST_PINNED_ONLY === '1';
  const [server, template] = await Promise.all([
    pinnedOnly ? undefined : startDevServer({ log: (m) => console.log(`[temporal-cli] ${m}`) }),
    createTemplate(dir),
    resolveTestTools({ browser: !pinnedOnly }),
  ]);
  globalThis.__onevisitDevServer = server;
  if (server) process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.ONEVISIT_TEST_TEMPLATE_DB = template;
}
