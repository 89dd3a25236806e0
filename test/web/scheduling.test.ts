/**
 * The coordinator's scheduling on a phone (390×844, one desktop 1366×900 screenshot per screen),
 * against the real API, worker, Temporal server and database, pinned to Monday 2026-11-16: find
 * the business by credit code, the scenario's listed items only, the team with each certificate's
 * validity (an expired one cannot be picked), the two-officer rule shown while choosing, save →
 * the visit is in the week; a second visit of the same business close by is refused by the API
 * and joined instead (拼团); the visit is cancelled with a reason; a department's yearly cap reached
 * is shown from the API's refusal and a statutory exception with a note schedules anyway. axe-core finds no serious or
 * critical violation on these pages, and none scrolls sideways at 375 px.
 */
import { expect, test, beforeAll } from '@jest/globals';
import { buildWeb } from '../../scripts/build-web';
import { createPlan, officerByKey } from '../support/factories';
import { useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, desktopShot, hashPath, usePhones } from './support';

const stack = useTestStack({ name: 'web-scheduling', officers: ['admin', 'coordinator-2'], startAt: '2026-11-16T09:00:00+08:00' });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);

beforeAll(async () => {
  buildWeb(() => undefined);
  await openAccounts(['coordinator-2']);
}, 120_000);

const ids = async (...keys: string[]) => Promise.all(keys.map(async (k) => (await officerByKey(stack.prisma, k)).id));
const detailOf = async (id: string) => (await stack.http('GET', `/api/inspections/${id}`, { token: stack.tokens['coordinator-2'] })).body;

