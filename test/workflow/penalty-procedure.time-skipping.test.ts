/**
 * The penalty procedure of 《行政处罚法》 in the case workflow, on the time-skipping server with
 * the real activities and database: §44 notice, the §62 gate, §64's hearing terms in working
 * days (§85), §61 service, §67 payment and §72's surcharge, closure only once carried out.
 * From a pinned start (Monday 2 March 2026), never today; the tests share the server's clock,
 * which only moves forward, so they run in the order of the days they need.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { BUILT_IN_CALENDAR_DATA, createWorkingDayCalendar } from '../../domain/calendar';
import { DEFAULT_CASE_POLICY, type PenaltyProposal } from '../../domain/case';
import type { ReviewerCredentials } from '../../domain/inspection';
import { addDays, chinaDate, startOfChinaDate } from '../../domain/dates';
import type { caseWorkflow } from '../../workflows/case';
import * as contract from '../../contracts/case';
import type { ActorRef } from '../../contracts/inspection';
import { actorRef, credentialsByKey, officerByKey } from '../support/factories';
import { DAY, eventually, expectRule, useTimeSkippingStack } from '../support/harness';

const START_DATE = '2026-03-02';
const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
const stack = useTimeSkippingStack('penalty-procedure', { startAt: `${START_DATE}T09:00:00+08:00` });
const { db, env, taskQueue } = stack;
let coordinator: ActorRef;
let investigator: ActorRef;
let presiding: ActorRef;
let leader: ActorRef;
let reviewer: ReviewerCredentials;

beforeAll(async () => {
  coordinator = await actorRef(db.prisma, 'coordinator-2');
  investigator = await actorRef(db.prisma, 'market-1');
  presiding = await actorRef(db.prisma, 'reviewer-1');
  leader = await actorRef(db.prisma, 'leader-1');
  const r = await officerByKey(db.prisma, 'reviewer-1');
  reviewer = { officerId: r.id, name: r.name, isLegalReviewer: true, legalQualified: true };
});

const today = async () => chinaDate(new Date(await env.currentTimeMs()).toISOString());
const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();
/** 09:00 China time of a date. */
const morningOf = (date: string) => startOfChinaDate(date) + 9 * 3600_000;
const state = (handle: WorkflowHandle) => handle.query(contract.caseStateQuery);
const events = (caseId: string, kind: string) => db.prisma.caseEvent.findMany({ where: { caseId, kind } });

/** §63(1)1: ¥150,000 for an organisation is above the market regulation's ¥100,000. */
const largeFine: PenaltyProposal = {
  facts: '当事人生产经营超过保质期的食品，货值金额一万五千元',
  evidence: ['现场检查笔录', '抽样检验报告', '询问笔录'],
  legalBasis: '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款',
  penaltyKind: '罚款',
  fineAmount: 150_000,
};

