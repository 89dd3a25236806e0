/**
 * Scenario lists (场景清单) as versioned, published lists, over real HTTP with the real worker on
 * the time-skipping server pinned to a day: a coordinator drafts version 2 of the restaurant list
 * (one item removed, a new catalog item added), the legal reviewer returns then approves it, a
 * leader publishes it from a later date. A published version cannot be edited or published again;
 * an inspection scheduled under version 1 keeps its items and its recorded version; a new visit
 * after the effective date gets version 2's items, and an item outside version 2 is refused.
 */
import { restaurantVisitRequest } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';

// The pinned "today" (the API follows the server's clock); every date below is relative to it.
const today = '2026-07-06';
const beforeV2 = '2026-07-20';
const v2From = '2026-08-01';
const afterV2 = '2026-08-10';

const { prisma, http, tokens } = useTestStack({
  officers: ['coordinator-2', 'market-1', 'fire-1', 'reviewer-1', 'reviewer-unqualified', 'leader-1', 'admin'],
  startAt: `${today}T09:00:00+08:00`,
});

const NEW_ITEM = {
  code: 'MARKET-91',
  departmentCode: 'MARKET',
  title: '餐饮服务场所公示食品安全量化分级等级',
  legalBasis: '《餐饮服务食品安全监督管理办法》第三十九条',
  method: '现场查看量化分级公示牌是否在醒目位置公示，核对等级与监管记录一致',
  severity: 'MINOR',
  measurement: { kind: 'NONE' },
};

async function ok(method: string, path: string, token: string, body?: unknown, expected = 200) {
  const res = await http(method, path, { token: tokens[token], body });
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function expectError(method: string, path: string, token: string, body: unknown, status: number, code: string) {
  const res = await http(method, path, { token: tokens[token], body });
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  return res.body.error as { code: string; message: string; issues?: { path?: string; message: string }[] };
}

const scheduleBody = async (scheduledFor: string, departments?: { code: string; itemCodes?: string[] }[], targetKey = 'restaurant-2') => ({
  ...(await restaurantVisitRequest(prisma, { targetKey, scheduledFor })),
  ...(departments ? { departments } : {}),
});

/** The item codes each department of an inspection was assigned, once its workflow wrote them. */
async function assignedItems(id: string): Promise<Record<string, string[]>> {
  return eventually(async () => {
    const detail = await ok('GET', `/api/inspections/${id}`, 'coordinator-2');
    expect(detail.state?.persisted).toBe(true);
    return Object.fromEntries(detail.state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes]));
  });
}

const recordedVersion = async (id: string) =>
  eventually(async () => (await prisma.jointInspection.findUniqueOrThrow({ where: { id }, select: { scenarioVersionId: true } })).scenarioVersionId);

