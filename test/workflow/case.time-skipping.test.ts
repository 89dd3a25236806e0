/**
 * The case (立案) workflow on the Java time-skipping test server with the real activities and
 * a real SQLite database: the 90-day decision clock (§60) with its warnings and escalation,
 * suspension pushing the due date, the legal-review deadline in working days with its one
 * extension, and the gates of §42, §57 and §58. Time is skipped, never waited for, from a pinned
 * start (not the real today), so every clock below stays inside 2026's official calendar.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { BUILT_IN_CALENDAR_DATA, addCalendarDays, createWorkingDayCalendar } from '../../domain/calendar';
import { DEFAULT_CASE_POLICY, reviewDueDate, type CasePolicy, type PenaltyProposal } from '../../domain/case';
import { type ReviewerCredentials } from '../../domain/inspection';
import type { caseWorkflow } from '../../workflows/case';
import * as contract from '../../contracts/case';
import type { CaseState } from '../../contracts/case';
import type { ActorRef } from '../../contracts/inspection';
import { actorRef, credentialsByKey, officerByKey } from '../support/factories';
import { DAY, eventually, expectRule, useTimeSkippingStack } from '../support/harness';
import { chinaDate, startOfChinaDate } from '../../domain/dates';

// Monday 2 March 2026, 09:00 in China; the 90-day clocks below end by the autumn.
const START_DATE = '2026-03-02';
const START_AT = `${START_DATE}T09:00:00+08:00`;
const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);

const stack = useTimeSkippingStack('case-ts', { startAt: START_AT });
const { db, env, taskQueue } = stack;
let coordinator: ActorRef;
let investigatorA: ActorRef;
let reviewer: ReviewerCredentials;

beforeAll(async () => {
  const actor = (key: string) => actorRef(db.prisma, key);
  coordinator = await actor('coordinator-2');
  investigatorA = await actor('market-1');
  const r = await officerByKey(db.prisma, 'reviewer-1');
  reviewer = { officerId: r.id, name: r.name, isLegalReviewer: true, legalQualified: true };
});

async function fileCase(policy: Partial<CasePolicy> = {}): Promise<WorkflowHandle<typeof caseWorkflow>> {
  const caseId = randomUUID();
  const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    taskQueue,
    workflowId: contract.caseWorkflowId(caseId),
    args: [
      {
        caseId,
        title: '某餐饮店未取得许可从事经营案',
        inspectionId: randomUUID(),
        findingId: null,
        departmentCode: 'MARKET',
        filedBy: coordinator,
        policy: { ...DEFAULT_CASE_POLICY, ...policy },
      },
    ],
  });
  await eventually(async () => expect((await handle.query(contract.caseStateQuery)).persisted).toBe(true));
  return handle;
}

const state = (handle: WorkflowHandle) => handle.query(contract.caseStateQuery);

async function investigate(handle: WorkflowHandle) {
  await handle.executeUpdate(contract.assignInvestigatorsUpdate, {
    args: [{ actor: coordinator, investigators: await credentialsByKey(db.prisma, 'market-1', 'fire-1') }],
  });
}

const minorProposal: PenaltyProposal = {
  facts: '当事人未取得食品经营许可从事餐饮服务',
  evidence: ['现场检查笔录', '询问笔录'],
  legalBasis: '《中华人民共和国食品安全法》第一百二十二条',
  penaltyKind: '罚款',
  fineAmount: 5000,
};

async function propose(handle: WorkflowHandle, proposal: PenaltyProposal = minorProposal) {
  return handle.executeUpdate(contract.proposePenaltyUpdate, { args: [{ actor: investigatorA, ...proposal }] });
}

async function approve(handle: WorkflowHandle) {
  return handle.executeUpdate(contract.caseLegalReviewUpdate, { args: [{ reviewer, decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' }] });
}

/** §44 notice served and waived in writing (§62): the decision may follow at once. */
async function noticeWaived(handle: WorkflowHandle) {
  await handle.executeUpdate(contract.issueNoticeUpdate, { args: [{ actor: investigatorA }] });
  const servedAt = new Date(await env.currentTimeMs()).toISOString();
  await handle.executeUpdate(contract.serveUpdate, { args: [{ actor: investigatorA, document: 'PRIOR_NOTICE', method: 'DIRECT', servedAt, recipient: '张三', receiptNumber: 'SD-1' }] });
  return handle.executeUpdate(contract.waiveUpdate, { args: [{ actor: investigatorA, partyRepresentative: '张三', declaration: '自愿放弃陈述、申辩' }] });
}

