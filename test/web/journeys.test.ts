/**
 * The workbench's other journeys in a real browser at phone size (390×844, one desktop 1366×900
 * screenshot per screen), against the real API, worker, Temporal server and database, pinned to
 * Monday 2026-11-16 (the legal review's working days never depend on the day the suite runs):
 * the legal reviewer's queue and proposal (return with the opinion, then approve the revision),
 * the grid worker's 532 report in at most three taps and its three clocks, the dispatcher's board
 * (dispatch, arrival, the responder's feedback), and the inbox (read one). Every person lands on
 * their own screen with only their roles' tabs; axe-core finds no serious or critical violation
 * on any of these pages, and none scrolls sideways at 375 px.
 */
import path from 'node:path';
import { expect, test, beforeAll } from '@jest/globals';
import sharp from 'sharp';
import { STAGE_LABELS } from '../../domain/rapid-response';
import { inspectionWithMarketFinding, officerByKey, PENALTY_PROPOSAL, restaurantVisitRequest } from '../support/factories';
import { buildWeb } from '../../scripts/build-web';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, desktopShot, hashPath, tabs, usePhones } from './support';

const HOUR = 3_600_000;
const OFFICERS = ['admin', 'coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'grid-1'];
const stack = useTestStack({
  name: 'web-journeys',
  officers: OFFICERS,
  startAt: '2026-11-16T09:00:00+08:00',
  // FIRE's results are due two hours after check-in: the inbox has a real reminder to show.
  policy: { checkSubmissionDeadlineMs: 2 * HOUR },
});
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);
let caseId = '';
let overdueInspection = '';

beforeAll(async () => {
  buildWeb(() => undefined);
  const { http, tokens, prisma } = stack;
  await openAccounts(['coordinator-2', 'market-1', 'reviewer-1', 'grid-1']);
  // A penalty proposal waiting for legal review (investigated by market-1 and market-2).
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
  const step = async (path: string, key: string, body: unknown, expected = 200) => {
    const res = await http('POST', path, { token: tokens[key], body });
    expect([path, res.status]).toEqual([path, expected]);
    return res.body;
  };
  caseId = (await step('/api/cases', 'market-1', { inspectionId, findingId, title: '销售超过保质期的食品案' }, 202)).id;
  const investigators = await Promise.all(['market-1', 'market-2'].map((k) => officerByKey(prisma, k)));
  await step(`/api/cases/${caseId}/investigators`, 'coordinator-2', { officerIds: investigators.map((o) => o.id) });
  await step(`/api/cases/${caseId}/proposal`, 'market-1', PENALTY_PROPOSAL);
  // A visit where FIRE does not submit within two hours: DEPARTMENT_OVERDUE in the coordinator's inbox.
  const request = await restaurantVisitRequest(prisma, { targetKey: 'restaurant-2' });
  overdueInspection = (await step('/api/inspections', 'coordinator-2', request, 202)).id;
  await step(`/api/inspections/${overdueInspection}/check-in`, 'coordinator-2', { officerIds: request.team.map((m) => m.officerId) });
  await stack.sleep(3 * HOUR);
  await eventually(async () => expect(await prisma.notification.count({ where: { subjectId: overdueInspection, kind: 'DEPARTMENT_OVERDUE' } })).toBeGreaterThan(0));
}, 120_000);

