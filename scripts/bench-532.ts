/**
 * `npm run bench:532`: N concurrent open "532" events on a local Temporal dev server, each with
 * its three clocks on durable timers, and how late the breach records are written versus
 * their due time. Everything is local and throwaway: its own dev server (persisted to a temp
 * SQLite file, like `npm start`), its own migrated and seeded database, an in-process worker.
 *
 *   npm run bench:532 -- --events 10000 [--window 60] [--start-rate 150] [--cache N] [--in-memory]
 *     [--stock-server] [--dynamic-config KEY=JSON]… [--sqlite-pragma K=V]… [--wf-slots N] [--act-slots N]
 *     [--wf-pollers N] [--act-pollers N] [--histories N]
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
import { createPrismaClient } from '../db';
import { WORKFLOW_TASK_SLOTS, createOnevisitWorker } from '../activities/worker';
import { median, percentile, type ClockPolicy } from '../domain/rapid-response';
import type { rapidResponseWorkflow } from '../workflows/rapid-response';
import { eventWorkflowId, type RapidResponseInput } from '../contracts/rapid-response';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';
import { processCpuSeconds } from './processes';

interface Options {
  events: number;
  windowS: number;
  startRate: number;
  cache: number;
  startConcurrency: number;
  timeoutS: number;
  /** Run the dev server without its SQLite file (history in memory), to separate persistence cost. */
  inMemory: boolean;
  /** The CLI's stock dev server settings instead of DEV_SERVER_DYNAMIC_CONFIG and _SQLITE_PRAGMAS. */
  stockServer: boolean;
  /** Extra dev server dynamic config and SQLite pragmas (repeatable KEY=VALUE flags). */
  dynamicConfig: Record<string, unknown>;
  sqlitePragmas: Record<string, string>;
  wfSlots: number;
  actSlots: number;
  wfPollers: number;
  actPollers: number;
  /** How many event histories to fetch afterwards to split the lateness into its stages. */
  histories: number;
}

