/**
 * `npm run bench:web-load`: how the department inspector's page loads on a weak signal (#14's
 * quality bar: < 250 KB of compressed JavaScript, interactive in < 2 s). A throwaway stack shaped
 * like the deployment (the dev server, a migrated demo database, the worker and the API each in a
 * process of its own, the API serving the built web/dist), a visit of today checked in for
 * MARKET, and the inspector (market-1) logged in once. Then, `--rounds` times, a fresh browser
 * context at phone size (no HTTP cache, no service worker or IndexedDB of an earlier round, only
 * the login cookie) on a connection throttled through the Chrome DevTools Protocol
 * (Network.emulateNetworkConditions: 1.6 Mbps down, 750 kbps up, 150 ms latency, cache disabled)
 * opens the app, waits for today's visit, taps it, and waits for the checklist's first input to be
 * visible and enabled. Reported: the JavaScript the page received (encoded body bytes, i.e. as
 * sent over the wire), and the median times from navigation start.
 *
 *   npm run bench:web-load -- [--rounds 5] [--waterfall]
 *
 * `measureInspectorLoad` is also what test/web/load-size.test.ts runs (unthrottled, bytes only:
 * bytes are deterministic, time is not).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrismaClient, issueToken } from '../db';
import { chinaDate } from '../domain/dates';
import { median } from '../domain/rapid-response';
import { createAccountService } from '../api/services/accounts';
import { assignmentsFor } from '../test/support/factories';
import { startBenchChild } from './bench-e2e/children';
import { launchChromium } from './browser';
import { buildWeb } from './build-web';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';

const log = (message: string) => console.log(`[bench:web-load ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** #14's connection: 1.6 Mbps down, 750 kbps up, 150 ms round trip (Chrome DevTools' "Fast 3G"-like profile). */
export const THROTTLED = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

/** The phone of the browser tests (test/web/support.ts): 390×844, Chinese, Beijing time. */
export const PHONE = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true } as const;

export interface LoadMeasure {
  /** JavaScript the page received, encoded body bytes (compressed when the server compressed it). */
  jsBytes: number;
  /** Each script: its path, encoded bytes and content-encoding. */
  scripts: { path: string; bytes: number; encoding: string }[];
  /**
   * From navigation start: the worklist shows the visit; and the checklist's first input is usable,
   * counted as the worklist's time plus the time from the tap to the usable checklist.
   */
  worklistMs: number;
  interactiveMs: number;
  /** When the visit was tapped (ms from navigation start), and the page's resource timings. */
  tappedMs: number;
  waterfall: string[];
}

/**
 * Opens `/app/` in `context` (logged in as the visit's inspector), taps the visit and waits for
 * its checklist to take input. A new page with the HTTP cache off; `throttle` applies #14's
 * connection. The context should be fresh, so nothing is cached from an earlier load.
 */
export async function measureInspectorLoad(context: BrowserContext, baseUrl: string, visitId: string, options: { throttle?: boolean } = {}): Promise<LoadMeasure> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (options.throttle) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...THROTTLED });

  const pending: Promise<void>[] = [];
  const scripts: LoadMeasure['scripts'] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    pending.push(
      (async () => {
        const [sizes, headers] = await Promise.all([request.sizes(), request.response().then((r): Promise<Record<string, string>> => r?.allHeaders() ?? Promise.resolve({}))]);
        scripts.push({ path: new URL(request.url()).pathname, bytes: sizes.responseBodySize, encoding: headers['content-encoding'] ?? 'identity' });
      })(),
    );
  });

  await page.goto(`${baseUrl}/app/`, { waitUntil: 'commit' });
  // Timed in the page (performance.now() counts from its navigation start), polled each frame.
  const worklistMs = (await (
    await page.waitForFunction((id) => ((globalThis as any).document.querySelector(`[data-visit="${id}"]`) ? performance.now() : false), visitId, { polling: 'raf' })
  ).jsonValue()) as number;
  // The tap's own moment, taken in the page: the automation's delay before it (actionability
  // checks, a busy host) is not the app's, as a person's reaction time would not be.
  await page.evaluate(() => {
    const doc = (globalThis as any).document;
    doc.addEventListener('click', () => (doc.tappedAt ??= performance.now()), { capture: true, once: true });
  });
  await page.locator(`[data-visit="${visitId}"]`).click();
  const readyMs = (await (
    await page.waitForFunction(
      () => {
        const first = (globalThis as any).document.querySelector('[data-item] input, [data-item] [role=radio]');
        const usable = first && first.getClientRects().length > 0 && !first.disabled && first.getAttribute('aria-disabled') !== 'true';
        return usable ? performance.now() : false;
      },
      undefined,
      { polling: 'raf' },
    )
  ).jsonValue()) as number;
  const tappedMs = (await page.evaluate(() => (globalThis as any).document.tappedAt)) as number;
  // Time to interactive: until the visit could be tapped, plus from the tap to a usable checklist.
  const interactiveMs = worklistMs + (readyMs - tappedMs);
  await Promise.all(pending);
  // Where the time went: each resource the page asked for, from navigation start (ms).
  const waterfall = (await page.evaluate(() =>
    (globalThis as any).performance
      .getEntriesByType('resource')
      .map((r: { name: string; startTime: number; responseEnd: number; encodedBodySize: number }) => {
        return `${r.startTime.toFixed(0).padStart(5)}–${r.responseEnd.toFixed(0).padStart(5)} ms ${String(r.encodedBodySize).padStart(7)} B ${new URL(r.name).pathname}`;
      }),
  )) as string[];
  const navigation = (await page.evaluate(() => {
    const n = (globalThis as any).performance.getEntriesByType('navigation')[0];
    if (!n) return 'no navigation timing (a page clock installed?)';
    return `document ${n.responseEnd.toFixed(0)} ms, DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)} ms, load ${n.loadEventEnd.toFixed(0)} ms`;
  })) as string;
  await page.close();
  scripts.sort((a, b) => a.path.localeCompare(b.path));
  return { jsBytes: scripts.reduce((sum, s) => sum + s.bytes, 0), scripts, worklistMs, interactiveMs, tappedMs, waterfall: [navigation, ...waterfall] };
}

