/**
 * The 行政复议 / 行政诉讼 ledger, the §57 decision of a major case on the major-decision machinery and
 * 谁执法谁普法 over real HTTP (real worker, real database), on the pinned clock (2026-03-02, a Monday):
 * a major case's collective decision recorded as a major decision of kind CASE_PENALTY (refused
 * without a quorum or a majority, or before the legal review, with nothing written); a
 * reconsideration of the case's published penalty decision
 * that revokes it — through the case's own revocation, so the 执法公示 is withdrawn; a lawsuit
 * against another act with a late answer and two hearings (the head in court at one); a late
 * application marked and its term extended once; the law explained during a joint inspection
 * counted as 普法. Then every new figure of the report equals its source records (the ledger's
 * and the register's lists), for the township and for the county (two townships summed).
 */
import JSZip from 'jszip';
import { issueToken } from '../../db';
import { directService, inspectionWithMarketFinding, officerByKey, WAIVER } from '../support/factories';
import { useTestStack } from '../support/harness';
import { expectConforms } from '../support/conforms';
import { LegalChallengeListResponse, LegalChallengeResponse } from '../../api/routes/legal-challenges/schema';

const YEAR = 2026;
const TODAY = '2026-03-02';
const stack = useTestStack({
  name: 'legal-challenges',
  officers: ['coordinator-2', 'reviewer-1', 'leader-1', 'market-1', 'market-2', 'fire-1', 'admin'],
  startAt: '2026-03-02T09:00:00+08:00',
});
const { prisma, http, tokens } = stack;
const ids: Record<string, string> = {};
const extraTokens: Record<string, string> = {};

async function ok<T = any>(method: string, path: string, who: string, body?: unknown, expected = 200): Promise<T> {
  const res = await http(method, path, { token: tokens[who as keyof typeof tokens] ?? extraTokens[who], body });
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}
async function refused(method: string, path: string, who: string, body: unknown) {
  const res = await http(method, path, { token: tokens[who as keyof typeof tokens] ?? extraTokens[who], body });
  return { status: res.status, code: res.body?.error?.code as string | undefined, message: res.body?.error?.message as string | undefined };
}

