/**
 * A PostgreSQL server for tests, benchmarks and migration work, found or made on this machine:
 *   PG_URL (a server someone runs; its user must be allowed to create databases) → a throwaway
 *   cluster in a temporary folder (`initdb` + `pg_ctl`, on a free port, removed on stop), with
 *   Debian's `postgresql` installed by apt-get when no server binaries are found (root only).
 * The throwaway cluster trades durability for speed (fsync off): it is for tests, never for data.
 *
 *   tsx scripts/postgres.ts        starts one, prints its URL, stops it on Ctrl-C
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';
import { aptInstall, firstExecutable, onPath, type Log } from './system-tools';

export interface PostgresServer {
  /** A URL of the server's maintenance database, for creating and dropping databases. */
  adminUrl: string;
  /** `adminUrl` with another database name. */
  urlOf(database: string): string;
  /** Whether this process started it (and `stop` removes it). */
  owned: boolean;
  stop(): Promise<void>;
}

const defaultLog: Log = (message) => console.log(`[postgres] ${message}`);

/** The folder holding initdb and pg_ctl: PG_BIN_DIR → PATH → Debian's /usr/lib/postgresql/<newest>/bin. */
function serverBinDir(): string | null {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && firstExecutable([path.join(fromEnv, 'initdb')])) return fromEnv;
  const initdb = onPath('initdb');
  if (initdb) return path.dirname(initdb);
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const dir = path.join(debian, version, 'bin');
    if (firstExecutable([path.join(dir, 'initdb')]) && firstExecutable([path.join(dir, 'pg_ctl')])) return dir;
  }
  return null;
}

export async function resolvePostgresBinDir(log: Log = defaultLog): Promise<string> {
  const found = serverBinDir();
  if (found) return found;
  log('no PostgreSQL server binaries found; installing Debian\'s postgresql…');
  if (await aptInstall(['postgresql'], log)) {
    const installed = serverBinDir();
    if (installed) return installed;
  }
  throw new Error(
    'PostgreSQL is needed (npm run test:pg) but no initdb was found and it could not be installed: ' +
      'install the postgresql package, set PG_BIN_DIR to its bin folder, or set PG_URL to a server.',
  );
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** initdb refuses to run as root: the cluster then belongs to the `postgres` account (Debian's package makes it). */
function asClusterOwner(command: string[]): string[] {
  if (process.getuid?.() !== 0) return command;
  return ['runuser', '-u', 'postgres', '--', ...command];
}

function run(command: string[], what: string): void {
  const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}): ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`);
  }
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function startPostgres(options: { log?: Log; maxConnections?: number } = {}): Promise<PostgresServer> {
  const log = options.log ?? defaultLog;
  if (process.env.PG_URL) {
    const adminUrl = process.env.PG_URL;
    await waitForServer(adminUrl, 10_000);
    return { adminUrl, urlOf: (db) => withDatabase(adminUrl, db), owned: false, stop: async () => undefined };
  }
  const bin = await resolvePostgresBinDir(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-pg-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  run(asClusterOwner([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), 'initdb');
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    `-c max_connections=${options.maxConnections ?? 400}`,
    // A throwaway test cluster: durability off, speed on.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  run(asClusterOwner([path.join(bin, 'pg_ctl'), '-D', data, '-o', settings, '-l', path.join(dir, 'server.log'), '-w', 'start']), 'pg_ctl start');
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await waitForServer(adminUrl, 30_000);
  log(`throwaway cluster on port ${port} (${dir})`);
  let stopped = false;
  return {
    adminUrl,
    urlOf: (db) => withDatabase(adminUrl, db),
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      const [program, ...args] = asClusterOwner([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
      spawnSync(program, args, { timeout: 60_000 });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs statements on the maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(server: PostgresServer, sql: string): Promise<void> {
  const client = new Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

if (require.main === module) {
  startPostgres()
    .then((server) => {
      console.log(server.adminUrl);
      const stop = () => void server.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
