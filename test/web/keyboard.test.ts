/**
 * #14: every page usable with the keyboard. In a real browser against the real stack, on the
 * pinned clock: a department inspector logs in (the first login changes the password), opens
 * today's visit, fills the checklist and submits it with Tab, Shift+Tab, Enter, Space and the
 * arrow keys only — no click, no tap — and the API holds exactly those results. Then, on the
 * inspector's main pages (login, worklist, checklist, findings, 532 board, inbox), the
 * coordinator's (the week, scheduling, plans with the 新建计划 form, a plan's page), the legal
 * reviewer's (queue, a proposal), the leader's (dashboard, a decision) and the ADMIN's (menu,
 * officers, an officer, businesses, scenario lists, calendar, tokens), every interactive element
 * is reached by Tab and, focused, shows a visible focus indicator; and each of those roles does its
 * main step by keyboard alone: the reviewer returns a proposal and approves its revision, the
 * leader opens a decision, the ADMIN opens and saves an officer, searches the businesses and
 * issues a token. A person with a second factor logs in once in this file (a code is good once).
 */
import { expect, test, beforeAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DepartmentAssignment } from '../../domain/inspection';
import { assignmentsFor, compliantResults, compliantValue, createPlan, officerByKey, PENALTY_PROPOSAL, restaurantVisitRequest, resultsWithViolation, violatingValue } from '../support/factories';
import { buildWeb } from '../../scripts/build-web';
import { useTestBrowser, useTestStack } from '../support/harness';
import { PASSWORD, usePhones } from './support';