test('a published list cannot be edited; a visit scheduled under version 1 keeps its items after version 2 is published', async () => {
  // Version 1 (from the catalog) is in effect today.
  const catalog = await ok('GET', '/api/catalog/scenarios', 'coordinator-2');
  const restaurant = catalog.find((s: { code: string }) => s.code === 'RESTAURANT');
  expect(restaurant.version).toMatchObject({ version: 1, effectiveFrom: '2000-01-01' });
  const v1Id: string = restaurant.version.id;
  expect(restaurant.items.map((i: { code: string }) => i.code)).toContain('FIRE-05');

  // Scheduled under version 1 for a day after version 2 will take effect.
  const first = await ok('POST', '/api/inspections', 'coordinator-2', await scheduleBody(afterV2), 202);
  const firstItems = await assignedItems(first.id);
  expect(firstItems.FIRE).toEqual(['FIRE-01', 'FIRE-05']);
  expect(await recordedVersion(first.id)).toBe(v1Id);

  // A new catalog item with its legal basis, then version 2 copied from version 1.
  await ok('POST', '/api/catalog/items', 'coordinator-2', NEW_ITEM);
  const draft = await ok('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'RESTAURANT', note: '增加量化分级公示，删除灭火器检查' }, 201);
  expect(draft.version).toMatchObject({ version: 2, status: 'DRAFT', basedOnId: v1Id, inEffect: false });
  const id: string = draft.version.id;
  await expectError('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'RESTAURANT' }, 409, 'SCENARIO_LIST_DRAFT_EXISTS');

  const v1Codes: string[] = draft.items.map((i: { code: string }) => i.code);
  const v2Codes = [...v1Codes.filter((c) => c !== 'FIRE-05'), NEW_ITEM.code];
  const unknown = await expectError('PUT', `/api/scenario-lists/${id}/items`, 'coordinator-2', { itemCodes: [...v2Codes, 'MARKET-99'] }, 422, 'UNKNOWN_REFERENCE');
  expect(unknown.issues).toEqual([expect.objectContaining({ path: `body.itemCodes[${v2Codes.length}]`, message: expect.stringContaining('MARKET-99') })]);
  const edited = await ok('PUT', `/api/scenario-lists/${id}/items`, 'coordinator-2', { itemCodes: v2Codes });
  expect(edited.changes).toEqual({ added: [NEW_ITEM.code], removed: ['FIRE-05'] });

  // Order of the steps: not published before review, not edited while in review.
  await expectError('POST', `/api/scenario-lists/${id}/publish`, 'leader-1', { effectiveFrom: v2From }, 409, 'SCENARIO_LIST_INVALID_STATE');
  await ok('POST', `/api/scenario-lists/${id}/submit`, 'coordinator-2');
  await expectError('PUT', `/api/scenario-lists/${id}/items`, 'coordinator-2', { itemCodes: v1Codes }, 409, 'SCENARIO_LIST_INVALID_STATE');

  // 法制审核: only a qualified reviewer; returned, revised, approved.
  await expectError('POST', `/api/scenario-lists/${id}/review`, 'reviewer-unqualified', { decision: 'APPROVED', opinion: '同意' }, 403, 'REVIEWER_NOT_ELIGIBLE');
  await expectError('POST', `/api/scenario-lists/${id}/review`, 'coordinator-2', { decision: 'APPROVED', opinion: '同意' }, 403, 'FORBIDDEN');
  const returned = await ok('POST', `/api/scenario-lists/${id}/review`, 'reviewer-1', { decision: 'RETURNED', opinion: '请补充修订说明中的法律依据' });
  expect(returned.version).toMatchObject({ status: 'RETURNED', reviewOpinion: '请补充修订说明中的法律依据' });
  await ok('PUT', `/api/scenario-lists/${id}/items`, 'coordinator-2', { itemCodes: v2Codes, note: '依据《餐饮服务食品安全监督管理办法》第三十九条增加量化分级公示' });
  await ok('POST', `/api/scenario-lists/${id}/submit`, 'coordinator-2');
  await ok('POST', `/api/scenario-lists/${id}/review`, 'reviewer-1', { decision: 'APPROVED', opinion: '依据充分，同意' });

  // A leader publishes, from a date not before today.
  await expectError('POST', `/api/scenario-lists/${id}/publish`, 'coordinator-2', { effectiveFrom: v2From }, 403, 'FORBIDDEN');
  const past = await expectError('POST', `/api/scenario-lists/${id}/publish`, 'leader-1', { effectiveFrom: '2026-07-05' }, 422, 'EFFECTIVE_DATE_IN_PAST');
  expect(past.message).toContain('早于发布当日');
  const published = await ok('POST', `/api/scenario-lists/${id}/publish`, 'leader-1', { effectiveFrom: v2From });
  expect(published.version).toMatchObject({ status: 'PUBLISHED', effectiveFrom: v2From, inEffect: false });

  // A published version never changes.
  const edit = await expectError('PUT', `/api/scenario-lists/${id}/items`, 'coordinator-2', { itemCodes: v1Codes }, 409, 'SCENARIO_LIST_PUBLISHED');
  expect(edit.message).toContain('新建版本');
  await expectError('POST', `/api/scenario-lists/${id}/publish`, 'leader-1', { effectiveFrom: afterV2 }, 409, 'SCENARIO_LIST_PUBLISHED');
  await expectError('POST', `/api/scenario-lists/${id}/submit`, 'coordinator-2', undefined, 409, 'SCENARIO_LIST_PUBLISHED');
  await expectError('PUT', `/api/scenario-lists/${v1Id}/items`, 'coordinator-2', { itemCodes: v2Codes }, 409, 'SCENARIO_LIST_PUBLISHED');
  const stored = await prisma.scenarioListVersion.findUniqueOrThrow({ where: { id }, include: { items: { include: { checkItem: true }, orderBy: { position: 'asc' } } } });
  expect({ effectiveFrom: stored.effectiveFrom, items: stored.items.map((i) => i.checkItem.code) }).toEqual({ effectiveFrom: v2From, items: v2Codes });

  // Who and when, every step, refused ones not among them.
  const shown = await ok('GET', `/api/scenario-lists/${id}`, 'leader-1');
  expect(shown.history.map((h: { action: string }) => h.action)).toEqual([
    'SCENARIO_LIST_DRAFTED',
    'SCENARIO_LIST_ITEMS_CHANGED',
    'SCENARIO_LIST_SUBMITTED',
    'SCENARIO_LIST_RETURNED',
    'SCENARIO_LIST_ITEMS_CHANGED',
    'SCENARIO_LIST_SUBMITTED',
    'SCENARIO_LIST_APPROVED',
    'SCENARIO_LIST_PUBLISHED',
  ]);
  expect(shown.history.every((h: { actorName: string | null; at: string }) => h.actorName && h.at)).toBe(true);

  // Today version 1 is still the one in effect; version 2 from its date.
  const versions = await ok('GET', '/api/scenario-lists?scenarioCode=RESTAURANT', 'market-1');
  expect(versions.map((v: { version: number; status: string; inEffect: boolean }) => [v.version, v.status, v.inEffect])).toEqual([
    [2, 'PUBLISHED', false],
    [1, 'PUBLISHED', true],
  ]);
  expect((await ok('GET', '/api/catalog/scenarios', 'coordinator-2')).find((s: { code: string }) => s.code === 'RESTAURANT').version.id).toBe(v1Id);

  // The visit scheduled under version 1 keeps its items and its version.
  expect(await assignedItems(first.id)).toEqual(firstItems);
  expect(await recordedVersion(first.id)).toBe(v1Id);
  expect((await ok('GET', `/api/inspections/${first.id}`, 'coordinator-2')).inspection.scenarioVersionId).toBe(v1Id);

  // A later version cannot take effect before the one already published.
  const v3 = await ok('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'RESTAURANT' }, 201);
  expect(v3.version).toMatchObject({ version: 3, basedOnId: v1Id });
  await ok('POST', `/api/scenario-lists/${v3.version.id}/submit`, 'coordinator-2');
  await ok('POST', `/api/scenario-lists/${v3.version.id}/review`, 'reviewer-1', { decision: 'APPROVED', opinion: '同意' });
  await expectError('POST', `/api/scenario-lists/${v3.version.id}/publish`, 'leader-1', { effectiveFrom: beforeV2 }, 422, 'EFFECTIVE_DATE_BEFORE_PUBLISHED');
  expect((await prisma.scenarioListVersion.findUniqueOrThrow({ where: { id: v3.version.id } })).status).toBe('REVIEWED');

  // A new visit after the effective date gets version 2's items (the other restaurant: the first one's is already scheduled that day) …
  const second = await ok('POST', '/api/inspections', 'coordinator-2', await scheduleBody(afterV2, undefined, 'restaurant-1'), 202);
  const secondItems = await assignedItems(second.id);
  expect(secondItems.FIRE).toEqual(['FIRE-01']);
  expect(secondItems.MARKET).toContain(NEW_ITEM.code);
  expect(await recordedVersion(second.id)).toBe(id);

  // … and an item outside version 2 is refused, naming the version.
  const outside = await expectError(
    'POST',
    '/api/inspections',
    'coordinator-2',
    await scheduleBody(afterV2, [{ code: 'MARKET' }, { code: 'FIRE', itemCodes: ['FIRE-01', 'FIRE-05'] }]),
    422,
    'ITEM_NOT_IN_SCENARIO',
  );
  expect(outside.message).toContain('FIRE-05');
  expect(outside.message).toContain('第2版');

  // Before version 2's date, version 1 still decides.
  const early = await ok('POST', '/api/inspections', 'coordinator-2', await scheduleBody(beforeV2, [{ code: 'MARKET' }, { code: 'FIRE', itemCodes: ['FIRE-05'] }]), 202);
  expect((await assignedItems(early.id)).FIRE).toEqual(['FIRE-05']);
  expect(await recordedVersion(early.id)).toBe(v1Id);

  // A plan's requests fit every version in effect during their window; its visits record theirs.
  const plan = await ok('POST', '/api/plans', 'coordinator-2', { name: '版本测试计划', periodStart: '2026-07-10', periodEnd: '2026-08-31' }, 202);
  await eventually(async () => expect(await prisma.plan.count({ where: { id: plan.id } })).toBe(1));
  const restaurant2 = (await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } })).id;
  const request = (windowStart: string, windowEnd: string) => ({
    requests: [{ targetId: restaurant2, departmentCode: 'FIRE', itemCodes: ['FIRE-05'], windowStart, windowEnd, reason: 'ANNUAL_PLAN' }],
  });
  const across = await expectError('POST', `/api/plans/${plan.id}/requests`, 'fire-1', request('2026-07-25', '2026-08-10'), 422, 'ITEM_NOT_IN_SCENARIO');
  expect(across.message).toContain('第2版');
  await ok('POST', `/api/plans/${plan.id}/requests`, 'fire-1', request('2026-07-10', '2026-07-25'));
  await ok('POST', `/api/plans/${plan.id}/merge`, 'coordinator-2', {});
  const visits = await eventually(async () => {
    const rows = await prisma.plannedVisit.findMany({ where: { planId: plan.id } });
    expect(rows).toHaveLength(1);
    return rows;
  });
  expect(visits[0].scenarioVersionId).toBe(v1Id);
});

