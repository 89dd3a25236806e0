/**
 * The workbench (web/, served at /app/) in a real browser at phone size, against the real API,
 * worker, Temporal server and database, on the pinned clock (the browser's Date is pinned to the
 * same instant, so "today" never depends on the day the suite runs). A department inspector logs
 * in with the account an ADMIN opened (first login changes the password), opens today's visit,
 * fills the checklist — a reading beyond its limit is marked non-compliant at once — and submits;
 * the API then holds exactly those results. Offline after the visit was opened, the results are
 * kept on the phone ("已保存在本机，待联网后提交"), and sent once when the network returns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, beforeAll } from '@jest/globals';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { DepartmentAssignment } from '../../domain/inspection';
import { assignmentsFor, compliantValue, restaurantVisitRequest, violatingValue } from '../support/factories';
import { buildWeb } from '../../scripts/build-web';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';
import { serviceWorkerActivated } from './support';

const TODAY = '2026-11-16';
const stack = useTestStack({ name: 'web', officers: ['admin', 'coordinator-2', 'market-1', 'fire-1'], startAt: `${TODAY}T09:00:00+08:00` });
const browser = useTestBrowser();
const USERNAME = 'li.market';
const PASSWORD = 'Onevisit#2026';
let temporaryPassword = '';
let market: DepartmentAssignment;
/** Today's two visits, one per business (the join window allows no second one at the same business). */
const visits: { online: string; offline: string } = { online: '', offline: '' };

/** A visit of MARKET and FIRE at `targetKey` today, checked in: MARKET's checklist is open. */
async function visitOnSite(targetKey: string, exception?: { reason: 'COMPLAINT'; note: string }): Promise<string> {
  const body = { ...(await restaurantVisitRequest(stack.prisma, { targetKey, scheduledFor: TODAY })), ...(exception ? { exception } : {}) };
  const scheduled = await stack.http('POST', '/api/inspections', { token: stack.tokens['coordinator-2'], body });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  const checkIn = await stack.http('POST', `/api/inspections/${id}/check-in`, { token: stack.tokens['coordinator-2'], body: { officerIds: body.team.map((m) => m.officerId) } });
  expect(checkIn.status).toBe(200);
  return id;
}

const submissions = async (id: string) =>
  (await stack.prisma.auditEvent.findMany({ where: { subjectId: id, action: { startsWith: 'DEPARTMENT_CHECKS_' } } })).map((a) => a.action);

beforeAll(async () => {
  // The pages under test are the current sources, whatever web/dist held before.
  buildWeb(() => undefined);
  const officer = await stack.prisma.officer.findUniqueOrThrow({ where: { key: 'market-1' } });
  const opened = await stack.http('POST', `/api/admin/officers/${officer.id}/credentials`, { token: stack.tokens.admin, body: { username: USERNAME } });
  expect(opened.status).toBe(200);
  temporaryPassword = opened.body.temporaryPassword;
  [market] = await assignmentsFor(stack.prisma, 'RESTAURANT', ['MARKET']);
  expect(market.items.some((i) => i.measurement.kind === 'NUMERIC')).toBe(true);
  visits.online = await visitOnSite('restaurant-1');
  visits.offline = await visitOnSite('restaurant-2');
}, 60_000);

/** A phone: 390×844, Chinese, Beijing time, its clock at the stack's (pinned) now. */
async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
  await context.clock.setFixedTime(new Date(Date.now()));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Nothing the app asks of its own server may be missing (a 404 would be a file left out of the build).
  page.on('response', (response) => {
    if (response.status() === 404) errors.push(`404 ${response.url()}`);
  });
  return { context, page, errors };
}

async function logIn(page: Page, password: string, username = USERNAME) {
  await page.goto(`${stack.api.baseUrl}/app/`);
  await page.locator('[data-test=login-form]').waitFor();
  expect(await page.title()).toBe('综合查一次 · 工作台');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** The outcome choice of an item's card (Vant's radio: role radio, aria-checked). */
