/**
 * What the workbench's browser tests share: a phone (390×844, Chinese, Beijing time, its clock at
 * the stack's now), logging in as a person whose account the ADMIN opened (the temporary password
 * changed at the first login, a second factor bound when the role needs one), and the page checks
 * (axe-core: no serious or critical violation; nothing wider than 375 px; screenshots).
 */
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpOf } from '../../api/services/accounts';
import { officerByKey } from '../support/factories';
import { ARTIFACTS, type TestStack } from '../support/harness';

export const PASSWORD = 'Onevisit#2026';

export interface Phone {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Phones and logins against `stack`, for the accounts opened by `openAccounts`. */
export function usePhones(stack: Pick<TestStack, 'api' | 'http' | 'tokens' | 'prisma'>, browser: Pick<Browser, 'newContext'>) {
  /** Accounts opened by the ADMIN: the temporary password is changed on the first login. */
  const accounts: Record<string, { username: string; temporary: string; changed: boolean }> = {};

  async function openAccounts(keys: string[]) {
    for (const key of keys) {
      const officer = await officerByKey(stack.prisma, key);
      const username = key.replace('-', '.');
      const opened = await stack.http('POST', `/api/admin/officers/${officer.id}/credentials`, { token: stack.tokens.admin, body: { username } });
      expect(opened.status).toBe(200);
      accounts[key] = { username, temporary: opened.body.temporaryPassword, changed: false };
    }
  }

  /** A phone (390×844, Chinese, Beijing time, its clock at the stack's pinned now). */
  async function device(options: { geolocation?: boolean } = {}): Promise<Phone> {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      isMobile: true,
      hasTouch: true,
      ...(options.geolocation ? { geolocation: { latitude: 29.88345, longitude: 107.73072, accuracy: 12 }, permissions: ['geolocation'] } : {}),
    });
    await context.clock.setFixedTime(new Date(Date.now()));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() === 404) errors.push(`404 ${response.url()}`);
    });
    return { context, page, errors };
  }

  /** Logs in as `key`; the first time, the temporary password is changed. Ends on the landing screen. */
  async function logIn(page: Page, key: string) {
    const account = accounts[key];
    await page.goto(`${stack.api.baseUrl}/app/`);
    await page.locator('[data-test=login-form]').waitFor();
    await page.fill('input[name=username]', account.username);
    await page.fill('input[name=password]', account.changed ? PASSWORD : account.temporary);
    await page.getByRole('button', { name: '登录' }).click();
    if (!account.changed) {
      await page.locator('[data-test=password-form]').waitFor();
      await page.fill('input[name=newPassword]', PASSWORD);
      await page.getByRole('button', { name: '修改密码' }).click();
      account.changed = true;
    }
    // A legal reviewer's role must have a second factor: bound at the first login, as a person would.
    const enrol = page.locator('[data-test=enrol-form]');
    await page.locator('[data-test=enrol-form], [data-test=tabbar]').first().waitFor();
    if (await enrol.isVisible()) {
      const secret = (await enrol.locator('.van-cell__label').first().innerText()).trim();
      await page.fill('input[name=code]', totpOf(secret, account.username).generate({ timestamp: Date.now() }));
      await page.getByRole('button', { name: '绑定' }).click();
      await page.getByRole('button', { name: '已保存，进入工作台' }).click();
    }
    await page.locator('[data-test=tabbar]').waitFor();
  }

  return { accounts, openAccounts, device, logIn };
}

export const hashPath = (page: Page) => new URL(page.url()).hash.replace(/^#/, '');
export const tabs = (page: Page) => page.locator('[data-test=tabbar] [data-tab]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tab')));

/** No serious or critical axe-core violation, and nothing wider than a 375 px screen. */
export async function checkPage(page: Page, name: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ page: name, violations: bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({ page: name, violations: [] });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 375, height: size.height });
  expect({ page: name, width: await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth) }).toEqual({ page: name, width: 375 });
  await page.setViewportSize(size);
  await page.screenshot({ path: path.join(ARTIFACTS, `web-${name}.png`), fullPage: true });
}

/** The same screen on a desktop (1366×900), for the record. */
export async function desktopShot(page: Page, name: string) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: path.join(ARTIFACTS, `web-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(size);
}

/**
 * The app shell is cached before a test cuts the network: the page's service worker has reached
 * `activated` (`navigator.serviceWorker.ready` can resolve while it is still activating, on a busy
 * machine). Answers the state reached, or `timeout (<state>)`.
 */
export function serviceWorkerActivated(page: Page): Promise<unknown> {
  return page.evaluate(async () => {
    const registration = await (globalThis as any).navigator.serviceWorker.ready; // runs in the page
    const worker = registration.active;
    const activated = new Promise((resolve) => {
      if (worker.state === 'activated') resolve(worker.state);
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(worker.state));
    });
    return Promise.race([activated, new Promise((resolve) => setTimeout(() => resolve(`timeout (${worker.state})`), 15_000))]);
  });
}
