/**
 * Builders for test data on top of the seeded catalog: inspection inputs, officers' credentials
 * and check results that pass (or break) the rules.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../db';
import { assignedItemOf, credentialsOf } from '../../api/services/catalog';
import {
  DEFAULT_INSPECTION_POLICY,
  type AssignedCheckItem,
  type CheckResultInput,
  type DepartmentAssignment,
  type InspectionPolicy,
  type OfficerCredentials,
} from '../../domain/inspection';
import type { JointInspectionInput } from '../../contracts/inspection';
import type { ClockPolicy } from '../../domain/rapid-response';
import { chinaDate } from '../../domain/dates';

/** "532" clocks no test outlasts. */
export const LONG_CLOCKS: ClockPolicy = { dispatchMs: 3_600_000, onSiteMs: 7_200_000, feedbackMs: 10_800_000 };
/** Short enough to pass during the test, long enough that the report is written first. */
export const SHORT_CLOCKS: ClockPolicy = { dispatchMs: 1000, onSiteMs: 1500, feedbackMs: 2000 };

export async function officerByKey(prisma: PrismaClient, key: string) {
  return prisma.officer.findUniqueOrThrow({ where: { key }, include: { department: true, roles: true } });
}

export async function credentialsByKey(prisma: PrismaClient, ...keys: string[]): Promise<OfficerCredentials[]> {
  return Promise.all(keys.map(async (key) => credentialsOf(await officerByKey(prisma, key))));
}

export async function assignmentsFor(
  prisma: PrismaClient,
  scenarioCode: string,
  departmentCodes: string[],
): Promise<DepartmentAssignment[]> {
  const scenario = await prisma.scenario.findUniqueOrThrow({
    where: { code: scenarioCode },
    include: { items: { orderBy: { position: 'asc' }, include: { checkItem: { include: { department: true } } } } },
  });
  return departmentCodes.map((code) => {
    const items = scenario.items.map((i) => i.checkItem).filter((i) => i.department.code === code);
    if (items.length === 0) throw new Error(`scenario ${scenarioCode} has no items of ${code}`);
    return { departmentCode: code, departmentName: items[0].department.name, items: items.map(assignedItemOf) };
  });
}

export interface BuildInspectionOptions {
  scenarioCode?: string;
  targetKey?: string;
  departments?: string[];
  teamKeys?: string[];
  policy?: Partial<InspectionPolicy>;
}

export async function buildInspectionInput(prisma: PrismaClient, options: BuildInspectionOptions = {}): Promise<JointInspectionInput> {
  const scenarioCode = options.scenarioCode ?? 'RESTAURANT';
  const departments = options.departments ?? ['MARKET', 'FIRE'];
  const teamKeys = options.teamKeys ?? ['market-1', 'fire-1'];
  const target = await prisma.target.findUniqueOrThrow({ where: { key: options.targetKey ?? 'restaurant-1' } });
  const scenario = await prisma.scenario.findUniqueOrThrow({ where: { code: scenarioCode } });
  const coordinator = await officerByKey(prisma, 'coordinator-2');
  const team = await Promise.all(teamKeys.map((k) => officerByKey(prisma, k)));
  return {
    inspectionId: randomUUID(),
    scheduledFor: chinaDate(new Date().toISOString()),
    scheduledBy: { officerId: coordinator.id, name: coordinator.name },
    target: { id: target.id, name: target.name, creditCode: target.creditCode, address: target.address, village: target.village },
    scenario: { code: scenario.code, name: scenario.name },
    departments: await assignmentsFor(prisma, scenarioCode, departments),
    team: team.map((o, index) => ({ officerId: o.id, name: o.name, departmentCode: o.department?.code ?? null, isLead: index === 0 })),
    policy: { ...DEFAULT_INSPECTION_POLICY, ...options.policy },
  };
}

