/**
 * The year-end figures over real HTTP, with the real worker and database: a year of
 * inspections is driven through the API, then the annual report must state exactly the
 * numbers /api/stats gives, and the Excel workbook must hold the right rows under Chinese
 * headers (read back with exceljs).
 */
import ExcelJS from 'exceljs';
import { REPORTING_YEAR_OFFICERS, REPORTING_YEAR_APIS, seedReportingYear } from '../support/factories';
import { useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

const { prisma, api, http, tokens, apis } = useTestStack({ officers: [...REPORTING_YEAR_OFFICERS, 'admin'], apis: REPORTING_YEAR_APIS });
let seeded: Awaited<ReturnType<typeof seedReportingYear>>;
let stats: any;
const year = Number(chinaDate(new Date().toISOString()).slice(0, 4));

beforeAll(async () => {
  seeded = await seedReportingYear({ http, overdueHttp: apis.overdue.http, prisma, tokens });
  const res = await http('GET', `/api/stats?year=${year}`, { token: tokens['leader-1'] });
  expect(res.status).toBe(200);
  stats = res.body;
}, 120_000);

test('the seeded year is counted as the people did it', () => {
  expect(stats.inspections).toMatchObject({ scheduled: 5, completed: 1, inProgress: 4, cancelled: 1 });
  expect(stats.inspections.byStatus).toMatchObject({ CLOSED: 1, FOLLOW_UP: 1, IN_LEGAL_REVIEW: 1, ON_SITE: 1, SCHEDULED: 1, CANCELLED: 1 });
  expect(stats.merging).toMatchObject({ departmentChecks: 12, visits: 5, visitsSaved: 7 });
  expect(stats.findings).toMatchObject({
    total: 3,
    rectify: 1,
    proposedPenalty: 2,
    byOutcome: { rectify: 1, penaltyApproved: 1, penaltyReturned: 0, penaltyPending: 1 },
    byEndState: { open: 2, NO_PENALTY: 1, RECTIFIED: 0, CASE_CLOSED: 0, ESCALATED: 0 },
  });
  const month = Number(chinaDate(new Date().toISOString()).slice(5, 7));
  expect(stats.byMonth).toHaveLength(12);
  expect(stats.byMonth[month - 1]).toEqual({ month, scheduled: 5, completed: 1 });
  expect(stats.byMonth.reduce((a: number, m: { scheduled: number }) => a + m.scheduled, 0)).toBe(5);
  expect(stats.overdue).toEqual([
    expect.objectContaining({
      inspectionId: seeded.overdue,
      department: expect.objectContaining({ code: 'FIRE', shortName: '消防' }),
      target: expect.objectContaining({ name: '包鸾镇刘记豆花饭庄' }),
      dueAt: expect.any(String),
    }),
  ]);
  expect(stats.reviews.pending).toEqual([
    expect.objectContaining({ inspectionId: seeded.inReview, departments: ['卫生健康'], penaltyFindings: 1, round: 1, lastDecision: null }),
  ]);
  expect(stats.byTarget.find((t: { name: string }) => t.name === '包鸾镇老王家常菜馆')).toMatchObject({ visits: 1, departmentChecks: 2, findings: 1 });
});

describe('GET /api/reports/annual', () => {
  test('its figures are /api/stats and its paragraph states exactly those numbers', async () => {
    const res = await http('GET', `/api/reports/annual?year=${year}`, { token: tokens['leader-1'] });
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(year);
    expect(res.body.figures).toEqual(stats);

    const paragraph: string = res.body.paragraph;
    const f = stats;
    // Each phrase of the paragraph and the figure it must carry.
    const phrases: [RegExp, number[]][] = [
      [/^(\d{4})年，/, [year]],
      [/联合执法检查(\d+)次（已办结(\d+)次、正在办理(\d+)次）/, [f.inspections.scheduled, f.inspections.completed, f.inspections.inProgress]],
      [/覆盖(\d+)个村（社区）、(\d+)户市场主体/, [f.byVillage.length, f.byTarget.length]],
      [/等(\d+)个部门/, [f.byDepartment.length]],
      [/将(\d+)项部门检查合并为(\d+)次入企检查，减少入企(\d+)次/, [f.merging.departmentChecks, f.merging.visits, f.merging.visitsSaved]],
      [/发现问题(\d+)个，其中责令改正(\d+)个、提出行政处罚建议(\d+)个/, [f.findings.total, f.findings.rectify, f.findings.proposedPenalty]],
      [/经法制审核同意(\d+)个、待法制审核(\d+)个/, [f.findings.byOutcome.penaltyApproved, f.findings.byOutcome.penaltyPending]],
      [/超过提交期限(\d+)项/, [f.escalations]],
    ];
    let numbersChecked = 0;
    for (const [pattern, expected] of phrases) {
      const match = pattern.exec(paragraph);
      expect({ pattern: String(pattern), found: match?.slice(1).map(Number) }).toEqual({ pattern: String(pattern), found: expected });
      numbersChecked += expected.length;
    }
    // No number in the paragraph that the checks above did not compare with the figures.
    expect(paragraph.match(/\d+/g)).toHaveLength(numbersChecked);
    expect(paragraph).toContain('进一次门、查多项事、一次到位');
    // Departments are named the way the report names them, most involved first.
    expect(paragraph).toMatch(/涉及消防、[^、]+、[^、]+等8个部门/);
    // Nothing the system does not record.
    expect(paragraph).not.toMatch(/满意/);
  });

  test('a year without inspections says so instead of printing zeros', async () => {
    const res = await http('GET', '/api/reports/annual?year=2001', { token: tokens['coordinator-2'] });
    expect(res.status).toBe(200);
    expect(res.body.figures.inspections.scheduled).toBe(0);
    expect(res.body.paragraph).toBe('2001年，我镇制定组团式执法“综合查一次”场景清单计划，实现“进一次门、查多项事、一次到位”，全年尚未开展“综合查一次”联合执法检查。');
  });
});

describe('GET /api/reports/annual.xlsx', () => {
  let workbook: ExcelJS.Workbook;
  let headers: Headers;

  beforeAll(async () => {
    const response = await fetch(`${api.baseUrl}/api/reports/annual.xlsx?year=${year}`, {
      headers: { authorization: `Bearer ${tokens['leader-1']}` },
    });
    expect(response.status).toBe(200);
    headers = response.headers;
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
  });

  const rowsOf = (name: string) => {
    const sheet = workbook.getWorksheet(name)!;
    const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);
    const rows: unknown[][] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) rows.push(values(row));
    });
    return { header: values(sheet.getRow(1)), rows };
  };

  test('is an xlsx download with a Chinese file name (RFC 5987)', () => {
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers.get('content-disposition')).toBe(
      `attachment; filename="onevisit-annual-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`综合查一次年度台账-${year}.xlsx`)}`,
    );
  });

  test('has the four sheets, Chinese headers and the figures', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['年度汇总', '联合检查', '检查对象台账', '问题清单']);
    const summary = rowsOf('年度汇总');
    const figure = (label: string) => summary.rows.find((r) => r[0] === label)?.[1];
    expect(figure('联合检查（计划）')).toBe(stats.inspections.scheduled);
    expect(figure('减少入企次数')).toBe(stats.merging.visitsSaved);
    expect(figure('发现问题数')).toBe(stats.findings.total);
  });

  test('联合检查: one row per inspection of the year, cancelled ones marked', () => {
    const { header, rows } = rowsOf('联合检查');
    expect(header.slice(0, 9)).toEqual(['检查日期', '检查对象', '统一社会信用代码', '村(社区)', '场景', '参加部门', '检查组', '状态', '发现问题数']);
    expect(rows).toHaveLength(stats.inspections.scheduled + stats.inspections.cancelled);
    const byId = (id: string) => rows.find((r) => r[header.indexOf('检查编号')] === id)!;
    const construction = byId(seeded.penalised);
    expect(construction.slice(1, 5)).toEqual(['重庆丰鸾建筑工程有限公司（包鸾场镇安置房项目部）', expect.stringMatching(/^91/), '包鸾社区', '建筑工地']);
    expect(construction[5]).toBe('生态环境、规划建设、应急管理'); // ECOENV, HOUSING, SAFETY
    expect(String(construction[6]).split('、')[0]).toBe('曾国平（组长）');
    expect(String(construction[6]).split('、').sort()).toEqual(['曾国平（组长）', '何文杰', '刘长江'].sort());
    expect(construction[7]).toBe('问题处理中');
    expect(byId(seeded.rectified)[7]).toBe('已办结');
    expect(construction[8]).toBe(1);
    expect(byId(seeded.cancelled)[7]).toBe('已取消');
    expect(byId(seeded.overdue)[header.indexOf('超期部门')]).toBe('消防（未提交）');
  });

  test('检查对象台账 and 问题清单 hold the ledger and every finding with its outcome', () => {
    const ledger = rowsOf('检查对象台账');
    expect(ledger.header).toEqual(['检查对象', '统一社会信用代码', '村(社区)', '入企次数', '部门检查项数', '减少入企次数', '发现问题数', '最近检查日期']);
    expect(ledger.rows).toHaveLength(stats.byTarget.length);
    expect(ledger.rows.find((r) => r[0] === '包鸾镇老王家常菜馆')!.slice(3, 7)).toEqual([1, 2, 1, 1]);

    const findings = rowsOf('问题清单');
    expect(findings.header).toEqual(['检查日期', '检查对象', '村(社区)', '部门', '检查事项', '法律依据', '严重程度', '问题描述', '处理建议', '审核结果', '处理结果', '检查编号']);
    expect(findings.rows).toHaveLength(stats.findings.total);
    const outcomeByDepartment = Object.fromEntries(findings.rows.map((r) => [r[3], [r[8], r[9], r[10]]]));
    expect(outcomeByDepartment).toEqual({
      综合执法: ['责令改正', '无需法制审核', '首违不罚（已及时改正）'],
      规划建设: ['建议处罚', '法制审核同意', '处理中'],
      卫生健康: ['建议处罚', '待法制审核', '处理中'],
    });
    for (const row of findings.rows) expect(String(row[5]).length).toBeGreaterThan(4); // the legal basis is there
  });
});

