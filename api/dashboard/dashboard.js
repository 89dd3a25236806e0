/* global document, window, sessionStorage, fetch, navigator, URL, setInterval, clearInterval, echarts */
/**
 * The leaders' and coordinators' dashboard. Every number comes from the API with the user's
 * own token (GET /api/reports/annual carries the same figures as /api/stats, plus the report
 * paragraph), so the page can never show something the API would not.
 *
 * A panel is one function: (data) => panel(...) or notYet(...). To add a view when a feature
 * lands (rectification), write its function and list it in LEADER_PANELS.
 */

const TOKEN_KEY = 'onevisit.dashboard.token';
const REFRESH_MS = 60_000;
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const SEVERITY = { MINOR: '轻微', MODERATE: '一般', MAJOR: '严重' };
const TASKS = { PREPARE_VISIT: '待检查', SUBMIT_CHECKS: '待提交结果', REVISE_AFTER_REVIEW: '审核退回待补正', HANDLE_FINDINGS: '问题待处理' };
const STATUS = { SCHEDULED: '已排期', ON_SITE: '现场检查中', CHECKS_DONE: '检查完成', IN_LEGAL_REVIEW: '法制审核中', FOLLOW_UP: '问题处理中', CLOSED: '已办结', CANCELLED: '已取消' };
const COLORS = ['#1b5fad', '#2e8b57', '#e0a030', '#c0392b', '#7d5ba6', '#17a2b8', '#8c6d46'];

const $ = (id) => document.getElementById(id);
const charts = [];
let refreshTimer = null;
let currentView = 'leader';

// ---------------------------------------------------------------------------------------------
// DOM helpers: text goes in as text, never as HTML.
// ---------------------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof window.Node ? child : String(child));
  }
  return el;
}

/** A panel with a title; `wide` panels take the whole row. */
function panel(id, title, body, { wide = false, badge } = {}) {
  return h('section', { class: `panel${wide ? ' wide' : ''}`, 'data-panel': id }, h('h2', {}, title, badge), body);
}

/** An honest placeholder for a figure the system does not record yet. */
function notYet(id, title, note) {
  return h(
    'section',
    { class: 'panel placeholder', 'data-panel': id, 'data-placeholder': 'true' },
    h('h2', {}, title, h('span', { class: 'badge' }, '尚未启用')),
    h('p', { class: 'note' }, note),
  );
}

function kpi(path, label, value, unit, { alert = false } = {}) {
  return h(
    'div',
    { class: `kpi${alert && value > 0 ? ' alert' : ''}`, 'data-kpi': path },
    h('div', { class: 'label' }, label),
    h('div', {}, h('span', { class: 'value' }, value), h('span', { class: 'unit' }, unit)),
  );
}

/** A chart container; the option is applied once the panel is in the page (it needs a size). */
function chart(id, option, isEmpty) {
  if (isEmpty) return h('p', { class: 'empty' }, '本年度暂无数据');
  const el = h('div', { class: 'chart', 'data-chart': id });
  el.chartOption = option;
  return el;
}

function items(list, render, emptyText) {
  if (list.length === 0) return h('p', { class: 'empty' }, emptyText);
  return h('ul', { class: 'items' }, list.map(render));
}

/** "how late" / "how long": from an ISO instant to now, in Chinese. */
function since(iso) {
  if (!iso) return '时间未知';
  const minutes = Math.floor((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return '不足1分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${minutes % 60}分钟`;
  return `${minutes}分钟`;
}

// ---------------------------------------------------------------------------------------------
// Chart options (ECharts)
// ---------------------------------------------------------------------------------------------

const baseOption = {
  color: COLORS,
  tooltip: { trigger: 'axis', confine: true },
  legend: { top: 0 },
  grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
  animation: false,
};

function barOption(categories, series, { horizontal = false, axisLabel = {} } = {}) {
  const category = { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true, ...axisLabel } };
  const value = { type: 'value', minInterval: 1 };
  return {
    ...baseOption,
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({ type: 'bar', barMaxWidth: 22, ...s })),
  };
}

