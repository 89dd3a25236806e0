/**
 * What a test file needs to run against the real things: its own SQLite database (a copy of
 * the migrated, seeded template), the shared dev server, a worker on its own task queue.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import type { Config } from '@jest/types';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createPrismaClient, type PrismaClient } from '../../db';
import { createOnevisitWorker, WORKFLOWS_PATH } from '../../activities/worker';

export function temporalAddress(): string {
  const address = process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('ONEVISIT_TEST_TEMPORAL_ADDRESS is not set: run the tests through jest (globalSetup; not with ONEVISIT_TEST_PINNED_ONLY)');
  return address;
}

let runtimeInstalled = false;
function installRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier test file.
  }
}

export interface TestDatabase {
  url: string;
  file: string;
  prisma: PrismaClient;
}

export function createTestDatabase(): TestDatabase {
  const template = process.env.ONEVISIT_TEST_TEMPLATE_DB;
  if (!template) throw new Error('ONEVISIT_TEST_TEMPLATE_DB is not set: run the tests through jest (globalSetup)');
  const file = path.join(path.dirname(template), `${randomUUID()}.db`);
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  return { url, file, prisma: createPrismaClient(url) };
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow code, bundled once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  installRuntime();
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTestWorker(options: {
  prisma: PrismaClient;
  taskQueue?: string;
  /** Where 532 escalations go (the log channel when absent). */
  notifier?: import('../../activities/notifier').NotifierConfig;
}): Promise<TestWorker> {
  installRuntime();
  const taskQueue = options.taskQueue ?? uniqueTaskQueue('test');
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const worker = await createOnevisitWorker({
    connection,
    namespace: 'default',
    taskQueue,
    prisma: options.prisma,
    notifier: options.notifier,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  return {
    worker,
    taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export async function createTestClient(): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return { client: new Client({ connection, namespace: 'default' }), close: () => connection.close() };
}

/** Polls until `check` passes or the time is up (for effects of durable timers). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

export interface TestApi {
  baseUrl: string;
  close(): Promise<void>;
}

/** The real Express app on an ephemeral port, wired to the dev server and the test database. */
export async function startTestApi(options: {
  prisma: PrismaClient;
  taskQueue: string;
  policy?: Partial<import('../../domain/inspection').InspectionPolicy>;
  /** Short "532" clocks for tests. */
  clockPolicy?: import('../../domain/rapid-response').ClockPolicy;
  /** Another Temporal client (the time-skipping server's); the dev server's otherwise. */
  temporal?: Client;
  /** The test database's URL: the API's read cache checks it for changes, as in production. */
  databaseUrl?: string;
}): Promise<TestApi> {
  const { createApp } = await import('../../api/app');
  const { DEFAULT_INSPECTION_POLICY } = await import('../../domain/inspection');
  const pino = (await import('pino')).default;
  const { client, close } = options.temporal ? { client: options.temporal, close: async () => undefined } : await createTestClient();
  const app = createApp({
    prisma: options.prisma,
    temporal: client,
    taskQueue: options.taskQueue,
    policy: { ...DEFAULT_INSPECTION_POLICY, ...options.policy },
    clockPolicy: options.clockPolicy,
    logger: pino({ level: 'silent' }),
    databaseUrl: options.databaseUrl,
    // Tests read the figures right after the change they count.
    statsMaxAgeMs: 0,
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address() as import('node:net').AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
    },
  };
}

/** A bearer token for each seeded officer key (issued in this test database). */
export async function tokensFor(prisma: PrismaClient, keys: string[]): Promise<Record<string, string>> {
  const { issueToken } = await import('../../db');
  const tokens: Record<string, string> = {};
  for (const key of keys) {
    const officer = await prisma.officer.findUniqueOrThrow({ where: { key } });
    tokens[key] = await issueToken(prisma, officer.id, 'test');
  }
  return tokens;
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function httpClient(baseUrl: string) {
  return async function http<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (e.g. the Swagger UI page)
    }
    return { status: response.status, body: body as T, headers: response.headers };
  };
}

export const HISTORIES_DIR = path.resolve(__dirname, '../fixtures/histories');

/**
 * With ONEVISIT_SAVE_HISTORIES=1, stores a finished workflow's history as a replay fixture
 * (test/fixtures/histories); the replay test then guards the workflow code's determinism.
 */
export async function saveHistoryFixture(handle: { workflowId: string }, name: string): Promise<void> {
  if (!process.env.ONEVISIT_SAVE_HISTORIES) return;
  // The CLI writes the proto3 JSON that historyFromJSON reads (protobufjs' own encoder does
  // not survive Jest's module registry).
  const { resolveTemporalCli } = await import('../../scripts/temporal-cli');
  const { execFileSync } = await import('node:child_process');
  const cli = await resolveTemporalCli();
  if (!cli) throw new Error('saving histories needs the Temporal CLI');
  const json = execFileSync(cli.path, ['workflow', 'show', '--workflow-id', handle.workflowId, '--address', temporalAddress(), '--output', 'json'], {
    encoding: 'utf8',
  });
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), json);
}

