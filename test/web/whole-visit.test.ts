/**
 * One joint inspection of three departments, from scheduling to CLOSED, through the pages only
 * (#14): the coordinator schedules MARKET, FIRE and URBAN at one restaurant with one officer of
 * each on the phone; on the day the market inspector checks the team in and submits MARKET's
 * checklist; the fire inspector submits FIRE's, and the urban-management inspector, on a third
 * phone, finds goods piled on the pavement (占道经营, an item on the county's 首违不罚 list) and
 * records 首违不罚 for the finding on 发现 once it was corrected; the coordinator's week then shows
 * the visit closed. The test itself makes no API call: it reads the database only to
 * confirm what the pages showed (accounts are opened beforehand, as an administrator would).
 */
import { expect, test, beforeAll } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import type { DepartmentAssignment } from '../../domain/inspection';
import { buildWeb } from '../../scripts/build-web';
import { assignmentsFor, compliantValue, officerByKey } from '../support/factories';
import { eventually, useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, usePhones } from './support';

const TODAY = '2026-11-16';
const INSPECTORS = { MARKET: 'market-1', FIRE: 'fire-1', URBAN: 'urban-1' } as const;
/** On the county's 首违不罚 list and of minor severity: a first finding of it can end as 首违不罚. */
const LISTED_ITEM = 'URBAN-01';
const stack = useTestStack({ name: 'web-whole-visit', officers: ['admin', 'coordinator-2', ...Object.values(INSPECTORS)], startAt: `${TODAY}T09:00:00+08:00` });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);
const assignments: Record<string, DepartmentAssignment> = {};

beforeAll(async () => {
  buildWeb(() => undefined);
  await openAccounts(['coordinator-2', ...Object.values(INSPECTORS)]);
  for (const a of await assignmentsFor(stack.prisma, 'RESTAURANT', Object.keys(INSPECTORS))) assignments[a.departmentCode] = a;
}, 120_000);

const outcome = (card: Locator, label: string) => card.locator('[role=radio]', { hasText: new RegExp(`^${label}$`) });

/** A department's checklist on the visit screen: every item compliant, or `violated` not (proposed: 责令改正). */
async function fillChecklist(page: Page, departmentCode: string, violated?: string) {
  for (const item of assignments[departmentCode].items) {
    const card = page.locator(`[data-item="${item.code}"]`);
    if (item.code === violated) {
      await outcome(card, '不符合').click();
      await card.locator('[data-test=facts] textarea').fill('店外人行道堆放纸箱及桌椅约6平方米，当场责令清理后已恢复通行');
      await outcome(card, '责令改正').click();
      continue;
    }
    const value = compliantValue(item);
    if (value !== undefined) await card.locator('[data-test=reading] input').fill(String(value));
    await outcome(card, '符合').click();
  }
}

test('a three-department joint inspection with a finding goes from scheduling to CLOSED through the pages only', async () => {
  const target = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const officers = Object.fromEntries(await Promise.all(Object.entries(INSPECTORS).map(async ([code, key]) => [code, (await officerByKey(stack.prisma, key)).id])));
  const phones = [];

  // The coordinator schedules the visit for today: three departments, one officer of each.
  const coordinator = await device();
  phones.push(coordinator);
  await logIn(coordinator.page, 'coordinator-2');
  const c = coordinator.page;
  await c.locator('[data-test=new-visit]').click();
  await c.locator('[data-test=business-query] input').fill(target.name.slice(0, 4));
  await c.locator('[data-test=business-search]').click();
  await c.locator(`[data-business="${target.id}"]`).click();
  await c.locator('[data-test=date] input').fill(TODAY);
  for (const code of Object.keys(INSPECTORS)) await c.locator(`[data-department=${code}] > .van-checkbox`).click();
  for (const id of Object.values(officers)) await c.locator(`[data-officer="${id}"] .van-checkbox`).click();
  await expect(c.locator('[data-test=team-rule]').getAttribute('data-met')).resolves.toBe('true');
  await c.locator('[data-test=save]').click();
  await c.waitForURL(/#\/visits$/);
  const listed = c.locator('[data-inspection]');
  await listed.first().waitFor();
  const id = (await listed.first().getAttribute('data-inspection'))!;
  await expect(c.locator(`[data-inspection="${id}"]`).getAttribute('data-status')).resolves.toBe('SCHEDULED');

  // On site: the market inspector checks the whole team in and submits MARKET's checklist.
  const market = await device({ geolocation: true });
  phones.push(market);
  await logIn(market.page, INSPECTORS.MARKET);
  await market.page.locator(`[data-visit="${id}"]`).click();
  await market.page.locator('[data-test=check-in]').waitFor();
  for (const officerId of Object.values(officers)) await expect(market.page.locator(`[data-officer="${officerId}"]`).getAttribute('aria-checked')).resolves.toBe('true');
  await market.page.locator('[data-test=check-in-submit]').click();
  await market.page.locator('[data-test=checked-in]').waitFor();
  await fillChecklist(market.page, 'MARKET');
  await market.page.locator('[data-test=submit]').click();
  await market.page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor();

  // The other two departments, each on its own phone: FIRE finds nothing, URBAN the pavement piled up.
  let urban: (typeof phones)[number] | undefined;
  for (const code of ['FIRE', 'URBAN'] as const) {
    const phone = await device();
    phones.push(phone);
    await logIn(phone.page, INSPECTORS[code]);
    await phone.page.locator(`[data-visit="${id}"]`).click();
    await phone.page.locator('[data-test=checked-in]').waitFor();
    await fillChecklist(phone.page, code, code === 'URBAN' ? LISTED_ITEM : undefined);
    await phone.page.locator('[data-test=submit]').click();
    await phone.page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor();
    urban = phone;
  }

  // The finding waits on 发现; the urban inspector records 首违不罚 with how it was corrected.
  const u = urban!.page;
  await u.locator('.van-nav-bar__left').click();
  await u.locator('[data-tab="/findings"]').click();
  const card = u.locator('[data-finding]').first();
  await card.waitFor();
  expect(await card.innerText()).toContain('店外人行道堆放纸箱');
  await card.locator('[data-test=open-no-penalty]').click();
  await card.locator('[data-test=suggestion]').waitFor();
  await card.locator('[data-test=correction] textarea').fill('当事人当场清理堆放物，人行道恢复通行');
  await card.locator('[data-test=no-penalty]').click();
  await card.locator('[data-test=recorded]').waitFor();
  await checkPage(u, 'whole-visit-findings');

  // The visit closes; the coordinator's week shows it.
  await eventually(async () => expect((await stack.prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED'));
  await c.reload();
  const closed = c.locator(`[data-inspection="${id}"][data-status=CLOSED]`);
  await closed.waitFor();
  await checkPage(c, 'whole-visit-closed');
  const [findings, submitted] = await Promise.all([
    stack.prisma.finding.findMany({ where: { inspectionId: id }, include: { department: true } }),
    stack.prisma.auditEvent.count({ where: { subjectId: id, action: 'DEPARTMENT_CHECKS_SUBMITTED' } }),
  ]);
  expect(findings.map((f) => [f.department.code, f.outcome])).toEqual([['URBAN', 'NO_PENALTY']]);
  expect(submitted).toBe(3);
  for (const phone of phones) {
    expect(phone.errors.filter((e) => !/^404 .*\/api\/rectifications\//.test(e))).toEqual([]);
    await phone.context.close();
  }
}, 300_000);
