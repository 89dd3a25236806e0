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
import { resolveMinio } from '../../scripts/minio';
import { adminQuery, startPostgres, type PostgresServer } from '../../scripts/postgres';

// One directory per run, so two test runs on one machine never delete each other's databases.
export const TEST_DATA_ROOT = path.resolve(__dirname, '../../.data/test');

declare global {
  var __onevisitDevServer: DevServer | undefined;
  var __onevisitTestDataDir: string | undefined;
  var __onevisitPostgres: { server: PostgresServer; prefix: string } | undefined;
}

/**
 * The template databases: a SQLite file in the run's folder, or a PostgreSQL database; one
 * with the demo county (most suites) and one with the catalog only (a county's own install).
 */
async function createTemplates(dir: string): Promise<{ demo: string; empty: string }> {
  if (process.env.ONEVISIT_TEST_DATABASE !== 'postgresql') {
    const [demo, empty] = [path.join(dir, 'template.db'), path.join(dir, 'template-empty.db')];
    await Promise.all([migrateAndSeed(`file:${demo}`, { demo: true }), migrateAndSeed(`file:${empty}`, { demo: false })]);
    return { demo, empty };
  }
  const server = await startPostgres({ log: (m) => console.log(`[postgres] ${m}`) });
  // Names of this run only, so a shared server (PG_URL) can hold several runs and is cleaned up.
  const prefix = `onevisit_test_${randomBytes(4).toString('hex')}_`;
  globalThis.__onevisitPostgres = { server, prefix };
  const [demo, empty] = [`${prefix}template`, `${prefix}template_empty`];
  for (const name of [demo, empty]) await adminQuery(server, `CREATE DATABASE "${name}"`);
  await migrateAndSeed(server.urlOf(demo), { demo: true });
  await migrateAndSeed(server.urlOf(empty), { demo: false });
  process.env.ONEVISIT_TEST_PG_ADMIN_URL = server.adminUrl;
  process.env.ONEVISIT_TEST_PG_PREFIX = prefix;
  return { demo: server.urlOf(demo), empty: server.urlOf(empty) };
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
  const [server, templates, , minio] = await Promise.all([
    pinnedOnly ? undefined : startDevServer({ log: (m) => console.log(`[temporal-cli] ${m}`) }),
    createTemplates(dir),
    resolveTestTools({ browser: !pinnedOnly }),
    // The evidence store's S3 tests run against a real MinIO (built with Go once, then cached);
    // its test files start their own server. Not found: those tests fail and say why.
    pinnedOnly ? null : resolveMinio(),
  ]);
  if (minio) process.env.MINIO_PATH = minio;
  globalThis.__onevisitDevServer = server;
  if (server) process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.ONEVISIT_TEST_TEMPLATE_DB = templates.demo;
  process.env.ONEVISIT_TEST_EMPTY_TEMPLATE_DB = templates.empty;
}
