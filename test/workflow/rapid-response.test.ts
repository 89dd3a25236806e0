/**
 * The "532" rapid-response workflow on the real Temporal dev server with a real SQLite
 * database and a real webhook receiver: clocks met, clocks breached and escalated exactly
 * once, late actions accepted and marked, validator refusals, conversion to a case, and an
 * escalation the channel rejects.
 */
import { randomUUID } from 'node:crypto';
import { RESPONSE_STAGES, type ClockPolicy } from '../../domain/rapid-response';
import type { rapidResponseWorkflow } from '../../workflows/rapid-response';
import {
  convertEventUpdate,
  dispatchEventUpdate,
  eventCheckInUpdate,
  eventFeedbackUpdate,
  eventStateQuery,
  eventWorkflowId,
  resolveEventUpdate,
  type RapidResponseInput,
} from '../../contracts/rapid-response';
import { LONG_CLOCKS as LONG, SHORT_CLOCKS as SHORT, officerByKey } from '../support/factories';
import { eventually, saveHistoryFixture, updateRefusal, useWorkflowStack } from '../support/harness';

const { prisma, client, worker, webhook, workers } = useWorkflowStack({
  webhook: { dutyLeaderKey: 'leader-1' },
  // Its escalations are refused by the channel.
  workers: { rejecting: { webhook: { dutyLeaderKey: 'leader-1', status: () => 400 } } },
});
const { worker: rejectingWorker, webhook: rejectingWebhook } = workers.rejecting;

async function actor(key: string) {
  const o = await officerByKey(prisma, key);
  return { officerId: o.id, name: o.name, departmentCode: o.department?.code ?? null };
}

async function report(policy: ClockPolicy, taskQueue = worker.taskQueue) {
  const reporter = await actor('grid-1');
  const eventId = randomUUID();
  const input: RapidResponseInput = {
    eventId,
    clientKey: eventId,
    reportedAt: new Date().toISOString(),
    reporter: { officerId: reporter.officerId, name: reporter.name },
    category: 'NOISE',
    village: '包鸾社区',
    location: '滨河路安置房工地北门',
    description: '夜间 23 点仍在浇筑混凝土，噪声很大，居民投诉',
    evidence: ['photo-001.jpg'],
    policy,
  };
  const handle = await client.workflow.start<typeof rapidResponseWorkflow>('rapidResponseWorkflow', {
    taskQueue,
    workflowId: eventWorkflowId(eventId),
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
  });
  await eventually(async () => expect((await handle.query(eventStateQuery)).persisted).toBe(true));
  return { eventId, input, handle };
}

type Handle = Awaited<ReturnType<typeof report>>['handle'];

async function dispatch(handle: Handle, responderKeys = ['ecoenv-1', 'urban-1']) {
  const responders = await Promise.all(responderKeys.map(actor));
  const coordinator = await actor('coordinator-2');
  return handle.executeUpdate(dispatchEventUpdate, {
    args: [
      {
        actor: { officerId: coordinator.officerId, name: coordinator.name },
        instruction: '请生态环境、综合执法立即到场核实噪声，责令停止夜间施工',
        departmentCodes: ['ECOENV', 'URBAN'],
        responders,
      },
    ],
  });
}

async function checkIn(handle: Handle, key = 'ecoenv-1') {
  const a = await actor(key);
  return handle.executeUpdate(eventCheckInUpdate, { args: [{ actor: { officerId: a.officerId, name: a.name }, officerIds: [a.officerId] }] });
}

async function feedback(handle: Handle, key = 'ecoenv-1') {
  const a = await actor(key);
  return handle.executeUpdate(eventFeedbackUpdate, {
    args: [{ actor: { officerId: a.officerId, name: a.name }, result: '现场实测 68 dB(A)，超过夜间 55 dB(A) 限值，已责令立即停工', evidence: ['noise-reading.jpg'] }],
  });
}

async function resolve(handle: Handle) {
  const a = await actor('coordinator-2');
  return handle.executeUpdate(resolveEventUpdate, { args: [{ actor: { officerId: a.officerId, name: a.name }, note: '施工单位已停工并承诺不再夜间施工' }] });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  return (await updateRefusal(promise)).type ?? '';
}

