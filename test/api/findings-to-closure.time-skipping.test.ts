/**
 * From a finding to closure, end to end over real HTTP: the API and a worker with the real
 * activities run against Temporal's Java time-skipping server (the rectification deadline is
 * days long; time is skipped, never waited for) and a real SQLite database.
 *
 * A visit finds a violation → the coordinator orders rectification in working days → the
 * visit waits in FOLLOW_UP → the deadline passes → the re-check joins a visit of the same
 * business already scheduled two working days later (进一次门) → that visit checks the item
 * and finds it corrected → the order ends PASSED → the first visit closes → the business
 * rates it once through its link → the stats count the rating and the rectification.
 */
import { BUILT_IN_CALENDAR_DATA, createWorkingDayCalendar } from '../../domain/calendar';
import { assignmentsFor, compliantResults, inspectionWithMarketFinding, officerByKey } from '../support/factories';
import { DAY, eventually, useTestStack } from '../support/harness';
import { chinaDate, startOfChinaDate } from '../../domain/dates';

const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
// Monday 28 September 2026, 09:00 in China: the 3 working days of the order run across National Day.
const START_AT = '2026-09-28T09:00:00+08:00';

const stack = useTestStack({ name: 'closure-ts', officers: ['coordinator-2', 'market-1', 'fire-1', 'leader-1'], startAt: START_AT });
const { env, http, tokens } = stack;

test('visit → finding → rectification → re-check merged into a planned visit passes → closed → rating counted', async () => {
  const { prisma } = stack.db;
  const { ok, inspection, waitForStatus } = stack.steps;
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const [market1, market2, fire1, fire2] = await Promise.all(['market-1', 'market-2', 'fire-1', 'fire-2'].map((k) => officerByKey(prisma, k)));
  const today = chinaDate(new Date(await env.currentTimeMs()).toISOString());
  const before = await ok('GET', `/api/stats?year=${today.slice(0, 4)}`, tokens['leader-1']);

  // The visit: MARKET finds a violation and proposes rectification; FIRE finds nothing.
  const { inspectionId: visitId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const followUp = await waitForStatus(visitId, 'FOLLOW_UP');
  const finding = followUp.inspection.findings[0];
  expect(finding).toMatchObject({ itemCode: marketItems.items[0].code, proposedAction: 'RECTIFY', outcome: null });
  // Not closed, so no rating link yet.
  expect((await http('POST', `/api/inspections/${visitId}/rating-link`, { token: tokens['coordinator-2'], body: {} })).status).toBe(409);

  // 责令改正 within 3 working days (holidays and 调休 counted by the calendar).
  const ordered = await ok('POST', `/api/findings/${finding.id}/rectification`, tokens['coordinator-2'], {
    requirement: '食品应分类、分架存放，离墙离地',
    workingDays: 3,
  }, 202);
  expect(today).toBe('2026-09-28');
  // 9-29, 9-30, then 10-1…10-7 are the holiday.
  expect(ordered.deadline).toBe('2026-10-08');
  expect(ordered.deadline).toBe(calendar.addWorkingDays(today, 3));

  // A FIRE visit of the same business is already planned two working days after the deadline.
  const plannedOn = calendar.addWorkingDays(ordered.deadline, 2);
  const planned = await ok('POST', '/api/inspections', tokens['coordinator-2'], {
    targetId: target.id,
    scenarioCode: 'RESTAURANT',
    scheduledFor: plannedOn,
    departments: [{ code: 'FIRE' }],
    team: [{ officerId: fire1.id, isLead: true }, { officerId: fire2.id }],
  }, 202);
  const plannedId: string = planned.id;
  await waitForStatus(plannedId, 'SCHEDULED');

  // The deadline passes at 00:00 China time the day after it.
  const wait = startOfChinaDate(ordered.deadline) + DAY + 60_000 - (await env.currentTimeMs());
  await stack.sleep(wait);
  const scheduled = await eventually(async () => {
    const order = await ok('GET', `/api/rectifications/${finding.id}`, tokens['market-1']);
    expect(order.status).toBe('RECHECK_SCHEDULED');
    return order;
  });
  // Merged: the re-check is an item of the planned visit, with MARKET officers to check it.
  expect(scheduled.recheckInspectionId).toBe(plannedId);
  const merged = await inspection(plannedId);
  expect(merged.state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes.length])).toEqual([
    ['FIRE', fireItems.items.length],
    ['MARKET', 1],
  ]);
  expect(merged.state.recheckOf).toEqual([expect.objectContaining({ findingId: finding.id, itemCode: finding.itemCode })]);
  expect(merged.state.team.map((m: { officerId: string }) => m.officerId).sort()).toEqual([fire1.id, fire2.id, market1.id, market2.id].sort());
  const assigned = await prisma.assignedItem.findFirstOrThrow({ where: { departmentCheck: { inspectionId: plannedId }, recheckOfFindingId: finding.id } });
  expect(assigned).toBeTruthy();
  expect(await prisma.jointInspection.count({ where: { targetId: target.id } })).toBe(2); // no visit of its own

  // On the planned day the one team checks both departments; the item is found corrected.
  await ok('POST', `/api/inspections/${plannedId}/check-in`, tokens['coordinator-2'], { officerIds: [fire1.id, market1.id] });
  const recheckItems = { ...marketItems, items: marketItems.items.filter((i) => i.code === finding.itemCode) };
  await ok('PUT', `/api/inspections/${plannedId}/checks/MARKET`, tokens['market-1'], { results: compliantResults(recheckItems) });
  await ok('PUT', `/api/inspections/${plannedId}/checks/FIRE`, tokens['fire-1'], { results: compliantResults(fireItems) });
  await waitForStatus(plannedId, 'CLOSED');

  // The visit reported the result to the order; the order ended; the first visit closed.
  const passed = await eventually(async () => {
    const order = await ok('GET', `/api/rectifications/${finding.id}`, tokens['market-1']);
    expect(order.status).toBe('PASSED');
    return order;
  });
  expect(passed.recheck).toMatchObject({ result: 'PASSED', inspectionId: plannedId, recordedBy: { officerId: market1.id } });
  const closed = await waitForStatus(visitId, 'CLOSED');
  expect(closed.inspection.findings[0]).toMatchObject({ outcome: 'RECTIFIED', resolutionRef: `rectification-${finding.id}` });
  expect(closed.history.map((h: { action: string }) => h.action).slice(-3)).toEqual(['INSPECTION_FOLLOW_UP', 'FINDING_RECTIFIED', 'INSPECTION_CLOSED']);

  // The business rates the visit once, anonymously.
  const link = await ok('POST', `/api/inspections/${visitId}/rating-link`, tokens['coordinator-2'], {}, 201);
  const token = (link.url as string).split('/').pop()!;
  await ok('POST', `/api/public/ratings/${token}`, '', { score: 5, comment: '一次检查就把问题讲清楚了，复查也没有多跑一趟' }, 201);
  expect((await http('POST', `/api/public/ratings/${token}`, { body: { score: 4 } })).status).toBe(409);

  const after = await ok('GET', `/api/stats?year=${today.slice(0, 4)}`, tokens['leader-1']);
  expect(after.satisfaction.ratings - before.satisfaction.ratings).toBe(1);
  expect(after.rectification.passed - before.rectification.passed).toBe(1);
  expect(after.findings.byEndState.RECTIFIED - before.findings.byEndState.RECTIFIED).toBe(1);
  expect(after.inspections.completed - before.inspections.completed).toBe(2);
});
