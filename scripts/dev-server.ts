/**
 * Starts a Temporal dev server (the CLI's `server start-dev`) with the CLI found by
 * resolveTemporalCli. The CLI is spawned here, from Node's main thread, under
 * `setpriv --pdeathsig KILL`: the kernel kills the server when this process dies, even by
 * `kill -9` (the SDK spawns it from a Rust thread, where a death signal would fire when that
 * thread ends, and nothing stops it when the process is killed). The SDK download
 * (TestWorkflowEnvironment.createLocal) stays as the last resort when no CLI is found.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli } from './temporal-cli';
import {
  describePortHolder, freePort, isProcessAlive, onPath, portIsFree, processStartTime, readCmdline, stopProcess,
} from './processes';

export interface DevServerOptions {
  /** The frontend's gRPC port; a free one when absent. */
  port?: number;
  /** Set to serve the Web UI (e.g. 8233); headless when absent. */
  uiPort?: number;
  /** Persist to this SQLite file; in memory when absent. */
  dbFilename?: string;
  namespace?: string;
  log?: (message: string) => void;
  /** Apply DEV_SERVER_DYNAMIC_CONFIG and DEV_SERVER_SQLITE_PRAGMAS (default true); false = the CLI's stock settings. */
  tuned?: boolean;
  /** Extra server dynamic config (`--dynamic-config-value KEY=JSON`), applied after the tuned defaults. */
  dynamicConfig?: Record<string, unknown>;
  /** Extra SQLite pragmas for the file-backed store (`--sqlite-pragma K=V`). */
  sqlitePragmas?: Record<string, string>;
  /**
   * Record the server here ({@link DevServerPidFile}); a server recorded by a process that is
   * gone is stopped before starting, and the file is removed at teardown.
   */
  pidFile?: string;
  /** How long to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
}

/**
 * Dynamic config for one dev server on one machine (measured with `npm run bench:532`, see
 * BENCHMARKS.md "532 clocks").
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, unknown>> = {
  // Return the first activity task in the workflow-task completion when the worker has a free
  // slot, instead of a round trip through matching: a breach is written ~40 ms sooner.
  'system.enableActivityEagerExecution': true,
  // One partition per task queue: with one matching host, more partitions only split the
  // waiting pollers, so tasks miss a sync match and wait for forwarding or the backlog.
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  // The CLI caps the history mutable-state cache at 8 096 workflows; with more events open
  // than that, every timer and task reloads its workflow from SQLite. Room for 32 768.
  'history.hostLevelCacheMaxSize': 32_768,
};

/**
 * SQLite pragmas for the file-backed dev server. The default rollback journal with full sync
 * fsyncs every transaction on the server's single connection: timer and task writes queue
 * behind each other and stall for seconds. WAL with synchronous=NORMAL fsyncs at checkpoints;
 * a crash of the process loses nothing, a power cut can lose the last transactions (a dev
 * server's trade, not production's).
 */
export const DEV_SERVER_SQLITE_PRAGMAS: Readonly<Record<string, string>> = {
  journal_mode: 'wal',
  synchronous: 'normal',
};

export interface DevServer {
  address: string;
  namespace: string;
  /** The server process (null when the SDK download runs it). */
  pid: number | null;
  teardown(): Promise<void>;
}

/** What the pid file says: the server and the process that started it. */
export interface DevServerPidFile {
  pid: number;
  ownerPid: number;
  /** With ownerPid, tells the owner from a later process that got its pid. */
  ownerStartTime: string | null;
  port: number;
  uiPort: number | null;
  startedAt: string;
}

/** A refusal to start that names its cause (a port held by another program, another owner). */
export class DevServerStartError extends Error {}