describe('a major case: its §57 decision as a major decision, then a reconsideration of its decision', () => {
  test('the collective decision is recorded on the major-decision machinery; the case is decided, served and published; the challenge revoking it withdraws the publication through the case', async () => {
    const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
    ids.inspection = inspectionId;
    const filed = await ok('POST', '/api/cases', 'market-1', { inspectionId, findingId, title: '销售超过保质期的食品案' }, 202);
    const caseId = (ids.case = filed.id);
    const investigators = await Promise.all(['market-1', 'market-2'].map((k) => officerByKey(prisma, k)));
    await ok('POST', `/api/cases/${caseId}/investigators`, 'coordinator-2', { officerIds: investigators.map((o) => o.id) });
    await ok('POST', `/api/cases/${caseId}/proposal`, 'market-1', {
      facts: '当事人在后厨冷藏柜内存放超过保质期的食品3批次',
      evidence: ['现场检查笔录'],
      legalBasis: '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条',
      penaltyKind: '罚款',
      fineAmount: 10000,
    });
    // §57 on the major-decision machinery: the meeting's record as any major decision's, the case's validator the gate.
    const meeting = { meetingDate: TODAY, membersTotal: 5, attendees: ['牟德华', '唐小燕', '郑文静', '周建国'], votesFor: 4, votesAgainst: 0, votesAbstain: 0, minutes: '经集体讨论，同意法制审核意见', resolution: '同意罚款壹万元' };
    const beforeReview = await refused('POST', `/api/cases/${caseId}/collective-decision`, 'leader-1', meeting);
    expect(beforeReview).toMatchObject({ status: 409, code: 'COLLECTIVE_DECISION_NOT_ALLOWED' });
    await ok('POST', `/api/cases/${caseId}/legal-review`, 'reviewer-1', { decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' });
    await ok('POST', `/api/cases/${caseId}/notice`, 'market-1', {});
    await ok('POST', `/api/cases/${caseId}/service`, 'market-1', { ...directService(), document: 'PRIOR_NOTICE' });
    await ok('POST', `/api/cases/${caseId}/waiver`, 'market-1', WAIVER);
    expect(await refused('POST', `/api/cases/${caseId}/decision`, 'coordinator-2', { decisionText: '对当事人罚款人民币壹万元整' })).toMatchObject({ status: 409, code: 'COLLECTIVE_DECISION_REQUIRED' });
    expect(await refused('POST', `/api/cases/${caseId}/collective-decision`, 'leader-1', { ...meeting, attendees: ['牟德华', '唐小燕'], votesFor: 2 })).toMatchObject({ status: 422, code: 'MAJOR_DECISION_QUORUM_NOT_MET' });
    expect(await refused('POST', `/api/cases/${caseId}/collective-decision`, 'leader-1', { ...meeting, votesFor: 2, votesAgainst: 2 })).toMatchObject({ status: 422, code: 'MAJOR_DECISION_NOT_PASSED' });
    // Refusals (the case's, the meeting's) left nothing: no register row, no entry in the case.
    expect(await prisma.majorDecision.count({ where: { caseId } })).toBe(0);
    expect((await ok('GET', `/api/cases/${caseId}`, 'coordinator-2')).collectiveDecisions).toEqual([]);
    const afterMeeting = await ok('POST', `/api/cases/${caseId}/collective-decision`, 'leader-1', meeting);
    expect(afterMeeting.collectiveDecisions).toMatchObject([{ meetingDate: TODAY, attendees: meeting.attendees, resolution: '同意罚款壹万元' }]);
    const register = (await ok('GET', '/api/major-decisions', 'leader-1')).items.filter((d: { caseId: string | null }) => d.caseId === caseId);
    expect(register).toMatchObject([
      { kind: 'CASE_PENALTY', status: 'TAKEN', subjectToRule: true, legalConclusion: 'LAWFUL', legalOpinion: '事实清楚，证据确凿，同意', membersTotal: 5, votesFor: 4, attendees: meeting.attendees, minutes: meeting.minutes, decisionText: '同意罚款壹万元' },
    ]);
    // The same meeting record again (a retry after a lost answer, a double tap): one step in the case, one row in the register.
    const repeated = await ok('POST', `/api/cases/${caseId}/collective-decision`, 'leader-1', meeting);
    expect(repeated.collectiveDecisions).toHaveLength(1);
    expect(await prisma.majorDecision.count({ where: { caseId } })).toBe(1);
    expect(await refused('POST', '/api/major-decisions', 'leader-1', { kind: 'CASE_PENALTY', title: '某案集体讨论' })).toMatchObject({ status: 422, code: 'MAJOR_DECISION_KIND_FROM_CASE' });
    await ok('POST', `/api/cases/${caseId}/decision`, 'coordinator-2', { decisionText: '对当事人罚款人民币壹万元整' });
    await ok('POST', `/api/cases/${caseId}/service`, 'market-1', { ...directService(), document: 'DECISION' });
    await ok('POST', `/api/cases/${caseId}/publication`, 'coordinator-2', { title: '销售超过保质期的食品案', text: '对当事人罚款人民币壹万元整' });
    expect(await prisma.publishedDecision.findUniqueOrThrow({ where: { caseId } })).toMatchObject({ withdrawnAt: null });

    const intake = { kind: 'RECONSIDERATION', caseId, applicant: '某某餐饮店', reviewingBody: '丰都县人民政府', reference: '丰都府复〔2026〕3号', appliedOn: TODAY, acceptedOn: TODAY, receivedOn: TODAY };
    // The copy follows acceptance: a copy received before the application was accepted is refused.
    expect(await refused('POST', '/api/legal-challenges', 'leader-1', { ...intake, acceptedOn: '2026-03-03', receivedOn: TODAY })).toMatchObject({ status: 422, code: 'CHALLENGE_DATES_INVALID' });
    const challenge = await ok('POST', '/api/legal-challenges', 'leader-1', intake, 201);
    ids.caseChallenge = challenge.id;
    // Known on the decision's service; answer in 10 working days (§48, §88), decision in 60 days (§62).
    expect(challenge).toMatchObject({ caseId, knownOn: TODAY, filedOutOfTime: false, answerDueOn: '2026-03-16', decisionDueOn: '2026-05-01', status: 'OPEN', actDescription: '行政处罚决定：销售超过保质期的食品案' });

    const path = `/api/legal-challenges/${challenge.id}/outcome`;
    const changedWithoutText = await refused('POST', path, 'leader-1', { outcome: 'CHANGED', decidedOn: TODAY });
    expect(changedWithoutText).toMatchObject({ status: 422, code: 'CHALLENGE_OUTCOME_INVALID' });
    expect(changedWithoutText.message).toContain('变更后的处罚决定');
    expect(await prisma.legalChallenge.findUniqueOrThrow({ where: { id: challenge.id } })).toMatchObject({ status: 'OPEN', outcome: null });

    // The case's revocation is the leader's: a legal reviewer may record other outcomes, not this one.
    expect(await refused('POST', path, 'reviewer-1', { outcome: 'REVOKED', decidedOn: TODAY })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const revoked = await ok('POST', path, 'leader-1', { outcome: 'REVOKED', decidedOn: TODAY, note: '认定事实不清' });
    expect(revoked).toMatchObject({ status: 'CONCLUDED', outcome: 'REVOKED', caseDecisionRevoked: true });
    expectConforms(LegalChallengeResponse, challenge);
    expectConforms(LegalChallengeResponse, revoked);
    const published = await prisma.publishedDecision.findUniqueOrThrow({ where: { caseId } });
    expect(published.withdrawnAt).not.toBeNull();
    expect(published.withdrawReason).toContain('丰都县人民政府（丰都府复〔2026〕3号）2026-03-02行政复议决定撤销该处罚决定');
    const view = await ok('GET', `/api/cases/${caseId}`, 'coordinator-2');
    expect(view.revocation).toMatchObject({ kind: 'REVOKED' });
    expect(await refused('POST', path, 'leader-1', { outcome: 'UPHELD', decidedOn: TODAY })).toMatchObject({ status: 409, code: 'CHALLENGE_ALREADY_CONCLUDED' });
    const listed = await ok('GET', `/api/legal-challenges?caseId=${caseId}`, 'reviewer-1');
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([challenge.id]);
    expectConforms(LegalChallengeListResponse, listed);
  });
});

describe('challenges of other acts', () => {
  test('a lawsuit: the answer after 15 days marked late, two hearings with and without the head, upheld', async () => {
    const intake = {
      kind: 'LITIGATION',
      actDescription: '责令限期拆除违法建筑决定（包鸾府责拆〔2025〕2号）',
      applicant: '王某',
      reviewingBody: '丰都县人民法院',
      knownOn: '2025-09-02',
      appliedOn: '2025-12-30',
      acceptedOn: '2026-01-02',
      receivedOn: '2026-01-05',
    };
    expect(await refused('POST', '/api/legal-challenges', 'leader-1', { ...intake, actDescription: undefined })).toMatchObject({ status: 422, code: 'CHALLENGE_ACT_REQUIRED' });
    const suit = await ok('POST', '/api/legal-challenges', 'leader-1', intake, 201);
    ids.suit = suit.id;
    // Within 6 months of knowing (§46); answer within 15 days of the copy (§67); judgment within 6 months of 立案 (§81).
    expect(suit).toMatchObject({ filedOutOfTime: false, answerDueOn: '2026-01-20', decisionDueOn: '2026-07-02' });
    const path = `/api/legal-challenges/${suit.id}`;
    expect(await refused('POST', `${path}/extension`, 'leader-1', { reason: '案情复杂' })).toMatchObject({ status: 409, code: 'CHALLENGE_NOT_EXTENDABLE' });
    expect(await refused('POST', `${path}/answer`, 'leader-1', { answeredOn: '2026-01-04' })).toMatchObject({ status: 422, code: 'CHALLENGE_DATES_INVALID' });
    expect(await ok('POST', `${path}/answer`, 'leader-1', { answeredOn: '2026-02-02' })).toMatchObject({ answeredOn: '2026-02-02', answerLate: true });
    await ok('POST', `${path}/hearings`, 'leader-1', { heldOn: '2026-02-20', headAppeared: true, appearedName: '镇长 王某' });
    expect(await refused('POST', `${path}/hearings`, 'leader-1', { heldOn: '2026-03-03', headAppeared: true, appearedName: '镇长 王某' })).toMatchObject({ status: 422, code: 'DATE_INVALID' });
    const heard = await ok('POST', `${path}/hearings`, 'leader-1', { heldOn: TODAY, headAppeared: false, appearedName: '司法所 李某（受委托）' });
    expectConforms(LegalChallengeResponse, heard);
    expect(heard.hearings.map((h: { heldOn: string; headAppeared: boolean }) => [h.heldOn, h.headAppeared])).toEqual([
      ['2026-02-20', true],
      [TODAY, false],
    ]);
    expect(await ok('POST', `${path}/outcome`, 'leader-1', { outcome: 'UPHELD', decidedOn: TODAY, note: '驳回原告诉讼请求' })).toMatchObject({ status: 'CONCLUDED', caseDecisionRevoked: false });
  });

  test('an application after 60 days is marked out of time; the reconsideration term is extended once by 30 days', async () => {
    const late = await ok(
      'POST',
      '/api/legal-challenges',
      'coordinator-2',
      { kind: 'RECONSIDERATION', actDescription: '不予发放临时救助金的答复', applicant: '赵某', reviewingBody: '丰都县人民政府', knownOn: '2025-12-31', appliedOn: TODAY, acceptedOn: TODAY, receivedOn: TODAY },
      201,
    );
    expect(late).toMatchObject({ filedOutOfTime: true, decisionDueOn: '2026-05-01', extended: false });
    const extended = await ok('POST', `/api/legal-challenges/${late.id}/extension`, 'leader-1', { reason: '案情复杂，经复议机构负责人批准' });
    expect(extended).toMatchObject({ extended: true, decisionDueOn: '2026-05-31' });
    expect(await refused('POST', `/api/legal-challenges/${late.id}/extension`, 'leader-1', { reason: '再次延长' })).toMatchObject({ status: 409, code: 'CHALLENGE_NOT_EXTENDABLE' });
  });
});

describe('谁执法谁普法', () => {
  test('each department of the visit records the law it explained, once; the visit counts once', async () => {
    const path = `/api/inspections/${ids.inspection}/law-explained`;
    expect(await refused('POST', path, 'market-1', { departmentCode: 'FIRE', lawExplained: '《消防法》第十六条' })).toMatchObject({ status: 403, code: 'FORBIDDEN_DEPARTMENT' });
    expect(await refused('POST', path, 'coordinator-2', { departmentCode: 'HEALTH', lawExplained: '《公共场所卫生管理条例》' })).toMatchObject({ status: 422, code: 'UNKNOWN_REFERENCE' });
    const market = await ok('POST', path, 'market-1', { departmentCode: 'MARKET', lawExplained: '《食品安全法》第三十四条：禁止经营超过保质期的食品' }, 201);
    expect(market).toMatchObject({ inspectionId: ids.inspection, departmentCode: 'MARKET', visitedOn: TODAY });
    await ok('POST', path, 'fire-1', { departmentCode: 'FIRE', lawExplained: '《消防法》第十六条：单位的消防安全职责' }, 201);
    expect(await refused('POST', path, 'market-1', { departmentCode: 'MARKET', lawExplained: '再次讲解' })).toMatchObject({ status: 409, code: 'LAW_EXPLANATION_EXISTS' });
  });
});

describe('another township and the county', () => {
  test("龙河镇's lawsuit changed by the court; 包鸾镇's records are 404 there", async () => {
    const township = await ok('POST', '/api/townships', 'admin', { code: '500230902', name: '龙河镇', villages: [{ name: '龙河社区', kind: 'COMMUNITY' }] }, 201);
    const officer = await prisma.officer.create({
      data: { key: 'leader-longhe', name: '龙河镇领导', legalQualified: true, roles: { create: [{ role: 'LEADER' }, { role: 'COORDINATOR' }] }, townships: { create: [{ townshipId: township.id }] } },
    });
    extraTokens.longhe = await issueToken(prisma, officer.id, 'test');
    const suit = await ok(
      'POST',
      '/api/legal-challenges',
      'longhe',
      { kind: 'LITIGATION', actDescription: '罚款决定（龙河府罚〔2026〕1号）', applicant: '钱某', reviewingBody: '丰都县人民法院', appliedOn: '2026-01-10', acceptedOn: '2026-01-12', receivedOn: '2026-01-15' },
      201,
    );
    await ok('POST', `/api/legal-challenges/${suit.id}/hearings`, 'longhe', { heldOn: '2026-02-10', headAppeared: true, appearedName: '镇长 孙某' });
    await ok('POST', `/api/legal-challenges/${suit.id}/outcome`, 'longhe', { outcome: 'CHANGED', decidedOn: '2026-02-27', note: '罚款数额明显不当，变更为五百元' });

    for (const id of [ids.caseChallenge, ids.suit]) {
      const res = await http('GET', `/api/legal-challenges/${id}`, { token: extraTokens.longhe });
      expect({ status: res.status, code: res.body.error?.code, leaks: JSON.stringify(res.body).includes('包鸾') }).toEqual({ status: 404, code: 'LEGAL_CHALLENGE_NOT_FOUND', leaks: false });
    }
    expect((await ok('GET', `/api/legal-challenges?year=${YEAR}`, 'longhe')).items.map((c: { id: string }) => c.id)).toEqual([suit.id]);
    expect((await ok('GET', `/api/enforcement-publicity?year=${YEAR}`, 'longhe')).items).toEqual([]);
  });
});

type Challenge = { kind: string; status: string; outcome: string | null; decidedOn: string | null; answeredOn: string | null; answerLate: boolean; hearings: { heldOn: string; headAppeared: boolean }[] };

/** The figures recounted from the source lists (the ledger and the 释法说理 register) the report cites. */
async function sourceCounts(who: string, query: string) {
  const all: Challenge[] = (await ok('GET', `/api/legal-challenges${query}`, who)).items;
  // The list's year is the year the copy was received: the received figure's own criterion.
  const received = all;
  const concluded = all.filter((c) => c.status === 'CONCLUDED' && c.decidedOn?.startsWith(`${YEAR}-`));
  const corrected = concluded.filter((c) => ['REVOKED', 'CHANGED', 'CONFIRMED_UNLAWFUL', 'ORDERED_TO_PERFORM'].includes(c.outcome!));
  const hearings = all.flatMap((c) => c.hearings).filter((h) => h.heldOn.startsWith(`${YEAR}-`));
  const visits: { inspectionId: string }[] = (await ok('GET', `/api/enforcement-publicity${query}`, who)).items;
  return {
    received: received.length,
    reconsideration: received.filter((c) => c.kind === 'RECONSIDERATION').length,
    litigation: received.filter((c) => c.kind === 'LITIGATION').length,
    concluded: concluded.length,
    upheld: concluded.filter((c) => c.outcome === 'UPHELD').length,
    corrected: corrected.length,
    correctionRate: concluded.length ? Math.round((corrected.length / concluded.length) * 1000) / 10 : null,
    answersLate: all.filter((c) => c.answeredOn?.startsWith(`${YEAR}-`) && c.answerLate).length,
    hearings: hearings.length,
    headAppeared: hearings.filter((h) => h.headAppeared).length,
    enforcementVisits: new Set(visits.map((v) => v.inspectionId)).size,
  };
}

async function appendixOf(who: string, query: string) {
  const response = await fetch(`${stack.api.baseUrl}/api/reports/rule-of-law.docx${query}`, { headers: { authorization: `Bearer ${tokens[who as keyof typeof tokens]}` } });
  expect(response.status).toBe(200);
  const xml = await (await JSZip.loadAsync(await response.arrayBuffer())).file('word/document.xml')!.async('string');
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0].replace(/<[^>]+>/g, '')));
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0].replace(/<[^>]+>/g, ''));
  return { value: (label: string) => rows.find((r) => r[0] === label)?.[1], paragraphs };
}

