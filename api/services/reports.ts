/**
 * The year-end figures for the town's report: the paragraph on 综合查一次 that the office pastes
 * into its annual rule-of-law report, and the Excel ledger the office keeps. Both are built
 * from the one yearStats() object, so a number in the paragraph, on the dashboard, in /api/stats
 * and in the workbook is always the same number.
 */
import ExcelJS from 'exceljs';
import { inspectionsWithin, type PrismaClient } from '../../db';
import type { TownshipScope } from '../../domain/townships';
import { SEVERITY_LABELS, type Severity } from '../../domain/catalog';
import { FINDING_OUTCOME_LABELS, INSPECTION_STATUS_LABELS } from '../../domain/inspection';
import { penaltyOutcomeOf, yearStats, type PenaltyOutcome, type YearStats } from './stats';
import { chinaDateTime, dateOfColumn, startOfChinaDate } from '../../domain/dates';
import { caseYearFigures } from './cases';
import { rapidResponseStats } from './rapid-response';
import { ruleOfLawFigures, ruleOfLawParagraph, type RuleOfLawFigures } from './rule-of-law';
import { DOCX_CONTENT_TYPE, renderRuleOfLawReport } from '../../documents';

const PROPOSED_ACTION_LABELS = { RECTIFY: '责令改正', PENALTY: '建议处罚' } as const;

const PENALTY_OUTCOME_LABELS: Record<PenaltyOutcome, string> = {
  penaltyApproved: '法制审核同意',
  penaltyReturned: '法制审核退回补正',
  penaltyPending: '待法制审核',
};

/** Names in a list the way the report writes them: 市场监管、消防等3个部门. */
function listWithCount(names: string[], count: number, unit: string, shown = 3): string {
  return `${names.slice(0, shown).join('、')}等${count}${unit}`;
}

/**
 * The report's paragraph, in the register of the seed report (“制定组团式执法‘综合查一次’场景清单
 * 计划，实现‘进一次门、查多项事、一次到位’。全年我镇现已开展10次……”). It states only figures the
 * system has: satisfaction only when businesses have rated, no rectification claims until those
 * records exist.
 */
export function annualParagraph(figures: YearStats): string {
  const { year, inspections, merging, findings } = figures;
  const plan = '制定组团式执法“综合查一次”场景清单计划，实现“进一次门、查多项事、一次到位”';
  if (inspections.scheduled === 0) {
    return `${year}年，我镇${plan}，全年尚未开展“综合查一次”联合执法检查。`;
  }
  const sentences: string[] = [];

  const progress =
    inspections.inProgress > 0 ? `已办结${inspections.completed}次、正在办理${inspections.inProgress}次` : `已全部办结`;
  const departments = figures.byDepartment.map((d) => d.shortName);
  sentences.push(
    `${year}年，我镇${plan}，全年开展“综合查一次”联合执法检查${inspections.scheduled}次（${progress}），` +
      `覆盖${figures.byVillage.length}个村（社区）、${figures.byTarget.length}户市场主体，` +
      `涉及${listWithCount(departments, departments.length, '个部门')}，` +
      `将${merging.departmentChecks}项部门检查合并为${merging.visits}次入企检查，减少入企${merging.visitsSaved}次。`,
  );

  if (findings.total === 0) {
    sentences.push('检查中未发现违法违规问题。');
  } else {
    let text = `检查发现问题${findings.total}个，其中责令改正${findings.rectify}个、提出行政处罚建议${findings.proposedPenalty}个`;
    const { penaltyApproved, penaltyReturned, penaltyPending } = findings.byOutcome;
    if (findings.proposedPenalty > 0) {
      if (penaltyApproved === findings.proposedPenalty) {
        text += `，处罚建议${penaltyApproved}个全部经法制审核同意`;
      } else {
        const parts = [
          penaltyApproved > 0 ? `经法制审核同意${penaltyApproved}个` : '',
          penaltyReturned > 0 ? `退回补正${penaltyReturned}个` : '',
          penaltyPending > 0 ? `待法制审核${penaltyPending}个` : '',
        ].filter(Boolean);
        text += `，处罚建议中${parts.join('、')}`;
      }
    }
    sentences.push(`${text}。`);
  }

  if (figures.escalations > 0) {
    sentences.push(`部门检查结果超过提交期限${figures.escalations}项，已由系统自动督办。`);
  }
  // Satisfaction is claimed only from ratings the businesses actually submitted.
  const { satisfaction } = figures;
  if (satisfaction.ratings > 0 && satisfaction.average !== null) {
    sentences.push(`检查对象匿名评价${satisfaction.ratings}份，满意度平均${satisfaction.average.toFixed(1)}分（满分5分）。`);
  }
  return sentences.join('');
}

