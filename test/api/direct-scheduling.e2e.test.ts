/**
 * Direct scheduling under the planner's rules, over real HTTP with the real worker on a pinned
 * day (#12): a second visit of a business inside the join window is refused naming the first;
 * joining it (拼团) adds the department to that visit; a COMPLAINT exception makes the second visit
 * and the ledger shows it; a department's yearly cap (HEALTH 2) refuses a third check with the numbers.
 */
import { addDays } from '../../domain/dates';
import { officerByKey } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';

const today = '2026-07-06';
const year = Number(today.slice(0, 4));

const { prisma, http, tokens } = useTestStack({
  officers: ['coordinator-2', 'leader-1', 'market-1'],
  startAt: `${today}T09:00:00+08:00`,
});

const targetId = async (key: string) => (await prisma.target.findUniqueOrThrow({ where: { key } })).id;
const officerIds = async (...keys: string[]) => Promise.all(keys.map(async (k) => (await officerByKey(prisma, k)).id));

async function visitBody(options: { targetKey: string; scenarioCode: string; date: string; departments: string[]; team: string[]; exception?: unknown }) {
  const team = await officerIds(...options.team);
  return {
    targetId: await targetId(options.targetKey),
    scenarioCode: options.scenarioCode,
    scheduledFor: options.date,
    departments: options.departments.map((code) => ({ code })),
    team: team.map((officerId, index) => (index === 0 ? { officerId, isLead: true } : { officerId })),
    ...(options.exception ? { exception: options.exception } : {}),
  };
}

async function schedule(body: unknown) {
  return http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
}

async function scheduledVisit(body: unknown): Promise<string> {
  const res = await schedule(body);
  expect(res.status).toBe(202);
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id: res.body.id } })).toBe(1));
  return res.body.id as string;
}

async function ledgerOf(key: string) {
  const res = await http('GET', `/api/targets/${await targetId(key)}/ledger?year=${year}`, { token: tokens['leader-1'] });
  expect(res.status).toBe(200);
  return res.body;
}

