/**
 * Enforcement documents (文书) as DOCX: the model is built from the recorded data, checked for
 * its required elements (domain/documents.ts) before anything is written, rendered with `docx`,
 * hashed, and stored once with its bytes and an audit event in one transaction. Adding a kind
 * is one entry in DEFINITIONS: how to load its model and how to lay it out.
 *
 * It lives with the activities, not the API, because a workflow step (e.g. issuing a penalty
 * decision after legal review) will call the same function; nothing here knows about HTTP.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import {
  DEFAULT_ISSUING_AUTHORITY,
  DEFAULT_REMEDIES,
  DOCUMENT_TITLES,
  OUTCOME_LABELS,
  PROPOSED_ACTION_LABELS,
  documentNumber,
  formatChineseDate,
  formatChineseDateTime,
  missingElements,
  provisionalDeadlineNote,
  remediesStatement,
  type AdministrativeRemedies,
  type DocumentFinding,
  type DocumentModels,
  type GeneratedDocumentKind,
  type InspectionRecordModel,
  type IssuingAuthority,
  type LegalReviewOpinionModel,
  type MissingElement,
  type PenaltyDecisionModel,
  type RectificationOrderModel,
} from '../domain/documents';
import type { CalendarDeadline } from '../domain/calendar';
import type { PenaltyProposal } from '../domain/case';
import { chinaDate, describeLimit } from '../domain/inspection';
import type { ExtensionRecord } from '../domain/rectification';
import { measurementOf } from './catalog-rows';
import { auditData, Prisma, type PrismaClient, type Tx } from './db';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// ---- loading the models ---------------------------------------------------------------------

/**
 * What a document is about. Every document is filed under its inspection (who may read it
 * follows from there); a rectification order or a penalty decision also names the finding or
 * the case it is for, because one inspection may have several of each.
 */
export interface DocumentSubject {
  inspectionId: string;
  findingId?: string;
  caseId?: string;
}

/** Configuration a loader may need: the parts of a document that are not recorded data. */
interface LoadContext {
  remedies: AdministrativeRemedies;
}

type NotLoaded = { ok: false; reason: 'NOT_FOUND' | 'NOT_AVAILABLE'; message: string; subjectType?: 'JointInspection' | 'Finding' | 'EnforcementCase' };

type Loaded<K extends GeneratedDocumentKind> =
  | {
      ok: true;
      model: DocumentModels[K];
      /**
       * Set when the subject is narrower than the inspection: two orders (or cases) of one
       * inspection must never collapse into one document just because their models agree.
       */
      sourceKey?: string;
    }
  | NotLoaded;

const notFound = (id: string): NotLoaded => ({ ok: false, reason: 'NOT_FOUND', message: `联合检查 ${id} 不存在`, subjectType: 'JointInspection' });
const notAvailable = (message: string): NotLoaded => ({ ok: false, reason: 'NOT_AVAILABLE', message });

async function loadInspectionRecord(db: PrismaClient | Tx, { inspectionId }: DocumentSubject): Promise<Loaded<'INSPECTION_RECORD'>> {
  const row = await db.jointInspection.findUnique({
    where: { id: inspectionId },
    include: {
      target: true,
      scenario: true,
      team: true,
      checks: {
        orderBy: { id: 'asc' },
        include: { department: true, items: { include: { checkItem: true } }, results: true },
      },
      findings: { include: { checkItem: true, department: true } },
    },
  });
  if (!row) return notFound(inspectionId);
  if (row.status === 'CANCELLED' || row.checksDoneAt === null) {
    return notAvailable('各参加部门的检查结果尚未全部提交，现场检查笔录须在现场检查完成后制作');
  }
  const present = row.team.filter((m) => m.presentAtCheckIn);
  const officers = await db.officer.findMany({ where: { id: { in: present.map((m) => m.officerId) } }, include: { department: true } });
  const lead = new Set(present.filter((m) => m.isLead).map((m) => m.officerId));
  // The lead officer first, then a stable order, so the same data renders the same document.
  officers.sort((a, b) => Number(lead.has(b.id)) - Number(lead.has(a.id)) || a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id));

  const model: InspectionRecordModel = {
    inspectionId: row.id,
    party: { name: row.target.name, creditCode: row.target.creditCode, address: row.target.address },
    scenarioName: row.scenario.name,
    checkInAt: row.checkInAt?.toISOString() ?? null,
    place: row.target.address,
    officers: officers.map((o) => ({
      name: o.name,
      departmentName: o.department?.shortName ?? null,
      certificateNo: o.certificateNo,
      certificateExpiresOn: o.certificateExpiresOn?.toISOString().slice(0, 10) ?? null,
    })),
    departments: row.checks.map((check) => ({
      departmentName: check.department.name,
      items: [...check.items]
        .sort((a, b) => a.checkItem.code.localeCompare(b.checkItem.code))
        .map(({ checkItem: item }) => {
          const result = check.results.find((r) => r.checkItemId === item.id);
          const measurement = measurementOf(item);
          return {
            code: item.code,
            title: item.title,
            legalBasis: item.legalBasis,
            outcome: result?.outcome ?? null,
            measured: measurement.kind === 'NUMERIC',
            measuredValue: result?.measuredValue ?? null,
            unit: result?.unit ?? item.unit,
            limit: measurement.kind === 'NUMERIC' ? describeLimit(measurement) || null : null,
            note: result?.note ?? null,
          };
        }),
    })),
    findings: sortFindings(row.findings).map(findingOf),
  };
  return { ok: true, model };
}