/** A measured value that satisfies the item's limit. */
export function compliantValue(item: AssignedCheckItem): number | undefined {
  const m = item.measurement;
  if (m.kind !== 'NUMERIC') return undefined;
  const lo = Math.max(m.validMin, m.limitMin ?? m.validMin);
  const hi = Math.min(m.validMax, m.limitMax ?? m.validMax);
  return (lo + hi) / 2;
}

/** A measured value beyond the item's limit but still a possible instrument reading. */
export function violatingValue(item: AssignedCheckItem): number {
  const m = item.measurement;
  if (m.kind !== 'NUMERIC') throw new Error(`${item.code} is not measured`);
  if (m.limitMax !== undefined) return Math.min(m.validMax, m.limitMax + Math.max(1, Math.abs(m.limitMax) * 0.2));
  return Math.max(m.validMin, m.limitMin! - Math.max(0.1, Math.abs(m.limitMin!) * 0.2));
}

export function compliantResults(assignment: DepartmentAssignment): CheckResultInput[] {
  return assignment.items.map((item) => {
    const value = compliantValue(item);
    return {
      itemCode: item.code,
      outcome: 'COMPLIANT' as const,
      ...(value !== undefined ? { measuredValue: value, unit: item.measurement.kind === 'NUMERIC' ? item.measurement.unit : undefined } : {}),
      evidence: [`photo-${item.code}.jpg`],
    };
  });
}

/** All compliant except the first item, which is non-compliant with the given proposal. */
export function resultsWithViolation(
  assignment: DepartmentAssignment,
  proposedAction: 'RECTIFY' | 'PENALTY',
  itemIndex = 0,
): CheckResultInput[] {
  const results = compliantResults(assignment);
  const item = assignment.items[itemIndex];
  results[itemIndex] = {
    itemCode: item.code,
    outcome: 'NON_COMPLIANT',
    ...(item.measurement.kind === 'NUMERIC' ? { measuredValue: violatingValue(item), unit: item.measurement.unit } : {}),
    note: '现场发现该项不符合要求，已拍照取证并当场告知经营者',
    evidence: [`photo-${item.code}-violation.jpg`],
    proposedAction,
  };
  return results;
}

export function numericItem(assignments: DepartmentAssignment[]): { assignment: DepartmentAssignment; index: number; item: AssignedCheckItem } {
  for (const assignment of assignments) {
    const index = assignment.items.findIndex((i) => i.measurement.kind === 'NUMERIC');
    if (index >= 0) return { assignment, index, item: assignment.items[index] };
  }
  throw new Error('no measured item in these assignments');
}

// ---------------------------------------------------------------------------------------------
// Whole inspections over HTTP (for the reporting and dashboard tests)
// ---------------------------------------------------------------------------------------------

