/**
 * The two-officer rule as this server is configured (here three, as a county may decide for its
 * visits): the coordinator's phone takes the minimum from GET /api/me, so the verdict shown while
 * choosing is the one the API will give on saving — two officers are not enough, a third is.
 */
import { expect, test, beforeAll } from '@jest/globals';
import { buildWeb } from '../../scripts/build-web';
import { officerByKey } from '../support/factories';
import { useTestBrowser, useTestStack } from '../support/harness';
import { usePhones } from './support';

const stack = useTestStack({
  name: 'web-team-rule',
  officers: ['admin', 'coordinator-2'],
  startAt: '2026-11-16T09:00:00+08:00',
  policy: { minimumCertifiedOfficers: 3 },
});
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);

beforeAll(async () => {
  buildWeb(() => undefined);
  await openAccounts(['coordinator-2']);
}, 120_000);

test('the team rule shown while choosing uses the configured minimum (3), and the API refuses what the page refused', async () => {
  const me = await stack.http('GET', '/api/me', { token: stack.tokens['coordinator-2'] });
  expect(me.body.rules).toEqual({ minimumCertifiedOfficers: 3 });
  const target = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } });
  const [market1, market2, fire1] = await Promise.all(['market-1', 'market-2', 'fire-1'].map(async (k) => (await officerByKey(stack.prisma, k)).id));
  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  await page.locator('[data-test=new-visit]').click();
  await page.locator('[data-test=business-query] input').fill(target.creditCode.slice(4, 14));
  await page.locator('[data-test=business-search]').click();
  await page.locator(`[data-business="${target.id}"]`).click();
  await page.locator('[data-department=MARKET] > .van-checkbox').click();
  await page.locator('[data-department=FIRE] > .van-checkbox').click();
  await page.locator(`[data-officer="${market1}"] .van-checkbox`).click();
  await page.locator(`[data-officer="${fire1}"] .van-checkbox`).click();
  const rule = page.locator('[data-test=team-rule]');
  expect(await rule.getAttribute('data-met')).toBe('false');
  expect(await rule.innerText()).toContain('至少3名');

  // What the page refused, the API refuses too (same rule, same configured number).
  const refused = await stack.http('POST', '/api/inspections', {
    token: stack.tokens['coordinator-2'],
    body: { targetId: target.id, scenarioCode: 'RESTAURANT', scheduledFor: '2026-11-20', departments: [{ code: 'MARKET' }, { code: 'FIRE' }], team: [{ officerId: market1 }, { officerId: fire1 }] },
  });
  expect(refused.status).toBe(422);

  await page.locator(`[data-officer="${market2}"] .van-checkbox`).click();
  expect(await rule.getAttribute('data-met')).toBe('true');
  expect(await rule.innerText()).toContain('至少3名持有效执法证的人员');
  expect(errors).toEqual([]);
  await context.close();
}, 240_000);
