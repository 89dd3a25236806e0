/**
 * Importing the 市场主体 register: a sheet (rows of text, from .xlsx or CSV) becomes a plan of
 * what to create, update and leave alone, or a list of bad cells — each with the row number as
 * Excel shows it, the file's own column heading, the value and the reason. Pure: reading the
 * file and writing the plan are the API's; every business rule is `checkBusiness`'s.
 *
 * Rules (stated in the API description too):
 * - The heading row is the first of the first 20 rows that has a credit-code heading; headings
 *   are matched after removing blanks, brackets and marks, with the register's usual synonyms.
 * - A column the file has sets the value, an empty cell clears it; a column the file lacks
 *   leaves an existing business's value as it is (a register without 无事不扰 keeps the flags).
 * - Rows with the same credit code are merged in file order: the later non-empty value wins;
 *   differing values are reported.
 */
import { BUSINESS_FIELD_LABELS, type BusinessCandidate, type BusinessContext, type BusinessField, type BusinessRecord, businessChanges, checkBusiness, isCalendarDate, normalizeCreditCode } from './business-record';
import { withinTownships } from './townships';

/** More rows than a county's register holds in one township: a wrong file. */
export const MAX_IMPORT_ROWS = 20_000;
const HEADER_SEARCH_ROWS = 20;

/** The headings a file must have (synonyms allowed). */
export const REQUIRED_IMPORT_FIELDS: readonly BusinessField[] = ['creditCode', 'name', 'townshipId', 'village', 'address'];

/** The template's headings, in its order; also the first name of each field below. */
export const IMPORT_HEADINGS: Record<BusinessField, string> = {
  creditCode: '统一社会信用代码',
  name: '名称',
  townshipId: '乡镇',
  village: '村（社区）',
  address: '地址',
  scenarioCode: '场景',
  riskClass: '风险等级',
  creditGrade: '信用等级',
  legalRepresentative: '法定代表人',
  contactPhone: '联系电话',
  doNotDisturb: '无事不扰',
  doNotDisturbReason: '原因',
  doNotDisturbFrom: '起',
  doNotDisturbUntil: '止',
  // 经度 before 纬度, as registers and 天地图 write a point.
  longitude: '经度',
  latitude: '纬度',
};

/** Headings of the register (and of Excel sheets people keep) for each field, before normalizing. */
const SYNONYMS: Record<BusinessField, readonly string[]> = {
  creditCode: ['统一社会信用代码', '社会信用代码', '信用代码', '统一代码', '统一社会信用代码注册号', '注册号统一社会信用代码', '统一社会信用代码或注册号'],
  name: ['名称', '企业名称', '主体名称', '市场主体名称', '单位名称', '商户名称', '个体工商户名称', '字号名称', '企业个体户名称'],
  townshipId: ['乡镇', '乡镇街道', '所属乡镇', '所在乡镇', '所属乡镇街道', '所在乡镇街道', '镇街', '街道', '乡镇名称', '乡镇代码'],
  village: ['村社区', '村', '社区', '村居', '行政村', '所属村社区', '所在村社区', '所属村', '所在村', '村社区名称'],
  address: ['地址', '住所', '经营场所', '住所经营场所', '经营地址', '注册地址', '详细地址', '住所地址', '实际经营地址'],
  scenarioCode: ['场景', '检查场景', '场景代码', '场景名称', '场景清单'],
  riskClass: ['风险等级', '风险分类', '风险类别', '风险级别'],
  creditGrade: ['信用等级', '信用风险分类', '信用风险等级', '信用分类', '信用类别', '信用风险分类结果'],
  legalRepresentative: ['法定代表人', '经营者', '负责人', '法定代表人经营者', '法定代表人负责人', '法定代表人负责人经营者', '投资人', '经营者姓名', '法人'],
  contactPhone: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '联系人电话'],
  doNotDisturb: ['无事不扰', '是否无事不扰', '无事不扰标记'],
  doNotDisturbReason: ['原因', '无事不扰原因', '理由'],
  doNotDisturbFrom: ['起', '起始', '起始日期', '开始日期', '无事不扰起', '无事不扰起始日期', '无事不扰开始日期'],
  doNotDisturbUntil: ['止', '截止', '截止日期', '结束日期', '无事不扰止', '无事不扰截止日期', '无事不扰结束日期'],
  // WGS-84 only (domain/business-record.ts): a heading that names another datum (纬度（GCJ-02）) matches
  // none of these, so that column is listed as ignored rather than read as WGS-84.
  latitude: ['纬度', '纬度WGS84', 'WGS84纬度', '北纬', '位置纬度', '坐标纬度', 'lat', 'latitude'],
  longitude: ['经度', '经度WGS84', 'WGS84经度', '东经', '位置经度', '坐标经度', 'lng', 'lon', 'longitude'],
};