function pairs(argv: string[], name: string): [string, string][] {
  const found: [string, string][] = [];
  argv.forEach((arg, i) => {
    if (arg !== `--${name}`) return;
    const pair = argv[i + 1] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--${name} needs KEY=VALUE`);
    found.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  });
  return found;
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
    stockServer: argv.includes('--stock-server'),
    dynamicConfig: Object.fromEntries(pairs(argv, 'dynamic-config').map(([k, v]) => [k, JSON.parse(v)])),
    sqlitePragmas: Object.fromEntries(pairs(argv, 'sqlite-pragma')),
    wfSlots: Math.floor(flag('wf-slots', WORKFLOW_TASK_SLOTS)),
    actSlots: Math.floor(flag('act-slots', 100)),
    wfPollers: Math.floor(flag('wf-pollers', 8)),
    actPollers: Math.floor(flag('act-pollers', 8)),
    histories: Math.floor(flag('histories', 200)),
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


/** Busy CPU seconds of the whole machine (all processes, all cores), from /proc/stat. */
function machineBusySeconds(): number | null {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = ticks[3] + ticks[4];
    return (ticks.reduce((a, b) => a + b, 0) - idle) / 100;
  } catch {
    return null;
  }
}

/** The Temporal dev server: this process's child whose command is the CLI. */
function devServerPid(): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && stat.includes('(temporal')) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return null;
}

/** Seconds in which some runnable task waited for a CPU (Linux PSI, /proc/pressure/cpu). */
function cpuPressureSeconds(): number | null {
  try {
    const total = /some .*total=(\d+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1];
    return total === undefined ? null : Number(total) / 1e6;
  } catch {
    return null;
  }
}

interface CpuMark {
  at: number;
  worker: number | null;
  server: number | null;
  machine: number | null;
  pressure: number | null;
}

function cpuMark(serverPid: number | null): CpuMark {
  return {
    at: Date.now(),
    worker: processCpuSeconds('self'),
    server: serverPid ? processCpuSeconds(serverPid) : null,
    machine: machineBusySeconds(),
    pressure: cpuPressureSeconds(),
  };
}

/** Average cores used between two marks by the worker process, the dev server and the whole machine. */
function coresUsed(from: CpuMark, to: CpuMark) {
  const seconds = (to.at - from.at) / 1000;
  const cores = (a: number | null, b: number | null) => (a === null || b === null || seconds <= 0 ? null : Math.round(((b - a) / seconds) * 100) / 100);
  const worker = cores(from.worker, to.worker);
  const server = cores(from.server, to.server);
  const machine = cores(from.machine, to.machine);
  return {
    seconds: Math.round(seconds),
    worker,
    server,
    machine,
    // Everything else on the machine (other engineers' builds and tests): the noise.
    others: worker === null || server === null || machine === null ? null : Math.round((machine - worker - server) * 100) / 100,
    // Share of the time some runnable thread waited for a CPU (0..1).
    cpuPressure: cores(from.pressure, to.pressure),
  };
}

const timestampMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN;

/**
 * Splits one event's dispatch-clock lateness into stages from its history:
 * - timerSetLate: the timer's fire time (TimerStarted + startToFire) past the due time — the
 *   first workflow task's time between starting and being completed on the server;
 * - serverTimer: TimerFired past that fire time (the server's timer queue);
 * - taskDispatch: the next WorkflowTaskStarted past TimerFired (matching, worker polling);
 * - toActivity: the breach activity's start past that task's start (worker runs the task,
 *   completes it, activity task dispatched);
 * - inActivity: recordedAt past the activity's start.
 */
async function lateness(client: Client, eventId: string, dueAtMs: number, recordedAtMs: number) {
  const history = await client.workflow.getHandle(eventWorkflowId(eventId)).fetchHistory();
  const events = history.events ?? [];
  const started = events.filter((e) => e.timerStartedEventAttributes);
  const dispatchTimer = started.reduce((a, b) =>
    timestampMs(a.timerStartedEventAttributes!.startToFireTimeout) <= timestampMs(b.timerStartedEventAttributes!.startToFireTimeout) ? a : b,
  );
  const fireAt = timestampMs(dispatchTimer.eventTime) + timestampMs(dispatchTimer.timerStartedEventAttributes!.startToFireTimeout);
  const firedIndex = events.findIndex(
    (e) => e.timerFiredEventAttributes && Number(e.timerFiredEventAttributes.startedEventId) === Number(dispatchTimer.eventId),
  );
  if (firedIndex < 0) return null;
  const fired = timestampMs(events[firedIndex].eventTime);
  const taskIndex = events.findIndex((e, i) => i > firedIndex && e.workflowTaskStartedEventAttributes);
  const taskStarted = timestampMs(events[taskIndex]?.eventTime);
  // Workflow tasks that timed out before a worker took one: a sticky task nobody polled for
  // (stickyQueueScheduleToStartTimeout) shows here, and its retry went to the normal queue.
  const taskTimeouts = events.filter((e, i) => i > firedIndex && i < taskIndex && e.workflowTaskTimedOutEventAttributes).length;
  const activityScheduled = events.find(
    (e, i) => i > firedIndex && e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordClockBreach',
  );
  const activityStartedEvent = events.find(
    (e) => activityScheduled && Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === Number(activityScheduled.eventId),
  );
  const activityStarted = timestampMs(activityStartedEvent?.eventTime);
  return {
    timerSetLate: fireAt - dueAtMs,
    serverTimer: fired - fireAt,
    taskDispatch: taskStarted - fired,
    toActivity: activityStarted - taskStarted,
    inActivity: recordedAtMs - activityStarted,
    taskTimeouts,
  };
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
    startDevServer({
      dbFilename: options.inMemory ? undefined : path.join(dir, 'temporal.db'),
      log,
      tuned: !options.stockServer,
      dynamicConfig: options.dynamicConfig,
      sqlitePragmas: options.sqlitePragmas,
    }),
    migrateAndSeed(databaseUrl, { demo: true }),
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
      maxConcurrentWorkflowTaskExecutions: options.wfSlots,
      maxConcurrentActivityTaskExecutions: options.actSlots,
      maxConcurrentWorkflowTaskPolls: options.wfPollers,
      maxConcurrentActivityTaskPolls: options.actPollers,
    },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });

  const serverPid = devServerPid();
  const memory: { rss: number; heapUsed: number }[] = [];
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    memory.push({ rss: m.rss, heapUsed: m.heapUsed });
  }, 1000);

  let exitCode = 0;
  try {
    const reporter = await prisma.officer.findUniqueOrThrow({ where: { key: 'grid-1' } });
    const t0 = Date.now();
    const cpuStart = cpuMark(serverPid);
    let cpuOpen: CpuMark | null = null;
    let cpuFirstDue: CpuMark | null = null;
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
        cpuOpen = cpuMark(serverPid);
        log(`all ${options.events} events written ${((persistedAt - t0) / 1000).toFixed(1)}s after start`);
      }
      if (cpuFirstDue === null && Date.now() >= firstDue) cpuFirstDue = cpuMark(serverPid);
      breaches = await prisma.clockBreach.count({ where: { stage: 'DISPATCH' } });
      if (breaches === options.events || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 2000));
      if (Date.now() > firstDue) log(`${breaches}/${options.events} dispatch breaches recorded`);
    }

    const rows = await prisma.clockBreach.findMany({
      where: { stage: 'DISPATCH' },
      select: { eventId: true, dueAt: true, breachedAt: true, recordedAt: true },
      orderBy: { dueAt: 'asc' },
    });
    const cpuEnd = cpuMark(serverPid);
    const sampled = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / options.histories)) === 0);
    const stages: Record<string, number[]> = {};
    for (const row of sampled.slice(0, options.histories)) {
      const split = await lateness(client, row.eventId, row.dueAt.getTime(), row.recordedAt.getTime()).catch(() => null);
      for (const [stage, ms] of Object.entries(split ?? {})) if (Number.isFinite(ms)) (stages[stage] ??= []).push(ms);
    }
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
      // Lateness through the window, per tenth of it: shows bursts (checkpoints, backlogs) apart from a steady drift.
      recordLatenessByTenth: Array.from({ length: 10 }, (_, tenth) => {
        const part = recordLateness.slice(Math.floor((tenth * rows.length) / 10), Math.floor(((tenth + 1) * rows.length) / 10));
        const { median: med, p99 } = summary(part);
        return `${med}/${p99}`;
      }).join(' '),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [stage, { n: ms.length, ...summary(ms) }])),
      coresUsed: {
        opening: cpuOpen ? coresUsed(cpuStart, cpuOpen) : null,
        breaches: cpuFirstDue ? coresUsed(cpuFirstDue, cpuEnd) : null,
      },
      settings: {
        server: options.stockServer ? 'stock' : 'tuned',
        dynamicConfig: options.dynamicConfig,
        sqlitePragmas: options.sqlitePragmas,
        worker: { cache: options.cache, wfSlots: options.wfSlots, actSlots: options.actSlots, wfPollers: options.wfPollers, actPollers: options.actPollers },
      },
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