export async function startDevServer(options: DevServerOptions = {}, attempt = 1): Promise<DevServer> {
  const log = options.log ?? ((m: string) => console.log(`[dev-server] ${m}`));
  const namespace = options.namespace ?? 'default';
  if (options.pidFile) await stopOrphanedDevServer(options.pidFile, log);
  const cli = await resolveTemporalCli(log);
  if (!cli) return startWithSdkDownload(options, namespace);

  const port = options.port ?? (await freePort());
  for (const [what, p] of [['gRPC', port], ['Web UI', options.uiPort]] as const) {
    if (p !== undefined && !(await portIsFree(p))) {
      throw new DevServerStartError(
        `cannot start the Temporal dev server: its ${what} port ${p} is in use by ${describePortHolder(p)}. ` +
          'Stop that process or choose other ports (TEMPORAL_DEV_PORT, TEMPORAL_UI_PORT).',
      );
    }
  }
  const cliArgs = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', namespace,
    ...(options.uiPort !== undefined ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    '--log-level', 'warn',
    ...serverArgs(options),
  ];
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : null;
  if (!setpriv) log('setpriv (util-linux) not found: the dev server may outlive this process if it is killed');
  const [command, args] = setpriv
    ? [setpriv, ['--pdeathsig', 'KILL', '--', cli.path, ...cliArgs]]
    : [cli.path, cliArgs];
  // Its own process group: Ctrl-C reaches this process, which stops the server last, after
  // the worker has drained; the death signal (or the pid file) covers every other ending.
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  // Once it is told to stop, its complaints about connections closing are noise.
  let quiet = false;
  // stdout carries only its banner (addresses we print ourselves): kept for an error message.
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      if (output.length > 40) output.shift();
      if (!quiet && stream === child.stderr) log(`temporal: ${line}`);
    });
  }
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, namespace, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child, exited);
    // The CLI binds ports of its own choosing besides ours (checked free above); another process
    // may take one between the CLI's choice and its bind. It chooses anew on the next start.
    if (attempt < 3 && output.some((line) => line.includes('address already in use'))) {
      log(`a port was taken while the dev server started; starting again (${attempt + 1}/3)`);
      return startDevServer(options, attempt + 1);
    }
    throw new DevServerStartError(
      `the Temporal dev server did not start: ${(error as Error).message}\n${output.join('\n')}`,
    );
  }
  if (options.pidFile) {
    const record: DevServerPidFile = {
      pid: child.pid!,
      ownerPid: process.pid,
      ownerStartTime: processStartTime(process.pid),
      port,
      uiPort: options.uiPort ?? null,
      startedAt: new Date().toISOString(),
    };
    fs.writeFileSync(options.pidFile, JSON.stringify(record, null, 2));
  }
  let stopped: Promise<void> | null = null;
  return {
    address,
    namespace,
    pid: child.pid!,
    teardown() {
      quiet = true;
      stopped ??= stopChild(child, exited).then(() => {
        if (options.pidFile) removePidFileOf(options.pidFile, child.pid!);
      });
      return stopped;
    },
  };
}

/**
 * Stops the dev server recorded in pidFile when the process that started it is gone (e.g. an
 * `npm start` killed where no death signal was available). Refuses when that process lives.
 */
export async function stopOrphanedDevServer(pidFile: string, log: (message: string) => void): Promise<void> {
  let record: DevServerPidFile;
  try {
    record = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as DevServerPidFile;
  } catch {
    return;
  }
  const serverCmdline = isProcessAlive(record.pid) ? readCmdline(record.pid) : null;
  // A recycled pid is not our server: ours runs `temporal server start-dev --port <port>`.
  const isOurServer = serverCmdline !== null
    && serverCmdline.includes('start-dev') && serverCmdline.includes(`--port ${record.port}`);
  const ownerAlive = record.ownerPid !== process.pid && isProcessAlive(record.ownerPid)
    && processStartTime(record.ownerPid) === record.ownerStartTime;
  if (isOurServer && ownerAlive) {
    throw new DevServerStartError(
      `another process (pid ${record.ownerPid}: ${readCmdline(record.ownerPid) ?? '?'}) runs the Temporal dev server ` +
        `pid ${record.pid} on port ${record.port} with this data directory (${pidFile}); stop it first.`,
    );
  }
  if (isOurServer) {
    log(`stopping the orphaned Temporal dev server (pid ${record.pid}, port ${record.port}) left by a previous start`);
    await stopProcess(record.pid);
  }
  fs.rmSync(pidFile, { force: true });
}

function removePidFileOf(pidFile: string, pid: number): void {
  try {
    const record = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as DevServerPidFile;
    if (record.pid === pid) fs.rmSync(pidFile, { force: true });
  } catch {
    // already gone
  }
}

async function waitUntilServing(
  address: string,
  namespace: string,
  exited: Promise<number | string>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitStatus: number | string | null = null;
  void exited.then((status) => (exitStatus = status));
  const [host, port] = address.split(':');
  let lastError = 'not listening yet';
  while (Date.now() < deadline) {
    if (exitStatus !== null) throw new Error(`it exited (${exitStatus})`);
    if (await canConnect(host, Number(port))) {
      // Listening is not serving: the namespace is registered just after the port opens.
      try {
        const connection = await Connection.connect({ address, connectTimeout: 2000 });
        try {
          await connection.workflowService.describeNamespace({ namespace });
          return;
        } finally {
          await connection.close();
        }
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer on ${address} within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function startWithSdkDownload(options: DevServerOptions, namespace: string): Promise<DevServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      namespace,
      extraArgs: ['--log-level', 'warn', ...serverArgs(options)],
    },
  });
  return { address: env.address, namespace, pid: null, teardown: () => env.teardown() };
}

function serverArgs(options: DevServerOptions): string[] {
  const args: string[] = [];
  const tuned = options.tuned ?? true;
  const dynamicConfig = { ...(tuned ? DEV_SERVER_DYNAMIC_CONFIG : {}), ...options.dynamicConfig };
  const pragmas = { ...(tuned ? DEV_SERVER_SQLITE_PRAGMAS : {}), ...options.sqlitePragmas };
  for (const [key, value] of Object.entries(dynamicConfig)) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  // Pragmas only mean something for the SQLite file; the in-memory store ignores journaling.
  if (options.dbFilename) {
    for (const [key, value] of Object.entries(pragmas)) args.push('--sqlite-pragma', `${key}=${value}`);
  }
  return args;
}