async function loadLegalReviewOpinion(db: PrismaClient | Tx, { inspectionId }: DocumentSubject): Promise<Loaded<'LEGAL_REVIEW_OPINION'>> {
  const row = await db.jointInspection.findUnique({
    where: { id: inspectionId },
    include: {
      target: true,
      reviews: { orderBy: { round: 'desc' }, take: 1 },
      findings: { where: { proposedAction: 'PENALTY' }, include: { checkItem: true, department: true } },
    },
  });
  if (!row) return notFound(inspectionId);
  const review = row.reviews[0];
  if (!review) return notAvailable('本次联合检查尚无法制审核记录，不能制作法制审核意见书');
  // Findings are stored in their latest form: revised after the decision, they are no longer what was reviewed.
  if (row.findings.some((f) => f.updatedAt > review.decidedAt)) {
    return notAvailable('处罚建议在最近一次审核后已修改，须待再次法制审核后制作意见书');
  }
  const reviewer = await db.officer.findUnique({ where: { id: review.reviewerId } });
  const model: LegalReviewOpinionModel = {
    inspectionId: row.id,
    party: { name: row.target.name, creditCode: row.target.creditCode, address: row.target.address },
    checkInAt: row.checkInAt?.toISOString() ?? null,
    round: review.round,
    proposals: sortFindings(row.findings).map(findingOf),
    reviewerName: reviewer?.name ?? '',
    decision: review.decision,
    opinion: review.opinion,
    decidedOn: chinaDate(review.decidedAt.toISOString()),
  };
  return { ok: true, model };
}

