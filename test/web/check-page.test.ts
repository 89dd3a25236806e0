/**
 * The business's 检查码 page (/check/<token>) in a real browser at phone size (390×844), against
 * the real API, worker and database: a valid code of a scheduled visit shows the departments,
 * the listed items with their legal basis and the officers' names with their certificate
 * numbers — and no officer's phone number anywhere in the page; a forged code says
 * "不是登记的检查" with where to report it. Screenshots: test/artifacts/.
 */
import path from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { DEFAULT_UNREGISTERED_REPORT_HINT } from '../../domain/check-code';
import { assignmentsFor, officerByKey, restaurantVisitRequest } from '../support/factories';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';

const stack = useTestStack({ name: 'check-page', officers: ['coordinator-2', 'market-1', 'fire-1'] });
const browser = useTestBrowser();
const { prisma, http, tokens } = stack;
// Real-looking phone numbers on the officers' records, so their absence from the page means something.
const PHONES: Record<string, string> = { 'market-1': '13912345678', 'fire-1': '13887654321' };

let url: string;
let token: string;

beforeAll(async () => {
  for (const [key, phone] of Object.entries(PHONES)) await prisma.officer.update({ where: { key }, data: { phone } });
  const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await restaurantVisitRequest(prisma) });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id } })).toBe(1));
  const code = await http('GET', `/api/inspections/${id}/code`, { token: tokens['coordinator-2'] });
  expect(code.status).toBe(200);
  ({ url, token } = code.body);
});

async function openPhone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

test('a valid code: the registered visit with departments, items, legal basis, officers and certificates; no phone number', async () => {
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const { context, page, errors } = await openPhone();
  await page.goto(url);
  await page.locator('#visit:not([hidden])').waitFor();

  expect(await page.locator('.registered').innerText()).toContain('登记的联合检查');
  const departments = await page.locator('#departments').innerText();
  for (const name of ['市场监督管理', '消防']) expect(departments).toContain(name);
  for (const item of [...marketItems.items, ...fireItems.items]) {
    expect(departments).toContain(item.title);
    expect(departments).toContain(`依据：${item.legalBasis}`);
  }
  const officers = await page.locator('#officers').innerText();
  for (const o of [market, fire]) {
    expect(officers).toContain(o.name);
    expect(officers).toContain(`执法证号：${o.certificateNo}`);
  }
  // Nothing of the officers beyond name and certificate: no phone number in the text or the markup.
  const html = await page.content();
  for (const phone of Object.values(PHONES)) expect(html).not.toContain(phone);
  expect(html).not.toMatch(/1[3-9]\d{9}/);

  const widths = await page.evaluate(() => {
    const { document } = globalThis as any; // runs in the page
    return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  await page.screenshot({ path: path.join(ARTIFACTS, 'check-code-valid-phone.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});

test('a forged code: "不是登记的检查" and the way to report it, nothing of any visit', async () => {
  const [id, expiry, signature] = token.split('.');
  const forged = `${id}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
  const { context, page, errors } = await openPhone();
  await page.goto(url.replace(token, forged));
  await page.locator('#refused:not([hidden])').waitFor();
  expect(await page.locator('#refused-title').innerText()).toBe('不是登记的检查');
  const message = await page.locator('#refused-message').innerText();
  expect(message).toContain('不是登记的检查');
  // The configured hint (the default names the 12345 hotline) tells the business where to report.
  expect(message).toContain(DEFAULT_UNREGISTERED_REPORT_HINT);
  expect(await page.locator('#visit').isHidden()).toBe(true);
  expect(await page.locator('#officers li').count()).toBe(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'check-code-forged-phone.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