const outcome = (card: Locator, label: '符合' | '不符合' | '不适用') => card.locator('[role=radio]', { hasText: new RegExp(`^${label}$`) });

/** Fills MARKET's checklist: every item compliant, except the first measured one read beyond its limit. */
async function fillChecklist(page: Page) {
  const measured = market.items.find((i) => i.measurement.kind === 'NUMERIC')!;
  for (const item of market.items) {
    const card = page.locator(`[data-item="${item.code}"]`);
    await card.waitFor();
    if (item === measured) {
      await card.locator('[data-test=reading] input').fill(String(violatingValue(item)));
      // Beyond the limit: marked non-compliant at once, 符合 no longer possible, the facts asked.
      await card.locator('[data-test=beyond-limit]').waitFor();
      await expect(outcome(card, '不符合').getAttribute('aria-checked')).resolves.toBe('true');
      await expect(outcome(card, '符合').getAttribute('class')).resolves.toContain('van-radio--disabled');
      await card.locator('[data-test=facts] textarea').fill('冷藏柜温度超出限值，现场测得读数见笔录');
      continue;
    }
    const value = compliantValue(item);
    if (value !== undefined) await card.locator('[data-test=reading] input').fill(String(value));
    await outcome(card, '符合').click();
  }
  return measured;
}

