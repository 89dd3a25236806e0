/** The Temporal worker process: runs the workflows and the activities (database writes). */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createPrismaClient } from '../db';
import type { NotifierConfig } from '../activities/notifier';
import { createOnevisitWorker } from '../activities/worker';
import { loadConfig, type TemporalConnectionOptions } from './config';

export async function runWorker(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  notifier?: NotifierConfig;
  /** Workflows kept in memory between tasks (WORKFLOW_CACHE_SIZE). */
  cacheSize?: number;
  /** A production cluster's TLS and API key (none for the local dev server). */
  temporalConnection?: TemporalConnectionOptions;
}) {
  const connection = await NativeConnection.connect({ address: options.address, ...options.temporalConnection });
  const prisma = createPrismaClient(options.databaseUrl);
  const worker = await createOnevisitWorker({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    prisma,
    notifier: options.notifier,
    cacheSize: options.cacheSize,
  });
  const running = worker.run().finally(async () => {
    await connection.close();
    await prisma.$disconnect();
  });
  return { worker, running };
}

if (require.main === module) {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO') });
  runWorker({
    address: config.TEMPORAL_ADDRESS ?? 'localhost:7233',
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    databaseUrl: config.DATABASE_URL,
    notifier: config.notifier,
    cacheSize: config.WORKFLOW_CACHE_SIZE,
    temporalConnection: config.temporalConnection,
  })
    .then(({ running }) => running)
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
