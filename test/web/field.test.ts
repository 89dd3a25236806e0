/**
 * The department inspector on site and after the visit (#14 journey 2), in a real browser at phone
 * size against the real API, worker, Temporal server and database, on the pinned clock: the team
 * checks in from the visit screen (the API's two-officer refusal shown in Chinese, then the
 * server's time and who is present), the checklist with a reading beyond its limit is refused
 * before check-in (the API's word shown) and submitted after it,
 * a photo of the non-compliant item goes to the evidence API and comes back with its thumbnail and
 * the API's EXIF flag; the finding then waits on 发现 and is ordered rectified with the deadline the
 * API counted in working days. A second finding shows the API's 首违不罚 conditions and is filed
 * as a case. A penalty proposal returned by the legal reviewer is revised from the visit screen
 * and goes in as a revision. axe-core finds no serious or critical violation; nothing scrolls sideways at 375 px;
 * phone and desktop screenshots in test/artifacts/.
 */
import { expect, test, beforeAll } from '@jest/globals';
import piexif from 'piexifjs';
import sharp from 'sharp';
import type { Locator, Page } from 'playwright-core';
import type { DepartmentAssignment } from '../../domain/inspection';
import { buildWeb } from '../../scripts/build-web';
import { assignmentsFor, compliantResults, compliantValue, officerByKey, restaurantVisitRequest, resultsWithViolation, violatingValue } from '../support/factories';
import { eventually, useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, desktopShot, usePhones } from './support';

const TODAY = '2026-11-16';
const stack = useTestStack({ name: 'web-field', officers: ['admin', 'coordinator-2', 'market-1', 'fire-1', 'reviewer-1'], startAt: `${TODAY}T09:00:00+08:00` });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);
let market: DepartmentAssignment;
let fire: DepartmentAssignment;