const restaurantMarket = (date: string, extra: Record<string, unknown> = {}) =>
  visitBody({ targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', date, departments: ['MARKET'], team: ['market-1', 'market-2'], ...extra });
const restaurantFire = (date: string, extra: Record<string, unknown> = {}) =>
  visitBody({ targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', date, departments: ['FIRE'], team: ['fire-1', 'fire-2'], ...extra });

test('a second visit inside the window is refused naming the first; joining it makes one visit with both departments', async () => {
  const first = await scheduledVisit(await restaurantMarket(addDays(today, 2)));

  // FIRE wants the same restaurant 7 days later: inside the 10-day window of the MARKET visit.
  const second = await schedule(await restaurantFire(addDays(today, 9)));
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('VISIT_EXISTS_IN_WINDOW');
  expect(second.body.error.message).toContain(first);
  expect(second.body.error.message).toContain('加入');
  expect(second.body.error.details).toEqual({
    windowDays: 10,
    existingVisits: [{ id: first, scheduledFor: addDays(today, 2), departments: ['MARKET'], join: `/api/inspections/${first}/join` }],
  });
  // Nothing was made.
  expect(await prisma.jointInspection.count({ where: { target: { key: 'restaurant-1' } } })).toBe(1);

  // Outside the window (11 days after) is another matter: not refused for the window.
  // (Not made here: the join below is what the coordinator does instead.)

  const joined = await http('POST', `/api/inspections/${first}/join`, {
    token: tokens['coordinator-2'],
    body: { departments: [{ code: 'FIRE', itemCodes: ['FIRE-01'] }], team: [{ officerId: (await officerIds('fire-1'))[0] }] },
  });
  expect(joined.status).toBe(200);
  expect(joined.body.departments.map((d: { departmentCode: string }) => d.departmentCode).sort()).toEqual(['FIRE', 'MARKET']);

  // The ledger: one visit, MARKET and FIRE checked in it.
  await eventually(async () => {
    const ledger = await ledgerOf('restaurant-1');
    expect(ledger.visits).toBe(1);
    expect(ledger.checksByDepartment).toEqual({ MARKET: 1, FIRE: 1 });
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({ inspectionId: first, exception: null });
  });
  const detail = await http('GET', `/api/inspections/${first}`, { token: tokens['coordinator-2'] });
  expect(detail.body.inspection.team.map((m: { officerId: string }) => m.officerId).sort()).toEqual((await officerIds('market-1', 'market-2', 'fire-1')).sort());
  expect(detail.body.history.map((h: { action: string }) => h.action)).toContain('INSPECTION_ITEMS_ADDED');
});

test('with a COMPLAINT exception the second visit inside the window is made, and the ledger shows the exception', async () => {
  const body = (date: string, extra: Record<string, unknown> = {}) =>
    visitBody({ targetKey: 'restaurant-2', scenarioCode: 'RESTAURANT', date, departments: ['MARKET'], team: ['market-1', 'market-2'], ...extra });
  const first = await scheduledVisit(await body(addDays(today, 3)));

  // An exception outside the typed list is bad input, not a way round the rule.
  const untyped = await schedule(await body(addDays(today, 4), { exception: { reason: 'RANDOM_SAMPLING', note: '抽查' } }));
  expect(untyped.status).toBe(400);
  const noNote = await schedule(await body(addDays(today, 4), { exception: { reason: 'COMPLAINT', note: '  ' } }));
  expect(noNote.status).toBe(400);

  const second = await scheduledVisit(await body(addDays(today, 4), { exception: { reason: 'COMPLAINT', note: '12345 热线投诉：后厨卫生（工单 2026-0706-001）' } }));
  expect(second).not.toBe(first);

  await eventually(async () => {
    const ledger = await ledgerOf('restaurant-2');
    expect(ledger.visits).toBe(2);
    const entry = ledger.entries.find((e: { inspectionId: string }) => e.inspectionId === second);
    expect(entry.exception).toEqual({
      reason: 'COMPLAINT',
      reasonLabel: '投诉举报',
      note: '12345 热线投诉：后厨卫生（工单 2026-0706-001）',
      capsLifted: [],
      besideInspectionIds: [first],
    });
    expect(entry.checks[0]).toMatchObject({ departmentCode: 'MARKET', reasons: ['COMPLAINT'], reasonLabels: ['投诉举报'] });
    const plain = ledger.entries.find((e: { inspectionId: string }) => e.inspectionId === first);
    expect(plain.exception).toBeNull();
    expect(plain.checks[0].reasons).toEqual(['AD_HOC']);
  });
  // The scheduling record carries it too.
  const detail = await http('GET', `/api/inspections/${second}`, { token: tokens['coordinator-2'] });
  expect(detail.body.history[0]).toMatchObject({ action: 'INSPECTION_SCHEDULED', payload: { exception: { reason: 'COMPLAINT' } } });
});

test('a department at its yearly cap (HEALTH 2) is refused with the numbers; an exception lifts it and is recorded', async () => {
  const health = (date: string, extra: Record<string, unknown> = {}) =>
    visitBody({ targetKey: 'guesthouse-1', scenarioCode: 'GUESTHOUSE', date, departments: ['HEALTH'], team: ['health-1', 'health-2'], ...extra });
  // Two HEALTH visits this year, far enough apart not to be joined.
  await scheduledVisit(await health(addDays(today, 1)));
  await scheduledVisit(await health(addDays(today, 40)));

  const third = await schedule(await health(addDays(today, 80)));
  expect(third.status).toBe(422);
  expect(third.body.error.code).toBe('FREQUENCY_CAP_REACHED');
  expect(third.body.error.message).toContain('部门 HEALTH 本年度已对该市场主体检查2次，达到上限2次');
  expect(third.body.error.details.caps).toEqual([{ cap: 'DEPARTMENT', departmentCode: 'HEALTH', limit: 2, used: 2 }]);
  expect(third.body.error.issues).toEqual([expect.objectContaining({ code: 'CAP_DEPARTMENT', path: 'body.departments[0].code' })]);
  expect(await prisma.jointInspection.count({ where: { target: { key: 'guesthouse-1' } } })).toBe(2);

  // Joining a HEALTH check onto another visit of the business counts against the same cap.
  const fire = await scheduledVisit(
    await visitBody({ targetKey: 'guesthouse-1', scenarioCode: 'GUESTHOUSE', date: addDays(today, 120), departments: ['FIRE'], team: ['fire-1', 'fire-2'] }),
  );
  const join = await http('POST', `/api/inspections/${fire}/join`, {
    token: tokens['coordinator-2'],
    body: { departments: [{ code: 'HEALTH' }], team: [{ officerId: (await officerIds('health-1'))[0] }] },
  });
  expect(join.status).toBe(422);
  expect(join.body.error.code).toBe('FREQUENCY_CAP_REACHED');

  const excepted = await scheduledVisit(await health(addDays(today, 80), { exception: { reason: 'ASSIGNED_CASE', note: '县卫健委交办' } }));
  await eventually(async () => {
    const ledger = await ledgerOf('guesthouse-1');
    expect(ledger.checksByDepartment.HEALTH).toBe(3);
    expect(ledger.entries.find((e: { inspectionId: string }) => e.inspectionId === excepted).exception).toMatchObject({
      reason: 'ASSIGNED_CASE',
      capsLifted: [{ cap: 'DEPARTMENT', departmentCode: 'HEALTH', limit: 2, used: 2 }],
    });
  });
});

test('joining is refused once the visit has started, and for items outside its scenario list', async () => {
  const id = await scheduledVisit(
    await visitBody({ targetKey: 'farm-market-1', scenarioCode: 'FARM_MARKET', date: today, departments: ['MARKET'], team: ['market-1', 'market-2'] }),
  );
  const outside = await http('POST', `/api/inspections/${id}/join`, {
    token: tokens['coordinator-2'],
    body: { departments: [{ code: 'MARKET', itemCodes: ['HEALTH-01'] }] },
  });
  expect(outside.status).toBe(422);
  expect(outside.body.error.code).toBe('ITEM_NOT_IN_SCENARIO');

  const checkIn = await http('POST', `/api/inspections/${id}/check-in`, { token: tokens['market-1'], body: { officerIds: await officerIds('market-1', 'market-2') } });
  expect(checkIn.status).toBe(200);
  const late = await http('POST', `/api/inspections/${id}/join`, { token: tokens['coordinator-2'], body: { departments: [{ code: 'MARKET' }] } });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('INVALID_STATE');
  // A visit on site is not one to join: a new one the same day is not refused for the window.
  const again = await schedule(
    await visitBody({ targetKey: 'farm-market-1', scenarioCode: 'FARM_MARKET', date: today, departments: ['MARKET'], team: ['market-1', 'market-2'] }),
  );
  expect(again.status).toBe(202);
});
