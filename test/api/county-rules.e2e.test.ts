/**
 * The county's 首违不罚 list and frequency caps as published versions, over real HTTP with the real
 * worker on the time-skipping server pinned to a day. The 首违不罚 list: version 2 drops MARKET-11
 * and adds a new minor catalog item; items that may not be on it are refused with the reason; the
 * legal reviewer returns then approves it, a leader publishes it from today; once published it
 * cannot change; a finding on the dropped item is refused 首违不罚 and one on the added item gets
 * it. The caps: version 2 published from a later date; a plan without caps of its own gets the
 * caps in effect on its first day.
 */
import { assignedItemOf } from '../../api/services/catalog';
import { COUNTY_RULE_SEGMENTS, type CountyRuleKind } from '../../domain/county-rules';
import type { DepartmentAssignment } from '../../domain/inspection';
import { DEFAULT_FREQUENCY_CAPS } from '../../domain/planning';
import { compliantResults, officerByKey } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';

// The pinned "today" (the API follows the server's clock); every date below is relative to it.
const today = '2026-04-27';

const { prisma, http, tokens } = useTestStack({
  officers: ['coordinator-2', 'market-1', 'fire-1', 'reviewer-1', 'reviewer-unqualified', 'leader-1', 'admin'],
  startAt: `${today}T09:00:00+08:00`,
});

const versionsPath = (kind: CountyRuleKind) => `/api/county-rules/${COUNTY_RULE_SEGMENTS[kind]}/versions`;

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

/** Submitted, approved by the legal reviewer, published by a leader from `effectiveFrom`. */
async function reviewAndPublish(kind: CountyRuleKind, id: string, effectiveFrom: string) {
  await ok('POST', `${versionsPath(kind)}/${id}/submit`, 'coordinator-2');
  await ok('POST', `${versionsPath(kind)}/${id}/review`, 'reviewer-1', { decision: 'APPROVED', opinion: '依据充分，同意' });
  return ok('POST', `${versionsPath(kind)}/${id}/publish`, 'leader-1', { effectiveFrom });
}

const NEW_ITEM = {
  code: 'MARKET-92',
  departmentCode: 'MARKET',
  title: '农贸市场经营者公示摊位信息',
  legalBasis: '《集贸市场计量监督管理办法》第七条',
  method: '现场查看摊位是否公示经营者姓名、经营品种和投诉电话',
  severity: 'MINOR',
  measurement: { kind: 'NONE' },
};

/** A farm-market visit today in which MARKET finds `violations` (to rectify) and FIRE nothing; its findings by item code. */
async function farmMarketVisitWithFindings(violations: string[]): Promise<Record<string, string>> {
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'farm-market-1' } });
  const [market, fire] = await Promise.all([officerByKey(prisma, 'market-1'), officerByKey(prisma, 'fire-1')]);
  const scheduled = await ok(
    'POST',
    '/api/inspections',
    'coordinator-2',
    {
      targetId: target.id,
      scenarioCode: 'FARM_MARKET',
      scheduledFor: today,
      departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
      team: [{ officerId: market.id, isLead: true }, { officerId: fire.id }],
    },
    202,
  );
  const id: string = scheduled.id;
  const assigned: Record<string, string[]> = await eventually(async () => {
    const detail = await ok('GET', `/api/inspections/${id}`, 'coordinator-2');
    expect(detail.state?.persisted).toBe(true);
    return Object.fromEntries(detail.state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes]));
  });
  await ok('POST', `/api/inspections/${id}/check-in`, 'coordinator-2', { officerIds: [market.id, fire.id] });
  const assignment = async (code: string): Promise<DepartmentAssignment> => {
    const rows = await prisma.checkItem.findMany({ where: { code: { in: assigned[code] } }, include: { department: true } });
    const items = assigned[code].map((c) => assignedItemOf(rows.find((r) => r.code === c)!));
    return { departmentCode: code, departmentName: rows[0].department.name, items };
  };
  const marketResults = compliantResults(await assignment('MARKET')).map((r) =>
    violations.includes(r.itemCode)
      ? { itemCode: r.itemCode, outcome: 'NON_COMPLIANT' as const, note: '现场发现该项不符合要求，已当场告知经营者', evidence: [`photo-${r.itemCode}.jpg`], proposedAction: 'RECTIFY' as const }
      : r,
  );
  await ok('PUT', `/api/inspections/${id}/checks/MARKET`, 'market-1', { results: marketResults });
  await ok('PUT', `/api/inspections/${id}/checks/FIRE`, 'fire-1', { results: compliantResults(await assignment('FIRE')) });
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('FOLLOW_UP'));
  const findings = await prisma.finding.findMany({ where: { inspectionId: id }, include: { checkItem: true } });
  return Object.fromEntries(findings.map((f) => [f.checkItem.code, f.id]));
}