export interface TestStack {
  db: TestDatabase;
  prisma: PrismaClient;
  worker: TestWorker;
  api: TestApi;
  http: ReturnType<typeof httpClient>;
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The usual API test set-up: a fresh database, a worker, the API over HTTP, tokens for officers.
 * With `startAt`, on the time-skipping server pinned there instead of the dev server: for
 * scenarios that count working days from "today" (orders, legal-review clocks), so their
 * deadlines never depend on the day the suite runs.
 */
export async function startTestStack(options: { officers: string[]; startAt?: string }): Promise<TestStack> {
  if (options.startAt !== undefined) {
    const pinned = await startTimeSkippingApiStack('pinned', options.officers, { startAt: options.startAt });
    return {
      db: pinned.db,
      prisma: pinned.db.prisma,
      // Stopped with the stack.
      worker: { worker: pinned.worker, taskQueue: pinned.taskQueue, stop: async () => undefined },
      api: pinned.api,
      http: pinned.http,
      tokens: pinned.tokens,
      stop: () => pinned.stop(),
    };
  }
  const db = createTestDatabase();
  const worker = await startTestWorker({ prisma: db.prisma });
  const api = await startTestApi({ prisma: db.prisma, taskQueue: worker.taskQueue, databaseUrl: db.url });
  return {
    db,
    prisma: db.prisma,
    worker,
    api,
    http: httpClient(api.baseUrl),
    tokens: await tokensFor(db.prisma, options.officers),
    async stop() {
      await api.close();
      await worker.stop();
      await db.prisma.$disconnect();
    },
  };
}

export interface TimeSkippingOptions {
  /**
   * The instant the server's clock starts at, ISO with an offset (e.g. `2026-03-02T09:00:00+08:00`),
   * so deadlines computed from "now" do not depend on the day the test runs. Absent: the real now.
   */
  startAt?: string;
}

/**
 * Temporal's Java time-skipping test server (for the long legal clocks), one per test file.
 * sdk-core gives the JVM 5 s to listen; the resolver warmed it, a retry covers a slow start.
 */
export async function createTimeSkippingEnvironment(options: TimeSkippingOptions = {}): Promise<import('@temporalio/testing').TestWorkflowEnvironment> {
  installRuntime();
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { resolveTimeSkippingServer, startAtArgs } = await import('../../scripts/time-skipping-server');
  const extraArgs = startAtArgs(options.startAt);
  const path = await resolveTimeSkippingServer();
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path }, extraArgs } });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export interface TimeSkippingStack {
  db: TestDatabase;
  env: import('@temporalio/testing').TestWorkflowEnvironment;
  taskQueue: string;
  worker: Worker;
  /** Skips the server's clock by `ms` (and this process's Date with it, when the start is pinned). */
  sleep(ms: number): Promise<void>;
  /** Skips to `offsetMs` after the instant `instantMs`, if that is still ahead. */
  skipTo(instantMs: number, offsetMs?: number): Promise<void>;
  stop(): Promise<void>;
}