/**
 * A heading without what varies between files: blanks, full-width forms, brackets, the * of
 * required columns, separators. 「村（社区）」, 「村/社区」 and 「*村 社区」 all read 村社区.
 */
export function normalizeHeading(heading: string): string {
  return heading
    .normalize('NFKC')
    .replace(/[\s()[\]{}<>【】〔〕《》*※:：/\\、,，._\-—|]/g, '')
    .toLowerCase();
}

const FIELD_OF_HEADING = new Map<string, BusinessField>(
  (Object.entries(SYNONYMS) as [BusinessField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [normalizeHeading(n), field] as const)),
);

export function fieldOfHeading(heading: string): BusinessField | undefined {
  return FIELD_OF_HEADING.get(normalizeHeading(heading));
}

export interface SheetRow {
  /** The row number as Excel shows it (CSV: the record's number, as Excel shows the file). */
  rowNumber: number;
  cells: readonly string[];
}

export interface ImportColumn {
  index: number;
  field: BusinessField;
  /** The heading as the file spells it (the report names columns this way). */
  heading: string;
}

export type HeadingResult =
  | { ok: true; headerRow: number; columns: ImportColumn[]; ignored: string[] }
  | { ok: false; message: string };

/** Finds the heading row and maps its columns; refuses a file whose columns cannot be told. */
export function mapHeadings(rows: readonly SheetRow[]): HeadingResult {
  const header = rows.slice(0, HEADER_SEARCH_ROWS).find((r) => r.cells.some((c) => fieldOfHeading(c) === 'creditCode'));
  if (!header) {
    return {
      ok: false,
      message: `没有找到表头：前${HEADER_SEARCH_ROWS}行中没有“统一社会信用代码”列。表头须包含：${REQUIRED_IMPORT_FIELDS.map((f) => IMPORT_HEADINGS[f]).join('、')}（可下载导入模板参照）`,
    };
  }
  const columns: ImportColumn[] = [];
  const ignored: string[] = [];
  const problems: string[] = [];
  header.cells.forEach((cell, index) => {
    const heading = cell.trim();
    if (!heading) return;
    const field = fieldOfHeading(heading);
    if (!field) {
      ignored.push(heading);
      return;
    }
    const twin = columns.find((c) => c.field === field);
    if (twin) problems.push(`“${twin.heading}”与“${heading}”都表示${BUSINESS_FIELD_LABELS[field]}，请只保留一列`);
    else columns.push({ index, field, heading });
  });
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !columns.some((c) => c.field === f));
  if (missing.length) {
    problems.push(`第${header.rowNumber}行表头缺少：${missing.map((f) => `${IMPORT_HEADINGS[f]}（可用：${SYNONYMS[f].slice(0, 4).join('、')}）`).join('；')}`);
  }
  if (problems.length) return { ok: false, message: problems.join('；') };
  return { ok: true, headerRow: header.rowNumber, columns, ignored };
}

type CellValue = string | boolean | number | null;
type Converted = { ok: true; value: CellValue } | { ok: false; reason: string };

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '无']);
const RISK_WORDS: Record<string, string> = { 高: 'HIGH', 高风险: 'HIGH', high: 'HIGH', 中: 'MEDIUM', 中风险: 'MEDIUM', 一般: 'MEDIUM', medium: 'MEDIUM', 低: 'LOW', 低风险: 'LOW', low: 'LOW' };

/** A date as people type it in a sheet: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301. */
export function parseSheetDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/**
 * A cell's text as the value `checkBusiness` takes: the sheet's words (是/否, 高/中/低, A类, dates
 * in several spellings) become the stored values; anything else is passed on for the rules.
 */
