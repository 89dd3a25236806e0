/**
 * The administrator's screens (#14 journey 7) on a phone (390×844, one desktop 1366×900 screenshot
 * per screen), against the real API, worker, Temporal server and database, pinned to Monday
 * 2026-11-16: the ADMIN lands on the 管理 menu; the roster with each certificate's state as the API
 * judges it (expired, expiring soon), an officer registered (a certificate number already in use
 * refused in Chinese), edited, its login account opened (the one-time password shown once, and it works), deactivated
 * with a reason and restored; businesses found by credit
 * code, the import template downloaded, a real .xlsx (built with ExcelJS, as the API reads it)
 * checked — the refused row named by its row number and reason — then, corrected, imported; a new
 * scenario-list draft, its items edited, submitted for legal review; next year's holiday notice entered; an API
 * token issued, shown once, working, and revoked. axe-core finds no serious or critical violation
 * on these pages, and none scrolls sideways at 375 px.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { statutoryHolidaysOf } from '../../domain/statutory-holidays';
import { makeCreditCode, villages } from '../../prisma/seed-data/catalog';
import { buildWeb } from '../../scripts/build-web';
import { officerByKey } from '../support/factories';
import { useTestBrowser, useTestStack } from '../support/harness';
import { checkPage, desktopShot, hashPath, tabs, usePhones, type Phone } from './support';

const stack = useTestStack({ name: 'web-admin', officers: ['admin', 'market-1'], startAt: '2026-11-16T09:00:00+08:00' });
const browser = useTestBrowser();
const { openAccounts, device, logIn } = usePhones(stack, browser);

// One phone, logged in once: the ADMIN's second factor is bound at the first login, and a code
// is good only once in its 30 seconds, so the screens are visited in one session as a person would.
let phone: Phone;

beforeAll(async () => {
  buildWeb(() => undefined);
  await openAccounts(['admin']);
  phone = await device();
  await logIn(phone.page, 'admin');
}, 120_000);

afterAll(async () => phone?.context.close());

/** The ADMIN back on the 管理 menu, then on the screen `path`. */
async function adminOn(path: string) {
  const { page, errors } = phone;
  errors.length = 0;
  await page.goto(`${stack.api.baseUrl}/app/#/`);
  await page.locator('[data-admin]').first().waitFor();
  expect(hashPath(page)).toBe('/admin');
  await page.locator(`[data-admin="${path}"]`).click();
  await page.waitForURL(new RegExp(`#${path}$`));
  return phone;
}

