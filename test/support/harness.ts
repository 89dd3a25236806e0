/**
 * What a test file needs to run against the real things: its own database (a copy of the
 * migrated, seeded template: a SQLite file, or with `npm run test:pg` a PostgreSQL database
 * made from the template database), the shared dev server, a worker on its own task queue.
 * A test file sets itself up with one use…() call (useTestStack, useWorkflowStack,
 * useTimeSkippingStack, at the end of this file); the start… functions are its parts.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, jest } from '@jest/globals';
import type { Config } from '@jest/types';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser } from 'playwright-core';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createPrismaClient, type PrismaClient } from '../../db';
import { createOnevisitWorker, WORKFLOWS_PATH } from '../../activities/worker';
import type { InspectionPolicy } from '../../domain/inspection';
import type { ClockPolicy } from '../../domain/rapid-response';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

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
  prisma: PrismaClient;
}

/** Which database the suite runs on (`npm test`: SQLite; `npm run test:pg`: PostgreSQL). */
export function testDatabaseProvider(): 'sqlite' | 'postgresql' {
  return process.env.ONEVISIT_TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';
}

/**
 * `CREATE DATABASE name TEMPLATE template`, synchronously (a child process), so that a test
 * file's database exists when the file is loaded, as a copied SQLite file does.
 */
function createPostgresDatabaseFrom(templateUrl: string, name: string): string {
  const adminUrl = process.env.ONEVISIT_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('ONEVISIT_TEST_PG_ADMIN_URL is not set: run the tests through jest (globalSetup)');
  const template = new URL(templateUrl).pathname.slice(1);
  const script = `
    const { Client } = require('pg');
    (async () => {
      for (let attempt = 1; ; attempt++) {
        const client = new Client({ connectionString: process.env.ADMIN_URL });
        await client.connect();
        try {
          await client.query('CREATE DATABASE "' + process.env.NAME + '" TEMPLATE "' + process.env.TEMPLATE + '"');
          return;
        } catch (error) {
          // 55006: another session is copying the same template at this moment.
          if (error.code !== '55006' || attempt >= 50) throw error;
          await new Promise((r) => setTimeout(r, 100));
        } finally {
          await client.end();
        }
      }
    })().catch((error) => { console.error(error.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, ADMIN_URL: adminUrl, NAME: name, TEMPLATE: template },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`could not create test database ${name}: ${result.stderr}`);
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The columns of a table as the database has them (not as the client thinks). */
export async function tableColumns(prisma: PrismaClient, table: string): Promise<string[]> {
  const rows =
    testDatabaseProvider() === 'postgresql'
      ? await prisma.$queryRaw<{ name: string }[]>`SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`
      : await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pragma_table_info(${table})`;
  return rows.map((r) => r.name);
}

/** A fresh database: the demo county's, or with `county: 'own'` the catalog only (a county's own install). */
export function createTestDatabase(options: { county?: 'demo' | 'own' } = {}): TestDatabase {
  const variable = options.county === 'own' ? 'ONEVISIT_TEST_EMPTY_TEMPLATE_DB' : 'ONEVISIT_TEST_TEMPLATE_DB';
  const template = process.env[variable];
  if (!template) throw new Error(`${variable} is not set: run the tests through jest (globalSetup)`);
  if (testDatabaseProvider() === 'postgresql') {
    const url = createPostgresDatabaseFrom(template, `${process.env.ONEVISIT_TEST_PG_PREFIX ?? 'onevisit_test_'}${randomUUID().replace(/-/g, '')}`);
    return { url, prisma: createPrismaClient(url) };
  }
  const file = path.join(path.dirname(template), `${randomUUID()}.db`);
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  return { url, prisma: createPrismaClient(url) };
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

/** One day in milliseconds, for skipping time on the test server. */
export const DAY = 86_400_000;

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
  policy?: Partial<InspectionPolicy>;
  /** Short "532" clocks for tests. */
  clockPolicy?: ClockPolicy;
  /** Another Temporal client (the time-skipping server's); the dev server's otherwise. */
  temporal?: Client;
  /** The test database's URL: the API's read cache checks it for changes, as in production. */
  databaseUrl?: string;
  auth?: ApiOptions['auth'];
  evidence?: ApiOptions['evidence'];
  publishInspectionResults?: boolean;
}): Promise<TestApi> {
  const { createApp } = await import('../../api/app');
  const { DEFAULT_INSPECTION_POLICY } = await import('../../domain/inspection');
  const pino = (await import('pino')).default;
  const { client, close } = options.temporal ? { client: options.temporal, close: async () => undefined } : await createTestClient();
  // Without given settings, evidence files go to a folder of this API's own, removed on close.
  const ownEvidence = options.evidence ? undefined : await testEvidenceSettings();
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
    ...options.auth,
    evidence: options.evidence ?? ownEvidence,
    publishInspectionResults: options.publishInspectionResults ?? false,
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
      if (ownEvidence) fs.rmSync((ownEvidence.store as { root?: string }).root!, { recursive: true, force: true });
    },
  };
}