test('首违不罚 list: drafted, refused items named, reviewed, published, never changed; dispositions follow the version in effect', async () => {
  const path = versionsPath('NO_PENALTY_LIST');
  // Version 1 (the shipped list) is in effect today.
  const [v1] = await ok('GET', path, 'market-1');
  expect(v1).toMatchObject({ version: 1, status: 'PUBLISHED', effectiveFrom: '2000-01-01', inEffect: true });
  const v1Detail = await ok('GET', `${path}/${v1.id}`, 'market-1');
  expect(v1Detail.itemCodes).toContain('MARKET-11');

  // A new minor catalog item, put on the farm market's scenario list (from today).
  await ok('POST', '/api/catalog/items', 'coordinator-2', NEW_ITEM);
  const scenarioDraft = await ok('POST', '/api/scenario-lists', 'coordinator-2', { scenarioCode: 'FARM_MARKET' }, 201);
  await ok('PUT', `/api/scenario-lists/${scenarioDraft.version.id}/items`, 'coordinator-2', {
    itemCodes: [...scenarioDraft.items.map((i: { code: string }) => i.code), NEW_ITEM.code],
  });
  await ok('POST', `/api/scenario-lists/${scenarioDraft.version.id}/submit`, 'coordinator-2');
  await ok('POST', `/api/scenario-lists/${scenarioDraft.version.id}/review`, 'reviewer-1', { decision: 'APPROVED', opinion: '同意' });
  await ok('POST', `/api/scenario-lists/${scenarioDraft.version.id}/publish`, 'leader-1', { effectiveFrom: today });

  // Items that may not be on the list are refused, each with its reason, and nothing is written.
  const v2Codes: string[] = [...v1Detail.itemCodes.filter((c: string) => c !== 'MARKET-11'), NEW_ITEM.code];
  const refused = await expectError('POST', path, 'coordinator-2', { itemCodes: [...v2Codes, 'FIRE-04', 'MARKET-01'] }, 422, 'NO_PENALTY_ITEM_NOT_ALLOWED');
  expect(refused.issues).toEqual([
    expect.objectContaining({ path: `body.itemCodes[${v2Codes.length}]`, message: expect.stringContaining('消防或安全生产') }),
    expect.objectContaining({ path: `body.itemCodes[${v2Codes.length + 1}]`, message: expect.stringContaining('“一般”') }),
  ]);
  await expectError('POST', path, 'coordinator-2', { itemCodes: ['MARKET-99'] }, 422, 'UNKNOWN_REFERENCE');
  await expectError('POST', path, 'coordinator-2', { caps: DEFAULT_FREQUENCY_CAPS }, 400, 'VALIDATION_FAILED');
  await expectError('POST', path, 'market-1', {}, 403, 'FORBIDDEN');
  expect(await prisma.countyRuleVersion.count({ where: { kind: 'NO_PENALTY_LIST' } })).toBe(1);

  // Version 2, copied from the version in effect, then edited.
  const created = await http('POST', path, { token: tokens['coordinator-2'], body: { note: '删除 MARKET-11，增加摊位信息公示' } });
  expect(created.status).toBe(201);
  expect(created.body.version).toMatchObject({ version: 2, status: 'DRAFT', basedOnId: v1.id, inEffect: false });
  expect(created.headers.get('location')).toBe(`${path}/${created.body.version.id}`);
  expect(created.body.itemCodes).toEqual(v1Detail.itemCodes);
  const id: string = created.body.version.id;
  await expectError('POST', path, 'coordinator-2', {}, 409, 'COUNTY_RULE_DRAFT_EXISTS');
  const edited = await ok('PUT', `${path}/${id}`, 'coordinator-2', { itemCodes: v2Codes });
  expect(edited.changes).toEqual({ added: [NEW_ITEM.code], removed: ['MARKET-11'], caps: [] });

  // Order of the steps; only a qualified reviewer; returned, revised, approved; a leader publishes.
  await expectError('POST', `${path}/${id}/publish`, 'leader-1', { effectiveFrom: today }, 409, 'COUNTY_RULE_INVALID_STATE');
  await ok('POST', `${path}/${id}/submit`, 'coordinator-2');
  await expectError('PUT', `${path}/${id}`, 'coordinator-2', { itemCodes: v2Codes }, 409, 'COUNTY_RULE_INVALID_STATE');
  await expectError('POST', `${path}/${id}/review`, 'reviewer-unqualified', { decision: 'APPROVED', opinion: '同意' }, 403, 'REVIEWER_NOT_ELIGIBLE');
  const returned = await ok('POST', `${path}/${id}/review`, 'reviewer-1', { decision: 'RETURNED', opinion: '请写明删除 MARKET-11 的理由' });
  expect(returned.version).toMatchObject({ status: 'RETURNED', reviewOpinion: '请写明删除 MARKET-11 的理由' });
  await ok('PUT', `${path}/${id}`, 'coordinator-2', { itemCodes: v2Codes, note: 'MARKET-11 近年多发，不再适用首违不罚' });
  await ok('POST', `${path}/${id}/submit`, 'coordinator-2');
  await ok('POST', `${path}/${id}/review`, 'reviewer-1', { decision: 'APPROVED', opinion: '依据充分，同意' });
  await expectError('POST', `${path}/${id}/publish`, 'coordinator-2', { effectiveFrom: today }, 403, 'FORBIDDEN');
  await expectError('POST', `${path}/${id}/publish`, 'leader-1', { effectiveFrom: '2026-04-26' }, 422, 'EFFECTIVE_DATE_IN_PAST');
  const published = await ok('POST', `${path}/${id}/publish`, 'leader-1', { effectiveFrom: today });
  expect(published.version).toMatchObject({ status: 'PUBLISHED', effectiveFrom: today, inEffect: true });

  // A published version never changes.
  const edit = await expectError('PUT', `${path}/${id}`, 'coordinator-2', { itemCodes: v1Detail.itemCodes }, 409, 'COUNTY_RULE_PUBLISHED');
  expect(edit.message).toContain('新建版本');
  await expectError('PUT', `${path}/${v1.id}`, 'coordinator-2', { itemCodes: v2Codes }, 409, 'COUNTY_RULE_PUBLISHED');
  await expectError('POST', `${path}/${id}/publish`, 'leader-1', { effectiveFrom: '2026-05-01' }, 409, 'COUNTY_RULE_PUBLISHED');
  const stored = await prisma.countyRuleVersion.findUniqueOrThrow({ where: { id } });
  expect({ effectiveFrom: stored.effectiveFrom, items: JSON.parse(stored.contentJson) }).toEqual({ effectiveFrom: today, items: [...v2Codes].sort() });

  // Who and when, every step, refused ones not among them.
  const shown = await ok('GET', `${path}/${id}`, 'leader-1');
  expect(shown.history.map((h: { action: string }) => h.action)).toEqual([
    'COUNTY_RULE_DRAFTED',
    'COUNTY_RULE_CHANGED',
    'COUNTY_RULE_SUBMITTED',
    'COUNTY_RULE_RETURNED',
    'COUNTY_RULE_CHANGED',
    'COUNTY_RULE_SUBMITTED',
    'COUNTY_RULE_APPROVED',
    'COUNTY_RULE_PUBLISHED',
  ]);
  expect(shown.history.every((h: { actorName: string | null; at: string }) => h.actorName && h.at)).toBe(true);
  expect((await ok('GET', path, 'market-1')).map((v: { version: number; inEffect: boolean }) => [v.version, v.inEffect])).toEqual([
    [2, true],
    [1, false],
  ]);

  // The dropped item is no longer 首违不罚; the added one is.
  const findings = await farmMarketVisitWithFindings(['MARKET-11', NEW_ITEM.code]);
  const dropped = await ok('GET', `/api/findings/${findings['MARKET-11']}/no-penalty-suggestion`, 'market-1');
  expect(dropped).toMatchObject({ suggested: false, reasons: expect.arrayContaining([expect.stringContaining('未列入首违不罚')]) });
  const refusedDisposition = await expectError(
    'POST',
    `/api/findings/${findings['MARKET-11']}/disposition`,
    'market-1',
    { outcome: 'NO_PENALTY', correction: '已当场改正' },
    422,
    'NO_PENALTY_NOT_APPLICABLE',
  );
  expect(refusedDisposition.message).toContain('未列入首违不罚');
  expect(await prisma.finding.findUniqueOrThrow({ where: { id: findings['MARKET-11'] } })).toMatchObject({ outcome: null });
  const added = await ok('GET', `/api/findings/${findings[NEW_ITEM.code]}/no-penalty-suggestion`, 'market-1');
  expect(added).toMatchObject({ suggested: true });
  await ok('POST', `/api/findings/${findings[NEW_ITEM.code]}/disposition`, 'market-1', { outcome: 'NO_PENALTY', correction: '已当场补充公示摊位信息' });
  await eventually(async () => expect(await prisma.finding.findUniqueOrThrow({ where: { id: findings[NEW_ITEM.code] } })).toMatchObject({ outcome: 'NO_PENALTY' }));
});