describe('the annual report', () => {
  test.each([
    ['the township (包鸾镇)', 'leader-1', `?year=${YEAR}`, { received: 3, reconsideration: 2, litigation: 1, concluded: 2, upheld: 1, corrected: 1, correctionRate: 50, answersLate: 1, hearings: 2, headAppeared: 1, enforcementVisits: 1 }],
    ['the county (both townships)', 'admin', `?year=${YEAR}`, { received: 4, reconsideration: 2, litigation: 2, concluded: 3, upheld: 1, corrected: 2, correctionRate: 66.7, answersLate: 1, hearings: 3, headAppeared: 2, enforcementVisits: 1 }],
  ])('%s: every new figure equals its source records, in the figures, the paragraph and the appendix', async (_name, who, query, expected) => {
    const source = await sourceCounts(who, query);
    expect(source).toEqual(expected);
    const report = await ok('GET', `/api/reports/annual${query}`, who);
    const c = report.ruleOfLaw.legalChallenges;
    expect({
      received: c.received,
      reconsideration: c.byKind.RECONSIDERATION,
      litigation: c.byKind.LITIGATION,
      concluded: c.concluded,
      upheld: c.byOutcome.UPHELD,
      corrected: c.corrected,
      correctionRate: c.correctionRate,
      answersLate: c.answersLate,
      hearings: c.hearings,
      headAppeared: c.headAppeared,
      enforcementVisits: report.ruleOfLaw.publicity.enforcementVisits,
    }).toEqual(source);

    // The case's §57 decision is one kind among the major decisions (both townships: only 包鸾镇's case).
    const takenCaseDecisions = (await ok('GET', '/api/major-decisions', who)).items.filter((d: { kind: string; status: string }) => d.kind === 'CASE_PENALTY' && d.status === 'TAKEN').length;
    expect({ figure: report.ruleOfLaw.majorDecisions.byKind.CASE_PENALTY, source: takenCaseDecisions }).toEqual({ figure: 1, source: 1 });

    const paragraph: string = report.ruleOfLawParagraph;
    const outcomes = [
      source.upheld ? `维持或驳回${source.upheld}件` : '',
      c.byOutcome.REVOKED ? `撤销${c.byOutcome.REVOKED}件` : '',
      c.byOutcome.CHANGED ? `变更${c.byOutcome.CHANGED}件` : '',
    ].filter(Boolean);
    expect(paragraph).toContain(
      `全年收到行政复议申请${source.reconsideration}件、行政诉讼${source.litigation}件，审结${source.concluded}件，其中${outcomes.join('、')}，被纠错${source.corrected}件，纠错率${source.correctionRate}%；开庭${source.hearings}次，行政机关负责人出庭应诉${source.headAppeared}次。`,
    );
    expect(paragraph).toContain(`落实“谁执法谁普法”，在联合执法检查中释法说理${source.enforcementVisits}户次。`);

    const { value, paragraphs } = await appendixOf(who, query);
    expect({
      reconsideration: value('行政复议（件）'),
      litigation: value('行政诉讼（件）'),
      concluded: value('行政复议、行政诉讼审结（件）'),
      upheld: value('其中维持或驳回（件）'),
      corrected: value('其中被纠错（件）'),
      correctionRate: value('纠错率（%）'),
      hearings: value('开庭（次）'),
      headAppeared: value('负责人出庭应诉（次）'),
      enforcementVisits: value('执法检查中释法说理（户次）'),
    }).toEqual({
      reconsideration: String(source.reconsideration),
      litigation: String(source.litigation),
      concluded: String(source.concluded),
      upheld: String(source.upheld),
      corrected: String(source.corrected),
      correctionRate: String(source.correctionRate),
      hearings: String(source.hearings),
      headAppeared: String(source.headAppeared),
      enforcementVisits: String(source.enforcementVisits),
    });
    // The weak points the ledger shows.
    expect(paragraphs).toContain(`行政复议、行政诉讼审结${source.concluded}件中被纠错${source.corrected}件（纠错率${source.correctionRate}%），执法决定的合法性仍需加强。`);
    expect(paragraphs).toContain(`行政复议答复、行政诉讼答辩逾期${source.answersLate}件。`);
    expect(paragraphs).toContain(`行政诉讼开庭${source.hearings}次中行政机关负责人未出庭应诉${source.hearings - source.headAppeared}次。`);
  });

  test('a year without challenges says so', async () => {
    const report = await ok('GET', '/api/reports/annual?year=2001', 'leader-1');
    expect(report.ruleOfLawParagraph).toContain('全年未发生行政复议和行政诉讼案件。');
    expect(report.ruleOfLaw.legalChallenges).toMatchObject({ received: 0, concluded: 0, correctionRate: null });
  });
});
