/**
 * The processes of a benchmark stack, each started from this file in a mode of its own, as
 * the docker-compose deployment runs them: `--api` (scripts/api.ts's server), `--worker` (the
 * onevisit worker) and `--floor-worker` (bench:e2e's engine floor: the floor workflow and a
 * no-op activity, with the worker settings onevisit's worker uses). Each prints one JSON
 * line when ready and stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createPrismaClient } from '../../db';
import { createOnevisitWorker, WORKFLOW_TASK_SLOTS } from '../../activities/worker';
import { DEFAULT_INSPECTION_POLICY } from '../../domain/inspection';
import { startApi } from '../api';

/**
 * BENCH_PROFILE_DIR=DIR: a V8 CPU profile of this child, written to DIR/<name>.cpuprofile when it
 * stops (open it in Chrome DevTools). BENCH_API_PROFILE=FILE: the API's only.
 * BENCH_WORKER_DEBUG=1: both workers run their workflows on the main thread (the SDK's debugMode),
 * so that the profile covers the workflow code too (it runs on a thread of its own otherwise).
 */
async function startProfiling(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => undefined;
  const session = new (await import('node:inspector/promises')).Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    fs.writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile));
  };
}

const profileFile = (name: string) => (process.env.BENCH_PROFILE_DIR ? path.join(process.env.BENCH_PROFILE_DIR, `${name}.cpuprofile`) : undefined);

/** The API: serves on a free port, prints it, stops on SIGTERM. */
async function apiProcess(argv: string[]) {
  const [address, taskQueue, databaseUrl] = argv;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const api = await startApi({
    address,
    namespace: 'default',
    taskQueue,
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    policy: DEFAULT_INSPECTION_POLICY,
    logLevel: 'silent',
  });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, port: api.port })}\n`);
  const stopProfiling = await startProfiling(process.env.BENCH_API_PROFILE ?? profileFile('api'));
  const lag = (await import('node:perf_hooks')).monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  process.once('SIGTERM', async () => {
    await stopProfiling();
    const cpu = process.cpuUsage(cpu0);
    // The API's own view: how long its event loop was held up, and how busy it was.
    console.error(`[api] event-loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(1)} p99 ${(lag.percentile(99) / 1e6).toFixed(1)} max ${(lag.max / 1e6).toFixed(1)} ms; cpu ${(((cpu.user + cpu.system) / 1e3 / (Date.now() - t0)) * 100).toFixed(0)} %`);
    void api.close().then(() => process.exit(0));
  });
}

async function runWorker(name: string, address: string, create: (connection: NativeConnection) => Promise<Worker>, cleanup: () => Promise<void> = async () => undefined) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stopProfiling = await startProfiling(profileFile(name));
  const connection = await NativeConnection.connect({ address });
  const worker = await create(connection);
  const running = worker.run();
  process.stdout.write(`${JSON.stringify({ pid: process.pid })}\n`);
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await stopProfiling();
  await connection.close();
  await cleanup();
  process.exit(0);
}

/** The onevisit worker: polls the task queue, drains on SIGTERM. */
async function workerProcess(argv: string[]) {
  const [address, taskQueue, databaseUrl] = argv;
  const prisma = createPrismaClient(databaseUrl);
  await runWorker(
    'worker',
    address,
    (connection) => createOnevisitWorker({ connection, namespace: 'default', taskQueue, prisma, tuning: process.env.BENCH_WORKER_DEBUG ? { debugMode: true } : {} }),
    () => prisma.$disconnect(),
  );
}

/** The engine floor's worker: the same slots as onevisit's, an activity that does nothing. */
async function floorWorkerProcess(argv: string[]) {
  const [address, taskQueue] = argv;
  await runWorker('floor-worker', address, (connection) =>
    Worker.create({
      connection,
      namespace: 'default',
      taskQueue,
      workflowsPath: path.resolve(__dirname, 'floor-workflow.ts'),
      activities: { floorNoop: async (step: number) => step },
      maxConcurrentWorkflowTaskExecutions: WORKFLOW_TASK_SLOTS,
      ...(process.env.BENCH_WORKER_DEBUG ? { debugMode: true } : {}),
    }),
  );
}

export interface BenchChild<T> {
  pid: number;
  ready: T;
  stop(): Promise<void>;
}

export type BenchChildMode = '--api' | '--worker' | '--floor-worker';

/** Starts this file in `mode`; resolves with the first line it prints (JSON). */
export function startBenchChild<T extends { pid: number }>(mode: BenchChildMode, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<BenchChild<T>> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe from this process: when it dies, however, the child sees the pipe end and stops too.
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), __filename, mode, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env });
    let out = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('exit', (code) => reject(new Error(`${mode} exited with ${code} before it was ready`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      resolve({
        pid: child.pid!,
        ready: JSON.parse(out.split('\n')[0]) as T,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

const MODES: Record<BenchChildMode, (argv: string[]) => Promise<void>> = { '--api': apiProcess, '--worker': workerProcess, '--floor-worker': floorWorkerProcess };
if (require.main === module) {
  // A benchmark that failed or was killed leaves no worker or API behind (see startBenchChild).
  process.stdin.on('end', () => process.exit(1));
  process.stdin.resume();
  const mode = process.argv[2] as BenchChildMode;
  MODES[mode](process.argv.slice(3)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