test('frequency caps: version 2 published from a later date; a plan without caps gets those in effect on its first day', async () => {
  const path = versionsPath('FREQUENCY_CAPS');
  const [v1] = await ok('GET', path, 'leader-1');
  expect(v1).toMatchObject({ version: 1, status: 'PUBLISHED', inEffect: true });
  expect((await ok('GET', `${path}/${v1.id}`, 'leader-1')).caps).toEqual(DEFAULT_FREQUENCY_CAPS);
  // An id of the other kind is not a caps version.
  const [npl] = await ok('GET', versionsPath('NO_PENALTY_LIST'), 'leader-1');
  await expectError('GET', `${path}/${npl.id}`, 'leader-1', undefined, 404, 'COUNTY_RULE_NOT_FOUND');

  // Bad caps: validated like a plan's caps; an unknown department named.
  await expectError('POST', path, 'coordinator-2', { caps: { ...DEFAULT_FREQUENCY_CAPS, visitsPerTarget: -1 } }, 400, 'VALIDATION_FAILED');
  await expectError('POST', path, 'coordinator-2', { itemCodes: ['MARKET-11'] }, 400, 'VALIDATION_FAILED');
  const unknown = await expectError('POST', path, 'coordinator-2', { caps: { perDepartment: { NOPE: 1 } } }, 422, 'UNKNOWN_REFERENCE');
  expect(unknown.issues).toEqual([expect.objectContaining({ path: 'body.caps.perDepartment.NOPE', message: expect.stringContaining('NOPE') })]);

  const caps = { perDepartment: { HEALTH: 1, ECOENV: 2, MARKET: 2 }, defaultPerDepartment: 3, visitsPerTarget: 3 };
  const created = await http('POST', path, { token: tokens['admin'], body: { caps, note: '按2025年部门规定收紧' } });
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe(`${path}/${created.body.version.id}`);
  expect(created.body.version).toMatchObject({ version: 2, status: 'DRAFT', basedOnId: v1.id });
  expect(created.body.changes.caps.map((c: { field: string; before: number | null; after: number | null }) => [c.field, c.before, c.after])).toEqual([
    ['perDepartment.HEALTH', 2, 1],
    ['perDepartment.MARKET', null, 2],
    ['defaultPerDepartment', null, 3],
    ['visitsPerTarget', 4, 3],
  ]);
  const id: string = created.body.version.id;
  const published = await reviewAndPublish('FREQUENCY_CAPS', id, '2026-07-01');
  expect(published.version).toMatchObject({ status: 'PUBLISHED', effectiveFrom: '2026-07-01', inEffect: false });
  await expectError('PUT', `${path}/${id}`, 'coordinator-2', { caps: DEFAULT_FREQUENCY_CAPS }, 409, 'COUNTY_RULE_PUBLISHED');
  expect(JSON.parse((await prisma.countyRuleVersion.findUniqueOrThrow({ where: { id } })).contentJson)).toEqual(caps);

  // A later version cannot take effect before the one already published.
  const v3 = await ok('POST', path, 'coordinator-2', {}, 201);
  expect(v3.version).toMatchObject({ version: 3, basedOnId: v1.id });
  await ok('POST', `${path}/${v3.version.id}/submit`, 'coordinator-2');
  await ok('POST', `${path}/${v3.version.id}/review`, 'reviewer-1', { decision: 'APPROVED', opinion: '同意' });
  await expectError('POST', `${path}/${v3.version.id}/publish`, 'leader-1', { effectiveFrom: '2026-06-01' }, 422, 'EFFECTIVE_DATE_BEFORE_PUBLISHED');

  // Plans without caps take the published caps in effect on their first day; given caps are kept.
  const planCaps = async (body: Record<string, unknown>) => {
    const plan = await ok('POST', '/api/plans', 'coordinator-2', body, 202);
    return eventually(async () => JSON.parse((await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).capsJson) as unknown);
  };
  expect(await planCaps({ name: '下半年计划', periodStart: '2026-07-10', periodEnd: '2026-12-31' })).toEqual(caps);
  expect(await planCaps({ name: '上半年计划', periodStart: '2026-05-04', periodEnd: '2026-06-30' })).toEqual(DEFAULT_FREQUENCY_CAPS);
  const own = { perDepartment: {}, defaultPerDepartment: null, visitsPerTarget: 1 };
  expect(await planCaps({ name: '专项计划', periodStart: '2026-07-10', periodEnd: '2026-08-31', caps: own })).toEqual(own);
});