/** Evidence settings for a test API: the default limits, files in a fresh temporary folder (removed with the folder). */
export async function testEvidenceSettings(): Promise<import('../../db').EvidenceSettings> {
  const { localEvidenceStore } = await import('../../db');
  const { DEFAULT_EVIDENCE_POLICY } = await import('../../domain/evidence');
  const os = await import('node:os');
  return { store: localEvidenceStore(fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-evidence-'))), policy: DEFAULT_EVIDENCE_POLICY };
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

/** `baseUrl` may be a function: the address of an API that a beforeAll starts later. */
export function httpClient(baseUrl: string | (() => string)) {
  const base = typeof baseUrl === 'function' ? baseUrl : () => baseUrl;
  return async function http<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base()}${path}`, {
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
export async function createTimeSkippingEnvironment(options: TimeSkippingOptions = {}): Promise<TestWorkflowEnvironment> {
  installRuntime();
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { resolveTimeSkippingServer, startAtArgs } = await import('../../scripts/time-skipping-server');
  const extraArgs = startAtArgs(options.startAt);
  const path = await resolveTimeSkippingServer();
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path }, extraArgs } });
    } catch (error) {
      // The SDK gives a starting server 5 s; on a machine busy with other work that is sometimes
      // too little. Wait a little longer before each new try rather than fail the whole file.
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 2000));
    }
  }
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
function followServerClock(startMs: number): { sync(env: TestWorkflowEnvironment): Promise<void>; release(): void } {
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

/**
 * Request helpers for step-by-step HTTP scenarios: `ok` fails the test with the response body
 * unless the status is the expected one; `waitForStatus` polls an inspection's detail (read
 * with the token `readerToken` gives when called).
 */
export function httpSteps(http: Http, readerToken: () => string) {
  async function ok<T = any>(method: string, path: string, token: string, body?: unknown, expected = 200): Promise<T> {
    const res = await http(method, path, { token: token || undefined, body });
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
  const inspection = (id: string) => ok('GET', `/api/inspections/${id}`, readerToken());
  const waitForStatus = (id: string, status: string) =>
    eventually(async () => {
      const detail = await inspection(id);
      if (detail.inspection.status !== status) throw new Error(`inspection ${id} is ${detail.inspection.status}, waiting for ${status}`);
      return detail;
    });
  return { ok, inspection, waitForStatus };
}

/** The cause of a refused workflow update: it must be a rule's ApplicationFailure (whose `type` is the stable code). */
export async function updateRefusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause;
}

/** The update is refused by the rule `code`; returns the failure for further checks. */
export async function expectRule(promise: Promise<unknown>, code: string): Promise<ApplicationFailure> {
  const cause = await updateRefusal(promise);
  expect(cause.type).toBe(code);
  return cause;
}

/** None of these workflows failed, and none has an activity retrying (a calendar error would). */
export async function expectNothingRetrying(stack: { env: TestWorkflowEnvironment }, workflowIds: string[]): Promise<void> {
  for (const workflowId of workflowIds) {
    const description = await stack.env.client.workflow.getHandle(workflowId).describe();
    expect({ workflowId, status: description.status.name }).toMatchObject({ status: expect.stringMatching(/RUNNING|COMPLETED/) });
    for (const activity of description.raw.pendingActivities ?? []) {
      expect({ workflowId, activity: activity.activityType?.name, attempt: activity.attempt }).toMatchObject({ attempt: 1 });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One set-up per test file: a use…() call registers the file's beforeAll (start) and afterAll
// (stop) and returns the stack at once, so the file can name its parts at module level.
// ---------------------------------------------------------------------------------------------

/** Starting may wait for the time-skipping server's JVM and the workflow bundle. */
const START_TIMEOUT_MS = 180_000;

/** What a stack must stop, the last started first; a step that fails does not keep the rest running. */
class Teardown {
  private readonly steps: (() => unknown)[] = [];
  add(step: () => unknown): void {
    this.steps.unshift(step);
  }
  async run(): Promise<void> {
    let failure: unknown;
    for (const step of this.steps.splice(0)) {
      try {
        await step();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}

const notStarted = (what: string) =>
  `${what} is not started: it exists in the tests and in hooks declared after the use…() call, if it was asked for`;

/**
 * Stands for an object the file's beforeAll creates, so that a test file can name it at module
 * level: each property read is forwarded to the object once it exists, and fails before.
 */
function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = current();
      if (target === undefined) throw new Error(notStarted(what));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Registers the hooks: `start` records in `teardown` what to stop, so a half-way start is stopped too. */
function useStarted<T>(start: () => Promise<T>, teardown: Teardown): () => T | undefined {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, START_TIMEOUT_MS);
  afterAll(() => teardown.run());
  return () => started;
}

/**
 * The file's own database, created when the file is loaded: copying the template is
 * synchronous and Prisma connects on first use, so `prisma` is a real client from the start.
 */
function fileDatabase(teardown: Teardown, county?: 'demo' | 'own'): TestDatabase {
  const db = createTestDatabase({ county });
  teardown.add(() => db.prisma.$disconnect());
  return db;
}

export interface WorkerOptions {
  /** Sends the worker's 532 escalations and notifications to a real webhook receiver (the log channel otherwise); on the time-skipping server too. */
  webhook?: { dutyLeaderKey: string; status?: (body: Record<string, any>) => number };
}

interface StartedWorker {
  worker: TestWorker;
  webhook?: WebhookReceiver;
}

async function startWorkerWith(prisma: PrismaClient, options: WorkerOptions, teardown: Teardown): Promise<StartedWorker> {
  const receiver = options.webhook && (await startWebhookReceiver({ status: options.webhook.status }));
  if (receiver) teardown.add(receiver.close);
  const worker = await startTestWorker({
    prisma,
    notifier: receiver && { channel: 'webhook', webhookUrl: receiver.url, dutyLeaderKey: options.webhook!.dutyLeaderKey },
  });
  teardown.add(worker.stop);
  return { worker, webhook: receiver };
}

export interface WorkerHandle {
  worker: TestWorker;
  /** Only with the `webhook` option. */
  webhook: WebhookReceiver;
}

function workerHandle(what: string, current: () => StartedWorker | undefined): WorkerHandle {
  return {
    worker: lateBound(what, () => current()?.worker),
    webhook: lateBound(`the webhook receiver of ${what}`, () => current()?.webhook),
  };
}

export interface WorkflowStack<K extends string = never> extends WorkerHandle {
  db: TestDatabase;
  prisma: PrismaClient;
  /** A client of the dev server. */
  client: Client;
  /** The further workers of `workers`, each on its own task queue. */
  workers: Record<K, WorkerHandle>;
}

/**
 * Workflow tests on the dev server: a fresh database, a client, and a worker on its own task
 * queue (none with `worker: false`), plus named `workers` with other options.
 */
export function useWorkflowStack<K extends string = never>(
  options: WorkerOptions & { worker?: false; workers?: Record<K, WorkerOptions> } = {},
): WorkflowStack<K> {
  const teardown = new Teardown();
  const db = fileDatabase(teardown);
  const names = Object.keys(options.workers ?? {}) as K[];
  const current = useStarted(async () => {
    const main = options.worker === false ? undefined : await startWorkerWith(db.prisma, options, teardown);
    const workers = {} as Record<K, StartedWorker>;
    for (const name of names) workers[name] = await startWorkerWith(db.prisma, options.workers![name], teardown);
    const { client, close } = await createTestClient();
    teardown.add(close);
    return { main, workers, client };
  }, teardown);
  return {
    db,
    prisma: db.prisma,
    client: lateBound('the Temporal client', () => current()?.client),
    ...workerHandle('the worker', () => current()?.main),
    workers: Object.fromEntries(names.map((name) => [name, workerHandle(`the worker "${name}"`, () => current()?.workers[name])])) as Record<K, WorkerHandle>,
  };
}

interface StartedTimeSkipping {
  env: TestWorkflowEnvironment;
  worker: Worker;
  sleep(ms: number): Promise<void>;
  skipTo(instantMs: number, offsetMs?: number): Promise<void>;
}

/** The time-skipping server and a worker with the real activities on it, for `db`. */
async function startTimeSkipping(
  options: TimeSkippingOptions & { db: TestDatabase; taskQueue: string; notifier?: import('../../activities/notifier').NotifierConfig },
  teardown: Teardown,
): Promise<StartedTimeSkipping> {
  const { Worker } = await import('@temporalio/worker');
  const { createActivities } = await import('../../activities');
  const { parseStartAt } = await import('../../scripts/time-skipping-server');
  // Bundling installs the runtime once (installRuntime), before the environment uses it.
  const bundle = await workflowBundle();
  const following: { clock?: ReturnType<typeof followServerClock> } = {};
  // Date is real again once the worker and the server are gone.
  teardown.add(() => following.clock?.release());
  const env = await createTimeSkippingEnvironment(options);
  teardown.add(() => env.teardown());
  const clock = options.startAt === undefined ? undefined : followServerClock(parseStartAt(options.startAt));
  following.clock = clock;
  await clock?.sync(env);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ prisma: options.db.prisma, notifier: options.notifier }),
  });
  const running = worker.run();
  teardown.add(async () => {
    worker.shutdown();
    await running;
  });
  async function sleep(ms: number) {
    await env.sleep(ms);
    await clock?.sync(env);
  }
  return {
    env,
    worker,
    sleep,
    async skipTo(instantMs, offsetMs = 0) {
      const wait = instantMs + offsetMs - (await env.currentTimeMs());
      if (wait > 0) await sleep(wait);
    },
  };
}

export interface TimeSkippingStack {
  db: TestDatabase;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  worker: Worker;
  /** Skips the server's clock by `ms` (and this process's Date with it, when the start is pinned). */
  sleep(ms: number): Promise<void>;
  /** Skips to `offsetMs` after the instant `instantMs`, if that is still ahead. */
  skipTo(instantMs: number, offsetMs?: number): Promise<void>;
}

function startedOrThrow<T>(what: string, current: () => T | undefined): () => T {
  return () => {
    const value = current();
    if (value === undefined) throw new Error(notStarted(what));
    return value;
  };
}

function timeSkippingHandle(db: TestDatabase, taskQueue: string, current: () => StartedTimeSkipping | undefined): TimeSkippingStack {
  const now = startedOrThrow('the time-skipping server', current);
  return {
    db,
    taskQueue,
    env: lateBound('the time-skipping server', () => current()?.env),
    worker: lateBound('the worker', () => current()?.worker),
    sleep: (ms) => now().sleep(ms),
    skipTo: (instantMs, offsetMs) => now().skipTo(instantMs, offsetMs),
  };
}

/** Workflow tests on Temporal's time-skipping server: a fresh database and a worker with the real activities. */
export function useTimeSkippingStack(name: string, options: TimeSkippingOptions = {}): TimeSkippingStack {
  const teardown = new Teardown();
  const db = fileDatabase(teardown);
  const taskQueue = uniqueTaskQueue(name);
  const current = useStarted(() => startTimeSkipping({ ...options, db, taskQueue }, teardown), teardown);
  return timeSkippingHandle(db, taskQueue, current);
}

/** The time-skipping server alone (no database, no worker). */
export function useTimeSkippingEnvironment(options: TimeSkippingOptions = {}): TestWorkflowEnvironment {
  const teardown = new Teardown();
  const current = useStarted(async () => {
    const env = await createTimeSkippingEnvironment(options);
    teardown.add(() => env.teardown());
    return env;
  }, teardown);
  return lateBound('the time-skipping server', current);
}

type Http = ReturnType<typeof httpClient>;

export interface ApiOptions {
  policy?: Partial<InspectionPolicy>;
  /** Short "532" clocks for tests. */
  clockPolicy?: ClockPolicy;
  /** Login limits and the account policy, where a test needs other values than the defaults. */
  auth?: Pick<import('../../api/app').AppDeps, 'loginLimits' | 'authFailuresPerMinute' | 'accountPolicy'>;
  /** Where evidence files go (a fresh local folder under the system's temp folder when absent). */
  evidence?: import('../../db').EvidenceSettings;
  /** 检查结果公示 on (off when absent, as in a county that has not chosen it). */
  publishInspectionResults?: boolean;
}

export interface ApiHandle {
  api: TestApi;
  /** Requests to `api`. */
  http: Http;
}

export interface TestStackOptions<K extends string> extends ApiOptions, WorkerOptions {
  /** Seeded officer keys to issue bearer tokens for (in `tokens`). */
  officers: string[];
  /**
   * On the time-skipping server pinned at this instant instead of the dev server: for scenarios
   * that count working days from "today" (orders, legal-review clocks), so their deadlines never
   * depend on the day the suite runs.
   */
  startAt?: string;
  /** Names the task queue. */
  name?: string;
  /** 'own': a database with the catalog only — no demo county, no officers (`officers` must be empty). */
  county?: 'demo' | 'own';
  /** More APIs on the same database and worker with other policies, by name. */
  apis?: Record<K, ApiOptions>;
  /** The main API's own Temporal connection, when it must not share the harness's (e.g. a relay the test cuts). */
  engine?: () => Promise<{ client: Client; close(): Promise<void> }>;
}

export interface TestStack<K extends string = never> extends ApiHandle {
  db: TestDatabase;
  prisma: PrismaClient;
  worker: TestWorker;
  /** Only with the `webhook` option. */
  webhook: WebhookReceiver;
  tokens: Record<string, string>;
  apis: Record<K, ApiHandle>;
}

export interface PinnedTestStack<K extends string = never> extends TestStack<K>, Omit<TimeSkippingStack, 'worker'> {
  /** Step helpers that read inspections as the first of `officers`. */
  steps: ReturnType<typeof httpSteps>;
}

interface StartedApiStack {
  worker: StartedWorker;
  api: TestApi;
  apis: Record<string, TestApi>;
  timeSkipping?: StartedTimeSkipping;
}

async function startApiStack<K extends string>(
  options: TestStackOptions<K>,
  parts: { db: TestDatabase; taskQueue: string; tokens: Record<string, string>; timeSkipping: boolean },
  teardown: Teardown,
): Promise<StartedApiStack> {
  const { db } = parts;
  let worker: StartedWorker;
  let timeSkipping: StartedTimeSkipping | undefined;
  if (parts.timeSkipping) {
    if (options.engine) throw new Error('a stack on the time-skipping server has no engine option');
    const receiver = options.webhook && (await startWebhookReceiver({ status: options.webhook.status }));
    if (receiver) teardown.add(receiver.close);
    const notifier = receiver && { channel: 'webhook' as const, webhookUrl: receiver.url, dutyLeaderKey: options.webhook!.dutyLeaderKey };
    timeSkipping = await startTimeSkipping({ startAt: options.startAt, db, taskQueue: parts.taskQueue, notifier }, teardown);
    // Stopped with the server.
    worker = { worker: { worker: timeSkipping.worker, taskQueue: parts.taskQueue, stop: async () => undefined }, webhook: receiver };
  } else {
    worker = await startWorkerWith(db.prisma, options, teardown);
  }
  async function startApi(apiOptions: ApiOptions, engine?: TestStackOptions<K>['engine']) {
    const connection = engine && (await engine());
    if (connection) teardown.add(connection.close);
    const api = await startTestApi({
      prisma: db.prisma,
      taskQueue: worker.worker.taskQueue,
      policy: apiOptions.policy,
      clockPolicy: apiOptions.clockPolicy,
      temporal: connection?.client ?? timeSkipping?.env.client,
      databaseUrl: db.url,
      auth: apiOptions.auth,
      evidence: apiOptions.evidence,
      publishInspectionResults: apiOptions.publishInspectionResults,
    });
    teardown.add(api.close);
    return api;
  }
  const api = await startApi(options, options.engine);
  const apis: Record<string, TestApi> = {};
  for (const [name, apiOptions] of Object.entries<ApiOptions>(options.apis ?? {})) apis[name] = await startApi(apiOptions);
  Object.assign(parts.tokens, await tokensFor(db.prisma, options.officers));
  return { worker, api, apis, timeSkipping };
}

function apiHandle(what: string, current: () => TestApi | undefined): ApiHandle {
  const api = lateBound(what, current);
  return { api, http: httpClient(() => api.baseUrl) };
}

/**
 * The usual API test set-up: a fresh database, a worker, the real Express app over HTTP and
 * tokens for `officers`; on the dev server, or with `startAt` on the pinned time-skipping server
 * (then the stack also skips time). Registers the file's beforeAll/afterAll: call it at the top
 * of the file (or of a describe), and read the parts in the tests.
 */
export function useTestStack<K extends string = never>(options: TestStackOptions<K> & { startAt: string }): PinnedTestStack<K>;
export function useTestStack<K extends string = never>(options: TestStackOptions<K>): TestStack<K>;
export function useTestStack<K extends string = never>(options: TestStackOptions<K>): TestStack<K> | PinnedTestStack<K> {
  const teardown = new Teardown();
  const db = fileDatabase(teardown, options.county);
  const timeSkipping = options.startAt !== undefined;
  const taskQueue = uniqueTaskQueue(options.name ?? (timeSkipping ? 'pinned' : 'test'));
  const tokens: Record<string, string> = {};
  const current = useStarted(() => startApiStack(options, { db, taskQueue, tokens, timeSkipping }, teardown), teardown);
  const stack: TestStack<K> = {
    db,
    prisma: db.prisma,
    ...apiHandle('the API', () => current()?.api),
    ...workerHandle('the worker', () => current()?.worker),
    tokens,
    apis: Object.fromEntries(
      Object.keys(options.apis ?? {}).map((name) => [name, apiHandle(`the API "${name}"`, () => current()?.apis[name])]),
    ) as Record<K, ApiHandle>,
  };
  if (!timeSkipping) return stack;
  return {
    ...timeSkippingHandle(db, taskQueue, () => current()?.timeSkipping),
    ...stack,
    steps: httpSteps(stack.http, () => tokens[options.officers[0]]),
  };
}

/** A browser for page tests (closed after the file), and the folder for their screenshots (not in git). */
export const ARTIFACTS = path.resolve(__dirname, '../artifacts');

export function useTestBrowser(): Pick<Browser, 'newContext'> {
  const teardown = new Teardown();
  const current = useStarted(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const { launchChromium } = await import('../../scripts/browser');
    // Never skipped: without a browser launchChromium fails, naming the command to install one.
    const browser = await launchChromium();
    teardown.add(() => browser.close());
    return browser;
  }, teardown);
  return lateBound('the browser', current);
}