async function loadRectificationOrder(db: PrismaClient | Tx, subject: DocumentSubject): Promise<Loaded<'RECTIFICATION_ORDER'>> {
  const { inspectionId, findingId } = subject;
  const finding = findingId
    ? await db.finding.findUnique({ where: { id: findingId }, include: { checkItem: true, inspection: { include: { target: true } } } })
    : null;
  // A finding of another inspection is treated as unknown: the caller's access was checked on this one.
  if (!finding || finding.inspectionId !== inspectionId) {
    return { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 中没有检查发现 ${findingId ?? ''}`, subjectType: 'Finding' };
  }
  const order = await db.rectificationOrder.findUnique({ where: { findingId: finding.id } });
  if (!order) return notAvailable('该检查发现尚未下达责令改正，不能制作责令改正通知书');
  const target = finding.inspection.target;
  const extensions = JSON.parse(order.extensionsJson) as ExtensionRecord[];
  const model: RectificationOrderModel = {
    party: { name: target.name, creditCode: target.creditCode, address: target.address },
    violations: [{ facts: finding.description, legalBasis: finding.checkItem.legalBasis }],
    requirement: order.requirement,
    // The notice carries the date the order was made, not the day it was printed: the
    // working-day deadline was counted from that date.
    issuedOn: order.orderedOn,
    deadline: order.deadlineOn,
    deadlineProvisional: order.deadlineBasisJson ? (JSON.parse(order.deadlineBasisJson) as CalendarDeadline).provisional : false,
    extensions: extensions.map((e) => ({ reason: e.reason, newDeadline: e.newDeadline, provisional: e.basis?.provisional ?? false })),
  };
  return { ok: true, model, sourceKey: `finding:${finding.id}` };
}

/** 行政处罚法 §67: a fine is paid within 15 days; §72: 3% a day on late payment. */
const FINE_PERFORMANCE =
  '当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。' +
  '到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款（《中华人民共和国行政处罚法》第六十七条、第七十二条）。';
const OTHER_PERFORMANCE = '当事人应当自收到本决定书之日起履行本决定。';

async function loadPenaltyDecision(db: PrismaClient | Tx, subject: DocumentSubject, ctx: LoadContext): Promise<Loaded<'PENALTY_DECISION'>> {
  const { inspectionId, caseId } = subject;
  const row = caseId ? await db.enforcementCase.findUnique({ where: { id: caseId }, include: { reviews: { orderBy: { round: 'asc' } } } }) : null;
  if (!row || row.inspectionId !== inspectionId) {
    return { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 中没有案件 ${caseId ?? ''}`, subjectType: 'EnforcementCase' };
  }
  if (row.decidedAt === null || !row.decisionText) return notAvailable('本案尚未作出行政处罚决定，不能制作行政处罚决定书');
  const inspection = await db.jointInspection.findUnique({ where: { id: row.inspectionId }, include: { target: true } });
  if (!inspection) return notFound(row.inspectionId);
  const finding = row.findingId ? await db.finding.findUnique({ where: { id: row.findingId }, include: { checkItem: true } }) : null;
  const proposal = row.proposalJson ? (JSON.parse(row.proposalJson) as PenaltyProposal) : null;
  // §58 asks for the review that approved what was decided: the latest one on or before the
  // decision. A later round, or a latest round that returned the proposal, does not count.
  const decidedAt = row.decidedAt;
  const review = row.reviews.filter((r) => r.decidedAt <= decidedAt).at(-1);
  const fine = row.fineAmount ?? proposal?.fineAmount ?? null;
  const model: PenaltyDecisionModel = {
    party: { name: inspection.target.name, creditCode: inspection.target.creditCode, address: inspection.target.address },
    facts: proposal?.facts ?? '',
    evidence: proposal?.evidence ?? [],
    // The item's provision is what the conduct breaks; the proposal's cites the penalty too.
    // Without a finding (a case filed on its own) the proposal's provisions are both.
    violatedBasis: finding?.checkItem.legalBasis ?? proposal?.legalBasis ?? '',
    penaltyBasis: proposal?.legalBasis ?? '',
    penalty: { kind: row.penaltyKind ?? proposal?.penaltyKind ?? '', content: row.decisionText },
    performance: fine !== null && fine > 0 ? FINE_PERFORMANCE : OTHER_PERFORMANCE,
    remedies: ctx.remedies,
    decidedOn: chinaDate(decidedAt.toISOString()),
    legalReviewApprovedOn: review?.decision === 'APPROVED' ? chinaDate(review.decidedAt.toISOString()) : null,
  };
  return { ok: true, model, sourceKey: `case:${row.id}` };
}

interface FindingRow {
  description: string;
  proposedAction: 'RECTIFY' | 'PENALTY';
  checkItem: { code: string; title: string; legalBasis: string };
  department: { code: string; name: string };
}

function sortFindings<T extends FindingRow>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.department.code.localeCompare(b.department.code) || a.checkItem.code.localeCompare(b.checkItem.code));
}

function findingOf(f: FindingRow): DocumentFinding {
  return {
    departmentName: f.department.name,
    itemTitle: f.checkItem.title,
    facts: f.description,
    legalBasis: f.checkItem.legalBasis,
    proposedAction: f.proposedAction,
  };
}

// ---- layout ---------------------------------------------------------------------------------

// Official documents (GB/T 9704): 宋体 for the title, 仿宋_GB2312 for the text, 黑体 for
// section headings. ASCII falls back to Times New Roman, as Word and WPS templates do.
const font = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia, hint: 'eastAsia' });
const SONG = font('宋体');
const FANGSONG = font('仿宋_GB2312');
const HEI = font('黑体');
// Sizes are half-points: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt.
const SIZE_TITLE = 44;
const SIZE_SUBTITLE = 32;
const SIZE_TEXT = 28;
const SIZE_TABLE = 24;