function pieOption(name, data) {
  // A zero slice keeps its legend entry but gets no label pointing at nothing.
  data = data.map((d) => (d.value > 0 ? d : { ...d, label: { show: false }, labelLine: { show: false } }));
  return {
    ...baseOption,
    tooltip: { trigger: 'item', confine: true, formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, itemGap: 8, itemWidth: 14 },
    series: [{ name, type: 'pie', radius: ['32%', '56%'], center: ['50%', '42%'], label: { formatter: '{b}\n{c}' }, data }],
  };
}

// ---------------------------------------------------------------------------------------------
// Leader view: one function per panel
// ---------------------------------------------------------------------------------------------

function kpiPanel({ figures: f }) {
  return panel(
    'kpis',
    `${f.year}年 联合检查概况`,
    h(
      'div',
      {},
      h(
        'div',
        { class: 'kpis' },
        kpi('inspections.scheduled', '计划联合检查', f.inspections.scheduled, '次'),
        kpi('inspections.completed', '已完成（办结）', f.inspections.completed, '次'),
        kpi('inspections.inProgress', '办理中', f.inspections.inProgress, '次'),
        kpi('merging.departmentChecks', '合并部门检查', f.merging.departmentChecks, '项'),
        kpi('merging.visits', '入企次数', f.merging.visits, '次'),
        kpi('merging.visitsSaved', '减少入企', f.merging.visitsSaved, '次'),
        kpi('findings.total', '发现问题', f.findings.total, '个'),
        kpi('reviews.pendingInspections', '待法制审核', f.reviews.pendingInspections, '件', { alert: true }),
        kpi('overdue.length', '超期未提交', f.overdue.length, '项', { alert: true }),
      ),
      h('p', { class: 'note' }, `进一次门、查多项事：${f.merging.description}。`),
    ),
    { wide: true },
  );
}

function monthPanel({ figures: f }) {
  return panel(
    'by-month',
    '按月份：计划与完成',
    chart(
      'by-month',
      barOption(
        MONTHS,
        [
          { name: '计划', data: f.byMonth.map((m) => m.scheduled) },
          { name: '已完成', data: f.byMonth.map((m) => m.completed) },
        ],
        // Twelve "11月" labels do not fit a phone: the axis shows the number, the tooltip the month.
        { axisLabel: { hideOverlap: false, fontSize: 11, formatter: (month) => month.replace('月', '') } },
      ),
      f.inspections.scheduled === 0,
    ),
  );
}

function scenarioPanel({ figures: f }) {
  return panel(
    'by-scenario',
    '按场景',
    chart(
      'by-scenario',
      barOption(
        f.byScenario.map((s) => s.name),
        [
          { name: '计划', data: f.byScenario.map((s) => s.scheduled) },
          { name: '已完成', data: f.byScenario.map((s) => s.completed) },
        ],
        { horizontal: true },
      ),
      f.byScenario.length === 0,
    ),
  );
}

function departmentPanel({ figures: f }) {
  return panel(
    'by-department',
    '按部门：参与检查与超期',
    chart(
      'by-department',
      barOption(
        f.byDepartment.map((d) => d.shortName),
        [
          { name: '参与检查', data: f.byDepartment.map((d) => d.checks) },
          { name: '已提交', data: f.byDepartment.map((d) => d.submitted) },
          { name: '超期', data: f.byDepartment.map((d) => d.overdue), itemStyle: { color: '#c0392b' } },
        ],
        { horizontal: true },
      ),
      f.byDepartment.length === 0,
    ),
  );
}