/** Skips time on the test server to just `offsetMs` after `instantMs`. */
const skipTo = (instantMs: number, offsetMs = 0) => stack.skipTo(instantMs, offsetMs);

async function caseEvents(caseId: string, kind: string) {
  return db.prisma.caseEvent.findMany({ where: { caseId, kind } });
}

describe('legal-review deadline in working days', () => {
  test('across National Day and its 调休 the 7 working days end on 2026-10-13, +3 on 2026-10-16', () => {
    // Monday 2026-09-28: 9-29, 9-30, (10-1…10-7 holiday), 10-8, 10-9, 10-10 (Saturday, 调休), 10-12, 10-13.
    const due = reviewDueDate(calendar, '2026-09-28', DEFAULT_CASE_POLICY.reviewDueWorkingDays);
    expect(due).toBe('2026-10-13');
    expect(reviewDueDate(calendar, due, DEFAULT_CASE_POLICY.reviewExtensionWorkingDays)).toBe('2026-10-16');
  });

  test('the workflow takes the due date from the calendar, extends once by 3 working days, escalates once and marks a late review', async () => {
    const handle = await fileCase();
    await investigate(handle);
    const proposed = await propose(handle);
    const today = chinaDate(new Date(await env.currentTimeMs()).toISOString());
    expect(today).toBe(START_DATE);
    const due = calendar.addWorkingDays(today, 7);
    expect(due).toBe('2026-03-11');
    expect(proposed.reviewClock?.dueDate).toBe(due);

    const extended = await handle.executeUpdate(contract.extendReviewUpdate, { args: [{ actor: coordinator, reason: '案情复杂，需补充调取证据' }] });
    expect(extended.reviewClock?.dueDate).toBe(calendar.addWorkingDays(due, 3));
    expect(extended.reviewClock?.extensionReason).toBe('案情复杂，需补充调取证据');
    await expectRule(handle.executeUpdate(contract.extendReviewUpdate, { args: [{ actor: coordinator, reason: '再次延长' }] }), 'REVIEW_ALREADY_EXTENDED');

    const extendedDue = extended.reviewClock!.dueDate;
    await skipTo(startOfChinaDate(extendedDue), DAY - 60_000);
    expect((await state(handle)).reviewClock?.overdue).toBe(false);
    await skipTo(startOfChinaDate(extendedDue), DAY + 60_000);
    await eventually(async () => expect((await state(handle)).reviewClock?.overdue).toBe(true));
    await stack.sleep(3 * DAY);

    const caseId = (await state(handle)).caseId;
    expect(await caseEvents(caseId, 'REVIEW_OVERDUE')).toHaveLength(1);
    const reviewed = await approve(handle);
    expect(reviewed.reviews[0].late).toBe(true);
    const row = await db.prisma.caseReview.findFirstOrThrow({ where: { caseId } });
    expect(row.late).toBe(true);
  });
});