const mm = (value: number) => Math.round((value / 25.4) * 1440);
// A4 less the GB/T 9704 side margins (28 mm + 26 mm): every table is exactly this wide.
const TEXT_WIDTH = mm(210 - 28 - 26);

interface LayoutContext {
  number: string;
  issuedOn: string;
  authority: IssuingAuthority;
}

function run(text: string, options: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text, font: FANGSONG, size: SIZE_TEXT, ...options });
}

function paragraph(
  children: TextRun[] | string,
  options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; before?: number; after?: number; keepNext?: boolean } = {},
) {
  return new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    // First-line indent of two characters, as Chinese prose is set.
    indent: options.indent ? { firstLine: SIZE_TEXT * 20 } : undefined,
    spacing: { before: options.before ?? 0, after: options.after ?? 0, line: 400 },
    keepNext: options.keepNext,
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text, font: HEI, size: SIZE_TEXT })],
    spacing: { before: 240, after: 120 },
  });
}

function documentHead(title: string, ctx: LayoutContext): Paragraph[] {
  return [
    new Paragraph({
      children: [new TextRun({ text: ctx.authority.name, font: SONG, size: SIZE_SUBTITLE })],
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
    }),
    new Paragraph({
      children: [new TextRun({ text: title, font: SONG, size: SIZE_TITLE, bold: true })],
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
    }),
    new Paragraph({
      children: [run(ctx.number)],
      alignment: AlignmentType.RIGHT,
      spacing: { after: 200 },
    }),
  ];
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function cell(
  content: string | string[],
  options: { width: number; span?: number; label?: boolean; center?: boolean; left?: boolean; keepNext?: boolean },
): TableCell {
  const lines = (Array.isArray(content) ? content : [content]).flatMap((c) => c.split('\n'));
  return new TableCell({
    width: { size: options.width, type: WidthType.DXA },
    columnSpan: options.span,
    verticalAlign: VerticalAlign.CENTER,
    borders: BORDERS,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    shading: options.label ? { fill: 'F2F2F2', type: 'clear', color: 'auto' } : undefined,
    children: lines.map(
      (line) =>
        new Paragraph({
          children: [run(line, { size: SIZE_TABLE, bold: options.label })],
          alignment: (options.label && !options.left) || options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
          keepNext: options.keepNext,
        }),
    ),
  });
}

/** A table of fixed column widths (twips) that add up to TEXT_WIDTH. */
function table(columnWidths: number[], rows: TableCell[][], header?: string[]): Table {
  const headerRow = header
    ? [new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, { width: columnWidths[i], label: true })) })]
    : [];
  return new Table({
    columnWidths,
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    rows: [...headerRow, ...rows.map((children) => new TableRow({ children, cantSplit: true }))],
  });
}

/** A label/value form: [label, value, label, value] rows; a value without a second pair spans. */
function formTable(rows: [string, string, string?, string?][]): Table {
  const widths = [2100, 2900, 1300, 2544];
  return table(
    widths,
    rows.map(([l1, v1, l2, v2]) =>
      l2 === undefined
        ? [cell(l1, { width: widths[0], label: true }), cell(v1, { width: widths[1] + widths[2] + widths[3], span: 3 })]
        : [
            cell(l1, { width: widths[0], label: true }),
            cell(v1, { width: widths[1] }),
            cell(l2, { width: widths[2], label: true }),
            cell(v2 ?? '', { width: widths[3] }),
          ],
    ),
  );
}

// Ideographic space (U+3000): the gap a Chinese form leaves between fields.
const GAP = '\u3000';
const BLANK = '＿＿＿＿＿＿＿＿';
const BLANK_DATE = '＿＿＿＿年＿＿月＿＿日';

/** Who signs (with their certificate number), then the line they sign on, by hand. */
function signatureLines(who: string): Paragraph[] {
  return [paragraph(who, { before: 240, keepNext: true }), paragraph(`签名：${BLANK}${GAP}${GAP}日期：${BLANK_DATE}`, { indent: true, before: 120 })];
}

