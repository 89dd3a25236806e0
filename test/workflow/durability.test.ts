/**
 * Nothing is lost and nothing is written twice: on the real server, every activity's first
 * attempt "crashes" right after its transaction committed (as if the worker died before
 * reporting success); Temporal retries it and the retry must be a no-op. Then the worker is
 * replaced mid-inspection and a new one finishes the job. Finally the recorded histories
 * replay against the current workflow code (determinism guard).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { spawnSync } from 'node:child_process';
import { NativeConnection } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import { createOnevisitWorker } from '../../activities/worker';
import {
  checkInUpdate,
  inspectionStateQuery,
  inspectionWorkflowId,
  legalReviewUpdate,
  resolveFindingUpdate,
  submitChecksUpdate,
} from '../../contracts/inspection';
import type { jointInspectionWorkflow } from '../../workflows/joint-inspection';
import { buildInspectionInput, compliantResults, credentialsByKey, officerByKey, resultsWithViolation, REVIEWED_VISIT_AUDIT } from '../support/factories';
import {
  eventually,
  HISTORIES_DIR,
  saveHistoryFixture,
  startTestWorker,
  temporalAddress,
  uniqueTaskQueue,
  useWorkflowStack,
  workflowBundle,
} from '../support/harness';

// Each test starts the workers it needs.
const { prisma, client } = useWorkflowStack({ worker: false });

/** Starts the inspection on `taskQueue`, waits for its first write and checks the team in. */
async function startCheckedIn(taskQueue: string, input: Awaited<ReturnType<typeof buildInspectionInput>>) {
  const handle = await client.workflow.start<typeof jointInspectionWorkflow>('jointInspectionWorkflow', {
    taskQueue,
    workflowId: inspectionWorkflowId(input.inspectionId),
    args: [input],
  });
  await eventually(async () => expect((await handle.query(inspectionStateQuery)).persisted).toBe(true));
  await handle.executeUpdate(checkInUpdate, {
    args: [{ actor: await actor('coordinator-2'), officers: await credentialsByKey(prisma, 'market-1', 'fire-1') }],
  });
  return handle;
}

/** Each activity's first attempt runs for real and then throws, as if the worker died before acking. */
function crashingAfterCommit(activities: Activities): { activities: Activities; crashes: string[] } {
  const crashes: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        if (Context.current().info.attempt === 1) {
          crashes.push(name);
          throw new Error(`simulated crash after ${name} committed`);
        }
        return result;
      },
    ]),
  ) as Activities;
  return { activities: wrapped, crashes };
}

async function actor(key: string) {
  const o = await officerByKey(prisma, key);
  return { officerId: o.id, name: o.name, departmentCode: o.department?.code ?? '' };
}

test('every activity retried after committing writes its rows and audit event exactly once', async () => {
  const taskQueue = uniqueTaskQueue('crash');
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const { activities, crashes } = crashingAfterCommit(createActivities({ prisma }));
  const worker = await createOnevisitWorker({
    connection,
    namespace: 'default',
    taskQueue,
    prisma,
    workflowBundle: await workflowBundle(),
    tuning: { activities },
  });
  const input = await buildInspectionInput(prisma);
  await worker.runUntil(async () => {
    const handle = await startCheckedIn(taskQueue, input);
    const [market, fire] = input.departments;
    await handle.executeUpdate(submitChecksUpdate, {
      args: [{ actor: await actor('market-1'), departmentCode: 'MARKET', results: resultsWithViolation(market, 'PENALTY') }],
    });
    await handle.executeUpdate(submitChecksUpdate, {
      args: [{ actor: await actor('fire-1'), departmentCode: 'FIRE', results: compliantResults(fire) }],
    });
    await eventually(async () => expect((await handle.query(inspectionStateQuery)).review.status).toBe('PENDING'), 30_000);
    const reviewer = await officerByKey(prisma, 'reviewer-1');
    await handle.executeUpdate(legalReviewUpdate, {
      args: [{ reviewer: { officerId: reviewer.id, name: reviewer.name, isLegalReviewer: true, legalQualified: true }, decision: 'APPROVED', opinion: '同意' }],
    });
    await eventually(async () => expect((await handle.query(inspectionStateQuery)).status).toBe('FOLLOW_UP'), 30_000);
    await handle.executeUpdate(resolveFindingUpdate, {
      args: [{ actor: await actor('market-1'), itemCode: (await handle.query(inspectionStateQuery)).findings[0].itemCode, outcome: 'NO_PENALTY', note: '当场改正' }],
    });
    expect((await handle.result()).status).toBe('CLOSED');
  });
  await connection.close();

  expect(crashes.sort()).toEqual(
    [
      'recordChecksDone',
      'recordCheckIn',
      'recordDepartmentResults',
      'recordDepartmentResults',
      'recordFindingResolved',
      'inspectionReviewDeadline',
      'recordInspectionReviewDeadline',
      'recordInspectionScheduled',
      'recordLegalReview',
      'recordStatusChange',
      'recordStatusChange',
      'recordStatusChange',
    ].sort(),
  );
  const events = await prisma.auditEvent.findMany({ where: { subjectId: input.inspectionId }, orderBy: { at: 'asc' } });
  expect(events.map((e) => e.action)).toEqual([
    ...REVIEWED_VISIT_AUDIT,
    'FINDING_NO_PENALTY',
    'INSPECTION_CLOSED',
  ]);
  const results = await prisma.checkResult.count({ where: { departmentCheck: { inspectionId: input.inspectionId } } });
  expect(results).toBe(input.departments.reduce((n, d) => n + d.items.length, 0));
  expect(await prisma.finding.count({ where: { inspectionId: input.inspectionId, outcome: 'NO_PENALTY' } })).toBe(1);
  expect(await prisma.legalReview.count({ where: { inspectionId: input.inspectionId } })).toBe(1);
  expect(await prisma.teamMember.count({ where: { inspectionId: input.inspectionId } })).toBe(2);
});

test('a worker that goes away mid-inspection is replaced and the inspection finishes', async () => {
  const taskQueue = uniqueTaskQueue('handover');
  const first = await startTestWorker({ prisma, taskQueue });
  const input = await buildInspectionInput(prisma);
  const handle = await startCheckedIn(taskQueue, input);
  await first.stop();

  const second = await startTestWorker({ prisma, taskQueue });
  try {
    const [market, fire] = input.departments;
    await handle.executeUpdate(submitChecksUpdate, {
      args: [{ actor: await actor('market-1'), departmentCode: 'MARKET', results: compliantResults(market) }],
    });
    await handle.executeUpdate(submitChecksUpdate, {
      args: [{ actor: await actor('fire-1'), departmentCode: 'FIRE', results: compliantResults(fire) }],
    });
    expect((await handle.result()).status).toBe('CLOSED');
  } finally {
    await second.stop();
  }
  expect(await prisma.auditEvent.count({ where: { subjectId: input.inspectionId } })).toBe(6);

  await saveHistoryFixture(handle, 'worker-handover-closed');
});

test('recorded workflow histories replay against the current workflow code', () => {
  // In a child process: protobufjs' JSON decoding does not survive Jest's module registry.
  const files = fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.resolve(__dirname, '../../scripts/replay-histories.ts'), HISTORIES_DIR], {
    encoding: 'utf8',
  });
  expect(run.stdout).toContain(`${files.length} replayed, 0 failed`);
  expect(run.status).toBe(0);
});
