/**
 * A real Temporal server (not the CLI's dev server) on PostgreSQL, for the cluster topology of
 * scripts/cluster.ts. Its two binaries — the server and its SQL schema tool — are found like the
 * CLI (scripts/temporal-cli.ts):
 *   TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH → the cache (~/.cache/onevisit/bin/temporal-server-<version>/)
 *   → `go install go.temporal.io/server/cmd/server@<version>` and `…/cmd/tools/sql@<version>` into it.
 * The module's go.mod has no `replace`, so `go install pkg@version` builds it from the Go module
 * proxy; the schema ships embedded in the SQL tool (`--schema-name postgresql/v12/…`).
 *
 *   tsx scripts/temporal-server.ts        builds (when needed) and prints the two binaries' paths
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { cacheDir } from './temporal-cli';
import { onPath, portIsFree } from './processes';
import type { PostgresServer } from './postgres';

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

type Log = (message: string) => void;
const defaultLog: Log = (message) => console.log(`[temporal-server] ${message}`);

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  source: 'env' | 'cache' | 'built';
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function goBinary(): string | null {
  const found = onPath('go');
  if (found) return found;
  return isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null;
}

/** Where `go install` puts `server` and `sql` (one folder per version: the names are generic). */
export function serverCacheDir(): string {
  return path.join(cacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

export class TemporalServerBuildError extends Error {}

async function goInstall(go: string, targetDir: string, log: Log): Promise<void> {
  fs.mkdirSync(targetDir, { recursive: true });
  const packages = [`${TEMPORAL_SERVER_MODULE}/cmd/server`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql`].map((p) => `${p}@${TEMPORAL_SERVER_VERSION}`);
  const command = `CGO_ENABLED=0 GOBIN=${targetDir} ${go} install -v ${packages.join(' ')}`;
  log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with Go (first time only; 10+ minutes on 2 cores)…`);
  const started = Date.now();
  const child = spawn(go, ['install', '-v', ...packages], {
    env: { ...process.env, GOBIN: targetDir, CGO_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lines = 0;
  const tail: string[] = [];
  const progress = setInterval(() => {
    log(`  … still building (${lines} lines of output, ${Math.round((Date.now() - started) / 1000)} s)`);
  }, 30_000);
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines++;
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  }
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(progress);
  if (code !== 0 || !isExecutable(path.join(targetDir, 'server')) || !isExecutable(path.join(targetDir, 'sql'))) {
    throw new TemporalServerBuildError(`building the Temporal server failed (exit ${code}): ${command}\n${tail.join('\n')}`);
  }
  log(`built the Temporal server and its SQL tool in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function resolveTemporalServer(log: Log = defaultLog): Promise<TemporalServerBinaries> {
  const fromEnv = { server: process.env.TEMPORAL_SERVER_PATH, sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH };
  if (fromEnv.server || fromEnv.sqlTool) {
    for (const [variable, file] of [['TEMPORAL_SERVER_PATH', fromEnv.server], ['TEMPORAL_SQL_TOOL_PATH', fromEnv.sqlTool]] as const) {
      if (!file || !isExecutable(file)) throw new Error(`${variable}=${file ?? ''} is not an executable file (set both or neither)`);
    }
    return { server: fromEnv.server!, sqlTool: fromEnv.sqlTool!, source: 'env' };
  }
  const dir = serverCacheDir();
  const cached = { server: path.join(dir, 'server'), sqlTool: path.join(dir, 'sql') };
  if (isExecutable(cached.server) && isExecutable(cached.sqlTool)) return { ...cached, source: 'cache' };
  const go = goBinary();
  if (!go) {
    throw new TemporalServerBuildError(
      `Go (≥ 1.25) is needed to build the Temporal server: install it, or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH`,
    );
  }
  log(`found ${spawnSync(go, ['version'], { encoding: 'utf8' }).stdout.trim()}`);
  await goInstall(go, dir, log);
  return { ...cached, source: 'built' };
}

/** Runs the SQL tool; a failure names the command and its output. */
function sqlTool(binaries: TemporalServerBinaries, connection: { port: number; user: string; password: string }, args: string[]): void {
  const full = [
    '--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(connection.port),
    '-u', connection.user, ...args,
  ];
  // The password goes through the environment, not the command line other users can read.
  const result = spawnSync(binaries.sqlTool, full, { encoding: 'utf8', timeout: 180_000, env: { ...process.env, SQL_PASSWORD: connection.password } });
  if (result.status !== 0) {
    throw new Error(`temporal-sql-tool ${full.join(' ')} failed (exit ${result.status}): ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`);
  }
}

/** Creates the persistence and visibility databases and brings them to the embedded schema. */
export function setupTemporalSchema(
  binaries: TemporalServerBinaries,
  connection: { port: number; user: string; password: string },
  databases: { persistence: string; visibility: string },
): void {
  for (const [database, schemaName] of [
    [databases.persistence, 'postgresql/v12/temporal'],
    [databases.visibility, 'postgresql/v12/visibility'],
  ] as const) {
    sqlTool(binaries, connection, ['--db', database, 'create-database']);
    sqlTool(binaries, connection, ['--db', database, 'setup-schema', '-v', '0.0']);
    sqlTool(binaries, connection, ['--db', database, 'update-schema', '--schema-name', schemaName]);
  }
}

export interface TemporalServer {
  address: string;
  namespace: string;
  pid(): number | null;
  /** Stops the process (SIGTERM, or SIGKILL with `kill`) and starts it again on the same database and ports. */
  restart(options?: { kill?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

interface Ports {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

function configYaml(options: { ports: Ports; pg: { port: number; user: string; password: string }; databases: { persistence: string; visibility: string }; }): string {
  const { ports, pg, databases } = options;
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "127.0.0.1:${pg.port}"
        connectProtocol: "tcp"
        user: "${pg.user}"
        password: "${pg.password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  return `# Written by scripts/temporal-server.ts: one cluster on PostgreSQL, every port on 127.0.0.1.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:${store(databases.persistence, 20)}
    visibility:${store(databases.visibility, 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  pprof:
    port: 0
services:
  frontend:${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  history:${service(ports.history, ports.historyMembership)}
  matching:${service(ports.matching, ports.matchingMembership)}
  worker:${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"
dcRedirectionPolicy:
  policy: "noop"
# No dynamic config file: the server's defaults (Updates, Schedules on; namespace cache refreshed every 2 s).
archival:
  history:
    state: "disabled"
  visibility:
    state: "disabled"
namespaceDefaults:
  archival:
    history:
      state: "disabled"
    visibility:
      state: "disabled"
`;
}

/**
 * A free port below 32768: the server records its hosts' ports in a PostgreSQL `smallint`
 * (cluster_membership), so the kernel's ephemeral ports (above 32767) fail its heartbeat.
 */
async function smallPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(candidate) && (await portIsFree(candidate))) {
      taken.add(candidate);
      return candidate;
    }
  }
  throw new Error('no free port between 20000 and 32000 for the Temporal server');
}

async function waitUntilServing(address: string, namespace: string | null, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not answering yet';
  while (Date.now() < deadline) {
    const status = exited();
    if (status !== null) throw new Error(`the Temporal server exited (${status})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        if (namespace) await connection.workflowService.describeNamespace({ namespace });
        else await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the Temporal server gave no answer on ${address} within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
}

async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
  } catch (error) {
    // ALREADY_EXISTS (gRPC 6): a restart on the same database.
    if ((error as { code?: number }).code !== 6) throw error;
  } finally {
    await connection.close();
  }
}

/**
 * Sets up two databases on `postgres` (named `<prefix>` and `<prefix>_visibility`), writes the
 * config and starts the server in its own process group; resolves once `namespace` answers.
 */
export async function startTemporalServer(options: {
  postgres: PostgresServer;
  binaries?: TemporalServerBinaries;
  databasePrefix?: string;
  namespace?: string;
  log?: Log;
  startTimeoutMs?: number;
}): Promise<TemporalServer> {
  const log = options.log ?? defaultLog;
  const namespace = options.namespace ?? 'default';
  const binaries = options.binaries ?? (await resolveTemporalServer(log));
  const admin = new URL(options.postgres.adminUrl);
  const pg = { port: Number(admin.port || 5432), user: decodeURIComponent(admin.username || 'postgres'), password: decodeURIComponent(admin.password) };
  const prefix = options.databasePrefix ?? 'temporal';
  const databases = { persistence: prefix, visibility: `${prefix}_visibility` };
  const schemaStarted = Date.now();
  setupTemporalSchema(binaries, pg, databases);
  log(`schema set up in ${databases.persistence} and ${databases.visibility} (${Date.now() - schemaStarted} ms)`);

  const taken = new Set<number>();
  const port = () => smallPort(taken);
  const ports: Ports = {
    frontend: await port(), frontendHttp: await port(), frontendMembership: await port(),
    history: await port(), historyMembership: await port(),
    matching: await port(), matchingMembership: await port(),
    worker: await port(), workerMembership: await port(),
  };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-temporal-'));
  fs.mkdirSync(path.join(root, 'config'));
  fs.writeFileSync(path.join(root, 'config', 'development.yaml'), configYaml({ ports, pg, databases }));
  const address = `127.0.0.1:${ports.frontend}`;
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : null;
  const output: string[] = [];

  let child: ChildProcess | null = null;
  let exitStatus: string | null = null;
  let exited: Promise<void> = Promise.resolve();
  const spawnServer = () => {
    const serverArgs = ['--root', root, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'];
    // The kernel kills the server when this process dies (even by kill -9); its own group for Ctrl-C.
    const [command, args] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', binaries.server, ...serverArgs]] : [binaries.server, serverArgs];
    exitStatus = null;
    const started = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: root });
    for (const stream of [started.stdout!, started.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        // The server logs JSON with Go stack traces: the message is enough for a failure report.
        output.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
        if (output.length > 30) output.shift();
      });
    }
    exited = new Promise((resolve) => started.on('exit', (code, signal) => {
      exitStatus = String(code ?? signal ?? 'unknown');
      resolve();
    }));
    child = started;
  };
  const stopServer = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || exitStatus !== null) return;
    try {
      process.kill(-running.pid!, signal);
    } catch {
      running.kill(signal);
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      try {
        process.kill(-running.pid!, 'SIGKILL');
      } catch {
        running.kill('SIGKILL');
      }
      await exited;
    }
  };
  const startAndWait = async (first: boolean) => {
    spawnServer();
    try {
      await waitUntilServing(address, first ? null : namespace, () => exitStatus, options.startTimeoutMs ?? 90_000);
      if (first) {
        await registerNamespace(address, namespace);
        await waitUntilServing(address, namespace, () => exitStatus, 30_000);
      }
    } catch (error) {
      await stopServer('SIGKILL');
      throw new Error(`${(error as Error).message}\n${output.join('\n')}`);
    }
  };

  const started = Date.now();
  await startAndWait(true);
  log(`serving on ${address} (namespace ${namespace}) after ${Date.now() - started} ms`);
  let stopped = false;
  return {
    address,
    namespace,
    pid: () => (child && exitStatus === null ? child.pid ?? null : null),
    async restart(restartOptions = {}) {
      await stopServer(restartOptions.kill ? 'SIGKILL' : 'SIGTERM');
      await startAndWait(false);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer('SIGTERM');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  resolveTemporalServer()
    .then((binaries) => console.log(`${binaries.server}\n${binaries.sqlTool}`))
    .catch((error) => {
      console.error(error instanceof TemporalServerBuildError ? error.message : error);
      process.exit(1);
    });
}