function inspectionRecordLayout(m: InspectionRecordModel, ctx: LayoutContext): (Paragraph | Table)[] {
  const officers = m.officers.map((o) => `${o.name}${o.departmentName ? `（${o.departmentName}）` : ''}${GAP}执法证号：${o.certificateNo ?? ''}`);
  const items: TableCell[][] = [];
  const w = [560, 3000, 2400, 834, 2050];
  let index = 0;
  for (const d of m.departments) {
    // One heading row per department: its name once, its items under it.
    items.push([cell(d.departmentName, { width: TEXT_WIDTH, span: w.length, label: true, left: true, keepNext: true })]);
    for (const item of d.items) {
      index += 1;
      const value = item.measured ? `${item.measuredValue ?? '—'} ${item.unit ?? ''}`.trim() + (item.limit ? `\n限值 ${item.limit}` : '') : '—';
      items.push([
        cell(String(index), { width: w[0], center: true }),
        cell(item.title, { width: w[1] }),
        cell(item.legalBasis, { width: w[2] }),
        cell(item.outcome ? OUTCOME_LABELS[item.outcome] : '', { width: w[3], center: true }),
        cell(value + (item.note ? `\n${item.note}` : ''), { width: w[4] }),
      ]);
    }
  }
  const fw = [560, 1600, 3400, 2150, 1134];
  const findings = m.findings.map((f, i) => [
    cell(String(i + 1), { width: fw[0], center: true }),
    cell(f.departmentName, { width: fw[1] }),
    cell(f.facts, { width: fw[2] }),
    cell(f.legalBasis, { width: fw[3] }),
    cell(PROPOSED_ACTION_LABELS[f.proposedAction], { width: fw[4], center: true }),
  ]);
  return [
    ...documentHead(DOCUMENT_TITLES.INSPECTION_RECORD, ctx),
    formTable([
      ['检查对象', m.party.name],
      ['统一社会信用代码', m.party.creditCode, '检查场景', m.scenarioName],
      ['地址', m.party.address],
      ['检查时间', m.checkInAt ? formatChineseDateTime(m.checkInAt) : '', '检查地点', m.place],
      ['执法人员', officers.join('\n')],
    ]),
    heading('一、检查事项及结果'),
    table(w, items, ['序号', '检查事项', '法律依据', '结果', '实测值／限值及说明']),
    heading('二、发现的问题'),
    findings.length > 0
      ? table(fw, findings, ['序号', '部门', '违法事实', '法律依据', '处理建议'])
      : paragraph('本次检查未发现问题。', { indent: true }),
    heading('三、当事人意见'),
    paragraph('当事人对以上检查情况的意见：', { indent: true }),
    paragraph(`${BLANK}${BLANK}${BLANK}`, { before: 240 }),
    heading('四、签名'),
    ...m.officers.flatMap((o) => signatureLines(`执法人员：${o.name}${GAP}执法证号：${o.certificateNo ?? ''}`)),
    ...signatureLines('当事人（法定代表人或负责人）：'),
    paragraph(`本笔录制作日期：${formatChineseDate(ctx.issuedOn)}`, { before: 240 }),
  ];
}

function legalReviewOpinionLayout(m: LegalReviewOpinionModel, ctx: LayoutContext): (Paragraph | Table)[] {
  const pw = [560, 1900, 4034, 2350];
  const proposals = m.proposals.map((p, i) => [
    cell(String(i + 1), { width: pw[0], center: true }),
    cell(p.departmentName, { width: pw[1] }),
    cell(p.facts, { width: pw[2] }),
    cell(p.legalBasis, { width: pw[3] }),
  ]);
  const box = (checked: boolean) => (checked ? '☑' : '☐');
  return [
    ...documentHead(DOCUMENT_TITLES.LEGAL_REVIEW_OPINION, ctx),
    formTable([
      ['当事人', m.party.name],
      ['统一社会信用代码', m.party.creditCode, '审核轮次', `第${m.round}次审核`],
      ['地址', m.party.address],
      ['联合检查编号', m.inspectionId],
      ['检查时间', m.checkInAt ? formatChineseDateTime(m.checkInAt) : ''],
    ]),
    heading('一、审核的处罚建议'),
    table(pw, proposals, ['序号', '承办部门', '违法事实', '法律依据']),
    heading('二、审核结论'),
    paragraph([run(`${box(m.decision === 'APPROVED')} 同意${GAP}${GAP}${GAP}${GAP}${box(m.decision === 'RETURNED')} 退回`)], { indent: true }),
    heading('三、审核意见'),
    ...m.opinion.split('\n').map((line) => paragraph(line, { indent: true })),
    paragraph([run(`审核人：${m.reviewerName}${GAP}${GAP}（签名）${BLANK}`)], { before: 480, align: AlignmentType.RIGHT }),
    paragraph([run(`审核日期：${m.decidedOn ? formatChineseDate(m.decidedOn) : ''}`)], { before: 120, align: AlignmentType.RIGHT }),
  ];
}