export function convertCell(field: BusinessField, raw: string): Converted {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  switch (field) {
    case 'creditCode':
      // Excel turns an 18-digit code in a number cell into 9.15E+17 and loses its last digits.
      if (/^\d(\.\d+)?e\+\d+$/i.test(text)) {
        return { ok: false, reason: '单元格为数字格式，代码已被 Excel 改写成科学计数法并丢失末几位；请将该列设为文本格式后重新录入' };
      }
      return { ok: true, value: normalizeCreditCode(text) };
    case 'doNotDisturb': {
      const word = text.toLowerCase();
      if (YES.has(word)) return { ok: true, value: true };
      if (NO.has(word)) return { ok: true, value: false };
      return { ok: false, reason: '应填“是”或“否”' };
    }
    case 'riskClass': {
      const value = RISK_WORDS[text.toLowerCase()];
      return value ? { ok: true, value } : { ok: false, reason: '风险等级应为 高、中、低 之一' };
    }
    case 'creditGrade': {
      const grade = text.normalize('NFKC').toUpperCase().replace(/[类级]$/, '');
      return /^[ABCD]$/.test(grade) ? { ok: true, value: grade } : { ok: false, reason: '信用等级应为 A、B、C、D 之一（可写作“A类”）' };
    }
    case 'latitude':
    case 'longitude': {
      // Decimal degrees as a sheet holds them ("28.6054", "28.6054°", full-width digits); the range is checkBusiness's.
      const number = text.normalize('NFKC').replace(/°$/, '').trim();
      return /^[-+]?\d+(\.\d+)?$/.test(number)
        ? { ok: true, value: Number(number) }
        : { ok: false, reason: `${field === 'latitude' ? '纬度' : '经度'}应为十进制度数（WGS-84），如 ${field === 'latitude' ? '28.6054' : '120.0931'}` };
    }
    case 'doNotDisturbFrom':
    case 'doNotDisturbUntil': {
      const date = parseSheetDate(text);
      return date ? { ok: true, value: date } : { ok: false, reason: '应为有效日期，如 2026-03-01' };
    }
    default:
      return { ok: true, value: text };
  }
}

export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
  code: string;
}

export interface MergedDuplicate {
  creditCode: string;
  rows: number[];
  /** Columns whose non-empty values differed; the last one was kept. */
  conflicts: { column: string; values: { row: number; value: string }[]; kept: string }[];
}

/** A business already stored, by credit code: its id, township (reach) and values. */
export interface ExistingBusiness {
  id: string;
  name: string;
  townshipName: string | null;
  record: BusinessRecord;
}

export interface ImportPlan {
  /** Data rows read (blank rows not counted). */
  rows: number;
  problems: ImportProblem[];
  creates: { rows: number[]; record: BusinessRecord }[];
  updates: { rows: number[]; id: string; before: BusinessRecord; after: BusinessRecord; changes: ReturnType<typeof businessChanges> }[];
  unchanged: { rows: number[]; id: string }[];
  merged: MergedDuplicate[];
}

interface Cell {
  row: number;
  raw: string;
  value: CellValue;
}

interface Group {
  creditCode: string;
  rows: number[];
  /** Per field: the cells of the group that have a value, in file order. */
  cells: Partial<Record<BusinessField, Cell[]>>;
  /** Fields with a cell that could not be read (reported already; not checked again). */
  broken: Set<BusinessField>;
}

/**
 * What an import would do: reads every data row below the heading row, merges rows of the same
 * credit code, checks each business with `checkBusiness` (existing ones with the file's columns
 * over their stored values) and compares it with what is stored.
 */
