/**
 * The API end to end over real HTTP, with the real worker, the time-skipping server pinned to a day and a real SQLite
 * database: a coordinator schedules, the team checks in, each department submits, the legal
 * reviewer approves, the finding's case is closed, the inspection closes and the stats count it. Plus validation errors
 * and idempotency.
 */
import { createActivities } from '../../activities';
import { assignmentsFor, closeFindingByCase, compliantResults, officerByKey, restaurantVisitRequest, resultsWithViolation, REVIEWED_VISIT_AUDIT } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { expectConforms } from '../support/conforms';
import { InspectionDetailResponse } from '../../api/routes/inspections/schema';

// A pinned day on the time-skipping server (the API follows its clock): the case's legal-review
// clock counts working days from it, never from the real today.
const today = '2026-07-06';
const year = Number(today.slice(0, 4));

const { prisma, api, http, tokens } = useTestStack({
  officers: ['coordinator-2', 'market-1', 'fire-1', 'health-1', 'reviewer-1', 'leader-1', 'admin'],
  startAt: `${today}T09:00:00+08:00`,
});

async function scheduleBody(overrides: Record<string, unknown> = {}) {
  return { ...(await restaurantVisitRequest(prisma, { targetKey: 'restaurant-2', scheduledFor: today })), ...overrides };
}

async function waitForStatus(id: string, status: string) {
  return eventually(async () => {
    const res = await http('GET', `/api/inspections/${id}`, { token: tokens['coordinator-2'] });
    expect(res.status).toBe(200);
    expect(res.body.inspection.status).toBe(status);
    // Each stage's detail in its declared shape (findings, reviews, resolutions as they appear).
    expectConforms(InspectionDetailResponse, res.body);
    return res.body;
  });
}

test('schedule → check-in → every department submits → legal review → closed → counted in stats', async () => {
  const before = await http('GET', `/api/stats?year=${year}`, { token: tokens['leader-1'] });
  expect(before.status).toBe(200);

  const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await scheduleBody() });
  expect(scheduled.status).toBe(202);
  const id: string = scheduled.body.id;
  expect(scheduled.headers.get('location')).toBe(`/api/inspections/${id}`);
  expect(scheduled.body.workflowId).toBe(`inspection-${id}`);

  const detail = await waitForStatus(id, 'SCHEDULED');
  expect(detail.state.departments.map((d: { departmentCode: string }) => d.departmentCode)).toEqual(['MARKET', 'FIRE']);
  expect(detail.history[0].action).toBe('INSPECTION_SCHEDULED');

  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const checkIn = await http('POST', `/api/inspections/${id}/check-in`, {
    token: tokens['market-1'],
    body: { officerIds: [market.id, fire.id] },
  });
  expect(checkIn.status).toBe(200);
  expect(checkIn.body.status).toBe('ON_SITE');
  // An inspector sees only their own department in the returned state.
  expect(checkIn.body.departments.map((d: { departmentCode: string }) => d.departmentCode)).toEqual(['MARKET']);

  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const marketSubmit = await http('PUT', `/api/inspections/${id}/checks/MARKET`, {
    token: tokens['market-1'],
    body: { results: resultsWithViolation(marketItems, 'PENALTY') },
  });
  expect(marketSubmit.status).toBe(200);

  const tasks = await http('GET', '/api/departments/FIRE/tasks', { token: tokens['fire-1'] });
  expect(tasks.status).toBe(200);
  expect(tasks.body.tasks).toEqual(
    expect.arrayContaining([expect.objectContaining({ inspectionId: id, task: 'SUBMIT_CHECKS' })]),
  );

  const fireSubmit = await http('PUT', `/api/inspections/${id}/checks/FIRE`, {
    token: tokens['fire-1'],
    body: { results: compliantResults(fireItems) },
  });
  expect(fireSubmit.status).toBe(200);

  await waitForStatus(id, 'IN_LEGAL_REVIEW');
  const approve = await http('POST', `/api/inspections/${id}/legal-review`, {
    token: tokens['reviewer-1'],
    body: { decision: 'APPROVED', opinion: '事实清楚、证据确凿、依据正确、程序合法，同意' },
  });
  expect(approve.status).toBe(200);

  // The approved penalty proposal keeps the visit open until its case is closed.
  const followUp = await waitForStatus(id, 'FOLLOW_UP');
  const findingId: string = followUp.inspection.findings[0].id;
  const handle = await http('GET', '/api/departments/MARKET/tasks', { token: tokens['market-1'] });
  expect(handle.body.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ inspectionId: id, task: 'HANDLE_FINDINGS' })]));
  // MARKET-01 is not a minor item: 首违不罚 is refused with the reason, and nothing is written.
  const noPenalty = await http('POST', `/api/findings/${findingId}/disposition`, {
    token: tokens['market-1'],
    body: { outcome: 'NO_PENALTY', correction: '已当场改正' },
  });
  expect(noPenalty.status).toBe(422);
  expect(noPenalty.body.error.code).toBe('NO_PENALTY_NOT_APPLICABLE');
  expect(noPenalty.body.error.message).toContain('不属于危害后果轻微');
  const caseId = await closeFindingByCase({ prisma, http, tokens, inspectionId: id, findingId });

  const closed = await waitForStatus(id, 'CLOSED');
  expect(closed.inspection.findings).toHaveLength(1);
  expect(closed.inspection.findings[0]).toMatchObject({ outcome: 'CASE_CLOSED', resolutionRef: `case-${caseId}` });
  expect(closed.inspection.reviews).toEqual([expect.objectContaining({ round: 1, decision: 'APPROVED' })]);
  expect(closed.history.map((h: { action: string }) => h.action)).toEqual([
    ...REVIEWED_VISIT_AUDIT,
    'FINDING_CASE_CLOSED',
    'INSPECTION_CLOSED',
  ]);

  // After closing, changes are refused with a clear conflict.
  const late = await http('PUT', `/api/inspections/${id}/checks/FIRE`, {
    token: tokens['fire-1'],
    body: { results: compliantResults(fireItems) },
  });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('ALREADY_CLOSED');

  const after = await http('GET', `/api/stats?year=${year}`, { token: tokens['leader-1'] });
  expect(after.status).toBe(200);
  const delta = (path: (s: any) => number) => path(after.body) - path(before.body);
  expect(delta((s) => s.inspections.scheduled)).toBe(1);
  expect(delta((s) => s.inspections.completed)).toBe(1);
  expect(delta((s) => s.findings.total)).toBe(1);
  expect(delta((s) => s.findings.proposedPenalty)).toBe(1);
  expect(delta((s) => s.reviews.approved)).toBe(1);
  expect(delta((s) => s.merging.departmentChecks)).toBe(2);
  expect(delta((s) => s.merging.visits)).toBe(1);
  expect(after.body.byScenario.find((s: { code: string }) => s.code === 'RESTAURANT').completed).toBeGreaterThanOrEqual(1);
  expect(after.body.byDepartment.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['MARKET', 'FIRE']));

  const list = await http('GET', '/api/inspections?status=CLOSED&scenarioCode=RESTAURANT&page=1&pageSize=5', {
    token: tokens['leader-1'],
  });
  expect(list.status).toBe(200);
  expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
});