describe('gates', () => {
  test('fewer than two certified investigators are refused (第四十二条)', async () => {
    const handle = await fileCase();
    const failure = await expectRule(
      handle.executeUpdate(contract.assignInvestigatorsUpdate, {
        args: [{ actor: coordinator, investigators: await credentialsByKey(db.prisma, 'market-1', 'market-expired') }],
      }),
      'CASE_INVESTIGATORS_INSUFFICIENT',
    );
    expect(failure.message).toContain('第四十二条');
    expect((await state(handle)).status).toBe('FILED');
  });

  test('a decision without a passed legal review is refused, also after a return', async () => {
    const handle = await fileCase();
    await investigate(handle);
    await expectRule(handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款' }] }), 'LEGAL_REVIEW_NOT_PASSED');
    await propose(handle);
    await expectRule(handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款' }] }), 'LEGAL_REVIEW_NOT_PASSED');
    const returned = await handle.executeUpdate(contract.caseLegalReviewUpdate, {
      args: [{ reviewer, decision: 'RETURNED', opinion: '证据不足，请补充询问笔录' }],
    });
    expect(returned.status).toBe('PROPOSED');
    await expectRule(handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款' }] }), 'LEGAL_REVIEW_NOT_PASSED');
    await propose(handle);
    await approve(handle);
    await noticeWaived(handle);
    const decided = await handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款五千元' }] });
    expect(decided.status).toBe('DECIDED');
    expect(decided.decision?.late).toBe(false);
  });

  test('an investigator of the case cannot review it; an unqualified reviewer cannot either', async () => {
    const handle = await fileCase();
    await investigate(handle);
    await propose(handle);
    const asInvestigator = await expectRule(
      handle.executeUpdate(contract.caseLegalReviewUpdate, {
        args: [{ reviewer: { ...investigatorA, isLegalReviewer: true, legalQualified: true }, decision: 'APPROVED', opinion: '同意' }],
      }),
      'REVIEWER_NOT_ELIGIBLE',
    );
    expect((asInvestigator.details?.[0] as { code: string }[]).map((v) => v.code)).toEqual(['REVIEWER_IN_TEAM']);
    const u = await officerByKey(db.prisma, 'reviewer-unqualified');
    const unqualified = await expectRule(
      handle.executeUpdate(contract.caseLegalReviewUpdate, {
        args: [{ reviewer: { officerId: u.id, name: u.name, isLegalReviewer: true, legalQualified: false }, decision: 'APPROVED', opinion: '同意' }],
      }),
      'REVIEWER_NOT_ELIGIBLE',
    );
    expect((unqualified.details?.[0] as { code: string }[]).map((v) => v.code)).toEqual(['REVIEWER_NOT_QUALIFIED']);
    expect((await state(handle)).reviews).toEqual([]);
  });

  test('a major case needs a collective decision after the approval, then runs to closure', async () => {
    const handle = await fileCase();
    await investigate(handle);
    const proposed = await propose(handle, { ...minorProposal, fineAmount: 20_000 });
    expect(proposed.major).toBe(true);
    await expectRule(
      handle.executeUpdate(contract.collectiveDecisionUpdate, {
        args: [{ actor: coordinator, meetingDate: START_DATE, attendees: ['牟德华'], resolution: '同意' }],
      }),
      'COLLECTIVE_DECISION_NOT_ALLOWED',
    );
    const approved: CaseState = await approve(handle);
    expect(approved.status).toBe('COLLECTIVE_DECISION');
    await noticeWaived(handle);
    const refused = await expectRule(
      handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款二万元' }] }),
      'COLLECTIVE_DECISION_REQUIRED',
    );
    expect(refused.message).toContain('第五十七条');
    await handle.executeUpdate(contract.collectiveDecisionUpdate, {
      args: [{ actor: coordinator, meetingDate: START_DATE, attendees: ['牟德华', '唐小燕', '郑文静'], resolution: '同意罚款二万元' }],
    });
    await handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款二万元' }] });
    const now = new Date(await env.currentTimeMs()).toISOString();
    await handle.executeUpdate(contract.serveUpdate, { args: [{ actor: coordinator, document: 'DECISION', method: 'DIRECT', servedAt: now, recipient: '张三', receiptNumber: 'SD-2' }] });
    await handle.executeUpdate(contract.paymentUpdate, { args: [{ actor: coordinator, amount: 20_000, paidOn: chinaDate(now), receiptNumber: 'FS-1', bank: '农业银行' }] });
    await handle.executeUpdate(contract.publicationUpdate, { args: [{ actor: coordinator, involvesMinor: false, title: '未取得许可从事经营案', text: '罚款二万元' }] });
    await handle.executeUpdate(contract.closeCaseUpdate, { args: [{ actor: coordinator, reason: '罚款已缴纳，执行完毕' }] });
    // Not handle.result(): waiting on a result lets the test server skip time (to other
    // cases' timers), which would move the shared clock past the built-in calendar.
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    const result = await state(handle);
    expect(result.status).toBe('CLOSED');
    const row = await db.prisma.enforcementCase.findUniqueOrThrow({ where: { id: result.caseId }, include: { investigators: true, reviews: true } });
    expect(row.status).toBe('CLOSED');
    expect(row.major).toBe(true);
    expect(row.investigators).toHaveLength(2);
    expect(await caseEvents(result.caseId, 'COLLECTIVE_DECISION')).toHaveLength(1);
    const audits = await db.prisma.auditEvent.findMany({ where: { subjectType: 'EnforcementCase', subjectId: result.caseId } });
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['CASE_FILED', 'CASE_REVIEW_APPROVED', 'CASE_COLLECTIVE_DECISION', 'CASE_DECIDED', 'CASE_SERVED', 'CASE_CLOSED']),
    );
  });
});

// Last: these skip the shared test server's clock by months, so the tests that need working
// days near the pinned start run before them.
describe('90-day decision clock (行政处罚法第六十条)', () => {
  test('warnings fire on the configured days before the due date and escalation once the 90th day has passed, each once', async () => {
    const handle = await fileCase({ warningDaysBefore: [15, 5] });
    const filed = await state(handle);
    expect(filed.decisionClock.dueDate).toBe(addCalendarDays(filed.filedOn, 90));
    // Reviewed before time moves on: the review clock is counted near the pinned start.
    await investigate(handle);
    await propose(handle);
    await approve(handle);

    const due = filed.decisionClock.dueDate;
    const at = (date: string) => startOfChinaDate(date);
    await skipTo(at(addCalendarDays(due, -15)), -60_000);
    expect((await state(handle)).decisionClock.events).toEqual([]);

    await skipTo(at(addCalendarDays(due, -15)), 60_000);
    await eventually(async () => {
      const s = await state(handle);
      expect(s.decisionClock.events.map((e) => [e.kind, e.daysBefore])).toEqual([['WARNING', 15]]);
    });

    await skipTo(at(addCalendarDays(due, -5)), 60_000);
    await eventually(async () =>
      expect((await state(handle)).decisionClock.events.map((e) => e.daysBefore)).toEqual([15, 5]),
    );

    // The due date is the last day on time: no escalation during it.
    await skipTo(at(due), DAY - 60_000);
    expect((await state(handle)).decisionClock.expired).toBe(false);
    await skipTo(at(due), DAY + 60_000);
    await eventually(async () => expect((await state(handle)).decisionClock.expired).toBe(true));
    await stack.sleep(10 * DAY);

    const s = await state(handle);
    expect(s.decisionClock.events.map((e) => e.kind)).toEqual(['WARNING', 'WARNING', 'EXPIRED']);
    expect(await caseEvents(s.caseId, 'DECISION_WARNING')).toHaveLength(2);
    expect(await caseEvents(s.caseId, 'DECISION_OVERDUE')).toHaveLength(1);
    const row = await db.prisma.enforcementCase.findUniqueOrThrow({ where: { id: s.caseId } });
    expect(row.decisionOverdue).toBe(true);
    expect(row.decisionDueOn).toBe(due);

    // A late decision is still accepted, and marked.
    await noticeWaived(handle);
    const decided = await handle.executeUpdate(contract.decideUpdate, { args: [{ actor: coordinator, decisionText: '罚款五千元' }] });
    expect(decided.status).toBe('DECIDED');
    expect(decided.decision?.late).toBe(true);
    expect((await db.prisma.enforcementCase.findUniqueOrThrow({ where: { id: s.caseId } })).decisionLate).toBe(true);
  });

  test('suspended days do not count: the due date moves by the days suspended', async () => {
    const handle = await fileCase({ warningDaysBefore: [] });
    const filed = await state(handle);
    const originalDue = filed.decisionClock.dueDate;
    await handle.executeUpdate(contract.suspendCaseUpdate, { args: [{ actor: coordinator, reason: '当事人申请延期听证' }] });
    await stack.sleep(10 * DAY);
    const resumed = await handle.executeUpdate(contract.resumeCaseUpdate, { args: [{ actor: coordinator, reason: '听证已举行' }] });
    expect(resumed.decisionClock.suspendedDays).toBe(10);
    expect(resumed.decisionClock.dueDate).toBe(addCalendarDays(originalDue, 10));
    expect(resumed.decisionClock.suspensions[0].days).toBe(10);

    // The original due date passes without escalation; the moved one escalates.
    await skipTo(startOfChinaDate(originalDue), 2 * DAY);
    expect((await state(handle)).decisionClock.expired).toBe(false);
    await skipTo(startOfChinaDate(resumed.decisionClock.dueDate), DAY + 60_000);
    await eventually(async () => expect((await state(handle)).decisionClock.expired).toBe(true));
    const row = await db.prisma.enforcementCase.findUniqueOrThrow({ where: { id: filed.caseId } });
    expect(row.suspendedDays).toBe(10);
    expect(row.decisionDueOn).toBe(resumed.decisionClock.dueDate);
    expect(await caseEvents(filed.caseId, 'DECISION_OVERDUE')).toHaveLength(1);
  });
});