function villagePanel({ figures: f }) {
  return panel(
    'by-village',
    '按村（社区）',
    chart(
      'by-village',
      barOption(
        f.byVillage.map((v) => v.village),
        [
          { name: '计划', data: f.byVillage.map((v) => v.scheduled) },
          { name: '已完成', data: f.byVillage.map((v) => v.completed) },
        ],
        { horizontal: true },
      ),
      f.byVillage.length === 0,
    ),
  );
}

function severityPanel({ figures: f }) {
  const data = Object.entries(SEVERITY).map(([key, name]) => ({ name, value: f.findings.bySeverity[key] ?? 0 }));
  return findingsPie(f, 'findings-severity', '发现问题：按严重程度', '严重程度', data);
}

/** A pie of the year's findings, or "no data" when there are none. */
function findingsPie(f, id, title, name, data) {
  return panel(id, title, chart(id, pieOption(name, data), f.findings.total === 0));
}

function outcomePanel({ figures: f }) {
  const o = f.findings.byOutcome;
  return findingsPie(f, 'findings-outcome', '发现问题：处理建议与审核结果', '处理结果', [
    { name: '责令改正', value: o.rectify },
    { name: '处罚·审核同意', value: o.penaltyApproved },
    { name: '处罚·退回补正', value: o.penaltyReturned },
    { name: '处罚·待审核', value: o.penaltyPending },
  ]);
}

/** How the findings ended (a visit closes only when all of its have): figures.findings.byEndState. */
function endStatePanel({ figures: f }) {
  const e = f.findings.byEndState;
  return findingsPie(f, 'findings-end-state', '发现问题：处理结果', '处理结果', [
    { name: '处理中', value: e.open },
    { name: '复查合格', value: e.RECTIFIED },
    { name: '首违不罚', value: e.NO_PENALTY },
    { name: '案件结案', value: e.CASE_CLOSED },
    { name: '复查不合格转后续处理', value: e.ESCALATED },
    { name: '当场处罚', value: e.PENALIZED_ON_THE_SPOT ?? 0 },
  ]);
}

function overduePanel({ figures: f }) {
  return panel(
    'overdue',
    '超期未提交检查结果',
    items(
      f.overdue,
      (o) =>
        h(
          'li',
          { 'data-department': o.department.code, 'data-inspection': o.inspectionId },
          h('span', { class: 'title' }, `${o.department.shortName} · ${o.target.name}`),
          h('span', { class: 'meta' }, `${o.target.village} · 检查日期 ${o.scheduledFor} · ${STATUS[o.status] ?? o.status}`),
          h('span', { class: 'late' }, `已超期 ${since(o.dueAt)}`),
        ),
      '没有超期未提交的部门',
    ),
    { badge: f.overdue.length ? h('span', { class: 'badge warn' }, `${f.overdue.length}项`) : undefined },
  );
}

function pendingReviewsPanel({ figures: f }) {
  return panel(
    'pending-reviews',
    '待法制审核',
    items(
      f.reviews.pending,
      (r) =>
        h(
          'li',
          { 'data-inspection': r.inspectionId },
          h('span', { class: 'title' }, r.target.name),
          h(
            'span',
            { class: 'meta' },
            `${r.scenario.name} · 处罚建议${r.penaltyFindings}个（${r.departments.join('、')}）· 第${r.round}轮${r.lastDecision === 'RETURNED' ? '（上轮退回补正）' : ''}`,
          ),
          h('span', { class: 'late' }, `已等待 ${since(r.inReviewSince)}`),
        ),
      '没有待审核的案件',
    ),
  );
}

function paragraphPanel({ paragraph, figures: f }) {
  const text = h('p', { class: 'paragraph', id: 'annual-paragraph' }, paragraph);
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'small',
      onclick: async (event) => {
        const button = event.currentTarget;
        try {
          await navigator.clipboard.writeText(paragraph);
          button.textContent = '已复制';
        } catch {
          // No clipboard API on plain http: select the text so Ctrl-C works.
          window.getSelection().selectAllChildren(text);
          button.textContent = '已选中，请按 Ctrl+C';
        }
      },
    },
    '复制',
  );
  return panel('annual-paragraph', `${f.year}年度报告段落（综合查一次）`, text, { wide: true, badge: copy });
}