// Every Jest timer but Date stays real: only "what time is it" follows the test server.
const REAL_TIMERS: Config.FakeableAPI[] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

/**
 * On a pinned server the API and the activities of this process must see the server's time,
 * as they see one clock in production: Date starts at the pinned instant, runs on in real time,
 * and is set to the server's time after each skip.
 */
function followServerClock(startMs: number): { sync(env: import('@temporalio/testing').TestWorkflowEnvironment): Promise<void>; release(): void } {
  jest.useFakeTimers({ now: startMs, advanceTimers: true, doNotFake: REAL_TIMERS });
  return {
    async sync(env) {
      jest.setSystemTime(await env.currentTimeMs());
    },
    release() {
      jest.useRealTimers();
    },
  };
}

/** A fresh database and a worker with the real activities on the time-skipping server. */
export async function startTimeSkippingStack(prefix: string, options: TimeSkippingOptions = {}): Promise<TimeSkippingStack> {
  const { Worker } = await import('@temporalio/worker');
  const { createActivities } = await import('../../activities');
  const db = createTestDatabase();
  // Bundling installs the runtime once (installRuntime), before the environment uses it.
  const bundle = await workflowBundle();
  const env = await createTimeSkippingEnvironment(options);
  const { parseStartAt } = await import('../../scripts/time-skipping-server');
  const clock = options.startAt === undefined ? undefined : followServerClock(parseStartAt(options.startAt));
  await clock?.sync(env);
  const taskQueue = uniqueTaskQueue(prefix);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ prisma: db.prisma }),
  });
  const running = worker.run();
  async function sleep(ms: number) {
    await env.sleep(ms);
    await clock?.sync(env);
  }
  return {
    db,
    env,
    taskQueue,
    worker,
    sleep,
    async skipTo(instantMs, offsetMs = 0) {
      const wait = instantMs + offsetMs - (await env.currentTimeMs());
      if (wait > 0) await sleep(wait);
    },
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.prisma.$disconnect();
      clock?.release();
    },
  };
}

/**
 * Request helpers for step-by-step HTTP scenarios: `ok` fails the test with the response body
 * unless the status is the expected one; `waitForStatus` polls an inspection's detail.
 */
export function httpSteps(http: ReturnType<typeof httpClient>, readerToken: string) {
  async function ok<T = any>(method: string, path: string, token: string, body?: unknown, expected = 200): Promise<T> {
    const res = await http(method, path, { token: token || undefined, body });
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
  const inspection = (id: string) => ok('GET', `/api/inspections/${id}`, readerToken);
  const waitForStatus = (id: string, status: string) =>
    eventually(async () => {
      const detail = await inspection(id);
      if (detail.inspection.status !== status) throw new Error(`inspection ${id} is ${detail.inspection.status}, waiting for ${status}`);
      return detail;
    });
  return { ok, inspection, waitForStatus };
}

export interface TimeSkippingApiStack extends TimeSkippingStack {
  api: TestApi;
  http: ReturnType<typeof httpClient>;
  tokens: Record<string, string>;
  steps: ReturnType<typeof httpSteps>;
}

/**
 * The API over real HTTP on the time-skipping server, for end-to-end scenarios whose clocks
 * run for days: a fresh database, a worker with the real activities, the Express app on the
 * test server's client, and tokens for `officers` (the first one reads inspections in `steps`).
 */
export async function startTimeSkippingApiStack(
  prefix: string,
  officers: string[],
  options: TimeSkippingOptions = {},
): Promise<TimeSkippingApiStack> {
  const stack = await startTimeSkippingStack(prefix, options);
  const api = await startTestApi({ prisma: stack.db.prisma, taskQueue: stack.taskQueue, temporal: stack.env.client, databaseUrl: stack.db.url });
  const http = httpClient(api.baseUrl);
  const tokens = await tokensFor(stack.db.prisma, officers);
  return {
    ...stack,
    api,
    http,
    tokens,
    steps: httpSteps(http, tokens[officers[0]]),
    async stop() {
      await api.close();
      await stack.stop();
    },
  };
}
