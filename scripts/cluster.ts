/**
 * The production shape on one machine, for tests that kill pieces of it: a throwaway
 * PostgreSQL (scripts/postgres.ts) holding the app's database and Temporal's two, a real Temporal
 * server on it (scripts/temporal-server.ts), N worker processes and M API processes
 * (`scripts/worker.ts`, `scripts/api.ts`, exactly what production runs) and one front port: a
 * small round-robin reverse proxy that skips an API refusing connections.
 *
 *   npm run cluster:up        starts it, prints the addresses, stops everything on Ctrl-C / SIGTERM
 *
 * Every process runs in its own process group under `setpriv --pdeathsig KILL`, so a group kill
 * stops the process and anything it started, and nothing outlives this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { migrateAndSeed } from './migrate';
import { adminQuery, quoteIdentifier, startPostgres, type PostgresServer } from './postgres';
import { freePort, onPath } from './processes';
import { startTemporalServer, type TemporalServer } from './temporal-server';

const ROOT = path.resolve(__dirname, '..');
type Log = (message: string) => void;

export interface ClusterProcess {
  name: string;
  /** The API's own port (APIs only). */
  port: number | null;
  pid(): number | null;
  running(): boolean;
  start(): Promise<void>;
  /** SIGTERM (graceful) or SIGKILL (a crash) to the process group; resolves once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  /** The front port's URL (the proxy): what clients use. */
  url: string;
  databaseUrl: string;
  temporal: TemporalServer;
  postgres: PostgresServer;
  taskQueue: string;
  workers: ClusterProcess[];
  apis: ClusterProcess[];
  /** Requests the proxy could not place on any API (answered 502). */
  proxyFailures(): number;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  workers?: number;
  apis?: number;
  /** The front port; a free one when absent. */
  port?: number;
  taskQueue?: string;
  log?: Log;
  /** Print the children's output (default: only the last lines when one fails to start). */
  verbose?: boolean;
}