beforeAll(async () => {
  buildWeb(() => undefined);
  await openAccounts(['market-1']);
  [market, fire] = await assignmentsFor(stack.prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
}, 120_000);

async function schedule(targetKey: string, exception?: { reason: 'COMPLAINT'; note: string }) {
  const body = { ...(await restaurantVisitRequest(stack.prisma, { targetKey, scheduledFor: TODAY })), ...(exception ? { exception } : {}) };
  const scheduled = await stack.http('POST', '/api/inspections', { token: stack.tokens['coordinator-2'], body });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  await eventually(async () => expect(await stack.prisma.jointInspection.count({ where: { id } })).toBe(1));
  return { id, body };
}

const findingOf = async (inspectionId: string) => {
  let id = '';
  await eventually(async () => {
    const finding = await stack.prisma.finding.findFirst({ where: { inspectionId } });
    expect(finding).not.toBeNull();
    id = finding!.id;
  });
  return id;
};

/** A small JPEG whose EXIF says it was taken the day before the visit (the API flags it, and keeps it). */
async function photoOfYesterday(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
  const exif = { '0th': {}, Exif: { [piexif.ExifIFD.DateTimeOriginal]: '2026:11:15 10:15:00' }, GPS: {} };
  return Buffer.from(piexif.insert(piexif.dump(exif), jpeg.toString('binary')), 'binary');
}

const outcome = (card: Locator, label: string) => card.locator('[role=radio]', { hasText: new RegExp(`^${label}$`) });

/** Every item compliant, except the first measured one read beyond its limit (proposed: 责令改正). */
async function fillChecklist(page: Page) {
  const measured = market.items.find((i) => i.measurement.kind === 'NUMERIC')!;
  for (const item of market.items) {
    const card = page.locator(`[data-item="${item.code}"]`);
    if (item === measured) {
      await card.locator('[data-test=reading] input').fill(String(violatingValue(item)));
      await card.locator('[data-test=beyond-limit]').waitFor();
      await expect(outcome(card, '不符合').getAttribute('aria-checked')).resolves.toBe('true');
      await card.locator('[data-test=facts] textarea').fill('冷藏柜温度超出限值，现场测得读数见笔录');
      await outcome(card, '责令改正').click();
      continue;
    }
    const value = compliantValue(item);
    if (value !== undefined) await card.locator('[data-test=reading] input').fill(String(value));
    await outcome(card, '符合').click();
  }
  return measured;
}

/** The findings screen asks each open finding for its order: "none yet" is the API's 404. */
const unexpected = (errors: string[]) => errors.filter((e) => !/^404 .*\/api\/rectifications\//.test(e));

test('the team checks in (two-officer rule refused first), the checklist goes in with a photo, the finding is ordered rectified', async () => {
  const { id } = await schedule('restaurant-1');
  const fire1 = await officerByKey(stack.prisma, 'fire-1');
  const { page, context, errors } = await device({ geolocation: true });
  await logIn(page, 'market-1');
  await page.locator(`[data-visit="${id}"]`).click();

  // Check-in: fire-1 unticked → the API's two-officer refusal, in Chinese; then both present.
  await page.locator('[data-test=check-in]').waitFor();
  const fireBox = page.locator(`[data-officer="${fire1.id}"]`);
  await expect(fireBox.getAttribute('aria-checked')).resolves.toBe('true');
  await fireBox.click();
  await page.locator('[data-test=check-in-submit]').click();
  const refusal = page.locator('[data-test=check-in-refusal]');
  await refusal.waitFor();
  expect(await refusal.innerText()).toContain('持有效执法证的执法人员');
  expect(await stack.prisma.jointInspection.findUniqueOrThrow({ where: { id } }).then((v) => v.checkInAt)).toBeNull();
  // The checklist before check-in: the API refuses it, and the refusal is shown (nothing recorded).
  await fillChecklist(page);
  await page.locator('[data-test=submit]').click();
  const rejected = page.locator('[data-test=sync-state][data-state=REJECTED]');
  await rejected.waitFor();
  expect(await rejected.innerText()).toContain('未签到');
  await checkPage(page, 'field-check-in');
  // The business registered about 5 km north of where the phone is: the check-in goes on, flagged.
  const { targetId } = await stack.prisma.jointInspection.findUniqueOrThrow({ where: { id } });
  await stack.prisma.target.update({ where: { id: targetId }, data: { latitude: 29.92845, longitude: 107.73072 } });
  await fireBox.click();
  await page.locator('[data-test=check-in-submit]').click();
  const checkedIn = page.locator('[data-test=checked-in]');
  await checkedIn.waitFor();
  await page.locator('[data-test=check-in-flag]').waitFor();
  await stack.prisma.target.update({ where: { id: targetId }, data: { latitude: null, longitude: null } });
  const row = await stack.prisma.jointInspection.findUniqueOrThrow({ where: { id } });
  expect(row.checkInAt).not.toBeNull();
  // The phone's position (the context's geolocation) went with the check-in and was kept with it.
  expect([row.checkInLatitude, row.checkInLongitude, row.checkInAccuracyMeters]).toEqual([29.88345, 107.73072, 12]);
  const shown = await checkedIn.innerText();
  // The server's time (Beijing), who is present, and the place the server recorded.
  expect(shown).toContain(`${TODAY} ${new Date(row.checkInAt!.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`);
  expect(shown).toContain(fire1.name);
  expect(await page.locator('[data-test=check-in-place]').innerText()).toContain('纬度29.883450，经度107.730720（精度约12米）');
  expect(await page.locator('[data-test=check-in-flag]').innerText()).toContain('签到位置距检查对象登记位置约 5.0 公里');

  // Checked in: the same results (kept on the phone) go in.
  const measured = market.items.find((i) => i.measurement.kind === 'NUMERIC')!;
  await page.locator('[data-test=submit]').click();
  await page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor();

  // A photo of the non-compliant item: uploaded as evidence of that result, thumbnail and flag shown.
  const slot = page.locator(`[data-photo-item="${measured.code}"]`);
  await slot.locator('input[type=file]').setInputFiles({ name: '冷藏柜.jpg', mimeType: 'image/jpeg', buffer: await photoOfYesterday() });
  const shot = slot.locator('[data-test=photo]');
  await shot.waitFor();
  const evidenceId = await shot.getAttribute('data-evidence');
  const evidence = await stack.prisma.evidence.findUniqueOrThrow({ where: { id: evidenceId! } });
  expect({ inspectionId: evidence.inspectionId, departmentCode: evidence.departmentCode, itemCode: evidence.itemCode }).toEqual({ inspectionId: id, departmentCode: 'MARKET', itemCode: measured.code });
  await expect(slot.locator('[data-test=photo-flag][data-code=PHOTO_OTHER_DAY]').isVisible()).resolves.toBe(true);
  await expect(shot.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBeGreaterThan(0);
  await checkPage(page, 'field-checklist');
  await desktopShot(page, 'field-checklist');

  // FIRE finds nothing; the visit goes to follow-up with MARKET's finding (no penalty: no legal review).
  const fired = await stack.http('PUT', `/api/inspections/${id}/checks/FIRE`, { token: stack.tokens['fire-1'], body: { results: compliantResults(fire) } });
  expect(fired.status).toBe(200);
  const findingId = await findingOf(id);

  // Back to the worklist (the visit screen has no tab bar), then 发现.
  await page.locator('.van-nav-bar__left').click();
  await page.locator('[data-tab="/findings"]').click();
  const card = page.locator(`[data-finding="${findingId}"]`);
  await card.waitFor();
  expect(await card.innerText()).toContain('冷藏柜温度超出限值，现场测得读数见笔录');
  expect(await card.locator('[data-test=finding-state]').innerText()).toBe('待处理');
  await card.locator('[data-test=open-rectify]').click();
  // No requirement written: the API's refusal, shown.
  await card.locator('[data-test=order]').click();
  await card.locator('[data-test=refusal]').waitFor();
  await card.locator('[data-test=requirement] textarea').fill('冷藏柜温度调至 0–8℃，建立温度记录');
  await card.locator('[data-test=working-days] input').fill('5');
  await card.locator('[data-test=order]').click();
  await card.locator('[data-test=deadline]').waitFor();
  const order = await stack.http('GET', `/api/rectifications/${findingId}`, { token: stack.tokens['market-1'] });
  expect(order.status).toBe(200);
  expect(await card.locator('[data-test=deadline]').innerText()).toContain(order.body.deadline);
  expect(await card.locator('[data-test=finding-state]').innerText()).toBe(`已责令改正，整改期限 ${order.body.deadline}`);
  await checkPage(page, 'field-findings');
  await desktopShot(page, 'field-findings');

  // Opened again, the order is read back from the API.
  await page.reload();
  await card.locator('[data-test=deadline]').waitFor();
  expect(unexpected(errors)).toEqual([]);
  await context.close();
}, 240_000);

test('a finding shows the API\'s 首违不罚 conditions and is filed as a case', async () => {
  const { id, body } = await schedule('restaurant-2');
  const step = async (method: string, path: string, token: string, payload: unknown) => {
    const res = await stack.http(method, path, { token: stack.tokens[token], body: payload });
    expect(res.status).toBe(200);
  };
  await step('POST', `/api/inspections/${id}/check-in`, 'coordinator-2', { officerIds: body.team.map((m) => m.officerId) });
  await step('PUT', `/api/inspections/${id}/checks/MARKET`, 'market-1', { results: resultsWithViolation(market, 'RECTIFY') });
  await step('PUT', `/api/inspections/${id}/checks/FIRE`, 'fire-1', { results: compliantResults(fire) });
  const findingId = await findingOf(id);

  const { page, context, errors } = await device();
  await logIn(page, 'market-1');
  await page.locator('[data-tab="/findings"]').click();
  const card = page.locator(`[data-finding="${findingId}"]`);
  await card.waitFor();
  await card.locator('[data-test=open-no-penalty]').click();
  const suggestion = await stack.http('GET', `/api/findings/${findingId}/no-penalty-suggestion`, { token: stack.tokens['market-1'] });
  expect(suggestion.status).toBe(200);
  const shown = card.locator('[data-test=suggestion]');
  await shown.waitFor();
  for (const reason of suggestion.body.reasons as string[]) expect(await shown.innerText()).toContain(reason);

  await card.locator('[data-test=open-case]').click();
  await card.locator('[data-test=case-title] input').fill('未按规定贮存食品案');
  await card.locator('[data-test=file-case]').click();
  await card.locator('[data-test=recorded]').waitFor();
  expect(await card.locator('[data-test=finding-state]').innerText()).toBe('已立案查处');
  await eventually(async () => expect(await stack.prisma.enforcementCase.count({ where: { findingId, title: '未按规定贮存食品案' } })).toBe(1));
  await checkPage(page, 'field-case');
  expect(unexpected(errors)).toEqual([]);
  await context.close();
}, 240_000);

test('a review returned to the department: the opinion is shown, the results are revised and submitted again', async () => {
  // A second visit at restaurant-1 today, for a complaint (the join window's exception).
  const { id, body } = await schedule('restaurant-1', { reason: 'COMPLAINT', note: '投诉编号 TS-2026-1116' });
  const step = async (method: string, path: string, token: string, payload: unknown) => {
    const res = await stack.http(method, path, { token: stack.tokens[token], body: payload });
    expect(res.status).toBe(200);
  };
  await step('POST', `/api/inspections/${id}/check-in`, 'coordinator-2', { officerIds: body.team.map((m) => m.officerId) });
  await step('PUT', `/api/inspections/${id}/checks/MARKET`, 'market-1', { results: resultsWithViolation(market, 'PENALTY') });
  await step('PUT', `/api/inspections/${id}/checks/FIRE`, 'fire-1', { results: compliantResults(fire) });
  const opinion = '违法事实不清：请写明现场发现的具体情形和数量';
  await eventually(async () => expect((await stack.prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('IN_LEGAL_REVIEW'));
  await step('POST', `/api/inspections/${id}/legal-review`, 'reviewer-1', { decision: 'RETURNED', opinion });

  const { page, context, errors } = await device();
  await logIn(page, 'market-1');
  const visit = page.locator(`[data-visit="${id}"]`);
  await visit.waitFor();
  expect(await visit.innerText()).toContain('待补正');
  await visit.click();
  const returned = page.locator('[data-test=returned]');
  await returned.waitFor();
  expect(await returned.innerText()).toContain(opinion);
  // The results the API holds are on the form, to be changed rather than retyped.
  const item = market.items[0];
  const facts = page.locator(`[data-item="${item.code}"] [data-test=facts] textarea`);
  await expect(facts.inputValue()).resolves.toBe('现场发现该项不符合要求，已拍照取证并当场告知经营者');
  await page.locator('[data-test=revise]').click();
  await facts.fill('后厨冷藏柜内存放超过保质期的食品3批次，共12袋');
  await page.locator('[data-test=submit]').click();
  await page.locator('[data-test=sync-state][data-state=SUBMITTED]').waitFor();
  await eventually(async () => {
    const detail = await stack.http('GET', `/api/inspections/${id}`, { token: stack.tokens['market-1'] });
    const checks = detail.body.state.departments.find((d: { departmentCode: string }) => d.departmentCode === 'MARKET');
    expect(checks.revision).toBe(2);
    expect(checks.results.find((r: { itemCode: string }) => r.itemCode === item.code).note).toBe('后厨冷藏柜内存放超过保质期的食品3批次，共12袋');
  });
  const audit = await stack.prisma.auditEvent.findMany({ where: { subjectId: id, action: { startsWith: 'DEPARTMENT_CHECKS_' } } });
  expect(audit.map((a) => a.action).sort()).toEqual(['DEPARTMENT_CHECKS_REVISED', 'DEPARTMENT_CHECKS_SUBMITTED', 'DEPARTMENT_CHECKS_SUBMITTED']);
  await page.locator('[data-test=returned]').waitFor({ state: 'detached' });
  await checkPage(page, 'field-revised');
  expect(unexpected(errors)).toEqual([]);
  await context.close();
}, 240_000);