test('the ADMIN lands on the 管理 menu; the roster flags certificates; an officer is registered, edited, given a login, deactivated and restored', async () => {
  const { page, errors } = phone;
  expect(hashPath(page)).toBe('/admin');
  expect(await tabs(page)).toEqual(['/admin', '/inbox']);
  expect(await page.locator('[data-admin]').evaluateAll((els) => els.map((e) => e.getAttribute('data-admin')))).toEqual([
    '/admin/officers',
    '/admin/businesses',
    '/admin/scenario-lists',
    '/admin/calendar',
    '/admin/tokens',
  ]);
  await checkPage(page, 'admin');
  await desktopShot(page, 'admin');

  // The roster: an expired certificate is flagged as the API judges it on the pinned day.
  await page.locator('[data-admin="/admin/officers"]').click();
  const [market1, expired] = await Promise.all([officerByKey(stack.prisma, 'market-1'), officerByKey(stack.prisma, 'market-expired')]);
  const expiredRow = page.locator(`[data-officer="${expired.id}"]`);
  await expiredRow.waitFor();
  expect(await expiredRow.getAttribute('data-certificate')).toBe('EXPIRED');
  expect(await expiredRow.innerText()).toMatch(/执法证已过期[\s\S]*市场监督管理[\s\S]*包鸾镇[\s\S]*执法证 .+，有效期至 2025-06-30/);
  expect(await page.locator(`[data-officer="${market1.id}"] [data-test=certificate-flag]`).count()).toBe(0);
  await checkPage(page, 'admin-officers');
  await desktopShot(page, 'admin-officers');

  // Search by name, and by department.
  await page.locator('[data-test=officer-query] input').fill(market1.name);
  await page.locator('[data-test=officer-search]').click();
  await expect(page.locator('[data-test=officer-total]').innerText()).resolves.toBe('共 1 人');
  expect(await page.locator('[data-officer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-officer')))).toEqual([market1.id]);
  await page.locator('[data-test=officer-query] input').fill('');
  await page.locator('[data-test=officer-department]').selectOption('FIRE');
  await expect(page.locator('[data-test=officer-total]').innerText()).resolves.toBe('共 2 人');
  expect(await page.locator('[data-officer]').allInnerTexts()).toEqual([expect.stringContaining('消防'), expect.stringContaining('消防')]);

  // Registered: a certificate number already in use is the API's refusal, in Chinese; then a new one.
  await page.locator('[data-test=new-officer]').click();
  await page.locator('[data-test=officer-form]').waitFor();
  await page.locator('[data-test=officer-name] input').fill('石晓峰');
  await page.locator('[data-test=officer-department]').selectOption('MARKET');
  await page.locator('[data-test=officer-certificate] input').fill(market1.certificateNo!);
  await page.locator('[data-test=officer-expires] input').fill('2026-12-01');
  await page.locator('[data-role=INSPECTOR]').click();
  await checkPage(page, 'admin-officer-new');
  await page.locator('[data-test=officer-save]').click();
  await expect(page.locator('[data-test=officer-error]').innerText()).resolves.toBe(`执法证号 ${market1.certificateNo} 已登记在另一名在岗执法人员名下`);
  await page.locator('[data-test=officer-certificate] input').fill('50023024099');
  await page.locator('[data-test=officer-save]').click();
  await page.waitForURL(/#\/admin\/officers\/(?!new)[^/]+$/);
  const id = hashPath(page).split('/').pop()!;
  const created = await stack.prisma.officer.findUniqueOrThrow({ where: { id }, include: { roles: true, townships: true, department: true } });
  expect([created.name, created.certificateNo, created.department?.code, created.roles.map((r) => r.role), created.townships.length]).toEqual([
    '石晓峰',
    '50023024099',
    'MARKET',
    ['INSPECTOR'],
    1,
  ]);
  // Fifteen days left: the API's warning (30 days by default) shows on the officer and in the roster.
  await expect(page.locator('[data-test=officer-status]').innerText()).resolves.toBe('在岗 · 即将到期');

  // Edited.
  await page.locator('[data-test=officer-phone] input').fill('13900001111');
  await page.locator('[data-test=officer-save]').click();
  await page.locator('[data-test=officer-saved]').waitFor();
  expect((await stack.prisma.officer.findUniqueOrThrow({ where: { id } })).phone).toBe('13900001111');

  // The login account: a bad username is the API's refusal by label; then opened, the one-time password shown once works.
  await page.locator('[data-test=account-username] input').fill('Shi Xiaofeng');
  await page.locator('[data-test=account-open]').click();
  await expect(page.locator('[data-test=account-error]').innerText()).resolves.toMatch(/^用户名：用户名为3–32位小写字母/);
  await page.locator('[data-test=account-username] input').fill('shi.xiaofeng');
  await page.locator('[data-test=account-open]').click();
  const temporary = (await page.locator('[data-test=account-password]').innerText()).trim();
  expect(await page.locator('[data-test=account-issued-username]').innerText()).toBe('shi.xiaofeng');
  const login = await stack.http('POST', '/api/auth/login', { body: { username: 'shi.xiaofeng', password: temporary } });
  expect(login.status).toBe(200);
  expect((await stack.prisma.officer.findUniqueOrThrow({ where: { id } })).mustChangePassword).toBe(true);
  await page.locator('[data-test=account-unlock]').click();
  await expect(page.locator('[data-test=account-done]').innerText()).resolves.toBe('已解除锁定');

  // Deactivated: without a reason the API refuses; with one, the officer is off duty, then restored.
  await page.locator('[data-test=deactivate-open]').click();
  await page.locator('[data-test=deactivate-confirm]').click();
  await expect(page.locator('[data-test=deactivate-error]').innerText()).resolves.toBe('停用原因：不能为空');
  expect((await stack.prisma.officer.findUniqueOrThrow({ where: { id } })).active).toBe(true);
  await page.locator('[data-test=deactivate-reason] textarea').fill('调往县市场监管局');
  await checkPage(page, 'admin-officer');
  await desktopShot(page, 'admin-officer');
  await page.locator('[data-test=deactivate-confirm]').click();
  await page.locator('[data-test=officer-status][data-active=false]').waitFor();
  expect((await stack.prisma.officer.findUniqueOrThrow({ where: { id } })).active).toBe(false);
  await page.locator('[data-test=reactivate]').click();
  await page.locator('[data-test=officer-status][data-active=true]').waitFor();
  expect((await stack.prisma.officer.findUniqueOrThrow({ where: { id } })).active).toBe(true);

  await page.locator('.van-nav-bar__left').click();
  const row = page.locator(`[data-officer="${id}"]`);
  await row.waitFor();
  expect(await row.getAttribute('data-certificate')).toBe('EXPIRING');
  expect(await row.locator('[data-test=certificate-flag]').innerText()).toBe('执法证15 天后到期');
  expect(errors).toEqual([]);
}, 240_000);