test('a legal reviewer lands on the queue (age, working-day deadline from the API), returns the proposal with the opinion and approves the revision', async () => {
  const { page, context, errors } = await device();
  await logIn(page, 'reviewer-1');
  const row = page.locator(`[data-case="${caseId}"]`);
  await row.waitFor();
  expect(hashPath(page)).toBe('/reviews');
  expect(await tabs(page)).toEqual(['/reviews', '/inbox']);
  const stored = await stack.prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } });
  const rowText = await row.innerText();
  expect(rowText).toContain('销售超过保质期的食品案');
  expect(rowText).toContain(`期限 ${stored.reviewDueOn}`);
  expect(rowText).toContain('今日提交');
  await checkPage(page, 'reviewer-queue');

  await row.click();
  await page.locator('[data-test=facts]').waitFor();
  expect(await page.locator('[data-test=facts]').innerText()).toContain(PENALTY_PROPOSAL.facts);
  expect(await page.locator('[data-test=evidence]').allInnerTexts()).toEqual(PENALTY_PROPOSAL.evidence.map((e, i) => `${i + 1}. ${e}`));
  expect(await page.locator('[data-test=legal-basis]').innerText()).toContain(PENALTY_PROPOSAL.legalBasis);
  expect(await page.locator('[data-test=penalty]').innerText()).toContain('2,000 元');
  expect(await page.locator('[data-test=review-clock]').innerText()).toContain(`期限 ${stored.reviewDueOn}`);
  await checkPage(page, 'reviewer-proposal');
  await desktopShot(page, 'reviewer-proposal');

  // A return without an opinion: the API's words, nothing recorded.
  await page.locator('[data-test=return]').click();
  await expect(page.locator('[data-test=review-error]').innerText()).resolves.toContain('退回时必须写明审核意见');
  await page.locator('[data-test=opinion] textarea').fill('证据不足：请补充冷藏柜温度记录');
  await page.locator('[data-test=return]').click();
  await expect(page.locator('[data-test=review-done]').innerText()).resolves.toBe('已退回补正');
  let state = (await stack.http('GET', `/api/cases/${caseId}`, { token: stack.tokens['reviewer-1'] })).body;
  expect(state.reviews).toEqual([expect.objectContaining({ round: 1, decision: 'RETURNED', opinion: '证据不足：请补充冷藏柜温度记录' })]);
  expect(state.status).toBe('PROPOSED');

  // The investigators revise; the second round is approved from the queue.
  const revised = await stack.http('POST', `/api/cases/${caseId}/proposal`, { token: stack.tokens['market-1'], body: { ...PENALTY_PROPOSAL, evidence: [...PENALTY_PROPOSAL.evidence, '冷藏柜温度记录'] } });
  expect(revised.status).toBe(200);
  await page.getByText('返回').click();
  await page.locator(`[data-case="${caseId}"]`).click();
  await page.locator('[data-review-round="1"]').waitFor();
  expect(await page.locator('[data-test=evidence]').count()).toBe(3);
  await page.locator('[data-test=opinion] textarea').fill('事实清楚，证据确凿，同意');
  await page.locator('[data-test=approve]').click();
  await expect(page.locator('[data-test=review-done]').innerText()).resolves.toBe('已审核通过');
  state = (await stack.http('GET', `/api/cases/${caseId}`, { token: stack.tokens['reviewer-1'] })).body;
  expect(state.reviews.map((r: { decision: string }) => r.decision)).toEqual(['RETURNED', 'APPROVED']);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test('a grid worker reports an event in at most three taps, then sees its three clocks from the API', async () => {
  const { page, context, errors } = await device({ geolocation: true });
  await logIn(page, 'grid-1');
  await page.locator('[data-test=report-form]').waitFor();
  expect(hashPath(page)).toBe('/report');
  expect(await tabs(page)).toEqual(['/report', '/inbox']);
  const firstVillage = page.locator('[data-village]').first();
  await firstVillage.waitFor();
  const village = (await firstVillage.getAttribute('data-village'))!;
  // The phone gave its position.
  await eventually(async () => expect(await page.locator('[data-test=location] input').inputValue()).toContain('29.88345'));
  await checkPage(page, 'grid-report');
  await desktopShot(page, 'grid-report');

  // Tap 1 category, tap 2 village, type the description, tap 3 send.
  let taps = 0;
  const tap = async (selector: string) => {
    taps += 1;
    await page.locator(selector).click();
  };
  await tap('[data-category=FOOD_SAFETY]');
  await tap(`[data-village="${village}"]`);
  await page.locator('[data-test=description] textarea').fill('场镇菜市场有摊贩销售无标签散装熟食');
  await tap('[data-test=send]');
  expect(taps).toBe(3);
  await page.locator('[data-clock=DISPATCH]').waitFor();
  const id = hashPath(page).split('/')[2];
  const detail = (await stack.http('GET', `/api/events/${id}`, { token: stack.tokens['grid-1'] })).body.event;
  expect(detail).toMatchObject({ category: 'FOOD_SAFETY', village, description: '场镇菜市场有摊贩销售无标签散装熟食', status: 'REPORTED' });
  expect(detail.location).toContain('29.88345');
  for (const clock of detail.clocks as { stage: string; label: string }[]) {
    const text = await page.locator(`[data-clock=${clock.stage}]`).innerText();
    expect(text).toContain(clock.label);
    expect(text).toContain('剩余');
  }
  await checkPage(page, 'grid-clocks');

  // The next report: the village is remembered — category, photo, send.
  await page.goto(`${stack.api.baseUrl}/app/#/report`);
  await page.locator('[data-category=NOISE]').waitFor();
  taps = 0;
  await tap('[data-category=NOISE]');
  await page.locator('[data-test=description] textarea').fill('夜间施工噪声扰民');
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 200 } } }).jpeg().toBuffer();
  taps += 1; // the camera
  await page.locator('[data-test=photo] input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
  await tap('[data-test=send]');
  expect(taps).toBe(3);
  await page.locator('[data-clock=DISPATCH]').waitFor();
  const second = hashPath(page).split('/')[2];
  const event = await stack.prisma.gridEvent.findUniqueOrThrow({ where: { id: second } });
  expect([event.category, event.village]).toEqual(['NOISE', village]);
  await eventually(async () => expect(await stack.prisma.evidence.count({ where: { eventId: second } })).toBe(1));
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test('the dispatcher\'s 532 board counts the clock down; dispatch and arrival by the coordinator, feedback by the responder', async () => {
  const reported = await stack.http('POST', '/api/events', {
    token: stack.tokens['grid-1'],
    body: { category: 'FOOD_SAFETY', village: '包鸾社区', location: '场镇农贸市场北门', description: '流动摊贩售卖来源不明的卤菜' },
  });
  expect(reported.status).toBe(202);
  const id = reported.body.id as string;
  const market1 = await officerByKey(stack.prisma, 'market-1');

  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  await page.locator('[data-test=tabbar]').waitFor();
  expect(hashPath(page)).toBe('/visits');
  expect(await tabs(page)).toEqual(['/visits', '/board', '/inbox']);
  await page.locator('[data-tab="/board"]').click();
  const card = page.locator(`[data-event="${id}"]`);
  await card.waitFor();
  const clock = card.locator('[data-test=clock]');
  const before = await clock.innerText();
  expect(before).toMatch(new RegExp(`^${STAGE_LABELS.DISPATCH} 剩余 \\d+:\\d\\d$`));
  await eventually(async () => expect(await clock.innerText()).not.toBe(before), 5000);
  await checkPage(page, 'board');
  await desktopShot(page, 'board');

  await card.locator('button.head').click();
  await card.locator(`[data-responder="${market1.id}"]`).click();
  await card.locator('[data-test=instruction] textarea').fill('到场核实，先行制止销售');
  await card.locator('[data-test=dispatch]').click();
  await page.locator(`[data-event="${id}"][data-status=DISPATCHED]`).waitFor();
  // A slow detail: the arrival step names the responders of the detail, so it waits for it (it
  // was shown at once once, and a quick tap recorded nobody's arrival).
  await page.route(`**/api/events/${id}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await page.locator(`[data-event="${id}"] button.head`).click();
  await page.locator(`[data-event="${id}"] [data-test=check-in]`).click();
  await page.locator(`[data-event="${id}"][data-status=ON_SITE]`).waitFor();
  expect(await page.locator(`[data-event="${id}"] [data-test=clock]`).innerText()).toMatch(new RegExp(`^${STAGE_LABELS.FEEDBACK} 剩余`));
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-board-on-site.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();

  // The responder feeds back from their own phone.
  const responder = await device();
  await logIn(responder.page, 'market-1');
  await responder.page.locator('[data-test=tabbar]').waitFor();
  expect(await tabs(responder.page)).toEqual(['/worklist', '/findings', '/board', '/inbox']);
  await responder.page.locator('[data-tab="/board"]').click();
  await responder.page.locator(`[data-event="${id}"] button.head`).click();
  await responder.page.locator(`[data-event="${id}"] [data-test=feedback-text] textarea`).fill('已责令摊贩停止销售，卤菜已封存待查');
  await responder.page.locator(`[data-event="${id}"] [data-test=feedback]`).click();
  await responder.page.locator(`[data-event="${id}"][data-status=FED_BACK]`).waitFor();
  const detail = (await stack.http('GET', `/api/events/${id}`, { token: stack.tokens['coordinator-2'] })).body.event;
  expect(detail).toMatchObject({ status: 'FED_BACK', instruction: '到场核实，先行制止销售', feedbackResult: '已责令摊贩停止销售，卤菜已封存待查' });
  expect(detail.responders.map((r: { officerId: string }) => r.officerId)).toEqual([market1.id]);
  expect(responder.errors).toEqual([]);
  await responder.context.close();
}, 180_000);

test('the inbox shows the person\'s notifications; tapping one marks it read', async () => {
  const { page, context, errors } = await device();
  await logIn(page, 'coordinator-2');
  await page.locator('[data-tab="/inbox"]').click();
  const coordinator = await officerByKey(stack.prisma, 'coordinator-2');
  const note = await stack.prisma.notification.findFirstOrThrow({ where: { subjectId: overdueInspection, kind: 'DEPARTMENT_OVERDUE', officerId: coordinator.id } });
  const row = page.locator(`[data-notification="${note.id}"]`);
  await row.waitFor();
  expect(await row.getAttribute('data-read')).toBe('false');
  expect(await row.innerText()).toContain('部门检查结果逾期未提交');
  const unread = Number(await page.locator('[data-test=unread]').innerText());
  expect(unread).toBeGreaterThan(0);
  await checkPage(page, 'inbox');
  await desktopShot(page, 'inbox');
  await row.click();
  await page.locator(`[data-notification="${note.id}"][data-read=true]`).waitFor();
  expect(await page.locator('[data-test=unread]').innerText()).toBe(String(unread - 1));
  const stored = await stack.prisma.notification.findUniqueOrThrow({ where: { id: note.id } });
  expect(stored.readAt).not.toBeNull();
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);