/** 整改按期率 (figures.rectification): rectification orders re-checked and passed by their deadline. */
function rectificationPanel({ figures }) {
  const r = figures.rectification;
  if (!r || r.orders === 0) return panel('rectification', '整改按期率', h('p', { class: 'empty' }, '本年度尚无责令改正'));
  const rate = r.onTimeRate === null ? '—' : `${Math.round(r.onTimeRate * 1000) / 10}%`;
  return panel(
    'rectification',
    '整改按期率',
    h(
      'div',
      { class: 'kpis' },
      kpi('rectification.onTimeRate', '按期整改率', rate, ''),
      kpi('rectification.orders', '责令改正', r.orders, '件'),
      kpi('rectification.passed', '复查合格', r.passed, '件'),
      kpi('rectification.failed', '复查不合格', r.failed, '件', { alert: true }),
      kpi('rectification.awaitingRecheck', '待复查', r.awaitingRecheck, '件'),
    ),
  );
}

/**
 * 满意度 (figures.satisfaction): the businesses' anonymous one-time ratings of this year's
 * closed visits. No ratings yet is a normal state of a live feature, not a placeholder.
 */
function satisfactionPanel({ figures: f }) {
  const s = f.satisfaction;
  const title = '市场主体满意度';
  if (s.ratings === 0) {
    return panel('satisfaction', title, h('p', { class: 'empty' }, '本年度尚无检查对象评价（办结后由统筹协调人员生成评价链接）'));
  }
  const scores = [5, 4, 3, 2, 1];
  return panel(
    'satisfaction',
    title,
    h(
      'div',
      {},
      h(
        'div',
        { class: 'kpis' },
        kpi('satisfaction.average', '平均评分（满分5分）', s.average.toFixed(1), '分'),
        kpi('satisfaction.ratings', '评价份数', s.ratings, '份'),
      ),
      h(
        'ul',
        { class: 'items distribution' },
        scores.map((score) =>
          h(
            'li',
            { 'data-score': score, 'data-count': s.distribution[score] },
            h('span', { class: 'title' }, `${'★'.repeat(score)}${'☆'.repeat(5 - score)}`),
            h('span', { class: 'bar', style: `width:${Math.round((s.distribution[score] / s.ratings) * 100)}%` }),
            h('span', { class: 'meta' }, `${s.distribution[score]}份`),
          ),
        ),
      ),
    ),
  );
}

/** 532 on-time rates per stage (from GET /api/stats/532), with median and p90 times. */
function rapidResponsePanel({ rapidResponse: r }) {
  if (!r) return notYet('rapid-response', '“532”快速响应按时率', '无权读取“532”统计或尚无数据。');
  const rate = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
  const duration = (ms) => (ms === null || ms === undefined ? '—' : ms < 60_000 ? `${Math.round(ms / 1000)}秒` : `${Math.round(ms / 6000) / 10}分钟`);
  const body = h(
    'div',
    {},
    h('p', { class: 'note' }, `本年度上报事件${r.events}件；逾时自动督办${r.escalations.sent}次`),
    h(
      'ul',
      { class: 'items' },
      r.stages.map((s) =>
        h(
          'li',
          { 'data-stage': s.stage, 'data-on-time-rate': s.onTimeRate ?? '' },
          h('span', { class: 'title' }, `${s.label}：按时率 ${rate(s.onTimeRate)}`),
          h('span', { class: 'meta' }, `按时${s.onTime} · 超时${s.late + s.breached} · 中位用时${duration(s.medianMs)} · 90%用时${duration(s.p90Ms)}`),
        ),
      ),
    ),
  );
  return panel('rapid-response', '“532”快速响应按时率', body);
}