/**
 * The year's enforcement figures beyond the joint inspections, each counted by the service that
 * owns it: 532 events (rapidResponseStats, the same count as GET /api/events/stats), cases
 * (caseYearFigures) and the rectification orders (yearStats).
 */
export async function enforcementFigures(prisma: PrismaClient, year: number, scope: TownshipScope, figures: YearStats) {
  const rapid = await rapidResponseStats(prisma, {
    from: new Date(startOfChinaDate(`${year}-01-01`)),
    to: new Date(startOfChinaDate(`${year + 1}-01-01`)),
    townships: scope,
    now: new Date().toISOString(),
  });
  return {
    rapidResponse: { events: rapid.events, byStatus: rapid.byStatus, stages: rapid.stages },
    cases: await caseYearFigures(prisma, year, scope),
    rectification: figures.rectification,
  };
}

export type EnforcementFigures = Awaited<ReturnType<typeof enforcementFigures>>;

/** A share as the report writes it: 95.5 (one decimal at most). */
const percent = (rate: number) => Number((rate * 100).toFixed(1));

/** What the 532 clocks are called in the town's report (“5分钟内下达指令，30分钟内人员到位，2小时内反馈初步结果”). */
const STAGE_REPORT_LABELS: Record<string, string> = { DISPATCH: '下达指令', ON_SITE: '人员到位', FEEDBACK: '反馈初步结果' };

/**
 * The enforcement paragraph: 532, cases and rectification, in the register of the town's report.
 * Like annualParagraph it states only what was recorded: a part with no records says so, a
 * figure of zero inside a sentence is left out, and a rate appears only once a clock has run out
 * or been kept.
 */
export function enforcementParagraph(year: number, e: EnforcementFigures): string {
  const sentences: string[] = [];
  const { rapidResponse: rapid, cases: c, rectification: r } = e;
  if (rapid.events === 0) {
    sentences.push(`${year}年，全年未受理“532”快速响应事件。`);
  } else {
    const rates = rapid.stages
      .filter((s) => s.onTimeRate !== null)
      .map((s) => `${STAGE_REPORT_LABELS[s.stage] ?? s.label}按时率${percent(s.onTimeRate!)}%`);
    sentences.push(`${year}年，通过“532”快速响应机制，全年受理网格员上报事件${rapid.events}件${rates.length ? `，${rates.join('、')}` : ''}。`);
  }

  const caseParts = [
    c.filed > 0 ? `立案${c.filed}件` : '',
    c.penaltyDecisions > 0 ? `作出行政处罚决定${c.penaltyDecisions}件` : '',
    c.finesDecided > 0 ? `决定罚款${c.finesDecided}元` : '',
    c.finesCollected > 0 ? `收缴罚没款${c.finesCollected}元` : '',
    c.closed > 0 ? `结案${c.closed}件` : '',
    c.collectiveDecisions > 0 ? `重大案件经集体讨论决定${c.collectiveDecisions}次` : '',
    c.hearingsHeld > 0 ? `举行听证${c.hearingsHeld}次` : '',
  ].filter(Boolean);
  sentences.push(caseParts.length ? `全年${caseParts.join('，')}。` : '全年未办理行政处罚案件。');

  if (r.orders === 0) {
    sentences.push('全年未下达责令整改通知。');
  } else {
    const checked = r.passed + r.failed;
    const parts = [
      `对检查发现的问题下达责令整改通知${r.orders}份`,
      checked > 0 ? `经复查合格${r.passed}份${r.failed > 0 ? `、不合格${r.failed}份` : ''}` : '',
      r.onTimeRate !== null ? `按期整改率${percent(r.onTimeRate)}%` : '',
      r.awaitingRecheck > 0 ? `待复查${r.awaitingRecheck}份` : '',
    ].filter(Boolean);
    sentences.push(`${parts.join('，')}。`);
  }
  return sentences.join('');
}