/** A case filed, investigated, proposed and approved by legal review (and, when major, discussed). */
async function approvedCase(proposal: PenaltyProposal = largeFine): Promise<WorkflowHandle<typeof caseWorkflow>> {
  const caseId = randomUUID();
  const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    taskQueue,
    workflowId: contract.caseWorkflowId(caseId),
    args: [
      {
        caseId,
        title: '某食品公司生产经营超过保质期食品案',
        inspectionId: randomUUID(),
        findingId: null,
        departmentCode: 'MARKET',
        filedBy: coordinator,
        policy: DEFAULT_CASE_POLICY,
        party: { name: '丰都县某食品有限公司', kind: 'ORGANISATION' },
      },
    ],
  });
  await eventually(async () => expect((await state(handle)).persisted).toBe(true));
  await handle.executeUpdate(contract.assignInvestigatorsUpdate, { args: [{ actor: coordinator, investigators: await credentialsByKey(db.prisma, 'market-1', 'market-2') }] });
  await handle.executeUpdate(contract.proposePenaltyUpdate, { args: [{ actor: investigator, ...proposal }] });
  await handle.executeUpdate(contract.caseLegalReviewUpdate, { args: [{ reviewer, decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' }] });
  return handle;
}

async function serve(handle: WorkflowHandle, document: 'PRIOR_NOTICE' | 'HEARING_NOTICE' | 'DECISION') {
  return handle.executeUpdate(contract.serveUpdate, {
    args: [{ actor: investigator, document, method: 'DIRECT', servedAt: await nowIso(), recipient: '李四（法定代表人）', receiptNumber: `SD-${document}` }],
  });
}

const decide = (handle: WorkflowHandle, extra: Partial<contract.DecideRequest> = {}) =>
  handle.executeUpdate(contract.decideUpdate, { args: [{ actor: leader, decisionText: '对当事人罚款人民币壹拾伍万元整', ...extra }] });

const collective = async (handle: WorkflowHandle) =>
  handle.executeUpdate(contract.collectiveDecisionUpdate, {
    args: [{ actor: leader, meetingDate: await today(), attendees: ['牟德华', '唐小燕', '郑文静'], resolution: '同意罚款十五万元' }],
  });

test('a decision before the statement period has ended is refused with §62; a written waiver lets it through', async () => {
  const handle = await approvedCase({ ...largeFine, fineAmount: 3000 });
  const untold = await expectRule(decide(handle), 'PRIOR_NOTICE_REQUIRED');
  expect(untold.message).toContain('第六十二条');
  const notice = await handle.executeUpdate(contract.issueNoticeUpdate, { args: [{ actor: investigator }] });
  expect(notice.status).toBe('NOTIFIED');
  expect(notice.notice?.hearingGrounds).toEqual([]);
  await expectRule(decide(handle), 'PRIOR_NOTICE_NOT_SERVED');
  const served = await serve(handle, 'PRIOR_NOTICE');
  // Five working days from Monday 2 March: Monday 9 March.
  expect(served.notice?.periodEndsOn).toBe(calendar.addWorkingDays(START_DATE, 5));
  const running = await expectRule(decide(handle), 'STATEMENT_PERIOD_RUNNING');
  expect(running.message).toContain('第六十二条');
  expect(running.message).toContain(served.notice!.periodEndsOn!);
  // No hearing right for ¥3,000: a request is refused with the reason.
  await expectRule(handle.executeUpdate(contract.requestHearingUpdate, { args: [{ actor: investigator }] }), 'NO_HEARING_RIGHT');

  // Statements are heard and must be re-examined before the decision (§45).
  await handle.executeUpdate(contract.statementUpdate, { args: [{ actor: investigator, kind: 'DEFENCE', content: '过期食品系供货商调换，本店不知情', by: '李四' }] });
  await handle.executeUpdate(contract.waiveUpdate, { args: [{ actor: investigator, partyRepresentative: '李四', declaration: '除已提出的申辩外，放弃其他陈述、申辩权利' }] });
  await expectRule(decide(handle), 'STATEMENTS_NOT_REEXAMINED');
  await handle.executeUpdate(contract.reexamineUpdate, { args: [{ actor: coordinator, conclusion: '当事人未提供进货查验记录，申辩不成立', adopted: false }] });
  const heavier = await expectRule(decide(handle, { penalty: { penaltyKind: '罚款', fineAmount: 5000 } }), 'HEAVIER_PENALTY_REFUSED');
  expect(heavier.message).toContain('第四十五条');
  const decided = await decide(handle, { decisionText: '对当事人罚款人民币叁仟元整' });
  expect(decided.status).toBe('DECIDED');
  expect(decided.decision?.penalty).toEqual({ penaltyKind: '罚款', fineAmount: 3000 });
});

test('a hearing requested on the 6th working day after the notice is refused (§64(1)); the period ends and the decision follows', async () => {
  const handle = await approvedCase();
  await handle.executeUpdate(contract.issueNoticeUpdate, { args: [{ actor: investigator }] });
  const served = await serve(handle, 'PRIOR_NOTICE');
  const servedOn = served.notice!.servedOn!;
  expect(served.notice?.hearingGrounds.join()).toContain('第六十三条');
  expect(served.notice?.hearingRequestEndsOn).toBe(calendar.addWorkingDays(servedOn, 5));

  await stack.skipTo(morningOf(calendar.addWorkingDays(servedOn, 6)));
  const late = await expectRule(handle.executeUpdate(contract.requestHearingUpdate, { args: [{ actor: investigator }] }), 'HEARING_REQUEST_LATE');
  expect(late.message).toContain('第六十四条');
  const s = await state(handle);
  expect(s.hearing).toBeNull();
  // The period has ended (recorded once by the clock); the major case is discussed, then decided.
  await eventually(async () => expect((await state(handle)).notice?.periodEnded).toBe(true));
  expect(await events(s.caseId, 'STATEMENT_PERIOD_ENDED')).toHaveLength(1);
  await collective(handle);
  expect((await decide(handle)).status).toBe('DECIDED');
});

test('a §63 case: notice → hearing requested on day 4 → noticed 7 working days ahead → held → decision → served → paid on day 20 with the surcharge → closed', async () => {
  const handle = await approvedCase();
  const caseId = (await state(handle)).caseId;
  await handle.executeUpdate(contract.issueNoticeUpdate, { args: [{ actor: investigator }] });
  const servedOn = (await serve(handle, 'PRIOR_NOTICE')).notice!.servedOn!;

  // Day 4 (working days): within the 5 of §64(1).
  const day4 = calendar.addWorkingDays(servedOn, 4);
  await stack.skipTo(morningOf(day4));
  const requested = await handle.executeUpdate(contract.requestHearingUpdate, { args: [{ actor: investigator }] });
  expect(requested.status).toBe('HEARING');
  expect(requested.hearing?.requestedOn).toBe(day4);
  await expectRule(decide(handle), 'HEARING_PENDING');

  // The presiding officer cannot be an investigator (§64(4)); the hearing cannot be tomorrow (§64(2)).
  const hearingOn = calendar.addWorkingDays(day4, 7);
  const hearingAt = new Date(morningOf(hearingOn)).toISOString();
  const schedule = (extra: Partial<contract.ScheduleHearingRequest>) =>
    handle.executeUpdate(contract.scheduleHearingUpdate, { args: [{ actor: coordinator, hearingAt, place: '包鸾镇人民政府三楼会议室', presiding, public: true, ...extra }] });
  await expectRule(schedule({ presiding: investigator }), 'PRESIDING_OFFICER_INELIGIBLE');
  await expectRule(schedule({ hearingAt: new Date(morningOf(addDays(day4, 1))).toISOString() }), 'HEARING_NOTICE_TOO_SHORT');
  await schedule({});
  const noticed = await serve(handle, 'HEARING_NOTICE');
  expect(noticed.hearing?.earliestOn).toBe(hearingOn);

  // Not before the day; then held, with the record the party signed (§64(8)).
  await expectRule(handle.executeUpdate(contract.hearingRecordUpdate, { args: [{ actor: presiding, outcome: 'HELD', summary: '…', partySigned: true }] }), 'INVALID_STATE');
  await stack.skipTo(morningOf(hearingOn));
  await expectRule(
    handle.executeUpdate(contract.hearingRecordUpdate, { args: [{ actor: presiding, outcome: 'HELD', summary: '调查人员陈述事实、证据；当事人质证、申辩', partySigned: false }] }),
    'HEARING_RECORD_UNSIGNED',
  );
  const held = await handle.executeUpdate(contract.hearingRecordUpdate, {
    args: [{ actor: presiding, outcome: 'HELD', summary: '调查人员陈述事实、证据和处罚建议；当事人对检验报告无异议，请求从轻处罚', partyOpinion: '请求从轻', partySigned: true }],
  });
  expect(held.hearing?.status).toBe('HELD');

  // §65 through §57: the major case is discussed after the hearing, then decided.
  await expectRule(decide(handle), 'COLLECTIVE_DECISION_REQUIRED');
  await collective(handle);
  const decided = await decide(handle);
  expect(decided.decision?.serviceDueOn).toBe(calendar.addWorkingDays(hearingOn, 7));
  const served = await serve(handle, 'DECISION');
  const decisionServedOn = served.service && chinaDate(served.service.servedAt);
  expect(served.payment).toMatchObject({ fine: 150_000, dueOn: addDays(decisionServedOn!, 15), outstanding: 150_000 });
  await expectRule(handle.executeUpdate(contract.closeCaseUpdate, { args: [{ actor: coordinator, reason: '结案' }] }), 'EXECUTION_PENDING');

  // Paid on day 20: 5 days late, 3 % a day of ¥150,000 = ¥22,500 (§72).
  const day20 = addDays(decisionServedOn!, 20);
  await stack.skipTo(morningOf(day20));
  await eventually(async () => expect((await state(handle)).payment?.overdue).toBe(true));
  const short = await expectRule(
    handle.executeUpdate(contract.paymentUpdate, { args: [{ actor: investigator, amount: 172_500.01, paidOn: day20, receiptNumber: 'FS-2026-0001', bank: '农业银行丰都支行' }] }),
    'PAYMENT_EXCEEDS_OUTSTANDING',
  );
  expect(short.message).toContain('加处罚款22500元');
  const paid = await handle.executeUpdate(contract.paymentUpdate, {
    args: [{ actor: investigator, amount: 172_500, paidOn: day20, receiptNumber: 'FS-2026-0001', bank: '农业银行丰都支行' }],
  });
  expect(paid.payment).toMatchObject({ paid: 172_500, surcharge: 22_500, outstanding: 0 });
  expect(paid.execution?.how).toBe('PAID');
  // Not closed before 执法公示 (a minor's case is recorded as not published instead).
  await expectRule(handle.executeUpdate(contract.closeCaseUpdate, { args: [{ actor: coordinator, reason: '结案' }] }), 'PUBLICATION_PENDING');
  await handle.executeUpdate(contract.publicationUpdate, { args: [{ actor: leader, involvesMinor: false, title: '某食品公司生产经营超过保质期食品案', text: '罚款十五万元' }] });
  await handle.executeUpdate(contract.closeCaseUpdate, { args: [{ actor: coordinator, reason: '罚款及加处罚款已缴清' }] });
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));

  const row = await db.prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } });
  expect(row).toMatchObject({ status: 'CLOSED', hearingStatus: 'HELD', amountPaid: 172_500, surchargeAmount: 22_500, paymentOverdue: true, noticeServedOn: servedOn });
  expect(await events(caseId, 'PAYMENT_OVERDUE')).toHaveLength(1);
  expect(await events(caseId, 'STATEMENT_PERIOD_ENDED')).toHaveLength(1);
  expect(await events(caseId, 'DECISION_SERVICE_OVERDUE')).toHaveLength(0);
  // The investigators hear of the clocks and of the hearing date (domain/notifications.ts), each once.
  const market1 = (await officerByKey(db.prisma, 'market-1')).id;
  for (const kind of ['STATEMENT_PERIOD_ENDED', 'HEARING_SCHEDULED', 'PAYMENT_OVERDUE']) {
    expect([kind, await db.prisma.notification.count({ where: { subjectId: caseId, kind, officerId: market1 } })]).toEqual([kind, 1]);
  }
  const audits = await db.prisma.auditEvent.findMany({ where: { subjectType: 'EnforcementCase', subjectId: caseId }, orderBy: { at: 'asc' } });
  expect(audits.map((a) => a.action)).toEqual(
    expect.arrayContaining([
      'CASE_NOTICE_ISSUED',
      'CASE_NOTICE_SERVED',
      'CASE_HEARING_REQUESTED',
      'CASE_HEARING_SCHEDULED',
      'CASE_HEARING_NOTICE_SERVED',
      'CASE_HEARING_HELD',
      'CASE_DECIDED',
      'CASE_SERVED',
      'CASE_PAYMENT_OVERDUE',
      'CASE_PAYMENT_RECORDED',
      'CASE_CLOSED',
    ]),
  );
});