const TODAY = '2026-11-16';
const stack = useTestStack({ name: 'web-keyboard', officers: ['admin', 'coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'leader-1'], startAt: `${TODAY}T09:00:00+08:00` });
const browser = useTestBrowser();
const { accounts, openAccounts, device, logIn } = usePhones(stack, browser);
let market: DepartmentAssignment;
const visits = { keyboard: '', tour: '' };

async function visitOnSite(targetKey: string): Promise<string> {
  const body = await restaurantVisitRequest(stack.prisma, { targetKey, scheduledFor: TODAY });
  const scheduled = await stack.http('POST', '/api/inspections', { token: stack.tokens['coordinator-2'], body });
  expect(scheduled.status).toBe(202);
  const checkIn = await stack.http('POST', `/api/inspections/${scheduled.body.id}/check-in`, { token: stack.tokens['coordinator-2'], body: { officerIds: body.team.map((m) => m.officerId) } });
  expect(checkIn.status).toBe(200);
  return scheduled.body.id;
}

beforeAll(async () => {
  buildWeb(() => undefined);
  await openAccounts(['market-1', 'coordinator-2', 'reviewer-1', 'leader-1', 'admin']);
  [market] = await assignmentsFor(stack.prisma, 'RESTAURANT', ['MARKET']);
  expect(market.items.some((i) => i.measurement.kind === 'NUMERIC')).toBe(true);
  visits.keyboard = await visitOnSite('restaurant-1');
  visits.tour = await visitOnSite('restaurant-2');
}, 60_000);

/** Whether the focused element matches `selector` (and, when given, has exactly `text`). */
const focusedIs = (page: Page, selector: string, text?: string) =>
  page.evaluate(
    ([s, t]) => {
      const el = (globalThis as any).document.activeElement;
      return !!el && el.matches(s) && (t === null || el.textContent.trim() === t);
    },
    [selector, text ?? null] as const,
  );

/** Presses Tab (or Shift+Tab) until the focus is on `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, options: { text?: string; back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (options.max ?? 80); i++) {
    if (await focusedIs(page, selector, options.text)) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}${options.text ? ` "${options.text}"` : ''}`);
}

const checked = (page: Page, code: string, label: string) =>
  page.locator(`[data-item="${code}"] [role=radio]`, { hasText: new RegExp(`^${label}$`) }).getAttribute('aria-checked');

test("an inspector logs in, opens today's visit, fills the checklist and submits it with the keyboard alone", async () => {
  const { context, page, errors } = await device();
  const account = accounts['market-1'];
  await page.goto(`${stack.api.baseUrl}/app/`);
  await page.locator('[data-test=login-form]').waitFor();
  await tabTo(page, 'input[name=username]');
  await page.keyboard.type(account.username);
  await tabTo(page, 'input[name=password]');
  await page.keyboard.type(account.temporary);
  await page.keyboard.press('Enter');
  // The first login changes the password: the same, by keyboard.
  await page.locator('[data-test=password-form]').waitFor();
  await tabTo(page, 'input[name=newPassword]');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  account.changed = true;

  // The worklist: Tab to today's visit, Enter opens its checklist.
  const visit = `[data-visit="${visits.keyboard}"]`;
  await page.locator(visit).waitFor();
  await tabTo(page, visit);
  await page.keyboard.press('Enter');
  await page.locator('[data-item]').first().waitFor();

  const measured = market.items.find((i) => i.measurement.kind === 'NUMERIC')!;
  const arrowed = market.items.find((i) => i !== measured)!;
  for (const item of market.items) {
    const card = `[data-item="${item.code}"]`;
    if (item === measured) {
      await tabTo(page, `${card} [data-test=reading] input`);
      await page.keyboard.type(String(violatingValue(item)));
      // Beyond the limit: non-compliant at once, and the facts are asked for.
      await page.locator(`${card} [data-test=beyond-limit]`).waitFor();
      await expect(checked(page, item.code, '不符合')).resolves.toBe('true');
      await tabTo(page, `${card} [data-test=facts] textarea`);
      await page.keyboard.type('冷藏柜温度超出限值，现场测得读数见笔录');
      // Back with Shift+Tab to the reading: still there.
      await tabTo(page, `${card} [data-test=reading] input`, { back: true });
      await expect(page.locator(`${card} [data-test=reading] input`).inputValue()).resolves.toBe(String(violatingValue(item)));
      continue;
    }
    const value = compliantValue(item);
    if (value !== undefined) {
      await tabTo(page, `${card} [data-test=reading] input`);
      await page.keyboard.type(String(value));
    }
    await tabTo(page, `${card} [role=radio]`, { text: '符合' });
    await page.keyboard.press('Space');
    await expect(checked(page, item.code, '符合')).resolves.toBe('true');
    if (item === arrowed) {
      // In a radio group the arrow keys move the choice: right to 不符合, left back to 符合.
      await page.keyboard.press('ArrowRight');
      await expect(checked(page, item.code, '不符合')).resolves.toBe('true');
      expect(await focusedIs(page, `${card} [role=radio]`, '不符合')).toBe(true);
      await page.keyboard.press('ArrowLeft');
      await expect(checked(page, item.code, '符合')).resolves.toBe('true');
    }
  }
  await tabTo(page, '[data-test=submit]');
  await page.keyboard.press('Enter');
  await page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor();

  const detail = await stack.http('GET', `/api/inspections/${visits.keyboard}`, { token: stack.tokens['market-1'] });
  const checks = detail.body.state.departments.find((d: { departmentCode: string }) => d.departmentCode === 'MARKET');
  expect(checks.submitted).toBe(true);
  const byCode = Object.fromEntries(checks.results.map((r: { itemCode: string }) => [r.itemCode, r]));
  expect(byCode[measured.code]).toMatchObject({ outcome: 'NON_COMPLIANT', measuredValue: violatingValue(measured), note: '冷藏柜温度超出限值，现场测得读数见笔录' });
  for (const item of market.items.filter((i) => i !== measured)) expect([item.code, byCode[item.code].outcome]).toEqual([item.code, 'COMPLIANT']);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

/**
 * Tabs through the whole page (twice its interactive elements, plus slack) and answers which
 * interactive elements were never focused, and which were focused with no visible indicator
 * (no outline and no box shadow). Interactive: native controls, anything with a tab stop or a
 * widget role, and Vant's clickable parts (cells, the nav bar's buttons).
 */
async function tabTour(page: Page) {
  const count = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const selector =
      'a[href], button, input:not([type=hidden]), textarea, select, [tabindex]:not([tabindex="-1"]), [role=button], [role=radio], [role=tab], [role=checkbox], [role=link], .van-cell--clickable, .van-nav-bar__left, .van-nav-bar__right';
    const all = [...doc.querySelectorAll(selector)].filter(
      (el: any) => el.getClientRects().length > 0 && !el.disabled && el.getAttribute('aria-disabled') !== 'true' && !String(el.className).includes('--disabled'),
    );
    all.forEach((el: any, i: number) => el.setAttribute('data-kb', String(i)));
    doc.activeElement?.blur?.();
    return all.length;
  });
  const reached = new Set<string>();
  const unseen: string[] = [];
  for (let i = 0; i < count * 2 + 5; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = (globalThis as any).document.activeElement;
      if (!el || el === (globalThis as any).document.body) return null;
      const style = (globalThis as any).getComputedStyle(el);
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      const marked = el.closest('[data-kb]');
      const name = [el.getAttribute('name'), el.getAttribute('type')].filter(Boolean).join(' ');
      return { kb: marked?.getAttribute('data-kb') ?? null, visible, what: `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}${name ? `[${name}]` : ''} "${el.textContent.trim().slice(0, 12)}"` };
    });
    if (!focus) continue;
    if (focus.kb) reached.add(focus.kb);
    if (!focus.visible && !unseen.includes(focus.what)) unseen.push(focus.what);
  }
  const missed = await page.evaluate(
    (seen) =>
      [...(globalThis as any).document.querySelectorAll('[data-kb]')]
        .filter((el: any) => !seen.includes(el.getAttribute('data-kb')))
        .map((el: any) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} "${el.textContent.trim().slice(0, 12)}"`),
    [...reached],
  );
  return { count, missed, unseen };
}

test("every interactive element of the inspector's main pages is reached by Tab and shows where the focus is", async () => {
  const { context, page, errors } = await device();
  const tours: Record<string, Awaited<ReturnType<typeof tabTour>>> = {};
  await page.goto(`${stack.api.baseUrl}/app/`);
  await page.locator('[data-test=login-form]').waitFor();
  tours.login = await tabTour(page);

  await logIn(page, 'market-1');
  await page.locator(`[data-visit="${visits.tour}"]`).waitFor();
  tours.worklist = await tabTour(page);

  await page.goto(`${stack.api.baseUrl}/app/#/visit/${visits.tour}`);
  await page.locator('[data-item]').first().waitFor();
  // A finding open, so its facts and proposed action are on the page too.
  const first = market.items[0].code;
  await page.locator(`[data-item="${first}"] [role=radio]`, { hasText: /^不符合$/ }).click();
  await page.locator(`[data-item="${first}"] [data-test=facts]`).waitFor();
  tours.checklist = await tabTour(page);

  for (const [name, path] of [['findings', '/findings'], ['board', '/board'], ['inbox', '/inbox']]) {
    await page.goto(`${stack.api.baseUrl}/app/#${path}`);
    await page.locator('[data-test=tabbar]').waitFor();
    await page.waitForLoadState('networkidle');
    tours[name] = await tabTour(page);
  }
  for (const [name, tour] of Object.entries(tours)) {
    expect({ page: name, some: tour.count > 0, missed: tour.missed, noVisibleFocus: tour.unseen }).toEqual({ page: name, some: true, missed: [], noVisibleFocus: [] });
  }
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test("every interactive element of the coordinator's pages is reached by Tab and shows where the focus is", async () => {
  const planId = await createPlan({ ...stack, name: '键盘巡检计划', periodStart: '2026-11-23', periodEnd: '2026-12-20' });
  const { context, page, errors } = await device();
  const tours: Record<string, Awaited<ReturnType<typeof tabTour>>> = {};
  await logIn(page, 'coordinator-2');
  await page.locator('[data-test=new-visit]').waitFor();
  await page.waitForLoadState('networkidle');
  tours.visits = await tabTour(page);

  await page.goto(`${stack.api.baseUrl}/app/#/visits/new`);
  await page.locator('[data-test=business-query] input').fill('家常菜');
  await page.locator('[data-test=business-search]').click();
  await page.locator('[data-business]').first().click();
  await page.locator('[data-department=MARKET] > .van-checkbox').click();
  tours.schedule = await tabTour(page);

  await page.goto(`${stack.api.baseUrl}/app/#/plans`);
  await page.locator(`[data-plan="${planId}"]`).waitFor();
  tours.plans = await tabTour(page);
  // 新建计划 opens its form by keyboard; the form's fields are toured too.
  await tabTo(page, '[data-test=new-plan]');
  await page.keyboard.press('Enter');
  await page.locator('[data-test=plan-form]').waitFor();
  await tabTo(page, '[data-test=plan-name] input');
  tours.planForm = await tabTour(page);

  await page.goto(`${stack.api.baseUrl}/app/#/plans/${planId}`);
  await page.locator('[data-test=request-form]').waitFor();
  tours.plan = await tabTour(page);
  for (const [name, tour] of Object.entries(tours)) {
    expect({ page: name, some: tour.count > 0, missed: tour.missed, noVisibleFocus: tour.unseen }).toEqual({ page: name, some: true, missed: [], noVisibleFocus: [] });
  }
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

/** Each page's tour has something in it, every element reached, every focus visible. */
function expectTours(tours: Record<string, Awaited<ReturnType<typeof tabTour>>>) {
  for (const [name, tour] of Object.entries(tours)) {
    expect({ page: name, some: tour.count > 0, missed: tour.missed, noVisibleFocus: tour.unseen }).toEqual({ page: name, some: true, missed: [], noVisibleFocus: [] });
  }
}


test("the legal reviewer's queue and a proposal by keyboard: every element reached with a visible focus, a return and then an approval by Tab, Enter and Space", async () => {
  // The toured visit's results in, with a penalty proposed for MARKET's finding: a case waiting for review.
  const { http, tokens, prisma } = stack;
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  for (const [code, key, results] of [
    ['MARKET', 'market-1', resultsWithViolation(marketItems, 'PENALTY')],
    ['FIRE', 'fire-1', compliantResults(fireItems)],
  ] as const) {
    const put = await http('PUT', `/api/inspections/${visits.tour}/checks/${code}`, { token: tokens[key], body: { results } });
    expect([code, put.status]).toEqual([code, 200]);
  }
  const finding = await prisma.finding.findFirstOrThrow({ where: { inspectionId: visits.tour } });
  const filed = await http('POST', '/api/cases', { token: tokens['market-1'], body: { inspectionId: visits.tour, findingId: finding.id, title: '销售超过保质期的食品案' } });
  expect(filed.status).toBe(202);
  const caseId = filed.body.id as string;
  const investigators = await Promise.all(['market-1', 'market-2'].map((k) => officerByKey(prisma, k)));
  expect((await http('POST', `/api/cases/${caseId}/investigators`, { token: tokens['coordinator-2'], body: { officerIds: investigators.map((o) => o.id) } })).status).toBe(200);
  expect((await http('POST', `/api/cases/${caseId}/proposal`, { token: tokens['market-1'], body: PENALTY_PROPOSAL })).status).toBe(200);

  const { context, page, errors } = await device();
  const tours: Record<string, Awaited<ReturnType<typeof tabTour>>> = {};
  await logIn(page, 'reviewer-1');
  const row = `[data-case="${caseId}"]`;
  await page.locator(row).waitFor();
  tours.queue = await tabTour(page);
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await page.locator('[data-test=facts]').waitFor();
  tours.review = await tabTour(page);

  // Returned with the opinion: Tab to the opinion, type, Tab to 退回补正, Enter.
  await tabTo(page, '[data-test=opinion] textarea');
  await page.keyboard.type('证据不足：请补充冷藏柜温度记录');
  await tabTo(page, '[data-test=return]');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-test=review-done]').innerText()).resolves.toBe('已退回补正');

  // Revised by the investigators; back to the queue by the nav bar's 返回, the case again, approved with Space.
  expect((await http('POST', `/api/cases/${caseId}/proposal`, { token: tokens['market-1'], body: { ...PENALTY_PROPOSAL, evidence: [...PENALTY_PROPOSAL.evidence, '冷藏柜温度记录'] } })).status).toBe(200);
  await tabTo(page, '.van-nav-bar__left', { back: true });
  await page.keyboard.press('Enter');
  await page.locator(row).waitFor();
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await page.locator('[data-review-round="1"]').waitFor();
  await tabTo(page, '[data-test=opinion] textarea');
  await page.keyboard.type('事实清楚，证据确凿，同意');
  await tabTo(page, '[data-test=approve]');
  await page.keyboard.press('Space');
  await expect(page.locator('[data-test=review-done]').innerText()).resolves.toBe('已审核通过');
  const state = (await http('GET', `/api/cases/${caseId}`, { token: tokens['reviewer-1'] })).body;
  expect(state.reviews.map((r: { decision: string; opinion: string }) => [r.decision, r.opinion])).toEqual([
    ['RETURNED', '证据不足：请补充冷藏柜温度记录'],
    ['APPROVED', '事实清楚，证据确凿，同意'],
  ]);
  expectTours(tours);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test("the leader's dashboard and a decision by keyboard: every element reached with a visible focus, the decision opened with Enter", async () => {
  const created = await stack.http('POST', '/api/major-decisions', { token: stack.tokens['leader-1'], body: { kind: 'MAJOR_MATTER', title: '场镇农贸市场搬迁方案' } });
  expect(created.status).toBe(201);
  const { context, page, errors } = await device();
  const tours: Record<string, Awaited<ReturnType<typeof tabTour>>> = {};
  await logIn(page, 'leader-1');
  await page.locator('[data-panel=kpis]').waitFor();
  const link = `[data-decision="${created.body.id}"] a`;
  await page.locator(link).waitFor();
  await page.waitForLoadState('networkidle');
  tours.dashboard = await tabTour(page);
  await tabTo(page, link, { max: 200 });
  await page.keyboard.press('Enter');
  await page.locator('[data-test=decision]').waitFor();
  expect(await page.locator('[data-test=decision]').innerText()).toContain('场镇农贸市场搬迁方案');
  tours.decision = await tabTour(page);
  expectTours(tours);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test("the ADMIN's screens by keyboard: every element reached with a visible focus; an officer opened and saved, businesses searched, a token issued", async () => {
  const { prisma } = stack;
  const market2 = await officerByKey(prisma, 'market-2');
  const { context, page, errors } = await device();
  const tours: Record<string, Awaited<ReturnType<typeof tabTour>>> = {};
  await logIn(page, 'admin');
  await page.locator('[data-admin]').first().waitFor();
  tours.menu = await tabTour(page);

  // The roster: Tab to 执法人员, Enter; Tab to an officer, Enter; the phone changed and saved with Enter.
  await tabTo(page, '[data-admin="/admin/officers"]');
  await page.keyboard.press('Enter');
  const officer = `[data-officer="${market2.id}"]`;
  await page.locator(officer).waitFor();
  tours.officers = await tabTour(page);
  await tabTo(page, officer, { max: 200 });
  await page.keyboard.press('Enter');
  await page.locator('[data-test=officer-form]').waitFor();
  await page.waitForLoadState('networkidle');
  tours.officer = await tabTour(page);
  await tabTo(page, '[data-test=officer-phone] input');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('13800138000');
  await page.keyboard.press('Enter');
  await page.locator('[data-test=officer-saved]').waitFor();
  expect((await officerByKey(prisma, 'market-2')).phone).toBe('13800138000');

  // Businesses: the query typed, Enter searches.
  await page.goto(`${stack.api.baseUrl}/app/#/admin/businesses`);
  await page.locator('[data-test=business-total]').waitFor();
  await tabTo(page, '[data-test=business-query] input');
  await page.keyboard.type('家常菜');
  await page.keyboard.press('Enter');
  await page.locator('[data-test=business-total]', { hasText: /共 [1-9]\d* 户/ }).waitFor();
  tours.businesses = await tabTour(page);

  for (const [name, path, ready] of [
    ['scenarioLists', '/admin/scenario-lists', '[data-scenario]'],
    ['calendar', '/admin/calendar', '[data-year]'],
  ]) {
    await page.goto(`${stack.api.baseUrl}/app/#${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    tours[name] = await tabTour(page);
  }

  // Tokens: the officer chosen with the arrow keys in the native select, the purpose typed, Enter issues.
  await page.goto(`${stack.api.baseUrl}/app/#/admin/tokens`);
  await page.locator('[data-test=token-form]').waitFor();
  await page.waitForLoadState('networkidle');
  tours.tokens = await tabTour(page);
  await tabTo(page, 'select[name=officerId]');
  await page.keyboard.press('ArrowDown');
  expect(await page.locator('select[name=officerId]').inputValue()).not.toBe('');
  await tabTo(page, '[data-test=token-name] input');
  await page.keyboard.type('键盘签发的对接令牌');
  await page.keyboard.press('Enter');
  await page.locator('[data-test=token-issued]').waitFor();
  expect(await prisma.apiToken.count({ where: { label: '键盘签发的对接令牌' } })).toBe(1);
  expectTours(tours);
  expect(errors).toEqual([]);
  await context.close();
}, 240_000);
