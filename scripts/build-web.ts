/**
 * Builds the workbench (web/) into web/dist, which the API serves at /app/. Runs as part of
 * `npm install` (postinstall) so the README's two commands stay the whole set-up, and again by
 * `npm run build:web` after changing the app. Skipped, saying why, where the app cannot be built:
 * the sources are not there yet (the Docker image copies them after `npm ci`) or the build tools
 * were left out (`--omit=dev`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');

export function buildWeb(log: (message: string) => void = (m) => console.log(`[web] ${m}`)): boolean {
  if (!fs.existsSync(path.join(WEB, 'index.html'))) {
    log('web/ sources not present: the workbench is not built (build it later with `npm run build:web`)');
    return false;
  }
  let vite: string;
  try {
    vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
  } catch {
    log('vite is not installed (devDependencies omitted?): the workbench is not built');
    return false;
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: WEB,
    stdio: 'inherit',
    // A production build whatever the caller's NODE_ENV (Jest sets "test"): the service worker
    // is registered only in one.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`building the workbench failed (exit ${result.status ?? result.signal})`);
  log(`built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s (served at /app/)`);
  return true;
}

if (require.main === module) {
  try {
    buildWeb();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