const HEADINGS = ['统一社会信用代码', '企业名称', '乡镇', '村（社区）', '住所', '场景', '风险等级', '信用等级', '经营者', '联系电话'];
/** Valid codes of this file only (the seed's and other tests' use other organisation codes). */
const code = (n: number) => makeCreditCode(`91500230AD${String(n).padStart(7, '0')}`);
const registerRow = (n: number, creditCode = code(n)) => [creditCode, `包鸾镇导入测试商店${n}`, '包鸾镇', villages[n % villages.length], `重庆市丰都县包鸾镇导入街${n}号`, '餐饮店', '低', 'B', `经营者${n}`, `1380000${String(n).padStart(4, '0')}`];

/** More than one page of the list (50). */
const ROWS = 55;

async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名录');
  sheet.addRow(HEADINGS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('businesses: found by credit code; the template; a real .xlsx checked with its refused row named, then corrected and imported; the list paged', async () => {
  const seeded = await stack.prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-2' } });
  const { page, errors } = await adminOn('/admin/businesses');
  await page.locator('[data-test=business-query] input').fill(seeded.creditCode.slice(4, 14));
  await page.locator('[data-test=business-search]').click();
  await page.locator(`[data-business="${seeded.id}"]`).waitFor();
  expect(await page.locator('[data-business]').count()).toBe(1);
  expect(await page.locator(`[data-business="${seeded.id}"]`).innerText()).toContain(seeded.name);

  // The API's template, downloaded from the screen.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=import-template]').click()]);
  const template = new ExcelJS.Workbook();
  await template.xlsx.load((await streamBytes(await download.createReadStream())) as unknown as ExcelJS.Buffer);
  expect(template.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['统一社会信用代码']));

  // Row 3 (as Excel shows it) has a credit code with a wrong check character: the check names it; nothing is written.
  const bad = code(2).slice(0, 17) + (code(2)[17] === '0' ? '1' : '0');
  await page.locator('[data-test=import-file]').setInputFiles({
    name: '包鸾镇名录.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await xlsxOf(Array.from({ length: ROWS }, (_, i) => (i === 1 ? registerRow(2, bad) : registerRow(i + 1)))),
  });
  await page.locator('[data-test=import-check]').click();
  const report = page.locator('[data-test=import-report]');
  await report.waitFor();
  expect(await report.getAttribute('data-bad-rows')).toBe('1');
  expect(await report.getAttribute('data-committed')).toBe('false');
  const refused = page.locator('[data-test=import-row-error]');
  expect(await refused.evaluateAll((els) => els.map((e) => e.getAttribute('data-row')))).toEqual(['3']);
  expect(await refused.innerText()).toMatch(new RegExp(`^第 3 行 · 统一社会信用代码（${bad}）：.*校验位`));
  expect(await report.innerText()).toContain(`共 ${ROWS} 行（表头在第 1 行）：新增 ${ROWS - 1}`);
  expect(await page.locator('[data-test=import-commit]').count()).toBe(0);
  expect(await stack.prisma.target.count({ where: { creditCode: { in: [code(1), code(3)] } } })).toBe(0);
  await checkPage(page, 'admin-businesses-import');
  await desktopShot(page, 'admin-businesses-import');

  // Corrected: the check has no refused row, and the import writes every row at once.
  await page.locator('[data-test=import-file]').setInputFiles({
    name: '包鸾镇名录（改正）.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await xlsxOf(Array.from({ length: ROWS }, (_, i) => registerRow(i + 1))),
  });
  await page.locator('[data-test=import-check]').click();
  await page.locator('[data-test=import-report][data-bad-rows="0"]').waitFor();
  await page.locator('[data-test=import-commit]').click();
  await page.locator('[data-test=import-report][data-committed=true]').waitFor();
  expect(await page.locator('[data-test=import-summary]').innerText()).toMatch(/^已导入：/);
  const codes = Array.from({ length: ROWS }, (_, i) => code(i + 1));
  expect(await stack.prisma.target.count({ where: { creditCode: { in: codes } } })).toBe(ROWS);
  // More than a page of them: the list shows the first 50 and the rest on request.
  await page.locator('[data-test=business-query] input').fill('导入测试商店');
  await page.locator('[data-test=business-search]').click();
  await expect(page.locator('[data-test=business-total]').innerText()).resolves.toBe(`共 ${ROWS} 户`);
  expect(await page.locator('[data-business]').count()).toBe(50);
  await page.locator('[data-test=business-more]').click();
  await page.locator('[data-business]').nth(ROWS - 1).waitFor();
  expect(await page.locator('[data-business]').count()).toBe(ROWS);
  expect(await page.locator('[data-test=business-more]').count()).toBe(0);
  expect(errors).toEqual([]);
}, 240_000);

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