test('a new catalog item must name its law and article, have a free code and a readable limit', async () => {
  const item = (overrides: Record<string, unknown>) => ({ ...NEW_ITEM, code: 'FIRE-91', departmentCode: 'FIRE', ...overrides });
  const basis = await expectError('POST', '/api/catalog/items', 'admin', item({ legalBasis: '消防法有关规定' }), 422, 'LEGAL_BASIS_INVALID');
  expect(basis.message).toContain('《》');
  await expectError('POST', '/api/catalog/items', 'admin', item({ legalBasis: '《中华人民共和国消防法》' }), 422, 'LEGAL_BASIS_INVALID');
  await expectError('POST', '/api/catalog/items', 'admin', item({ code: 'MARKET-92' }), 422, 'CHECK_ITEM_INVALID');
  const limit = await expectError(
    'POST',
    '/api/catalog/items',
    'admin',
    item({ measurement: { kind: 'NUMERIC', unit: 'MPa', limitMin: 5, validMin: 0, validMax: 2 } }),
    422,
    'CHECK_ITEM_INVALID',
  );
  expect(limit.issues?.[0]).toMatchObject({ path: 'body.measurement', message: expect.stringContaining('超出仪器可测范围') });
  await expectError('POST', '/api/catalog/items', 'admin', item({ departmentCode: 'NOPE', code: 'NOPE-01' }), 422, 'UNKNOWN_REFERENCE');
  await expectError('POST', '/api/catalog/items', 'admin', item({ extra: 1 }), 400, 'VALIDATION_FAILED');
  await expectError('POST', '/api/catalog/items', 'market-1', item({}), 403, 'FORBIDDEN');
  await expectError('POST', '/api/catalog/items', 'admin', item({ code: 'FIRE-01' }), 409, 'CHECK_ITEM_EXISTS');
  expect(await prisma.checkItem.count({ where: { code: 'FIRE-91' } })).toBe(0);

  const created = await ok('POST', '/api/catalog/items', 'admin', item({ measurement: { kind: 'NUMERIC', unit: 'MPa', limitMin: 0.1, validMin: 0, validMax: 2 } }));
  expect(created).toMatchObject({ code: 'FIRE-91', departmentCode: 'FIRE', measurement: { kind: 'NUMERIC', unit: 'MPa', limitMin: 0.1 } });
  const audit = await prisma.auditEvent.findMany({ where: { subjectType: 'CheckItem', action: 'CHECK_ITEM_CREATED' } });
  expect(audit.filter((a) => JSON.parse(a.payloadJson).code === 'FIRE-91')).toHaveLength(1);
});

test('unknown versions and scenarios are clear 4xx answers', async () => {
  await expectError('GET', '/api/scenario-lists/nope', 'coordinator-2', undefined, 404, 'SCENARIO_LIST_NOT_FOUND');
  await expectError('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'NOPE' }, 422, 'UNKNOWN_REFERENCE');
  await expectError('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'FARM_MARKET', itemCodes: [] }, 400, 'VALIDATION_FAILED');
  await expectError('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'FARM_MARKET', itemCodes: ['MARKET-01', 'MARKET-01'] }, 422, 'UNPROCESSABLE');
  expect(await prisma.scenarioListVersion.count({ where: { scenario: { code: 'FARM_MARKET' } } })).toBe(1);
});
