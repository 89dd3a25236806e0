/**
 * `npm run bench:api`: read latency of the inspection detail, the inspection list and
 * /api/stats under an open-loop read load, while joint inspections run their lifecycle over
 * HTTP at the same time, and how much the read load slows the lifecycle. Everything is local
 * and throwaway, shaped like the docker-compose deployment: its own dev server (persisted to a
 * temp SQLite file), its own migrated and seeded database, the worker and the API each in a
 * process of its own (as `npm run worker` and `npm run api` run them), the lifecycle's HTTP
 * clients in this one, so workflow tasks and reads do not take turns on one event loop.
 *
 *   npm run bench:api -- [--rates 50,200,500] [--duration 30] [--lanes 20] [--warmup 40] [--engine-nice 0] [--profile-api FILE]
 *
 * Phases, one after another on the same stack: no reads, then each rate, then no reads again
 * (the lifecycle's baseline is the median of the read-free phases). Reads are offered
 * open-loop — one request every 1/rate s whether or not earlier ones have answered — from a
 * child process (so the load generator does not share the API's event loop), cycling over the
 * detail of a random inspection (closed or open), the first list page and the year's stats.
 * A lane loops schedule → check-in → two departments submit (no finding) → CLOSED
 * (scripts/bench-e2e/lifecycle.ts, each visit to a business of its own, as bench:e2e does).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrismaClient } from '../db';
import { median, percentile } from '../domain/rapid-response';
import { startDevServer } from './dev-server';
import { migrateAndSeed } from './migrate';
import { startBenchChild } from './bench-e2e/children';
import { inspectionLifecycle } from './bench-e2e/lifecycle';

const log = (message: string) => console.log(`[bench:api ${new Date().toISOString().slice(11, 19)}] ${message}`);

type ReadKind = 'detail' | 'list' | 'stats';
interface ReadSample {
  kind: ReadKind;
  ms: number;
  /** When it was due, ms after the phase's first read. */
  dueMs: number;
  ok: boolean;
  /** What went wrong: the HTTP status, or the client's error code. */
  failure?: string;
}

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

/** The child: offers `rate` reads per second for `durationS`, open-loop, and prints the samples. */
async function reader(argv: string[]) {
  const [baseUrl, token, rateText, durationText, idsFile, year] = argv;
  const rate = Number(rateText);
  const durationMs = Number(durationText) * 1000;
  const ids = JSON.parse(fs.readFileSync(idsFile, 'utf8')) as string[];
  const kinds: ReadKind[] = ['detail', 'list', 'stats'];
  const pathOf = (kind: ReadKind, i: number) =>
    kind === 'detail' ? `/api/inspections/${ids[(i * 7919) % ids.length]}` : kind === 'list' ? '/api/inspections?pageSize=20' : `/api/stats?year=${year}`;
  const samples: ReadSample[] = [];
  const pending: Promise<void>[] = [];
  const startedAt = Date.now();
  const t0 = performance.now();
  const interval = 1000 / rate;
  for (let i = 0; ; i++) {
    const due = t0 + i * interval;
    if (due - t0 >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const kind = kinds[i % kinds.length];
    // Latency counts from the intended send time: a stalled generator shows up as latency too.
    pending.push(
      fetch(`${baseUrl}${pathOf(kind, i)}`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (res) => {
          await res.arrayBuffer();
          samples.push({ kind, ms: performance.now() - due, dueMs: due - t0, ok: res.status === 200, ...(res.status === 200 ? {} : { failure: `HTTP ${res.status}` }) });
        })
        .catch((error: Error & { cause?: { code?: string } }) => {
          samples.push({ kind, ms: performance.now() - due, dueMs: due - t0, ok: false, failure: error.cause?.code ?? error.name });
        }),
    );
  }
  const endedAt = Date.now();
  await Promise.all(pending);
  process.stdout.write(JSON.stringify({ startedAt, endedAt, samples }));
}

interface ReaderResult {
  startedAt: number;
  endedAt: number;
  samples: ReadSample[];
}

function runReader(args: string[]): Promise<ReaderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), __filename, '--reader', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ReaderResult) : reject(new Error(`reader exited with ${code}`))));
  });
}

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(1));