describe('validation errors are 4xx with stable codes and write nothing', () => {
  const cases: [string, () => Promise<{ body?: unknown; rawBody?: string }>, number, string][] = [
    ['unknown field', async () => ({ body: { ...(await scheduleBody()), extra: 1 } }), 400, 'VALIDATION_FAILED'],
    ['malformed JSON', async () => ({ rawBody: '{"targetId": ' }), 400, 'MALFORMED_JSON'],
    ['impossible date', async () => ({ body: await scheduleBody({ scheduledFor: '2026-02-30' }) }), 400, 'VALIDATION_FAILED'],
    ['date in the past', async () => ({ body: await scheduleBody({ scheduledFor: '2020-01-01' }) }), 422, 'SCHEDULED_IN_PAST'],
    ['unknown target', async () => ({ body: await scheduleBody({ targetId: 'nope' }) }), 422, 'UNKNOWN_REFERENCE'],
    ['unknown scenario', async () => ({ body: await scheduleBody({ scenarioCode: 'NOPE' }) }), 422, 'UNKNOWN_REFERENCE'],
    [
      'item outside the scenario list',
      async () => ({ body: await scheduleBody({ departments: [{ code: 'MARKET', itemCodes: ['MARKET-01', 'HEALTH-01'] }, { code: 'FIRE' }] }) }),
      422,
      'ITEM_NOT_IN_SCENARIO',
    ],
    [
      'department without items in the scenario',
      async () => ({ body: await scheduleBody({ departments: [{ code: 'MARKET' }, { code: 'POLICE' }] }) }),
      422,
      'ITEM_NOT_IN_SCENARIO',
    ],
    [
      'team with one certified officer',
      async () => ({ body: await scheduleBody({ team: [{ officerId: (await officerByKey(prisma, 'market-1')).id }] }) }),
      422,
      'TEAM_RULE_VIOLATED',
    ],
    [
      'unknown officer',
      async () => ({ body: await scheduleBody({ team: [{ officerId: 'ghost' }, { officerId: (await officerByKey(prisma, 'fire-1')).id }] }) }),
      422,
      'UNKNOWN_REFERENCE',
    ],
  ];

  test.each(cases)('%s', async (_name, build, status, code) => {
    const before = await prisma.jointInspection.count();
    const res = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], ...(await build()) });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message.length).toBeGreaterThan(0);
    expect(await prisma.jointInspection.count()).toBe(before);
  });

  test('invalid check results come back as 422 with one issue per problem', async () => {
    const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await scheduleBody() });
    const id = scheduled.body.id;
    await waitForStatus(id, 'SCHEDULED');
    const early = await http('PUT', `/api/inspections/${id}/checks/MARKET`, {
      token: tokens['market-1'],
      body: { results: [{ itemCode: 'MARKET-01', outcome: 'COMPLIANT' }] },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');

    const market = await officerByKey(prisma, 'market-1');
    const fire = await officerByKey(prisma, 'fire-1');
    await http('POST', `/api/inspections/${id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } });
    const res = await http('PUT', `/api/inspections/${id}/checks/MARKET`, {
      token: tokens['market-1'],
      body: { results: [{ itemCode: 'MARKET-01', outcome: 'NON_COMPLIANT' }, { itemCode: 'FIRE-01', outcome: 'COMPLIANT' }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_CHECK_RESULTS');
    const codes = res.body.error.issues.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['FACTS_REQUIRED', 'ITEM_NOT_ASSIGNED', 'ITEM_MISSING']));
    expect(res.body.error.issues.find((i: { code: string }) => i.code === 'FACTS_REQUIRED').path).toBe('results[0].note');

    const badOutcome = await http('PUT', `/api/inspections/${id}/checks/MARKET`, {
      token: tokens['market-1'],
      body: { results: [{ itemCode: 'MARKET-01', outcome: 'MAYBE' }] },
    });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error.issues[0].path).toBe('body.results.0.outcome');

    const missing = await http('GET', '/api/inspections/does-not-exist', { token: tokens['leader-1'] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('INSPECTION_NOT_FOUND');
    // A department-bound inspector (api/policies.ts): an unknown inspection is 404, the own department's readable, another's 403.
    const missingForInspector = await http('GET', '/api/inspections/does-not-exist', { token: tokens['market-1'] });
    expect([missingForInspector.status, missingForInspector.body.error.code]).toEqual([404, 'INSPECTION_NOT_FOUND']);
    expect((await http('GET', `/api/inspections/${id}`, { token: tokens['market-1'] })).status).toBe(200);
    const otherDepartment = await http('GET', `/api/inspections/${id}`, { token: tokens['health-1'] });
    expect([otherDepartment.status, otherDepartment.body.error.code]).toEqual([403, 'FORBIDDEN_DEPARTMENT']);

    const cancel = await http('POST', `/api/inspections/${id}/cancel`, { token: tokens['coordinator-2'], body: { reason: '测试结束' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('CANCELLED');
    const again = await http('POST', `/api/inspections/${id}/cancel`, { token: tokens['coordinator-2'], body: { reason: '再次取消' } });
    expect(again.status).toBe(409);
  });
});

describe('idempotency', () => {
  test('an activity retried with the same key writes one row', async () => {
    const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await scheduleBody() });
    const id = scheduled.body.id;
    await waitForStatus(id, 'SCHEDULED');
    const activities = createActivities({ prisma });
    const market = await officerByKey(prisma, 'market-1');
    const step = {
      key: `inspection-${id}:test-check-in`,
      inspectionId: id,
      actor: { officerId: market.id, name: market.name },
      officerIds: [market.id],
      at: new Date().toISOString(),
    };
    // Two attempts at once (a retry racing a slow first attempt) and one after.
    await Promise.all([activities.recordCheckIn(step), activities.recordCheckIn(step)]);
    await activities.recordCheckIn(step);
    expect(await prisma.auditEvent.count({ where: { idempotencyKey: step.key } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'INSPECTION_CHECKED_IN' } })).toBe(1);
    expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('ON_SITE');
  });

  test('a retried schedule request with the same Idempotency-Key creates one inspection', async () => {
    const body = await scheduleBody();
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body, headers });
    const second = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body, headers });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    await waitForStatus(first.body.id, 'SCHEDULED');
    expect(await prisma.jointInspection.count({ where: { id: first.body.id } })).toBe(1);
  });

  test('an Idempotency-Key too long or blank is refused (400, naming the header), never cut to another key', async () => {
    const body = await scheduleBody();
    const before = await prisma.jointInspection.count();
    for (const key of ['k'.repeat(201), ' ']) {
      const res = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body, headers: { 'idempotency-key': key } });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.error.message).toContain('Idempotency-Key');
    }
    expect(await prisma.jointInspection.count()).toBe(before);
  });
});

test('health, OpenAPI document and Swagger UI', async () => {
  const health = await http('GET', '/healthz');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });

  const doc = await http('GET', '/api/openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.body.openapi).toBe('3.1.0');
  for (const path of [
    '/api/inspections',
    '/api/inspections/{id}',
    '/api/inspections/{id}/check-in',
    '/api/inspections/{id}/checks/{department}',
    '/api/inspections/{id}/legal-review',
    '/api/inspections/{id}/cancel',
    '/api/departments/{code}/tasks',
    '/api/catalog/scenarios',
    '/api/stats',
  ]) {
    expect(Object.keys(doc.body.paths)).toContain(path);
  }
  expect(doc.body.components.schemas.ScheduleInspection.additionalProperties).toBe(false);

  const docs = await fetch(`${api.baseUrl}/docs/`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain('swagger-ui');
});
