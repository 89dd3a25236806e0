/**
 * The leader's 看板 in the workbench (#14 journey 6), on a phone (390×844, one desktop 1366×900
 * screenshot per screen) against the real API, worker, Temporal server and database. The year's
 * data is made through the API (seedReportingYear: six visits — one closed, one penalised, one in
 * legal review, one with an overdue department, one still to visit, one cancelled — a 532 event
 * dispatched, two major decisions awaiting the meeting, study sessions, a 普法 activity and a 法律明白人).
 * The leader logs in, lands on the
 * dashboard and reads the API's figures as text and in charts; the decisions to take are listed
 * with what they wait for and open read-only; the year's Excel and DOCX are downloaded as real
 * files. The old token page's address redirects here. axe-core finds no serious or critical
 * violation, and nothing scrolls sideways at 375 px.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { buildWeb } from '../../scripts/build-web';
import { chinaDate } from '../../domain/dates';
import { MajorDecisionListResponse } from '../../api/routes/major-decisions/schema';
import { EnforcementFigures } from '../../api/routes/reports/schema';
import { officerByKey, REPORTING_YEAR_APIS, REPORTING_YEAR_OFFICERS, seedReportingYear } from '../support/factories';
import { ARTIFACTS, eventually, useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, desktopShot, hashPath, tabs, usePhones, type Phone } from './support';

const stack = useTestStack({ name: 'web-leader', officers: [...REPORTING_YEAR_OFFICERS, 'admin', 'grid-1'], apis: REPORTING_YEAR_APIS });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);
// The year of the data the test makes: the stack's (and the phone's) today in China.
const year = Number(chinaDate(new Date().toISOString()).slice(0, 4));
let seeded: Awaited<ReturnType<typeof seedReportingYear>>;
let stats: any;
let report: any;
const decisions: { matter: string; funds: string } = { matter: '', funds: '' };
let phone: Phone;
/** Content-Security-Policy refusals the page logged (an inline style the policy blocks, say). */
const refused: string[] = [];

beforeAll(async () => {
  buildWeb(() => undefined);
  const { http, tokens, prisma } = stack;
  seeded = await seedReportingYear({ http, overdueHttp: stack.apis.overdue.http, prisma, tokens });
  // One 532 event, dispatched at once: the 532 panel has a real on-time rate.
  const event = await http('POST', '/api/events', {
    token: tokens['grid-1'],
    body: { clientKey: 'leader-1', category: 'NOISE', village: '包鸾社区', location: '场镇中街', description: '夜间施工噪声扰民' },
  });
  expect(event.status).toBe(202);
  const responder = await officerByKey(prisma, 'urban-1');
  await eventually(async () => {
    const dispatched = await http('POST', `/api/events/${event.body.id}/dispatch`, {
      token: tokens['coordinator-2'],
      body: { instruction: '请城管中队立即到场处置', responderIds: [responder.id] },
    });
    expect(dispatched.status).toBe(200);
  });
  // Two decisions for the meeting: one without the legal opinion, one with it (waiting for the meeting).
  const matter = await http('POST', '/api/major-decisions', { token: tokens['leader-1'], body: { kind: 'MAJOR_MATTER', title: '场镇农贸市场搬迁方案' } });
  const funds = await http('POST', '/api/major-decisions', { token: tokens['leader-1'], body: { kind: 'LARGE_FUNDS', title: '镇村道路硬化工程资金安排', amount: 300000 } });
  expect([matter.status, funds.status]).toEqual([201, 201]);
  decisions.matter = matter.body.id;
  decisions.funds = funds.body.id;
  const opinion = await http('POST', `/api/major-decisions/${funds.body.id}/legal-opinion`, { token: tokens['reviewer-1'], body: { conclusion: 'LAWFUL', opinion: '资金安排程序合法，符合预算管理规定' } });
  expect(opinion.status).toBe(200);

  // The rule-of-law registers: study sessions, a 普法 activity and a 法律明白人 with a training.
  const today = chinaDate(new Date().toISOString());
  for (const kind of ['LEADERSHIP_MEETING', 'CENTRAL_GROUP']) {
    expect((await http('POST', '/api/study-sessions', { token: tokens['coordinator-2'], body: { kind, topic: '学习行政处罚法', heldOn: today, attendees: 12 } })).status).toBe(201);
  }
  const campaign = { kind: 'STREET_CAMPAIGN', title: '赶场日法治宣传', heldOn: today, place: '包鸾场镇', audience: 120, materials: 300 };
  expect((await http('POST', '/api/publicity-activities', { token: tokens['coordinator-2'], body: campaign })).status).toBe(201);
  const liaison = await http('POST', '/api/legal-liaisons', { token: tokens['coordinator-2'], body: { name: '陈明白', village: '包鸾社区', registeredOn: today } });
  expect(liaison.status).toBe(201);
  expect((await http('POST', `/api/legal-liaisons/${liaison.body.id}/records`, { token: tokens['coordinator-2'], body: { kind: 'TRAINING', on: today, hours: 4 } })).status).toBe(200);
  stats = (await http('GET', `/api/stats?year=${year}`, { token: tokens['leader-1'] })).body;
  report = (await http('GET', `/api/reports/annual?year=${year}`, { token: tokens['leader-1'] })).body;
  await openAccounts(['leader-1']);
  // One phone for the file: a leader's login binds the second factor, and an authenticator's
  // code is good once — the leader stays logged in, as on a real phone.
  phone = await device();
  phone.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await logIn(phone.page, 'leader-1');
}, 240_000);