/**
 * The year's figures and paragraphs: 综合查一次 (`figures`, `paragraph`), 532, cases and
 * rectification (`enforcement`, `enforcementParagraph`) and the rest of the 法治政府建设 work
 * recorded in the registers (`ruleOfLaw`, `ruleOfLawParagraph`).
 */
export async function annualReport(prisma: PrismaClient, year: number, scope: TownshipScope) {
  const figures = await yearStats(prisma, year, scope);
  const enforcement = await enforcementFigures(prisma, year, scope, figures);
  const ruleOfLaw = await ruleOfLawFigures(prisma, year, scope);
  return {
    year,
    figures,
    paragraph: annualParagraph(figures),
    enforcement,
    enforcementParagraph: enforcementParagraph(year, enforcement),
    ruleOfLaw,
    ruleOfLawParagraph: ruleOfLawParagraph(year, ruleOfLaw),
  };
}

// ---------------------------------------------------------------------------------------------
// Excel
// ---------------------------------------------------------------------------------------------

interface Column {
  header: string;
  key: string;
  width: number;
}

function addSheet(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Record<string, unknown>[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.addRows(rows);
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  if (rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** The file name the office sees, and its RFC 5987 form for the Content-Disposition header. */
export function annualWorkbookFileName(year: number): { ascii: string; utf8: string } {
  return { ascii: `onevisit-annual-${year}.xlsx`, utf8: `综合查一次年度台账-${year}.xlsx` };
}

/**
 * The year's workbook: 年度汇总 (the figures and the paragraph), 联合检查 (one row per
 * inspection, cancelled ones included so the ledger is complete), 检查对象台账 (per business,
 * from figures.byTarget) and 问题清单 (each finding with its legal basis and outcome).
 */
export async function annualWorkbook(prisma: PrismaClient, year: number, scope: TownshipScope): Promise<Buffer> {
  const { figures, paragraph, enforcement, enforcementParagraph: enforcementText, ruleOfLaw, ruleOfLawParagraph: lawParagraph } = await annualReport(prisma, year, scope);
  const { normativeDocuments: nd, majorDecisions: md, mediation } = ruleOfLaw;
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const inspections = await prisma.jointInspection.findMany({
    where: { scheduledFor: { gte: from, lt: to }, ...inspectionsWithin(scope) },
    orderBy: [{ scheduledFor: 'asc' }, { createdAt: 'asc' }],
    include: {
      target: true,
      scenario: true,
      team: { orderBy: [{ isLead: 'desc' }, { officerId: 'asc' }] },
      checks: { include: { department: true }, orderBy: { department: { code: 'asc' } } },
      findings: { include: { department: true, checkItem: true } },
      reviews: { select: { round: true, decision: true } },
    },
  });
  // TeamMember stores only the officer id; one query for all the names.
  const officerIds = [...new Set(inspections.flatMap((i) => i.team.map((m) => m.officerId)))];
  const officers = await prisma.officer.findMany({ where: { id: { in: officerIds } }, select: { id: true, name: true } });
  const officerName = new Map(officers.map((o) => [o.id, o.name]));
  const date = (d: Date | null) => (d ? dateOfColumn(d) : '');
  const chinaTime = (d: Date | null) =>
    d ? chinaDateTime(d.toISOString()) : '';

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'onevisit 综合查一次';
  workbook.created = new Date();

  const summary = addSheet(
    workbook,
    '年度汇总',
    [
      { header: '项目', key: 'label', width: 28 },
      { header: '数值', key: 'value', width: 16 },
    ],
    [
      { label: '年度', value: year },
      { label: '联合检查（计划）', value: figures.inspections.scheduled },
      { label: '联合检查（已办结）', value: figures.inspections.completed },
      { label: '联合检查（办理中）', value: figures.inspections.inProgress },
      { label: '联合检查（已取消）', value: figures.inspections.cancelled },
      { label: '参与部门数', value: figures.byDepartment.length },
      { label: '覆盖村（社区）数', value: figures.byVillage.length },
      { label: '检查市场主体数', value: figures.byTarget.length },
      { label: '合并部门检查项数', value: figures.merging.departmentChecks },
      { label: '入企次数', value: figures.merging.visits },
      { label: '减少入企次数', value: figures.merging.visitsSaved },
      { label: '发现问题数', value: figures.findings.total },
      { label: '其中：责令改正', value: figures.findings.rectify },
      { label: '其中：建议处罚', value: figures.findings.proposedPenalty },
      { label: '处罚建议经法制审核同意', value: figures.findings.byOutcome.penaltyApproved },
      { label: '待法制审核的联合检查', value: figures.reviews.pendingInspections },
      { label: '部门超期提交', value: figures.escalations },
      { label: '满意度评价份数', value: figures.satisfaction.ratings },
      // Empty rather than 0: no rating is not a score of zero.
      { label: '满意度平均分（满分5分）', value: figures.satisfaction.average ?? '' },
      ...enforcementFigureRows(year, enforcement).map(({ label, value }) => ({ label, value })),
      { label: '规范性文件合法性审核（件）', value: nd.reviewed },
      { label: '规范性文件退回修改（件）', value: nd.changesRequired },
      { label: '规范性文件公布（件）', value: nd.published },
      { label: '规范性文件备案（件）', value: nd.filed },
      { label: '规范性文件逾期备案（件）', value: nd.filedLate },
      { label: '规范性文件清理（件）', value: nd.cleanedUp },
      { label: '重大决策（项）', value: md.taken },
      { label: '重大决策经合法性审查（项）', value: md.withLegalReview },
      { label: '重大决策经集体讨论（项）', value: md.withCollectiveMeeting },
      { label: '调解任务数', value: mediation.target ?? '' },
      { label: '受理矛盾纠纷（件）', value: mediation.received },
      { label: '调解成功（件）', value: mediation.resolved },
      { label: '其中书面协议（件）', value: mediation.written },
      { label: '重大疑难纠纷（件）', value: mediation.major },
      { label: '学法与法治培训（次）', value: Object.values(ruleOfLaw.study).reduce((a, b) => a + b, 0) },
      { label: '普法活动（场次）', value: ruleOfLaw.publicity.activities },
      { label: '发放普法资料（份）', value: ruleOfLaw.publicity.materials },
      { label: '执法检查中释法说理（户次）', value: ruleOfLaw.publicity.enforcementVisits },
      { label: '行政复议（件）', value: ruleOfLaw.legalChallenges.byKind.RECONSIDERATION },
      { label: '行政诉讼（件）', value: ruleOfLaw.legalChallenges.byKind.LITIGATION },
      { label: '行政复议、行政诉讼审结（件）', value: ruleOfLaw.legalChallenges.concluded },
      { label: '被纠错（件）', value: ruleOfLaw.legalChallenges.corrected },
      { label: '纠错率（%）', value: ruleOfLaw.legalChallenges.correctionRate ?? '' },
      { label: '负责人出庭应诉（次）', value: ruleOfLaw.legalChallenges.headAppeared },
      { label: '法律明白人在册（人）', value: ruleOfLaw.legalLiaisons.registered },
      { label: '法律明白人集中培训（场次）', value: ruleOfLaw.legalLiaisons.trainingSessions },
      { label: '法律明白人考核合格及以上（人）', value: ruleOfLaw.legalLiaisons.qualified },
    ],
  );
  summary.addRow([]);
  const textRow = summary.addRow(['年度报告段落（可直接粘贴）', paragraph]);
  textRow.font = { bold: false };
  summary.mergeCells(textRow.number, 2, textRow.number, 6);
  textRow.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  textRow.height = 120;
  const enforcementRow = summary.addRow(['“532”、案件和整改段落（可直接粘贴）', enforcementText]);
  summary.mergeCells(enforcementRow.number, 2, enforcementRow.number, 6);
  enforcementRow.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  enforcementRow.height = 80;
  const lawRow = summary.addRow(['法治政府建设段落（可直接粘贴）', lawParagraph]);
  summary.mergeCells(lawRow.number, 2, lawRow.number, 6);
  lawRow.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  lawRow.height = 120;

  addSheet(
    workbook,
    '联合检查',
    [
      { header: '检查日期', key: 'date', width: 12 },
      { header: '检查对象', key: 'target', width: 26 },
      { header: '统一社会信用代码', key: 'creditCode', width: 22 },
      { header: '村(社区)', key: 'village', width: 12 },
      { header: '场景', key: 'scenario', width: 16 },
      { header: '参加部门', key: 'departments', width: 28 },
      { header: '检查组', key: 'team', width: 24 },
      { header: '状态', key: 'status', width: 12 },
      { header: '发现问题数', key: 'findings', width: 11 },
      { header: '建议处罚数', key: 'penalties', width: 11 },
      { header: '超期部门', key: 'overdue', width: 16 },
      { header: '进场时间', key: 'checkIn', width: 17 },
      { header: '办结时间', key: 'closed', width: 17 },
      { header: '检查编号', key: 'id', width: 38 },
    ],
    inspections.map((i) => ({
      date: date(i.scheduledFor),
      target: i.target.name,
      creditCode: i.target.creditCode,
      village: i.target.village,
      scenario: i.scenario.name,
      departments: i.checks.map((c) => c.department.shortName).join('、'),
      team: i.team.map((m) => `${officerName.get(m.officerId) ?? m.officerId}${m.isLead ? '（组长）' : ''}`).join('、'),
      status: INSPECTION_STATUS_LABELS[i.status],
      findings: i.findings.length,
      penalties: i.findings.filter((f) => f.proposedAction === 'PENALTY').length,
      overdue: i.checks
        .filter((c) => c.overdue)
        .map((c) => `${c.department.shortName}${c.submittedAt ? '（逾期已交）' : '（未提交）'}`)
        .join('、'),
      checkIn: chinaTime(i.checkInAt),
      closed: chinaTime(i.closedAt),
      id: i.id,
    })),
  );

  addSheet(
    workbook,
    '检查对象台账',
    [
      { header: '检查对象', key: 'name', width: 26 },
      { header: '统一社会信用代码', key: 'creditCode', width: 22 },
      { header: '村(社区)', key: 'village', width: 12 },
      { header: '入企次数', key: 'visits', width: 10 },
      { header: '部门检查项数', key: 'departmentChecks', width: 13 },
      { header: '减少入企次数', key: 'saved', width: 13 },
      { header: '发现问题数', key: 'findings', width: 11 },
      { header: '最近检查日期', key: 'last', width: 13 },
    ],
    figures.byTarget.map((t) => ({
      name: t.name,
      creditCode: t.creditCode,
      village: t.village,
      visits: t.visits,
      departmentChecks: t.departmentChecks,
      saved: t.departmentChecks - t.visits,
      findings: t.findings,
      last: t.lastScheduledFor,
    })),
  );

  addSheet(
    workbook,
    '问题清单',
    [
      { header: '检查日期', key: 'date', width: 12 },
      { header: '检查对象', key: 'target', width: 26 },
      { header: '村(社区)', key: 'village', width: 12 },
      { header: '部门', key: 'department', width: 12 },
      { header: '检查事项', key: 'item', width: 30 },
      { header: '法律依据', key: 'legalBasis', width: 40 },
      { header: '严重程度', key: 'severity', width: 10 },
      { header: '问题描述', key: 'description', width: 40 },
      { header: '处理建议', key: 'action', width: 10 },
      { header: '审核结果', key: 'outcome', width: 18 },
      { header: '处理结果', key: 'endState', width: 22 },
      { header: '检查编号', key: 'id', width: 38 },
    ],
    inspections.flatMap((i) =>
      i.findings.map((f) => ({
        date: date(i.scheduledFor),
        target: i.target.name,
        village: i.target.village,
        department: f.department.shortName,
        item: `${f.checkItem.code} ${f.checkItem.title}`,
        legalBasis: f.checkItem.legalBasis,
        severity: SEVERITY_LABELS[f.severity as Severity],
        description: f.description,
        action: PROPOSED_ACTION_LABELS[f.proposedAction],
        outcome: f.proposedAction === 'PENALTY' ? PENALTY_OUTCOME_LABELS[penaltyOutcomeOf(i.reviews)] : '无需法制审核',
        endState: f.outcome ? FINDING_OUTCOME_LABELS[f.outcome] : '处理中',
        id: i.id,
      })),
    ),
  );

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// 法治政府建设情况报告 (DOCX)
// ---------------------------------------------------------------------------------------------

/** 存在的不足: only what the records show (late, overdue, below target, failed); none → says so. */
export function weakPoints(figures: YearStats, law: RuleOfLawFigures): string[] {
  const points: string[] = [];
  if (figures.escalations > 0) points.push(`部门检查结果超过提交期限${figures.escalations}项，部门协同仍需加强。`);
  const nd = law.normativeDocuments;
  if (nd.reviewsLate > 0) points.push(`规范性文件合法性审核超过审核期限${nd.reviewsLate}次。`);
  if (nd.filedLate > 0) points.push(`规范性文件逾期报送备案${nd.filedLate}件。`);
  const m = law.mediation;
  if (m.target !== null && m.resolved < m.target) points.push(`调解成功${m.resolved}件，距年度任务数${m.target}件尚差${m.target - m.resolved}件。`);
  if (m.open > 0) points.push(`本年受理的矛盾纠纷中尚有${m.open}件未调结。`);
  const c = law.legalChallenges;
  if (c.corrected > 0) points.push(`行政复议、行政诉讼审结${c.concluded}件中被纠错${c.corrected}件（纠错率${c.correctionRate}%），执法决定的合法性仍需加强。`);
  if (c.answersLate > 0) points.push(`行政复议答复、行政诉讼答辩逾期${c.answersLate}件。`);
  if (c.hearings > c.headAppeared) points.push(`行政诉讼开庭${c.hearings}次中行政机关负责人未出庭应诉${c.hearings - c.headAppeared}次。`);
  const l = law.legalLiaisons;
  if (l.assessed > l.qualified) points.push(`年度考核中有${l.assessed - l.qualified}名“法律明白人”不合格。`);
  return points.length ? points : ['系统记录中未发现超期、逾期或未完成年度任务的事项。'];
}

/**
 * The enforcement figures with the records each counts: the DOCX appendix and the workbook's
 * 年度汇总 both list these rows, so the two cannot disagree. An empty value, not 0, where a rate
 * has nothing to be a rate of.
 */
function enforcementFigureRows(year: number, e: EnforcementFigures): { label: string; value: number | string; source: string }[] {
  const { rapidResponse: rapid, cases: c, rectification: r } = e;
  const stage = (code: string) => rapid.stages.find((s) => s.stage === code)?.onTimeRate ?? null;
  const rate = (value: number | null) => (value === null ? '' : percent(value));
  return [
    { label: '“532”受理事件（件）', value: rapid.events, source: `“532”快速响应事件，上报时间在${year}年` },
    { label: '“532”下达指令按时率（%）', value: rate(stage('DISPATCH')), source: '同上，按时派单的事件 ÷ 派单时限已到或已派单的事件' },
    { label: '“532”人员到位按时率（%）', value: rate(stage('ON_SITE')), source: '同上，按时到场的事件 ÷ 到场时限已到或已到场的事件' },
    { label: '“532”反馈按时率（%）', value: rate(stage('FEEDBACK')), source: '同上，按时反馈的事件 ÷ 反馈时限已到或已反馈的事件' },
    { label: '立案（件）', value: c.filed, source: `行政处罚案件，立案时间在${year}年` },
    { label: '作出行政处罚决定（件）', value: c.penaltyDecisions, source: `行政处罚案件，处罚决定时间在${year}年` },
    { label: '决定罚款（元）', value: c.finesDecided, source: '同上，各决定的罚款金额之和' },
    { label: '收缴罚没款（元）', value: c.finesCollected, source: `案件缴款记录，记录时间在${year}年（含加处罚款）` },
    { label: '结案（件）', value: c.closed, source: `行政处罚案件，结案时间在${year}年` },
    { label: '重大案件集体讨论决定（次）', value: c.collectiveDecisions, source: `案件集体讨论记录，记录时间在${year}年` },
    { label: '举行听证（次）', value: c.hearingsHeld, source: `案件听证记录，听证结束时间在${year}年且已举行` },
    { label: '责令整改通知（份）', value: r.orders, source: `责令整改通知，所属联合检查的检查日期在${year}年` },
    { label: '整改复查合格（份）', value: r.passed, source: '同上，复查结果为合格' },
    { label: '整改复查不合格（份）', value: r.failed, source: '同上，复查结果为不合格' },
    { label: '按期整改率（%）', value: rate(r.onTimeRate), source: '复查合格份数 ÷ 已复查份数' },
  ];
}

/** Each figure of the report with the records it counts, so every number can be traced. */
function reportFigures(year: number, figures: YearStats, law: RuleOfLawFigures, enforcement: EnforcementFigures) {
  const { normativeDocuments: nd, majorDecisions: md, mediation: m, publicity: p, legalLiaisons: l, legalChallenges: c } = law;
  return [
    { label: '学法与法治培训（次）', value: Object.values(law.study).reduce((a, b) => a + b, 0), source: `学法与培训台账，举办日期在${year}年` },
    { label: '普法活动（场次）', value: p.activities, source: `普法活动台账，举办日期在${year}年` },
    { label: '发放普法资料（份）', value: p.materials, source: '同上，各活动发放份数之和' },
    { label: '执法检查中释法说理（户次）', value: p.enforcementVisits, source: `联合检查中记录了所释法律的，检查日期在${year}年（按检查计）` },
    { label: '“综合查一次”联合检查（次）', value: figures.inspections.scheduled, source: `联合检查，检查日期在${year}年（不含已取消）` },
    { label: '部门超期提交（项）', value: figures.escalations, source: '联合检查中超过提交期限的部门检查' },
    ...enforcementFigureRows(year, enforcement).map((row) => ({ ...row, value: row.value === '' ? '无' : row.value })),
    { label: '重大决策（项）', value: md.taken, source: `重大决策台账，记录为已决策的日期在${year}年` },
    { label: '重大决策经合法性审查（项）', value: md.withLegalReview, source: '同上，须经审查且有法律顾问意见的' },
    { label: '重大决策经集体讨论（项）', value: md.withCollectiveMeeting, source: '同上，须经审查且有会议记录的' },
    { label: '规范性文件合法性审核（件）', value: nd.reviewed, source: `规范性文件审核记录，审核日期在${year}年（按文件计）` },
    { label: '规范性文件退回修改（件）', value: nd.changesRequired, source: '同上，其中有“修改后重新报送”意见的' },
    { label: '规范性文件公布（件）', value: nd.published, source: `规范性文件台账，公布日期在${year}年` },
    { label: '规范性文件备案（件）', value: nd.filed, source: `规范性文件台账，备案日期在${year}年` },
    { label: '规范性文件清理（件）', value: nd.cleanedUp, source: `规范性文件台账，清理日期在${year}年` },
    { label: '行政复议（件）', value: c.byKind.RECONSIDERATION, source: `行政复议和行政诉讼台账，行政复议，收到副本日期在${year}年` },
    { label: '行政诉讼（件）', value: c.byKind.LITIGATION, source: `同上，行政诉讼，收到副本日期在${year}年` },
    { label: '行政复议、行政诉讼审结（件）', value: c.concluded, source: `同上，决定（裁判）日期在${year}年` },
    { label: '其中维持或驳回（件）', value: c.byOutcome.UPHELD, source: '同上，结果为维持或驳回' },
    { label: '其中被纠错（件）', value: c.corrected, source: '同上，结果为撤销、变更、确认违法或责令履行' },
    { label: '纠错率（%）', value: c.correctionRate ?? '无审结案件', source: '被纠错件数 ÷ 审结件数' },
    { label: '开庭（次）', value: c.hearings, source: `同上，开庭日期在${year}年` },
    { label: '负责人出庭应诉（次）', value: c.headAppeared, source: '同上，其中行政机关负责人出庭的' },
    { label: '调解任务数（件）', value: m.target ?? '未设定', source: `年度调解任务数（${year}年）` },
    { label: '受理矛盾纠纷（件）', value: m.received, source: `人民调解台账，受理日期在${year}年` },
    { label: '调解成功（件）', value: m.resolved, source: `人民调解台账，书面或口头协议，调结日期在${year}年` },
    { label: '其中书面协议（件）', value: m.written, source: '同上，书面协议' },
    { label: '重大疑难纠纷（件）', value: m.major, source: `人民调解台账，受理日期在${year}年且标记为重大` },
    { label: '“法律明白人”在册（人）', value: l.registered, source: `法律明白人名册，${year}年底前登记且在册` },
    { label: '“法律明白人”集中培训（场次）', value: l.trainingSessions, source: `法律明白人培训记录，${year}年内不同培训日期数` },
    { label: '“法律明白人”考核合格及以上（人）', value: l.qualified, source: `法律明白人${year}年度考核（以最近一次为准）` },
  ];
}

/** The township's 法治政府建设情况报告 of the year, in the structure of the town's own report. */
export async function ruleOfLawReport(prisma: PrismaClient, year: number, scope: TownshipScope) {
  const { figures, paragraph, enforcement, enforcementParagraph: enforcementText, ruleOfLaw, ruleOfLawParagraph: lawParagraph } = await annualReport(prisma, year, scope);
  const single = scope !== null && scope.length === 1 ? await prisma.township.findUnique({ where: { id: scope[0] }, select: { name: true } }) : null;
  const who = single?.name ?? '全县各乡镇（街道）';
  const authorityName = single ? `${single.name}人民政府` : '汇总';
  const model = {
    title: `${who}${year}年法治政府建设情况报告`,
    authorityName,
    intro: `现将${year}年法治政府建设工作情况报告如下（文中数字均由系统记录统计，见附表）：`,
    sections: [
      { heading: `一、${year}年推进法治政府建设的主要举措和成效`, paragraphs: [lawParagraph, paragraph, enforcementText] },
      { heading: `二、${year}年推进法治政府建设存在的不足和原因`, paragraphs: weakPoints(figures, ruleOfLaw) },
      { heading: `三、${year + 1}年推进法治政府建设的工作思路、目标举措`, paragraphs: ['（一）（请填写）', '（二）（请填写）', '（三）（请填写）'] },
    ],
    figures: reportFigures(year, figures, ruleOfLaw, enforcement),
  };
  const file = await renderRuleOfLawReport(model, { number: '', issuedOn: `${year}-12-31`, authority: { name: authorityName, numberPrefix: '' } });
  return { file, contentType: DOCX_CONTENT_TYPE, fileName: `${model.title}.docx`, model };
}

/** The annual report and its workbook, for the routes. */
export function createReportService(prisma: PrismaClient) {
  return {
    ruleOfLaw: (year: number, scope: TownshipScope) => ruleOfLawReport(prisma, year, scope),
    annual: (year: number, scope: TownshipScope) => annualReport(prisma, year, scope),
    workbook: async (year: number, scope: TownshipScope) => ({ file: await annualWorkbook(prisma, year, scope), name: annualWorkbookFileName(year) }),
  };
}

export type ReportService = ReturnType<typeof createReportService>;
