/**
 * The township's rule-of-law registers over real HTTP (real worker, real database), on the
 * pinned time-skipping clock so no date depends on the day the suite runs: a normative document
 * from draft to filed with a changes-required round and its review opinion as DOCX; major
 * decisions refused without the legal opinion or the meeting record and accepted with both; a
 * 532 event turned into a dispute ending in a written agreement, its parties' personal data
 * kept out of lists; the annual report's 法治政府建设 figures, and its 532, case and rectification
 * figures (a penalty case paid and closed, a rectification order), equal to what was recorded; and
 * another township's officers answered 404.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { issueToken } from '../../db';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';
import { closeFindingByCase, inspectionWithMarketFinding } from '../support/factories';
import { expectConforms } from '../support/conforms';
import { NormativeDocumentListResponse, NormativeDocumentResponse } from '../../api/routes/normative-documents/schema';
import { MajorDecisionListResponse, MajorDecisionResponse } from '../../api/routes/major-decisions/schema';
import { DisputeListResponse, DisputeResponse } from '../../api/routes/disputes/schema';
import { LegalLiaisonDetail, LegalLiaisonList, LawExplanationList, PublicityActivityList, PublicityActivityRow, StudySessionList, StudySessionRow } from '../../api/routes/legal-publicity/schema';
import { AnnualReportResponse } from '../../api/routes/reports/schema';

const YEAR = 2026;
const stack = useTestStack({
  name: 'rule-of-law',
  officers: ['coordinator-2', 'reviewer-1', 'reviewer-unqualified', 'leader-1', 'grid-1', 'admin', 'market-1', 'market-2', 'fire-1'],
  startAt: '2026-03-02T09:00:00+08:00',
});
const { prisma, http, tokens } = stack;
const browser = useTestBrowser();
const ids: Record<string, string> = {};

async function ok<T = any>(method: string, path: string, who: string, body?: unknown, expected = 200): Promise<T> {
  const res = await http(method, path, { token: tokens[who], body });
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}
async function refused(method: string, path: string, who: string, body: unknown) {
  const res = await http(method, path, { token: tokens[who], body });
  return { status: res.status, code: res.body?.error?.code as string | undefined, message: res.body?.error?.message as string | undefined };
}

describe('规范性文件: from draft to filed', () => {
  test('a changes-required round, resubmission, approval, publication, filing and clean-up', async () => {
    const submitted = await ok('POST', '/api/normative-documents', 'coordinator-2', { title: '包鸾镇集镇摊位管理办法', draftingOffice: '平安法治办' }, 202);
    ids.normative = submitted.id;
    const path = `/api/normative-documents/${ids.normative}`;
    expect(await refused('POST', `${path}/legal-review`, 'reviewer-unqualified', { decision: 'APPROVED', opinion: '同意' })).toMatchObject({ status: 403, code: 'REVIEWER_NOT_ELIGIBLE' });

    const returned = await ok('POST', `${path}/legal-review`, 'reviewer-1', { decision: 'CHANGES_REQUIRED', opinion: '第七条收取押金无法律依据，应删除' });
    expect(returned.status).toBe('CHANGES_REQUIRED');
    expectConforms(NormativeDocumentResponse, returned);
    await ok('POST', `${path}/resubmit`, 'coordinator-2', { note: '已删除第七条' });
    expect(await refused('POST', `${path}/publication`, 'leader-1', { documentNumber: '包鸾府发〔2026〕1号', publishedOn: '2026-03-02' })).toMatchObject({
      status: 409,
      code: 'NORMATIVE_DOCUMENT_NOT_APPROVED',
    });
    await ok('POST', `${path}/legal-review`, 'reviewer-1', { decision: 'APPROVED', opinion: '经审核，符合法律法规规定，同意印发' });
    expect(await refused('POST', `${path}/publication`, 'leader-1', { documentNumber: '包鸾府发〔2026〕1号', publishedOn: '2026-03-03' })).toMatchObject({
      status: 422,
      code: 'NORMATIVE_DATE_INVALID',
    });
    const published = await ok('POST', `${path}/publication`, 'leader-1', { documentNumber: '包鸾府发〔2026〕1号', publishedOn: '2026-03-02' });
    expect(published.filingClock.dueDate).toBe('2026-03-17');
    expectConforms(NormativeDocumentResponse, published);
    const filed = await ok('POST', `${path}/filing`, 'coordinator-2', { filedOn: '2026-03-02', reference: '丰都府备〔2026〕5号' });
    expect(filed.status).toBe('FILED');
    const worklist = (before: string) => ok('GET', `/api/normative-documents?cleanupDueBefore=${before}`, 'leader-1').then((b) => b.items.map((d: { id: string }) => d.id));
    expect(await worklist('2026-03-02')).toEqual([ids.normative]);
    expect(await refused('POST', `${path}/legal-review`, 'reviewer-1', { decision: 'APPROVED', opinion: '同意' })).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    const cleaned = await ok('POST', `${path}/cleanup`, 'reviewer-1', { validity: 'VALID', reviewedOn: '2026-03-02', note: '继续有效' });
    expect(cleaned.cleanup).toEqual({ validity: 'VALID', reviewedOn: '2026-03-02', note: '继续有效' });
    expectConforms(NormativeDocumentResponse, cleaned);
    expectConforms(NormativeDocumentResponse, await ok('GET', path, 'leader-1'));
    expectConforms(NormativeDocumentListResponse, await ok('GET', '/api/normative-documents', 'leader-1'));
    expect(await worklist('2026-03-02')).toEqual([]);
    expect(await worklist('2028-03-21')).toEqual([ids.normative]);
    expect((await ok('GET', '/api/normative-documents', 'leader-1')).items.map((d: { id: string }) => d.id)).toEqual([ids.normative]);
  });

  test("the review opinion of each round is a DOCX with the round's decision and opinion", async () => {
    const response = await fetch(`${stack.api.baseUrl}/api/normative-documents/${ids.normative}/review-opinion.docx?round=1`, {
      headers: { authorization: `Bearer ${tokens['leader-1']}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(await response.arrayBuffer());
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('规范性文件合法性审核意见书');
    expect(text).toContain('包鸾镇集镇摊位管理办法');
    expect(text).toContain('第七条收取押金无法律依据，应删除');
    expect(text).toContain('☑ 修改后重新报送');
    expect(text).toContain('第1次审核');
  });
});

describe('重大决策 (三重一大)', () => {
  test('refused without the legal opinion, then without the meeting, then without a quorum; taken with all', async () => {
    const created = await ok('POST', '/api/major-decisions', 'leader-1', { kind: 'LARGE_FUNDS', title: '镇村道路硬化工程资金安排', amount: 300000 }, 201);
    expect(created.subjectToRule).toBe(true);
    const path = `/api/major-decisions/${created.id}`;
    ids.decision = created.id;
    const decision = { decisionText: '同意安排资金30万元' };

    const noOpinion = await refused('POST', `${path}/decision`, 'leader-1', decision);
    expect(noOpinion).toMatchObject({ status: 422, code: 'MAJOR_DECISION_LEGAL_OPINION_REQUIRED' });
    expect(noOpinion.message).toContain('合法性审查');
    const meeting = { meetingKind: '党委会', meetingDate: '2026-03-02', membersTotal: 7, attendees: ['甲', '乙', '丙', '丁'], votesFor: 4, votesAgainst: 0, votesAbstain: 0, minutes: '会议纪要' };
    expect(await refused('POST', `${path}/meeting`, 'leader-1', meeting)).toMatchObject({ status: 422, code: 'MAJOR_DECISION_LEGAL_OPINION_REQUIRED' });

    expect(await refused('POST', `${path}/legal-opinion`, 'reviewer-unqualified', { conclusion: 'LAWFUL', opinion: '合法' })).toMatchObject({ status: 403, code: 'REVIEWER_NOT_ELIGIBLE' });
    await ok('POST', `${path}/legal-opinion`, 'reviewer-1', { conclusion: 'LAWFUL', opinion: '资金安排程序合法，符合预算管理规定' });
    const noMeeting = await refused('POST', `${path}/decision`, 'leader-1', decision);
    expect(noMeeting).toMatchObject({ status: 422, code: 'MAJOR_DECISION_MEETING_REQUIRED' });
    expect(noMeeting.message).toContain('集体讨论');

    await ok('POST', `${path}/meeting`, 'leader-1', meeting);
    expect(await refused('POST', `${path}/decision`, 'leader-1', decision)).toMatchObject({ status: 422, code: 'MAJOR_DECISION_QUORUM_NOT_MET' });
    // Nothing half-written by the refusals.
    expect(await prisma.majorDecision.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'PROPOSED', takenAt: null });
    expect(await prisma.auditEvent.count({ where: { subjectId: created.id, action: 'MAJOR_DECISION_TAKEN' } })).toBe(0);

    await ok('POST', `${path}/meeting`, 'leader-1', { ...meeting, attendees: ['甲', '乙', '丙', '丁', '戊', '己'], votesFor: 5, votesAbstain: 1 });
    const taken = await ok('POST', `${path}/decision`, 'leader-1', decision);
    expect(taken).toMatchObject({ status: 'TAKEN', legalConclusion: 'LAWFUL', votesFor: 5, membersTotal: 7 });
    expectConforms(MajorDecisionResponse, created);
    expectConforms(MajorDecisionResponse, taken);
    expectConforms(MajorDecisionListResponse, await ok('GET', '/api/major-decisions', 'leader-1'));
    expect(await refused('POST', `${path}/decision`, 'leader-1', decision)).toMatchObject({ status: 409, code: 'MAJOR_DECISION_ALREADY_TAKEN' });
  });

  test('a spending below the threshold is not under the rule and is recorded without them', async () => {
    const small = await ok('POST', '/api/major-decisions', 'leader-1', { kind: 'LARGE_FUNDS', title: '办公用品采购', amount: 5000 }, 201);
    expect(small.subjectToRule).toBe(false);
    expect((await ok('POST', `/api/major-decisions/${small.id}/decision`, 'leader-1', { decisionText: '同意采购' })).status).toBe('TAKEN');
  });
});

describe('人民调解', () => {
  const phone = '13912345678';
  const idNumber = '500230199001011234';

  test('a 532 event becomes a dispute and ends in a written agreement; party data stays out of lists', async () => {
    await ok('PUT', '/api/mediation-targets', 'leader-1', { year: YEAR, target: 240 });
    const event = await ok('POST', '/api/events', 'grid-1', { category: 'NOISE', village: '包鸾社区', location: '滨河路12号', description: '邻里因噪声发生争吵', evidence: [] }, 202);
    const intake = {
      source: 'GRID_EVENT',
      gridEventId: event.id,
      kind: 'NEIGHBOUR',
      summary: '邻里噪声纠纷',
      village: '包鸾社区',
      mediatorName: '周调解',
      receivedOn: '2026-03-02',
      parties: [
        { name: '张三', role: 'APPLICANT', phone, idNumber },
        { name: '李四', role: 'RESPONDENT' },
      ],
    };
    expect(await refused('POST', '/api/disputes', 'coordinator-2', { ...intake, gridEventId: undefined })).toMatchObject({ status: 422, code: 'DISPUTE_EVENT_REQUIRED' });
    const dispute = await ok('POST', '/api/disputes', 'coordinator-2', intake, 201);
    ids.dispute = dispute.id;
    expect(dispute).toMatchObject({ gridEventId: event.id, status: 'OPEN', source: 'GRID_EVENT' });
    expect(await refused('POST', '/api/disputes', 'coordinator-2', intake)).toMatchObject({ status: 409, code: 'DISPUTE_EVENT_ALREADY_LINKED' });

    const list = await ok('GET', `/api/disputes?year=${YEAR}`, 'leader-1');
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([dispute.id]);
    expect(JSON.stringify(list)).not.toContain(phone);
    expect(JSON.stringify(list)).not.toContain(idNumber);
    const forReviewer = await ok('GET', `/api/disputes/${dispute.id}`, 'reviewer-1');
    expect({ shown: forReviewer.personalDataShown, leaks: JSON.stringify(forReviewer).includes(phone) }).toEqual({ shown: false, leaks: false });
    const forCoordinator = await ok('GET', `/api/disputes/${dispute.id}`, 'coordinator-2');
    expect(forCoordinator.parties[0]).toEqual({ name: '张三', role: 'APPLICANT', phone, idNumber });
    for (const answer of [dispute, forReviewer, forCoordinator]) expectConforms(DisputeResponse, answer);
    expectConforms(DisputeListResponse, list);

    expect(await refused('POST', `/api/disputes/${dispute.id}/outcome`, 'coordinator-2', { outcome: 'AGREED_WRITTEN', resolvedOn: '2026-03-03' })).toMatchObject({
      status: 422,
      code: 'DISPUTE_OUTCOME_INVALID',
    });
    const written = { outcome: 'AGREED_WRITTEN', note: '双方约定晚十点后不得施工' };
    // A register records what happened: tomorrow's date is refused (the clock is pinned at 2026-03-02).
    expect(await refused('POST', `/api/disputes/${dispute.id}/outcome`, 'coordinator-2', { ...written, resolvedOn: '2026-03-03' })).toMatchObject({ status: 422, code: 'DATE_INVALID' });
    const agreed = await ok('POST', `/api/disputes/${dispute.id}/outcome`, 'coordinator-2', { ...written, resolvedOn: '2026-03-02' });
    expect(agreed).toMatchObject({ status: 'AGREED_WRITTEN', resolvedOn: '2026-03-02' });
    expectConforms(DisputeResponse, agreed);
    expect(await refused('POST', `/api/disputes/${dispute.id}/outcome`, 'coordinator-2', { outcome: 'AGREED_ORAL', resolvedOn: '2026-03-04' })).toMatchObject({ status: 409, code: 'DISPUTE_ALREADY_CLOSED' });
  });

  test('a major dispute by oral agreement, and a failed one that must say where it was referred', async () => {
    const base = { kind: 'LAND', summary: '林地边界纠纷', mediatorName: '周调解', receivedOn: '2026-03-02', parties: [{ name: '王五', role: 'APPLICANT' }] };
    const major = await ok('POST', '/api/disputes', 'coordinator-2', { ...base, source: 'COURT', major: true }, 201);
    await ok('POST', `/api/disputes/${major.id}/outcome`, 'coordinator-2', { outcome: 'AGREED_ORAL', resolvedOn: '2026-03-02' });
    const failed = await ok('POST', '/api/disputes', 'coordinator-2', { ...base, source: 'POLICE' }, 201);
    expect(await refused('POST', `/api/disputes/${failed.id}/outcome`, 'coordinator-2', { outcome: 'FAILED_REFERRED', resolvedOn: '2026-03-05' })).toMatchObject({
      status: 422,
      code: 'DISPUTE_OUTCOME_INVALID',
    });
    await ok('POST', `/api/disputes/${failed.id}/outcome`, 'coordinator-2', { outcome: 'FAILED_REFERRED', referredTo: '引导当事人向法院起诉', resolvedOn: '2026-03-02' });
  });
});

describe('普法, 法律明白人 and study sessions', () => {
  test('registers of activities, liaisons with trainings and assessments, and study sessions', async () => {
    for (const kind of ['LEADERSHIP_MEETING', 'LEADERSHIP_MEETING', 'CENTRAL_GROUP', 'RULE_OF_LAW_MEETING']) {
      expectConforms(StudySessionRow, await ok('POST', '/api/study-sessions', 'coordinator-2', { kind, topic: '学习习近平法治思想', heldOn: '2026-03-02', attendees: 12 }, 201));
    }
    expectConforms(PublicityActivityRow, await ok('POST', '/api/publicity-activities', 'coordinator-2', { kind: 'STREET_CAMPAIGN', title: '三月法治宣传月', heldOn: '2026-03-02', place: '包鸾场镇', audience: 300, materials: 400 }, 201));
    await ok('POST', '/api/publicity-activities', 'coordinator-2', { kind: 'VILLAGE_LECTURE', title: '民法典进村', heldOn: '2026-03-02', place: '飞仙洞村', audience: 60, materials: 100, departmentCode: 'MARKET' }, 201);
    await ok('POST', '/api/publicity-activities', 'coordinator-2', { kind: 'VILLAGE_LECTURE', title: '宪法宣传周', heldOn: '2026-03-02', place: '包鸾社区', audience: 80 }, 201);

    const phone = '13700001111';
    const first = await ok('POST', '/api/legal-liaisons', 'coordinator-2', { name: '陈明白', village: '包鸾社区', phone, registeredOn: '2026-01-05' }, 201);
    const second = await ok('POST', '/api/legal-liaisons', 'coordinator-2', { name: '刘明白', village: '飞仙洞村', registeredOn: '2026-01-05' }, 201);
    await ok('POST', '/api/legal-liaisons', 'coordinator-2', { name: '赵明白', village: '飞仙洞村', registeredOn: '2026-01-05' }, 201);
    ids.liaison = first.id;
    for (const liaison of [first.id, second.id]) {
      await ok('POST', `/api/legal-liaisons/${liaison}/records`, 'coordinator-2', { kind: 'TRAINING', on: '2026-03-02', hours: 4 });
    }
    await ok('POST', `/api/legal-liaisons/${first.id}/records`, 'coordinator-2', { kind: 'TRAINING', on: '2026-03-01', hours: 6 });
    expect(await refused('POST', `/api/legal-liaisons/${first.id}/records`, 'coordinator-2', { kind: 'ASSESSMENT', on: '2026-03-02' })).toMatchObject({ status: 422, code: 'LIAISON_RECORD_INVALID' });
    await ok('POST', `/api/legal-liaisons/${first.id}/records`, 'coordinator-2', { kind: 'ASSESSMENT', on: '2026-03-02', result: 'EXCELLENT' });
    await ok('POST', `/api/legal-liaisons/${second.id}/records`, 'coordinator-2', { kind: 'ASSESSMENT', on: '2026-03-02', result: 'UNQUALIFIED' });

    const list = await ok('GET', '/api/legal-liaisons', 'reviewer-1');
    expect(list.items).toHaveLength(3);
    expect(JSON.stringify(list)).not.toContain(phone);
    expect(list.items.find((l: { id: string }) => l.id === first.id)).toMatchObject({ trainings: 2, lastAssessment: 'EXCELLENT' });
    expect((await ok('GET', `/api/legal-liaisons/${first.id}`, 'reviewer-1')).phone).toBeUndefined();
    expect((await ok('GET', `/api/legal-liaisons/${first.id}`, 'coordinator-2')).phone).toBe(phone);
    expectConforms(LegalLiaisonList, list);
    expectConforms(LegalLiaisonDetail, first);
    expectConforms(LegalLiaisonDetail, await ok('GET', `/api/legal-liaisons/${first.id}`, 'reviewer-1'));
    expectConforms(LegalLiaisonDetail, await ok('GET', `/api/legal-liaisons/${first.id}`, 'coordinator-2'));
    expectConforms(PublicityActivityList, await ok('GET', `/api/publicity-activities?year=${YEAR}`, 'reviewer-1'));
    expectConforms(StudySessionList, await ok('GET', `/api/study-sessions?year=${YEAR}`, 'reviewer-1'));
    expectConforms(LawExplanationList, await ok('GET', `/api/enforcement-publicity?year=${YEAR}`, 'reviewer-1'));
  });
});

describe('the annual report: 532, cases and rectification', () => {
  beforeAll(async () => {
    // A 532 event dispatched in time (its clock decided, so the year has a rate to state) …
    const event = await ok('POST', '/api/events', 'grid-1', { category: 'NOISE', village: '包鸾社区', location: '滨河路30号', description: '夜间施工噪声扰民', evidence: [] }, 202);
    const responder = await prisma.officer.findUniqueOrThrow({ where: { key: 'market-1' } });
    await ok('POST', `/api/events/${event.id}/dispatch`, 'coordinator-2', { instruction: '请立即到场核查并劝停夜间施工', responderIds: [responder.id] });
    await eventually(async () => {
      if (!(await prisma.gridEvent.findUniqueOrThrow({ where: { id: event.id } })).dispatchedAt) throw new Error('not dispatched yet');
    });
    // … a penalty case from filing to payment and closure, and a rectification order, this year.
    const penalty = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
    await eventually(async () => {
      const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id: penalty.inspectionId } });
      if (row.status !== 'IN_LEGAL_REVIEW') throw new Error(`inspection is ${row.status}`);
    });
    await ok('POST', `/api/inspections/${penalty.inspectionId}/legal-review`, 'reviewer-1', { decision: 'APPROVED', opinion: '事实清楚、证据确凿、依据正确、程序合法，同意' });
    await eventually(async () => {
      const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id: penalty.inspectionId } });
      if (row.status !== 'FOLLOW_UP') throw new Error(`inspection is ${row.status}`);
    });
    ids.case = await closeFindingByCase({ prisma, http, tokens, inspectionId: penalty.inspectionId, findingId: penalty.findingId! });
    const rectify = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
    await ok('POST', `/api/findings/${rectify.findingId}/rectification`, 'coordinator-2', { requirement: '食品应分类、分架存放，离墙离地', workingDays: 3 }, 202);
    await eventually(async () => {
      if ((await prisma.rectificationOrder.count({ where: { inspectionId: rectify.inspectionId } })) !== 1) throw new Error('no rectification order yet');
    });
  }, 120_000);

  test('the figures are the records, and the paragraph states exactly those numbers', async () => {
    const report = await ok('GET', `/api/reports/annual?year=${YEAR}`, 'leader-1');
    expectConforms(AnnualReportResponse, report);
    const e = report.enforcement;
    const within = { gte: new Date('2025-12-31T16:00:00Z'), lt: new Date('2026-12-31T16:00:00Z') };
    // Counted here from the rows, not by the code under test.
    expect(e.rapidResponse.events).toBe(await prisma.gridEvent.count({ where: { reportedAt: within } }));
    expect(e.rapidResponse.events).toBeGreaterThan(0);
    const rapid = await ok('GET', `/api/stats/532?year=${YEAR}`, 'leader-1');
    expect(e.rapidResponse.stages.map((s: { onTimeRate: number | null }) => s.onTimeRate)).toEqual(rapid.stages.map((s: { onTimeRate: number | null }) => s.onTimeRate));
    expect(e.rapidResponse.stages[0]).toMatchObject({ stage: 'DISPATCH', onTime: 1, late: 0, onTimeRate: 1 });
    const row = await prisma.enforcementCase.findUniqueOrThrow({ where: { id: ids.case } });
    expect(row).toMatchObject({ fineAmount: 2000, amountPaid: 2000 });
    expect(e.cases).toEqual({ filed: 1, penaltyDecisions: 1, finesDecided: 2000, payments: 1, finesCollected: 2000, closed: 1, collectiveDecisions: 0, hearingsHeld: 0 });
    expect(e.rectification).toMatchObject({ orders: 1, passed: 0, failed: 0, awaitingRecheck: 1, onTimeRate: null });
    expect(e.rectification).toEqual(report.figures.rectification);

    const paragraph: string = report.enforcementParagraph;
    const pct = (rate: number) => Number((rate * 100).toFixed(1));
    const stage = (code: string) => e.rapidResponse.stages.find((s: { stage: string }) => s.stage === code).onTimeRate as number | null;
    const rates = (['DISPATCH', 'ON_SITE', 'FEEDBACK'] as const).filter((c) => stage(c) !== null);
    const labels = { DISPATCH: '下达指令', ON_SITE: '人员到位', FEEDBACK: '反馈初步结果' };
    const phrases: [RegExp, number[]][] = [
      [/^(\d{4})年，通过“532”快速响应机制，全年受理网格员上报事件(\d+)件/, [YEAR, e.rapidResponse.events]],
      ...rates.map((c): [RegExp, number[]] => [new RegExp(`${labels[c]}按时率(\\d+(?:\\.\\d+)?)%`), [pct(stage(c)!)]]),
      [/全年立案(\d+)件，作出行政处罚决定(\d+)件，决定罚款(\d+)元，收缴罚没款(\d+)元，结案(\d+)件。/, [1, 1, 2000, 2000, 1]],
      [/对检查发现的问题下达责令整改通知(\d+)份，待复查(\d+)份。$/, [1, 1]],
    ];
    let numbers = 0;
    for (const [pattern, expected] of phrases) {
      expect({ pattern: String(pattern), found: pattern.exec(paragraph)?.slice(1).map(Number) }).toEqual({ pattern: String(pattern), found: expected });
      numbers += expected.length;
    }
    // "532" is the mechanism's name, not a figure; every other number was compared above.
    expect(paragraph.replace('“532”', '').match(/\d+(?:\.\d+)?/g)).toHaveLength(numbers);
    // Nothing the records do not hold: no §57 meeting, no hearing, no re-check yet.
    expect(paragraph).not.toMatch(/集体讨论|听证|合格|按期整改率/);
  });

  test("the workbook's 年度汇总 and the DOCX appendix list each of them", async () => {
    const report = await ok('GET', `/api/reports/annual?year=${YEAR}`, 'leader-1');
    const docx = await fetch(`${stack.api.baseUrl}/api/reports/rule-of-law.docx?year=${YEAR}`, { headers: { authorization: `Bearer ${tokens['leader-1']}` } });
    const xml = await (await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()))).file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0].replace(/<[^>]+>/g, ''));
    expect(paragraphs).toContain(report.enforcementParagraph);
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0].replace(/<[^>]+>/g, '')));
    const appendix = (label: string) => rows.find((r) => r[0] === label)?.slice(1);

    const xlsx = await fetch(`${stack.api.baseUrl}/api/reports/annual.xlsx?year=${YEAR}`, { headers: { authorization: `Bearer ${tokens['leader-1']}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const summary: unknown[][] = [];
    workbook.getWorksheet('年度汇总')!.eachRow((r) => summary.push((r.values as unknown[]).slice(1)));
    const cell = (label: string) => summary.find((r) => r[0] === label)?.[1];

    const e = report.enforcement;
    const expected: [string, number][] = [
      ['“532”受理事件（件）', e.rapidResponse.events],
      ['立案（件）', 1],
      ['作出行政处罚决定（件）', 1],
      ['决定罚款（元）', 2000],
      ['收缴罚没款（元）', 2000],
      ['结案（件）', 1],
      ['重大案件集体讨论决定（次）', 0],
      ['举行听证（次）', 0],
      ['责令整改通知（份）', 1],
      ['整改复查合格（份）', 0],
    ];
    for (const [label, value] of expected) {
      expect({ label, docx: appendix(label)?.[0], xlsx: cell(label) }).toEqual({ label, docx: String(value), xlsx: value });
      expect(appendix(label)?.[1]).toBeTruthy(); // its source
    }
    // No re-check yet: the rate is left empty (无), not printed as 0.
    expect({ docx: appendix('按期整改率（%）')?.[0], xlsx: cell('按期整改率（%）') }).toEqual({ docx: '无', xlsx: '' });
  });
});

describe('the annual report', () => {
  test('its 法治政府建设 figures are what was recorded, and its paragraph states exactly those numbers', async () => {
    const report = await ok('GET', `/api/reports/annual?year=${YEAR}`, 'leader-1');
    const f = report.ruleOfLaw;
    expect(f.normativeDocuments).toMatchObject({ submitted: 1, reviewed: 1, changesRequired: 1, reviewsLate: 0, published: 1, filed: 1, filedLate: 0, awaitingFiling: 0, cleanedUp: 1, byValidity: { VALID: 1, AMENDED: 0, REPEALED: 0 } });
    expect(f.majorDecisions).toMatchObject({ taken: 2, subjectToRule: 1, withLegalReview: 1, withCollectiveMeeting: 1, byKind: { LARGE_FUNDS: 2, MAJOR_MATTER: 0 } });
    expect(f.mediation).toMatchObject({ target: 240, received: 3, resolved: 2, written: 1, oral: 1, failedReferred: 1, open: 0, major: 1, fromGridEvents: 1, bySource: { GRID_EVENT: 1, COURT: 1, POLICE: 1, VILLAGER: 0, PETITION: 0 } });

    expect(f.study).toEqual({ LEADERSHIP_MEETING: 2, CENTRAL_GROUP: 1, STAFF: 0, CADRE_TRAINING: 0, RULE_OF_LAW_MEETING: 1 });
    expect(f.publicity).toEqual({ byKind: { STREET_CAMPAIGN: 1, VILLAGE_LECTURE: 2, BOARD: 0, ENFORCEMENT_VISIT: 0, OTHER: 0 }, activities: 3, audience: 440, materials: 500, enforcementVisits: 0 });
    expect(f.legalLiaisons).toEqual({ registered: 3, trainingSessions: 2, trained: 2, assessed: 2, qualified: 1 });

    const paragraph: string = report.ruleOfLawParagraph;
    const phrases: [RegExp, number[]][] = [
      [/^(\d{4})年，全年通过班子会学法(\d+)次，中心组理论学习(\d+)次，召开法治政府建设专题会(\d+)次。/, [YEAR, 2, 1, 1]],
      [/开展街头集中普法宣传活动(\d+)场次、进村入社法治宣讲(\d+)场次，发放宣传资料(\d+)份。/, [1, 2, 500]],
      [/作出重大决策(\d+)项，其中须经合法性审查的(\d+)项均经法律顾问合法性审查（(\d+)项）和集体讨论决定（(\d+)项）/, [2, 1, 1, 1]],
      [/对(\d+)件规范性文件进行合法性审核（其中退回修改(\d+)件）/, [f.normativeDocuments.reviewed, f.normativeDocuments.changesRequired]],
      [/公布(\d+)件，报县政府备案(\d+)件/, [f.normativeDocuments.published, f.normativeDocuments.filed]],
      [/清理规范性文件(\d+)件，继续有效(\d+)件、修改(\d+)件、废止(\d+)件/, [f.normativeDocuments.cleanedUp, 1, 0, 0]],
      [/调解案件任务数(\d+)，受理矛盾纠纷(\d+)件，实际调解成功民间纠纷(\d+)件，其中书面案件(\d+)件，重大疑难纠纷(\d+)件/, [240, 3, 2, 1, 1]],
      [/“法律明白人”在册(\d+)人，全年开展集中业务培训(\d+)场次，对(\d+)名“法律明白人”进行年度考核，合格及以上(\d+)人。$/, [3, 2, 2, 1]],
    ];
    let numbers = 0;
    for (const [pattern, expected] of phrases) {
      expect({ pattern: String(pattern), found: pattern.exec(paragraph)?.slice(1).map(Number) }).toEqual({ pattern: String(pattern), found: expected });
      numbers += expected.length;
    }
    expect(paragraph.match(/\d+/g)).toHaveLength(numbers);
  });

  test('the 法治政府建设情况报告 DOCX: the three parts of the town report, weak points from the records, each figure in the appendix', async () => {
    const report = await ok('GET', `/api/reports/annual?year=${YEAR}`, 'leader-1');
    const response = await fetch(`${stack.api.baseUrl}/api/reports/rule-of-law.docx?year=${YEAR}`, { headers: { authorization: `Bearer ${tokens['leader-1']}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const docx = Buffer.from(await response.arrayBuffer());
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0].replace(/<[^>]+>/g, ''));
    expect(paragraphs[0]).toBe(`包鸾镇${YEAR}年法治政府建设情况报告`);
    // The first page as a reader sees it (README's picture): the DOCX read by a Word reader of
    // its own (mammoth), laid out on an A4 page at 96 dpi in Chromium.
    const { value: html } = await mammoth.convertToHtml({ buffer: docx });
    const page = await (await browser.newContext({ viewport: { width: 794, height: 1123 } })).newPage();
    await page.setContent(
      `<!doctype html><meta charset="utf-8"><style>body{font-family:'WenQuanYi Micro Hei',sans-serif;margin:72px 90px;font-size:15px;line-height:1.9;color:#111}p:first-child{text-align:center;font-size:22px;font-weight:bold}table{border-collapse:collapse}td{border:1px solid #888;padding:2px 6px}</style>${html}`,
    );
    expect(await page.textContent('body')).toContain(report.ruleOfLawParagraph);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rule-of-law-report-page1.png') });
    for (const heading of [`一、${YEAR}年推进法治政府建设的主要举措和成效`, `二、${YEAR}年推进法治政府建设存在的不足和原因`, `三、${YEAR + 1}年推进法治政府建设的工作思路、目标举措`, '附表：数据来源']) {
      expect(paragraphs).toContain(heading);
    }
    expect(paragraphs).toContain(report.ruleOfLawParagraph);
    // Weak points the records show: 240 targeted, 2 resolved; one liaison failed the assessment.
    expect(paragraphs).toContain('调解成功2件，距年度任务数240件尚差238件。');
    expect(paragraphs).toContain('年度考核中有1名“法律明白人”不合格。');
    // The appendix: label, value, source in each row.
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0].replace(/<[^>]+>/g, '')));
    const value = (label: string) => rows.find((r) => r[0] === label)?.[1];
    const f = report.ruleOfLaw;
    expect({
      reviewed: value('规范性文件合法性审核（件）'),
      filed: value('规范性文件备案（件）'),
      taken: value('重大决策（项）'),
      received: value('受理矛盾纠纷（件）'),
      written: value('其中书面协议（件）'),
      liaisons: value('“法律明白人”在册（人）'),
      materials: value('发放普法资料（份）'),
    }).toEqual({
      reviewed: String(f.normativeDocuments.reviewed),
      filed: String(f.normativeDocuments.filed),
      taken: String(f.majorDecisions.taken),
      received: String(f.mediation.received),
      written: String(f.mediation.written),
      liaisons: String(f.legalLiaisons.registered),
      materials: String(f.publicity.materials),
    });
  });

  test('a year without records says so instead of printing zeros', async () => {
    const report = await ok('GET', '/api/reports/annual?year=2001', 'leader-1');
    expectConforms(AnnualReportResponse, report);
    expect(report.enforcementParagraph).toBe('2001年，全年未受理“532”快速响应事件。全年未办理行政处罚案件。全年未下达责令整改通知。');
    expect(report.ruleOfLawParagraph).toBe(
      '2001年，全年未登记学法和法治培训活动。全年未登记普法活动。全年未作出重大行政决策。全年未制定规范性文件。全年未发生行政复议和行政诉讼案件。全年未登记矛盾纠纷。“法律明白人”名册尚无登记。',
    );
  });
});

describe('another township', () => {
  test("its officers get 404 for 包鸾镇's records and see none of them in lists or figures", async () => {
    const township = await ok('POST', '/api/townships', 'admin', { code: '500230902', name: '龙河镇', villages: [{ name: '龙河社区', kind: 'COMMUNITY' }] }, 201);
    const officer = await prisma.officer.create({
      data: { key: 'leader-longhe', name: '龙河镇领导', legalQualified: true, roles: { create: [{ role: 'LEADER' }, { role: 'LEGAL_REVIEWER' }, { role: 'COORDINATOR' }] }, townships: { create: [{ townshipId: township.id }] } },
    });
    const token = await issueToken(prisma, officer.id, 'test');
    const get = (path: string) => http('GET', path, { token });
    const cases: [string, string][] = [
      [`/api/normative-documents/${ids.normative}`, 'NORMATIVE_DOCUMENT_NOT_FOUND'],
      [`/api/normative-documents/${ids.normative}/review-opinion.docx`, 'NORMATIVE_DOCUMENT_NOT_FOUND'],
      [`/api/major-decisions/${ids.decision}`, 'MAJOR_DECISION_NOT_FOUND'],
      [`/api/disputes/${ids.dispute}`, 'DISPUTE_NOT_FOUND'],
      [`/api/legal-liaisons/${ids.liaison}`, 'LEGAL_LIAISON_NOT_FOUND'],
    ];
    for (const [path, code] of cases) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body.error?.code, leaks: JSON.stringify(res.body).includes('包鸾') }).toEqual({ path, status: 404, code, leaks: false });
    }
    const write = await http('POST', `/api/disputes/${ids.dispute}/outcome`, { token, body: { outcome: 'AGREED_ORAL', resolvedOn: '2026-03-04' } });
    expect(write.status).toBe(404);
    expect((await get('/api/normative-documents')).body.items).toEqual([]);
    expect((await get('/api/major-decisions')).body.items).toEqual([]);
    expect((await get('/api/disputes')).body.items).toEqual([]);
    expect((await get('/api/legal-liaisons')).body.items).toEqual([]);
    expect((await get(`/api/publicity-activities?year=${YEAR}`)).body.items).toEqual([]);
    expect((await get(`/api/study-sessions?year=${YEAR}`)).body.items).toEqual([]);
    const theirs = await get(`/api/reports/annual?year=${YEAR}`);
    expect(theirs.body.ruleOfLaw.mediation).toMatchObject({ target: null, received: 0 });
    expect(theirs.body.ruleOfLaw.majorDecisions.taken).toBe(0);
    expect(theirs.body.ruleOfLaw.legalLiaisons.registered).toBe(0);
    expect(theirs.body.ruleOfLaw.publicity.activities).toBe(0);
    expect(theirs.body.enforcement.rapidResponse.events).toBe(0);
    expect(theirs.body.enforcement.cases).toMatchObject({ filed: 0, penaltyDecisions: 0, finesCollected: 0 });
    expect(theirs.body.enforcementParagraph).toBe(`${YEAR}年，全年未受理“532”快速响应事件。全年未办理行政处罚案件。全年未下达责令整改通知。`);
  });

  test("the county's report adds up its townships: each figure the sum of the townships' own, and the DOCX is the county's", async () => {
    const longhe = await prisma.officer.findUniqueOrThrow({ where: { key: 'leader-longhe' } });
    const token = await issueToken(prisma, longhe.id, 'test');
    const post = async (path: string, body: unknown) => {
      const res = await http('POST', path, { token, body });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await post('/api/publicity-activities', { kind: 'STREET_CAMPAIGN', title: '龙河赶场日普法', heldOn: '2026-03-02', place: '龙河场镇', audience: 50, materials: 20 });
    await post('/api/study-sessions', { kind: 'CENTRAL_GROUP', topic: '学习行政处罚法', heldOn: '2026-03-02', attendees: 9 });
    const county = await prisma.officer.create({ data: { key: 'leader-county', name: '县司法局领导', countyWide: true, roles: { create: [{ role: 'LEADER' }] } } });
    const countyToken = await issueToken(prisma, county.id, 'test');

    const annual = async (bearer: string) => {
      const res = await http('GET', `/api/reports/annual?year=${YEAR}`, { token: bearer });
      expect(res.status).toBe(200);
      return res.body;
    };
    const [baoluan, theirs, whole] = [await annual(tokens['leader-1']), await annual(token), await annual(countyToken)];
    expect(theirs.ruleOfLaw.publicity).toMatchObject({ activities: 1, audience: 50, materials: 20 });
    expect(theirs.ruleOfLaw.study.CENTRAL_GROUP).toBe(1);
    // Every figure of the county's rule-of-law block is the sum of the two townships' (the
    // mediation target is a sum of the townships' targets where set).
    const sum = (a: unknown, b: unknown): unknown =>
      typeof a === 'number' || typeof b === 'number'
        ? ((a as number | null) ?? 0) + ((b as number | null) ?? 0)
        : a && typeof a === 'object'
          ? Object.fromEntries(Object.keys(a).map((k) => [k, sum((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])]))
          : a;
    const counts = (block: Record<string, unknown>) => {
      const { legalChallenges: _rates, ...rest } = block;
      return rest;
    };
    expect(counts(whole.ruleOfLaw)).toEqual(sum(counts(baoluan.ruleOfLaw), counts(theirs.ruleOfLaw)));
    expect(whole.ruleOfLaw.publicity).toMatchObject({ activities: 4, audience: 490, materials: 520 });
    expect(whole.ruleOfLawParagraph).toContain('中心组理论学习2次');

    const response = await fetch(`${stack.api.baseUrl}/api/reports/rule-of-law.docx?year=${YEAR}`, { headers: { authorization: `Bearer ${countyToken}` } });
    expect(response.status).toBe(200);
    const xml = await (await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()))).file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0].replace(/<[^>]+>/g, ''));
    expect(paragraphs[0]).toBe(`全县各乡镇（街道）${YEAR}年法治政府建设情况报告`);
    expect(paragraphs).toContain(whole.ruleOfLawParagraph);
  });
});