/** Scenario-list plans (GET /api/stats/planning): requests merged into visits, plan vs actual. */
function planningPanel({ planning: p }) {
  if (!p) return notYet('planning', '场景清单计划执行', '无权读取计划统计。');
  if (p.plans === 0) return panel('planning', '场景清单计划执行', h('p', { class: 'empty' }, '本年度尚无场景清单计划'));
  return panel(
    'planning',
    '场景清单计划执行',
    h(
      'div',
      { class: 'kpis' },
      kpi('planning.requests', '部门检查需求', p.requests, '项'),
      kpi('planning.plannedVisits', '计划入企', p.plannedVisits, '次'),
      kpi('planning.visitsSaved', '合并减少入企', p.visitsSaved, '次'),
      kpi('planning.completedVisits', '已完成', p.completedVisits, '次'),
    ),
  );
}

// The rule-of-law registers (figures in GET /api/reports/annual `ruleOfLaw`): one panel each.

function kpis(...children) {
  return h('div', { class: 'kpis' }, ...children);
}

function normativeDocumentsPanel({ ruleOfLaw }) {
  const n = ruleOfLaw.normativeDocuments;
  if (n.submitted + n.reviewed + n.published + n.filed + n.cleanedUp === 0) {
    return panel('normative-documents', '规范性文件', h('p', { class: 'empty' }, '本年度未制定规范性文件'));
  }
  return panel(
    'normative-documents',
    '规范性文件',
    kpis(
      kpi('ruleOfLaw.normativeDocuments.reviewed', '合法性审核', n.reviewed, '件'),
      kpi('ruleOfLaw.normativeDocuments.changesRequired', '退回修改', n.changesRequired, '件'),
      kpi('ruleOfLaw.normativeDocuments.reviewsLate', '审核逾期', n.reviewsLate, '次', { alert: true }),
      kpi('ruleOfLaw.normativeDocuments.published', '公布', n.published, '件'),
      kpi('ruleOfLaw.normativeDocuments.filed', '备案', n.filed, '件'),
      kpi('ruleOfLaw.normativeDocuments.filedLate', '逾期备案', n.filedLate, '件', { alert: true }),
      kpi('ruleOfLaw.normativeDocuments.awaitingFiling', '待备案', n.awaitingFiling, '件'),
      kpi('ruleOfLaw.normativeDocuments.cleanedUp', '清理', n.cleanedUp, '件'),
    ),
  );
}

function majorDecisionsPanel({ ruleOfLaw }) {
  const m = ruleOfLaw.majorDecisions;
  if (m.taken === 0) return panel('major-decisions', '重大决策（三重一大）', h('p', { class: 'empty' }, '本年度未作出重大决策'));
  return panel(
    'major-decisions',
    '重大决策（三重一大）',
    kpis(
      kpi('ruleOfLaw.majorDecisions.taken', '已决策', m.taken, '项'),
      kpi('ruleOfLaw.majorDecisions.subjectToRule', '须经审查', m.subjectToRule, '项'),
      kpi('ruleOfLaw.majorDecisions.withLegalReview', '经合法性审查', m.withLegalReview, '项'),
      kpi('ruleOfLaw.majorDecisions.withCollectiveMeeting', '经集体讨论', m.withCollectiveMeeting, '项'),
    ),
  );
}

function mediationPanel({ ruleOfLaw }) {
  const d = ruleOfLaw.mediation;
  if (d.received === 0 && d.resolved === 0 && d.target === null) return panel('mediation', '人民调解', h('p', { class: 'empty' }, '本年度尚未登记矛盾纠纷'));
  return panel(
    'mediation',
    '人民调解',
    kpis(
      kpi('ruleOfLaw.mediation.target', '年度任务数', d.target ?? '—', d.target === null ? '' : '件'),
      kpi('ruleOfLaw.mediation.received', '受理', d.received, '件'),
      kpi('ruleOfLaw.mediation.resolved', '调解成功', d.resolved, '件'),
      kpi('ruleOfLaw.mediation.written', '书面协议', d.written, '件'),
      kpi('ruleOfLaw.mediation.major', '重大疑难', d.major, '件'),
      kpi('ruleOfLaw.mediation.open', '未调结', d.open, '件', { alert: true }),
    ),
  );
}