describe('bad input and the wrong people are refused', () => {
  const cases: [string, string, number, string][] = [
    ['annual without year', '/api/reports/annual', 400, 'VALIDATION_FAILED'],
    ['annual with a word for a year', '/api/reports/annual?year=今年', 400, 'VALIDATION_FAILED'],
    ['annual with a year out of range', '/api/reports/annual?year=1999', 400, 'VALIDATION_FAILED'],
    ['annual with an unknown parameter', `/api/reports/annual?year=${year}&format=pdf`, 400, 'VALIDATION_FAILED'],
    ['xlsx without year', '/api/reports/annual.xlsx', 400, 'VALIDATION_FAILED'],
    ['xlsx with a fractional year', '/api/reports/annual.xlsx?year=2026.5', 400, 'VALIDATION_FAILED'],
  ];
  test.each(cases)('%s → %i %s', async (_name, path, status, code) => {
    const res = await http('GET', path, { token: tokens['leader-1'] });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/请求参数有误/);
  });

  const routes = [`/api/reports/annual?year=${year}`, `/api/reports/annual.xlsx?year=${year}`, '/api/dashboard/viewer', '/api/dashboard/coordinator'];
  const callers: [string, number][] = [
    ['leader-1', 200],
    ['coordinator-2', 200],
    ['admin', 200],
    ['market-1', 403],
    ['reviewer-1', 403],
    ['anonymous', 401],
  ];
  test.each(routes.flatMap((route) => callers.map(([caller, status]) => [route, caller, status] as const)))(
    '%s as %s → %i',
    async (route, caller, status) => {
      const res = await http('GET', route, { token: caller === 'anonymous' ? undefined : tokens[caller] });
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('领导') });
    },
  );
});