test('a decision not served within 7 working days is flagged once (§61); a warning is carried out by its service', async () => {
  const handle = await approvedCase({ ...largeFine, penaltyKind: '警告', fineAmount: undefined });
  await handle.executeUpdate(contract.issueNoticeUpdate, { args: [{ actor: investigator }] });
  await serve(handle, 'PRIOR_NOTICE');
  await handle.executeUpdate(contract.waiveUpdate, { args: [{ actor: investigator, partyRepresentative: '李四', declaration: '放弃陈述、申辩' }] });
  const decided = await decide(handle, { decisionText: '对当事人给予警告' });
  const due = decided.decision!.serviceDueOn!;
  await stack.skipTo(startOfChinaDate(due), DAY + 60_000);
  await eventually(async () => expect((await state(handle)).decision?.serviceOverdue).toBe(true));
  await stack.sleep(2 * DAY);
  expect(await events(decided.caseId, 'DECISION_SERVICE_OVERDUE')).toHaveLength(1);
  // Left at the domicile without a witness does not stand.
  await expectRule(
    handle.executeUpdate(contract.serveUpdate, { args: [{ actor: investigator, document: 'DECISION', method: 'LEFT_AT_DOMICILE', servedAt: await nowIso(), recipient: '李四' }] }),
    'SERVICE_INCOMPLETE',
  );
  const served = await handle.executeUpdate(contract.serveUpdate, {
    args: [{ actor: investigator, document: 'DECISION', method: 'LEFT_AT_DOMICILE', servedAt: await nowIso(), recipient: '李四', witness: '村委会主任王五' }],
  });
  expect(served.payment).toBeNull();
  expect(served.execution?.how).toBe('NOTHING_TO_EXECUTE');
  await handle.executeUpdate(contract.publicationUpdate, { args: [{ actor: leader, involvesMinor: true }] });
  expect((await handle.executeUpdate(contract.closeCaseUpdate, { args: [{ actor: coordinator, reason: '警告已执行' }] })).status).toBe('CLOSED');
});