function publicityPanel({ ruleOfLaw }) {
  const p = ruleOfLaw.publicity;
  const l = ruleOfLaw.legalLiaisons;
  const study = Object.values(ruleOfLaw.study).reduce((a, b) => a + b, 0);
  if (p.activities === 0 && p.enforcementVisits === 0 && l.registered === 0 && study === 0) return panel('publicity', '学法·普法·法律明白人', h('p', { class: 'empty' }, '本年度尚无登记'));
  return panel(
    'publicity',
    '学法·普法·法律明白人',
    kpis(
      kpi('ruleOfLaw.study', '学法与培训', study, '次'),
      kpi('ruleOfLaw.publicity.activities', '普法活动', p.activities, '场次'),
      kpi('ruleOfLaw.publicity.materials', '发放资料', p.materials, '份'),
      kpi('ruleOfLaw.publicity.enforcementVisits', '执法中释法说理', p.enforcementVisits, '户次'),
      kpi('ruleOfLaw.legalLiaisons.registered', '法律明白人', l.registered, '人'),
      kpi('ruleOfLaw.legalLiaisons.trainingSessions', '集中培训', l.trainingSessions, '场次'),
      kpi('ruleOfLaw.legalLiaisons.qualified', '考核合格及以上', l.qualified, '人'),
    ),
  );
}

function legalChallengesPanel({ ruleOfLaw }) {
  const c = ruleOfLaw.legalChallenges;
  if (c.received === 0 && c.concluded === 0) return panel('legal-challenges', '行政复议与行政诉讼', h('p', { class: 'empty' }, '本年度未发生行政复议和行政诉讼'));
  return panel(
    'legal-challenges',
    '行政复议与行政诉讼',
    kpis(
      kpi('ruleOfLaw.legalChallenges.byKind.RECONSIDERATION', '行政复议', c.byKind.RECONSIDERATION, '件'),
      kpi('ruleOfLaw.legalChallenges.byKind.LITIGATION', '行政诉讼', c.byKind.LITIGATION, '件'),
      kpi('ruleOfLaw.legalChallenges.concluded', '审结', c.concluded, '件'),
      kpi('ruleOfLaw.legalChallenges.corrected', '被纠错', c.corrected, '件', { alert: true }),
      kpi('ruleOfLaw.legalChallenges.correctionRate', '纠错率', c.correctionRate ?? '—', c.correctionRate === null ? '' : '%'),
      kpi('ruleOfLaw.legalChallenges.hearings', '开庭', c.hearings, '次'),
      kpi('ruleOfLaw.legalChallenges.headAppeared', '负责人出庭应诉', c.headAppeared, '次'),
      kpi('ruleOfLaw.legalChallenges.answersLate', '答复（答辩）逾期', c.answersLate, '件', { alert: true }),
    ),
  );
}

function ruleOfLawParagraphPanel({ ruleOfLawParagraph, figures: f }) {
  return panel(`rule-of-law-paragraph`, `${f.year}年度报告段落（法治政府建设）`, h('p', { class: 'paragraph', id: 'rule-of-law-paragraph' }, ruleOfLawParagraph), { wide: true });
}

const LEADER_PANELS = [
  kpiPanel,
  monthPanel,
  scenarioPanel,
  departmentPanel,
  villagePanel,
  severityPanel,
  outcomePanel,
  endStatePanel,
  overduePanel,
  pendingReviewsPanel,
  rectificationPanel,
  rapidResponsePanel,
  planningPanel,
  satisfactionPanel,
  paragraphPanel,
  normativeDocumentsPanel,
  majorDecisionsPanel,
  mediationPanel,
  legalChallengesPanel,
  publicityPanel,
  ruleOfLawParagraphPanel,
];