function managedProcess(options: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  port: number | null;
  ready: (line: string) => boolean;
  readyCheck?: () => Promise<boolean>;
  log: Log;
  verbose: boolean;
}): ClusterProcess {
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : null;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let alive = false;
  const output: string[] = [];
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name: options.name,
    port: options.port,
    pid: () => (alive ? child?.pid ?? null : null),
    running: () => alive,
    async start() {
      if (alive) return;
      // Node with tsx's loader in-process (not the tsx CLI, which would add a second process).
      const nodeArgs = ['--import', 'tsx', path.join(ROOT, options.script)];
      const [command, args] = setpriv
        ? [setpriv, ['--pdeathsig', 'KILL', '--', process.execPath, ...nodeArgs]]
        : [process.execPath, nodeArgs];
      const started = spawn(command, args, { cwd: ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child = started;
      alive = true;
      let readyLine = false;
      exited = new Promise((resolve) => started.on('exit', () => {
        alive = false;
        resolve();
      }));
      for (const stream of [started.stdout!, started.stderr!]) {
        readline.createInterface({ input: stream }).on('line', (line) => {
          output.push(line);
          if (output.length > 40) output.shift();
          if (options.verbose) options.log(`${options.name}: ${line}`);
          if (options.ready(line)) readyLine = true;
        });
      }
      const deadline = Date.now() + 180_000;
      for (;;) {
        if (!alive) throw new Error(`${options.name} exited while starting:\n${output.join('\n')}`);
        if (readyLine && (!options.readyCheck || (await options.readyCheck()))) return;
        if (Date.now() > deadline) {
          signalGroup('SIGKILL');
          throw new Error(`${options.name} did not become ready within 180 s:\n${output.join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (!alive) return;
      signalGroup(signal);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        signalGroup('SIGKILL');
        await exited;
      }
    },
  };
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

/**
 * Round robin over the APIs; an API that refuses the connection (stopped, restarting) is skipped
 * and the request goes to the next one. A request already sent is never replayed by the proxy:
 * whether it ran is the client's question (it retries with its Idempotency-Key).
 */
function startProxy(backends: ClusterProcess[], port: number): Promise<{ server: http.Server; failures(): number }> {
  let next = 0;
  let failures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      // This request's turn, then the following APIs in order (not the shared counter, which
      // other requests move on meanwhile): each API is asked at most once.
      const first = next++;
      const attempt = (tried: number) => {
        if (tried >= backends.length) {
          failures++;
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'NO_BACKEND', message: 'no API answered' } }));
          return;
        }
        const backend = backends[(first + tried) % backends.length];
        const upstream = http.request(
          { host: '127.0.0.1', port: backend.port!, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(body.length) } },
          (response) => {
            res.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(res);
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && !res.headersSent) return attempt(tried + 1);
          if (!res.headersSent) {
            failures++;
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: 'UPSTREAM_FAILED', message: error.message } }));
          } else {
            res.destroy();
          }
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  // Clients keep connections alive; the proxy must not hold a closing cluster open.
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, failures: () => failures }));
  });
}

/**
 * pg_ctl starts PostgreSQL as a daemon, outside any process group of ours: a kill -9 of this
 * process would leave it running. A tiny shell under `setpriv --pdeathsig TERM` waits for our
 * death and then shuts the server down at once (SIGQUIT) and removes its throwaway folder.
 */
async function postgresWatchdog(postgres: PostgresServer): Promise<ChildProcess> {
  const client = new Client({ connectionString: postgres.adminUrl });
  await client.connect();
  let dataDir: string;
  let postmasterPid: number;
  try {
    dataDir = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
    postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } finally {
    await client.end();
  }
  const folder = path.dirname(dataDir);
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : null;
  if (!setpriv || !path.basename(folder).startsWith('onevisit-pg-') || !Number.isInteger(postmasterPid)) {
    throw new Error(`cannot guard the throwaway PostgreSQL (${dataDir}): setpriv (util-linux) is needed`);
  }
  const script = [
    `trap 'kill -QUIT ${postmasterPid} 2>/dev/null; while kill -0 ${postmasterPid} 2>/dev/null; do sleep 0.2; done; rm -rf "$0"; exit 0' TERM`,
    'while :; do sleep 1; done',
  ].join('\n');
  return spawn(setpriv, ['--pdeathsig', 'TERM', '--', 'sh', '-c', script, folder], { stdio: 'ignore', detached: true });
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const log = options.log ?? ((m: string) => console.log(`[cluster] ${m}`));
  const verbose = options.verbose ?? false;
  const taskQueue = options.taskQueue ?? 'onevisit';
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => log(`stop: ${(error as Error).message}`));
  };
  try {
    const postgres = await startPostgres({ log: (m) => log(`postgres: ${m}`) });
    cleanups.push(() => postgres.stop());
    if (postgres.owned) {
      const watchdog = await postgresWatchdog(postgres);
      cleanups.push(async () => {
        watchdog.kill('SIGKILL');
      });
    }
    await adminQuery(postgres, `CREATE DATABASE ${quoteIdentifier('onevisit')}`);
    const databaseUrl = postgres.urlOf('onevisit');
    const migrated = Date.now();
    await migrateAndSeed(databaseUrl, { demo: true });
    log(`app database migrated and seeded with the demo county (${Date.now() - migrated} ms)`);

    const temporal = await startTemporalServer({ postgres, log: (m) => log(`temporal: ${m}`) });
    cleanups.push(() => temporal.stop());

    const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      ...extra,
    });
    const workers = Array.from({ length: options.workers ?? 2 }, (_, index) =>
      managedProcess({
        name: `worker-${index + 1}`,
        script: 'scripts/worker.ts',
        env: env({}),
        port: null,
        // The SDK's Runtime logs the state change once the worker polls its task queue.
        ready: (line) => /RUNNING/.test(line),
        log,
        verbose,
      }),
    );
    const apis: ClusterProcess[] = [];
    for (let index = 0; index < (options.apis ?? 2); index++) {
      const port = await freePort();
      apis.push(
        managedProcess({
          name: `api-${index + 1}`,
          script: 'scripts/api.ts',
          env: env({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
          port,
          ready: (line) => line.includes('listening'),
          readyCheck: () => healthy(port),
          log,
          verbose,
        }),
      );
    }
    for (const p of [...workers, ...apis]) cleanups.push(() => p.stop());
    // One after the other: each worker bundles the workflow code, which is CPU-bound.
    for (const p of [...workers, ...apis]) await p.start();
    const proxy = await startProxy(apis, options.port ?? (await freePort()));
    cleanups.push(() => new Promise<void>((resolve) => {
      proxy.server.close(() => resolve());
      proxy.server.closeAllConnections();
    }));
    const url = `http://127.0.0.1:${(proxy.server.address() as net.AddressInfo).port}`;
    let stopped: Promise<void> | null = null;
    return {
      url,
      databaseUrl,
      temporal,
      postgres,
      taskQueue,
      workers,
      apis,
      proxyFailures: proxy.failures,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

if (require.main === module) {
  const started = Date.now();
  startCluster({ verbose: process.argv.includes('--verbose') })
    .then((cluster) => {
      console.log(`
cluster up in ${Math.round((Date.now() - started) / 1000)} s
  front (proxy)     ${cluster.url}
  APIs              ${cluster.apis.map((a) => `127.0.0.1:${a.port} (pid ${a.pid()})`).join(', ')}
  workers           ${cluster.workers.map((w) => `pid ${w.pid()}`).join(', ')}
  Temporal server   ${cluster.temporal.address} (namespace ${cluster.temporal.namespace}, pid ${cluster.temporal.pid()})
  app database      ${cluster.databaseUrl}
Ctrl-C stops everything.`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        console.log('stopping the cluster…');
        void cluster.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
