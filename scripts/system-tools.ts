/**
 * Finding the programs the tests need on this machine, and installing the missing ones with
 * Debian's apt-get when running as root: the test command must work on a machine where nothing
 * was installed by hand (the model is scripts/temporal-cli.ts). Progress goes to `log`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export type Log = (message: string) => void;

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** The first of `candidates` that is an executable file. */
export function firstExecutable(candidates: readonly string[]): string | null {
  return candidates.find((c) => isExecutable(c)) ?? null;
}

export function canAptInstall(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get') !== null;
}

let aptUpdated = false;

/**
 * `apt-get install -y packages` (root only), with `apt-get update` once per process and a wait
 * for the dpkg lock (other people's installs on a shared machine). Returns whether it succeeded.
 */
export async function aptInstall(packages: string[], log: Log): Promise<boolean> {
  if (!canAptInstall()) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const run = async (args: string[]): Promise<boolean> => {
    const started = Date.now();
    const child = spawn('apt-get', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        if (tail.length > 15) tail.shift();
      });
    }
    const progress = setInterval(() => log(`  … apt-get ${args[0]} (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
    const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    clearInterval(progress);
    if (code !== 0) log(`apt-get ${args.join(' ')} failed (exit ${code}):\n${tail.join('\n')}`);
    return code === 0;
  };
  if (!aptUpdated) {
    log('apt-get update…');
    aptUpdated = await run(['update', '-qq', ...lock]);
  }
  log(`apt-get install ${packages.join(' ')} (first time only)…`);
  const started = Date.now();
  const ok = await run(['install', '-y', '-qq', '--no-install-recommends', ...lock, ...packages]);
  if (ok) log(`installed ${packages.join(' ')} in ${Math.round((Date.now() - started) / 1000)} s`);
  return ok;
}

/** First line of `program args` (stdout or stderr), or null when it does not run. */
export function versionLine(program: string, args: string[]): string | null {
  const result = spawnSync(program, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) return null;
  return `${result.stdout}\n${result.stderr}`.trim().split('\n')[0] ?? '';
}
