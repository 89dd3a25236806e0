/**
 * `npm run bench:e2e`: joint inspections end to end over HTTP (schedule → check-in → two
 * departments submit, no finding → CLOSED) beside the engine floor, in the same run on the
 * same dev server: a workflow with nothing of onevisit in it but the same updates and, in
 * each, the same number of activities (read from a real inspection's history at start), driven
 * with the Temporal client. The ratio app ÷ floor is the share of the engine's speed the app
 * keeps; #16's goal is ≥ 0.8 at every concurrency, on SQLite and on PostgreSQL.
 *
 *   npm run bench:e2e -- [--databases sqlite,postgresql] [--in-flight 1,20,50] [--duration 15] [--ramp 3] [--rounds 2]
 *
 * Each database gets a throwaway stack shaped like the docker-compose deployment (the dev
 * server, the app's database migrated with the demo county, the worker and the API each in a
 * process of their own; the floor's worker in a third), and each concurrency runs floor and
 * app phases alternately `--rounds` times (medians reported), so that drift of a noisy host
 * shows in both. A phase keeps N lifecycles in flight; completions are counted in its window
 * after a ramp.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrismaClient } from '../db';
import { median } from '../domain/rapid-response';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';
import { processTreeCpuSeconds } from './processes';
import { adminQuery, startPostgres, type PostgresServer } from './postgres';
import { startBenchChild } from './bench-e2e/children';
import { floorInspection, floorStepUpdate, type FloorSegment } from './bench-e2e/floor-workflow';
import { inspectionLifecycle } from './bench-e2e/lifecycle';

const log = (message: string) => console.log(`[bench:e2e ${new Date().toISOString().slice(11, 19)}] ${message}`);

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

type Database = 'sqlite' | 'postgresql';

/**
 * The shape of a workflow's history: per step (the start, then each update in turn), the
 * activities that finished while the step's update was open (its answer waited for them) and
 * those that finished after it answered. Counted by completion, so a write the start schedules
 * and the first update waits for (the API's "settled" update) belongs to that update.
 */
export function historyShape(
  events: { workflowExecutionUpdateAcceptedEventAttributes?: unknown; workflowExecutionUpdateCompletedEventAttributes?: unknown; activityTaskCompletedEventAttributes?: unknown }[],
): FloorSegment[] {
  const segments: FloorSegment[] = [{ awaited: 0, background: 0 }];
  let open = false;
  for (const event of events) {
    if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      segments.push({ awaited: 0, background: 0 });
      open = true;
    } else if (event.workflowExecutionUpdateCompletedEventAttributes) {
      open = false;
    } else if (event.activityTaskCompletedEventAttributes) {
      segments[segments.length - 1][open ? 'awaited' : 'background']++;
    }
  }
  return segments;
}

/** What a history weighs for the server: events by kind and its encoded size. */
function historyWeight(history: temporal.api.history.v1.IHistory): string {
  const kinds = new Map<string, number>();
  for (const event of history.events ?? []) {
    const kind = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType);
    const short = kind.replace(/^EVENT_TYPE_/, '');
    kinds.set(short, (kinds.get(short) ?? 0) + 1);
  }
  const bytes = temporal.api.history.v1.History.encode(history).finish().length;
  const byKind = [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  return `${history.events?.length ?? 0} events, ${(bytes / 1024).toFixed(1)} KiB (${byKind})`;
}

/** Who spends the CPU: named processes (their trees) and this one (the lanes and the Temporal client). */
type CpuMeter = () => Record<string, number>;

function cpuMeter(processes: Record<string, number>): CpuMeter {
  return () => {
    const usage = process.cpuUsage();
    const out: Record<string, number> = { bench: (usage.user + usage.system) / 1000 };
    for (const [name, pid] of Object.entries(processes)) out[name] = processTreeCpuSeconds(pid) * 1000;
    return out;
  };
}

interface PhaseResult {
  /** CPU ms per lifecycle ended in the window, by process. */
  cpuMs: Record<string, number>;
  perS: number;
  p50Ms: number | null;
  errors: string[];
  /** The app's steps, median ms (schedule, check-in, submissions). */
  steps?: string;
}

