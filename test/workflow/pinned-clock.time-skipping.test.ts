/**
 * The time-skipping test server started at a pinned instant (scripts/time-skipping/
 * PinnedTimeTestServer.java): its clock begins there, whatever the machine's date, and
 * workflow timers skip forward from it. This is what keeps the legal-clock tests independent
 * of the day they run.
 */
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { parseStartAt } from '../../scripts/time-skipping-server';
import type { clockAroundTimer } from '../fixtures/workflows/clock';
import { DAY, uniqueTaskQueue, useTimeSkippingEnvironment } from '../support/harness';

// A Monday morning in China, far from the real today and inside the built-in calendar.
const START_AT = '2025-03-03T09:00:00+08:00';
const START_MS = Date.parse(START_AT);
// Real seconds the JVM and the first workflow task may take after the pinned start.
const SLACK_MS = 30_000;

const env = useTimeSkippingEnvironment({ startAt: START_AT });

test('the server clock starts at the pinned instant', async () => {
  const now = await env.currentTimeMs();
  expect(now).toBeGreaterThanOrEqual(START_MS);
  expect(now - START_MS).toBeLessThan(SLACK_MS);
});

test('a workflow sees the pinned time and its 45-day timer skips from there', async () => {
  const taskQueue = uniqueTaskQueue('pinned-clock');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, '../fixtures/workflows/clock.ts'),
      logger: new DefaultLogger('WARN'),
    }),
  });
  const result = await worker.runUntil(
    env.client.workflow.execute<typeof clockAroundTimer>('clockAroundTimer', {
      taskQueue,
      workflowId: `pinned-clock-${taskQueue}`,
      args: [45 * DAY],
    }),
  );
  expect(result.startedAt - START_MS).toBeGreaterThanOrEqual(0);
  expect(result.startedAt - START_MS).toBeLessThan(SLACK_MS);
  expect(result.firedAt - result.startedAt).toBeGreaterThanOrEqual(45 * DAY);
  expect(result.firedAt - result.startedAt).toBeLessThan(45 * DAY + SLACK_MS);
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(START_MS + 45 * DAY);
}, 120_000);

test('env.sleep skips the pinned clock forward', async () => {
  const before = await env.currentTimeMs();
  await env.sleep(3 * DAY);
  const after = await env.currentTimeMs();
  expect(after - before).toBeGreaterThanOrEqual(3 * DAY);
  expect(after - before).toBeLessThan(3 * DAY + SLACK_MS);
});

test('a pinned start without an offset is refused before any server starts', () => {
  expect(() => parseStartAt('2025-03-03T09:00:00')).toThrow(/ISO instant with an offset/);
  expect(() => parseStartAt('next monday')).toThrow(/ISO instant with an offset/);
  expect(parseStartAt('2025-03-03T01:00:00Z')).toBe(START_MS);
});
