/**
 * Finds a Temporal CLI (dev server) to run, in this order:
 *   TEMPORAL_CLI_PATH → `temporal` on PATH → the cached binary → `go install` into the cache
 *   (when Go is present) → null, and the caller lets the SDK download one (needs internet).
 * The SDK's own download is kept as the last resort because many build machines only reach
 * package registries; the Go module proxy is one of them.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
// v1.5.1 is the newest tag `go install pkg@version` accepts (later go.mod files use `replace`).
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export interface ResolvedCli {
  path: string;
  source: 'env' | 'path' | 'cache' | 'built';
}

type Log = (message: string) => void;

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'onevisit', 'bin');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function goBinary(): string | null {
  const found = onPath('go');
  if (found) return found;
  // Go's default install location, for machines where it is not on PATH.
  return isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null;
}

async function goInstall(go: string, targetDir: string, log: Log): Promise<string | null> {
  fs.mkdirSync(targetDir, { recursive: true });
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${targetDir} (first time only; takes a few minutes)…`);
  const started = Date.now();
  const child = spawn(go, ['install', '-v', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: targetDir, CGO_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lines = 0;
  const tail: string[] = [];
  const progress = setInterval(() => {
    log(`  … still building (${lines} packages, ${Math.round((Date.now() - started) / 1000)} s)`);
  }, 15_000);
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines++;
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  }
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(progress);
  const binary = path.join(targetDir, 'temporal');
  if (code !== 0 || !isExecutable(binary)) {
    log(`go install failed (exit ${code}):\n${tail.join('\n')}`);
    return null;
  }
  log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

export async function resolveTemporalCli(log: Log = (m) => console.log(`[temporal-cli] ${m}`)): Promise<ResolvedCli | null> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return { path: fromEnv, source: 'env' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'path' };
  const cached = path.join(cacheDir(), 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  const go = goBinary();
  if (go) {
    const version = spawnSync(go, ['version'], { encoding: 'utf8' }).stdout.trim();
    log(`found ${version}`);
    const built = await goInstall(go, cacheDir(), log);
    if (built) return { path: built, source: 'built' };
  } else {
    log('Go is not installed; cannot build the Temporal CLI locally');
  }
  log('falling back to the Temporal SDK download of the dev server (needs internet access)');
  return null;
}

if (require.main === module) {
  resolveTemporalCli()
    .then((cli) => {
      if (!cli) process.exit(1);
      console.log(cli.path);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
