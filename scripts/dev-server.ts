/**
 * Starts a Temporal dev server (the CLI's `server start-dev`) through the SDK's ephemeral
 * server support, with the CLI found by resolveTemporalCli (or the SDK download as last resort).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli } from './temporal-cli';

export interface DevServerOptions {
  port?: number;
  /** Set to serve the Web UI (e.g. 8233). */
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
  env: TestWorkflowEnvironment;
  teardown(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = await resolveTemporalCli(options.log);
  const namespace = options.namespace ?? 'default';
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path', path: cli.path } } : {}),
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      namespace,
      extraArgs: ['--log-level', 'warn', ...serverArgs(options)],
    },
  });
  return {
    address: env.address,
    namespace,
    env,
    teardown: () => env.teardown(),
  };
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
