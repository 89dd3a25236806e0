/**
 * Townships over real HTTP: a county-wide ADMIN sets up a second township (龙河镇) beside the
 * demo's 包鸾镇; its own coordinator, inspectors and reviewer serve it only. The cross-township
 * matrix: for every object route, the 包鸾镇 officer gets an answer about the object (not 404)
 * and the same role of 龙河镇 gets 404 — the object does not exist for them (BOLA). Lists and
 * figures hold nothing of the other township; a county inspector serving both reaches exactly
 * both; a visit is refused a business or an officer of another township.
 */
import { describe, expect, test } from '@jest/globals';
import sharp from 'sharp';
import { issueToken } from '../../db';
import { chinaDate } from '../../domain/dates';
import { makeCreditCode } from '../../prisma/seed-data/catalog';
import { assignmentsFor, department, inspectionWithMarketFinding, officerByKey, restaurantVisitRequest, runInspectionOverHttp } from '../support/factories';
import { useTestStack } from '../support/harness';

const OFFICERS = ['admin', 'coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'grid-1', 'leader-1'];
const stack = useTestStack({ name: 'townships', officers: OFFICERS });
const { prisma, http } = stack;
const tokens: Record<string, string> = stack.tokens;

const YEAR = new Date().getFullYear();
const ids: Record<string, string> = {};

/** An officer of 龙河镇 (or of both townships), with a token. */
async function officerOf(key: string, options: { roles: ('COORDINATOR' | 'INSPECTOR' | 'LEGAL_REVIEWER' | 'ADMIN' | 'LEADER')[]; departmentCode?: string; townships: string[] }) {
  const department = options.departmentCode ? await prisma.department.findUniqueOrThrow({ where: { code: options.departmentCode } }) : null;
  const officer = await prisma.officer.create({
    data: {
      key,
      name: `${key}姓名`,
      departmentId: department?.id ?? null,
      certificateNo: options.roles.includes('INSPECTOR') ? `渝执法字第500230-${key}号` : null,
      certificateExpiresOn: options.roles.includes('INSPECTOR') ? new Date('2099-12-31T00:00:00Z') : null,
      legalQualified: options.roles.includes('LEGAL_REVIEWER'),
      roles: { create: options.roles.map((role) => ({ role })) },
      townships: { create: options.townships.map((townshipId) => ({ townshipId })) },
    },
  });
  ids[key] = officer.id;
  tokens[key] = await issueToken(prisma, officer.id, 'test');
  return officer;
}

beforeAll(async () => {
  const created = await http('POST', '/api/townships', {
    token: tokens.admin,
    body: { code: '500230901', name: '龙河镇', villages: [{ name: '龙河社区', kind: 'COMMUNITY' }, { name: '鱼泉村' }] },
  });
  expect(created.status).toBe(201);
  ids.longhe = created.body.id;
  ids.baoluan = (await prisma.township.findUniqueOrThrow({ where: { name: '包鸾镇' } })).id;
  ids.admin = (await officerByKey(prisma, 'admin')).id;

  await officerOf('coord-b', { roles: ['COORDINATOR'], townships: [ids.longhe] });
  await officerOf('market-b', { roles: ['INSPECTOR'], departmentCode: 'MARKET', townships: [ids.longhe] });
  await officerOf('fire-b', { roles: ['INSPECTOR'], departmentCode: 'FIRE', townships: [ids.longhe] });
  await officerOf('reviewer-b', { roles: ['LEGAL_REVIEWER'], townships: [ids.longhe] });
  await officerOf('admin-b', { roles: ['ADMIN'], townships: [ids.longhe] });
  await officerOf('leader-b', { roles: ['LEADER'], townships: [ids.longhe] });
  // A county market inspector who serves both townships.
  await officerOf('market-ab', { roles: ['INSPECTOR'], departmentCode: 'MARKET', townships: [ids.baoluan, ids.longhe] });
  const business = await prisma.target.create({
    data: {
      name: '龙河镇鱼泉饭店',
      creditCode: makeCreditCode('92500230MA7LH0001'),
      address: '重庆市丰都县龙河镇鱼泉村1号',
      village: '鱼泉村',
      scenarioCode: 'RESTAURANT',
      riskClass: 'MEDIUM',
      townshipId: ids.longhe,
    },
  });
  ids.businessB = business.id;

  // 包鸾镇's objects: a visit with a penalty finding, approved, filed as a case; a document; a plan; an event.
  const visit = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
  ids.inspection = visit.inspectionId;
  ids.finding = visit.findingId!;
  const reviewed = await http('POST', `/api/inspections/${ids.inspection}/legal-review`, { token: tokens['reviewer-1'], body: { decision: 'APPROVED', opinion: '事实清楚，同意' } });
  expect(reviewed.status).toBe(200);
  const filed = await http('POST', '/api/cases', { token: tokens['market-1'], body: { inspectionId: ids.inspection, findingId: ids.finding, title: '销售过期食品案' } });
  expect(filed.status).toBe(202);
  ids.case = filed.body.id;
  // A visit of another 包鸾镇 business with a decision on the spot (当场处罚), in follow-up until filed.
  const restaurant = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  await prisma.target.create({
    data: {
      key: 'spot-1',
      name: '包鸾镇当场处罚测试小吃店',
      creditCode: makeCreditCode('92500230MA7BL0002'),
      address: '包鸾镇正街 9 号',
      village: restaurant.village,
      scenarioCode: 'RESTAURANT',
      townshipId: ids.baoluan,
    },
  });
  ids.spot = await runInspectionOverHttp({
    http,
    prisma,
    tokens,
    script: { targetKey: 'spot-1', scenarioCode: 'RESTAURANT', departments: [department('MARKET', 'RECTIFY'), department('FIRE')] },
  });
  ids.spotItem = (await assignmentsFor(prisma, 'RESTAURANT', ['MARKET']))[0].items[0].code;
  const decided = await http('POST', `/api/inspections/${ids.spot}/on-the-spot-penalties`, {
    token: tokens['market-1'],
    body: { itemCode: ids.spotItem, factsCertain: true, facts: '未公示许可证', legalBasis: '《中华人民共和国食品安全法》第一百二十六条', kind: 'WARNING', place: '包鸾镇正街 9 号' },
  });
  expect(decided.status).toBe(201);
  ids.penalty = decided.body.id;
  const document = await http('POST', `/api/inspections/${ids.inspection}/documents`, { token: tokens['coordinator-2'], body: { kind: 'INSPECTION_RECORD' } });
  expect(document.status).toBe(201);
  const record = await http('POST', `/api/inspections/${ids.inspection}/records`, { token: tokens['coordinator-2'], body: {} });
  expect(record.status).toBe(201);
  ids.document = document.body.id;
  const plan = await http('POST', '/api/plans', { token: tokens['coordinator-2'], body: { name: '包鸾镇年度计划', periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31` } });
  expect(plan.status).toBe(202);
  ids.plan = plan.body.id;
  const event = await http('POST', '/api/events', {
    token: tokens['grid-1'],
    body: { category: 'NOISE', village: '包鸾社区', location: '滨河路工地', description: '夜间施工噪声', evidence: [] },
  });
  expect(event.status).toBe(202);
  ids.event = event.body.id;
  ids.target = (await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } })).id;
  ids.market1 = (await officerByKey(prisma, 'market-1')).id;
  const declared = await http('POST', '/api/conflicts', {
    token: tokens['market-1'],
    body: { officerId: ids.market1, targetId: ids.target, reason: '经营者系本人表兄', source: 'OFFICER' },
  });
  expect(declared.status).toBe(201);
  ids.conflict = declared.body.id;

  // The rule-of-law registers: a normative document, a major decision, a dispute of 包鸾镇.
  const normative = await http('POST', '/api/normative-documents', { token: tokens['coordinator-2'], body: { title: '包鸾镇集镇摊位管理办法', draftingOffice: '平安法治办' } });
  expect(normative.status).toBe(202);
  ids.normative = normative.body.id;
  const decision = await http('POST', '/api/major-decisions', { token: tokens['leader-1'], body: { kind: 'MAJOR_MATTER', title: '包鸾镇场镇改造方案' } });
  expect(decision.status).toBe(201);
  ids.decision = decision.body.id;
  const dispute = await http('POST', '/api/disputes', {
    token: tokens['coordinator-2'],
    body: { source: 'VILLAGER', kind: 'NEIGHBOUR', summary: '包鸾社区邻里纠纷', mediatorName: '周调解', receivedOn: today(), parties: [{ name: '张三', role: 'APPLICANT' }] },
  });
  expect(dispute.status).toBe(201);
  ids.dispute = dispute.body.id;
  const liaison = await http('POST', '/api/legal-liaisons', { token: tokens['coordinator-2'], body: { name: '陈明白', village: '包鸾社区', registeredOn: today() } });
  expect(liaison.status).toBe(201);
  ids.liaison = liaison.body.id;
  const challenge = await http('POST', '/api/legal-challenges', {
    token: tokens['leader-1'],
    body: { kind: 'LITIGATION', actDescription: '包鸾镇责令限期拆除决定', applicant: '王某', reviewingBody: '丰都县人民法院', appliedOn: today(), acceptedOn: today(), receivedOn: today() },
  });
  expect(challenge.status).toBe(201);
  ids.challenge = challenge.body.id;
  // An evidence photo of 包鸾镇's MARKET check result (multipart: outside the JSON helper).
  const form = new FormData();
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 0, b: 0 } } }).jpeg().toBuffer();
  form.append('file', new Blob([jpeg]), 'photo.jpg');
  const uploaded = await fetch(`${stack.api.baseUrl}/api/inspections/${ids.inspection}/checks/MARKET/items/${ids.spotItem}/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens['coordinator-2']}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  ids.evidence = ((await uploaded.json()) as { id: string }).id;
}, 120_000);

interface ObjectRoute {
  method: string;
  /** The OpenAPI path, e.g. /api/inspections/{id} */
  path: string;
  id: () => string;
  query?: string;
  body?: () => unknown;
  /** The 包鸾镇 caller, and the same role of 龙河镇. */
  owner: string;
  twin: string;
}

// The China date, as the server counts days (a UTC date is yesterday there from 16:00 UTC on).
const today = () => chinaDate(new Date().toISOString());
const OBJECT_ROUTES: ObjectRoute[] = [
  { method: 'GET', path: '/api/inspections/{id}', id: () => ids.inspection, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/check-in', id: () => ids.inspection, body: () => ({ officerIds: [ids['market-ab']] }), owner: 'coordinator-2', twin: 'coord-b' },
  {
    method: 'PUT',
    path: '/api/inspections/{id}/checks/{department}',
    id: () => ids.inspection,
    body: () => ({ results: [{ itemCode: 'MARKET-01', outcome: 'COMPLIANT' }] }),
    owner: 'market-1',
    twin: 'market-b',
  },
  { method: 'POST', path: '/api/inspections/{id}/legal-review', id: () => ids.inspection, body: () => ({ decision: 'APPROVED', opinion: '同意' }), owner: 'reviewer-1', twin: 'reviewer-b' },
  { method: 'POST', path: '/api/inspections/{id}/cancel', id: () => ids.inspection, body: () => ({ reason: '测试' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/join', id: () => ids.inspection, body: () => ({ departments: [{ code: 'MARKET' }] }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/rating-link', id: () => ids.inspection, body: () => ({}), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/inspections/{id}/code', id: () => ids.inspection, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/documents', id: () => ids.inspection, body: () => ({ kind: 'INSPECTION_RECORD' }), owner: 'coordinator-2', twin: 'coord-b' },
  // The signed 现场检查笔录 (version 1 made above; its content and signatures are test/api/inspection-records).
  { method: 'POST', path: '/api/inspections/{id}/records', id: () => ids.inspection, body: () => ({}), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/inspections/{id}/records', id: () => ids.inspection, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/inspections/{id}/records/{version}', id: () => ids.inspection, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'PUT', path: '/api/inspections/{id}/records/{version}', id: () => ids.inspection, body: () => ({ remarks: '补充说明' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/records/{version}/signatures', id: () => ids.inspection, body: () => ({ role: 'PARTY_REFUSED', witnessName: '' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/records/{version}/corrections', id: () => ids.inspection, body: () => ({ reason: '测试更正' }), owner: 'coordinator-2', twin: 'coord-b' },
  {
    method: 'POST',
    path: '/api/inspections/{id}/on-the-spot-penalties',
    id: () => ids.spot,
    body: () => ({ itemCode: ids.spotItem, factsCertain: true, facts: '未公示许可证', legalBasis: '《中华人民共和国食品安全法》第一百二十六条', kind: 'WARNING', place: '包鸾镇' }),
    owner: 'market-1',
    twin: 'market-b',
  },
  { method: 'GET', path: '/api/inspections/{id}/on-the-spot-penalties', id: () => ids.spot, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/inspections/{id}/on-the-spot-penalties/{penaltyId}', id: () => ids.spot, owner: 'coordinator-2', twin: 'coord-b' },
  {
    method: 'POST',
    path: '/api/inspections/{id}/on-the-spot-penalties/{penaltyId}/acknowledgement',
    id: () => ids.spot,
    body: () => ({ kind: 'SIGNED', signerName: '王某' }),
    owner: 'market-1',
    twin: 'market-b',
  },
  { method: 'POST', path: '/api/inspections/{id}/on-the-spot-penalties/{penaltyId}/filing', id: () => ids.spot, body: () => ({ note: '备案' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/inspections/{id}/legal-review/extension', id: () => ids.inspection, body: () => ({ reason: '补充证据' }), owner: 'reviewer-1', twin: 'reviewer-b' },
  { method: 'GET', path: '/api/documents/{id}', id: () => ids.document, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/documents/{id}/file', id: () => ids.document, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/findings/{id}/no-penalty-suggestion', id: () => ids.finding, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/findings/{id}/disposition', id: () => ids.finding, body: () => ({ outcome: 'NO_PENALTY', correction: '已改正' }), owner: 'coordinator-2', twin: 'coord-b' },
  {
    method: 'POST',
    path: '/api/findings/{id}/rectification',
    id: () => ids.finding,
    body: () => ({ requirement: '立即下架过期食品', workingDays: 5 }),
    owner: 'coordinator-2',
    twin: 'coord-b',
  },
  { method: 'GET', path: '/api/cases/{id}', id: () => ids.case, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/cases/{id}/close', id: () => ids.case, body: () => ({ reason: '测试' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/cases/{id}/legal-review', id: () => ids.case, body: () => ({ decision: 'APPROVED', opinion: '同意' }), owner: 'reviewer-1', twin: 'reviewer-b' },
  { method: 'GET', path: '/api/plans/{id}', id: () => ids.plan, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/plans/{id}/approve', id: () => ids.plan, body: () => ({}), owner: 'coordinator-2', twin: 'coord-b' },
  {
    method: 'POST',
    path: '/api/plans/{id}/requests',
    id: () => ids.plan,
    body: () => ({ requests: [{ targetId: ids.target, departmentCode: 'MARKET', itemCodes: ['MARKET-01'], windowStart: `${YEAR}-12-01`, windowEnd: `${YEAR}-12-31`, reason: 'ANNUAL_PLAN' }] }),
    owner: 'coordinator-2',
    twin: 'coord-b',
  },
  { method: 'GET', path: '/api/events/{id}', id: () => ids.event, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/events/{id}/suggestions', id: () => ids.event, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/events/{id}/resolve', id: () => ids.event, body: () => ({ note: '测试' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/officers/{id}', id: () => ids.market1, owner: 'admin', twin: 'admin-b' },
  { method: 'PUT', path: '/api/officers/{id}', id: () => ids.market1, body: () => ({ phone: '13800000001' }), owner: 'admin', twin: 'admin-b' },
  { method: 'POST', path: '/api/officers/{id}/reactivate', id: () => ids.market1, body: () => ({}), owner: 'admin', twin: 'admin-b' },
  { method: 'POST', path: '/api/conflicts/{id}/decision', id: () => ids.conflict, body: () => ({ decision: 'DISMISSED', note: '关系已不存在' }), owner: 'leader-1', twin: 'leader-b' },
  { method: 'GET', path: '/api/businesses/{id}', id: () => ids.target, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/targets/{id}/ledger', id: () => ids.target, query: `?year=${YEAR}`, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/normative-documents/{id}', id: () => ids.normative, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/normative-documents/{id}/review-opinion.docx', id: () => ids.normative, owner: 'coordinator-2', twin: 'coord-b' },
  {
    method: 'POST',
    path: '/api/normative-documents/{id}/legal-review',
    id: () => ids.normative,
    body: () => ({ decision: 'CHANGES_REQUIRED', opinion: '请补充制定依据' }),
    owner: 'reviewer-1',
    twin: 'reviewer-b',
  },
  { method: 'GET', path: '/api/major-decisions/{id}', id: () => ids.decision, owner: 'leader-1', twin: 'leader-b' },
  { method: 'POST', path: '/api/major-decisions/{id}/decision', id: () => ids.decision, body: () => ({ decisionText: '同意' }), owner: 'leader-1', twin: 'leader-b' },
  { method: 'GET', path: '/api/disputes/{id}', id: () => ids.dispute, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/legal-liaisons/{id}', id: () => ids.liaison, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/legal-challenges/{id}', id: () => ids.challenge, owner: 'leader-1', twin: 'leader-b' },
  {
    method: 'POST',
    path: '/api/legal-challenges/{id}/hearings',
    id: () => ids.challenge,
    body: () => ({ heldOn: today(), headAppeared: true, appearedName: '镇长' }),
    owner: 'leader-1',
    twin: 'leader-b',
  },
  { method: 'POST', path: '/api/inspections/{id}/law-explained', id: () => ids.inspection, body: () => ({ departmentCode: 'MARKET', lawExplained: '《食品安全法》' }), owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/legal-liaisons/{id}/records', id: () => ids.liaison, body: () => ({ kind: 'TRAINING', on: today() }), owner: 'coordinator-2', twin: 'coord-b' },
  // Evidence uploads (no file: the owner gets 400, the other township 404 before anything is read).
  { method: 'POST', path: '/api/inspections/{id}/checks/{department}/items/{itemCode}/evidence', id: () => ids.inspection, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/findings/{id}/evidence', id: () => ids.finding, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/events/{id}/evidence', id: () => ids.event, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/cases/{id}/evidence', id: () => ids.case, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/inspections/{id}/evidence', id: () => ids.inspection, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/evidence/{id}', id: () => ids.evidence, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/evidence/{id}/file', id: () => ids.evidence, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'GET', path: '/api/evidence/{id}/thumbnail', id: () => ids.evidence, owner: 'coordinator-2', twin: 'coord-b' },
  { method: 'POST', path: '/api/disputes/{id}/outcome', id: () => ids.dispute, body: () => ({ outcome: 'AGREED_ORAL', resolvedOn: today() }), owner: 'coordinator-2', twin: 'coord-b' },
];

/** Routes with an id that names no township's object (accounts, tokens, calendar years, townships themselves, public links). */
const NOT_TOWNSHIP_OBJECTS = [
  /^\/api\/admin\//,
  /^\/api\/public\//,
  /^\/api\/calendar\//,
  /^\/api\/townships\/\{id\}$/,
  /^\/api\/departments\/\{code\}\/tasks$/,
  // The county's scenario lists are one for every township (清单 published by the county).
  /^\/api\/scenario-lists\//,
  // So are its 首违不罚 list and frequency caps.
  /^\/api\/county-rules\//,
  // An officer's own notifications: another officer's answers 404 whatever the township (test/api/notifications).
  /^\/api\/notifications\//,
];

describe('the cross-township matrix', () => {
  test('every object route is in the matrix (a new route must say how it is scoped)', async () => {
    const doc = await http('GET', '/api/openapi.json');
    const objectRoutes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => /\{[a-zA-Z]+\}/.test(path) && !NOT_TOWNSHIP_OBJECTS.some((p) => p.test(path)))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    const covered = new Set(OBJECT_ROUTES.map((r) => `${r.method} ${r.path}`));
    const scopedByOthers = new Set([
      // Same township check as their siblings in the matrix (one policy each), shown there once.
      'POST /api/cases/{id}/investigators',
      'POST /api/cases/{id}/proposal',
      'POST /api/cases/{id}/extend-review',
      'POST /api/cases/{id}/collective-decision',
      'POST /api/cases/{id}/decision',
      'POST /api/cases/{id}/service',
      'POST /api/cases/{id}/suspend',
      'POST /api/cases/{id}/resume',
      ...['notice', 'waiver', 'statements', 'reexamination', 'hearing/request', 'hearing/schedule', 'hearing/challenge', 'hearing/record', 'payments', 'payment-arrangement', 'execution', 'court-enforcement', 'publication', 'revocation'].map(
        (step) => `POST /api/cases/{id}/${step}`,
      ),
      'GET /api/cases/{id}/publication-draft',
      'POST /api/plans/{id}/draw',
      'POST /api/plans/{id}/merge',
      'POST /api/plans/{id}/publish',
      'POST /api/events/{id}/dispatch',
      'POST /api/events/{id}/check-in',
      'POST /api/events/{id}/feedback',
      'POST /api/events/{id}/convert',
      'GET /api/rectifications/{findingId}',
      // The officer's record is looked up within reach once for every step (as reactivate).
      'POST /api/officers/{id}/deactivate',
      // The business is looked up within reach as for GET (test/api/businesses.e2e.test.ts writes across townships).
      'PUT /api/businesses/{id}',
      'POST /api/rectifications/{findingId}/extend',
      'POST /api/rectifications/{findingId}/recheck-result',
      // One policy per register (policies.normativeDocument, majorDecision, dispute), shown above once.
      'POST /api/normative-documents/{id}/resubmit',
      'POST /api/normative-documents/{id}/discussion',
      'POST /api/normative-documents/{id}/publication',
      'POST /api/normative-documents/{id}/filing',
      'POST /api/normative-documents/{id}/cleanup',
      'POST /api/major-decisions/{id}/legal-opinion',
      'POST /api/major-decisions/{id}/meeting',
      // policies.legalChallenge, shown above with GET and hearings.
      'POST /api/legal-challenges/{id}/answer',
      'POST /api/legal-challenges/{id}/extension',
      'POST /api/legal-challenges/{id}/outcome',
    ]);
    expect(objectRoutes.filter((r) => !covered.has(r) && !scopedByOthers.has(r))).toEqual([]);
  });

  test.each(OBJECT_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: the owner township is answered, the other gets 404', async (_name, r) => {
    const url = r.path.replace('{id}', r.id()).replace('{department}', 'MARKET').replace('{penaltyId}', ids.penalty).replace('{itemCode}', ids.spotItem).replace('{version}', '1') + (r.query ?? '');
    const other = await http(r.method, url, { token: tokens[r.twin], body: r.body?.() });
    expect({ status: other.status, leaks: JSON.stringify(other.body).includes('包鸾') }).toEqual({ status: 404, leaks: false });
    const owner = await http(r.method, url, { token: tokens[r.owner], body: r.body?.() });
    expect(owner.status).not.toBe(404);
    expect(owner.status).toBeLessThan(500);
  });
});

describe('lists and figures', () => {
  test("nothing of 包鸾镇 is listed or counted for 龙河镇's coordinator; 包鸾镇's own see it", async () => {
    const lists: [string, (body: any) => string[]][] = [
      ['/api/inspections', (b) => b.items.map((i: { id: string }) => i.id)],
      ['/api/plans', (b) => b.map((p: { id: string }) => p.id)],
      ['/api/events', (b) => b.items.map((e: { id: string }) => e.id)],
      ['/api/cases', (b) => b.items.map((c: { id: string }) => c.id)],
      ['/api/targets', (b) => b.map((t: { id: string }) => t.id)],
      ['/api/normative-documents', (b) => b.items.map((d: { id: string }) => d.id)],
      ['/api/disputes', (b) => b.items.map((d: { id: string }) => d.id)],
      ['/api/legal-liaisons', (b) => b.items.map((d: { id: string }) => d.id)],
      ['/api/legal-challenges', (b) => b.items.map((d: { id: string }) => d.id)],
    ];
    for (const [path, idsOf] of lists) {
      const mine = await http('GET', path, { token: tokens['coordinator-2'] });
      const theirs = await http('GET', path, { token: tokens['coord-b'] });
      expect({ path, mine: mine.status, theirs: theirs.status }).toEqual({ path, mine: 200, theirs: 200 });
      const own = idsOf(mine.body);
      expect(own.length).toBeGreaterThan(0);
      expect({ path, overlap: idsOf(theirs.body).filter((id) => own.includes(id)) }).toEqual({ path, overlap: [] });
    }
    const targets = await http('GET', '/api/targets', { token: tokens['coord-b'] });
    expect(targets.body.map((t: { id: string }) => t.id)).toEqual([ids.businessB]);

    const county = await http('GET', `/api/stats?year=${YEAR}`, { token: tokens.admin });
    const baoluan = await http('GET', `/api/stats?year=${YEAR}&townshipId=${ids.baoluan}`, { token: tokens.admin });
    const longhe = await http('GET', `/api/stats?year=${YEAR}`, { token: tokens['coord-b'] });
    expect(baoluan.body.inspections.scheduled).toBeGreaterThan(0);
    expect(longhe.body.inspections.scheduled).toBe(0);
    expect(county.body.inspections.scheduled).toBe(baoluan.body.inspections.scheduled + longhe.body.inspections.scheduled);
    expect((await http('GET', `/api/stats?year=${YEAR}&townshipId=${ids.baoluan}`, { token: tokens['coord-b'] })).status).toBe(404);

    const me = await http('GET', '/api/me', { token: tokens['coord-b'] });
    expect(me.body.officer).toMatchObject({ countyWide: false, townships: [{ id: ids.longhe, name: '龙河镇' }] });
    const townships = await http('GET', '/api/townships', { token: tokens['coord-b'] });
    expect(townships.body.items.map((t: { name: string }) => t.name)).toEqual(['龙河镇']);
  });
});

describe('writes across townships', () => {
  test("a visit is refused another township's business and officers; with its own it is scheduled", async () => {
    const foreign = await restaurantVisitRequest(prisma);
    const refused = await http('POST', '/api/inspections', { token: tokens['coord-b'], body: foreign });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'UNKNOWN_REFERENCE' });

    const market1 = await officerByKey(prisma, 'market-1');
    const body = {
      targetId: ids.businessB,
      scenarioCode: 'RESTAURANT',
      scheduledFor: today(),
      departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
      team: [{ officerId: market1.id, isLead: true }, { officerId: ids['fire-b'] }],
    };
    const stranger = await http('POST', '/api/inspections', { token: tokens['coord-b'], body });
    expect({ status: stranger.status, code: stranger.body.error.code }).toEqual({ status: 422, code: 'OFFICER_NOT_SERVING_TOWNSHIP' });
    expect(stranger.body.error.message).toContain(market1.name);

    const own = await http('POST', '/api/inspections', {
      token: tokens['coord-b'],
      body: { ...body, team: [{ officerId: ids['market-ab'], isLead: true }, { officerId: ids['fire-b'] }] },
    });
    expect(own.status).toBe(202);
    ids.inspectionB = own.body.id;
  });

  test('a county inspector reaches exactly the townships assigned', async () => {
    // market-ab serves both: both visits (each involves MARKET); fire-b serves 龙河镇 only.
    const both = await http('GET', '/api/inspections', { token: tokens['market-ab'] });
    const listed = both.body.items.map((i: { id: string }) => i.id);
    expect(listed).toEqual(expect.arrayContaining([ids.inspection, ids.inspectionB]));
    expect((await http('GET', `/api/inspections/${ids.inspection}`, { token: tokens['market-ab'] })).status).toBe(200);

    const fireB = await http('GET', '/api/inspections', { token: tokens['fire-b'] });
    expect(fireB.body.items.map((i: { id: string }) => i.id)).toEqual([ids.inspectionB]);
    expect((await http('GET', `/api/inspections/${ids.inspection}`, { token: tokens['fire-b'] })).status).toBe(404);
    expect((await http('GET', `/api/inspections/${ids.inspectionB}`, { token: tokens['fire-b'] })).status).toBe(200);
  });

  test('a plan and an event belong to the township of the one who makes them; one beyond reach is refused', async () => {
    const plan = await http('POST', '/api/plans', { token: tokens['coord-b'], body: { name: '龙河镇计划', periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31` } });
    expect(plan.status).toBe(202);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan.body.id } })).townshipId).toBe(ids.longhe);
    const beyond = await http('POST', '/api/plans', {
      token: tokens['coord-b'],
      body: { name: '越界计划', periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31`, townshipId: ids.baoluan },
    });
    expect({ status: beyond.status, code: beyond.body.error.code }).toEqual({ status: 422, code: 'UNKNOWN_TOWNSHIP' });
    // A business of 包鸾镇 cannot be put into 龙河镇's plan.
    const request = await http('POST', `/api/plans/${plan.body.id}/requests`, {
      token: tokens['coord-b'],
      body: { requests: [{ targetId: ids.target, departmentCode: 'MARKET', itemCodes: ['MARKET-01'], windowStart: `${YEAR}-12-01`, windowEnd: `${YEAR}-12-31`, reason: 'ANNUAL_PLAN' }] },
    });
    expect(request.status).toBe(422);
    expect((await prisma.gridEvent.findUniqueOrThrow({ where: { id: ids.event } })).townshipId).toBe(ids.baoluan);
    // 包鸾镇's event is dispatched only to officers who serve 包鸾镇.
    const dispatch = await http('POST', `/api/events/${ids.event}/dispatch`, {
      token: tokens['coordinator-2'],
      body: { instruction: '立即到场处置', responderIds: [ids['market-b']] },
    });
    expect({ status: dispatch.status, issues: dispatch.body.error.issues.map((i: { code: string }) => i.code) }).toEqual({ status: 422, issues: ['OFFICER_NOT_SERVING_TOWNSHIP'] });
    // Suggested responders for noise (生态环境…) are 包鸾镇's, never 龙河镇's.
    const ecoenvB = await officerOf('ecoenv-b', { roles: ['INSPECTOR'], departmentCode: 'ECOENV', townships: [ids.longhe] });
    const suggestions = await http('GET', `/api/events/${ids.event}/suggestions`, { token: tokens['coordinator-2'] });
    const suggested = JSON.stringify(suggestions.body);
    expect(suggested).not.toContain(ecoenvB.id);
    expect(suggested).toContain((await officerByKey(prisma, 'ecoenv-1')).id);
    expect((await prisma.enforcementCase.findUniqueOrThrow({ where: { id: ids.case } })).townshipId).toBe(ids.baoluan);
  });

  test('only a county-wide ADMIN sets up townships; every change is audited', async () => {
    const duplicate = await http('POST', '/api/townships', { token: tokens.admin, body: { code: '500230902', name: '龙河镇' } });
    expect({ status: duplicate.status, code: duplicate.body.error.code }).toEqual({ status: 409, code: 'TOWNSHIP_EXISTS' });
    const badCode = await http('POST', '/api/townships', { token: tokens.admin, body: { code: '5002', name: '新镇' } });
    expect(badCode.status).toBe(400);
    const added = await http('PUT', `/api/townships/${ids.longhe}`, { token: tokens.admin, body: { addVillages: [{ name: '鱼泉村' }, { name: '新屋村' }] } });
    expect(added.status).toBe(200);
    expect(added.body.villages.map((v: { name: string }) => v.name).sort()).toEqual(['新屋村', '鱼泉村', '龙河社区'].sort());
    const department = await http('POST', '/api/departments', {
      token: tokens.admin,
      body: { code: 'LHZF', name: '龙河镇综合行政执法办公室', shortName: '龙河综执', townshipId: ids.longhe },
    });
    expect(department.status).toBe(201);
    expect((await http('POST', '/api/departments', { token: tokens.admin, body: { code: 'LHZF', name: '重复部门', shortName: '重复' } })).status).toBe(409);
    const audits = await prisma.auditEvent.findMany({ where: { subjectType: { in: ['Township', 'Department'] } }, orderBy: { at: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['TOWNSHIP_CREATED', 'TOWNSHIP_UPDATED', 'DEPARTMENT_CREATED']);
    expect(audits.every((a) => a.actorId === ids.admin && a.actorName !== null)).toBe(true);
  });
});