export function planImport(
  sheet: readonly SheetRow[],
  headings: { headerRow: number; columns: readonly ImportColumn[] },
  context: BusinessContext,
  existing: ReadonlyMap<string, ExistingBusiness>,
): ImportPlan {
  const { columns } = headings;
  const headingOf = (field: BusinessField) => columns.find((c) => c.field === field)?.heading ?? IMPORT_HEADINGS[field];
  const problems: ImportProblem[] = [];
  const groups = new Map<string, Group>();
  let rowsRead = 0;
  const codeColumn = columns.find((c) => c.field === 'creditCode')!;

  for (const sheetRow of sheet) {
    if (sheetRow.rowNumber <= headings.headerRow) continue;
    if (sheetRow.cells.every((c) => c.trim() === '')) continue;
    rowsRead++;
    const raw = (c: ImportColumn) => sheetRow.cells[c.index] ?? '';
    const code = convertCell('creditCode', raw(codeColumn));
    if (!code.ok || code.value === null) {
      problems.push({
        row: sheetRow.rowNumber,
        column: codeColumn.heading,
        value: raw(codeColumn),
        reason: code.ok ? '统一社会信用代码不能为空' : code.reason,
        code: code.ok ? 'REQUIRED' : 'CREDIT_CODE_INVALID',
      });
      continue;
    }
    const creditCode = code.value as string;
    let group = groups.get(creditCode);
    if (!group) {
      group = { creditCode, rows: [], cells: {}, broken: new Set() };
      groups.set(creditCode, group);
    }
    group.rows.push(sheetRow.rowNumber);
    for (const column of columns) {
      const converted = convertCell(column.field, raw(column));
      if (!converted.ok) {
        problems.push({ row: sheetRow.rowNumber, column: column.heading, value: raw(column), reason: converted.reason, code: 'CELL_INVALID' });
        group.broken.add(column.field);
        continue;
      }
      if (converted.value === null) continue;
      (group.cells[column.field] ??= []).push({ row: sheetRow.rowNumber, raw: raw(column).trim(), value: converted.value });
    }
  }

  const plan: ImportPlan = { rows: rowsRead, problems, creates: [], updates: [], unchanged: [], merged: [] };
  for (const group of groups.values()) {
    const firstRow = group.rows[0];
    // The later non-empty value wins: a register extract with a correction further down is taken as corrected.
    const kept = (field: BusinessField): Cell | undefined => group.cells[field]?.at(-1);
    if (group.rows.length > 1) {
      const conflicts = columns.flatMap((c) => {
        const cells = group.cells[c.field] ?? [];
        const distinct = new Set(cells.map((cell) => JSON.stringify(cell.value)));
        return distinct.size > 1 ? [{ column: c.heading, values: cells.map((cell) => ({ row: cell.row, value: cell.raw })), kept: cells.at(-1)!.raw }] : [];
      });
      plan.merged.push({ creditCode: group.creditCode, rows: group.rows, conflicts });
    }

    const stored = existing.get(group.creditCode);
    if (stored && !withinTownships(context.scope, stored.record.townshipId || null)) {
      problems.push({
        row: firstRow,
        column: codeColumn.heading,
        value: group.creditCode,
        reason: `该统一社会信用代码已由${stored.townshipName ?? '县级'}登记，不在您负责的乡镇，不能由您导入更新`,
        code: 'TOWNSHIP_OUT_OF_REACH',
      });
      continue;
    }
    const candidate: BusinessCandidate = { ...(stored?.record ?? {}), creditCode: group.creditCode };
    for (const column of columns) {
      if (column.field === 'creditCode') continue;
      (candidate as Record<string, CellValue | undefined>)[column.field] = kept(column.field)?.value ?? null;
    }
    // Lifting 无事不扰 in a file without its detail columns lifts the stored reason and period with it.
    if (candidate.doNotDisturb !== true && columns.some((c) => c.field === 'doNotDisturb')) {
      for (const field of ['doNotDisturbReason', 'doNotDisturbFrom', 'doNotDisturbUntil'] as const) {
        if (!columns.some((c) => c.field === field)) candidate[field] = null;
      }
    }
    const checked = checkBusiness(candidate, context);
    if (!checked.ok) {
      for (const p of checked.problems) {
        // A cell already reported as unreadable is not reported again, nor what follows from it
        // (an unreadable 无事不扰 cell would otherwise also make its reason "stray").
        if (group.broken.has(p.field) || (group.broken.has('doNotDisturb') && p.field.startsWith('doNotDisturb'))) continue;
        const cell = kept(p.field);
        problems.push({ row: cell?.row ?? firstRow, column: headingOf(p.field), value: cell?.raw ?? '', reason: p.message, code: p.code });
      }
      continue;
    }
    if (group.broken.size > 0) continue;
    if (!stored) plan.creates.push({ rows: group.rows, record: checked.record });
    else {
      const changes = businessChanges(stored.record, checked.record);
      if (changes.fields.length === 0) plan.unchanged.push({ rows: group.rows, id: stored.id });
      else plan.updates.push({ rows: group.rows, id: stored.id, before: stored.record, after: checked.record, changes });
    }
  }
  problems.sort((a, b) => a.row - b.row || columns.findIndex((c) => c.heading === a.column) - columns.findIndex((c) => c.heading === b.column));
  return plan;
}

/**
 * CSV as Excel writes it (RFC 4180: quoted fields with "" inside, CRLF or LF), comma- or
 * tab-separated (the separator the heading line uses most). Records, not lines: a quoted field
 * may hold a line break, and Excel shows such a record as one row.
 */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The sheet of a CSV file: record n is row n, as Excel numbers it. */
export function sheetOfCsv(text: string): SheetRow[] {
  return parseCsv(text.replace(/^\uFEFF/, '')).map((cells, i) => ({ rowNumber: i + 1, cells }));
}

/** The report's one-line summary, in Chinese. */
export function importSummary(plan: ImportPlan, committed: boolean): string {
  const mergedRows = plan.merged.reduce((n, m) => n + m.rows.length - 1, 0);
  const parts = [
    `共读取 ${plan.rows} 行`,
    `${committed ? '已' : '将'}新增 ${plan.creates.length} 户`,
    `${committed ? '已' : '将'}更新 ${plan.updates.length} 户`,
    `无变化 ${plan.unchanged.length} 户`,
  ];
  if (mergedRows) parts.push(`重复行合并 ${mergedRows} 行`);
  const badRows = new Set(plan.problems.map((p) => p.row)).size;
  if (badRows) parts.push(`有问题 ${badRows} 行（共 ${plan.problems.length} 处），须改正后才能导入`);
  return parts.join('，') + '。';
}