afterAll(() => phone?.context.close());

/** Opens a screen of the app by its hash path, as the tab bar or a link would. */
async function open(hash: string) {
  await phone.page.goto(`${stack.api.baseUrl}/app/#${hash}`);
}

const kpi = (page: Phone['page'], key: string) => page.locator(`[data-kpi="${key}"] .value`).innerText();
/** A chart's figures as its table gives them (textContent: the table is folded under 查看数据). */
const table = (page: Phone['page'], id: string) =>
  page.locator(`[data-table="${id}"] tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => Number(td.textContent))));

test("the leader lands on the dashboard: the API's figures as text and in charts, the overdue, the reviews waiting, 532, cases", async () => {
  const { page, errors } = phone;
  // logIn ended on the landing screen.
  expect(hashPath(page)).toBe('/dashboard');
  expect(await tabs(page)).toEqual(['/dashboard', '/inbox']);
  await page.locator('[data-panel=kpis]').waitFor();

  // The overview: every figure is the API's, and the seeded year is not an empty page.
  const keys = {
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
  for (const key of Object.keys(keys)) shown[key] = Number(await kpi(page, key));
  expect(shown).toEqual(keys);
  expect(shown['inspections.scheduled']).toBe(5);

  // ECharts drew the charts (SVG); their tables carry the same series as the API.
  await page.locator('[data-chart="by-month"] svg').waitFor();
  expect(await page.locator('[data-chart="by-month"] svg path').count()).toBeGreaterThan(5);
  for (const id of ['by-department', 'by-scenario', 'by-village', 'findings-severity', 'findings-end-state']) {
    expect({ id, svg: await page.locator(`[data-chart="${id}"] svg`).count() }).toEqual({ id, svg: 1 });
  }
  expect(await table(page, 'by-month')).toEqual(stats.byMonth.map((m: any) => [m.scheduled, m.completed]));
  expect(await table(page, 'by-department')).toEqual(stats.byDepartment.map((d: any) => [d.checks, d.submitted, d.overdue]));
  const endStates = await table(page, 'findings-end-state');
  expect(endStates[0]).toEqual([stats.findings.byEndState.open]);
  expect(endStates[2]).toEqual([stats.findings.byEndState.NO_PENALTY]);
  expect(stats.findings.byEndState).toMatchObject({ open: 2, NO_PENALTY: 1 });

  // The overdue department: who, where, how late.
  const overdue = page.locator('[data-panel=overdue] li');
  expect(await overdue.count()).toBe(1);
  expect(await overdue.getAttribute('data-department')).toBe('FIRE');
  expect(await overdue.getAttribute('data-inspection')).toBe(seeded.overdue);
  expect(await overdue.innerText()).toContain('消防 · 包鸾镇刘记豆花饭庄');
  expect(await overdue.innerText()).toMatch(/已超期 (不足1分钟|\d+分钟)/);
  const pending = page.locator('[data-panel=pending-reviews] li');
  expect(await pending.count()).toBe(1);
  expect(await pending.innerText()).toContain('包鸾镇云上飞仙民宿');

  // 532, cases (amounts in yuan), rectification and satisfaction: the annual report's figures.
  const dispatch = report.enforcement.rapidResponse.stages.find((s: any) => s.stage === 'DISPATCH');
  expect(dispatch.onTimeRate).toBe(1);
  expect(await page.locator('[data-panel=rapid-response] li[data-stage=DISPATCH]').innerText()).toContain('按时率 100%');
  const cases = report.enforcement.cases;
  for (const key of ['filed', 'penaltyDecisions', 'closed', 'collectiveDecisions', 'hearingsHeld']) {
    expect({ key, shown: Number(await kpi(page, `enforcement.cases.${key}`)) }).toEqual({ key, shown: cases[key] });
  }
  expect(await kpi(page, 'enforcement.cases.finesDecided')).toBe(cases.finesDecided.toLocaleString('zh-CN'));
  expect(await page.locator('[data-kpi="enforcement.cases.finesDecided"] .unit').innerText()).toBe('元');
  // The figures the screen is typed from answer their documented schema (no extra or missing field).
  expect(EnforcementFigures.safeParse(report.enforcement).error).toBeUndefined();
  expect(Object.keys(report.enforcement.cases).sort()).toEqual(Object.keys(EnforcementFigures.shape.cases.shape).sort());
  expect(stats.rectification.orders).toBe(0);
  expect(await page.locator('[data-panel=rectification]').innerText()).toContain('本年度尚无责令改正');
  expect(await page.locator('[data-panel=satisfaction]').innerText()).toContain('本年度尚无检查对象评价');
  expect(await page.locator('[data-test=annual-paragraph]').innerText()).toBe(report.paragraph);
  expect(await page.locator('[data-test=rule-of-law-paragraph]').innerText()).toBe(report.ruleOfLawParagraph);

  // One panel per rule-of-law register: each figure shown is the annual report's; a register with
  // nothing in the year says so.
  for (const id of ['normative-documents', 'major-decisions', 'mediation', 'study', 'publicity', 'legal-liaisons', 'legal-challenges']) {
    expect({ id, panels: await page.locator(`[data-panel="${id}"]`).count() }).toEqual({ id, panels: 1 });
  }
  const ruleOfLaw = await page.locator('[data-kpi^="ruleOfLaw."]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kpi')!, e.querySelector('.value')!.textContent!]));
  const figureAt = (key: string) => key.split('.').reduce((at: any, part) => at[part], report);
  expect(ruleOfLaw.map(([key, shown]) => [key, Number(shown)])).toEqual(ruleOfLaw.map(([key]) => [key, figureAt(key)]));
  expect(ruleOfLaw.map(([key]) => key)).toEqual(expect.arrayContaining(['ruleOfLaw.study.CENTRAL_GROUP', 'ruleOfLaw.publicity.audience', 'ruleOfLaw.legalLiaisons.trained']));
  expect(report.ruleOfLaw.publicity).toMatchObject({ activities: 1, audience: 120, materials: 300 });
  expect(report.ruleOfLaw.legalLiaisons).toMatchObject({ registered: 1, trained: 1 });
  expect(await page.locator('[data-panel=normative-documents]').innerText()).toContain('本年度尚无规范性文件报送审核');
  expect(await page.locator('[data-panel=major-decisions]').innerText()).toContain('本年度尚未作出重大行政决策');
  expect(await page.locator('[data-panel=legal-challenges]').innerText()).toContain('本年度未发生行政复议和行政诉讼案件');
  expect(await page.locator('[data-test=updated]').innerText()).toMatch(/^数据更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}.*（北京时间）/);

  // The collective decisions to take, with the step each waits for.
  await page.locator(`[data-decision="${decisions.funds}"]`).waitFor();
  expect(await page.locator(`[data-decision="${decisions.matter}"]`).getAttribute('data-state')).toBe('MAJOR_DECISION_LEGAL_OPINION_REQUIRED');
  expect(await page.locator(`[data-decision="${decisions.matter}"]`).innerText()).toContain('待合法性审查');
  expect(await page.locator(`[data-decision="${decisions.funds}"]`).innerText()).toMatch(/大额资金使用 · 300,000 元[\s\S]*待集体讨论/);

  await checkPage(page, 'leader-dashboard');
  // The README's phone picture: the first screen, as a leader sees it on opening the app.
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-leader-dashboard-phone.png') });
  await desktopShot(page, 'leader-dashboard');

  // Another year: the figures are that year's (none in the year before the data).
  await page.locator('[data-test=year]').selectOption(String(year - 1));
  await eventually(async () => expect(await kpi(page, 'inspections.scheduled')).toBe('0'));
  expect(await page.locator('[data-panel=kpis] h2').innerText()).toBe(`${year - 1}年 联合检查概况`);

  expect(errors).toEqual([]);
  expect(refused).toEqual([]);
}, 120_000);

test('a decision opens read-only with what it still needs; the register answers its documented schema', async () => {
  const list = await stack.http('GET', '/api/major-decisions', { token: stack.tokens['leader-1'] });
  expect(MajorDecisionListResponse.safeParse(list.body).error).toBeUndefined();
  expect(Object.keys(list.body.items[0]).sort()).toEqual(Object.keys(MajorDecisionListResponse.shape.items.element.shape).sort());
  const { page, errors } = phone;
  await open('/dashboard');
  await page.locator(`[data-decision="${decisions.funds}"] a`).click();
  await page.locator('[data-test=decision]').waitFor();
  expect(hashPath(page)).toBe(`/decisions/${decisions.funds}`);
  expect(await page.locator('[data-test=decision]').innerText()).toContain('镇村道路硬化工程资金安排');
  expect(await page.locator('[data-test=legal-opinion]').innerText()).toContain('资金安排程序合法');
  expect(await page.locator('[data-test=missing] [data-code]').getAttribute('data-code')).toBe('MAJOR_DECISION_MEETING_REQUIRED');
  expect(await page.locator('[data-test=meeting]').innerText()).toContain('尚未记录会议');
  // Read-only: nothing on the page records a step.
  expect(await page.locator('form, textarea, input').count()).toBe(0);
  await checkPage(page, 'leader-decision');
  await desktopShot(page, 'leader-decision');
  expect(errors).toEqual([]);
  expect(refused).toEqual([]);
}, 60_000);

test("the year's Excel and 法治政府建设情况报告 download as real files with their Chinese names", async () => {
  const { page } = phone;
  await open('/dashboard');
  await page.locator('[data-test=download-xlsx]').waitFor();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-xlsx]').click()]);
  expect(xlsx.suggestedFilename()).toBe(`综合查一次年度台账-${year}.xlsx`);
  const workbook = fs.readFileSync((await xlsx.path())!);
  // An Office file is a zip (PK\3\4) whose entries name its kind.
  expect(workbook.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  expect(workbook.includes('xl/workbook.xml')).toBe(true);

  const [docx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-docx]').click()]);
  expect(docx.suggestedFilename()).toMatch(new RegExp(`${year}年.*法治政府建设情况报告\\.docx$`));
  const document = fs.readFileSync((await docx.path())!);
  expect(document.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  expect(document.includes('word/document.xml')).toBe(true);
  expect(await page.locator('[data-test=download-status]').innerText()).toContain('已下载');
}, 60_000);

test("from 1 November the dashboard warns while next year's holiday notice is not entered", async () => {
  // Last in the file: the phone's clock moves on. Pinned far past the built-in data: 2030 and 2031 have no notice.
  const { page, context, errors } = phone;
  await context.clock.setFixedTime(new Date('2030-11-15T09:00:00+08:00'));
  await open('/dashboard');
  await page.reload();
  await page.locator('[data-panel=kpis]').waitFor();
  const banner = page.locator('[data-code=NEXT_YEAR_NOTICE_MISSING]');
  await banner.waitFor();
  expect(await banner.innerText()).toContain('2031年节假日安排尚未录入');
  expect(errors).toEqual([]);
}, 60_000);

test('the old token page is gone: /dashboard redirects to the app', async () => {
  for (const old of ['/dashboard', '/dashboard/', '/dashboard/dashboard.js']) {
    const response = await fetch(`${stack.api.baseUrl}${old}`, { redirect: 'manual' });
    expect({ old, status: response.status, location: response.headers.get('location') }).toEqual({ old, status: 301, location: '/app/#/dashboard' });
  }
});
