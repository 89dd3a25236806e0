/**
 * Authorization matrix: role × route × department, over HTTP. Allowed callers are sent
 * requests that pass authorization and then fail a later check (validation, a rule or the
 * state) so the matrix changes nothing; forbidden callers get 403, anonymous ones 401.
 */
import { restaurantVisitRequest } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';

let inspectionId: string;
let marketOfficerId: string;

const CALLERS = ['coordinator-2', 'market-1', 'fire-1', 'health-1', 'reviewer-1', 'leader-1', 'admin', 'anonymous'] as const;
type Caller = (typeof CALLERS)[number];

const { prisma, http, tokens } = useTestStack({ officers: CALLERS.filter((c) => c !== 'anonymous') });

beforeAll(async () => {
  const body = await restaurantVisitRequest(prisma, { lead: false });
  marketOfficerId = body.team[0].officerId;
  const res = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
  expect(res.status).toBe(202);
  inspectionId = res.body.id;
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id: inspectionId } })).toBe(1));
});

interface Route {
  name: string;
  method: string;
  path: () => string;
  body?: () => unknown;
  expected: Record<Caller, number>;
}

const routes: Route[] = [
  {
    name: 'schedule',
    method: 'POST',
    path: () => '/api/inspections',
    body: () => ({}),
    expected: { 'coordinator-2': 400, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 400, anonymous: 401 },
  },
  {
    name: 'list',
    method: 'GET',
    path: () => '/api/inspections',
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 200, 'health-1': 200, 'reviewer-1': 200, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  {
    name: 'detail',
    method: 'GET',
    path: () => `/api/inspections/${inspectionId}`,
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 200, 'health-1': 403, 'reviewer-1': 200, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  {
    name: 'check-in (one officer: refused by the rule after authorization)',
    method: 'POST',
    path: () => `/api/inspections/${inspectionId}/check-in`,
    body: () => ({ officerIds: [marketOfficerId] }),
    expected: { 'coordinator-2': 422, 'market-1': 422, 'fire-1': 422, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'submit MARKET checks (before check-in: refused by state after authorization)',
    method: 'PUT',
    path: () => `/api/inspections/${inspectionId}/checks/MARKET`,
    body: () => ({ results: [{ itemCode: 'MARKET-01', outcome: 'COMPLIANT' }] }),
    expected: { 'coordinator-2': 403, 'market-1': 409, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'legal review (nothing pending: refused by state after authorization)',
    method: 'POST',
    path: () => `/api/inspections/${inspectionId}/legal-review`,
    body: () => ({ decision: 'APPROVED', opinion: '同意' }),
    expected: { 'coordinator-2': 403, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 409, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'cancel (empty body: refused by validation after authorization)',
    method: 'POST',
    path: () => `/api/inspections/${inspectionId}/cancel`,
    body: () => ({}),
    expected: { 'coordinator-2': 400, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 400, anonymous: 401 },
  },
  {
    name: 'decide on the spot (before check-in: refused by state after authorization)',
    method: 'POST',
    path: () => `/api/inspections/${inspectionId}/on-the-spot-penalties`,
    body: () => ({ itemCode: 'MARKET-01', factsCertain: true, facts: '未公示许可证', legalBasis: '《中华人民共和国食品安全法》第一百二十六条', kind: 'WARNING', place: '包鸾镇' }),
    expected: { 'coordinator-2': 409, 'market-1': 409, 'fire-1': 409, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'decisions on the spot',
    method: 'GET',
    path: () => `/api/inspections/${inspectionId}/on-the-spot-penalties`,
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 200, 'health-1': 403, 'reviewer-1': 200, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  {
    name: 'file a decision on the spot (unknown decision: 404 after authorization)',
    method: 'POST',
    path: () => `/api/inspections/${inspectionId}/on-the-spot-penalties/unknown/filing`,
    body: () => ({}),
    expected: { 'coordinator-2': 404, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 404, anonymous: 401 },
  },
  {
    name: 'extend the legal review (nothing pending: refused by state after authorization)',
    method: 'POST',
    path: () => `/api/inspections/${inspectionId}/legal-review/extension`,
    body: () => ({ reason: '补充证据' }),
    expected: { 'coordinator-2': 409, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 409, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'MARKET worklist',
    method: 'GET',
    path: () => '/api/departments/MARKET/tasks',
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  {
    name: 'catalog',
    method: 'GET',
    path: () => '/api/catalog/scenarios',
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 200, 'health-1': 200, 'reviewer-1': 200, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  // ---- scenario-list versions (api/routes/scenario-lists) ----
  {
    name: 'scenario-list versions',
    method: 'GET',
    path: () => '/api/scenario-lists',
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 200, 'health-1': 200, 'reviewer-1': 200, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  {
    name: 'scenario-list draft',
    method: 'POST',
    path: () => '/api/scenario-lists',
    body: () => ({}),
    expected: { 'coordinator-2': 400, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 400, anonymous: 401 },
  },
  {
    name: 'scenario-list review',
    method: 'POST',
    path: () => '/api/scenario-lists/none/review',
    body: () => ({}),
    expected: { 'coordinator-2': 403, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 400, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'scenario-list publish',
    method: 'POST',
    path: () => '/api/scenario-lists/none/publish',
    body: () => ({}),
    expected: { 'coordinator-2': 403, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 400, admin: 403, anonymous: 401 },
  },
  {
    name: 'new catalog item',
    method: 'POST',
    path: () => '/api/catalog/items',
    body: () => ({}),
    expected: { 'coordinator-2': 400, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 400, anonymous: 401 },
  },
  // ---- end scenario-list versions ----
  // ---- county rules: 首违不罚 list and frequency caps (api/routes/county-rules) ----
  {
    name: 'no-penalty list versions',
    method: 'GET',
    path: () => '/api/county-rules/no-penalty-list/versions',
    expected: { 'coordinator-2': 200, 'market-1': 200, 'fire-1': 200, 'health-1': 200, 'reviewer-1': 200, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
  {
    name: 'no-penalty list draft',
    method: 'POST',
    path: () => '/api/county-rules/no-penalty-list/versions',
    body: () => ({ extra: 1 }),
    expected: { 'coordinator-2': 400, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 400, anonymous: 401 },
  },
  {
    name: 'frequency caps edit',
    method: 'PUT',
    path: () => '/api/county-rules/frequency-caps/versions/none',
    body: () => ({}),
    expected: { 'coordinator-2': 400, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 403, admin: 400, anonymous: 401 },
  },
  {
    name: 'frequency caps review',
    method: 'POST',
    path: () => '/api/county-rules/frequency-caps/versions/none/review',
    body: () => ({}),
    expected: { 'coordinator-2': 403, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 400, 'leader-1': 403, admin: 403, anonymous: 401 },
  },
  {
    name: 'no-penalty list publish',
    method: 'POST',
    path: () => '/api/county-rules/no-penalty-list/versions/none/publish',
    body: () => ({}),
    expected: { 'coordinator-2': 403, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 400, admin: 403, anonymous: 401 },
  },
  // ---- end county rules ----
  {
    name: 'stats',
    method: 'GET',
    path: () => '/api/stats?year=2026',
    expected: { 'coordinator-2': 200, 'market-1': 403, 'fire-1': 403, 'health-1': 403, 'reviewer-1': 403, 'leader-1': 200, admin: 200, anonymous: 401 },
  },
];

const matrix = routes.flatMap((route) => CALLERS.map((caller) => [route.name, caller, route] as const));

test.each(matrix)('%s as %s', async (_name, caller, route) => {
  const res = await http(route.method, route.path(), {
    token: caller === 'anonymous' ? undefined : tokens[caller],
    body: route.body?.(),
  });
  expect({ status: res.status, code: res.body?.error?.code }).toMatchObject({ status: route.expected[caller] });
  if (res.status >= 400) expect(typeof res.body.error.message).toBe('string');
});

test('the matrix changed nothing', async () => {
  const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } });
  expect(row.status).toBe('SCHEDULED');
  expect(await prisma.auditEvent.count({ where: { subjectId: inspectionId } })).toBe(1);
});

test('an inspector sees only inspections and checks of their own department', async () => {
  const other = await http('GET', '/api/inspections', { token: tokens['health-1'] });
  expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(inspectionId);
  const own = await http('GET', '/api/inspections', { token: tokens['market-1'] });
  expect(own.body.items.map((i: { id: string }) => i.id)).toContain(inspectionId);

  const detail = await http('GET', `/api/inspections/${inspectionId}`, { token: tokens['market-1'] });
  expect(detail.body.state.departments.map((d: { departmentCode: string }) => d.departmentCode)).toEqual(['MARKET']);
  const full = await http('GET', `/api/inspections/${inspectionId}`, { token: tokens['leader-1'] });
  expect(full.body.state.departments).toHaveLength(2);
});

test('bad and revoked tokens are 401', async () => {
  const bad = await http('GET', '/api/inspections', { token: 'ov_not-a-real-token' });
  expect(bad.status).toBe(401);
  expect(bad.body.error.code).toBe('UNAUTHENTICATED');
  await prisma.apiToken.updateMany({ where: { officer: { key: 'admin' } }, data: { revokedAt: new Date() } });
  const revoked = await http('GET', '/api/inspections', { token: tokens.admin });
  expect(revoked.status).toBe(401);
  const malformed = await http('GET', '/api/inspections', { headers: { authorization: 'Basic abc' } });
  expect(malformed.status).toBe(401);
});
