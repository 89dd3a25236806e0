/**
 * A MinIO server (S3-compatible object storage) for the evidence store's tests, found in this
 * order: MINIO_PATH → `minio` on PATH → the cached binary → `go install` into the cache (when
 * Go is present; the module proxy is reachable where vendor downloads are not). The module has
 * no release tags that `go install` accepts, so a pseudo-version is pinned (checked with
 * `go mod download -json github.com/minio/minio@latest`; its go.mod has no `replace`).
 * `startMinio` runs one on a free port with a throwaway data folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { freePort } from './processes';
import { cacheDir } from './temporal-cli';
import { isExecutable, onPath, type Log } from './system-tools';

export const MINIO_MODULE = 'github.com/minio/minio';
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

const defaultLog: Log = (m) => console.log(`[minio] ${m}`);

/** The cached binary's path: one folder per version, so a new pin builds beside the old one. */
export function cachedMinio(): string {
  return path.join(cacheDir(), `minio-${MINIO_VERSION}`, 'minio');
}

function goBinary(): string | null {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

async function goInstall(go: string, log: Log): Promise<string | null> {
  const target = cachedMinio();
  // Built into a folder of its own and renamed into place: a second test run building at the
  // same time never sees a half-written binary.
  const building = fs.mkdtempSync(path.join(cacheDir(), '.minio-build-'));
  log(`building MinIO ${MINIO_VERSION} with Go (first time only; several minutes)…`);
  const started = Date.now();
  const child = spawn(go, ['install', `${MINIO_MODULE}@${MINIO_VERSION}`], {
    env: { ...process.env, GOBIN: building, CGO_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  }
  const progress = setInterval(() => log(`  … still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(progress);
  const built = path.join(building, 'minio');
  if (code !== 0 || !isExecutable(built)) {
    log(`go install ${MINIO_MODULE}@${MINIO_VERSION} failed (exit ${code}):\n${tail.join('\n')}`);
    fs.rmSync(building, { recursive: true, force: true });
    return null;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(built, target);
  fs.rmSync(building, { recursive: true, force: true });
  log(`built MinIO in ${Math.round((Date.now() - started) / 1000)} s → ${target}`);
  return target;
}

/** The MinIO binary to run, or null (with the reason logged) when none can be found or built. */
export async function resolveMinio(log: Log = defaultLog): Promise<string | null> {
  const fromEnv = process.env.MINIO_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`MINIO_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const fromPath = onPath('minio');
  if (fromPath) return fromPath;
  if (isExecutable(cachedMinio())) return cachedMinio();
  const go = goBinary();
  if (!go) {
    log('Go is not installed: cannot build MinIO (set MINIO_PATH to a minio binary)');
    return null;
  }
  log(`found ${spawnSync(go, ['version'], { encoding: 'utf8' }).stdout.trim()}`);
  return goInstall(go, log);
}

export interface MinioServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Starts MinIO on a free port with a throwaway data folder; stop() ends it and removes the folder. */
export async function startMinio(binary: string, log: Log = defaultLog): Promise<MinioServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-minio-'));
  const [port, consolePort] = [await freePort(), await freePort()];
  const credentials = { accessKeyId: 'onevisit-test', secretAccessKey: 'onevisit-test-secret' };
  const child: ChildProcess = spawn(binary, ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
    env: {
      ...process.env,
      MINIO_ROOT_USER: credentials.accessKeyId,
      MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
      // Offline machines: no update check, no console.
      MINIO_UPDATE: 'off',
      MINIO_BROWSER: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`minio exited (${child.exitCode}) before it was ready:\n${stderr.join('')}`);
    }
    try {
      const res = await fetch(`${endpoint}/minio/health/live`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`minio did not become ready within 30 s:\n${stderr.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`MinIO on ${endpoint} (data in ${dataDir})`);
  return { endpoint, ...credentials, stop };
}

if (require.main === module) {
  resolveMinio()
    .then((binary) => {
      if (!binary) process.exit(1);
      console.log(binary);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