test('the coordinator view lists the visit still to make with its team, and the departments’ worklists', async () => {
  const res = await http('GET', '/api/dashboard/coordinator', { token: tokens['coordinator-2'] });
  expect(res.status).toBe(200);
  expect(res.body.upcoming).toEqual([
    expect.objectContaining({
      inspectionId: seeded.upcoming,
      missed: false,
      target: expect.objectContaining({ name: '包鸾镇鸾悦宾馆' }),
      departments: [
        { code: 'HEALTH', shortName: '卫生健康' },
        { code: 'POLICE', shortName: '派出所' },
      ],
      team: [expect.objectContaining({ name: '邓伟', department: '派出所', isLead: true }), expect.objectContaining({ name: '冉丽', isLead: false })],
    }),
  ]);
  const tasksOf = (code: string) => res.body.worklists.find((w: { department: { code: string } }) => w.department.code === code).tasks;
  expect(res.body.worklists).toHaveLength(await prisma.department.count());
  // The same worklist the department itself sees.
  const own = await http('GET', '/api/departments/FIRE/tasks', { token: tokens['fire-1'] });
  expect(tasksOf('FIRE')).toEqual(own.body.tasks);
  expect(tasksOf('FIRE')).toEqual([expect.objectContaining({ inspectionId: seeded.overdue, task: 'SUBMIT_CHECKS', overdue: true })]);
  expect(tasksOf('POLICE')).toEqual([expect.objectContaining({ inspectionId: seeded.upcoming, task: 'PREPARE_VISIT' })]);
});

test('the new routes are in the OpenAPI document', async () => {
  const res = await http('GET', '/api/openapi.json');
  expect(Object.keys(res.body.paths)).toEqual(
    expect.arrayContaining(['/api/reports/annual', '/api/reports/annual.xlsx', '/api/dashboard/viewer', '/api/dashboard/coordinator']),
  );
  expect(res.body.components.schemas.Stats.properties).toHaveProperty('overdue');
});
