/**
 * `npm start`: the whole system on one machine. A Temporal dev server (persisted under .data/,
 * Web UI on :8233) unless TEMPORAL_ADDRESS points at a cluster; database migrations and the
 * catalog seed; the worker; the API. Ctrl-C stops everything in reverse order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import { ensureDemoCredentials } from './demo-credentials';
import { startDevServer, type DevServer } from './dev-server';
import { migrateAndSeed } from './migrate';
import { createPrismaClient } from '../activities/db';
import { runWorker } from './worker';
import { startApi } from './api';

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, '.data');
const log = (message: string) => console.log(`[onevisit] ${message}`);

async function main() {
  const config = loadConfig();
  fs.mkdirSync(DATA, { recursive: true });
  Runtime.install({ logger: new DefaultLogger('WARN') });

  let devServer: DevServer | null = null;
  let address = config.TEMPORAL_ADDRESS;
  if (!address) {
    log(`starting the Temporal dev server on :${config.TEMPORAL_DEV_PORT} (data in .data/temporal.db)…`);
    devServer = await startDevServer({
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFilename: path.join(DATA, 'temporal.db'),
      namespace: config.TEMPORAL_NAMESPACE,
      log: (m) => log(m),
    });
    address = devServer.address;
  } else {
    log(`using the Temporal cluster at ${address}`);
  }

  log('applying database migrations and seeding the catalog…');
  const seeded = await migrateAndSeed(config.DATABASE_URL);
  log(`catalog: ${seeded.departments} departments, ${seeded.scenarios} scenarios, ${seeded.checkItems} check items`);

  const prisma = createPrismaClient(config.DATABASE_URL);
  const credentialsFile = path.join(DATA, 'demo-credentials.json');
  const users = await ensureDemoCredentials(prisma, credentialsFile);
  await prisma.$disconnect();

  const { worker, running } = await runWorker({
    address,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    databaseUrl: config.DATABASE_URL,
    notifier: config.notifier,
  });
  const api = await startApi({
    address,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    databaseUrl: config.DATABASE_URL,
    port: config.PORT,
    host: config.HOST,
    policy: config.policy,
    clockPolicy: config.clockPolicy,
    logLevel: config.LOG_LEVEL,
  });

  const base = `http://localhost:${api.port}`;
  log('ready');
  console.log(`
  API           ${base}/api   (health: ${base}/healthz)
  API docs      ${base}/docs  (OpenAPI: ${base}/api/openapi.json)
  Temporal UI   ${devServer ? `http://localhost:${config.TEMPORAL_UI_PORT}` : '(your cluster\'s UI)'}
  Demo tokens   ${path.relative(process.cwd(), credentialsFile)} (${users.length} users, e.g. ${users.find((u) => u.roles.includes('COORDINATOR'))?.key})
  Stop          Ctrl-C
`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await api.close().catch((e) => console.error(e));
    // The Temporal runtime also reacts to SIGINT/SIGTERM and may already be draining the worker.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch((e) => console.error(e));
    if (devServer) await devServer.teardown().catch((e) => console.error(e));
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
