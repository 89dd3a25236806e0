/**
 * The business's rating page (/rate/<token>) in a real browser on a phone-sized screen, against
 * the real API, worker and database: it shows the visit, takes four stars and a comment, says
 * thank you, fits the width, and the rating is stored once. Screenshot: test/artifacts/.
 */
import path from 'node:path';
import { runInspectionOverHttp } from '../support/factories';
import { ARTIFACTS, useTestBrowser, useTestStack } from '../support/harness';

const stack = useTestStack({ officers: ['coordinator-2', 'market-1', 'fire-1'] });
const browser = useTestBrowser();

test('on a phone the business sees the visit, rates it and is thanked', async () => {
  const { http, prisma, tokens } = stack;
  const inspectionId = await runInspectionOverHttp({
    http,
    prisma,
    tokens,
    script: { targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', departments: [{ code: 'MARKET', officerKey: 'market-1' }, { code: 'FIRE', officerKey: 'fire-1' }] },
  });
  const link = await http('POST', `/api/inspections/${inspectionId}/rating-link`, { token: tokens['coordinator-2'], body: {} });
  expect(link.status).toBe(201);
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });

  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${stack.api.baseUrl}${link.body.url}`);
  await page.locator('#visit:not([hidden])').waitFor();
  expect(await page.locator('#target').innerText()).toBe(target.name);
  expect(await page.locator('#departments').innerText()).toContain('消防');
  expect(await page.locator('#submit').isDisabled()).toBe(true);

  await page.locator('.star[data-score="4"]').tap();
  expect(await page.locator('.star.on').count()).toBe(4);
  expect(await page.locator('#score-label').innerText()).toContain('满意');
  await page.locator('#comment').fill('一次进门查完，效率高');
  const widths = await page.evaluate(() => {
    const { document } = globalThis as any; // runs in the page
    return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  await page.screenshot({ path: path.join(ARTIFACTS, 'rating-phone.png'), fullPage: true });
  await page.locator('#submit').tap();
  await page.locator('#thanks:not([hidden])').waitFor();
  expect(await page.locator('#thanks').innerText()).toContain('感谢您的评价');

  expect(await prisma.rating.findMany({ select: { inspectionId: true, score: true, comment: true } })).toEqual([
    { inspectionId, score: 4, comment: '一次进门查完，效率高' },
  ]);

  // Opening the spent link again says so, in Chinese, instead of showing the form.
  await page.goto(`${stack.api.baseUrl}${link.body.url}`);
  await page.locator('#status.error').waitFor();
  expect(await page.locator('#status').innerText()).toContain('已使用');
  expect(await page.locator('#visit').isHidden()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});
