/**
 * "532" rapid response over real HTTP, with the real worker, the dev server, a real SQLite
 * database and a real webhook receiver: intake idempotency, the grid worker's limits, a full
 * response converted into a joint inspection, missed clocks escalated once with the late
 * work accepted, the live view and the stats.
 */
import { LONG_CLOCKS, SHORT_CLOCKS, officerByKey } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { expectConforms } from '../support/conforms';
import { RapidResponseStatsResponse } from '../../api/routes/rapid-response/schema';
import { chinaDate } from '../../domain/dates';

const stack = useTestStack({
  officers: ['grid-1', 'grid-2', 'coordinator-2', 'ecoenv-1', 'urban-1', 'market-1', 'fire-1', 'leader-1'],
  webhook: { dutyLeaderKey: 'leader-1' },
  clockPolicy: LONG_CLOCKS,
  // The same system configured with short clocks, so missed clocks happen during the test.
  apis: { short: { clockPolicy: SHORT_CLOCKS } },
});
const { prisma, http, tokens, webhook } = stack;
const shortHttp = stack.apis.short.http;
const today = chinaDate(new Date().toISOString());

const report = (overrides: Record<string, unknown> = {}) => ({
  category: 'NOISE',
  village: '包鸾社区',
  location: '滨河路安置房工地北门',
  description: '夜间 23 点仍在浇筑混凝土，噪声很大',
  evidence: ['photo-001.jpg'],
  ...overrides,
});

async function officerId(key: string) {
  return (await officerByKey(prisma, key)).id;
}

async function reported(client = http, body: Record<string, unknown> = report(), token = tokens['grid-1']) {
  const res = await client('POST', '/api/events', { token, body });
  expect(res.status).toBe(202);
  await eventually(async () => expect(await prisma.gridEvent.count({ where: { id: res.body.id } })).toBe(1));
  return res.body.id as string;
}

describe('intake', () => {
  test('a retried report with the same client key creates one event (body key or Idempotency-Key header)', async () => {
    const body = report({ clientKey: 'grid-1-phone-0001' });
    const first = await http('POST', '/api/events', { token: tokens['grid-1'], body });
    const second = await http('POST', '/api/events', { token: tokens['grid-1'], body });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(first.headers.get('location')).toBe(`/api/events/${first.body.id}`);
    expect(first.body.workflowId).toBe(`event-${first.body.id}`);

    const headers = { 'Idempotency-Key': 'grid-1-phone-0002' };
    const third = await http('POST', '/api/events', { token: tokens['grid-1'], body: report(), headers });
    const fourth = await http('POST', '/api/events', { token: tokens['grid-1'], body: report(), headers });
    expect(fourth.body.id).toBe(third.body.id);
    expect(third.body.id).not.toBe(first.body.id);

    // The key is the reporter's own: another grid worker's identical key is another event.
    const other = await http('POST', '/api/events', { token: tokens['grid-2'], body });
    expect(other.body.id).not.toBe(first.body.id);

    await eventually(async () => {
      expect(await prisma.gridEvent.count({ where: { clientKey: 'grid-1-phone-0001' } })).toBe(2);
      expect(await prisma.gridEvent.count({ where: { clientKey: 'grid-1-phone-0002' } })).toBe(1);
    });
    expect(await prisma.auditEvent.count({ where: { subjectId: first.body.id, action: 'EVENT_REPORTED' } })).toBe(1);
  });

  test('bad reports are a 400 with a stable code and a Chinese message', async () => {
    const unknownField = await http('POST', '/api/events', { token: tokens['grid-1'], body: report({ severity: 'HIGH' }) });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe('VALIDATION_FAILED');
    expect(unknownField.body.error.message).toMatch(/请求参数有误/);

    const badCategory = await http('POST', '/api/events', { token: tokens['grid-1'], body: report({ category: 'UFO' }) });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.error.issues[0].path).toBe('body.category');

    const blank = await http('POST', '/api/events', { token: tokens['grid-1'], body: report({ location: '   ' }) });
    expect(blank.status).toBe(400);

    const mismatch = await http('POST', '/api/events', {
      token: tokens['grid-1'],
      body: report({ clientKey: 'a' }),
      headers: { 'Idempotency-Key': 'b' },
    });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_MISMATCH']);
    expect(mismatch.body.error.message).toContain('不一致');

    const anonymous = await http('POST', '/api/events', { body: report() });
    expect(anonymous.status).toBe(401);
  });
});

