/**
 * The dashboard in a real browser (the Chromium scripts/browser.ts finds or installs, driven by playwright-core) against the real
 * API, worker and database: a leader logs in with a token and sees the numbers /api/stats
 * gives, charts drawn by ECharts and the right overdue department; a coordinator sees the
 * visit still to make; the wrong people get a clear Chinese message; a phone-sized screen
 * needs no horizontal scrolling. Screenshots go to test/artifacts/ (not in git).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPORTING_YEAR_OFFICERS, REPORTING_YEAR_APIS, seedReportingYear } from '../support/factories';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

const { prisma, api, http, tokens, apis } = useTestStack({ officers: [...REPORTING_YEAR_OFFICERS, 'grid-1'], apis: REPORTING_YEAR_APIS });
const browser = useTestBrowser();
let seeded: Awaited<ReturnType<typeof seedReportingYear>>;
let stats: any;
const year = Number(chinaDate(new Date().toISOString()).slice(0, 4));

beforeAll(async () => {
  seeded = await seedReportingYear({ http, overdueHttp: apis.overdue.http, prisma, tokens });
  // One 532 event, dispatched at once: the dashboard's 532 panel has a real on-time rate.
  const event = await http('POST', '/api/events', {
    token: tokens['grid-1'],
    body: { clientKey: 'dashboard-1', category: 'NOISE', village: '包鸾社区', location: '场镇中街', description: '夜间施工噪声扰民' },
  });
  expect(event.status).toBe(202);
  const responder = await prisma.officer.findUniqueOrThrow({ where: { key: 'urban-1' } });
  await eventually(async () => {
    const dispatched = await http('POST', `/api/events/${event.body.id}/dispatch`, {
      token: tokens['coordinator-2'],
      body: { instruction: '请城管中队立即到场处置', responderIds: [responder.id] },
    });
    expect(dispatched.status).toBe(200);
  });
  const res = await http('GET', `/api/stats?year=${year}`, { token: tokens['leader-1'] });
  expect(res.status).toBe(200);
  stats = res.body;
}, 120_000);

/** A fresh context (its own sessionStorage) with the page's script errors collected. */
async function openDashboard(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${api.baseUrl}/dashboard`);
  await page.locator('#token').waitFor();
  return { context, page, errors };
}

async function logIn(page: Page, token: string) {
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
}

const kpiValue = (page: Page, path: string) => page.locator(`[data-kpi="${path}"] .value`).innerText().then(Number);

test('a leader logs in with a token and sees the numbers the API gives, charts and the overdue list', async () => {
  // The mediation register has a target and one dispute this year; the other registers are empty.
  expect((await http('PUT', '/api/mediation-targets', { token: tokens['leader-1'], body: { year, target: 240 } })).status).toBe(200);
  const dispute = await http('POST', '/api/disputes', {
    token: tokens['leader-1'],
    body: { source: 'VILLAGER', kind: 'NEIGHBOUR', summary: '邻里纠纷', mediatorName: '周调解', receivedOn: chinaDate(new Date().toISOString()), major: true, parties: [{ name: '张三', role: 'APPLICANT' }] },
  });
  expect(dispute.status).toBe(201);
  const { context, page, errors } = await openDashboard({ width: 1366, height: 900 });
  expect(await page.title()).toBe('综合查一次 · 领导驾驶舱');
  await logIn(page, tokens['leader-1']);
  await page.locator('body[data-loaded="leader"]').waitFor();

  await expect(page.locator('#viewer').innerText()).resolves.toContain('领导');
  const expected: Record<string, number> = {
    'inspections.scheduled': stats.inspections.scheduled,
    'inspections.completed': stats.inspections.completed,
    'inspections.inProgress': stats.inspections.inProgress,
    'merging.departmentChecks': stats.merging.departmentChecks,
    'merging.visits': stats.merging.visits,
    'merging.visitsSaved': stats.merging.visitsSaved,
    'findings.total': stats.findings.total,
    'reviews.pendingInspections': stats.reviews.pendingInspections,
    'overdue.length': stats.overdue.length,
  };
  const shown: Record<string, number> = {};
  for (const key of Object.keys(expected)) shown[key] = await kpiValue(page, key);
  expect(shown).toEqual(expected);
  expect(shown['inspections.scheduled']).toBe(5); // the seeded year, not an empty page

  // ECharts drew the charts (SVG renderer) with the API's series.
  const monthChart = page.locator('[data-chart="by-month"] svg');
  await monthChart.waitFor();
  expect(await page.locator('[data-chart="by-month"] svg path').count()).toBeGreaterThan(5);
  const series = await page.evaluate(() => {
    const { echarts, document } = globalThis as any; // runs in the page
    const option = echarts.getInstanceByDom(document.querySelector('[data-chart="by-month"]')).getOption();
    return option.series.map((s: { data: number[] }) => s.data);
  });
  expect(series).toEqual([stats.byMonth.map((m: any) => m.scheduled), stats.byMonth.map((m: any) => m.completed)]);
  for (const id of ['by-scenario', 'by-department', 'by-village', 'findings-severity', 'findings-outcome', 'findings-end-state']) {
    await expect(page.locator(`[data-chart="${id}"] svg`).count()).resolves.toBe(1);
  }
  // The end states are the API's: 2 findings still being handled, 1 ended as 首违不罚.
  const endStates = await page.evaluate(() => {
    const { echarts, document } = globalThis as any; // runs in the page
    const option = echarts.getInstanceByDom(document.querySelector('[data-chart="findings-end-state"]')).getOption();
    return Object.fromEntries(option.series[0].data.map((d: { name: string; value: number }) => [d.name, d.value]));
  });
  expect(endStates).toMatchObject({ 处理中: stats.findings.byEndState.open, 首违不罚: stats.findings.byEndState.NO_PENALTY });
  expect(stats.findings.byEndState).toMatchObject({ open: 2, NO_PENALTY: 1 });

  // The overdue list: who (消防), what (which business, which inspection), how late.
  const overdue = page.locator('[data-panel="overdue"] li');
  expect(await overdue.count()).toBe(1);
  expect(await overdue.getAttribute('data-department')).toBe('FIRE');
  expect(await overdue.getAttribute('data-inspection')).toBe(seeded.overdue);
  const overdueText = await overdue.innerText();
  expect(overdueText).toContain('消防 · 包鸾镇刘记豆花饭庄');
  expect(overdueText).toMatch(/已超期 (不足1分钟|\d+分钟)/);

  const pending = page.locator('[data-panel="pending-reviews"] li');
  expect(await pending.count()).toBe(1);
  expect(await pending.innerText()).toContain('包鸾镇云上飞仙民宿');

  // 532: the on-time rate per stage is the API's.
  const rapid = await http('GET', `/api/stats/532?year=${year}`, { token: tokens['leader-1'] });
  expect(rapid.status).toBe(200);
  const dispatchStage = rapid.body.stages.find((s: { stage: string }) => s.stage === 'DISPATCH');
  expect(dispatchStage.onTimeRate).toBe(1);
  const dispatchRow = page.locator('[data-panel="rapid-response"] li[data-stage="DISPATCH"]');
  expect(Number(await dispatchRow.getAttribute('data-on-time-rate'))).toBe(dispatchStage.onTimeRate);
  expect(await dispatchRow.innerText()).toContain('按时率 100%');

  // Every figure the system records is live now: no placeholder is left. Satisfaction and
  // rectification have no data in the seeded year and say so as normal panels.
  expect(await page.locator('[data-placeholder="true"]').count()).toBe(0);
  expect(stats.rectification).toEqual({ orders: 0, passed: 0, failed: 0, awaitingRecheck: 0, onTimeRate: null });
  expect(await page.locator('[data-panel="rectification"]').innerText()).toContain('本年度尚无责令改正');
  expect(stats.satisfaction).toEqual({ ratings: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  expect(await page.locator('[data-panel="satisfaction"]').innerText()).toContain('本年度尚无检查对象评价');

  const report = await http('GET', `/api/reports/annual?year=${year}`, { token: tokens['leader-1'] });
  expect(await page.locator('#annual-paragraph').innerText()).toBe(report.body.paragraph);

  // The rule-of-law registers: a panel each; mediation shows the API's figures, the empty ones say so.
  const mediation = report.body.ruleOfLaw.mediation;
  expect(mediation).toMatchObject({ target: 240, received: 1, major: 1, open: 1 });
  const mediationShown: Record<string, number> = {};
  for (const key of ['target', 'received', 'resolved', 'major', 'open']) mediationShown[key] = await kpiValue(page, `ruleOfLaw.mediation.${key}`);
  expect(mediationShown).toEqual({ target: mediation.target, received: mediation.received, resolved: mediation.resolved, major: mediation.major, open: mediation.open });
  expect(await page.locator('[data-panel="normative-documents"]').innerText()).toContain('本年度未制定规范性文件');
  expect(await page.locator('[data-panel="major-decisions"]').innerText()).toContain('本年度未作出重大决策');
  expect(await page.locator('[data-panel="publicity"]').innerText()).toContain('本年度尚无登记');
  expect(await page.locator('[data-panel="legal-challenges"]').innerText()).toContain('本年度未发生行政复议和行政诉讼');
  expect(await page.locator('#rule-of-law-paragraph').innerText()).toBe(report.body.ruleOfLawParagraph);

  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});

test('on a phone-sized screen the dashboard fits the width', async () => {
  const { context, page, errors } = await openDashboard({ width: 375, height: 812 });
  await logIn(page, tokens['leader-1']);
  await page.locator('body[data-loaded="leader"]').waitFor();
  await page.locator('[data-chart="by-month"] svg').waitFor();
  const widths = await page.evaluate(() => {
    const { document } = globalThis as any; // runs in the page
    const client = document.documentElement.clientWidth;
    // Name what sticks out, so a failure says which element to fix.
    const overflowing = [...document.querySelectorAll('body *')]
      .filter((el: any) => el.getBoundingClientRect().right > client + 0.5 && !el.closest('[data-chart]'))
      .map((el: any) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
    return { scroll: document.documentElement.scrollWidth, client, overflowing };
  });
  expect(widths.client).toBe(375);
  expect(widths.overflowing).toEqual([]);
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  expect(await kpiValue(page, 'inspections.scheduled')).toBe(stats.inspections.scheduled);
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});

test('a coordinator starts on the coordinator view: visits to make with their teams, worklists', async () => {
  const { context, page, errors } = await openDashboard({ width: 1366, height: 900 });
  await logIn(page, tokens['coordinator-2']);
  await page.locator('body[data-loaded="coordinator"]').waitFor();
  const visit = page.locator(`[data-panel="upcoming"] li[data-inspection="${seeded.upcoming}"]`);
  const text = await visit.innerText();
  expect(text).toContain('包鸾镇鸾悦宾馆');
  expect(text).toContain('邓伟（派出所）·组长');
  expect(text).toContain('冉丽（卫生健康）');
  const fire = page.locator('[data-panel="worklists"] details[data-department="FIRE"]');
  expect(await fire.innerText()).toMatch(/待提交结果 · 包鸾镇刘记豆花饭庄[\s\S]*已超期/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-coordinator.png'), fullPage: true });

  // Switching to the leader view works for a coordinator too.
  await page.click('#tab-leader');
  await page.locator('body[data-loaded="leader"]').waitFor();
  expect(await kpiValue(page, 'findings.total')).toBe(stats.findings.total);
  expect(errors).toEqual([]);
  await context.close();
});

test('a token of another role, or no valid token, gets a clear Chinese message and no data', async () => {
  const { context, page } = await openDashboard({ width: 1366, height: 900 });
  await logIn(page, tokens['market-1']);
  const error = page.locator('#login-error');
  await error.waitFor();
  expect(await error.innerText()).toContain('您的账号无权查看驾驶舱：本页面仅供领导、综合执法协调员使用');
  expect(await page.locator('#app').isHidden()).toBe(true);

  await logIn(page, 'ov_not-a-real-token');
  await page.locator('#login-error', { hasText: '访问令牌无效或已被吊销' }).waitFor();
  expect(await page.locator('[data-kpi]').count()).toBe(0);
  await context.close();
});

test("from 1 November the dashboard warns while next year's holiday notice is not entered", async () => {
  const { context, page, errors } = await openDashboard({ width: 1366, height: 900 });
  // Pinned far past the built-in data: 2030 and 2031 have no notice.
  await page.clock.setFixedTime(new Date('2030-11-15T09:00:00+08:00'));
  await page.reload();
  await logIn(page, tokens['leader-1']);
  const banner = page.locator('#calendar-warnings');
  await banner.locator('[data-code="NEXT_YEAR_NOTICE_MISSING"]').waitFor();
  expect(await banner.innerText()).toContain('2031年节假日安排尚未录入');
  expect(await banner.locator('[data-code="CURRENT_YEAR_NOTICE_MISSING"]').innerText()).toContain('2030年节假日安排尚未录入');
  await page.clock.setFixedTime(new Date('2030-10-31T09:00:00+08:00'));
  await page.click('#refresh');
  await banner.locator('[data-code="NEXT_YEAR_NOTICE_MISSING"]').waitFor({ state: 'detached' });
  expect(await banner.locator('[data-code]').count()).toBe(1);
  expect(errors).toEqual([]);
  await context.close();
});

test('the Excel export downloads the workbook with its Chinese file name', async () => {
  const { context, page } = await openDashboard({ width: 1366, height: 900 });
  await logIn(page, tokens['leader-1']);
  await page.locator('body[data-loaded="leader"]').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  expect(download.suggestedFilename()).toBe(`综合查一次年度台账-${year}.xlsx`);
  const file = await download.path();
  expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a zip: the xlsx container
  await context.close();
});