/** The issuing authority's name and the date, right-aligned at the foot of a notice or decision. */
function authoritySeal(ctx: LayoutContext, date: string | null): Paragraph[] {
  return [
    paragraph([run(ctx.authority.name)], { before: 480, align: AlignmentType.RIGHT, keepNext: true }),
    paragraph([run(date ? formatChineseDate(date) : BLANK_DATE)], { before: 120, align: AlignmentType.RIGHT }),
  ];
}

const partyTable = (party: { name: string; creditCode: string; address: string }) =>
  formTable([
    ['当事人', party.name],
    ['统一社会信用代码', party.creditCode],
    ['地址', party.address],
  ]);

function rectificationOrderLayout(m: RectificationOrderModel, ctx: LayoutContext): (Paragraph | Table)[] {
  const multiple = m.violations.length > 1;
  return [
    ...documentHead(DOCUMENT_TITLES.RECTIFICATION_ORDER, ctx),
    paragraph(`${m.party.name}：`, { after: 120 }),
    partyTable(m.party),
    heading('一、违法行为'),
    paragraph('经查，你（单位）存在下列违法行为：', { indent: true }),
    ...m.violations.flatMap((v, i) => [
      paragraph(`${multiple ? `${i + 1}. ` : ''}${v.facts}`, { indent: true }),
      paragraph(`上述行为违反了${v.legalBasis}的规定。`, { indent: true }),
    ]),
    heading('二、整改要求和期限'),
    paragraph(
      `现责令你（单位）于${m.deadline ? formatChineseDate(m.deadline) + provisionalDeadlineNote(m.deadlineProvisional) : BLANK_DATE}前改正上述违法行为，整改要求如下：`,
      { indent: true },
    ),
    ...m.requirement.split('\n').map((line) => paragraph(line, { indent: true })),
    ...(m.extensions ?? []).map((e, i) =>
      paragraph(`经第${i + 1}次延期（${e.reason}），整改期限延长至${formatChineseDate(e.newDeadline)}${provisionalDeadlineNote(e.provisional)}。`, { indent: true }),
    ),
    paragraph('整改完成后，请及时告知本机关；本机关将在整改期限届满后进行复查。逾期不改正的，本机关将依法予以处理。', { indent: true }),
    ...authoritySeal(ctx, m.issuedOn),
    ...signatureLines('当事人（法定代表人或负责人）签收：'),
  ];
}

function penaltyDecisionLayout(m: PenaltyDecisionModel, ctx: LayoutContext): (Paragraph | Table)[] {
  const evidence = m.evidence.filter((e) => e.trim().length > 0);
  return [
    ...documentHead(DOCUMENT_TITLES.PENALTY_DECISION, ctx),
    partyTable(m.party),
    heading('一、违法事实和证据'),
    ...m.facts.split('\n').map((line) => paragraph(line, { indent: true })),
    paragraph('以上事实有下列证据证明：', { indent: true }),
    ...evidence.map((e, i) => paragraph(`${i + 1}. ${e}`, { indent: true })),
    heading('二、违反的法律规定'),
    paragraph(`当事人的上述行为违反了${m.violatedBasis}的规定。`, { indent: true }),
    heading('三、法制审核'),
    paragraph(
      `本案处罚建议经法制审核，于${m.legalReviewApprovedOn ? formatChineseDate(m.legalReviewApprovedOn) : BLANK_DATE}审核通过（《中华人民共和国行政处罚法》第五十八条）。`,
      { indent: true },
    ),
    heading('四、行政处罚的依据、种类和内容'),
    paragraph(`依据${m.penaltyBasis}的规定，本机关决定对当事人作出如下行政处罚：`, { indent: true }),
    paragraph(`处罚种类：${m.penalty.kind}`, { indent: true }),
    paragraph(`处罚内容：${m.penalty.content}`, { indent: true }),
    heading('五、履行方式和期限'),
    paragraph(m.performance, { indent: true }),
    heading('六、救济途径和期限'),
    // The required-elements check has refused a decision without remedies before layout.
    paragraph(m.remedies ? remediesStatement(m.remedies) : '', { indent: true }),
    paragraph('当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行本决定的，本机关将依法申请人民法院强制执行。', { indent: true }),
    ...authoritySeal(ctx, m.decidedOn),
  ];
}

