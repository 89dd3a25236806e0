/**
 * Recusal (回避, 行政处罚法 §43) over real HTTP on the pinned clock: an officer declares a
 * conflict with a business (PENDING) — the team and the investigation go on, but the random
 * draw leaves them out; the head decides UPHELD — then scheduling a visit, checking in and
 * assigning case investigators with that officer are refused (422 OFFICER_RECUSED) and the
 * planner's team leaves them out. Who may declare and decide, township scope, and every step
 * audited exactly once.
 */
import { describe, expect, test } from '@jest/globals';
import { loadVisitInput } from '../../activities/planning';
import { issueToken } from '../../db';
import { DEFAULT_INSPECTION_POLICY } from '../../domain/inspection';
import { inspectionWithMarketFinding, restaurantVisitRequest } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';

const stack = useTestStack({
  name: 'conflicts',
  officers: ['admin', 'leader-1', 'coordinator-2', 'market-1', 'market-2', 'fire-1'],
  startAt: '2026-06-01T09:00:00+08:00',
});
const { prisma, http, tokens } = stack;

const idOf = async (key: string) => (await prisma.officer.findUniqueOrThrow({ where: { key } })).id;
const targetOf = async (key: string) => (await prisma.target.findUniqueOrThrow({ where: { key } })).id;
const auditActions = async (subjectId: string) =>
  (await prisma.auditEvent.findMany({ where: { subjectType: 'OfficerConflict', subjectId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((e) => e.action);

/** The team the planner would send to restaurant-1 for a MARKET check on a pinned day (no hand-picking). */
async function plannedMarketTeam(targetId: string): Promise<string[]> {
  const coordinator = await prisma.officer.findUniqueOrThrow({ where: { key: 'coordinator-2' } });
  const input = await loadVisitInput(prisma, {
    inspectionId: 'planner-probe',
    scheduledFor: '2026-07-01',
    scheduledBy: { officerId: coordinator.id, name: coordinator.name },
    targetId,
    departments: [{ departmentCode: 'MARKET', itemCodes: ['MARKET-01'] }],
    policy: DEFAULT_INSPECTION_POLICY,
    recheckOf: [],
  });
  return input.team.map((m) => m.officerId);
}

let marketConflictId: string;
let leaderConflictId: string;

describe('a declared conflict, decided by the head, honoured everywhere', () => {
  test('declared → pending (team allowed, out of the draw) → upheld (schedule, check-in, investigators refused)', async () => {
    const [market1, market2, fire1, leader1] = await Promise.all(['market-1', 'market-2', 'fire-1', 'leader-1'].map(idOf));
    const restaurant = await targetOf('restaurant-1');
    const declaration = { officerId: market1, targetId: restaurant, reason: '该餐馆经营者系本人配偶', source: 'OFFICER' };

    // Who may declare which kind.
    const forOther = await http('POST', '/api/conflicts', { token: tokens['market-2'], body: declaration });
    expect(forOther.status).toBe(403);
    expect(forOther.body.error.code).toBe('CONFLICT_DECLARANT_NOT_ALLOWED');
    const leaderParty = await http('POST', '/api/conflicts', { token: tokens['leader-1'], body: { ...declaration, source: 'PARTY' } });
    expect(leaderParty.body.error.code).toBe('CONFLICT_DECLARANT_NOT_ALLOWED');
    const unknownTarget = await http('POST', '/api/conflicts', { token: tokens['market-1'], body: { ...declaration, targetId: 'nope' } });
    expect([unknownTarget.status, unknownTarget.body.error.code]).toEqual([422, 'UNKNOWN_TARGET']);
    const unknownOfficer = await http('POST', '/api/conflicts', { token: tokens['coordinator-2'], body: { ...declaration, officerId: 'nope' } });
    expect([unknownOfficer.status, unknownOfficer.body.error.code]).toEqual([422, 'UNKNOWN_OFFICER']);
    expect((await http('POST', '/api/conflicts', { token: tokens['market-1'], body: { ...declaration, source: 'BOSS' } })).status).toBe(400);

    const declared = await http('POST', '/api/conflicts', { token: tokens['market-1'], body: declaration });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({
      officer: { id: market1, name: '张建国' },
      target: { id: restaurant },
      source: 'OFFICER',
      sourceLabel: '本人申请回避',
      status: 'PENDING',
      statusLabel: '待负责人决定',
      declaredBy: { id: market1 },
      decidedBy: null,
    });
    marketConflictId = declared.body.id;
    const twice = await http('POST', '/api/conflicts', { token: tokens['coordinator-2'], body: { ...declaration, source: 'PARTY' } });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'CONFLICT_ALREADY_DECLARED']);

    // Pending: the work goes on (§43) — a visit with market-1 is scheduled and checked in, a case filed.
    const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
    const filed = await http('POST', '/api/cases', { token: tokens['market-1'], body: { inspectionId, findingId, title: '销售超过保质期的食品案' } });
    expect(filed.status).toBe(202);
    const caseId = filed.body.id as string;
    await eventually(async () => expect(await prisma.enforcementCase.count({ where: { id: caseId } })).toBe(1));
    expect((await http('POST', `/api/cases/${caseId}/investigators`, { token: tokens['coordinator-2'], body: { officerIds: [market1, market2] } })).status).toBe(200);
    const second = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await restaurantVisitRequest(prisma, { scheduledFor: '2026-06-10' }) });
    expect(second.status).toBe(202);
    await eventually(async () => expect(await prisma.jointInspection.count({ where: { id: second.body.id } })).toBe(1));
    // …and the planner's team still takes them…
    expect(await plannedMarketTeam(restaurant)).toContain(market1);

    // …but the random draw leaves them out for this business (and only this one).
    const plan = await http('POST', '/api/plans', { token: tokens['coordinator-2'], body: { name: '七月双随机', periodStart: '2026-07-01', periodEnd: '2026-07-31' } });
    expect(plan.status).toBe(202);
    await eventually(async () => expect(await prisma.plan.count({ where: { id: plan.body.id } })).toBe(1));
    const draw = await http('POST', `/api/plans/${plan.body.id}/draw`, {
      token: tokens['coordinator-2'],
      body: { scenarioCode: 'RESTAURANT', departmentCodes: ['MARKET'], ratios: { HIGH: 1, MEDIUM: 1, LOW: 1 }, inspectorsPerDepartment: 2, seed: 'recusal-1' },
    });
    expect(draw.status).toBe(200);
    const stored = await prisma.draw.findFirstOrThrow({ where: { planId: plan.body.id } });
    const drawn = JSON.parse(stored.resultJson).drawn as { targetId: string; inspectors: { officerIds: string[] }[]; understaffed: string[] }[];
    const atRestaurant = drawn.find((d) => d.targetId === restaurant)!;
    expect(atRestaurant.inspectors[0].officerIds).toEqual([market2]);
    expect(atRestaurant.understaffed).toEqual(['MARKET']);
    const elsewhere = drawn.find((d) => d.targetId !== restaurant)!;
    expect(elsewhere.inspectors[0].officerIds.sort()).toEqual([market1, market2].sort());

    // The head decides; never the officer concerned, never a non-head.
    leaderConflictId = (
      await http('POST', '/api/conflicts', {
        token: tokens['leader-1'],
        body: { officerId: leader1, targetId: await targetOf('restaurant-2'), reason: '本人亲属持股', source: 'OFFICER' },
      })
    ).body.id;
    const selfDecision = await http('POST', `/api/conflicts/${leaderConflictId}/decision`, { token: tokens['leader-1'], body: { decision: 'DISMISSED', note: '无利害关系' } });
    expect([selfDecision.status, selfDecision.body.error.code]).toEqual([403, 'CONFLICT_SELF_DECISION']);
    for (const key of ['market-1', 'admin', 'coordinator-2']) {
      expect((await http('POST', `/api/conflicts/${marketConflictId}/decision`, { token: tokens[key], body: { decision: 'UPHELD', note: '回避' } })).status).toBe(403);
    }
    expect((await http('POST', `/api/conflicts/${marketConflictId}/decision`, { token: tokens['leader-1'], body: { decision: 'MAYBE', note: '?' } })).status).toBe(400);
    expect((await http('POST', `/api/conflicts/${marketConflictId}/decision`, { token: tokens['leader-1'], body: { decision: 'UPHELD' } })).status).toBe(400);

    const upheld = await http('POST', `/api/conflicts/${marketConflictId}/decision`, { token: tokens['leader-1'], body: { decision: 'UPHELD', note: '存在利害关系，决定回避' } });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'UPHELD', statusLabel: '决定回避', decidedBy: { id: leader1, name: '牟德华' }, decisionNote: '存在利害关系，决定回避' });
    const again = await http('POST', `/api/conflicts/${marketConflictId}/decision`, { token: tokens['leader-1'], body: { decision: 'DISMISSED', note: '改变主意' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT_ALREADY_DECIDED']);
    const redeclared = await http('POST', '/api/conflicts', { token: tokens['market-1'], body: declaration });
    expect([redeclared.status, redeclared.body.error.code]).toEqual([409, 'CONFLICT_ALREADY_DECLARED']);

    // Upheld: off the team of a visit scheduled by hand…
    const inspectionsBefore = await prisma.jointInspection.count();
    const refused = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await restaurantVisitRequest(prisma, { scheduledFor: '2026-06-12' }) });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('OFFICER_RECUSED');
    expect(refused.body.error.message).toContain('张建国');
    expect(refused.body.error.issues).toEqual([expect.objectContaining({ code: 'OFFICER_RECUSED', path: 'body.team[0]' })]);
    // …out of a visit scheduled before the decision…
    const checkIn = await http('POST', `/api/inspections/${second.body.id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market1, fire1] } });
    expect([checkIn.status, checkIn.body.error.code]).toEqual([422, 'OFFICER_RECUSED']);
    // …withdrawn from the business's open case, whose investigation goes on; a proposal waits for a second investigator (§42)…
    const withdrawn = await http('GET', `/api/cases/${caseId}`, { token: tokens['coordinator-2'] });
    expect(withdrawn.body.investigators.map((o: { officerId: string }) => o.officerId)).toEqual([market2]);
    expect((await prisma.caseInvestigator.findMany({ where: { caseId } })).map((i) => i.officerId)).toEqual([market2]);
    const caseAudit = await prisma.auditEvent.findMany({ where: { subjectType: 'EnforcementCase', subjectId: caseId, action: 'CASE_INVESTIGATOR_WITHDRAWN' } });
    expect(caseAudit).toHaveLength(1);
    const proposal = { facts: '超过保质期的食品', evidence: ['现场检查笔录'], legalBasis: '《中华人民共和国食品安全法》第一百二十四条', penaltyKind: '罚款', fineAmount: 2000 };
    const alone = await http('POST', `/api/cases/${caseId}/proposal`, { token: tokens['market-2'], body: proposal });
    expect([alone.status, alone.body.error.code]).toEqual([422, 'CASE_INVESTIGATORS_INSUFFICIENT']);
    // …not an investigator of the business's case again…
    const investigators = await http('POST', `/api/cases/${caseId}/investigators`, { token: tokens['coordinator-2'], body: { officerIds: [market2, market1] } });
    expect(investigators.status).toBe(422);
    expect(investigators.body.error.code).toBe('OFFICER_RECUSED');
    expect(investigators.body.error.issues).toEqual([expect.objectContaining({ path: 'officerIds[1]' })]);
    expect((await http('POST', `/api/cases/${caseId}/investigators`, { token: tokens['coordinator-2'], body: { officerIds: [market2, fire1] } })).status).toBe(200);
    // …and off the planner's team. Another business is not concerned.
    expect(await plannedMarketTeam(restaurant)).not.toContain(market1);
    expect(await plannedMarketTeam(await targetOf('restaurant-2'))).toContain(market1);
    expect(await prisma.jointInspection.count()).toBe(inspectionsBefore);

    // Each step audited once; the refused ones not at all.
    expect(await auditActions(marketConflictId)).toEqual(['CONFLICT_DECLARED', 'CONFLICT_DECIDED']);
    expect(await auditActions(leaderConflictId)).toEqual(['CONFLICT_DECLARED']);
    const decidedEvent = await prisma.auditEvent.findFirstOrThrow({ where: { subjectType: 'OfficerConflict', subjectId: marketConflictId, action: 'CONFLICT_DECIDED' } });
    expect(JSON.parse(decidedEvent.payloadJson)).toEqual({ note: '存在利害关系，决定回避', changes: { status: { before: 'PENDING', after: 'UPHELD' } } });
    expect(decidedEvent.actorId).toBe(leader1);
  });

  test('the list: filters, and a department inspector sees only declarations about themself', async () => {
    const market1 = await idOf('market-1');
    const byOfficer = await http('GET', `/api/conflicts?officerId=${market1}`, { token: tokens['coordinator-2'] });
    expect(byOfficer.status).toBe(200);
    expect(byOfficer.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[marketConflictId, 'UPHELD']]);
    const pending = await http('GET', '/api/conflicts?status=PENDING', { token: tokens['leader-1'] });
    expect(pending.body.items.map((c: { id: string }) => c.id)).toEqual([leaderConflictId]);
    expect((await http('GET', '/api/conflicts', { token: tokens['market-1'] })).body.items.map((c: { id: string }) => c.id)).toEqual([marketConflictId]);
    expect((await http('GET', '/api/conflicts', { token: tokens['market-2'] })).body.items).toEqual([]);
    expect((await http('GET', '/api/conflicts?status=OPEN', { token: tokens['leader-1'] })).status).toBe(400);
  });

  test("another township's head neither sees nor decides this township's declarations", async () => {
    const other = await prisma.township.create({ data: { code: '500230902', name: '邻镇' } });
    const head = await prisma.officer.create({
      data: { key: 'leader-other', name: '邻镇书记', roles: { create: [{ role: 'LEADER' }] }, townships: { create: [{ townshipId: other.id }] } },
    });
    const token = await issueToken(prisma, head.id, 'test');
    expect((await http('GET', '/api/conflicts', { token })).body.items).toEqual([]);
    const decide = await http('POST', `/api/conflicts/${leaderConflictId}/decision`, { token, body: { decision: 'UPHELD', note: '回避' } });
    expect([decide.status, decide.body.error.code]).toEqual([404, 'CONFLICT_NOT_FOUND']);
    const declare = await http('POST', '/api/conflicts', {
      token,
      body: { officerId: head.id, targetId: await targetOf('restaurant-1'), reason: '亲属', source: 'OFFICER' },
    });
    expect([declare.status, declare.body.error.code]).toEqual([422, 'UNKNOWN_TARGET']);
    expect(await auditActions(leaderConflictId)).toEqual(['CONFLICT_DECLARED']);
  });
});
