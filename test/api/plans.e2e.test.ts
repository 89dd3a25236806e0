/**
 * Scenario-list planning end to end over HTTP on the real Temporal server: departments add
 * requests, the coordinator runs a 双随机 draw, merges, approves and publishes; the plan starts
 * the joint inspections, they complete, and the plan reports planned against done. Also the
 * caps with typed exceptions, the public draw record, the ledger and the monthly Schedule.
 */
import { ensureMonthlyPlanningSchedule } from '../../api/schedules';
import { runDraw, type DrawInput, type DrawResult } from '../../domain/draw';
import { DEFAULT_INSPECTION_POLICY } from '../../domain/inspection';
import { nextMonthPeriod } from '../../domain/plan';
import { planWorkflowId } from '../../contracts/plan';
import { DEFAULT_FREQUENCY_CAPS, DEFAULT_TEAM_CAPACITY } from '../../domain/planning';
import { assignmentsFor, compliantResults } from '../support/factories';
import { createTestClient, eventually, saveHistoryFixture, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
// The plans start yesterday (China date): the plan starts a visit at 08:00 China time on its
// date, and yesterday's 08:00 has passed at any hour the test runs, so the visits start at once.
const firstDay = addDays(chinaDate(new Date().toISOString()), -1);
const year = firstDay.slice(0, 4);
const yearEnd = `${year}-12-31`;
const periodEnd = addDays(firstDay, 30) < yearEnd ? addDays(firstDay, 30) : yearEnd;
const soon = (days: number) => (addDays(firstDay, days) < periodEnd ? addDays(firstDay, days) : periodEnd);

const INSPECTORS = ['market-1', 'market-2', 'fire-1', 'fire-2', 'safety-1', 'safety-2', 'urban-1', 'urban-2', 'police-1', 'police-2', 'housing-1', 'ecoenv-1', 'agri-1'];

const { prisma, worker, http, tokens } = useTestStack({ officers: ['coordinator-2', 'leader-1', ...INSPECTORS] });

const target = async (key: string) => (await prisma.target.findUniqueOrThrow({ where: { key } })).id;

async function createPlan(body: Record<string, unknown> = {}) {
  const res = await http('POST', '/api/plans', {
    token: tokens['coordinator-2'],
    body: { name: '测试计划', periodStart: firstDay, periodEnd, ...body },
  });
  expect(res.status).toBe(202);
  await eventually(async () => expect(await prisma.plan.count({ where: { id: res.body.id } })).toBe(1));
  return res.body.id as string;
}

async function planDetail(id: string) {
  const res = await http('GET', `/api/plans/${id}`, { token: tokens['coordinator-2'] });
  expect(res.status).toBe(200);
  return res.body;
}

test('requests from several departments → draw → merged → approved → published → inspections run → reported', async () => {
  const planId = await createPlan();
  const restaurant = await target('restaurant-1');
  const otherRestaurant = await target('restaurant-2');

  // Each department adds its own requests; all windows open on the first day, whose 08:00 has passed.
  const market = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['market-1'],
    body: {
      requests: [
        { targetId: restaurant, departmentCode: 'MARKET', itemCodes: ['MARKET-01', 'MARKET-02'], windowStart: firstDay, windowEnd: soon(10), reason: 'ANNUAL_PLAN' },
        { targetId: otherRestaurant, departmentCode: 'MARKET', itemCodes: ['MARKET-03'], windowStart: firstDay, windowEnd: soon(20), reason: 'ANNUAL_PLAN' },
      ],
    },
  });
  expect(market.status).toBe(200);
  const fire = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['fire-1'],
    body: { requests: [{ targetId: restaurant, departmentCode: 'FIRE', itemCodes: ['FIRE-01'], windowStart: firstDay, windowEnd: soon(5), reason: 'COMPLAINT' }] },
  });
  expect(fire.status).toBe(200);
  expect(fire.body.requestsAdded).toBe(3);

  // 清单之外无检查, windows inside the period, and departments only for themselves.
  const outside = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['fire-1'],
    body: { requests: [{ targetId: restaurant, departmentCode: 'FIRE', itemCodes: ['FIRE-09'], windowStart: firstDay, windowEnd: soon(5), reason: 'ANNUAL_PLAN' }] },
  });
  expect(outside.status).toBe(422);
  expect(outside.body.error.code).toBe('ITEM_NOT_IN_SCENARIO');
  const late = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['fire-1'],
    body: { requests: [{ targetId: restaurant, departmentCode: 'FIRE', itemCodes: ['FIRE-01'], windowStart: firstDay, windowEnd: addDays(periodEnd, 1), reason: 'ANNUAL_PLAN' }] },
  });
  expect(late.status).toBe(422);
  expect(late.body.error.code).toBe('WINDOW_OUTSIDE_PERIOD');
  const foreign = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['fire-1'],
    body: { requests: [{ targetId: restaurant, departmentCode: 'MARKET', itemCodes: ['MARKET-01'], windowStart: firstDay, windowEnd: soon(5), reason: 'ANNUAL_PLAN' }] },
  });
  expect(foreign.status).toBe(403);
  const both = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['coordinator-2'],
    body: { requests: [{ targetId: restaurant, scenarioCode: 'RESTAURANT', departmentCode: 'FIRE', itemCodes: ['FIRE-01'], windowStart: firstDay, windowEnd: soon(5), reason: 'ANNUAL_PLAN' }] },
  });
  expect(both.status).toBe(400);

  // 双随机 on the fuel/hazardous-chemicals directory, with a published seed.
  const draw = await http('POST', `/api/plans/${planId}/draw`, {
    token: tokens['coordinator-2'],
    body: { scenarioCode: 'FUEL_HAZCHEM', departmentCodes: ['SAFETY', 'FIRE'], ratios: { HIGH: 1, MEDIUM: 1, LOW: 1 }, seed: 'e2e-seed-1' },
  });
  expect(draw.status).toBe(200);
  expect(draw.body.status).toBe('DRAWN');
  const drawState = draw.body.draws[0];
  expect(drawState.seed).toBe('e2e-seed-1');
  expect(drawState.drawnTargets).toBeGreaterThan(0);

  // Approving before merging is refused by the workflow.
  const early = await http('POST', `/api/plans/${planId}/approve`, { token: tokens['coordinator-2'], body: {} });
  expect(early.status).toBe(409);

  const merged = await http('POST', `/api/plans/${planId}/merge`, { token: tokens['coordinator-2'], body: {} });
  expect(merged.status).toBe(200);
  const summary = merged.body.summary;
  expect(summary.unplaced).toBe(0);
  expect(summary.visits).toBe(summary.lowerBound);
  const detail = await planDetail(planId);
  const restaurantVisits = detail.visits.filter((v: { target: { id: string } }) => v.target.id === restaurant);
  expect(restaurantVisits).toHaveLength(1);
  expect(restaurantVisits[0].departments.map((d: { departmentCode: string }) => d.departmentCode)).toEqual(['FIRE', 'MARKET']);
  expect(restaurantVisits[0].reasons.sort()).toEqual(['ANNUAL_PLAN', 'COMPLAINT']);
  expect(detail.visits.every((v: { date: string }) => v.date === firstDay)).toBe(true);

  expect((await http('POST', `/api/plans/${planId}/approve`, { token: tokens['coordinator-2'], body: {} })).status).toBe(200);
  // The draw is not public before the plan is published.
  expect((await http('GET', `/api/public/draws/${drawState.drawId}`)).status).toBe(404);
  expect((await http('POST', `/api/plans/${planId}/publish`, { token: tokens['coordinator-2'], body: {} })).status).toBe(200);

  // The public record re-runs to the same result, without logging in.
  const record = await http('GET', `/api/public/draws/${drawState.drawId}`);
  expect(record.status).toBe(200);
  expect(record.body.seed).toBe('e2e-seed-1');
  expect(runDraw(record.body.inputs as DrawInput)).toEqual(record.body.result as DrawResult);

  // Published: the plan starts every visit's joint inspection (their date's 08:00 has passed).
  const executing = await eventually(async () => {
    const d = await planDetail(planId);
    expect(d.visits.every((v: { inspectionId: string | null }) => v.inspectionId)).toBe(true);
    return d;
  }, 30_000);
  const restaurantVisit = executing.visits.find((v: { target: { id: string } }) => v.target.id === restaurant);

  // Drive the restaurant's visit to CLOSED over HTTP; cancel the others.
  const inspection = await eventually(async () => {
    const res = await http('GET', `/api/inspections/${restaurantVisit.inspectionId}`, { token: tokens['coordinator-2'] });
    expect(res.status).toBe(200);
    return res.body;
  });
  expect(inspection.state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes])).toEqual([
    ['FIRE', ['FIRE-01']],
    ['MARKET', ['MARKET-01', 'MARKET-02']],
  ]);
  const team = inspection.state.team.map((m: { officerId: string }) => m.officerId);
  expect(team.length).toBeGreaterThanOrEqual(2);
  const checkIn = await http('POST', `/api/inspections/${restaurantVisit.inspectionId}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: team } });
  expect(checkIn.status).toBe(200);
  const assignments = await assignmentsFor(prisma, 'RESTAURANT', ['FIRE', 'MARKET']);
  for (const [department, officer] of [['FIRE', 'fire-1'], ['MARKET', 'market-1']] as const) {
    const assignment = assignments.find((a) => a.departmentCode === department)!;
    const own = { ...assignment, items: assignment.items.filter((i) => inspection.state.departments.find((d: { departmentCode: string }) => d.departmentCode === department).itemCodes.includes(i.code)) };
    const res = await http('PUT', `/api/inspections/${restaurantVisit.inspectionId}/checks/${department}`, {
      token: tokens[officer],
      body: { results: compliantResults(own) },
    });
    expect(res.status).toBe(200);
  }
  for (const v of executing.visits.filter((v: { target: { id: string } }) => v.target.id !== restaurant)) {
    await eventually(async () => expect(await prisma.jointInspection.count({ where: { id: v.inspectionId } })).toBe(1));
    const res = await http('POST', `/api/inspections/${v.inspectionId}/cancel`, { token: tokens['coordinator-2'], body: { reason: '测试：改期' } });
    expect(res.status).toBe(200);
  }

  const reported = await eventually(async () => {
    const d = await planDetail(planId);
    expect(d.plan.status).toBe('REPORTED');
    return d;
  }, 30_000);
  await saveHistoryFixture({ workflowId: planWorkflowId(planId) }, 'plan-drawn-merged-executed-reported');
  expect(reported.plan.report).toMatchObject({
    plannedVisits: executing.visits.length,
    startedVisits: executing.visits.length,
    closedVisits: 1,
    cancelledVisits: executing.visits.length - 1,
  });

  // The ledger of the restaurant: one visit, two department checks, with their reasons.
  const ledger = await http('GET', `/api/targets/${restaurant}/ledger?year=${year}`, { token: tokens['leader-1'] });
  expect(ledger.status).toBe(200);
  const entry = ledger.body.entries.find((e: { inspectionId: string }) => e.inspectionId === restaurantVisit.inspectionId);
  expect(entry.checks.map((c: { departmentCode: string; reasons: string[] }) => [c.departmentCode, c.reasons])).toEqual(
    expect.arrayContaining([
      ['FIRE', ['COMPLAINT']],
      ['MARKET', ['ANNUAL_PLAN']],
    ]),
  );

  const stats = await http('GET', `/api/stats/planning?year=${year}`, { token: tokens['leader-1'] });
  expect(stats.status).toBe(200);
  expect(stats.body.plannedVisits).toBeGreaterThanOrEqual(executing.visits.length);
  expect(stats.body.visitsSaved).toBe(stats.body.plannedDepartmentChecks - stats.body.plannedVisits);
  expect(stats.body.completedVisits).toBeGreaterThanOrEqual(1);
});

test('caps: random sampling beyond the yearly cap is not placed and says why; a complaint exceeds it as a recorded exception', async () => {
  const planId = await createPlan({ caps: { ...DEFAULT_FREQUENCY_CAPS, visitsPerTarget: 0 } });
  const shop = await target('school-shop-1');
  const added = await http('POST', `/api/plans/${planId}/requests`, {
    token: tokens['coordinator-2'],
    body: {
      requests: [
        { targetId: shop, departmentCode: 'MARKET', itemCodes: ['MARKET-01'], windowStart: firstDay, windowEnd: soon(5), reason: 'RANDOM_SAMPLING' },
        { targetId: shop, departmentCode: 'MARKET', itemCodes: ['MARKET-02'], windowStart: soon(10), windowEnd: soon(12), reason: 'COMPLAINT' },
      ],
    },
  });
  expect(added.status).toBe(200);
  const merged = await http('POST', `/api/plans/${planId}/merge`, { token: tokens['coordinator-2'], body: {} });
  expect(merged.status).toBe(200);
  const detail = await planDetail(planId);
  expect(detail.unplaced).toEqual([expect.objectContaining({ code: 'CAP_VISITS_PER_TARGET', reason: 'RANDOM_SAMPLING' })]);
  expect(detail.unplaced[0].message).toContain('上限');
  expect(detail.visits).toHaveLength(1);
  expect(detail.visits[0].capExceptions).toEqual([expect.objectContaining({ cap: 'VISITS_PER_TARGET', reason: 'COMPLAINT' })]);
});

test('the monthly planning Schedule opens next month\'s plan', async () => {
  const { client, close } = await createTestClient();
  const scheduleId = `test-monthly-${Date.now()}`;
  try {
    const input = { caps: DEFAULT_FREQUENCY_CAPS, capacity: DEFAULT_TEAM_CAPACITY, policy: DEFAULT_INSPECTION_POLICY };
    expect(await ensureMonthlyPlanningSchedule(client, { taskQueue: worker.taskQueue, input, scheduleId })).toEqual({ scheduleId, created: true });
    expect((await ensureMonthlyPlanningSchedule(client, { taskQueue: worker.taskQueue, input, scheduleId })).created).toBe(false);
    const described = await client.schedule.getHandle(scheduleId).describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 20, end: 20, step: 1 }] });
    const before = await prisma.plan.count();
    const triggeredAt = new Date();
    await client.schedule.getHandle(scheduleId).trigger();
    // The workflow takes "next month" from its own clock: a trigger at midnight may see either day.
    const periods = [nextMonthPeriod(chinaDate(triggeredAt.toISOString())), nextMonthPeriod(chinaDate(new Date().toISOString()))];
    await eventually(async () => {
      const plans = await prisma.plan.findMany({ where: { periodStart: { in: periods.map((p) => new Date(`${p.periodStart}T00:00:00Z`)) } } });
      expect(plans.length).toBeGreaterThan(0);
      const period = periods.find((p) => p.periodStart === plans[0].periodStart.toISOString().slice(0, 10))!;
      expect(plans[0].name).toBe(`${period.label}场景清单计划`);
      expect(plans[0].status).toBe('DRAFT');
    }, 30_000);
    expect(await prisma.plan.count()).toBe(before + 1);
  } finally {
    await client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
    await close();
  }
});