interface DocumentDefinition<K extends GeneratedDocumentKind> {
  load(db: PrismaClient | Tx, subject: DocumentSubject, ctx: LoadContext): Promise<Loaded<K>>;
  layout(model: DocumentModels[K], ctx: LayoutContext): (Paragraph | Table)[];
}

const DEFINITIONS: { [K in GeneratedDocumentKind]: DocumentDefinition<K> } = {
  INSPECTION_RECORD: { load: loadInspectionRecord, layout: inspectionRecordLayout },
  LEGAL_REVIEW_OPINION: { load: loadLegalReviewOpinion, layout: legalReviewOpinionLayout },
  RECTIFICATION_ORDER: { load: loadRectificationOrder, layout: rectificationOrderLayout },
  PENALTY_DECISION: { load: loadPenaltyDecision, layout: penaltyDecisionLayout },
};

/** Renders one document to DOCX bytes. */
export async function renderDocx<K extends GeneratedDocumentKind>(kind: K, model: DocumentModels[K], ctx: LayoutContext): Promise<Buffer> {
  const definition = DEFINITIONS[kind] as DocumentDefinition<K>;
  const document = new Document({
    creator: ctx.authority.name,
    title: `${DOCUMENT_TITLES[kind]} ${ctx.number}`,
    styles: { default: { document: { run: { font: FANGSONG, size: SIZE_TEXT } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  run('第 ', { size: SIZE_TABLE }),
                  new TextRun({ children: [PageNumber.CURRENT], font: FANGSONG, size: SIZE_TABLE }),
                  run(' 页　共 ', { size: SIZE_TABLE }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], font: FANGSONG, size: SIZE_TABLE }),
                  run(' 页', { size: SIZE_TABLE }),
                ],
              }),
            ],
          }),
        },
        children: definition.layout(model, ctx),
      },
    ],
  });
  return Packer.toBuffer(document);
}

// ---- issuing --------------------------------------------------------------------------------

export interface IssuedDocumentSummary {
  id: string;
  kind: GeneratedDocumentKind;
  title: string;
  inspectionId: string;
  number: string;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  createdById: string;
  createdAt: string;
}

export type IssueOutcome =
  | { status: 'ISSUED'; document: IssuedDocumentSummary; created: boolean }
  | { status: 'NOT_FOUND'; message: string; subjectType: 'JointInspection' | 'Finding' | 'EnforcementCase' }
  | { status: 'NOT_AVAILABLE'; message: string }
  | { status: 'INCOMPLETE'; missing: MissingElement[] };

type IssuedRow = {
  id: string;
  kind: string;
  inspectionId: string;
  number: string;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  createdById: string;
  createdAt: Date;
};

export function summaryOf(row: IssuedRow): IssuedDocumentSummary {
  const kind = row.kind as GeneratedDocumentKind;
  return {
    id: row.id,
    kind,
    title: DOCUMENT_TITLES[kind],
    inspectionId: row.inspectionId,
    number: row.number,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    fileName: row.fileName,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
  };
}

const SUMMARY_SELECT = {
  id: true,
  kind: true,
  inspectionId: true,
  number: true,
  sha256: true,
  sizeBytes: true,
  fileName: true,
  createdById: true,
  createdAt: true,
} as const;