test('执法公示: warned before the 7 working days end and flagged once after; a revoked decision leaves the public page at once (§48)', async () => {
  const handle = await approvedCase({ ...largeFine, fineAmount: 3000 });
  await handle.executeUpdate(contract.issueNoticeUpdate, { args: [{ actor: investigator }] });
  await serve(handle, 'PRIOR_NOTICE');
  await handle.executeUpdate(contract.waiveUpdate, { args: [{ actor: investigator, partyRepresentative: '李四', declaration: '放弃陈述、申辩' }] });
  const decided = await decide(handle, { decisionText: '对当事人罚款人民币叁仟元整' });
  const decidedOn = chinaDate(decided.decision!.decidedAt);
  const dueOn = calendar.addWorkingDays(decidedOn, 7);
  expect(decided.publication).toMatchObject({ dueOn, status: 'PENDING' });
  await serve(handle, 'DECISION');

  await stack.skipTo(startOfChinaDate(addDays(dueOn, -2)), 60_000);
  await eventually(async () => expect((await state(handle)).publication?.warned).toBe(true));
  await stack.skipTo(startOfChinaDate(dueOn), DAY + 60_000);
  await eventually(async () => expect((await state(handle)).publication?.overdue).toBe(true));
  await stack.sleep(DAY);
  expect(await events(decided.caseId, 'PUBLICATION_DUE_SOON')).toHaveLength(1);
  expect(await events(decided.caseId, 'PUBLICATION_OVERDUE')).toHaveLength(1);

  const withId = await expectRule(
    handle.executeUpdate(contract.publicationUpdate, { args: [{ actor: leader, involvesMinor: false, title: '某食品公司案', text: '法定代表人身份证号码500230199001011234' }] }),
    'PUBLICATION_CONTAINS_PERSONAL_DATA',
  );
  expect(withId.message).toContain('身份证号码');
  await handle.executeUpdate(contract.publicationUpdate, { args: [{ actor: leader, involvesMinor: false, title: '某食品公司案', text: '罚款叁仟元' }] });
  const published = await db.prisma.publishedDecision.findUniqueOrThrow({ where: { caseId: decided.caseId } });
  expect(published).toMatchObject({ title: '某食品公司案', decidedOn, withdrawnAt: null });

  // The decision is revoked on reconsideration: withdrawn in the same step, nothing left to execute.
  const revoked = await handle.executeUpdate(contract.revocationUpdate, { args: [{ actor: leader, kind: 'REVOKED', reason: '丰都县人民政府行政复议决定撤销' }] });
  expect(revoked.publication?.status).toBe('WITHDRAWN');
  const withdrawn = await db.prisma.publishedDecision.findUniqueOrThrow({ where: { caseId: decided.caseId } });
  expect(withdrawn.withdrawnAt).not.toBeNull();
  expect(withdrawn.withdrawnAt!.getTime() - Date.parse(revoked.revocation!.at)).toBeLessThan(3 * DAY);
  expect(await db.prisma.publishedDecision.count({ where: { caseId: decided.caseId, withdrawnAt: null } })).toBe(0);
  await expectRule(handle.executeUpdate(contract.paymentUpdate, { args: [{ actor: investigator, amount: 3000, paidOn: await today(), receiptNumber: 'X', bank: 'Y' }] }), 'INVALID_STATE');
  expect((await handle.executeUpdate(contract.closeCaseUpdate, { args: [{ actor: coordinator, reason: '决定已撤销' }] })).status).toBe('CLOSED');
});
