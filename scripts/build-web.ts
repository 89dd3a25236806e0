/**
 * Builds the workbench (web/) into web/dist, which the API serves at /app/. Runs as part of
 * `npm install` (postinstall) so the README's two commands stay the whole set-up, and again by
 * `npm run build:web` after changing the app. Skipped, saying why, where the app cannot be built:
 * the sources are not there yet (the Docker image copies them after `npm ci`) or the build tools
 * were left out (`--omit=dev`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
/** The digest of the sources web/dist was built from (written after a build that succeeded). */
const STAMP = path.join(DIST, '.sources-sha256');
const LOCK = path.join(ROOT, 'node_modules', '.cache', 'onevisit-web-build.lock');
const LOCK_WAIT_MS = 180_000;

/** What the build reads: web/ (not its output), the bundled domain/ rules and the locked dependency versions. */
function sourcesDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (full === DIST || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(`${path.relative(ROOT, full)}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(WEB);
  walk(path.join(ROOT, 'domain'));
  const lockfile = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(lockfile)) hash.update(fs.readFileSync(lockfile));
  return hash.digest('hex');
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One build at a time across processes: the web test files each build in their beforeAll, and
 * Jest runs two at once — Vite refuses a second concurrent build, and a rebuild would empty
 * web/dist under the other file's browser. A lock left by a killed builder is taken over.
 */
function withBuildLock<T>(run: () => T): T {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = NaN; // not written yet, or the lock was just released
    try {
      owner = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8') || NaN);
    } catch {
      // read again on the next turn
    }
    if (Number.isInteger(owner) && !alive(owner)) fs.rmSync(LOCK, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`another build of the workbench holds ${LOCK} for over ${LOCK_WAIT_MS / 1000} s`);
    else sleepSync(200);
  }
  try {
    return run();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

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
  return withBuildLock(() => {
    // Built from these very sources already (by another test file of the run, say): nothing to do.
    const digest = sourcesDigest();
    if (fs.existsSync(path.join(DIST, 'index.html')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === digest) {
      log('web/dist is up to date with the sources');
      return true;
    }
    viteBuild(vite, log);
    fs.writeFileSync(STAMP, digest);
    return true;
  });
}

function viteBuild(vite: string, log: (message: string) => void) {
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
}

if (require.main === module) {
  try {
    buildWeb();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