async function main() {
  const argv = process.argv.slice(2);
  const rates = argValue(argv, 'rates', '50,200,500').split(',').map(Number);
  const durationS = Number(argValue(argv, 'duration', '30'));
  const lanes = Number(argValue(argv, 'lanes', '20'));
  const warmup = Number(argValue(argv, 'warmup', '40'));
  // The engine's niceness (the worker process and the dev server), the API's and the clients'
  // staying 0: how a host that runs both would favour the interactive process (docker-compose:
  // cpu_shares). 0 = everything at the same priority.
  const engineNice = Number(argValue(argv, 'engine-nice', '0'));

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-bench-api-'));
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  const [server] = await Promise.all([
    startDevServer({ dbFilename: path.join(dir, 'temporal.db'), log, tuned: true }),
    migrateAndSeed(databaseUrl, { demo: true }),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  const taskQueue = `bench-api-${randomUUID()}`;
  const worker = await startBenchChild<{ pid: number }>('--worker', [server.address, taskQueue, databaseUrl]);
  if (engineNice !== 0) {
    os.setPriority(worker.ready.pid, engineNice);
    if (server.pid) os.setPriority(server.pid, engineNice);
  }
  const profileApi = argValue(argv, 'profile-api', '');
  const api = await startBenchChild<{ pid: number; port: number }>('--api', [server.address, taskQueue, databaseUrl], {
    ...process.env,
    ...(profileApi ? { BENCH_API_PROFILE: path.resolve(profileApi) } : {}),
  });
  const baseUrl = `http://127.0.0.1:${api.ready.port}`;

  const app = await inspectionLifecycle(baseUrl, prisma);
  const { leaderToken: leader, today } = app;
  const call = async (method: string, p: string, bearer: string) => {
    const res = await fetch(`${baseUrl}${p}`, { method, headers: { authorization: `Bearer ${bearer}` } });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const ids: string[] = [];
  const completions: number[] = [];
  const lifecycleErrors: string[] = [];
  const lifecycle = async (n: number) => {
    ids.push((await app.run(n)).id);
    completions.push(Date.now());
  };

  log(`warm-up: ${warmup} lifecycles`);
  let counter = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (counter < warmup) await lifecycle(counter++);
  }));

  // Service time of each read alone (one at a time, no lifecycle running): the floor under the latencies.
  const serialReads = async () => {
    const serial: Record<string, number | null> = {};
    for (const [name, p] of [['detail', `/api/inspections/${ids[0]}`], ['list', '/api/inspections?pageSize=20'], ['stats', `/api/stats?year=${today.slice(0, 4)}`]]) {
      const ms: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await call('GET', p, leader);
        if (i >= 10) ms.push(performance.now() - t);
      }
      serial[name] = median(ms);
    }
    return `${ids.length} inspections: ${Object.entries(serial).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`;
  };
  const serialBefore = await serialReads();
  log(`serial reads, median ms, ${serialBefore}`);

  let stopping = false;
  const laneRuns = Array.from({ length: lanes }, async () => {
    while (!stopping) {
      try {
        await lifecycle(counter++);
      } catch (error) {
        lifecycleErrors.push((error as Error).message);
      }
    }
  });

  const year = today.slice(0, 4);
  const phases = [0, ...rates, 0];
  const results: { rate: number; perS: number; samples: ReadSample[] }[] = [];
  for (const rate of phases) {
    const idsFile = path.join(dir, 'ids.json');
    fs.writeFileSync(idsFile, JSON.stringify(ids));
    log(`phase: ${rate} reads/s for ${durationS}s (${ids.length} inspections so far)`);
    let window: ReaderResult;
    if (rate > 0) {
      // The lifecycle is counted over the reader's own sending window (its start-up excluded).
      window = await runReader([baseUrl, leader, String(rate), String(durationS), idsFile, year]);
    } else {
      const startedAt = Date.now();
      await new Promise((r) => setTimeout(r, durationS * 1000));
      window = { startedAt, endedAt: Date.now(), samples: [] };
    }
    const done = completions.filter((t) => t >= window.startedAt && t < window.endedAt).length;
    results.push({ rate, perS: done / ((window.endedAt - window.startedAt) / 1000), samples: window.samples });
  }
  stopping = true;
  await Promise.all(laneRuns);
  const serialAfter = await serialReads();

  // --samples FILE: every read (phase rate, kind, when due, latency), to see when the slow ones came.
  const samplesFile = argValue(argv, 'samples', '');
  if (samplesFile) fs.writeFileSync(samplesFile, JSON.stringify(results.map((r) => ({ rate: r.rate, samples: r.samples }))));
  const baseline = median(results.filter((r) => r.rate === 0).map((r) => r.perS))!;
  console.log('');
  console.log(`| reads/s offered | reads answered | errors | endpoint | p50 ms | p95 ms | p99 ms | lifecycles/s | vs no reads |`);
  console.log(`|---:|---:|---:|---|---:|---:|---:|---:|---:|`);
  for (const r of results) {
    const ratio = (r.perS / baseline).toFixed(2);
    if (r.rate === 0) {
      console.log(`| 0 | – | – | – | – | – | – | ${r.perS.toFixed(2)} | ${ratio} |`);
      continue;
    }
    const groups: [string, ReadSample[]][] = [['all', r.samples], ...(['detail', 'list', 'stats'] as const).map((k) => [k, r.samples.filter((s) => s.kind === k)] as [string, ReadSample[]])];
    groups.forEach(([name, group], i) => {
      const ms = group.map((s) => s.ms);
      const errors = group.filter((s) => !s.ok).length;
      console.log(
        `| ${i === 0 ? r.rate : ''} | ${group.length} | ${errors} | ${name} | ${fmt(median(ms))} | ${fmt(percentile(ms, 95))} | ${fmt(percentile(ms, 99))} | ${i === 0 ? r.perS.toFixed(2) : ''} | ${i === 0 ? ratio : ''} |`,
      );
    });
  }
  const failures = new Map<string, number>();
  for (const sample of results.flatMap((r) => r.samples)) if (sample.failure) failures.set(sample.failure, (failures.get(sample.failure) ?? 0) + 1);
  console.log('');
  if (failures.size > 0) console.log(`read errors: ${[...failures].map(([what, n]) => `${what} × ${n}`).join(', ')}`);
  console.log(`lifecycle baseline (median of the read-free phases): ${baseline.toFixed(2)}/s with ${lanes} lanes; lifecycle errors: ${lifecycleErrors.length}`);
  if (lifecycleErrors.length > 0) console.log(`first lifecycle error: ${lifecycleErrors[0]}`);
  console.log(`serial read service time (median ms, nothing else running), at ${serialBefore}; at ${serialAfter}`);
  console.log(`run on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores, ${durationS}s per phase, engine nice ${engineNice}`);

  await api.stop();
  await worker.stop();
  await prisma.$disconnect();
  await server.teardown();
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === '--reader') {
  reader(process.argv.slice(3)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