const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export function createDocumentActivities(deps: {
  prisma: PrismaClient;
  authority?: IssuingAuthority;
  /** The reconsideration organ and court a penalty decision names; DEFAULT_REMEDIES otherwise. */
  remedies?: AdministrativeRemedies;
  minimumCertifiedOfficers?: number;
}) {
  const { prisma } = deps;
  const authority = deps.authority ?? DEFAULT_ISSUING_AUTHORITY;
  const loadContext: LoadContext = { remedies: deps.remedies ?? DEFAULT_REMEDIES };

  return {
    /**
     * Issues a document of `kind` for an inspection (a rectification order also names its
     * `findingId`, a penalty decision its `caseId`). The same data asked for again returns the
     * document already issued (same number, same bytes); changed data gets the next number.
     */
    async issueDocument(options: {
      kind: GeneratedDocumentKind;
      inspectionId: string;
      findingId?: string;
      caseId?: string;
      actor: { officerId: string; name: string };
      now?: Date;
    }): Promise<IssueOutcome> {
      const { kind, inspectionId, actor } = options;
      const definition = DEFINITIONS[kind] as DocumentDefinition<typeof kind>;
      const loaded = await definition.load(prisma, { inspectionId, findingId: options.findingId, caseId: options.caseId }, loadContext);
      if (!loaded.ok) {
        return loaded.reason === 'NOT_FOUND'
          ? { status: 'NOT_FOUND', message: loaded.message, subjectType: loaded.subjectType ?? 'JointInspection' }
          : { status: 'NOT_AVAILABLE', message: loaded.message };
      }
      const missing = missingElements(kind, loaded.model, { minimumCertifiedOfficers: deps.minimumCertifiedOfficers });
      if (missing.length > 0) return { status: 'INCOMPLETE', missing };

      // Inspection-level kinds keep their original digest input, so documents issued before
      // finding- and case-level kinds existed are still recognised as the same document.
      const source = loaded.sourceKey ? { kind, source: loaded.sourceKey, model: loaded.model } : { kind, model: loaded.model };
      const sourceDigest = sha256Hex(JSON.stringify(source));
      const findExisting = () =>
        prisma.issuedDocument.findUnique({
          where: { kind_inspectionId_sourceDigest: { kind, inspectionId, sourceDigest } },
          select: SUMMARY_SELECT,
        });
      const existing = await findExisting();
      if (existing) return { status: 'ISSUED', document: summaryOf(existing), created: false };

      const now = options.now ?? new Date();
      const issuedOn = chinaDate(now.toISOString());
      const year = Number(issuedOn.slice(0, 4));
      // Two requests may take the same next serial; the unique (kind, year, serial) lets one
      // win and the other retry with the following number, so numbers have no gaps or twins.
      for (let attempt = 0; ; attempt++) {
        try {
          const row = await prisma.$transaction(async (tx) => {
            const last = await tx.issuedDocument.aggregate({ where: { kind, year }, _max: { serial: true } });
            const serial = (last._max.serial ?? 0) + 1;
            const number = documentNumber({ kind, year, serial, authority });
            const bytes = await renderDocx(kind, loaded.model, { number, issuedOn, authority });
            const id = randomUUID();
            const sha256 = sha256Hex(bytes);
            const created = await tx.issuedDocument.create({
              data: {
                id,
                kind,
                inspectionId,
                number,
                year,
                serial,
                sourceDigest,
                sha256,
                sizeBytes: bytes.length,
                content: new Uint8Array(bytes),
                fileName: `${DOCUMENT_TITLES[kind]}-${number}.docx`,
                createdById: actor.officerId,
                createdAt: now,
              },
              select: SUMMARY_SELECT,
            });
            await tx.auditEvent.create({
              data: auditData(
                {
                  actor: actor,
                  action: 'DOCUMENT_ISSUED',
                  subjectType: 'JointInspection',
                  subjectId: inspectionId,
                  at: now,
                  payload: { documentId: id, kind, number, sha256, ...(loaded.sourceKey ? { source: loaded.sourceKey } : {}) },
                },
                `document:${kind}:${inspectionId}:${sourceDigest}`,
              ),
            });
            return created;
          });
          return { status: 'ISSUED', document: summaryOf(row), created: true };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          const raced = await findExisting();
          if (raced) return { status: 'ISSUED', document: summaryOf(raced), created: false };
          if (attempt >= 4) throw error;
        }
      }
    },

    async findDocument(id: string): Promise<IssuedDocumentSummary | null> {
      const row = await prisma.issuedDocument.findUnique({ where: { id }, select: SUMMARY_SELECT });
      return row ? summaryOf(row) : null;
    },

    /** The stored bytes, exactly as hashed when issued. */
    async documentContent(id: string): Promise<{ document: IssuedDocumentSummary; content: Buffer } | null> {
      const row = await prisma.issuedDocument.findUnique({ where: { id }, select: { ...SUMMARY_SELECT, content: true } });
      return row ? { document: summaryOf(row), content: Buffer.from(row.content) } : null;
    },
  };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;