describe('authorization', () => {
  test('a grid worker reports and reads only their own events and can do nothing else', async () => {
    const own = await reported();
    const others = await reported(http, report(), tokens['grid-2']);

    const read = await http('GET', `/api/events/${own}`, { token: tokens['grid-1'] });
    expect(read.status).toBe(200);
    expect(read.body.event.status).toBe('REPORTED');
    expect(read.body.history[0].action).toBe('EVENT_REPORTED');

    const foreign = await http('GET', `/api/events/${others}`, { token: tokens['grid-1'] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('EVENT_NOT_FOUND');

    const list = await http('GET', '/api/events?pageSize=100', { token: tokens['grid-1'] });
    expect(list.status).toBe(200);
    const reporter = await officerId('grid-1');
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((e: { reporterId: string }) => e.reporterId === reporter)).toBe(true);

    const dispatch = await http('POST', `/api/events/${own}/dispatch`, {
      token: tokens['grid-1'],
      body: { instruction: '请立即处置', responderIds: [await officerId('ecoenv-1')] },
    });
    expect(dispatch.status).toBe(403);
    expect(dispatch.body.error.code).toBe('FORBIDDEN');
    for (const path of ['/api/events/live', `/api/events/${own}/suggestions`, '/api/inspections', '/api/catalog/scenarios', '/api/stats/532']) {
      const res = await http('GET', path, { token: tokens['grid-1'] });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }

    // Reporting is the grid worker's: a coordinator does not file reports.
    const byCoordinator = await http('POST', '/api/events', { token: tokens['coordinator-2'], body: report() });
    expect(byCoordinator.status).toBe(403);
    // A responder records only their own arrival.
    const forOthers = await http('POST', `/api/events/${own}/check-in`, {
      token: tokens['ecoenv-1'],
      body: { officerIds: [await officerId('urban-1')] },
    });
    expect(forOthers.status).toBe(403);
  });
});

describe('response', () => {
  test('report → suggestions → dispatch → check-in → feedback → converted into a joint inspection (linked)', async () => {
    const id = await reported(http, report({ category: 'FOOD_SAFETY', village: '花地堡村', location: '刘记豆花饭庄后厨' }));
    const coordinator = tokens['coordinator-2'];

    const suggestions = await http('GET', `/api/events/${id}/suggestions`, { token: coordinator });
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.departments.map((d: { code: string }) => d.code)).toEqual(['MARKET', 'HEALTH']);
    const market = suggestions.body.departments[0];
    expect(market.officers.length).toBeGreaterThanOrEqual(2);
    expect(market.officers[0]).toMatchObject({ available: true, certified: true });

    const [marketId, fireId] = [await officerId('market-1'), await officerId('fire-1')];
    const unknown = await http('POST', `/api/events/${id}/dispatch`, {
      token: coordinator,
      body: { instruction: '请立即核查', responderIds: ['no-such-officer'] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('UNKNOWN_REFERENCE');

    const dispatched = await http('POST', `/api/events/${id}/dispatch`, {
      token: coordinator,
      body: { instruction: '请市场监管所立即到场核查后厨卫生', responderIds: [marketId] },
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.status).toBe('DISPATCHED');
    expect(dispatched.body.dispatch.departmentCodes).toEqual(['MARKET']);

    // Busy now: the next suggestion marks the assigned officer as not available.
    const after = await http('GET', `/api/events/${id}/suggestions`, { token: coordinator });
    const assigned = after.body.departments[0].officers.find((o: { officerId: string }) => o.officerId === marketId);
    expect(assigned).toMatchObject({ available: false, busyWith: [{ kind: 'EVENT', id }] });

    const notResponder = await http('POST', `/api/events/${id}/check-in`, { token: tokens['fire-1'], body: {} });
    expect(notResponder.status).toBe(403);
    expect(notResponder.body.error.code).toBe('NOT_A_RESPONDER');
    const early = await http('POST', `/api/events/${id}/convert`, { token: coordinator, body: { kind: 'CASE', caseRef: 'X-1' } });
    expect(early.status).toBe(409);

    const checkIn = await http('POST', `/api/events/${id}/check-in`, { token: tokens['market-1'], body: {} });
    expect(checkIn.status).toBe(200);
    expect(checkIn.body.status).toBe('ON_SITE');
    const feedback = await http('POST', `/api/events/${id}/feedback`, {
      token: tokens['market-1'],
      body: { result: '后厨生熟未分开存放，需要联合检查', evidence: ['kitchen.jpg'] },
    });
    expect(feedback.status).toBe(200);
    expect(feedback.body.status).toBe('FED_BACK');

    const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } });
    const inspection = {
      targetId: target.id,
      scenarioCode: 'RESTAURANT',
      scheduledFor: today,
      departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
      team: [{ officerId: marketId, isLead: true }, { officerId: fireId }],
    };
    const badTeam = await http('POST', `/api/events/${id}/convert`, {
      token: coordinator,
      body: { kind: 'JOINT_INSPECTION', inspection: { ...inspection, team: [{ officerId: marketId }] } },
    });
    expect(badTeam.status).toBe(422);
    expect(badTeam.body.error.code).toBe('TEAM_RULE_VIOLATED');

    const converted = await http('POST', `/api/events/${id}/convert`, {
      token: coordinator,
      body: { kind: 'JOINT_INSPECTION', inspection, note: '涉及市场监管和消防，转联合检查' },
    });
    expect(converted.status).toBe(200);
    expect(converted.body.state.status).toBe('CONVERTED');
    const inspectionId: string = converted.body.inspection.id;

    // Linked, not copied: the inspection is a real one of its own, the event holds its id.
    const inspectionRead = await eventually(async () => {
      const res = await http('GET', `/api/inspections/${inspectionId}`, { token: coordinator });
      expect(res.status).toBe(200);
      return res.body;
    });
    expect(inspectionRead.inspection.status).toBe('SCHEDULED');
    expect(inspectionRead.inspection.target.id).toBe(target.id);
    const detail = await http('GET', `/api/events/${id}`, { token: coordinator });
    expect(detail.body.event).toMatchObject({ status: 'CONVERTED', link: { kind: 'JOINT_INSPECTION', inspectionId, caseRef: null } });
    expect(detail.body.event.clocks.map((c: { outcome: string }) => c.outcome)).toEqual(['ON_TIME', 'ON_TIME', 'ON_TIME']);

    const again = await http('POST', `/api/events/${id}/convert`, { token: coordinator, body: { kind: 'CASE', caseRef: 'X-2' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EVENT_ALREADY_CLOSED');
    expect(await prisma.jointInspection.count({ where: { id: inspectionId } })).toBe(1);
  });

  test('missed clocks: shown overdue live, each escalated once; the late work is accepted, marked late and counted', async () => {
    const id = await reported(shortHttp, report({ category: 'FIRE_HAZARD', village: '青龙寨村', location: '加油站旁违规堆放柴油桶' }));
    const coordinator = tokens['coordinator-2'];

    await eventually(async () => {
      expect(await prisma.clockBreach.count({ where: { eventId: id, escalatedAt: { not: null } } })).toBe(3);
    });
    const live = await http('GET', '/api/events/live', { token: coordinator });
    expect(live.status).toBe(200);
    const entry = live.body.items.find((e: { id: string }) => e.id === id);
    expect(entry).toMatchObject({ status: 'REPORTED', currentStage: 'DISPATCH', overdue: true });
    expect(entry.timeLeftMs).toBeLessThan(0);
    expect(entry.breachedStages).toEqual(['DISPATCH', 'ON_SITE', 'FEEDBACK']);
    // Most urgent first: nothing is listed before an overdue event except other overdue ones.
    const index = live.body.items.findIndex((e: { id: string }) => e.id === id);
    expect(live.body.items.slice(0, index).every((e: { timeLeftMs: number }) => e.timeLeftMs <= entry.timeLeftMs)).toBe(true);

    const fireId = await officerId('fire-1');
    const dispatched = await shortHttp('POST', `/api/events/${id}/dispatch`, {
      token: coordinator,
      body: { instruction: '请消防站立即到场排查', responderIds: [fireId] },
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.clocks[0]).toMatchObject({ stage: 'DISPATCH', late: true });
    expect((await shortHttp('POST', `/api/events/${id}/check-in`, { token: tokens['fire-1'], body: {} })).status).toBe(200);
    expect(
      (await shortHttp('POST', `/api/events/${id}/feedback`, { token: tokens['fire-1'], body: { result: '已督促清理柴油桶' } })).status,
    ).toBe(200);
    const resolved = await shortHttp('POST', `/api/events/${id}/resolve`, { token: coordinator, body: { note: '隐患已消除' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('RESOLVED');

    const detail = await eventually(async () => {
      const res = await http('GET', `/api/events/${id}`, { token: coordinator });
      expect(res.body.event.status).toBe('RESOLVED');
      return res.body;
    });
    expect(detail.event.clocks.map((c: { outcome: string }) => c.outcome)).toEqual(['LATE', 'LATE', 'LATE']);
    for (const clock of detail.event.clocks) {
      expect(Date.parse(clock.breach.breachedAt)).toBeGreaterThanOrEqual(Date.parse(clock.dueAt));
      expect(clock.breach.escalatedAt).not.toBeNull();
    }
    expect(detail.history.filter((h: { action: string }) => h.action === 'EVENT_ESCALATED')).toHaveLength(3);
    expect(webhook.forEvent(id)).toHaveLength(3);
    expect((await http('POST', `/api/events/${id}/resolve`, { token: coordinator, body: { note: '再次办结' } })).status).toBe(409);

    const stats = await http('GET', `/api/stats/532?from=${today}&to=${today}`, { token: tokens['leader-1'] });
    expect(stats.status).toBe(200);
    expectConforms(RapidResponseStatsResponse, stats.body);
    const fire = stats.body.byCategory.find((c: { key: string }) => c.key === 'FIRE_HAZARD');
    expect(fire.label).toBe('消防隐患');
    expect(fire.stages.map((s: { late: number; onTimeRate: number }) => [s.late, s.onTimeRate])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    const food = stats.body.byCategory.find((c: { key: string }) => c.key === 'FOOD_SAFETY');
    expect(food.stages.map((s: { onTimeRate: number }) => s.onTimeRate)).toEqual([1, 1, 1]);
    expect(stats.body.byDepartment.find((d: { key: string }) => d.key === 'FIRE').label).toBe('消防');
    expect(stats.body.byVillage.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(['青龙寨村', '花地堡村']));
    const dispatchStage = stats.body.stages.find((s: { stage: string }) => s.stage === 'DISPATCH');
    expect(dispatchStage.medianMs).toBeGreaterThanOrEqual(0);
    expect(dispatchStage.p90Ms).toBeGreaterThanOrEqual(dispatchStage.medianMs);
    expect(stats.body.escalations.sent).toBeGreaterThanOrEqual(3);

    const both = await http('GET', `/api/stats/532?year=2026&from=${today}`, { token: tokens['leader-1'] });
    // Each parameter is valid; together they contradict each other: 422, not 400 (api/validate.ts RELATION).
    expect(both.status).toBe(422);
    expect(both.body.error.code).toBe('UNPROCESSABLE');
  });
});