/**
 * Logs `username` in with its one-time password in a context of its own (the first login
 * changes it) and returns the cookies: each measured context starts from them and nothing else.
 */
export async function loggedInState(browser: Browser, baseUrl: string, username: string, temporaryPassword: string, newPassword: string) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${baseUrl}/app/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', temporaryPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-test=password-form]').waitFor();
  await page.fill('input[name=newPassword]', newPassword);
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.locator('[data-test=tabbar]').waitFor();
  const { cookies } = await context.storageState();
  await context.close();
  return { cookies, origins: [] };
}

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const rounds = Number(argValue(process.argv.slice(2), 'rounds', '5'));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // The page measured is the current sources, whatever web/dist held before.
  buildWeb(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-bench-web-load-'));
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  const [server] = await Promise.all([startDevServer({ dbFilename: path.join(dir, 'temporal.db'), log }), migrateAndSeed(databaseUrl, { demo: true })]);
  const prisma = createPrismaClient(databaseUrl);
  const taskQueue = `bench-web-load-${randomUUID()}`;
  const worker = await startBenchChild<{ pid: number }>('--worker', [server.address, taskQueue, databaseUrl]);
  const api = await startBenchChild<{ pid: number; port: number }>('--api', [server.address, taskQueue, databaseUrl]);
  const baseUrl = `http://127.0.0.1:${api.ready.port}`;
  const browser = await launchChromium();
  try {
    // Today's visit of a restaurant by MARKET and FIRE, checked in: MARKET's checklist is open.
    const officer = (key: string) => prisma.officer.findUniqueOrThrow({ where: { key } });
    const [coordinator, market, fire, target] = await Promise.all([officer('coordinator-2'), officer('market-1'), officer('fire-1'), prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } })]);
    const token = await issueToken(prisma, coordinator.id, 'bench:web-load');
    const call = async (p: string, body: unknown) => {
      const res = await fetch(`${baseUrl}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`POST ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const team = [{ officerId: market.id, isLead: true }, { officerId: fire.id }];
    const scheduled = await call('/api/inspections', { targetId: target.id, scenarioCode: 'RESTAURANT', scheduledFor: chinaDate(new Date().toISOString()), departments: [{ code: 'MARKET' }, { code: 'FIRE' }], team });
    const visitId = scheduled.id as string;
    await call(`/api/inspections/${visitId}/check-in`, { officerIds: team.map((m) => m.officerId) });
    const [items] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET']);

    const { temporaryPassword } = await createAccountService({ prisma }).setCredentials({ officerId: market.id, name: 'bench:web-load' }, market.id, { username: 'li.market' });
    const storageState = await loggedInState(browser, baseUrl, 'li.market', temporaryPassword, `Bench#${randomUUID().slice(0, 8)}`);

    const results: LoadMeasure[] = [];
    for (let round = 1; round <= rounds; round++) {
      const context = await browser.newContext({ ...PHONE, storageState });
      const result = await measureInspectorLoad(context, baseUrl, visitId, { throttle: true });
      await context.close();
      results.push(result);
      log(`round ${round}: JS ${kb(result.jsBytes)} (${result.scripts.map((s) => `${path.basename(s.path)} ${kb(s.bytes)} ${s.encoding}`).join(', ')}); worklist ${result.worklistMs.toFixed(0)} ms, checklist interactive ${result.interactiveMs.toFixed(0)} ms`);
    }
    if (process.argv.includes('--waterfall')) log(`last round, where the time went (tapped at ${results[results.length - 1].tappedMs.toFixed(0)} ms):\n  ${results[results.length - 1].waterfall.join('\n  ')}`);
    const jsBytes = median(results.map((r) => r.jsBytes))!;
    const worklist = median(results.map((r) => r.worklistMs))!;
    const interactive = median(results.map((r) => r.interactiveMs))!;
    console.log('');
    console.log(`inspector's checklist (${items.items.length} MARKET items), throttled 1.6 Mbps / 750 kbps / 150 ms, cache disabled, ${rounds} fresh contexts, median:`);
    console.log(`  compressed JavaScript ${kb(jsBytes)} (goal < 250 KB): ${jsBytes < 250 * 1024 ? 'met' : 'MISSED'}`);
    console.log(`  worklist shows the visit ${worklist.toFixed(0)} ms; checklist interactive ${interactive.toFixed(0)} ms (goal < 2000 ms): ${interactive < 2000 ? 'met' : 'MISSED'}`);
    console.log(`run on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores`);
  } finally {
    await browser.close();
    await api.stop();
    await worker.stop();
    await prisma.$disconnect();
    await server.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
