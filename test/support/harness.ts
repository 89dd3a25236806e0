/**
 * What a test file needs to run against the real things: its own SQLite database (a copy of
 * the migrated, seeded template), the shared dev server, a worker on its own task queue.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createPrismaClient, type PrismaClient } from '../../activities/db';
import { createOnevisitWorker, WORKFLOWS_PATH } from '../../activities/worker';

export function temporalAddress(): string {
  const address = process.env.ONEVISIT_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('ONEVISIT_TEST_TEMPORAL_ADDRESS is not set: run the tests through jest (globalSetup)');
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

export async function startTestWorker(options: { prisma: PrismaClient; taskQueue?: string }): Promise<TestWorker> {
  installRuntime();
  const taskQueue = options.taskQueue ?? uniqueTaskQueue('test');
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const worker = await createOnevisitWorker({
    connection,
    namespace: 'default',
    taskQueue,
    prisma: options.prisma,
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