// ---------------------------------------------------------------------------------------------
// Coordinator view
// ---------------------------------------------------------------------------------------------

function upcomingPanel({ upcoming, today }) {
  return panel(
    'upcoming',
    '待进行的联合检查',
    items(
      upcoming,
      (v) =>
        h(
          'li',
          { 'data-inspection': v.inspectionId },
          h('span', { class: 'title' }, `${v.scheduledFor} · ${v.target.name}`, v.missed ? h('span', { class: 'late' }, '（日期已过，尚未进场）') : null),
          h('span', { class: 'meta' }, `${v.target.village} · ${v.scenario.name} · ${v.target.address}`),
          h('span', { class: 'chips' }, v.departments.map((d) => h('span', { class: 'chip' }, d.shortName))),
          h('span', { class: 'meta' }, `检查组：${v.team.map((m) => `${m.name}${m.department ? `（${m.department}）` : ''}${m.isLead ? '·组长' : ''}`).join('、')}`),
        ),
      `今天（${today}）起没有待进行的联合检查`,
    ),
    { wide: true, badge: h('span', { class: 'badge' }, `${upcoming.length}次`) },
  );
}

function worklistsPanel({ worklists }) {
  const open = worklists.filter((w) => w.tasks.length > 0);
  const body =
    open.length === 0
      ? h('p', { class: 'empty' }, '各部门暂无待办')
      : h(
          'div',
          {},
          open.map((w) =>
            h(
              'details',
              { class: 'worklist', open: true, 'data-department': w.department.code },
              h('summary', {}, `${w.department.shortName}（${w.tasks.length}项）`),
              items(
                w.tasks,
                (t) =>
                  h(
                    'li',
                    {},
                    h('span', { class: 'title' }, `${TASKS[t.task] ?? t.task} · ${t.target.name}`),
                    h('span', { class: 'meta' }, `${t.scheduledFor} · ${t.target.village} · ${t.scenario.name} · 检查事项${t.items.length}项`),
                    t.overdue ? h('span', { class: 'late' }, '已超期') : null,
                    t.reviewOpinion ? h('span', { class: 'meta' }, `审核意见：${t.reviewOpinion}`) : null,
                  ),
                '',
              ),
            ),
          ),
        );
  const idle = worklists.filter((w) => w.tasks.length === 0).map((w) => w.department.shortName);
  return panel('worklists', '各部门待办', h('div', {}, body, idle.length ? h('p', { class: 'note' }, `无待办：${idle.join('、')}`) : null), {
    wide: true,
  });
}

const COORDINATOR_PANELS = [upcomingPanel, worklistsPanel];

// ---------------------------------------------------------------------------------------------
// API, login, rendering
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, { raw = false } = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body.error?.code ?? 'HTTP_' + response.status, body.error?.message ?? `请求失败（${response.status}）`);
  }
  return raw ? response : response.json();
}

function render(container, panels, data) {
  for (const c of charts.splice(0)) c.dispose();
  container.replaceChildren(...panels.map((p) => p(data)));
  for (const el of container.querySelectorAll('[data-chart]')) {
    const instance = echarts.init(el, null, { renderer: 'svg' });
    instance.setOption(el.chartOption);
    charts.push(instance);
  }
}

/** Working-day calendar warnings (e.g. next year's holiday notice not entered yet) as a banner. */
async function showCalendarWarnings() {
  // The viewer's today in China time: the warning starts on 1 November there.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const calendar = await api(`/api/calendar?today=${today}`).catch(() => null);
  const warnings = calendar?.warnings ?? [];
  $('calendar-warnings').replaceChildren(...warnings.map((w) => h('p', { 'data-code': w.code }, w.message)));
  $('calendar-warnings').hidden = warnings.length === 0;
}

function setStatus(text) {
  $('status').textContent = text;
}