/** Keeps `inFlight` lifecycles going; counts those ending in the window after `rampS`. */
async function phase(inFlight: number, rampS: number, durationS: number, lifecycle: (n: number) => Promise<unknown>, cpu: CpuMeter): Promise<PhaseResult> {
  let stopping = false;
  let counter = 0;
  const ends: { at: number; ms: number }[] = [];
  const errors: string[] = [];
  const lanes = Array.from({ length: inFlight }, async () => {
    while (!stopping) {
      const t = performance.now();
      try {
        await lifecycle(counter++);
        ends.push({ at: performance.now(), ms: performance.now() - t });
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
  });
  await new Promise((r) => setTimeout(r, rampS * 1000));
  const from = performance.now();
  const cpuFrom = cpu();
  await new Promise((r) => setTimeout(r, durationS * 1000));
  const cpuTo = cpu();
  const to = performance.now();
  stopping = true;
  await Promise.all(lanes);
  const inWindow = ends.filter((e) => e.at >= from && e.at < to);
  const cpuMs = Object.fromEntries(Object.keys(cpuTo).map((name) => [name, (cpuTo[name] - cpuFrom[name]) / Math.max(inWindow.length, 1)]));
  return { cpuMs, perS: inWindow.length / ((to - from) / 1000), p50Ms: median(inWindow.map((e) => e.ms)), errors };
}

interface Row {
  database: Database;
  inFlight: number;
  floor: PhaseResult[];
  app: PhaseResult[];
}

async function benchDatabase(database: Database, options: { inFlight: number[]; durationS: number; rampS: number; rounds: number; postgres: () => Promise<PostgresServer> }): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `onevisit-bench-e2e-${database}-`));
  let databaseUrl = `file:${path.join(dir, 'app.db')}`;
  if (database === 'postgresql') {
    const server = await options.postgres();
    const name = `bench_e2e_${randomUUID().slice(0, 8)}`;
    await adminQuery(server, `CREATE DATABASE "${name}"`);
    databaseUrl = server.urlOf(name);
  }
  log(`${database}: starting the stack`);
  const [server] = await Promise.all([startDevServer({ dbFilename: path.join(dir, 'temporal.db'), log, tuned: true }), migrateAndSeed(databaseUrl, { demo: true })]);
  const prisma = createPrismaClient(databaseUrl);
  const appQueue = `bench-e2e-app-${randomUUID()}`;
  const floorQueue = `bench-e2e-floor-${randomUUID()}`;
  const [worker, api, floorWorker] = await Promise.all([
    startBenchChild<{ pid: number }>('--worker', [server.address, appQueue, databaseUrl]),
    startBenchChild<{ pid: number; port: number }>('--api', [server.address, appQueue, databaseUrl]),
    startBenchChild<{ pid: number }>('--floor-worker', [server.address, floorQueue]),
  ]);
  // The database server's own CPU is not counted (PostgreSQL's backends; SQLite runs inside the worker and the API).
  const cpu = cpuMeter({ ...(server.pid ? { 'dev server': server.pid } : {}), worker: worker.pid, api: api.pid, 'floor worker': floorWorker.pid });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  try {
    const app = await inspectionLifecycle(`http://127.0.0.1:${api.ready.port}`, prisma);
    // The floor's shape is read from a real inspection's history (its late activities included).
    const first = await app.run(0);
    await new Promise((r) => setTimeout(r, 2000));
    const history = await client.workflow.getHandle(first.workflowId).fetchHistory();
    const segments = historyShape(history.events ?? []);
    log(`${database}: an inspection's history has ${segments.length - 1} updates and ${segments.reduce((n, s) => n + s.awaited + s.background, 0)} activities: ${JSON.stringify(segments)}`);
    const floor = async () => {
      const handle = await client.workflow.start(floorInspection, { taskQueue: floorQueue, workflowId: `floor-${randomUUID()}`, args: [segments] });
      for (let i = 1; i < segments.length; i++) await handle.executeUpdate(floorStepUpdate);
      return handle;
    };
    const floorHandle = await floor();
    await floorHandle.result();
    log(`${database}: the app's history: ${historyWeight(history)}`);
    // Other workflows an inspection's lifecycle starts or signals (a demo county's own are there from the seed).
    const others: string[] = [];
    for await (const execution of client.workflow.list({ query: `TaskQueue = '${appQueue}'` })) {
      if (execution.workflowId !== first.workflowId) others.push(`${execution.type} ${execution.status.name} ${execution.historyLength}`);
    }
    log(`${database}: other workflows on the app's queue: ${others.length} ${JSON.stringify(others.slice(0, 10))}`);
    log(`${database}: the floor's history: ${historyWeight(await floorHandle.fetchHistory())}`);
    let appCounter = 1;
    const appRun = () => app.run(appCounter++);
    // Warm both (bundles, JIT, connection pools) before anything is counted.
    await phase(Math.min(10, Math.max(...options.inFlight)), 0, 5, floor, cpu);
    await phase(Math.min(10, Math.max(...options.inFlight)), 0, 5, appRun, cpu);
    const rows: Row[] = [];
    for (const inFlight of options.inFlight) {
      const row: Row = { database, inFlight, floor: [], app: [] };
      for (let round = 0; round < options.rounds; round++) {
        for (const which of round % 2 === 0 ? (['floor', 'app'] as const) : (['app', 'floor'] as const)) {
          for (const samples of Object.values(app.stepMs)) samples.length = 0;
          const result = await phase(inFlight, options.rampS, options.durationS, which === 'floor' ? floor : appRun, cpu);
          if (which === 'app') result.steps = Object.entries(app.stepMs).map(([step, ms]) => `${step} ${median(ms)?.toFixed(0)}`).join(', ');
          row[which].push(result);
          log(`${database}: ${inFlight} in flight, ${which}: ${result.perS.toFixed(2)}/s, p50 ${result.p50Ms?.toFixed(0)} ms${result.steps ? ` (${result.steps} ms)` : ''}${result.errors.length ? `, ${result.errors.length} errors (${result.errors[0]})` : ''}; CPU ms per lifecycle: ${describeCpu(result.cpuMs)}`);
        }
      }
      rows.push(row);
    }
    return rows;
  } finally {
    await connection.close();
    await Promise.all([api.stop(), floorWorker.stop()]);
    await worker.stop();
    await prisma.$disconnect();
    await server.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const describeCpu = (cpuMs: Record<string, number>) =>
  Object.entries(cpuMs)
    .filter(([, ms]) => ms >= 0.5)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
    .join(', ');

/** The median of each process's CPU ms per lifecycle over the phases. */
const medianCpu = (results: PhaseResult[]) =>
  Object.fromEntries(Object.keys(results[0]?.cpuMs ?? {}).map((name) => [name, median(results.map((r) => r.cpuMs[name])) ?? 0]));

async function main() {
  const argv = process.argv.slice(2);
  const databases = argValue(argv, 'databases', 'sqlite,postgresql').split(',') as Database[];
  const inFlight = argValue(argv, 'in-flight', '1,20,50').split(',').map(Number);
  const durationS = Number(argValue(argv, 'duration', '15'));
  const rampS = Number(argValue(argv, 'ramp', '3'));
  const rounds = Number(argValue(argv, 'rounds', '2'));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let postgres: PostgresServer | null = null;
  const startedAt = new Date().toISOString();
  const rows: Row[] = [];
  try {
    for (const database of databases) {
      rows.push(...(await benchDatabase(database, { inFlight, durationS, rampS, rounds, postgres: async () => (postgres ??= await startPostgres({ log })) })));
    }
  } finally {
    await (postgres as PostgresServer | null)?.stop();
  }
  const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
  console.log('');
  console.log('| database | in flight | engine floor /s | app /s | app ÷ floor | floor p50 ms | app p50 ms | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const floor = median(row.floor.map((r) => r.perS));
    const app = median(row.app.map((r) => r.perS));
    const errors = [...row.floor, ...row.app].reduce((n, r) => n + r.errors.length, 0);
    console.log(
      `| ${row.database} | ${row.inFlight} | ${fmt(floor)} | ${fmt(app)} | ${floor ? fmt(app! / floor) : '–'} | ${fmt(median(row.floor.map((r) => r.p50Ms ?? NaN)), 0)} | ${fmt(median(row.app.map((r) => r.p50Ms ?? NaN)), 0)} | ${errors} |`,
    );
  }
  console.log('');
  console.log('CPU ms per lifecycle (medians; the database server not counted):');
  console.log('');
  console.log('| database | in flight | floor: by process | floor total | app: by process | app total |');
  console.log('|---|---:|---|---:|---|---:|');
  for (const row of rows) {
    const floor = medianCpu(row.floor);
    const app = medianCpu(row.app);
    const total = (cpu: Record<string, number>) => Object.values(cpu).reduce((n, ms) => n + ms, 0).toFixed(0);
    console.log(`| ${row.database} | ${row.inFlight} | ${describeCpu(floor)} | ${total(floor)} | ${describeCpu(app)} | ${total(app)} |`);
  }
  console.log('');
  console.log(`run ${startedAt}, node ${process.version}, ${os.cpus().length} cores, ${durationS}s per phase after a ${rampS}s ramp, ${rounds} rounds (medians)`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
