/**
 * The DOCX layout of each kind (GB/T 9704 page, 仿宋 body, forms as tables), from its model.
 * Pure rendering: nothing here reads or writes the database.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
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
  DOCUMENT_TITLES,
  OUTCOME_LABELS,
  PROPOSED_ACTION_LABELS,
  formatChineseDate,
  formatChineseDateTime,
  provisionalDeadlineNote,
  remediesStatement,
  type DocumentModels,
  type GeneratedDocumentKind,
  type InspectionRecordModel,
  type IssuingAuthority,
  type LegalReviewOpinionModel,
  type HearingNoticeModel,
  type HearingRecordModel,
  type OnTheSpotPenaltyDecisionModel,
  type PenaltyDecisionModel,
  type PriorNoticeModel,
  type RecordedEvidence,
  type RectificationOrderModel,
  type SignatureImage,
  type SignedRecordPart,
  chineseNumeral,
} from '../domain/documents';
import { checkInPositionText } from '../domain/check-in';
import { LEGALITY_DECISION_LABELS, NORMATIVE_REVIEW_OPINION_TITLE, type NormativeReviewOpinionModel } from '../domain/rule-of-law';


export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

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

export interface LayoutContext {
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

/**
 * The evidence files with their hashes (file name, kind, department, time, SHA-256): the
 * document names exactly the bytes that were kept, so a file can be checked against it.
 */
function evidenceTable(files: RecordedEvidence[]): Table {
  const w = [560, 1300, 2500, 4484];
  return table(
    w,
    files.map((e, i) => [
      cell(String(i + 1), { width: w[0], center: true }),
      cell([e.kindLabel, ...(e.departmentName ? [e.departmentName] : [])], { width: w[1], center: true }),
      cell([e.name, formatChineseDateTime(e.uploadedAt)], { width: w[2] }),
      cell(e.sha256, { width: w[3] }),
    ]),
    ['序号', '类别', '文件名及上传时间', 'SHA-256 校验值'],
  );
}

/** A case document's files, after its text: nothing when the case has none. */
function caseEvidenceFiles(files: RecordedEvidence[] | undefined, lead: string): (Paragraph | Table)[] {
  return files && files.length > 0 ? [paragraph(lead, { indent: true, before: 120, keepNext: true }), evidenceTable(files)] : [];
}

/** The drawn signature at the height of a line of text (about 12 mm), its proportions kept. */
function signatureRun(image: SignatureImage): ImageRun {
  const height = 48;
  const width = Math.min(220, Math.max(24, Math.round((image.width / image.height) * height)));
  return new ImageRun({ type: 'png', data: Buffer.from(image.pngBase64, 'base64'), transformation: { width, height } });
}

function versionLine(signed: SignedRecordPart): Paragraph {
  const corrects = signed.supersedes ? `，更正第${signed.supersedes.version}版（更正原因：${signed.supersedes.reason}）；原版本保留备查` : '';
  return paragraph(`第${signed.version}版${corrects}`, { align: AlignmentType.RIGHT, after: 120 });
}