test('scenario lists: the versions with their status; a new draft edited and submitted for legal review; a second draft refused by the API', async () => {
  const { page, errors } = await adminOn('/admin/scenario-lists');
  const restaurant = page.locator('[data-scenario=RESTAURANT]');
  await restaurant.waitFor();
  expect(await restaurant.innerText()).toMatch(/第1版 · 已发布\s*今日生效/);
  await restaurant.locator('[data-test=new-draft]').click();
  await restaurant.locator('[data-test=list-done]').waitFor();
  const draft = restaurant.locator('[data-status=DRAFT]');
  expect(await draft.innerText()).toContain('第2版 · 草稿');
  const draftId = (await draft.getAttribute('data-version'))!;
  await checkPage(page, 'admin-scenario-lists');
  await desktopShot(page, 'admin-scenario-lists');

  // The draft's items edited: one of its own left out, one another scenario lists taken in.
  const catalog = (await stack.http('GET', '/api/catalog/scenarios', { token: stack.tokens.admin })).body as { code: string; items: { code: string }[] }[];
  const own = catalog.find((s) => s.code === 'RESTAURANT')!.items.map((i) => i.code);
  const other = catalog.flatMap((s) => s.items.map((i) => i.code)).find((c) => !own.includes(c))!;
  const dropped = own[own.length - 1];
  await draft.locator('[data-test=edit-items]').click();
  const editor = draft.locator('[data-test=items-editor]');
  await editor.locator(`[data-item="${dropped}"]`).waitFor();
  expect(await editor.locator(`[data-item="${dropped}"]`).getAttribute('aria-checked')).toBe('true');
  expect(await editor.locator(`[data-item="${other}"]`).getAttribute('aria-checked')).toBe('false');
  await editor.locator(`[data-item="${dropped}"]`).click();
  await editor.locator(`[data-item="${other}"]`).click();
  await editor.locator('[data-test=items-note] input').fill('按县里要求调整');
  await editor.locator('[data-test=items-save]').click();
  await expect(editor.locator('[data-test=items-saved]').innerText()).resolves.toBe(
    `已保存：${own.length} 项；与所依据版本相比新增 1 项（${other}），删除 1 项（${dropped}）`,
  );
  const detail = (await stack.http('GET', `/api/scenario-lists/${draftId}`, { token: stack.tokens.admin })).body as { items: { code: string }[] };
  expect(detail.items.map((i) => i.code).sort()).toEqual([...own.filter((c) => c !== dropped), other].sort());
  await checkPage(page, 'admin-scenario-list-edit');
  await desktopShot(page, 'admin-scenario-list-edit');

  await draft.locator('[data-test=submit]').click();
  await restaurant.locator(`[data-version="${draftId}"][data-status=SUBMITTED]`).waitFor();
  expect(await restaurant.locator(`[data-version="${draftId}"]`).innerText()).toContain('第2版 · 待法制审核');
  expect(await restaurant.locator(`[data-version="${draftId}"] [data-test=submit]`).count()).toBe(0);

  // One unpublished version per scenario: the API's rule, its refusal shown as it answers.
  await restaurant.locator('[data-test=new-draft]').click();
  const refusal = await restaurant.locator('[data-test=list-error]').innerText();
  expect(refusal).toMatch(/[\u4e00-\u9fa5]/);
  expect(await restaurant.locator('[data-version]').count()).toBe(2);
  expect(errors).toEqual([]);
}, 240_000);