async function audit(eventId: string) {
  const rows = await prisma.auditEvent.findMany({ where: { subjectType: 'GridEvent', subjectId: eventId }, orderBy: { at: 'asc' } });
  return rows.map((r) => r.action);
}

describe('532 clocks', () => {
  test('every clock met: dispatch, check-in and feedback in time; no breach, no escalation; resolved', async () => {
    const { eventId, handle } = await report(LONG);
    expect((await prisma.gridEvent.findUniqueOrThrow({ where: { id: eventId } })).status).toBe('REPORTED');

    expect((await dispatch(handle)).status).toBe('DISPATCHED');
    expect((await checkIn(handle)).status).toBe('ON_SITE');
    expect((await checkIn(handle, 'urban-1')).checkIns).toHaveLength(2);
    expect((await feedback(handle)).status).toBe('FED_BACK');
    await resolve(handle);
    const final = await handle.result();

    expect(final.status).toBe('RESOLVED');
    for (const clock of final.clocks) {
      expect(clock).toMatchObject({ late: false, breachedAt: null, escalation: 'NONE' });
      expect(clock.doneAt).not.toBeNull();
    }
    const row = await prisma.gridEvent.findUniqueOrThrow({ where: { id: eventId }, include: { responders: true, departments: true } });
    expect(row).toMatchObject({ status: 'RESOLVED', dispatchLate: false, onSiteLate: false, feedbackLate: false });
    expect(row.responders.every((r) => r.checkedInAt !== null && !r.checkInLate)).toBe(true);
    expect(row.departments.map((d) => d.departmentCode).sort()).toEqual(['ECOENV', 'URBAN']);
    expect(await prisma.clockBreach.count({ where: { eventId } })).toBe(0);
    expect(webhook.forEvent(eventId)).toHaveLength(0);
    expect(await audit(eventId)).toEqual([
      'EVENT_REPORTED',
      'EVENT_DISPATCHED',
      'EVENT_CHECKED_IN',
      'EVENT_CHECKED_IN',
      'EVENT_FED_BACK',
      'EVENT_RESOLVED',
    ]);
  });

  test('every clock missed: each breach recorded at its due time and escalated exactly once; late actions accepted and marked late', async () => {
    const { eventId, handle, input } = await report(SHORT);

    // Nobody looks at the event: the durable timers alone must write the breaches.
    const breaches = await eventually(async () => {
      const rows = await prisma.clockBreach.findMany({ where: { eventId } });
      expect(rows).toHaveLength(3);
      expect(rows.every((b) => b.escalatedAt !== null)).toBe(true);
      return rows;
    });
    for (const b of breaches) {
      const due = Date.parse(input.reportedAt) + { DISPATCH: SHORT.dispatchMs, ON_SITE: SHORT.onSiteMs, FEEDBACK: SHORT.feedbackMs }[b.stage];
      expect(b.dueAt.getTime()).toBe(due);
      expect(b.breachedAt.getTime()).toBeGreaterThanOrEqual(due);
      expect(b.recordedAt.getTime()).toBeGreaterThanOrEqual(due);
      expect(b.escalationChannel).toBe('webhook');
      expect(b.escalatedToId).toBe((await actor('leader-1')).officerId);
    }
    const state = await handle.query(eventStateQuery);
    expect(state.status).toBe('REPORTED');
    expect(state.clocks.map((c) => c.escalation)).toEqual(['SENT', 'SENT', 'SENT']);

    // The late work is still accepted, and marked late.
    const dispatched = await dispatch(handle);
    expect(dispatched.clocks[0]).toMatchObject({ stage: 'DISPATCH', late: true });
    await checkIn(handle);
    await feedback(handle);
    await resolve(handle);
    const final = await handle.result();
    await saveHistoryFixture(handle, 'event-every-clock-missed-then-resolved');
    expect(final.clocks.every((c) => c.late && c.breachedAt !== null)).toBe(true);
    const row = await prisma.gridEvent.findUniqueOrThrow({ where: { id: eventId }, include: { responders: true } });
    expect(row).toMatchObject({ status: 'RESOLVED', dispatchLate: true, onSiteLate: true, feedbackLate: true });
    expect(row.responders.find((r) => r.checkedInAt !== null)?.checkInLate).toBe(true);

    // Exactly once: one breach row, one escalation audit and one webhook per stage.
    expect(await prisma.clockBreach.count({ where: { eventId } })).toBe(3);
    const actions = await audit(eventId);
    expect(actions.filter((a) => a === 'EVENT_CLOCK_BREACHED')).toHaveLength(3);
    expect(actions.filter((a) => a === 'EVENT_ESCALATED')).toHaveLength(3);
    const sent = webhook.forEvent(eventId);
    expect(sent.map((w) => w.body.stage).sort()).toEqual([...RESPONSE_STAGES].sort());
    expect(new Set(sent.map((w) => w.idempotencyKey)).size).toBe(3);
    expect(sent[0].body).toMatchObject({ type: 'rapid-response.clock-breached', village: '包鸾社区', recipient: { name: '牟德华' } });
    expect(sent[0].body.message).toContain('532超时');
  });

  test('an escalation the channel rejects is recorded as failed, not as sent; the event goes on', async () => {
    const { eventId, handle } = await report(SHORT, rejectingWorker.taskQueue);
    await eventually(async () => {
      const rows = await prisma.clockBreach.findMany({ where: { eventId } });
      expect(rows).toHaveLength(3);
      expect(rows.every((b) => b.escalationFailed && b.escalatedAt === null)).toBe(true);
    });
    expect((await handle.query(eventStateQuery)).clocks.map((c) => c.escalation)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    expect((await audit(eventId)).filter((a) => a === 'EVENT_ESCALATION_FAILED')).toHaveLength(3);
    // 400 is permanent: one attempt per stage, no retries.
    expect(rejectingWebhook.forEvent(eventId)).toHaveLength(3);
    expect((await dispatch(handle)).status).toBe('DISPATCHED');
  });
});

describe('532 validators', () => {
  test('the order of the work is enforced and only assigned responders act', async () => {
    const { handle } = await report(LONG);
    expect(await refusal(checkIn(handle))).toBe('INVALID_STATE');
    expect(await refusal(resolve(handle))).toBe('INVALID_STATE');
    await dispatch(handle);
    expect(await refusal(dispatch(handle))).toBe('INVALID_STATE');
    expect(await refusal(checkIn(handle, 'fire-1'))).toBe('NOT_A_RESPONDER');
    expect(await refusal(feedback(handle))).toBe('INVALID_STATE');
    await checkIn(handle);
    expect(await refusal(checkIn(handle))).toBe('ALREADY_CHECKED_IN');
    expect(await refusal(feedback(handle, 'fire-1'))).toBe('NOT_A_RESPONDER');
    await feedback(handle);
    expect(await refusal(dispatch(handle))).toBe('INVALID_STATE');
    await resolve(handle);
    expect((await handle.result()).status).toBe('RESOLVED');
  });

  test('conversion into a case keeps the case reference as a link and closes the event', async () => {
    const { eventId, handle } = await report(LONG);
    await dispatch(handle);
    await checkIn(handle);
    await feedback(handle);
    const coordinator = await actor('coordinator-2');
    const converted = await handle.executeUpdate(convertEventUpdate, {
      args: [
        {
          actor: { officerId: coordinator.officerId, name: coordinator.name },
          kind: 'CASE',
          inspectionId: null,
          caseRef: '丰包环立〔2026〕12号',
          note: '涉嫌违反噪声污染防治法，转立案调查',
        },
      ],
    });
    expect(converted.status).toBe('CONVERTED');
    await handle.result();
    const row = await prisma.gridEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(row).toMatchObject({ status: 'CONVERTED', linkKind: 'CASE', linkedCaseRef: '丰包环立〔2026〕12号', linkedInspectionId: null });
  });
});
