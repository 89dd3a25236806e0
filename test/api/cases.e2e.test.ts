/**
 * An administrative case (立案) over HTTP with the real worker, the time-skipping server (pinned) and database: filed
 * from a joint inspection's finding, the law's gates refuse what they must (two certified
 * investigators, no decision before an approved legal review, reviewer qualified and not an
 * investigator, department scope), and the case runs to closure.
 */
import { BUILT_IN_CALENDAR_DATA } from '../../domain/calendar';
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { PENALTY_PROPOSAL, WAIVER, directService, inspectionWithMarketFinding, officerByKey } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { expectConforms } from '../support/conforms';
import { CaseListResponse, CaseStateResponse } from '../../api/routes/cases/schema';
import { chinaDate } from '../../domain/dates';

const { prisma, http, tokens } = useTestStack({
  officers: ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'reviewer-unqualified', 'leader-1'],
  // The legal-review clock counts working days from this pinned day, not the real today.
  startAt: '2026-06-01T09:00:00+08:00',
});

/** A joint inspection with one MARKET finding, driven over HTTP. */
async function inspectionWithFinding(): Promise<{ inspectionId: string; findingId: string }> {
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  return { inspectionId, findingId: findingId! };
}

test('a finding filed as a case goes through the gates to closure', async () => {
  const { inspectionId, findingId } = await inspectionWithFinding();

  const unknown = await http('POST', '/api/cases', { token: tokens['market-1'], body: { inspectionId, findingId: 'nope', title: '案由' } });
  expect(unknown.status).toBe(422);

  const filed = await http('POST', '/api/cases', {
    token: tokens['market-1'],
    body: { inspectionId, findingId, title: '销售超过保质期的食品案' },
  });
  expect(filed.status).toBe(202);
  const caseId = filed.body.id as string;
  expect(filed.headers.get('location')).toBe(`/api/cases/${caseId}`);
  await eventually(async () => expect(await prisma.enforcementCase.count({ where: { id: caseId } })).toBe(1));

  // Department scope: the fire inspector neither sees nor acts on a market case.
  expect((await http('GET', `/api/cases/${caseId}`, { token: tokens['fire-1'] })).status).toBe(403);

  const market1 = await officerByKey(prisma, 'market-1');
  const market2 = await officerByKey(prisma, 'market-2');
  const one = await http('POST', `/api/cases/${caseId}/investigators`, { token: tokens['coordinator-2'], body: { officerIds: [market1.id] } });
  expect(one.status).toBe(422);
  expect(one.body.error.code).toBe('CASE_INVESTIGATORS_INSUFFICIENT');
  const assigned = await http('POST', `/api/cases/${caseId}/investigators`, { token: tokens['coordinator-2'], body: { officerIds: [market1.id, market2.id] } });
  expect(assigned.status).toBe(200);
  // Every step answers the case's state in its exact shape.
  expectConforms(CaseStateResponse, assigned.body);

  // No decision before an approved legal review (行政处罚法 §58).
  const early = await http('POST', `/api/cases/${caseId}/decision`, { token: tokens['coordinator-2'], body: { decisionText: '罚款二千元' } });
  expect([409, 422]).toContain(early.status);
  expect(typeof early.body.error.message).toBe('string');

  const proposal = await http('POST', `/api/cases/${caseId}/proposal`, {
    token: tokens['market-1'],
    body: PENALTY_PROPOSAL,
  });
  expect(proposal.status).toBe(200);
  // The legal review is the agency's own period: its due date is counted on the agency side, with its basis.
  const reviewDue = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA).deadline(chinaDate(new Date().toISOString()), 7, 'agency');
  expect(proposal.body.reviewClock).toMatchObject({ dueDate: reviewDue.date, basis: reviewDue });
  await eventually(async () => {
    const row = await prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } });
    expect([row.reviewDueOn, JSON.parse(row.reviewDueBasisJson!)]).toEqual([reviewDue.date, reviewDue]);
  });
  const worklist = await http('GET', '/api/cases?due=review', { token: tokens['reviewer-1'] });
  expect(worklist.status).toBe(200);
  expect(worklist.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
  expectConforms(CaseListResponse, worklist.body);
  expect((await http('GET', '/api/cases?due=review', { token: tokens['market-1'] })).status).toBe(403);

  const unqualified = await http('POST', `/api/cases/${caseId}/legal-review`, { token: tokens['reviewer-unqualified'], body: { decision: 'APPROVED', opinion: '同意' } });
  expect(unqualified.status).toBe(403);
  const byInvestigator = await http('POST', `/api/cases/${caseId}/legal-review`, { token: tokens['market-1'], body: { decision: 'APPROVED', opinion: '同意' } });
  expect(byInvestigator.status).toBe(403);
  expect((await http('POST', `/api/cases/${caseId}/legal-review`, { token: tokens['reviewer-1'], body: { decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' } })).status).toBe(200);

  // §62: no decision before the party was told and could speak.
  const untold = await http('POST', `/api/cases/${caseId}/decision`, { token: tokens['coordinator-2'], body: { decisionText: '对当事人罚款人民币贰仟元整' } });
  expect([untold.status, untold.body.error.code]).toEqual([409, 'PRIOR_NOTICE_REQUIRED']);
  expect(untold.body.error.message).toContain('第六十二条');
  const notice = await http('POST', `/api/cases/${caseId}/notice`, { token: tokens['market-1'], body: {} });
  expect(notice.status).toBe(200);
  expect(notice.body.notice).toMatchObject({ penalty: { penaltyKind: '罚款', fineAmount: 2000 }, hearingGrounds: [] });
  // The 事先告知书 is issued from what was recorded; a hearing notice of a case without a hearing is not.
  const noticeDoc = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['market-1'], body: { kind: 'PRIOR_NOTICE', caseId } });
  expect([noticeDoc.status, noticeDoc.body.title, noticeDoc.body.number]).toEqual([201, '行政处罚事先告知书', expect.stringContaining('告〔')]);
  const noHearing = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['market-1'], body: { kind: 'HEARING_NOTICE', caseId } });
  expect([noHearing.status, noHearing.body.error.code]).toEqual([409, 'DOCUMENT_NOT_AVAILABLE']);
  // A direct service needs its signed receipt; a bad method is a 400.
  const noReceipt = await http('POST', `/api/cases/${caseId}/service`, { token: tokens['market-1'], body: { ...directService(), receiptNumber: undefined, document: 'PRIOR_NOTICE' } });
  expect([noReceipt.status, noReceipt.body.error.code]).toEqual([422, 'SERVICE_INCOMPLETE']);
  expect((await http('POST', `/api/cases/${caseId}/service`, { token: tokens['market-1'], body: { ...directService(), method: '直接送达', document: 'PRIOR_NOTICE' } })).status).toBe(400);
  const served = await http('POST', `/api/cases/${caseId}/service`, { token: tokens['market-1'], body: { ...directService(), document: 'PRIOR_NOTICE' } });
  expect(served.status).toBe(200);
  expect(served.body.notice.periodEndsOn > chinaDate(new Date().toISOString())).toBe(true);
  const running = await http('POST', `/api/cases/${caseId}/decision`, { token: tokens['coordinator-2'], body: { decisionText: '对当事人罚款人民币贰仟元整' } });
  expect([running.status, running.body.error.code]).toEqual([409, 'STATEMENT_PERIOD_RUNNING']);
  // The party waives in writing (§62), so the decision need not wait for the period's end.
  expect((await http('POST', `/api/cases/${caseId}/waiver`, { token: tokens['market-1'], body: WAIVER })).status).toBe(200);
  const heavier = await http('POST', `/api/cases/${caseId}/decision`, { token: tokens['coordinator-2'], body: { decisionText: '罚款三千元', penalty: { penaltyKind: '罚款', fineAmount: 3000 } } });
  expect([heavier.status, heavier.body.error.code]).toEqual([422, 'HEAVIER_PENALTY_REFUSED']);
  expect((await http('POST', `/api/cases/${caseId}/decision`, { token: tokens['coordinator-2'], body: { decisionText: '对当事人罚款人民币贰仟元整' } })).status).toBe(200);
  const decisionServed = await http('POST', `/api/cases/${caseId}/service`, { token: tokens['market-1'], body: { ...directService(), document: 'DECISION' } });
  expect(decisionServed.status).toBe(200);
  expect(decisionServed.body.payment).toMatchObject({ fine: 2000, outstanding: 2000 });
  const unpaid = await http('POST', `/api/cases/${caseId}/close`, { token: tokens['coordinator-2'], body: { reason: '罚款已缴纳' } });
  expect([unpaid.status, unpaid.body.error.code]).toEqual([409, 'EXECUTION_PENDING']);
  const today = chinaDate(new Date().toISOString());
  const paid = await http('POST', `/api/cases/${caseId}/payments`, { token: tokens['market-1'], body: { amount: 2000, paidOn: today, receiptNumber: 'FS-0001', bank: '农业银行丰都支行' } });
  expect(paid.status).toBe(200);
  expect(paid.body.execution).toMatchObject({ how: 'PAID' });
  await eventually(async () =>
    expect(await prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ amountPaid: 2000, surchargeAmount: 0, noticeServedOn: today }),
  );
  // 执法公示: the draft hides the personal data of others; a text with an ID or phone number is refused.
  const unpublished = await http('POST', `/api/cases/${caseId}/close`, { token: tokens['coordinator-2'], body: { reason: '罚款已缴纳' } });
  expect([unpublished.status, unpublished.body.error.code]).toEqual([409, 'PUBLICATION_PENDING']);
  const draft = await http('GET', `/api/cases/${caseId}/publication-draft`, { token: tokens['coordinator-2'] });
  expect(draft.status).toBe(200);
  expect(draft.body.text).toContain('对当事人罚款人民币贰仟元整');
  const withId = await http('POST', `/api/cases/${caseId}/publication`, {
    token: tokens['coordinator-2'],
    body: { title: draft.body.title, text: `${draft.body.text}\n经营者身份证号码500230199001011234，电话13912345678` },
  });
  expect([withId.status, withId.body.error.code]).toEqual([422, 'PUBLICATION_CONTAINS_PERSONAL_DATA']);
  expect(withId.body.error.message).toContain('身份证号码');
  expect(withId.body.error.message).toContain('电话号码');
  expect((await http('GET', '/api/public/decisions')).body.items.map((d: { caseId: string }) => d.caseId)).not.toContain(caseId);
  expect((await http('POST', `/api/cases/${caseId}/publication`, { token: tokens['coordinator-2'], body: { title: draft.body.title, text: draft.body.text } })).status).toBe(200);
  const published = await http('GET', '/api/public/decisions');
  expect(published.status).toBe(200);
  expect(published.body.items.find((d: { caseId: string }) => d.caseId === caseId)).toMatchObject({ title: draft.body.title, text: draft.body.text, township: '包鸾镇' });
  expect((await http('POST', `/api/cases/${caseId}/close`, { token: tokens['coordinator-2'], body: { reason: '罚款已缴纳' } })).status).toBe(200);
  await eventually(async () => expect((await prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('CLOSED'));
  // The closed case's row (decided, served, paid) in its declared shape.
  const register = await http('GET', '/api/cases', { token: tokens['coordinator-2'] });
  expect(register.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
  expectConforms(CaseListResponse, register.body);
  const closed = await http('POST', `/api/cases/${caseId}/service`, { token: tokens['market-1'], body: { ...directService(), document: 'DECISION' } });
  expect(closed.status).toBe(409);
  const detail = await http('GET', `/api/cases/${caseId}`, { token: tokens['leader-1'] });
  expect(detail.status).toBe(200);
  expectConforms(CaseStateResponse, detail.body);
  expect(detail.body).toMatchObject({ status: 'CLOSED', persisted: true });

  // The case was the finding's only open end: its visit closes, the finding records why.
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).status).toBe('CLOSED'));
  expect(await prisma.finding.findUniqueOrThrow({ where: { id: findingId } })).toMatchObject({ outcome: 'CASE_CLOSED', resolutionRef: `case-${caseId}` });

  // A case from before the read model (no stored state, its rows only) answers in the same shape,
  // with what its rows keep: the investigators, the review, the decision, its service and closure.
  await prisma.workflowState.delete({ where: { workflowId: `case-${caseId}` } });
  const legacy = await http('GET', `/api/cases/${caseId}`, { token: tokens['leader-1'] });
  expect(legacy.status).toBe(200);
  expectConforms(CaseStateResponse, legacy.body);
  expect(legacy.body).toMatchObject({
    caseId,
    status: 'CLOSED',
    persisted: true,
    investigators: detail.body.investigators,
    proposal: detail.body.proposal,
    reviews: detail.body.reviews,
    decision: { text: detail.body.decision.text, decidedBy: detail.body.decision.decidedBy, decidedAt: detail.body.decision.decidedAt },
    service: detail.body.service,
    closedAt: detail.body.closedAt,
    closedBy: detail.body.closedBy,
  });
});
