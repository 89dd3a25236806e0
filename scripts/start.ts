/**
 * `npm start`: the whole system on one machine. A Temporal dev server (persisted in the data
 * directory, Web UI on :8233) unless TEMPORAL_ADDRESS points at a cluster; database migrations
 * and the catalog seed; the worker; the API. Ctrl-C (SIGINT), SIGTERM or SIGHUP stop everything
 * in reverse order, and so does the end of the npm/tsx process that launched this one: nothing
 * of the stack outlives `npm start`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import { buildWeb } from './build-web';
import { ensureDemoCredentials } from './demo-credentials';
import { DevServerStartError, startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';
import { createPrismaClient } from '../db';
import { hasDemoCounty } from '../prisma/seed';
import { isProcessAlive, parentPid, processStartTime, readCmdline } from './processes';
import { runWorker } from './worker';
import { ApiStartError, apiOptionsFrom, startApi } from './api';

const log = (message: string) => console.log(`[onevisit] ${message}`);

interface Launcher {
  pid: number;
  startTime: string | null;
  cmdline: string;
}

/**
 * The processes that launched this one: the parent (tsx), then up through the shell and npm
 * as long as they look like a launcher. The user's shell or terminal ends the chain.
 */
function launchingProcesses(): Launcher[] {
  const chain: Launcher[] = [];
  let pid: number | null = process.ppid;
  while (pid !== null && pid > 1) {
    const cmdline = readCmdline(pid);
    if (cmdline === null) break;
    if (chain.length > 0 && !/\b(npm|npx|tsx|pnpm|yarn)\b/.test(cmdline)) break;
    chain.push({ pid, startTime: processStartTime(pid), cmdline });
    pid = parentPid(pid);
  }
  return chain;
}

// What is running, stopped in reverse order; a signal or an error during start-up stops what exists.
const running: { name: string; stop(): Promise<void> }[] = [];
let stopping = false;
let launcherWatch: NodeJS.Timeout | undefined;

async function stop(reason: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(launcherWatch);
  if (running.length > 0) log(`${reason}: stopping…`);
  for (const part of running.reverse()) await part.stop().catch((e) => console.error(`${part.name}:`, e));
  if (running.length > 0) log('stopped');
  process.exit(exitCode);
}

/** Relative to the working directory when inside it (".data/…"), absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function main() {
  const launchers = launchingProcesses();
  // kill -9 of npm or tsx sends nothing here: notice that the launcher is gone and stop.
  launcherWatch = setInterval(() => {
    const gone = launchers.find((l) => !isProcessAlive(l.pid) || processStartTime(l.pid) !== l.startTime);
    if (gone) void stop(`the launching process ended (pid ${gone.pid}: ${gone.cmdline})`);
  }, 500);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // A closed terminal or a reader gone must not crash the shutdown with EPIPE.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  const config = loadConfig();
  const dataDir = config.dataDir;
  fs.mkdirSync(dataDir, { recursive: true });
  Runtime.install({ logger: new DefaultLogger('WARN') });

  let address = config.TEMPORAL_ADDRESS;
  let uiUrl: string | null = null;
  if (!address) {
    const temporalDb = path.join(dataDir, 'temporal.db');
    log(`starting the Temporal dev server on :${config.TEMPORAL_DEV_PORT} (data in ${displayPath(temporalDb)})…`);
    const devServer = await startDevServer({
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFilename: temporalDb,
      namespace: config.TEMPORAL_NAMESPACE,
      pidFile: path.join(dataDir, 'temporal-dev-server.pid'),
      log: (m) => log(m),
    });
    running.push({ name: 'Temporal dev server', stop: () => devServer.teardown() });
    address = devServer.address;
    uiUrl = `http://localhost:${config.TEMPORAL_UI_PORT}`;
  } else {
    log(`using the Temporal cluster at ${address}`);
  }

  // `npm install` builds the workbench; a tree installed with --ignore-scripts gets it here.
  if (!fs.existsSync(path.resolve(__dirname, '../web/dist/index.html'))) buildWeb(log);

  log('applying database migrations and seeding the catalog…');
  const seeded = await migrateAndSeed(config.DATABASE_URL, { demo: config.demoData });
  log(`catalog: ${seeded.catalog.departments} departments, ${seeded.catalog.scenarios} scenarios, ${seeded.catalog.checkItems} check items`);
  if (seeded.catalog.keptEdits.length > 0) {
    log(`catalog: ${seeded.catalog.keptEdits.length} rows edited here are kept as they are (${seeded.catalog.keptEdits.slice(0, 5).join(', ')}${seeded.catalog.keptEdits.length > 5 ? ', …' : ''})`);
  }

  const prisma = createPrismaClient(config.DATABASE_URL);
  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  const users = (await hasDemoCounty(prisma)) ? await ensureDemoCredentials(prisma, credentialsFile) : [];
  const admins = await prisma.officer.count({ where: { active: true, username: { not: null }, roles: { some: { role: 'ADMIN' } } } });
  await prisma.$disconnect();
  if (seeded.demo === 'created') log('demo county created (invented officers and businesses; DEMO_DATA=false or NODE_ENV=production: none)');
  if (seeded.demo === 'not-empty') log('the database holds a county of its own: no demo data is added');

  const worker = await runWorker({
    address,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    databaseUrl: config.DATABASE_URL,
    notifier: config.notifier,
    cacheSize: config.WORKFLOW_CACHE_SIZE,
    ...(address === config.TEMPORAL_ADDRESS ? { temporalConnection: config.temporalConnection } : {}),
  });
  running.push({
    name: 'worker',
    async stop() {
      // The Temporal runtime also reacts to SIGINT/SIGTERM and may already be draining the worker.
      if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await worker.running;
    },
  });
  const api = await startApi(apiOptionsFrom(config, address));
  running.push({ name: 'API', stop: () => api.close() });

  const base = `http://localhost:${api.port}`;
  log('ready');
  console.log(`
  API           ${base}/api   (health: ${base}/healthz)
  API docs      ${base}/docs  (OpenAPI: ${base}/api/openapi.json)
  Workbench     ${base}/app/  (the phone app: log in with an account)
  Temporal UI   ${uiUrl ?? '(your cluster\'s UI)'}
${users.length > 0 ? `  Demo logins   ${displayPath(credentialsFile)} (${users.length} users, e.g. ${users.find((u) => u.roles.includes('COORDINATOR'))?.username})\n` : ''}${admins === 0 ? '  First admin   npm run admin:create -- --username <name>   (no administrator can log in yet)\n' : ''}  Stop          Ctrl-C
`);
}

main().catch((error) => {
  // A refusal that names its cause (a port in use, another start on this data directory) needs no stack.
  if (error instanceof DevServerStartError || error instanceof ApiStartError) console.error(`[onevisit] ${error.message}`);
  else console.error(error);
  void stop('start-up failed', 1);
});