test('an inspector logs in, opens today\'s visit, fills the checklist and submits: the API holds the results', async () => {
  const id = visits.online;
  const { context, page, errors } = await phone();
  await logIn(page, temporaryPassword);
  // First login: the password must be changed before anything else.
  await page.locator('[data-test=password-form]').waitFor();
  await page.fill('input[name=newPassword]', PASSWORD);
  await page.getByRole('button', { name: '修改密码' }).click();

  const visit = page.locator(`[data-visit="${id}"]`);
  await visit.waitFor();
  expect(await page.locator('[data-test=viewer]').innerText()).toContain(TODAY);
  expect(await visit.innerText()).toContain('待提交');
  await visit.click();
  // Each item shows its legal basis and method one tap away.
  const first = market.items[0];
  await page.locator(`[data-item="${first.code}"]`).getByText('依据与方法').click();
  await expect(page.locator(`[data-item="${first.code}"]`).innerText()).resolves.toContain(first.legalBasis);

  const measured = await fillChecklist(page);
  // One column on a phone: nothing wider than the screen.
  expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-inspector-checklist.png'), fullPage: true });
  await page.locator('[data-test=submit]').click();
  await page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor();
  expect(await page.locator('[data-test=sync-state]').innerText()).toBe('已提交');

  const detail = await stack.http('GET', `/api/inspections/${id}`, { token: stack.tokens['market-1'] });
  const checks = detail.body.state.departments.find((d: { departmentCode: string }) => d.departmentCode === 'MARKET');
  expect(checks.submitted).toBe(true);
  const byCode = Object.fromEntries(checks.results.map((r: { itemCode: string }) => [r.itemCode, r]));
  expect(Object.keys(byCode).sort()).toEqual(market.items.map((i) => i.code).sort());
  expect(byCode[measured.code]).toMatchObject({ outcome: 'NON_COMPLIANT', measuredValue: violatingValue(measured), note: '冷藏柜温度超出限值，现场测得读数见笔录' });
  for (const item of market.items.filter((i) => i !== measured)) expect(byCode[item.code].outcome).toBe('COMPLIANT');
  expect(await submissions(id)).toEqual(['DEPARTMENT_CHECKS_SUBMITTED']);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('offline after the visit was opened: results are kept on the phone, then submitted once when the network returns', async () => {
  const id = visits.offline;
  const { context, page, errors } = await phone();
  await logIn(page, PASSWORD);
  const visit = page.locator(`[data-visit="${id}"]`);
  await visit.waitFor();
  await visit.click();
  await page.locator(`[data-item="${market.items[0].code}"]`).waitFor();
  // The shell is cached before the signal goes (the service worker activated).
  const controlled = await serviceWorkerActivated(page);
  expect(controlled).toBe('activated');

  await context.setOffline(true);
  await page.reload();
  await page.locator('[data-test=offline]').waitFor();
  await fillChecklist(page);
  await page.locator('[data-test=submit]').click();
  const state = page.locator('[data-test=sync-state]');
  await page.locator('[data-test=sync-state][data-state=QUEUED]').waitFor();
  expect(await state.innerText()).toBe('已保存在本机，待联网后提交');
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-inspector-queued.png'), fullPage: true });
  expect(await submissions(id)).toEqual([]);

  await context.setOffline(false);
  await page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor({ timeout: 30_000 });
  expect(await state.innerText()).toBe('已提交');
  await eventually(async () => expect(await submissions(id)).toEqual(['DEPARTMENT_CHECKS_SUBMITTED']));
  // Nothing is left to send: a later flush (another reconnect) sends nothing again.
  await context.setOffline(true);
  await context.setOffline(false);
  await page.waitForTimeout(1000);
  expect(await submissions(id)).toEqual(['DEPARTMENT_CHECKS_SUBMITTED']);
  expect(errors).toEqual([]);
  expect(fs.existsSync(path.join(ARTIFACTS, 'web-inspector-queued.png'))).toBe(true);
  await context.close();
}, 120_000);

test('a visit cancelled while the results waited offline: the refusal is shown, the results are not dropped', async () => {
  // A second visit at the same business today, for a complaint (the join window's exception).
  const id = await visitOnSite('restaurant-1', { reason: 'COMPLAINT', note: '投诉编号 TS-2026-1116' });
  const { context, page, errors } = await phone();
  await logIn(page, PASSWORD);
  await page.locator(`[data-visit="${id}"]`).click();
  await page.locator(`[data-item="${market.items[0].code}"]`).waitFor();
  await context.setOffline(true);
  await fillChecklist(page);
  await page.locator('[data-test=submit]').click();
  await page.locator('[data-test=sync-state][data-state=QUEUED]').waitFor();

  const cancelled = await stack.http('POST', `/api/inspections/${id}/cancel`, { token: stack.tokens['coordinator-2'], body: { reason: '企业停业' } });
  expect(cancelled.status).toBe(200);
  await context.setOffline(false);
  const state = page.locator('[data-test=sync-state][data-state=REJECTED]');
  await state.waitFor({ timeout: 30_000 });
  expect(await state.innerText()).toContain('联合检查已取消');
  expect(await submissions(id)).toEqual([]);
  // What was entered is still on the phone.
  await expect(page.locator('[data-test=facts] textarea').inputValue()).resolves.toBe('冷藏柜温度超出限值，现场测得读数见笔录');
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('a coordinator logs in and sees the week\'s visits with their departments', async () => {
  const officer = await stack.prisma.officer.findUniqueOrThrow({ where: { key: 'coordinator-2' } });
  const opened = await stack.http('POST', `/api/admin/officers/${officer.id}/credentials`, { token: stack.tokens.admin, body: { username: 'wang.coord' } });
  expect(opened.status).toBe(200);
  const { context, page, errors } = await phone();
  await logIn(page, opened.body.temporaryPassword, 'wang.coord');
  await page.locator('[data-test=password-form]').waitFor();
  await page.fill('input[name=newPassword]', PASSWORD);
  await page.getByRole('button', { name: '修改密码' }).click();
  for (const id of [visits.online, visits.offline]) {
    const row = page.locator(`[data-inspection="${id}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(TODAY);
    expect(text).toContain('包鸾市场监督管理所');
    expect(text).toContain('包鸾镇消防工作站');
  }
  expect(await page.locator('[data-inspection]').count()).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