test('calendar: next year\'s missing notice is flagged; an incomplete notice is refused; the full one makes the year official', async () => {
  const { page, errors } = await adminOn('/admin/calendar');
  await page.locator('[data-year="2027"][data-status=provisional]').waitFor();
  expect(await page.locator('[data-year="2026"]').getAttribute('data-status')).toBe('official');
  await page.locator('[data-warning=NEXT_YEAR_NOTICE_MISSING] [data-test=warning-enter]').click();
  expect(await page.locator('[data-test=notice-year] input').inputValue()).toBe('2027');

  const holidays = statutoryHolidaysOf(2027)!.flatMap((h) => h.dates);
  await page.locator('[data-test=notice-number] input').fill('国办发明电〔2026〕9号');
  await page.locator('[data-test=notice-published] input').fill('2026-11-10');
  // The Spring Festival's last statutory day left out: the API names it.
  await page.locator('[data-test=notice-holidays] textarea').fill(holidays.slice(0, -1).join('\n'));
  await page.locator('[data-test=notice-workdays] textarea').fill('2027-01-02');
  await page.locator('[data-test=notice-save]').click();
  await expect(page.locator('[data-test=notice-error]').innerText()).resolves.toContain(`${holidays.at(-1)}`);
  expect(await stack.prisma.calendarNotice.count({ where: { year: 2027 } })).toBe(0);
  await checkPage(page, 'admin-calendar');
  await desktopShot(page, 'admin-calendar');

  await page.locator('[data-test=notice-holidays] textarea').fill(holidays.join('、'));
  await page.locator('[data-test=notice-save]').click();
  await page.locator('[data-year="2027"][data-status=official]').waitFor();
  expect(await page.locator('[data-test=notice-saved]').innerText()).toContain('2027年节假日安排已录入（国办发明电〔2026〕9号）');
  expect(await page.locator('[data-year="2027"]').innerText()).toContain('国办发明电〔2026〕9号（2026-11-10）');
  expect(await page.locator('[data-warning]').count()).toBe(0);
  const saved = await stack.prisma.calendarNotice.findUniqueOrThrow({ where: { year: 2027 } });
  expect([saved.documentNumber, JSON.parse(saved.workdaysJson)]).toEqual(['国办发明电〔2026〕9号', ['2027-01-02']]);
  expect(errors).toEqual([]);
}, 240_000);

test('API tokens: issued for an officer and shown once, it works; revoked, it no longer does', async () => {
  const market1 = await officerByKey(stack.prisma, 'market-1');
  const { page, errors } = await adminOn('/admin/tokens');
  await page.locator('[data-test=token-form]').waitFor();
  // Without an officer: the API's refusal, said as a person can act on it.
  await page.locator('[data-test=token-name] input').fill('县市场监管局数据对接');
  await page.locator('[data-test=token-issue]').click();
  await expect(page.locator('[data-test=token-error]').innerText()).resolves.toBe('请选择令牌所属的人员');

  await page.locator('[data-test=token-officer]').selectOption(market1.id);
  await page.locator('[data-test=token-expires] input').fill('2027-03-31');
  await page.locator('[data-test=token-issue]').click();
  const token = (await page.locator('[data-test=token-value]').innerText()).trim();
  const me = await stack.http('GET', '/api/me', { token });
  expect([me.status, me.body.officer.id]).toEqual([200, market1.id]);
  const row = page.locator('[data-token][data-status=ACTIVE]', { hasText: '县市场监管局数据对接' });
  expect(await row.innerText()).toMatch(/张建国 · 部门执法人员 · 有效期至 2027\/3\/31 23:59:59[\s\S]*有效/);
  await checkPage(page, 'admin-tokens');
  await desktopShot(page, 'admin-tokens');
  // Shown once: the list and a fresh load never show it again.
  await page.reload();
  await page.locator('[data-test=token-form]').waitFor();
  expect(await page.content()).not.toContain(token);

  const id = (await row.getAttribute('data-token'))!;
  await row.locator('[data-test=token-revoke]').click();
  await page.locator(`[data-token="${id}"][data-status=REVOKED]`).waitFor();
  expect((await stack.http('GET', '/api/me', { token })).status).toBe(401);
  expect(errors).toEqual([]);
}, 240_000);
