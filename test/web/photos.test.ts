/**
 * Photos taken without a network (#14, "offline on site"), in a real browser at phone size against
 * the real API, worker, Temporal server and database, on the pinned clock. Offline, the inspector
 * fills the checklist with a non-compliant item, submits and photographs it: the photo is kept on
 * the phone with its local thumbnail as 待同步, and survives a reload. Back online the results go
 * first, then the photo, once: one Evidence row, shown with the API's thumbnail and flags. A visit
 * cancelled while the photo waited: the API's refusal is shown on the photo, which the inspector
 * discards. Screenshots in test/artifacts/.
 */
import path from 'node:path';
import { expect, test, beforeAll } from '@jest/globals';
import piexif from 'piexifjs';
import sharp from 'sharp';
import type { Locator, Page } from 'playwright-core';
import type { DepartmentAssignment } from '../../domain/inspection';
import { buildWeb } from '../../scripts/build-web';
import { assignmentsFor, compliantValue, restaurantVisitRequest, violatingValue } from '../support/factories';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, serviceWorkerActivated, usePhones } from './support';

const TODAY = '2026-11-16';
const stack = useTestStack({ name: 'web-photos', officers: ['admin', 'coordinator-2', 'market-1', 'fire-1'], startAt: `${TODAY}T09:00:00+08:00` });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);
let market: DepartmentAssignment;

beforeAll(async () => {
  // The pages under test are the current sources, whatever web/dist held before.
  buildWeb(() => undefined);
  await openAccounts(['market-1']);
  [market] = await assignmentsFor(stack.prisma, 'RESTAURANT', ['MARKET']);
}, 120_000);

/** A visit of MARKET and FIRE at `targetKey` today, checked in. */
async function visitOnSite(targetKey: string): Promise<string> {
  const body = await restaurantVisitRequest(stack.prisma, { targetKey, scheduledFor: TODAY });
  const scheduled = await stack.http('POST', '/api/inspections', { token: stack.tokens['coordinator-2'], body });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  const checkIn = await stack.http('POST', `/api/inspections/${id}/check-in`, { token: stack.tokens['coordinator-2'], body: { officerIds: body.team.map((m) => m.officerId) } });
  expect(checkIn.status).toBe(200);
  return id;
}

/** A real JPEG taken on the visit's day (its EXIF says so). */
async function photoOfToday(red = 200): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: red, g: 30, b: 30 } } }).jpeg().toBuffer();
  const exif = { '0th': {}, Exif: { [piexif.ExifIFD.DateTimeOriginal]: `${TODAY.replace(/-/g, ':')} 10:15:00` }, GPS: {} };
  return Buffer.from(piexif.insert(piexif.dump(exif), jpeg.toString('binary')), 'binary');
}

const outcome = (card: Locator, label: '符合' | '不符合') => card.locator('[role=radio]', { hasText: new RegExp(`^${label}$`) });

/** Fills MARKET's checklist: every item compliant but the first measured one, read beyond its limit. */
async function fillChecklist(page: Page) {
  const measured = market.items.find((i) => i.measurement.kind === 'NUMERIC')!;
  for (const item of market.items) {
    const card = page.locator(`[data-item="${item.code}"]`);
    await card.waitFor();
    if (item === measured) {
      await card.locator('[data-test=reading] input').fill(String(violatingValue(item)));
      await card.locator('[data-test=beyond-limit]').waitFor();
      await card.locator('[data-test=facts] textarea').fill('冷藏柜温度超出限值，现场测得读数见笔录');
      continue;
    }
    const value = compliantValue(item);
    if (value !== undefined) await card.locator('[data-test=reading] input').fill(String(value));
    await outcome(card, '符合').click();
  }
  return measured;
}

const evidenceOf = (inspectionId: string) => stack.prisma.evidence.findMany({ where: { inspectionId } });

/** The local thumbnail shows: the image decoded from the Blob kept on the phone. */
const decoded = async (image: Locator) => {
  await image.waitFor();
  return image
    .page()
    .waitForFunction((img: any) => img.complete && img.naturalWidth > 0, await image.elementHandle(), { timeout: 10_000 }) // runs in the page
    .then(() => true, () => false);
};

