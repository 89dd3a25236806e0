/**
 * The rectification (责令改正) workflow on the Java time-skipping test server with the real
 * activities and a real SQLite database: the deadline in working days on a durable timer,
 * extensions within their limit, the re-inspection started as a joint visit of the same target
 * with the finding's item, and a failed re-check escalated once. Time is skipped, never waited
 * for. The server's clock starts at a pinned Monday (not the real today); time only moves forward
 * within one environment, so the tests run in date order; a deadline past the built-in years is
 * counted provisionally (party side), as the activities do.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { BUILT_IN_CALENDAR_DATA } from '../../domain/calendar';
import { DEFAULT_INSPECTION_POLICY } from '../../domain/inspection';
import { DEFAULT_RECTIFICATION_POLICY, type RectificationPolicy } from '../../domain/rectification';
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { inspectionStateQuery, inspectionWorkflowId, type ActorRef } from '../../contracts/inspection';
import type { rectificationWorkflow } from '../../workflows/rectification';
import {
  extendRectificationUpdate,
  recordRecheckUpdate,
  rectificationStateQuery,
  rectificationWorkflowId,
  type RectificationFinding,
} from '../../contracts/rectification';
import { actorRef, assignmentsFor } from '../support/factories';
import { DAY, eventually, expectRule, useTimeSkippingStack } from '../support/harness';
import { chinaDate, startOfChinaDate } from '../../domain/dates';

// Monday 16 November 2026, 09:00 in China: the orders below end in November and December 2026.
const START_AT = '2026-11-16T09:00:00+08:00';
const calendar = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);
/** A rectification deadline binds the party: the calendar's party side where a notice is missing. */
const partyDeadline = (from: string, workingDays: number) => calendar.deadline(from, workingDays, 'party').date;

const stack = useTimeSkippingStack('rectification-ts', { startAt: START_AT });
const { db, env, taskQueue } = stack;
let coordinator: ActorRef;
let inspector: ActorRef;
let findingBase: Omit<RectificationFinding, 'findingId' | 'inspectionId'>;

beforeAll(async () => {
  const actor = (key: string) => actorRef(db.prisma, key);
  coordinator = await actor('coordinator-2');
  inspector = await actor('market-1');
  const target = await db.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const [market] = await assignmentsFor(db.prisma, 'RESTAURANT', ['MARKET']);
  const item = market.items[0];
  findingBase = {
    targetId: target.id,
    scenarioCode: 'RESTAURANT',
    departmentCode: 'MARKET',
    itemCode: item.code,
    itemTitle: item.title,
    severity: 'MINOR',
    description: '后厨冷藏柜内食品未分类存放',
  };
});

async function today(): Promise<string> {
  return chinaDate(new Date(await env.currentTimeMs()).toISOString());
}

async function order(
  workingDays: number,
  policy: Partial<RectificationPolicy> = {},
  deadlineOn?: string,
): Promise<WorkflowHandle<typeof rectificationWorkflow>> {
  const findingId = randomUUID();
  const orderedOn = await today();
  const deadline = deadlineOn ?? partyDeadline(orderedOn, workingDays);
  const handle = await env.client.workflow.start<typeof rectificationWorkflow>('rectificationWorkflow', {
    taskQueue,
    workflowId: rectificationWorkflowId(findingId),
    args: [
      {
        finding: { ...findingBase, findingId, inspectionId: randomUUID() },
        requirement: '食品应分类、分架存放，离墙离地',
        orderedBy: inspector,
        orderedOn,
        workingDays,
        deadline,
        policy: { ...DEFAULT_RECTIFICATION_POLICY, ...policy },
        inspectionPolicy: DEFAULT_INSPECTION_POLICY,
        priorFailedOrders: 0,
      },
    ],
  });
  await eventually(async () => expect((await handle.query(rectificationStateQuery)).persisted).toBe(true));
  return handle;
}

const state = (handle: WorkflowHandle) => handle.query(rectificationStateQuery);

const skipTo = (instantMs: number, offsetMs = 0) => stack.skipTo(instantMs, offsetMs);

const audits = (findingId: string, action: string) =>
  db.prisma.auditEvent.findMany({ where: { subjectType: 'RectificationOrder', subjectId: findingId, action } });

test('a failed re-check escalates to a second order, recorded once; nothing more is accepted', async () => {
  const handle = await order(10);
  const { findingId } = await state(handle);
  const failed = await handle.executeUpdate(recordRecheckUpdate, {
    args: [{ actor: inspector, result: 'FAILED', inspectionId: randomUUID(), note: '食品仍混放，未整改到位' }],
  });
  expect(failed.status).toBe('ESCALATED');
  expect(failed.escalation?.kind).toBe('SECOND_ORDER');
  // Not handle.result(): awaiting a result lets the test server skip time, past the calendar.
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  expect((await state(handle)).status).toBe('ESCALATED');
  // The order has ended with its follow-up: a later re-check result finds no open order.
  await expect(
    handle.executeUpdate(recordRecheckUpdate, { args: [{ actor: inspector, result: 'PASSED', inspectionId: randomUUID(), note: '' }] }),
  ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  const row = await db.prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId } });
  expect(row).toMatchObject({ status: 'ESCALATED', result: 'FAILED', escalation: 'SECOND_ORDER' });
  expect(await audits(findingId, 'RECTIFICATION_RECHECK_FAILED')).toHaveLength(1);
  expect(await audits(findingId, 'RECTIFICATION_ESCALATED')).toHaveLength(1);
});

