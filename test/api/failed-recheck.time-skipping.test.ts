/**
 * Two findings of one visit ordered on the same day, over real HTTP on the time-skipping
 * server: their re-checks share one visit of the business (the orders fall due together, so
 * the re-check visit's id is the same for both); one item is corrected, the other is not. The
 * failed one escalates and its second order starts on the re-check visit's own finding; the
 * first visit closes because both of its findings have ended (rectified, escalated), while the
 * re-check visit stays open in follow-up for the second order.
 */
import { BUILT_IN_CALENDAR_DATA, createWorkingDayCalendar } from '../../domain/calendar';
import { assignmentsFor, compliantResults, officerByKey, resultsWithViolation } from '../support/factories';
import { DAY, eventually, useTestStack } from '../support/harness';
import { chinaDate, startOfChinaDate } from '../../domain/dates';

const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
// Monday 1 June 2026, 09:00 in China: both orders and their re-checks stay inside 2026.
const START_AT = '2026-06-01T09:00:00+08:00';

const stack = useTestStack({ name: 'failed-recheck-ts', officers: ['coordinator-2', 'market-1', 'fire-1'], startAt: START_AT });
const { env, http, tokens } = stack;

test('orders due together share one re-check visit; a failed re-check starts the second order and the first visit closes', async () => {
  const { prisma } = stack.db;
  const { ok, inspection, waitForStatus } = stack.steps;
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } });
  const [market1, fire1] = await Promise.all(['market-1', 'fire-1'].map((k) => officerByKey(prisma, k)));
  const today = chinaDate(new Date(await env.currentTimeMs()).toISOString());

  const visit = await ok('POST', '/api/inspections', tokens['coordinator-2'], {
    targetId: target.id,
    scenarioCode: 'RESTAURANT',
    scheduledFor: today,
    departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
    team: [{ officerId: market1.id, isLead: true }, { officerId: fire1.id }],
  }, 202);
  const visitId: string = visit.id;
  await waitForStatus(visitId, 'SCHEDULED');
  await ok('POST', `/api/inspections/${visitId}/check-in`, tokens['coordinator-2'], { officerIds: [market1.id, fire1.id] });
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  await ok('PUT', `/api/inspections/${visitId}/checks/MARKET`, tokens['market-1'], { results: resultsWithViolation(marketItems, 'RECTIFY') });
  await ok('PUT', `/api/inspections/${visitId}/checks/FIRE`, tokens['fire-1'], { results: resultsWithViolation(fireItems, 'RECTIFY') });
  const followUp = await waitForStatus(visitId, 'FOLLOW_UP');
  const byDepartment = (findings: { departmentCode: string; id: string; itemCode: string }[], code: string) => findings.find((f) => f.departmentCode === code)!;
  const marketFinding = byDepartment(followUp.inspection.findings, 'MARKET');
  const fireFinding = byDepartment(followUp.inspection.findings, 'FIRE');

  const requirement = '限期整改';
  const marketOrder = await ok('POST', `/api/findings/${marketFinding.id}/rectification`, tokens['market-1'], { requirement: '食品应分类存放', workingDays: 3 }, 202);
  const fireOrder = await ok('POST', `/api/findings/${fireFinding.id}/rectification`, tokens['fire-1'], { requirement, workingDays: 3 }, 202);
  expect(fireOrder.deadline).toBe(marketOrder.deadline);
  // A finding under an order ends with its re-check, not as 首违不罚.
  const noPenalty = await http('POST', `/api/findings/${marketFinding.id}/disposition`, { token: tokens['market-1'], body: { outcome: 'NO_PENALTY', correction: '已改正' } });
  expect(noPenalty.status).toBe(409);
  expect(noPenalty.body.error.code).toBe('FINDING_ALREADY_DISPOSED');

  await stack.sleep(startOfChinaDate(marketOrder.deadline) + DAY + 60_000 - (await env.currentTimeMs()));
  const [marketDue, fireDue] = await Promise.all(
    [marketFinding.id, fireFinding.id].map((id) =>
      eventually(async () => {
        const order = await ok('GET', `/api/rectifications/${id}`, tokens['coordinator-2']);
        expect(order.status).toBe('RECHECK_SCHEDULED');
        return order;
      }),
    ),
  );
  // One re-check visit for both, on the first working day after the deadline, one item each.
  expect(fireDue.recheckInspectionId).toBe(marketDue.recheckInspectionId);
  const recheckId: string = marketDue.recheckInspectionId;
  const recheck = await eventually(async () => {
    const detail = await inspection(recheckId);
    expect(detail.state.departments).toHaveLength(2);
    return detail;
  });
  expect(recheck.state.scheduledFor).toBe(calendar.addWorkingDays(marketOrder.deadline, 1));
  expect(recheck.state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes]).sort()).toEqual(
    [
      ['FIRE', [fireFinding.itemCode]],
      ['MARKET', [marketFinding.itemCode]],
    ].sort(),
  );
  expect(await prisma.jointInspection.count({ where: { targetId: target.id } })).toBe(2);

  // The fire exit is clear now; the food is still not stored properly.
  await ok('POST', `/api/inspections/${recheckId}/check-in`, tokens['coordinator-2'], { officerIds: [market1.id, fire1.id] });
  const only = (a: typeof marketItems, code: string) => ({ ...a, items: a.items.filter((i) => i.code === code) });
  await ok('PUT', `/api/inspections/${recheckId}/checks/MARKET`, tokens['market-1'], { results: resultsWithViolation(only(marketItems, marketFinding.itemCode), 'RECTIFY') });
  await ok('PUT', `/api/inspections/${recheckId}/checks/FIRE`, tokens['fire-1'], { results: compliantResults(only(fireItems, fireFinding.itemCode)) });
  const recheckFollowUp = await waitForStatus(recheckId, 'FOLLOW_UP');
  const repeated = recheckFollowUp.inspection.findings[0];
  expect(recheckFollowUp.inspection.findings).toHaveLength(1);
  expect(repeated.itemCode).toBe(marketFinding.itemCode);

  const escalated = await eventually(async () => {
    const order = await ok('GET', `/api/rectifications/${marketFinding.id}`, tokens['coordinator-2']);
    expect(order.status).toBe('ESCALATED');
    expect(order.followUpOrderFindingId).toBe(repeated.id);
    return order;
  });
  expect(escalated.escalation.kind).toBe('SECOND_ORDER');
  expect(escalated.recheck).toMatchObject({ result: 'FAILED', inspectionId: recheckId });
  expect((await ok('GET', `/api/rectifications/${fireFinding.id}`, tokens['coordinator-2'])).status).toBe('PASSED');

  // The second order runs on the re-check visit's finding; that visit waits for it.
  const second = await eventually(() => ok('GET', `/api/rectifications/${repeated.id}`, tokens['coordinator-2']));
  expect(second).toMatchObject({ status: 'ORDERED', requirement: '再次责令改正：食品应分类存放' });
  expect(await prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId: repeated.id } })).toMatchObject({ inspectionId: recheckId, status: 'ORDERED' });

  // Both findings of the first visit have ended, so it is closed.
  const closed = await waitForStatus(visitId, 'CLOSED');
  const outcomes = Object.fromEntries(closed.inspection.findings.map((f: { departmentCode: string; outcome: string }) => [f.departmentCode, f.outcome]));
  expect(outcomes).toEqual({ MARKET: 'ESCALATED', FIRE: 'RECTIFIED' });
  expect((await inspection(recheckId)).inspection.status).toBe('FOLLOW_UP');
  const tasks = await ok('GET', '/api/departments/MARKET/tasks', tokens['market-1']);
  expect(tasks.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ inspectionId: recheckId, task: 'HANDLE_FINDINGS' })]));

  // The second order fails too: now the matter must go to a case — no third order.
  await stack.sleep(startOfChinaDate(second.deadline) + DAY + 60_000 - (await env.currentTimeMs()));
  const secondDue = await eventually(async () => {
    const order = await ok('GET', `/api/rectifications/${repeated.id}`, tokens['coordinator-2']);
    expect(order.status).toBe('RECHECK_SCHEDULED');
    return order;
  });
  const thirdVisitId: string = secondDue.recheckInspectionId;
  expect(thirdVisitId).not.toBe(recheckId);
  await waitForStatus(thirdVisitId, 'SCHEDULED');
  await ok('POST', `/api/inspections/${thirdVisitId}/check-in`, tokens['coordinator-2'], { officerIds: [market1.id, (await officerByKey(prisma, 'market-2')).id] });
  await ok('PUT', `/api/inspections/${thirdVisitId}/checks/MARKET`, tokens['market-1'], { results: resultsWithViolation(only(marketItems, marketFinding.itemCode), 'RECTIFY') });
  const third = (await waitForStatus(thirdVisitId, 'FOLLOW_UP')).inspection.findings[0];
  const toCase = await eventually(async () => {
    const order = await ok('GET', `/api/rectifications/${repeated.id}`, tokens['coordinator-2']);
    expect(order.status).toBe('ESCALATED');
    return order;
  });
  expect(toCase.escalation.kind).toBe('CASE');
  expect(toCase.followUpOrderFindingId ?? null).toBeNull();
  // The re-check visit's finding has ended (escalated), so that visit closes; the third waits.
  await waitForStatus(recheckId, 'CLOSED');
  const thirdOrder = await http('POST', `/api/findings/${third.id}/rectification`, { token: tokens['market-1'], body: { requirement: '再改一次', workingDays: 3 } });
  expect(thirdOrder.status).toBe(409);
  expect(thirdOrder.body.error.code).toBe('FINDING_ALREADY_DISPOSED');
  expect(thirdOrder.body.error.message).toContain('立案');
  // Not a first offence any more, so not 首违不罚 either; only a case can end it.
  const notFirst = await http('POST', `/api/findings/${third.id}/disposition`, { token: tokens['market-1'], body: { outcome: 'NO_PENALTY', correction: '已改正' } });
  expect(notFirst.status).toBe(422);
  expect(await prisma.rectificationOrder.count({ where: { findingId: third.id } })).toBe(0);
});
