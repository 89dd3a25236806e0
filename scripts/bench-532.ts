/**
 * `npm run bench:532`: N concurrent open "532" events on a local Temporal dev server, each with
 * its three clocks on durable timers, and how late the breach records are written versus
 * their due time. Everything is local and throwaway: its own dev server (persisted to a temp
 * SQLite file, like `npm start`), its own migrated and seeded database, an in-process worker.
 *
 *   npm run bench:532 -- --events 10000 [--window 60] [--start-rate 150] [--cache N] [--in-memory]
 *
 * The dispatch clocks are set so their due times fall one after another across --window
 * seconds, starting once all events should be open (estimated from --start-rate plus a
 * margin); the on-site and feedback clocks stay open (hours) for the whole run, so every
 * event holds its timers. Lateness = recordedAt − dueAt, recordedAt being the wall-clock time
 * inside the breach activity when the row is written (what a reader of the record sees).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createPrismaClient } from '../activities/db';
import { createOnevisitWorker } from '../activities/worker';
import { median, percentile, type ClockPolicy } from '../domain/rapid-response';
import type { rapidResponseWorkflow } from '../workflows/rapid-response';
import { eventWorkflowId, type RapidResponseInput } from '../workflows/rapid-response-definitions';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';

interface Options {
  events: number;
  windowS: number;
  startRate: number;
  cache: number;
  startConcurrency: number;
  timeoutS: number;
  /** Run the dev server without its SQLite file (history in memory), to separate persistence cost. */
  inMemory: boolean;
}

function parseArgs(argv: string[]): Options {
  const flag = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
    return value;
  };
  const events = Math.floor(flag('events', 10_000));
  return {
    events,
    windowS: flag('window', Math.max(10, Math.ceil(events / 150))),
    startRate: flag('start-rate', 150),
    cache: Math.floor(flag('cache', events + 100)),
    startConcurrency: Math.floor(flag('start-concurrency', 64)),
    timeoutS: flag('timeout', 1800),
    inMemory: argv.includes('--in-memory'),
  };
}