test('extensions move the deadline by working days, at most maxExtensions times, and never after it passed', async () => {
  const handle = await order(3);
  const first = await state(handle);
  const { findingId } = first;
  expect(first.deadline).toBe('2026-11-19');
  await expectRule(handle.executeUpdate(extendRectificationUpdate, { args: [{ actor: inspector, reason: '  ' }] }), 'REASON_REQUIRED');

  const once = await handle.executeUpdate(extendRectificationUpdate, { args: [{ actor: inspector, reason: '需采购货架', workingDays: 2 }] });
  expect(once.deadline).toBe(partyDeadline(first.deadline, 2));
  const twice = await handle.executeUpdate(extendRectificationUpdate, { args: [{ actor: coordinator, reason: '货架到货延迟' }] });
  expect(twice.deadline).toBe(partyDeadline(once.deadline, DEFAULT_RECTIFICATION_POLICY.defaultExtensionWorkingDays));
  await expectRule(
    handle.executeUpdate(extendRectificationUpdate, { args: [{ actor: inspector, reason: '再次延期', workingDays: 1 }] }),
    'RECTIFICATION_EXTENSIONS_EXHAUSTED',
  );
  const row = await db.prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId } });
  expect(row.deadlineOn).toBe(twice.deadline);
  expect(JSON.parse(row.extensionsJson)).toHaveLength(2);

  // The original deadline passing does nothing: the timer follows the extended deadline.
  await skipTo(startOfChinaDate(first.deadline), DAY + 60_000);
  expect((await state(handle)).status).toBe('ORDERED');
  await skipTo(startOfChinaDate(twice.deadline), DAY + 60_000);
  await eventually(async () => expect((await state(handle)).status).toBe('RECHECK_SCHEDULED'));
  const lateExtension = await expectRule(
    handle.executeUpdate(extendRectificationUpdate, { args: [{ actor: inspector, reason: '还想延期' }] }),
    'RECTIFICATION_DEADLINE_PASSED',
  );
  expect(lateExtension.message).toContain('已过');
  expect(await audits(findingId, 'RECTIFICATION_EXTENDED')).toHaveLength(2);
});

test('when the deadline passes the order is DUE once and a re-inspection of the item is started as a joint visit', async () => {
  const handle = await order(DEFAULT_RECTIFICATION_POLICY.defaultWorkingDays);
  const { findingId, deadline } = await state(handle);
  // Ordered on 1 December (the previous test skipped there): 10 working days.
  expect(deadline).toBe('2026-12-15');

  await skipTo(startOfChinaDate(deadline), DAY - 60_000);
  expect((await state(handle)).status).toBe('ORDERED');
  await skipTo(startOfChinaDate(deadline), DAY + 60_000);
  const scheduled = await eventually(async () => {
    const s = await state(handle);
    expect(s.status).toBe('RECHECK_SCHEDULED');
    return s;
  });
  expect(scheduled.dueAt).not.toBeNull();
  const inspectionId = scheduled.recheckInspectionId!;

  const inspection = await env.client.workflow.getHandle(inspectionWorkflowId(inspectionId)).query(inspectionStateQuery);
  expect(inspection.target.id).toBe(findingBase.targetId);
  expect(inspection.scheduledFor).toBe(partyDeadline(deadline, 1));
  expect(inspection.scheduledFor).toBe('2026-12-16');
  expect(inspection.departments.map((d) => ({ code: d.departmentCode, items: d.itemCodes }))).toEqual([
    { code: 'MARKET', items: [findingBase.itemCode] },
  ]);
  await eventually(async () => expect(await db.prisma.jointInspection.count({ where: { id: inspectionId } })).toBe(1));

  await stack.sleep(3 * DAY);
  const row = await db.prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId } });
  expect(row).toMatchObject({ status: 'RECHECK_SCHEDULED', recheckInspectionId: inspectionId });
  expect(await audits(findingId, 'RECTIFICATION_DUE')).toHaveLength(1);
  expect(await audits(findingId, 'RECTIFICATION_RECHECK_SCHEDULED')).toHaveLength(1);

  // The re-check on that visit passes: the order ends.
  const passed = await handle.executeUpdate(recordRecheckUpdate, {
    args: [{ actor: inspector, result: 'PASSED', inspectionId, note: '已分类存放' }],
  });
  expect(passed.status).toBe('PASSED');
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
});

// Last in the file: it moves this environment's clock into 2027.
test('an order due on the last day of the published calendar still gets its re-check visit', async () => {
  const handle = await order(1, {}, '2026-12-31');
  await skipTo(startOfChinaDate('2026-12-31'), DAY + 60_000);
  const scheduled = await eventually(async () => {
    const s = await state(handle);
    expect(s.status).toBe('RECHECK_SCHEDULED');
    return s;
  });
  const visit = await env.client.workflow.getHandle(inspectionWorkflowId(scheduled.recheckInspectionId!)).query(inspectionStateQuery);
  // 2027's notice is not in the data: the first day certainly working is 5 January (1 January is
  // 元旦, the weekend follows, Monday 4 January may be a bridge day by the notice), or a visit of
  // the same business already scheduled within the merge window (an earlier test's re-check).
  expect(partyDeadline('2026-12-31', 1)).toBe('2027-01-05');
  expect(visit.scheduledFor >= '2027-01-05' && visit.scheduledFor <= partyDeadline('2027-01-05', 5)).toBe(true);
  expect(calendar.dayStatus(visit.scheduledFor).partyWorking).toBe(true);
});
