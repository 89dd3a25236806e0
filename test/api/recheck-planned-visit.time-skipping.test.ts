/**
 * A due re-check joins a visit of the business that a published scenario-list plan has
 * planned but not started yet, over real HTTP on the time-skipping server: the item is written
 * onto the planned visit, the plan starts that visit on its date with the item in it, the team
 * checks it and the order ends — one visit to the business instead of two (进一次门).
 */
import { BUILT_IN_CALENDAR_DATA, createWorkingDayCalendar } from '../../domain/calendar';
import { visitStartInstant } from '../../domain/plan';
import { assignmentsFor, compliantResults, inspectionWithMarketFinding } from '../support/factories';
import { DAY, eventually, useTestStack } from '../support/harness';
import { chinaDate, startOfChinaDate } from '../../domain/dates';

const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
// Tuesday 1 December 2026, 09:00 in China: the order, the planned visit and the re-check all fall in December.
const START_AT = '2026-12-01T09:00:00+08:00';
const OFFICERS = ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'fire-2'];

const stack = useTestStack({ name: 'planned-recheck-ts', officers: OFFICERS, startAt: START_AT });
const { env, http, tokens } = stack;

test('a due re-check is added to a planned visit of the business, which the plan starts with the item', async () => {
  const { prisma } = stack.db;
  const { ok, inspection, waitForStatus } = stack.steps;
  const officers = await prisma.officer.findMany({ where: { key: { in: OFFICERS } } });
  const tokenOf = (officerId: string) => tokens[officers.find((o) => o.id === officerId)!.key!];
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const today = chinaDate(new Date(await env.currentTimeMs()).toISOString());

  // The visit with a MARKET finding, and its order (3 working days).
  const { inspectionId: visitId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const finding = (await waitForStatus(visitId, 'FOLLOW_UP')).inspection.findings[0];
  const order = await ok('POST', `/api/findings/${finding.id}/rectification`, tokens['market-1'], { requirement: '食品应分类存放', workingDays: 3 }, 202);
  expect(order.deadline).toBe('2026-12-04');
  const plannedOn = calendar.addWorkingDays(order.deadline, 2);
  expect(plannedOn).toBe('2026-12-08');

  // The fire department's annual check of the business, planned for two working days after the deadline.
  const plan = await ok('POST', '/api/plans', tokens['coordinator-2'], { name: '十二月场景清单计划', periodStart: today, periodEnd: '2026-12-31' }, 202);
  await eventually(async () => expect(await prisma.plan.count({ where: { id: plan.id } })).toBe(1));
  await ok('POST', `/api/plans/${plan.id}/requests`, tokens['fire-1'], {
    requests: [{ targetId: target.id, departmentCode: 'FIRE', itemCodes: ['FIRE-01'], windowStart: plannedOn, windowEnd: plannedOn, reason: 'ANNUAL_PLAN' }],
  });
  await ok('POST', `/api/plans/${plan.id}/merge`, tokens['coordinator-2'], {});
  await ok('POST', `/api/plans/${plan.id}/approve`, tokens['coordinator-2'], {});
  await ok('POST', `/api/plans/${plan.id}/publish`, tokens['coordinator-2'], {});
  const plannedVisit = await eventually(async () => {
    const row = await prisma.plannedVisit.findFirstOrThrow({ where: { planId: plan.id }, include: { plan: true } });
    expect(row.plan.status).toBe('EXECUTING');
    return row;
  });
  expect(plannedVisit.date.toISOString().slice(0, 10)).toBe(plannedOn);

  // The deadline passes: the re-check goes onto the planned visit; no visit of its own.
  await stack.sleep(startOfChinaDate(order.deadline) + DAY + 60_000 - (await env.currentTimeMs()));
  const scheduled = await eventually(async () => {
    const o = await ok('GET', `/api/rectifications/${finding.id}`, tokens['market-1']);
    expect(o.status).toBe('RECHECK_SCHEDULED');
    return o;
  });
  expect(scheduled).toMatchObject({ recheckPlannedVisitId: plannedVisit.id, recheckInspectionId: null });
  const merged = await prisma.plannedVisit.findUniqueOrThrow({ where: { id: plannedVisit.id } });
  expect(JSON.parse(merged.departmentsJson)).toEqual(
    expect.arrayContaining([expect.objectContaining({ departmentCode: 'MARKET', itemCodes: [finding.itemCode] })]),
  );
  expect(JSON.parse(merged.recheckOfJson)).toEqual([expect.objectContaining({ findingId: finding.id, itemCode: finding.itemCode })]);
  expect(await prisma.jointInspection.count({ where: { targetId: target.id } })).toBe(1);

  // On its date the plan starts the visit with both departments and the re-check in it.
  await stack.sleep(Date.parse(visitStartInstant(plannedOn)) + 60_000 - (await env.currentTimeMs()));
  const started = await eventually(async () => {
    const row = await prisma.plannedVisit.findUniqueOrThrow({ where: { id: plannedVisit.id } });
    expect(row.inspectionId).not.toBeNull();
    return row.inspectionId!;
  });
  const recheckVisit = await eventually(async () => {
    const detail = await inspection(started);
    expect(detail.state.persisted).toBe(true);
    return detail;
  });
  expect(recheckVisit.state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes]).sort()).toEqual(
    [
      ['FIRE', ['FIRE-01']],
      ['MARKET', [finding.itemCode]],
    ].sort(),
  );
  expect(recheckVisit.state.recheckOf).toEqual([expect.objectContaining({ findingId: finding.id })]);

  // The team checks both; the item is corrected; the order and the first visit end.
  const team: { officerId: string; departmentCode: string }[] = recheckVisit.state.team;
  await ok('POST', `/api/inspections/${started}/check-in`, tokens['coordinator-2'], { officerIds: team.map((m) => m.officerId) });
  const member = (code: string) => team.find((m) => m.departmentCode === code)!.officerId;
  const only = (a: typeof marketItems, code: string) => ({ ...a, items: a.items.filter((i) => i.code === code) });
  await ok('PUT', `/api/inspections/${started}/checks/MARKET`, tokenOf(member('MARKET')), { results: compliantResults(only(marketItems, finding.itemCode)) });
  await ok('PUT', `/api/inspections/${started}/checks/FIRE`, tokenOf(member('FIRE')), { results: compliantResults(only(fireItems, 'FIRE-01')) });
  await waitForStatus(started, 'CLOSED');
  const passed = await eventually(async () => {
    const o = await ok('GET', `/api/rectifications/${finding.id}`, tokens['market-1']);
    expect(o.status).toBe('PASSED');
    return o;
  });
  expect(passed.recheck).toMatchObject({ result: 'PASSED', inspectionId: started });
  const closed = await waitForStatus(visitId, 'CLOSED');
  expect(closed.inspection.findings[0].outcome).toBe('RECTIFIED');
});