/** Opinion, remarks and the signatures of a version signed on the phone, images embedded. */
function signedRecordTail(signed: SignedRecordPart, withEvidence: boolean): Paragraph[] {
  const [opinionNo, signNo] = withEvidence ? ['四', '五'] : ['三', '四'];
  const signedLine = (label: string, image: SignatureImage | null, at: string | null) =>
    new Paragraph({
      children: [run(`${label}签名：`), ...(image ? [signatureRun(image)] : [run(BLANK)]), run(`${GAP}${GAP}时间：${at ? formatChineseDateTime(at) : BLANK_DATE}`)],
      indent: { firstLine: SIZE_TEXT * 20 },
      spacing: { before: 120, line: 400 },
    });
  const party = signed.party;
  const partyLines =
    party === null
      ? signatureLines('当事人（法定代表人或负责人）：')
      : party.kind === 'SIGNED'
        ? [paragraph(`当事人（法定代表人或负责人）：${party.name}`, { before: 240, keepNext: true }), signedLine('', party.image, party.signedAt)]
        : [
            paragraph(`当事人拒绝签名${party.refusalReason ? `（${party.refusalReason}）` : ''}。`, { before: 240, keepNext: true }),
            paragraph(`见证人：${party.witnessName}${party.witnessDescription ? `（${party.witnessDescription}）` : ''}`, { indent: true, keepNext: true }),
            signedLine('见证人', party.witnessImage, party.at),
          ];
  return [
    heading(`${opinionNo}、当事人意见`),
    paragraph(signed.partyOpinion ? `当事人对以上检查情况的意见：${signed.partyOpinion}` : '当事人对以上检查情况的意见：（未填写）', { indent: true }),
    ...(signed.remarks ? [paragraph(`其他需要说明的情况：${signed.remarks}`, { indent: true })] : []),
    heading(`${signNo}、签名`),
    ...signed.officers.flatMap((o) => [
      paragraph(`执法人员：${o.name}${o.departmentName ? `（${o.departmentName}）` : ''}${GAP}执法证号：${o.certificateNo ?? ''}`, { before: 240, keepNext: true }),
      signedLine('', o.image, o.signedAt),
    ]),
    ...partyLines,
    paragraph(`笔录内容 SHA-256：${signed.contentSha256}`, { before: 240 }),
  ];
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
  const evidence = m.evidence ?? [];
  return [
    ...documentHead(DOCUMENT_TITLES.INSPECTION_RECORD, ctx),
    ...(m.signed ? [versionLine(m.signed)] : []),
    formTable([
      ['检查对象', m.party.name],
      ['统一社会信用代码', m.party.creditCode, '检查场景', m.scenarioName],
      ['地址', m.party.address],
      ['检查时间', m.checkInAt ? formatChineseDateTime(m.checkInAt) : '', '检查地点', m.place],
      ...(m.checkInPosition === undefined ? [] : [['签到位置', checkInPositionText(m.checkInPosition)] as [string, string]]),
      ['执法人员', officers.join('\n')],
    ]),
    heading('一、检查事项及结果'),
    table(w, items, ['序号', '检查事项', '法律依据', '结果', '实测值／限值及说明']),
    heading('二、发现的问题'),
    findings.length > 0
      ? table(fw, findings, ['序号', '部门', '违法事实', '法律依据', '处理建议'])
      : paragraph('本次检查未发现问题。', { indent: true }),
    ...(evidence.length > 0 ? [heading('三、证据材料'), evidenceTable(evidence)] : []),
    ...(m.signed
      ? signedRecordTail(m.signed, evidence.length > 0)
      : [
          heading(`${evidence.length > 0 ? '四' : '三'}、当事人意见`),
          paragraph('当事人对以上检查情况的意见：', { indent: true }),
          paragraph(`${BLANK}${BLANK}${BLANK}`, { before: 240 }),
          heading(`${evidence.length > 0 ? '五' : '四'}、签名`),
          ...m.officers.flatMap((o) => signatureLines(`执法人员：${o.name}${GAP}执法证号：${o.certificateNo ?? ''}`)),
          ...signatureLines('当事人（法定代表人或负责人）：'),
        ]),
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
    ...caseEvidenceFiles(m.evidenceFiles, '电子证据材料及其 SHA-256 校验值如下：'),
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

const yuan = (amount: number | null) => (amount === null ? '' : `人民币${amount.toLocaleString('zh-CN')}元`);

function priorNoticeLayout(m: PriorNoticeModel, ctx: LayoutContext): (Paragraph | Table)[] {
  const evidence = m.evidence.filter((e) => e.trim().length > 0);
  const penalty = [m.penalty.kind, m.penalty.fineAmount ? yuan(m.penalty.fineAmount) : '', m.penalty.confiscationAmount ? `没收${yuan(m.penalty.confiscationAmount)}` : '']
    .filter(Boolean)
    .join('，');
  const hearing = m.hearingGrounds.length > 0;
  return [
    ...documentHead(DOCUMENT_TITLES.PRIOR_NOTICE, ctx),
    partyTable(m.party),
    heading('一、拟认定的违法事实和证据'),
    ...m.facts.split('\n').map((line) => paragraph(line, { indent: true })),
    paragraph('以上事实有下列证据证明：', { indent: true }),
    ...evidence.map((e, i) => paragraph(`${i + 1}. ${e}`, { indent: true })),
    ...caseEvidenceFiles(m.evidenceFiles, '电子证据材料及其 SHA-256 校验值如下：'),
    heading('二、拟作出行政处罚的理由、依据和内容'),
    paragraph(`依据${m.legalBasis}的规定，本机关拟对你（单位）作出如下行政处罚：${penalty}。`, { indent: true }),
    heading('三、你（单位）的权利'),
    paragraph(
      `根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。` +
        `请于收到本告知书之日起${chineseNumeral(m.statementWorkingDays)}个工作日内向本机关提出陈述、申辩意见；逾期未提出的，视为放弃陈述和申辩的权利。` +
        '本机关不会因你（单位）陈述、申辩而给予更重的处罚。',
      { indent: true },
    ),
    ...(hearing
      ? [
          paragraph(
            `拟作出的处罚属于${m.hearingGrounds.join('；')}，根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证。` +
              `如要求听证，请于收到本告知书之日起${chineseNumeral(m.hearingRequestWorkingDays)}个工作日内向本机关提出；逾期未提出的，视为放弃听证的权利。`,
            { indent: true },
          ),
        ]
      : []),
    paragraph('你（单位）也可以书面声明放弃上述权利。', { indent: true }),
    ...authoritySeal(ctx, m.issuedOn),
    ...signatureLines('当事人（法定代表人或负责人）签收：'),
  ];
}

function hearingNoticeLayout(m: HearingNoticeModel, ctx: LayoutContext): (Paragraph | Table)[] {
  return [
    ...documentHead(DOCUMENT_TITLES.HEARING_NOTICE, ctx),
    partyTable(m.party),
    paragraph(`根据你（单位）的申请，本机关决定就“${m.caseTitle}”举行听证。现将有关事项通知如下：`, { indent: true, before: 240 }),
    formTable([
      ['听证时间', m.hearingAt ? formatChineseDateTime(m.hearingAt) : BLANK_DATE],
      ['听证地点', m.place],
      ['听证主持人', m.presidingName],
      ['听证方式', m.public ? '公开举行' : `不公开举行（${m.notPublicReason ?? ''}）`],
    ]),
    paragraph(
      '你（单位）可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，须提交授权委托书。' +
        '你（单位）认为主持人与本案有直接利害关系的，有权申请回避（《中华人民共和国行政处罚法》第六十四条第四项）。' +
        '无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证（第六十四条第六项）。',
      { indent: true, before: 240 },
    ),
    ...caseEvidenceFiles(m.evidenceFiles, '附：本案电子证据材料及其 SHA-256 校验值（可在听证前查阅）'),
    ...authoritySeal(ctx, m.issuedOn),
    ...signatureLines('当事人（法定代表人或负责人）签收：'),
  ];
}

function hearingRecordLayout(m: HearingRecordModel, ctx: LayoutContext): (Paragraph | Table)[] {
  return [
    ...documentHead(DOCUMENT_TITLES.HEARING_RECORD, ctx),
    formTable([
      ['案由', m.caseTitle],
      ['听证时间', m.hearingAt ? formatChineseDateTime(m.hearingAt) : BLANK_DATE, '地点', m.place],
      ['主持人', m.presidingName, '调查人员', m.investigators.join('、')],
      ['当事人', m.party.name],
    ]),
    heading('听证经过'),
    ...m.summary.split('\n').map((line) => paragraph(line, { indent: true })),
    ...(m.partyOpinion.trim() ? [heading('当事人的意见'), ...m.partyOpinion.split('\n').map((line) => paragraph(line, { indent: true }))] : []),
    ...caseEvidenceFiles(m.evidenceFiles, '听证中出示的本案电子证据材料及其 SHA-256 校验值：'),
    paragraph('以上笔录已交当事人核对（《中华人民共和国行政处罚法》第六十四条第八项）。', { indent: true, before: 240 }),
    ...(m.partySigned ? signatureLines('当事人（或其代理人）核对无误后签名：') : [paragraph(`当事人拒绝签字：${m.refusalNote ?? ''}`, { indent: true })]),
    ...signatureLines('听证主持人签名：'),
  ];
}

function onTheSpotDecisionLayout(m: OnTheSpotPenaltyDecisionModel, ctx: LayoutContext): (Paragraph | Table)[] {
  return [
    ...documentHead(DOCUMENT_TITLES.ON_THE_SPOT_PENALTY_DECISION, ctx),
    partyTable(m.party),
    paragraph(`当事人类别：${m.partyKindLabel}`, { indent: true, before: 120 }),
    heading('一、违法事实'),
    ...m.facts.split('\n').map((line) => paragraph(line, { indent: true })),
    heading('二、行政处罚的依据、种类和数额'),
    paragraph(`依据${m.legalBasis}的规定，适用简易程序（《中华人民共和国行政处罚法》第五十一条），当场作出如下行政处罚：`, { indent: true }),
    paragraph(`处罚种类：${m.penalty.kind}${GAP}处罚内容：${m.penalty.content}`, { indent: true }),
    heading('三、时间和地点'),
    paragraph(`${m.decidedAt ? formatChineseDateTime(m.decidedAt) : BLANK_DATE}，于${m.place}当场作出。`, { indent: true }),
    heading('四、执法人员'),
    ...m.officers.map((o) => paragraph(`${o.name}${GAP}执法证号：${o.certificateNo ?? ''}（已向当事人出示）`, { indent: true })),
    ...(m.payment ? [heading('五、罚款缴纳方式'), paragraph(m.payment, { indent: true })] : []),
    heading(m.payment ? '六、救济途径和期限' : '五、救济途径和期限'),
    paragraph(m.remedies ? remediesStatement(m.remedies) : '', { indent: true }),
    paragraph(`本决定书由执法人员当场交付当事人，并报${m.organ}备案。`, { indent: true }),
    ...authoritySeal(ctx, m.decidedAt ? m.decidedAt.slice(0, 10) : null),
    ...(m.acknowledgement ? [paragraph(m.acknowledgement, { before: 240 })] : signatureLines('当事人签收：')),
  ];
}

type Layout<K extends GeneratedDocumentKind> = (model: DocumentModels[K], ctx: LayoutContext) => (Paragraph | Table)[];

const LAYOUTS: { [K in GeneratedDocumentKind]: Layout<K> } = {
  INSPECTION_RECORD: inspectionRecordLayout,
  LEGAL_REVIEW_OPINION: legalReviewOpinionLayout,
  RECTIFICATION_ORDER: rectificationOrderLayout,
  PENALTY_DECISION: penaltyDecisionLayout,
  PRIOR_NOTICE: priorNoticeLayout,
  HEARING_NOTICE: hearingNoticeLayout,
  HEARING_RECORD: hearingRecordLayout,
  ON_THE_SPOT_PENALTY_DECISION: onTheSpotDecisionLayout,
};

/** Renders one document to DOCX bytes. */
export async function renderDocx<K extends GeneratedDocumentKind>(kind: K, model: DocumentModels[K], ctx: LayoutContext): Promise<Buffer> {
  const layout = LAYOUTS[kind] as Layout<K>;
  return packDocument(DOCUMENT_TITLES[kind], layout(model, ctx), ctx);
}

/** 规范性文件合法性审核意见书 (domain/rule-of-law.ts): the same page and head as the enforcement documents. */
export async function renderNormativeReviewOpinion(m: NormativeReviewOpinionModel, ctx: LayoutContext): Promise<Buffer> {
  const box = (checked: boolean) => (checked ? '☑' : '☐');
  const children = [
    ...documentHead(NORMATIVE_REVIEW_OPINION_TITLE, ctx),
    formTable([
      ['送审文件', m.documentTitle],
      ['起草单位', m.draftingOffice, '审核轮次', `第${m.round}次审核`],
      ['报送日期', formatChineseDate(m.submittedOn), '审核期限', m.reviewDueOn ? formatChineseDate(m.reviewDueOn) : ''],
    ]),
    heading('一、审核结论'),
    paragraph([run(`${box(m.decision === 'APPROVED')} ${LEGALITY_DECISION_LABELS.APPROVED}${GAP}${GAP}${box(m.decision === 'CHANGES_REQUIRED')} ${LEGALITY_DECISION_LABELS.CHANGES_REQUIRED}`)], { indent: true }),
    heading('二、审核意见'),
    ...m.opinion.split('\n').map((line) => paragraph(line, { indent: true })),
    ...(m.late ? [paragraph('（本意见在审核期限届满后出具）', { indent: true })] : []),
    paragraph([run(`审核人：${m.reviewerName}${GAP}${GAP}（签名）${BLANK}`)], { before: 480, align: AlignmentType.RIGHT }),
    paragraph([run(`审核日期：${formatChineseDate(m.decidedOn)}`)], { before: 120, align: AlignmentType.RIGHT }),
  ];
  return packDocument(NORMATIVE_REVIEW_OPINION_TITLE, children, ctx);
}

async function packDocument(title: string, children: (Paragraph | Table)[], ctx: LayoutContext): Promise<Buffer> {
  const document = new Document({
    creator: ctx.authority.name,
    title: `${title} ${ctx.number}`,
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
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}


/** The yearly 法治政府建设情况报告 (api/services/reports.ts ruleOfLawReport): sections of prose and a figures table. */
export interface RuleOfLawReportModel {
  title: string;
  authorityName: string;
  intro: string;
  sections: { heading: string; paragraphs: string[] }[];
  /** 附表: each figure with where it is counted from, so every number in the text can be traced. */
  figures: { label: string; value: number | string; source: string }[];
}

export async function renderRuleOfLawReport(m: RuleOfLawReportModel, ctx: LayoutContext): Promise<Buffer> {
  const widths = [3100, 1200, 4544];
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: m.title, font: SONG, size: SIZE_TITLE, bold: true })], alignment: AlignmentType.CENTER, spacing: { after: 300 } }),
    paragraph(m.intro, { indent: true }),
    ...m.sections.flatMap((s) => [heading(s.heading), ...s.paragraphs.map((p) => paragraph(p, { indent: true }))]),
    paragraph([run(m.authorityName)], { before: 480, align: AlignmentType.RIGHT }),
    heading('附表：数据来源'),
    table(
      widths,
      m.figures.map((f) => [cell(f.label, { width: widths[0] }), cell(String(f.value), { width: widths[1], center: true }), cell(f.source, { width: widths[2] })]),
      ['项目', '数值', '统计口径（系统记录）'],
    ),
  ];
  return packDocument(m.title, children, ctx);
}