test('offline: the photo is kept on the phone as 待同步 (also after a reload) and sent once after the results when the network returns', async () => {
  const id = await visitOnSite('restaurant-1');
  const { context, page, errors } = await device();
  await logIn(page, 'market-1');
  await page.locator(`[data-visit="${id}"]`).click();
  await page.locator(`[data-item="${market.items[0].code}"]`).waitFor();
  // The shell is cached before the signal goes: the service worker is activated (`ready` can
  // resolve while it is still activating, on a busy machine).
  const state = await serviceWorkerActivated(page);
  expect(state).toBe('activated');

  await context.setOffline(true);
  await page.reload();
  await page.locator('[data-test=offline]').waitFor();
  const measured = await fillChecklist(page);
  await page.locator('[data-test=submit]').click();
  await page.locator('[data-test=sync-state][data-state=QUEUED]').waitFor();

  const slot = page.locator(`[data-photo-item="${measured.code}"]`);
  await slot.locator('input[type=file]').setInputFiles({ name: '冷藏柜.jpg', mimeType: 'image/jpeg', buffer: await photoOfToday() });
  const waiting = slot.locator('[data-test=photo-waiting][data-state=QUEUED]');
  await waiting.waitFor();
  expect(await waiting.innerText()).toContain('待同步');
  await expect(decoded(waiting.locator('img'))).resolves.toBe(true);
  await checkPage(page, 'inspector-photo-queued');

  // Kept on the phone: a reload without a network still shows it, with its thumbnail.
  await page.reload();
  await page.locator('[data-test=offline]').waitFor();
  await waiting.waitFor();
  await expect(decoded(waiting.locator('img'))).resolves.toBe(true);
  expect(await slot.locator('[data-test=photo-waiting]').count()).toBe(1);
  expect(await evidenceOf(id)).toEqual([]);

  await context.setOffline(false);
  const shot = slot.locator('[data-test=photo]');
  await shot.waitFor({ timeout: 45_000 });
  expect(await slot.locator('[data-test=photo-waiting]').count()).toBe(0);
  const rows = await evidenceOf(id);
  expect(rows.map((r) => [r.departmentCode, r.itemCode, r.kind])).toEqual([['MARKET', measured.code, 'PHOTO']]);
  expect(await shot.getAttribute('data-evidence')).toBe(rows[0].id);
  // The API's thumbnail and flags (the same as the stored row's).
  await expect(decoded(shot.locator('img'))).resolves.toBe(true);
  const flags = (JSON.parse(rows[0].flagsJson) as { code: string }[]).map((f) => f.code);
  expect(await shot.locator('[data-test=photo-flag]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(flags);
  // The results went in before the photo of their item (the audit chain's order; the workflow's clock is the pinned one).
  const submitted = await stack.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: id, action: 'DEPARTMENT_CHECKS_SUBMITTED' } });
  const uploaded = await stack.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: rows[0].id, action: 'EVIDENCE_UPLOADED' } });
  expect(submitted.seq!).toBeLessThan(uploaded.seq!);
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-inspector-photo-synced.png'), fullPage: true });

  // Nothing is left to send: another reconnect sends nothing again.
  await context.setOffline(true);
  await context.setOffline(false);
  await page.waitForTimeout(1000);
  expect(await evidenceOf(id)).toHaveLength(1);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test('a visit cancelled while the photo waited offline: the refusal is shown on the photo, which the inspector discards', async () => {
  const id = await visitOnSite('restaurant-2');
  const { context, page, errors } = await device();
  await logIn(page, 'market-1');
  await page.locator(`[data-visit="${id}"]`).click();
  await page.locator(`[data-item="${market.items[0].code}"]`).waitFor();
  await context.setOffline(true);
  const measured = await fillChecklist(page);
  await page.locator('[data-test=submit]').click();
  await page.locator('[data-test=sync-state][data-state=QUEUED]').waitFor();
  const slot = page.locator(`[data-photo-item="${measured.code}"]`);
  await slot.locator('input[type=file]').setInputFiles({ name: '冷藏柜.jpg', mimeType: 'image/jpeg', buffer: await photoOfToday(90) });
  await slot.locator('[data-test=photo-waiting][data-state=QUEUED]').waitFor();

  const cancelled = await stack.http('POST', `/api/inspections/${id}/cancel`, { token: stack.tokens['coordinator-2'], body: { reason: '企业停业' } });
  expect(cancelled.status).toBe(200);
  await eventually(async () => expect((await stack.prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED'));
  await context.setOffline(false);

  const refused = slot.locator('[data-test=photo-waiting][data-state=REJECTED]');
  await refused.waitFor({ timeout: 45_000 });
  expect(await refused.locator('[data-test=photo-refused]').innerText()).toContain('联合检查已取消');
  await expect(decoded(refused.locator('img'))).resolves.toBe(true);
  await page.locator('[data-test=sync-state][data-state=REJECTED]').waitFor();
  expect(await evidenceOf(id)).toEqual([]);
  await checkPage(page, 'inspector-photo-refused');

  // Still there after a reload: only the inspector removes it.
  await page.reload();
  await refused.waitFor();
  await refused.locator('[data-test=photo-discard]').click();
  await refused.waitFor({ state: 'detached' });
  await page.reload();
  await page.locator(`[data-item="${measured.code}"]`).waitFor();
  expect(await page.locator('[data-test=photo-waiting]').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);
