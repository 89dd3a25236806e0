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
}

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
      extraArgs: ['--log-level', 'warn'],
    },
  });
  return {
    address: env.address,
    namespace,
    env,
    teardown: () => env.teardown(),
  };
}
