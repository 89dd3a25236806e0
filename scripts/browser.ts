/**
 * Finds a Chromium for the page tests (driven by playwright-core), in this order:
 *   CHROMIUM_PATH → a system Chromium/Chrome on PATH or at the usual paths → Playwright's own
 *   browser cache → installed: Debian's `chromium` (+ a CJK font) with apt-get when root, else
 *   `npx playwright-core install chromium` (needs the internet) → an error naming the command.
 * `npx playwright install` downloads from a vendor server, so it is the last resort.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { aptInstall, canAptInstall, firstExecutable, isExecutable, onPath, type Log } from './system-tools';

export interface ResolvedBrowser {
  path: string;
  source: 'env' | 'system' | 'playwright-cache' | 'apt' | 'playwright-download';
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/opt/google/chrome/chrome'];
// Debian's browser and a font with Chinese glyphs, so screenshots of the pages are legible.
export const CHROMIUM_APT_PACKAGES = ['chromium', 'fonts-wqy-microhei'];

/** The flags of ENVIRONMENT.md: headless, as root, no network of the browser's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

function playwrightCache(): string | null {
  const roots = [process.env.PLAYWRIGHT_BROWSERS_PATH, path.join(os.homedir(), '.cache', 'ms-playwright')].filter((r): r is string => !!r && r !== '0');
  for (const root of roots) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(root);
    } catch {
      continue;
    }
    // Newest build first (chromium-1208 before chromium-1187).
    const builds = entries.filter((e) => /^chromium-\d+$/.test(e)).sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)));
    for (const build of builds) {
      const found = firstExecutable(['chrome-linux64/chrome', 'chrome-linux/chrome'].map((p) => path.join(root, build, p)));
      if (found) return found;
    }
  }
  return null;
}

function findInstalled(): ResolvedBrowser | null {
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name);
    if (found) return { path: found, source: 'system' };
  }
  const system = firstExecutable(SYSTEM_PATHS);
  if (system) return { path: system, source: 'system' };
  const cached = playwrightCache();
  return cached ? { path: cached, source: 'playwright-cache' } : null;
}

export async function resolveChromium(log: Log = (m) => console.log(`[browser] ${m}`)): Promise<ResolvedBrowser> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return { path: fromEnv, source: 'env' };
  }
  const installed = findInstalled();
  if (installed) return installed;
  log('no Chromium or Chrome found on PATH, at the usual paths or in the Playwright cache');
  if (canAptInstall() && (await aptInstall(CHROMIUM_APT_PACKAGES, log))) {
    const found = findInstalled();
    if (found) return { path: found.path, source: 'apt' };
  }
  log('trying `npx playwright-core install chromium` (downloads from the Playwright CDN; needs internet access)…');
  const cli = path.join(path.dirname(require.resolve('playwright-core/package.json')), 'cli.js');
  const download = spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
  const downloaded = playwrightCache();
  if (download.status === 0 && downloaded) return { path: downloaded, source: 'playwright-download' };
  log(`playwright download failed: ${(download.stderr || download.stdout || String(download.error ?? '')).trim().split('\n').slice(-3).join(' | ')}`);
  throw new Error(
    'No Chromium for the page tests. Install one and run again: ' +
      `\`sudo apt-get install -y ${CHROMIUM_APT_PACKAGES.join(' ')}\` (Debian/Ubuntu), or \`npx playwright-core install chromium\`, ` +
      'or set CHROMIUM_PATH to a Chromium/Chrome executable.',
  );
}

/** The one launcher of the page tests: the resolved Chromium, headless, with the flags above. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const { path: executablePath } = await resolveChromium();
  // playwright's launch() runs chromium on a fresh temporary profile (--user-data-dir) of its
  // own and deletes it on close; it refuses the flag in args.
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

if (require.main === module) {
  resolveChromium().then(
    (b) => console.log(`${b.path} (${b.source})`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