const log = (message: string) => console.log(`[bench:532 ${new Date().toISOString().slice(11, 19)}] ${message}`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

function summary(values: number[]) {
  return { median: median(values), p99: percentile(values, 99), max: values.length ? Math.max(...values) : null };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-bench-'));
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  Runtime.install({ logger: new DefaultLogger(process.env.BENCH_LOG_LEVEL === 'WARN' ? 'WARN' : 'ERROR') });
  log(
    `${options.events} events, breaches spread over ${options.windowS}s, cache ${options.cache}; ` +
      `Temporal dev server ${options.inMemory ? 'in memory' : 'on SQLite'}; data in ${dir}`,
  );

  const [server] = await Promise.all([
    startDevServer({ dbFilename: options.inMemory ? undefined : path.join(dir, 'temporal.db'), log }),
    migrateAndSeed(databaseUrl),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  const taskQueue = `bench-532-${randomUUID()}`;
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const worker = await createOnevisitWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    prisma,
    notifier: { channel: 'log', dutyLeaderKey: 'leader-1' },
    tuning: {
      maxCachedWorkflows: options.cache,
      maxConcurrentWorkflowTaskExecutions: 100,
      maxConcurrentActivityTaskExecutions: 100,
      maxConcurrentWorkflowTaskPolls: 8,
      maxConcurrentActivityTaskPolls: 8,
    },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });

  const memory: { rss: number; heapUsed: number }[] = [];
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    memory.push({ rss: m.rss, heapUsed: m.heapUsed });
  }, 1000);

  let exitCode = 0;
  try {
    const reporter = await prisma.officer.findUniqueOrThrow({ where: { key: 'grid-1' } });
    const t0 = Date.now();
    const firstDue = t0 + Math.ceil((options.events / options.startRate) * 1000) + 15_000;
    const spacing = (options.windowS * 1000) / options.events;
    const ids = Array.from({ length: options.events }, (_, i) => i);

    log('starting events…');
    await pool(ids, options.startConcurrency, async (i) => {
      const eventId = `bench-${i}`;
      const reportedAt = new Date();
      const policy: ClockPolicy = {
        dispatchMs: Math.max(1, Math.round(firstDue + i * spacing - reportedAt.getTime())),
        onSiteMs: 3_600_000,
        feedbackMs: 7_200_000,
      };
      const input: RapidResponseInput = {
        eventId,
        clientKey: eventId,
        reportedAt: reportedAt.toISOString(),
        reporter: { officerId: reporter.id, name: reporter.name },
        category: (['NOISE', 'STREET_VENDING', 'FOOD_SAFETY', 'FIRE_HAZARD'] as const)[i % 4],
        village: ['包鸾社区', '飞仙洞村', '花地堡村', '青龙寨村', '石龙门村', '杨柳坪村'][i % 6],
        location: `压测位置 ${i}`,
        description: '压测事件',
        evidence: [],
        policy,
      };
      await client.workflow.start<typeof rapidResponseWorkflow>('rapidResponseWorkflow', {
        taskQueue,
        workflowId: eventWorkflowId(eventId),
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      });
    });
    const startedAt = Date.now();
    log(`started ${options.events} workflows in ${((startedAt - t0) / 1000).toFixed(1)}s`);

    const deadline = t0 + options.timeoutS * 1000;
    let persistedAt: number | null = null;
    let breaches = 0;
    for (;;) {
      if (persistedAt === null && (await prisma.gridEvent.count()) === options.events) {
        persistedAt = Date.now();
        log(`all ${options.events} events written ${((persistedAt - t0) / 1000).toFixed(1)}s after start`);
      }
      breaches = await prisma.clockBreach.count({ where: { stage: 'DISPATCH' } });
      if (breaches === options.events || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 2000));
      if (Date.now() > firstDue) log(`${breaches}/${options.events} dispatch breaches recorded`);
    }

    const rows = await prisma.clockBreach.findMany({
      where: { stage: 'DISPATCH' },
      select: { dueAt: true, breachedAt: true, recordedAt: true },
    });
    const recordLateness = rows.map((r) => r.recordedAt.getTime() - r.dueAt.getTime());
    const timerLateness = rows.map((r) => r.breachedAt.getTime() - r.dueAt.getTime());
    const duesBeforeOpen = rows.filter((r) => persistedAt !== null && r.dueAt.getTime() < persistedAt).length;
    const openTimers = await prisma.gridEvent.count({ where: { status: 'REPORTED' } });
    const result = {
      events: options.events,
      breachesRecorded: rows.length,
      openEventsAtEnd: openTimers,
      windowS: options.windowS,
      breachRatePerS: Math.round(options.events / options.windowS),
      startSeconds: (startedAt - t0) / 1000,
      allWrittenSeconds: persistedAt === null ? null : (persistedAt - t0) / 1000,
      duesBeforeAllOpen: duesBeforeOpen,
      recordLatenessMs: summary(recordLateness),
      timerLatenessMs: summary(timerLateness),
      over1s: recordLateness.filter((ms) => ms > 1000).length,
      workerMemoryMb: {
        rssMax: mb(Math.max(...memory.map((m) => m.rss))),
        rssMedian: mb(median(memory.map((m) => m.rss)) ?? 0),
        heapUsedMax: mb(Math.max(...memory.map((m) => m.heapUsed))),
      },
      runSeconds: (Date.now() - t0) / 1000,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} MB, Node ${process.version}`,
    };
    console.log(JSON.stringify(result, null, 2));
    if (rows.length !== options.events) {
      log(`only ${rows.length} of ${options.events} breaches were recorded before the timeout`);
      exitCode = 1;
    }
  } finally {
    clearInterval(sampler);
    worker.shutdown();
    await running.catch(() => undefined);
    await workerConnection.close();
    await connection.close();
    await prisma.$disconnect();
    await server.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