type Http = <T = any>(
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<{ status: number; body: T }>;

/** What a department does on site: all compliant, one violation with a proposal, or nothing. */
export type DepartmentOutcome = 'COMPLIANT' | 'RECTIFY' | 'PENALTY' | 'NOT_SUBMITTED';

export interface InspectionScript {
  targetKey: string;
  scenarioCode: string;
  /** department code → the officer who represents it and what they submit */
  departments: { code: string; officerKey: string; outcome?: DepartmentOutcome }[];
  /** stop after scheduling (a visit still to make) */
  visit?: boolean;
  cancelReason?: string;
  review?: 'APPROVED' | 'RETURNED';
  /** End every finding as 首违不罚 once the visit is in follow-up (the items must qualify). */
  disposition?: 'NO_PENALTY';
}

/** A department of a script, represented by its first inspector (market-1 for MARKET). */
export function department(code: string, outcome?: DepartmentOutcome): InspectionScript['departments'][number] {
  return { code, officerKey: `${code.toLowerCase()}-1`, ...(outcome ? { outcome } : {}) };
}

async function expectStatus(prisma: PrismaClient, id: string, status: string) {
  const { eventually } = await import('./harness');
  await eventually(async () => {
    const row = await prisma.jointInspection.findUnique({ where: { id } });
    if (row?.status !== status) throw new Error(`inspection ${id} is ${row?.status ?? 'not written yet'}, waiting for ${status}`);
  });
}

/**
 * Drives one inspection through the real API as the people would: the coordinator schedules,
 * the team checks in, each department submits, the reviewer decides. Returns its id once the
 * database shows the expected state. `tokens` must hold coordinator-2, reviewer-1 and every
 * officer named in the script.
 */
export async function runInspectionOverHttp(options: {
  http: Http;
  prisma: PrismaClient;
  tokens: Record<string, string>;
  script: InspectionScript;
}): Promise<string> {
  const { http, prisma, tokens, script } = options;
  const target = await prisma.target.findUniqueOrThrow({ where: { key: script.targetKey } });
  const officers = await Promise.all(script.departments.map((d) => officerByKey(prisma, d.officerKey)));
  const scheduled = await http('POST', '/api/inspections', {
    token: tokens['coordinator-2'],
    body: {
      targetId: target.id,
      scenarioCode: script.scenarioCode,
      scheduledFor: chinaDate(new Date().toISOString()),
      departments: script.departments.map((d) => ({ code: d.code })),
      team: officers.map((o, index) => ({ officerId: o.id, isLead: index === 0 })),
    },
  });
  if (scheduled.status !== 202) throw new Error(`schedule failed: ${scheduled.status} ${JSON.stringify(scheduled.body)}`);
  const id: string = scheduled.body.id;
  await expectStatus(prisma, id, 'SCHEDULED');
  if (script.cancelReason) {
    await http('POST', `/api/inspections/${id}/cancel`, { token: tokens['coordinator-2'], body: { reason: script.cancelReason } });
    await expectStatus(prisma, id, 'CANCELLED');
    return id;
  }
  if (script.visit === false) return id;

  const checkIn = await http('POST', `/api/inspections/${id}/check-in`, {
    token: tokens['coordinator-2'],
    body: { officerIds: officers.map((o) => o.id) },
  });
  if (checkIn.status !== 200) throw new Error(`check-in failed: ${checkIn.status} ${JSON.stringify(checkIn.body)}`);
  const assignments = await assignmentsFor(prisma, script.scenarioCode, script.departments.map((d) => d.code));
  for (const [index, d] of script.departments.entries()) {
    const outcome = d.outcome ?? 'COMPLIANT';
    if (outcome === 'NOT_SUBMITTED') continue;
    const results = outcome === 'COMPLIANT' ? compliantResults(assignments[index]) : resultsWithViolation(assignments[index], outcome);
    const submitted = await http('PUT', `/api/inspections/${id}/checks/${d.code}`, { token: tokens[d.officerKey], body: { results } });
    if (submitted.status !== 200) throw new Error(`submit ${d.code} failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  }
  if (script.departments.some((d) => d.outcome === 'NOT_SUBMITTED')) {
    await expectStatus(prisma, id, 'ON_SITE');
    return id;
  }
  const penalty = script.departments.some((d) => d.outcome === 'PENALTY');
  const findings = script.departments.some((d) => d.outcome === 'RECTIFY' || d.outcome === 'PENALTY');
  // A visit with findings stays in FOLLOW_UP until each has ended (here: 首违不罚 if asked).
  const followUp = async () => {
    await expectStatus(prisma, id, 'FOLLOW_UP');
    if (script.disposition !== 'NO_PENALTY') return;
    for (const f of await prisma.finding.findMany({ where: { inspectionId: id }, include: { department: true } })) {
      const officerKey = script.departments.find((d) => d.code === f.department.code)!.officerKey;
      const res = await http('POST', `/api/findings/${f.id}/disposition`, {
        token: tokens[officerKey],
        body: { outcome: 'NO_PENALTY', correction: '当场改正，已拍照留存' },
      });
      if (res.status !== 200) throw new Error(`disposition failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await expectStatus(prisma, id, 'CLOSED');
  };
  if (!penalty) {
    if (findings) await followUp();
    else await expectStatus(prisma, id, 'CLOSED');
    return id;
  }
  await expectStatus(prisma, id, 'IN_LEGAL_REVIEW');
  if (script.review) {
    const reviewed = await http('POST', `/api/inspections/${id}/legal-review`, {
      token: tokens['reviewer-1'],
      body: { decision: script.review, opinion: script.review === 'APPROVED' ? '事实清楚、证据确凿、依据正确、程序合法，同意' : '证据不足，退回补充' },
    });
    if (reviewed.status !== 200) throw new Error(`review failed: ${reviewed.status} ${JSON.stringify(reviewed.body)}`);
    if (script.review === 'APPROVED') await followUp();
  }
  return id;
}

/** Officer keys a reporting year built by seedReportingYear() needs tokens for. */
export const REPORTING_YEAR_OFFICERS = [
  'coordinator-2',
  'reviewer-1',
  'leader-1',
  'market-1',
  'fire-1',
  'urban-1',
  'housing-1',
  'ecoenv-1',
  'safety-1',
  'police-1',
  'health-1',
];

/** The extra API seedReportingYear() needs: same database and worker, a one-second submission deadline. */
export const REPORTING_YEAR_APIS = { overdue: { policy: { checkSubmissionDeadlineMs: 1000 } } };

/**
 * A small but complete year: a visit closed after its one finding ended as 首违不罚, one with an
 * approved penalty proposal still in follow-up, one waiting for legal review, one with a department past its
 * deadline (scheduled through `overdueHttp`, an API whose deadline is short), one still to
 * visit and one cancelled. Resolves once the overdue department has been escalated.
 */
export async function seedReportingYear(options: {
  http: Http;
  overdueHttp: Http;
  prisma: PrismaClient;
  tokens: Record<string, string>;
}) {
  const run = (script: InspectionScript, http: Http = options.http) => runInspectionOverHttp({ ...options, http, script });
  // URBAN-01 (占道经营) is a minor item: a first offence corrected on the spot is not penalised.
  const rectified = await run({ targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', departments: [department('URBAN', 'RECTIFY'), department('FIRE')], disposition: 'NO_PENALTY' });
  const penalised = await run({
    targetKey: 'construction-1',
    scenarioCode: 'CONSTRUCTION_SITE',
    departments: [department('HOUSING', 'PENALTY'), department('ECOENV'), department('SAFETY')],
    review: 'APPROVED',
  });
  const inReview = await run({ targetKey: 'guesthouse-1', scenarioCode: 'GUESTHOUSE', departments: [department('POLICE'), department('HEALTH', 'PENALTY'), department('FIRE')] });
  const overdueScript: InspectionScript = { targetKey: 'restaurant-2', scenarioCode: 'RESTAURANT', departments: [department('MARKET'), department('FIRE', 'NOT_SUBMITTED')] };
  const overdue = await run(overdueScript, options.overdueHttp);
  const upcoming = await run({ targetKey: 'guesthouse-2', scenarioCode: 'GUESTHOUSE', departments: [department('POLICE'), department('HEALTH')], visit: false });
  const cancelled = await run({ targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', departments: [department('MARKET'), department('FIRE')], cancelReason: '经营者停业装修，改期检查' });
  const { eventually } = await import('./harness');
  // The deadline is a durable timer in the workflow: wait for its escalation to be written.
  await eventually(async () => {
    const check = await options.prisma.departmentCheck.findFirst({ where: { inspectionId: overdue, department: { code: 'FIRE' } } });
    if (!check?.overdue) throw new Error('FIRE is not overdue yet');
  });
  return { rectified, penalised, inReview, overdue, upcoming, cancelled };
}

/**
 * The body of POST /api/inspections for MARKET and FIRE at a restaurant (restaurant-1 unless
 * `targetKey`), today unless `scheduledFor`: market-1 leads (unless `lead: false`), fire-1 joins.
 */
export async function restaurantVisitRequest(
  prisma: PrismaClient,
  options: { targetKey?: string; scheduledFor?: string; lead?: boolean } = {},
) {
  const target = await prisma.target.findUniqueOrThrow({ where: { key: options.targetKey ?? 'restaurant-1' } });
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  return {
    targetId: target.id,
    scenarioCode: 'RESTAURANT',
    scheduledFor: options.scheduledFor ?? chinaDate(new Date().toISOString()),
    departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
    team: [options.lead === false ? { officerId: market.id } : { officerId: market.id, isLead: true }, { officerId: fire.id }],
  };
}

/**
 * Drives a joint inspection through the HTTP API until MARKET has one finding with the given
 * proposal (FIRE compliant): scheduled today at restaurant-1, checked in, both departments
 * submitted. Needs tokens for coordinator-2, market-1 and fire-1.
 */
export async function inspectionWithMarketFinding(options: {
  prisma: PrismaClient;
  http: (method: string, path: string, init?: { token?: string; body?: unknown }) => Promise<{ status: number; body: any }>;
  tokens: Record<string, string>;
  proposedAction?: 'RECTIFY' | 'PENALTY';
  /** A compliant MARKET result instead (no finding). */
  compliant?: boolean;
}): Promise<{ inspectionId: string; findingId: string | null }> {
  const { prisma, http, tokens } = options;
  const body = await restaurantVisitRequest(prisma);
  const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
  if (scheduled.status !== 202) throw new Error(`schedule failed: ${scheduled.status} ${JSON.stringify(scheduled.body)}`);
  const id = scheduled.body.id as string;
  const step = async (method: string, path: string, token: string, body: unknown) => {
    const res = await http(method, path, { token, body });
    if (res.status !== 200) throw new Error(`${method} ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await step('POST', `/api/inspections/${id}/check-in`, tokens['coordinator-2'], { officerIds: body.team.map((m) => m.officerId) });
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const marketResults = options.compliant ? compliantResults(marketItems) : resultsWithViolation(marketItems, options.proposedAction ?? 'RECTIFY');
  await step('PUT', `/api/inspections/${id}/checks/MARKET`, tokens['market-1'], { results: marketResults });
  await step('PUT', `/api/inspections/${id}/checks/FIRE`, tokens['fire-1'], { results: compliantResults(fireItems) });
  if (options.compliant) return { inspectionId: id, findingId: null };
  // The last submission answers once the workflow has stored its findings (the read model).
  const finding = await prisma.finding.findFirst({ where: { inspectionId: id } });
  if (!finding) throw new Error(`no finding recorded for inspection ${id} when its last submission answered`);
  return { inspectionId: id, findingId: finding.id };
}

/**
 * A scenario-list plan made through the API (POST /api/plans, by coordinator-2 unless `as` says
 * otherwise); the API answers 202 once the plan's workflow has written its row.
 * For the tests that need a plan but are not about making one (the web form is test/web/scheduling).
 */
export async function createPlan(options: {
  http: (method: string, path: string, init?: { token?: string; body?: unknown }) => Promise<{ status: number; body: any }>;
  tokens: Record<string, string>;
  name: string;
  periodStart: string;
  periodEnd: string;
  as?: string;
}): Promise<string> {
  const { http, tokens, name, periodStart, periodEnd } = options;
  const created = await http('POST', '/api/plans', { token: tokens[options.as ?? 'coordinator-2'], body: { name, periodStart, periodEnd } });
  if (created.status !== 202) throw new Error(`plan not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** The actor reference of a seeded officer. */
export async function actorRef(prisma: PrismaClient, key: string): Promise<{ officerId: string; name: string }> {
  const o = await officerByKey(prisma, key);
  return { officerId: o.id, name: o.name };
}

/** A document handed to the party now, against its signed 送达回证 (§61). */
export function directService(servedAt = new Date().toISOString()) {
  return { method: 'DIRECT', servedAt, recipient: '张三（负责人）', receiptNumber: `SD-${servedAt.slice(0, 10)}` };
}

/** The party's written waiver of statements and hearing (§62). */
/** A penalty proposal of the restaurant's expired food (¥2,000): the tests' case, from filing to review. */
export const PENALTY_PROPOSAL = {
  facts: '当事人在后厨冷藏柜内存放超过保质期的食品3批次',
  evidence: ['现场检查笔录', '现场照片P-001至P-003'],
  legalBasis: '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条',
  penaltyKind: '罚款',
  fineAmount: 2000,
};

export const WAIVER = { partyRepresentative: '张三', declaration: '本人已知悉拟作出的处罚及陈述、申辩权利，自愿放弃陈述、申辩。' };

/**
 * Ends a MARKET finding the long way, over HTTP: filed as a case, two investigators, a penalty
 * proposal, legal review, decision, service, closed. Needs tokens for market-1, coordinator-2
 * and reviewer-1. Returns the case id.
 */
export async function closeFindingByCase(options: {
  prisma: PrismaClient;
  http: (method: string, path: string, init?: { token?: string; body?: unknown }) => Promise<{ status: number; body: any }>;
  tokens: Record<string, string>;
  inspectionId: string;
  findingId: string;
}): Promise<string> {
  const { prisma, http, tokens } = options;
  const step = async (path: string, token: string, body: unknown, expected = 200) => {
    const res = await http('POST', path, { token, body });
    if (res.status !== expected) throw new Error(`POST ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const filed = await step('/api/cases', tokens['market-1'], { inspectionId: options.inspectionId, findingId: options.findingId, title: '销售超过保质期的食品案' }, 202);
  const caseId = filed.id as string;
  const investigators = await Promise.all(['market-1', 'market-2'].map((k) => officerByKey(prisma, k)));
  await step(`/api/cases/${caseId}/investigators`, tokens['coordinator-2'], { officerIds: investigators.map((o) => o.id) });
  await step(`/api/cases/${caseId}/proposal`, tokens['market-1'], PENALTY_PROPOSAL);
  await step(`/api/cases/${caseId}/legal-review`, tokens['reviewer-1'], { decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' });
  await step(`/api/cases/${caseId}/notice`, tokens['market-1'], {});
  await step(`/api/cases/${caseId}/service`, tokens['market-1'], { ...directService(), document: 'PRIOR_NOTICE' });
  await step(`/api/cases/${caseId}/waiver`, tokens['market-1'], WAIVER);
  await step(`/api/cases/${caseId}/decision`, tokens['coordinator-2'], { decisionText: '对当事人罚款人民币贰仟元整' });
  await step(`/api/cases/${caseId}/service`, tokens['market-1'], { ...directService(), document: 'DECISION' });
  await step(`/api/cases/${caseId}/payments`, tokens['market-1'], { amount: 2000, paidOn: chinaDate(new Date().toISOString()), receiptNumber: 'FS-0001', bank: '农业银行丰都支行' });
  await step(`/api/cases/${caseId}/publication`, tokens['coordinator-2'], { title: '销售超过保质期的食品案', text: '对当事人罚款人民币贰仟元整' });
  await step(`/api/cases/${caseId}/close`, tokens['coordinator-2'], { reason: '罚款已缴纳' });
  return caseId;
}

/** The audit trail of a two-department visit with one finding, through legal review into follow-up. */
export const REVIEWED_VISIT_AUDIT = [
  'INSPECTION_SCHEDULED',
  'INSPECTION_CHECKED_IN',
  'DEPARTMENT_CHECKS_SUBMITTED',
  'DEPARTMENT_CHECKS_SUBMITTED',
  'INSPECTION_CHECKS_DONE',
  'INSPECTION_IN_LEGAL_REVIEW',
  // the review round's working-day deadline (joint-inspection workflow, patched 'inspection-review-deadline')
  'LEGAL_REVIEW_DUE',
  'LEGAL_REVIEW_APPROVED',
  'INSPECTION_FOLLOW_UP',
];