async function load() {
  const year = $('year').value;
  setStatus('正在加载……');
  void showCalendarWarnings();
  try {
    if (currentView === 'leader') {
      // Figures of features the viewer may not read (or that have no data) come back as null.
      const optional = (path) => api(path).catch(() => null);
      const [annual, rapidResponse, planning] = await Promise.all([
        api(`/api/reports/annual?year=${year}`),
        optional(`/api/stats/532?year=${year}`),
        optional(`/api/stats/planning?year=${year}`),
      ]);
      render($('view-leader'), LEADER_PANELS, { ...annual, rapidResponse, planning });
    } else {
      render($('view-coordinator'), COORDINATOR_PANELS, await api('/api/dashboard/coordinator'));
    }
    setStatus(`数据更新于 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}，每分钟自动刷新`);
    document.body.dataset.loaded = currentView;
  } catch (error) {
    if (error.status === 401) return logout('登录已失效，请重新输入访问令牌');
    setStatus(`加载失败：${error.message}`);
  }
}

function showView(view) {
  currentView = view;
  for (const tab of document.querySelectorAll('.tabs [data-view]')) tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  $('view-leader').hidden = view !== 'leader';
  $('view-coordinator').hidden = view !== 'coordinator';
  delete document.body.dataset.loaded;
  return load();
}

async function exportExcel() {
  const year = $('year').value;
  setStatus('正在生成 Excel……');
  try {
    const response = await api(`/api/reports/annual.xlsx?year=${year}`, { raw: true });
    const disposition = response.headers.get('content-disposition') ?? '';
    const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const name = match ? decodeURIComponent(match[1]) : `综合查一次年度台账-${year}.xlsx`;
    const url = URL.createObjectURL(await response.blob());
    h('a', { href: url, download: name }).click();
    URL.revokeObjectURL(url);
    setStatus(`已导出 ${name}`);
  } catch (error) {
    setStatus(`导出失败：${error.message}`);
  }
}

function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (refreshTimer) clearInterval(refreshTimer);
  $('app').hidden = true;
  $('toolbar').hidden = true;
  $('login').hidden = false;
  $('login-error').hidden = !message;
  $('login-error').textContent = message ?? '';
}

async function start() {
  let viewer;
  try {
    viewer = await api('/api/dashboard/viewer');
  } catch (error) {
    if (error.status === 401) return logout('访问令牌无效或已被吊销，请检查后重新输入');
    if (error.status === 403) return logout(`您的账号无权查看驾驶舱：本页面仅供领导、综合执法协调员使用（${error.message}）`);
    return logout(error.message);
  }
  $('viewer').textContent = `${viewer.name}（${viewer.roleLabels.join('、')}）`;
  $('login').hidden = true;
  $('toolbar').hidden = false;
  $('app').hidden = false;
  if (refreshTimer) clearInterval(refreshTimer);
  refreshTimer = setInterval(() => {
    if (document.visibilityState === 'visible') void load();
  }, REFRESH_MS);
  // A coordinator starts with the day's work; a leader with the picture.
  const coordinatorFirst = viewer.roles.includes('COORDINATOR') && !viewer.roles.includes('LEADER');
  await showView(coordinatorFirst ? 'coordinator' : 'leader');
}

function init() {
  // Years are counted in China's calendar, as the API does.
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  for (let y = thisYear + 1; y >= thisYear - 4; y--) $('year').append(h('option', { value: y, selected: y === thisYear }, `${y}年`));
  $('year').addEventListener('change', () => void load());
  $('refresh').addEventListener('click', () => void load());
  $('export').addEventListener('click', () => void exportExcel());
  $('logout').addEventListener('click', () => logout());
  for (const tab of document.querySelectorAll('.tabs [data-view]')) tab.addEventListener('click', () => void showView(tab.dataset.view));
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    void start();
  });
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  if (sessionStorage.getItem(TOKEN_KEY)) void start();
  else logout();
}

init();
