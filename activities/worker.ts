import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './index';
import type { PrismaClient } from '../db';
import type { NotifierConfig } from './notifier';

import { DEFAULT_WORKFLOW_CACHE_SIZE, WORKFLOW_TASK_SLOTS } from './worker-settings';

export { DEFAULT_WORKFLOW_CACHE_SIZE, WORKFLOW_TASK_SLOTS };
export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

export interface OnevisitWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  /** Where 532 escalations and notifications go (log channel when absent). */
  notifier?: NotifierConfig;
  /** A prebuilt bundle (tests bundle once per file); otherwise the worker bundles on start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Workflows kept in memory between tasks (DEFAULT_WORKFLOW_CACHE_SIZE when absent). */
  cacheSize?: number;
  /** Extra options, e.g. a smaller poller count in tests. */
  tuning?: Partial<WorkerOptions>;
}

export async function createOnevisitWorker(options: OnevisitWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ prisma: options.prisma, notifier: options.notifier }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    // Workflow time (Date.now(), the base of every timer) is when the server hands a task out.
    // One workflow thread runs the tasks in turn, so tasks held in many slots only wait in the
    // worker with a stale clock: with 100 slots, 532 clocks started and breaches were stamped
    // up to 2 s late under load. Few slots keep the queue on the server (bench:532).
    maxConcurrentWorkflowTaskExecutions: WORKFLOW_TASK_SLOTS,
    maxCachedWorkflows: options.cacheSize ?? DEFAULT_WORKFLOW_CACHE_SIZE,
    ...options.tuning,
  });
}