test('a coordinator schedules a joint visit from the phone, joins a second one to it (拼团) and cancels it with a reason', async () => {
  const target = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } });
  const [market1, marketExpired, fire1, safety1, safety2] = await ids('market-1', 'market-expired', 'fire-1', 'safety-1', 'safety-2');
  const catalog = (await stack.http('GET', '/api/catalog/scenarios', { token: stack.tokens['coordinator-2'] })).body as { code: string; items: { code: string; departmentCode: string }[] }[];
  const listed = catalog.find((s) => s.code === 'RESTAURANT')!.items;
  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  expect(hashPath(page)).toBe('/visits');

  // The business by a part of its credit code; its scenario comes preselected.
  await page.locator('[data-test=new-visit]').click();
  await page.locator('[data-test=schedule-form]').waitFor();
  await page.locator('[data-test=business-query] input').fill(target.creditCode.slice(4, 14));
  await page.locator('[data-test=business-search]').click();
  await page.locator(`[data-business="${target.id}"]`).click();
  expect(await page.locator('[data-test=business]').innerText()).toContain(target.name);
  await expect(page.locator('[data-scenario=RESTAURANT]').getAttribute('aria-checked')).resolves.toBe('true');

  // MARKET with its listed items (all picked), one left out; only the list's items are offered.
  await page.locator('[data-department=MARKET] > .van-checkbox').click();
  const offered = await page.locator('[data-department=MARKET] [data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
  expect(offered).toEqual(listed.filter((i) => i.departmentCode === 'MARKET').map((i) => i.code));
  await page.locator('[data-item=MARKET-08]').click();

  // The team: an expired certificate is marked and cannot be picked; the rule's verdict follows each choice.
  const expired = page.locator(`[data-officer="${marketExpired}"]`);
  expect(await expired.getAttribute('data-valid')).toBe('false');
  expect(await expired.innerText()).toContain('执法证至 2025-06-30，检查日已过期，不能编入');
  await expired.locator('.van-checkbox').click();
  expect(await expired.locator('[role=checkbox]').getAttribute('aria-checked')).toBe('false');
  await page.locator(`[data-officer="${market1}"] .van-checkbox`).click();
  const rule = page.locator('[data-test=team-rule]');
  expect(await rule.getAttribute('data-met')).toBe('false');
  expect(await rule.innerText()).toContain('现场须有至少2名持有效执法证的执法人员');
  await page.locator('[data-department=FIRE] > .van-checkbox').click();
  await page.locator(`[data-officer="${fire1}"] .van-checkbox`).click();
  expect(await rule.getAttribute('data-met')).toBe('true');
  await checkPage(page, 'schedule');
  await desktopShot(page, 'schedule');

  await page.locator('[data-test=save]').click();
  await page.waitForURL(/#\/visits$/);
  const [visit] = (await stack.http('GET', `/api/inspections?targetId=${target.id}`, { token: stack.tokens['coordinator-2'] })).body.items;
  await page.locator(`[data-inspection="${visit.id}"]`).waitFor();
  expect(hashPath(page)).toBe('/visits');
  expect(await page.locator(`[data-inspection="${visit.id}"]`).innerText()).toContain(target.name);
  let state = (await detailOf(visit.id)).state;
  expect(state.departments.map((d: { departmentCode: string; itemCodes: string[] }) => [d.departmentCode, d.itemCodes])).toEqual([
    ['MARKET', listed.filter((i) => i.departmentCode === 'MARKET' && i.code !== 'MARKET-08').map((i) => i.code)],
    ['FIRE', listed.filter((i) => i.departmentCode === 'FIRE').map((i) => i.code)],
  ]);

  // SAFETY for the same business two days later: the API refuses a second visit and names the one to join.
  await page.locator('[data-test=new-visit]').click();
  await page.locator('[data-test=business-query] input').fill('豆花');
  await page.locator('[data-test=business-search]').click();
  await page.locator(`[data-business="${target.id}"]`).click();
  await page.locator('[data-test=date] input').fill('2026-11-18');
  await page.locator('[data-department=SAFETY] > .van-checkbox').click();
  await page.locator(`[data-officer="${safety1}"] .van-checkbox`).click();
  await page.locator(`[data-officer="${safety2}"] .van-checkbox`).click();
  expect(await rule.getAttribute('data-met')).toBe('true');
  await page.locator('[data-test=save]').click();
  const existing = page.locator(`[data-existing="${visit.id}"]`);
  await existing.waitFor();
  const existingText = await existing.innerText();
  expect(existingText).toContain(`${visit.scheduledFor} 的联合检查（`);
  for (const d of visit.departments as { name: string }[]) expect(existingText).toContain(d.name);
  await checkPage(page, 'schedule-join');
  await desktopShot(page, 'schedule-join');
  await existing.locator('[data-test=join]').click();
  await page.locator(`[data-inspection="${visit.id}"]`).waitFor();
  state = (await detailOf(visit.id)).state;
  expect(state.departments.map((d: { departmentCode: string }) => d.departmentCode)).toEqual(['MARKET', 'FIRE', 'SAFETY']);
  expect((await stack.http('GET', `/api/inspections?targetId=${target.id}`, { token: stack.tokens['coordinator-2'] })).body.total).toBe(1);

  // Cancelled with a reason: without one, the API's refusal is shown and nothing changes.
  const cancel = page.locator(`[data-cancel="${visit.id}"]`);
  await cancel.locator('[data-test=cancel-open]').click();
  await checkPage(page, 'visits-cancel');
  await desktopShot(page, 'visits-cancel');
  await cancel.locator('[data-test=cancel-confirm]').click();
  await cancel.locator('[data-test=cancel-error]').waitFor();
  expect((await detailOf(visit.id)).inspection.status).toBe('SCHEDULED');
  await cancel.locator('[data-test=cancel-reason] textarea').fill('企业停业装修，待复业后再查');
  await cancel.locator('[data-test=cancel-confirm]').click();
  await page.locator(`[data-inspection="${visit.id}"][data-status=CANCELLED]`).waitFor();
  const cancelled = (await detailOf(visit.id)).inspection;
  expect([cancelled.status, cancelled.cancelReason]).toEqual(['CANCELLED', '企业停业装修，待复业后再查']);
  expect(await page.locator(`[data-cancel="${visit.id}"]`).count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 240_000);

test('the frequency cap reached is shown from the API\'s refusal; a statutory exception with a note schedules the visit', async () => {
  const target = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const [ecoenv1, ecoenv2] = await ids('ecoenv-1', 'ecoenv-2');
  const team = [{ officerId: ecoenv1 }, { officerId: ecoenv2 }];
  // ECOENV's yearly cap (2 by default) used by two visits outside each other's join window.
  for (const scheduledFor of ['2026-11-20', '2026-12-10']) {
    const scheduled = await stack.http('POST', '/api/inspections', {
      token: stack.tokens['coordinator-2'],
      body: { targetId: target.id, scenarioCode: 'RESTAURANT', scheduledFor, departments: [{ code: 'ECOENV' }], team },
    });
    expect(scheduled.status).toBe(202);
  }
  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  await page.locator('[data-test=new-visit]').click();
  await page.locator('[data-test=business-query] input').fill(target.name);
  await page.locator('[data-test=business-search]').click();
  await page.locator(`[data-business="${target.id}"]`).click();
  await page.locator('[data-test=date] input').fill('2026-12-28');
  await page.locator('[data-department=ECOENV] > .van-checkbox').click();
  await page.locator(`[data-officer="${ecoenv1}"] .van-checkbox`).click();
  await page.locator(`[data-officer="${ecoenv2}"] .van-checkbox`).click();
  await page.locator('[data-test=save]').click();
  const cap = page.locator('[data-test=cap]');
  await cap.waitFor();
  expect(await cap.allInnerTexts()).toEqual([expect.stringMatching(/生态环境.*本年度检查次数：上限 2 次，已 2 次$/)]);
  await checkPage(page, 'schedule-cap');
  await desktopShot(page, 'schedule-cap');

  await page.locator('[data-reason=COMPLAINT]').click();
  await page.locator('[data-test=exception-note] textarea').fill('12345 热线投诉 TS-2026-1208：后厨油烟直排');
  await page.locator('[data-test=save]').click();
  await page.waitForURL(/#\/visits$/);
  const listed = (await stack.http('GET', `/api/inspections?targetId=${target.id}&from=2026-12-28&to=2026-12-28`, { token: stack.tokens['coordinator-2'] })).body.items;
  expect(listed.map((v: { departments: { code: string }[] }) => v.departments.map((d) => d.code))).toEqual([['ECOENV']]);
  const audit = await stack.prisma.auditEvent.findMany({ where: { subjectId: listed[0].id } });
  expect(JSON.stringify(audit)).toContain('TS-2026-1208');
  expect(errors).toEqual([]);
  await context.close();
}, 240_000);

test('the plans: the list, and one plan merged, approved and published from the phone, the plan\'s workflow doing each step', async () => {
  const planId = await createPlan({ ...stack, name: '2026年12月餐饮店联合检查计划', periodStart: '2026-11-23', periodEnd: '2026-12-20' });
  const target = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } });
  const window = { windowStart: '2026-11-23', windowEnd: '2026-11-30' };
  const requests = await stack.http('POST', `/api/plans/${planId}/requests`, {
    token: stack.tokens['coordinator-2'],
    body: {
      requests: [
        { targetId: target.id, departmentCode: 'MARKET', itemCodes: ['MARKET-01'], reason: 'ANNUAL_PLAN', ...window },
        { targetId: target.id, departmentCode: 'FIRE', itemCodes: ['FIRE-01'], reason: 'COMPLAINT', ...window },
      ],
    },
  });
  expect(requests.status).toBe(200);

  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  await page.locator('[data-test=plans]').click();
  const card = page.locator(`[data-plan="${planId}"]`);
  await card.waitFor();
  expect(await card.getAttribute('data-status')).toBe('DRAFT');
  expect(await card.innerText()).toContain('2026-11-23 至 2026-12-20 · 草拟');
  // Only the steps the plan is ready for: approving an unmerged plan is not offered.
  expect(await card.locator('[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual(['merge']);
  await checkPage(page, 'plans');
  await desktopShot(page, 'plans');

  for (const [step, status] of [['merge', 'MERGED'], ['approve', 'APPROVED']] as const) {
    await card.locator(`[data-step=${step}]`).click();
    await page.locator(`[data-plan="${planId}"][data-status=${status}]`).waitFor();
  }
  // Published, the plan's workflow goes on at once to executing (it starts each visit on its date).
  await card.locator('[data-step=publish]').click();
  await page.locator(`[data-plan="${planId}"][data-status=EXECUTING]`).waitFor();
  expect(await card.innerText()).toContain('执行中');
  expect(await card.locator('[data-step]').count()).toBe(0);
  const detail = (await stack.http('GET', `/api/plans/${planId}`, { token: stack.tokens['coordinator-2'] })).body;
  expect(detail.plan?.status ?? detail.status).toBe('EXECUTING');
  expect(detail.visits.map((v: { departments: { departmentCode: string }[] }) => v.departments.map((d) => d.departmentCode).sort())).toEqual([['FIRE', 'MARKET']]);
  expect(errors).toEqual([]);
  await context.close();
}, 240_000);

test('a plan is made with 新建计划 (a refusal shown in the API\'s words first); its check requests and a 双随机 draw are added from the phone; merged, its visits and the draw are listed', async () => {
  const target = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const coordinator = await officerByKey(stack.prisma, 'coordinator-2');
  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  await page.locator('[data-test=plans]').click();
  await page.locator('[data-test=new-plan]').click();
  const form = page.locator('[data-test=plan-form]');
  await form.waitFor();
  await checkPage(page, 'plan-new');
  await page.locator('[data-test=plan-name] input').fill('2026年12月农贸市场与餐饮计划');
  // An end before the start: the API refuses, and its words are shown; nothing is made.
  await page.locator('[data-test=plan-start] input').fill('2026-11-23');
  await page.locator('[data-test=plan-end] input').fill('2026-11-20');
  await page.locator('[data-test=create-plan]').click();
  await expect(page.locator('[data-test=plan-form-error]').innerText()).resolves.toContain('计划结束日期不能早于开始日期');
  expect(await stack.prisma.plan.count({ where: { name: '2026年12月农贸市场与餐饮计划' } })).toBe(0);
  // Corrected, with a cap of its own: the plan is made and its own page opens.
  await page.locator('[data-test=plan-end] input').fill('2026-12-20');
  await page.locator('[data-test=plan-visits-per-target] input').fill('10');
  await page.locator('[data-test=create-plan]').click();
  const meta = page.locator('[data-test=plan-meta]');
  await meta.waitFor();
  expect(await meta.innerText()).toContain('2026-11-23 至 2026-12-20 · 草拟 · 检查需求 0 条');
  const planId = hashPath(page).replace('/plans/', '');
  const plan = await stack.prisma.plan.findUniqueOrThrow({ where: { id: planId } });
  expect([plan.name, plan.createdById, plan.periodStart.toISOString().slice(0, 10), plan.periodEnd.toISOString().slice(0, 10)]).toEqual([
    '2026年12月农贸市场与餐饮计划',
    coordinator.id,
    '2026-11-23',
    '2026-12-20',
  ]);
  expect(JSON.parse(plan.capsJson)).toMatchObject({ visitsPerTarget: 10, defaultPerDepartment: null });

  // Two requests for one restaurant: MARKET (one item left out) and FIRE, in the plan's first week.
  for (const [n, [department, reason]] of ([['MARKET', 'ANNUAL_PLAN'], ['FIRE', 'COMPLAINT']] as const).entries()) {
    await page.locator('[data-test=business-query] input').fill(target.name.slice(0, 4));
    await page.locator('[data-test=business-search]').click();
    await page.locator(`[data-business="${target.id}"]`).click();
    await page.locator(`[data-department=${department}] > .van-radio`).click();
    if (department === 'MARKET') await page.locator('[data-item=MARKET-08]').click();
    await page.locator('[data-test=window-end] input').fill('2026-11-30');
    await page.locator(`[data-reason=${reason}]`).click();
    await page.locator('[data-test=add-request]').click();
    // The page reads the plan again once the API has taken the request: the count says so.
    await page.locator('[data-test=plan-meta]', { hasText: `检查需求 ${n + 1} 条` }).waitFor();
    expect(await page.locator('[data-test=done]').innerText()).toBe('已添加检查需求');
  }
  const requests = await stack.prisma.checkRequest.findMany({ where: { planId }, include: { department: true } });
  requests.sort((a, b) => a.department.code.localeCompare(b.department.code));
  expect(requests.map((r) => [r.department.code, r.reason, r.targetId, r.windowEnd.toISOString().slice(0, 10)])).toEqual([
    ['FIRE', 'COMPLAINT', target.id, '2026-11-30'],
    ['MARKET', 'ANNUAL_PLAN', target.id, '2026-11-30'],
  ]);
  expect(JSON.parse(requests[1].itemCodesJson)).not.toContain('MARKET-08');
  await checkPage(page, 'plan-requests');
  await desktopShot(page, 'plan-requests');

  // A draw for the farm markets, seed given: it is listed with its public record.
  await page.locator('[data-draw-scenario=FARM_MARKET]').click();
  await page.locator('[data-test=seed] input').fill('onevisit-2026-12');
  await page.locator('[data-test=draw]').click();
  await page.locator('[data-draw]').waitFor();
  expect(await page.locator('[data-draw]').innerText()).toContain('onevisit-2026-12');

  // Merged from the list: the restaurant's two requests are one joint visit.
  await page.locator('.van-nav-bar__left').click();
  await page.locator(`[data-plan="${planId}"] [data-step=merge]`).click();
  await page.locator(`[data-plan="${planId}"][data-status=MERGED]`).waitFor();
  await page.locator(`[data-plan="${planId}"] [data-test=open-plan]`).click();
  const visit = page.locator('[data-visit]', { hasText: target.name });
  await visit.waitFor();
  expect(await visit.innerText()).toMatch(/市场监督.*消防|消防.*市场监督/s);
  expect(errors).toEqual([]);
  await context.close();
}, 240_000);
