/**
 * One notifier for every clock, over real HTTP on the time-skipping server pinned to Monday
 * 2026-03-02, with a real webhook receiver that fails its first two calls: a department that
 * does not submit in time, a legal review past its deadline, a rectification past its deadline
 * and then past its re-check day, a case through both §60 warnings to overdue, and a 执法证
 * about to expire (the daily run, three times). Every notification is in the inbox of the right officers and arrives at the receiver
 * exactly once (the failed calls retried with the same key); the inbox is read and marked
 * through the API, and another officer's notification is a 404.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { BUILT_IN_CALENDAR_DATA } from '../../domain/calendar';
import { DEFAULT_CASE_POLICY, decisionDueDate } from '../../domain/case';
import { DEFAULT_INSPECTION_POLICY } from '../../domain/inspection';
import { DEFAULT_RECTIFICATION_POLICY } from '../../domain/rectification';
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { columnOfDate, startOfChinaDate } from '../../domain/dates';
import type { NotificationKind } from '../../domain/notifications';
import { rectificationStateQuery, rectificationWorkflowId } from '../../contracts/rectification';
import type { rectificationWorkflow } from '../../workflows/rectification';
import type { certificateExpiryWorkflow } from '../../workflows/notifications';
import { assignmentsFor, compliantResults, officerByKey, restaurantVisitRequest, resultsWithViolation } from '../support/factories';
import { DAY, HISTORIES_DIR, eventually, expectNothingRetrying, useTestStack } from '../support/harness';

const START_DATE = '2026-03-02';
const OFFICERS = ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'fire-2', 'reviewer-1', 'leader-1', 'admin'];
const HOUR = 3_600_000;
const calendar = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);

let webhookCalls = 0;
const stack = useTestStack({
  name: 'notifications',
  officers: OFFICERS,
  startAt: `${START_DATE}T09:00:00+08:00`,
  policy: { checkSubmissionDeadlineMs: 2 * HOUR },
  // The channel is down for the first two calls: Temporal retries them with the same key.
  webhook: { dutyLeaderKey: 'leader-1', status: () => (++webhookCalls <= 2 ? 503 : 204) },
});

test('every clock notifies the responsible officers once, in the inbox and on the channel', async () => {
  const { http, tokens, db, webhook } = stack;
  const prisma = db.prisma;
  const id = async (key: string) => (await officerByKey(prisma, key)).id;
  const known = [...OFFICERS, 'reviewer-2', 'reviewer-unqualified'];
  const ids = Object.fromEntries(await Promise.all(known.map(async (k) => [k, await id(k)] as const)));
  const step = async (method: string, path: string, token: string, body?: unknown, expected = 200) => {
    const res = await http(method, path, { token, body });
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  // A visit where FIRE does not submit within two hours of the check-in: DEPARTMENT_OVERDUE.
  const request = await restaurantVisitRequest(prisma);
  const inspectionId = (await step('POST', '/api/inspections', tokens['coordinator-2'], request, 202)).id as string;
  await step('POST', `/api/inspections/${inspectionId}/check-in`, tokens['coordinator-2'], { officerIds: request.team.map((m) => m.officerId) });
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  await step('PUT', `/api/inspections/${inspectionId}/checks/MARKET`, tokens['market-1'], { results: resultsWithViolation(marketItems, 'PENALTY') });
  await stack.sleep(3 * HOUR);
  await eventually(async () => expect(await prisma.notification.count({ where: { kind: 'DEPARTMENT_OVERDUE' } })).toBeGreaterThan(0));
  await step('PUT', `/api/inspections/${inspectionId}/checks/FIRE`, tokens['fire-1'], { results: compliantResults(fireItems) });
  const finding = await prisma.finding.findFirstOrThrow({ where: { inspectionId } });
  await step('POST', `/api/inspections/${inspectionId}/legal-review`, tokens['reviewer-1'], { decision: 'APPROVED', opinion: '事实清楚，同意' });

  // A case left in legal review: its review deadline and the §60 clock run out.
  const caseId = (await step('POST', '/api/cases', tokens['market-1'], { inspectionId, findingId: finding.id, title: '销售超过保质期的食品案' }, 202)).id as string;
  await step('POST', `/api/cases/${caseId}/investigators`, tokens['coordinator-2'], { officerIds: [ids['market-1'], ids['market-2']] });
  const proposed = await step('POST', `/api/cases/${caseId}/proposal`, tokens['market-1'], {
    facts: '当事人在后厨冷藏柜内存放超过保质期的食品3批次',
    evidence: ['现场检查笔录'],
    legalBasis: '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条',
    penaltyKind: '罚款',
    fineAmount: 2000,
  });
  const reviewDue = proposed.reviewClock.dueDate as string;
  const decisionDue = proposed.decisionClock.dueDate as string;
  expect(decisionDue).toBe(decisionDueDate(proposed.filedOn, DEFAULT_CASE_POLICY, 0));

  // A rectification order of the visit's business, 5 working days, never re-checked.
  const orderFindingId = randomUUID();
  const deadline = calendar.deadline(START_DATE, 5, 'party').date;
  const order = await stack.env.client.workflow.start<typeof rectificationWorkflow>('rectificationWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: rectificationWorkflowId(orderFindingId),
    args: [
      {
        finding: {
          findingId: orderFindingId,
          inspectionId,
          targetId: request.targetId,
          scenarioCode: 'RESTAURANT',
          departmentCode: 'MARKET',
          itemCode: marketItems.items[0].code,
          itemTitle: marketItems.items[0].title,
          severity: 'MINOR',
          description: '后厨冷藏柜内食品未分类存放',
        },
        requirement: '食品应分类、分架存放，离墙离地',
        orderedBy: { officerId: ids['market-1'], name: '张建国' },
        orderedOn: START_DATE,
        workingDays: 5,
        deadline,
        policy: DEFAULT_RECTIFICATION_POLICY,
        inspectionPolicy: DEFAULT_INSPECTION_POLICY,
        priorFailedOrders: 0,
      },
    ],
  });
  await eventually(async () => expect((await order.query(rectificationStateQuery)).persisted).toBe(true));

  // fire-2's 执法证 ends on 2026-03-20: the daily run warns once, however often it runs.
  await prisma.officer.update({ where: { id: ids['fire-2'] }, data: { certificateExpiresOn: columnOfDate('2026-03-20') } });
  const dailyRun = () =>
    stack.env.client.workflow.execute<typeof certificateExpiryWorkflow>('certificateExpiryWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `certificate-expiry-${randomUUID()}`,
      args: [{ warningDays: 30 }],
    });
  // (The server skips time while a run waits, so the runs fall on some day before the expiry.)
  expect(await dailyRun()).toMatchObject({ certificates: 1 });
  expect(await dailyRun()).toMatchObject({ certificates: 1 });

  await stack.skipTo(startOfChinaDate(reviewDue) + DAY, HOUR);
  expect((await dailyRun()).certificates).toBe(1);
  await stack.skipTo(startOfChinaDate(decisionDue) + DAY, HOUR);

  // The inbox: one row per step and responsible officer.
  const rows = await prisma.notification.findMany();
  const recipients = (kind: NotificationKind) =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => known.find((k) => ids[k] === r.officerId) ?? r.officerId)
      .sort();
  const caseTeam = ['leader-1', 'market-1', 'market-2'];
  expect(recipients('DEPARTMENT_OVERDUE')).toEqual(['coordinator-2', 'fire-1']);
  // Qualified reviewers who are not investigators (not reviewer-unqualified), and the leader.
  expect(recipients('CASE_REVIEW_OVERDUE')).toEqual(['leader-1', 'reviewer-1', 'reviewer-2']);
  expect(recipients('CASE_DECISION_WARNING')).toEqual([...caseTeam, ...caseTeam].sort());
  expect(recipients('CASE_DECISION_OVERDUE')).toEqual(caseTeam);
  expect(recipients('RECTIFICATION_DUE')).toEqual(['coordinator-2', 'market-1']);
  // Its re-check day passed with no result recorded.
  expect(recipients('RECTIFICATION_OVERDUE')).toEqual(['coordinator-2', 'market-1']);
  expect(recipients('CERTIFICATE_EXPIRING')).toEqual(['admin', 'fire-2']);
  const warning = rows.find((r) => r.kind === 'CASE_DECISION_WARNING' && r.title.includes('5天'))!;
  expect(warning.body).toContain('销售超过保质期的食品案');
  expect(warning.body).toContain(decisionDue);

  // The channel: every row delivered, each key accepted exactly once; the two failed calls were resent.
  await eventually(async () => expect(await prisma.notification.count({ where: { deliveredAt: null } })).toBe(0), 60_000);
  const notifications = webhook.received.filter((r) => r.body.type === 'notification');
  const accepted = notifications.filter((r) => r.status === 204);
  const failed = webhook.received.slice(0, 2);
  expect(failed.map((r) => r.status)).toEqual([503, 503]);
  expect(accepted).toHaveLength(rows.length);
  expect(new Set(accepted.map((r) => r.idempotencyKey)).size).toBe(rows.length);
  expect(new Set(accepted.map((r) => r.idempotencyKey))).toEqual(new Set(rows.map((r) => r.idempotencyKey)));
  for (const call of failed) expect(accepted.map((r) => r.idempotencyKey)).toContain(call.idempotencyKey);
  const sample = accepted.find((r) => r.body.kind === 'RECTIFICATION_DUE')!;
  expect(sample.body).toMatchObject({ subject: { type: 'RectificationOrder', id: orderFindingId }, title: '整改期限已届满，请复查' });
  expect(sample.body.message).toContain(deadline);
  expect((await prisma.notification.findMany({ where: { attempts: { gt: 1 } } })).length).toBeGreaterThan(0);

  // Through the API: market-1's own inbox, newest first, unread filter, marking read.
  const inbox = await step('GET', '/api/notifications?pageSize=100', tokens['market-1']);
  expect(inbox.total).toBe(rows.filter((r) => r.officerId === ids['market-1']).length);
  expect(inbox.items.map((n: { kind: string }) => n.kind).sort()).toEqual(
    ['CASE_DECISION_OVERDUE', 'CASE_DECISION_WARNING', 'CASE_DECISION_WARNING', 'RECTIFICATION_DUE', 'RECTIFICATION_OVERDUE'].sort(),
  );
  expect(inbox.items[0].kind).toBe('CASE_DECISION_OVERDUE');
  expect(inbox.unread).toBe(5);
  const first = inbox.items[0];
  const read = await step('POST', `/api/notifications/${first.id}/read`, tokens['market-1']);
  expect(read.readAt).not.toBeNull();
  const unread = await step('GET', '/api/notifications?unread=true', tokens['market-1']);
  expect(unread.total).toBe(4);
  expect(unread.items.map((n: { id: string }) => n.id)).not.toContain(first.id);
  const paged = await step('GET', '/api/notifications?page=2&pageSize=3', tokens['market-1']);
  expect({ items: paged.items.length, total: paged.total }).toEqual({ items: 2, total: 5 });

  // Another officer's notification does not exist for them.
  const foreign = await http('POST', `/api/notifications/${first.id}/read`, { token: tokens['fire-1'] });
  expect({ status: foreign.status, code: foreign.body.error.code }).toEqual({ status: 404, code: 'NOTIFICATION_NOT_FOUND' });
  expect((await step('GET', '/api/notifications', tokens['fire-1'])).items.map((n: { kind: string }) => n.kind)).toEqual(['DEPARTMENT_OVERDUE']);

  expect(await step('POST', '/api/notifications/read-all', tokens['market-1'])).toEqual({ marked: 4 });
  expect((await step('GET', '/api/notifications?unread=true', tokens['market-1'])).total).toBe(0);
  expect((await step('GET', '/api/notifications?unread=true', tokens['leader-1'])).total).toBeGreaterThan(0);

  await expectNothingRetrying(stack, [`inspection-${inspectionId}`, `case-${caseId}`, rectificationWorkflowId(orderFindingId)]);

  // With ONEVISIT_SAVE_HISTORIES=1: histories with the delivery (patch marker, retried activity) for npm run replay.
  if (process.env.ONEVISIT_SAVE_HISTORIES) {
    const save = async (workflowId: string, name: string) => {
      const history = await stack.env.client.workflow.getHandle(workflowId).fetchHistory();
      fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
    };
    await save(`case-${caseId}`, 'case-clocks-notified');
    await save(`inspection-${inspectionId}`, 'department-overdue-notified');
    await save(rectificationWorkflowId(orderFindingId), 'rectification-due-notified');
  }
}, 300_000);
