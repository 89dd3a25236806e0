/**
 * The county's businesses (检查对象): list, read, create, edit, and the import of the 市场主体
 * register. Every rule is domain/business-record.ts's `checkBusiness` (the import plans with
 * domain/business-import.ts); this service loads what the rules need, writes in one transaction
 * with the audit rows, and keeps each caller to the townships they reach (domain/townships.ts):
 * a business outside the reach is 404 to read or edit, a township outside it is 403 to write into.
 */
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { type AuditRecord, type AuthenticatedOfficer, appendAudit, containsText, Prisma, type PrismaClient, type Tx } from '../../db';
import { CREDIT_GRADE_LABELS, type CreditGrade, samplingClassOf } from '../../domain/business';
import {
  type ExistingBusiness,
  IMPORT_HEADINGS,
  importSummary,
  MAX_IMPORT_ROWS,
  mapHeadings,
  planImport,
  type SheetRow,
  sheetOfCsv,
} from '../../domain/business-import';
import {
  BUSINESS_FIELDS,
  type BusinessContext,
  type BusinessProblem,
  type BusinessRecord,
  type BusinessRow,
  businessChanges,
  checkBusiness,
  normalizeCreditCode,
  recordOfRow,
  WGS84_HINT,
} from '../../domain/business-record';
import { creditCodeCheckCharacter } from '../../domain/credit-code';
import type { RiskClass } from '../../domain/draw';
import { withinTownships } from '../../domain/townships';
import { AppError, type AppErrorCode, type ErrorIssue } from '../errors';
import type { UploadedFile } from '../upload';
import type { BusinessBody, BusinessListQuery, ImportReport } from '../routes/businesses/schema';

const actorOf = (o: AuthenticatedOfficer) => ({ officerId: o.officerId, name: o.name });

/** The columns a business is read with (the Target row plus its township's name). */
const BUSINESS_SELECT = {
  id: true,
  createdAt: true,
  updatedAt: true,
  township: { select: { name: true } },
  ...Object.fromEntries(BUSINESS_FIELDS.map((f) => [f, true])),
} as const satisfies Prisma.TargetSelect;

type StoredBusiness = BusinessRow & { id: string; createdAt: Date; updatedAt: Date | null; township: { name: string } | null };

function businessOf(row: StoredBusiness) {
  return {
    id: row.id,
    creditCode: row.creditCode,
    name: row.name,
    townshipId: row.townshipId,
    townshipName: row.township?.name ?? null,
    village: row.village,
    address: row.address,
    scenarioCode: row.scenarioCode,
    riskClass: row.riskClass as RiskClass | null,
    creditGrade: row.creditGrade as CreditGrade | null,
    creditGradeLabel: row.creditGrade ? (CREDIT_GRADE_LABELS[row.creditGrade as CreditGrade] ?? null) : null,
    samplingClass: samplingClassOf(row),
    legalRepresentative: row.legalRepresentative,
    contactPhone: row.contactPhone,
    doNotDisturb: row.doNotDisturb,
    doNotDisturbReason: row.doNotDisturbReason,
    doNotDisturbFrom: row.doNotDisturbFrom,
    doNotDisturbUntil: row.doNotDisturbUntil,
    latitude: row.latitude,
    longitude: row.longitude,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

/** Problems without a code of their own (empty, too long, an enum) share BUSINESS_INVALID. */
const OWN_CODES = new Set<string>([
  'CREDIT_CODE_INVALID',
  'UNKNOWN_TOWNSHIP',
  'TOWNSHIP_OUT_OF_REACH',
  'VILLAGE_NOT_IN_TOWNSHIP',
  'UNKNOWN_SCENARIO',
  'PHONE_INVALID',
  'DATE_INVALID',
  'DO_NOT_DISTURB_REASON_REQUIRED',
  'DO_NOT_DISTURB_PERIOD_INVALID',
  'DO_NOT_DISTURB_NOT_SET',
  'COORDINATES_INCOMPLETE',
  'COORDINATE_OUT_OF_RANGE',
]);

/** A refused business: the first problem's code (out of reach first: it is a 403), every problem listed. */
function refusal(problems: BusinessProblem[]): AppError {
  const ordered = [...problems].sort((a, b) => Number(b.code === 'TOWNSHIP_OUT_OF_REACH') - Number(a.code === 'TOWNSHIP_OUT_OF_REACH'));
  const first = ordered[0];
  const code = (OWN_CODES.has(first.code) ? first.code : 'BUSINESS_INVALID') as AppErrorCode;
  const issues: ErrorIssue[] = ordered.map((p) => ({ code: p.code, path: `body.${p.field}`, message: p.message }));
  return new AppError(code, ordered.map((p) => p.message).join('；'), issues);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const CREDIT_CODE_RACE = () => new AppError('CREDIT_CODE_TAKEN', '该统一社会信用代码刚被他人登记，请刷新后重试');

/** What a file is, by its first bytes (the name and the declared type are the sender's guess). */
function sniff(bytes: Buffer): 'xlsx' | 'xls' | 'text' | 'other' {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'text';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'text';
  // A text file has no NUL bytes (outside UTF-16, recognised above by its mark).
  return bytes.includes(0) ? 'other' : 'text';
}

const UNSUPPORTED = () =>
  new AppError('IMPORT_FILE_TYPE_UNSUPPORTED', '无法识别的文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GB18030/GBK 编码）');

/**
 * CSV text: UTF-8 with or without BOM; what is not valid UTF-8 is GB18030 (a superset of GBK,
 * which Excel in China writes as "CSV (逗号分隔)"); UTF-16 with its mark (Excel's "Unicode 文本").
 */
function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf16le'), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'GB18030' };
  }
}

const dateText = (d: Date) => d.toISOString().slice(0, 10);

/** A cell as the text a person sees (dates as YYYY-MM-DD; formulas by their result). */
function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'number') {
    // An 18-digit code typed into a number cell has lost digits: shown as Excel shows it, 9.15E+17.
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential() : String(value);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/** C0 controls other than tab, line feed and carriage return, or U+FFFD (bytes the decoder could not map). */
function hasBinaryCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) return true;
  }
  return false;
}

interface ReadSheet {
  type: 'xlsx' | 'csv';
  encoding: string | null;
  sheet: string | null;
  rows: SheetRow[];
}

async function readSheet(file: UploadedFile): Promise<ReadSheet> {
  if (file.bytes.length === 0) throw new AppError('IMPORT_FILE_UNREADABLE', '上传的文件是空的');
  const kind = sniff(file.bytes);
  if (kind === 'xls') {
    throw new AppError('IMPORT_FILE_TYPE_UNSUPPORTED', '这是旧版 Excel（.xls）文件：请在 Excel 中“另存为” .xlsx 工作簿或 CSV 后再导入');
  }
  if (kind === 'other') throw UNSUPPORTED();
  if (kind === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(file.bytes as unknown as ExcelJS.Buffer);
    } catch {
      throw new AppError('IMPORT_FILE_UNREADABLE', '文件是压缩包格式，但不是可读取的 Excel 工作簿（.xlsx），可能已损坏');
    }
    const sheets = workbook.worksheets.map((worksheet) => {
      const rows: SheetRow[] = [];
      worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        const values = row.values as ExcelJS.CellValue[];
        rows.push({ rowNumber, cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1])) });
      });
      return { name: worksheet.name, rows };
    });
    if (sheets.length === 0) throw new AppError('IMPORT_FILE_UNREADABLE', '工作簿中没有工作表');
    // The register may carry a cover or notes sheet first: take the first sheet with a heading row.
    const chosen = sheets.find((s) => mapHeadings(s.rows).ok) ?? sheets[0];
    return { type: 'xlsx', encoding: null, sheet: chosen.name, rows: chosen.rows };
  }
  const { text, encoding } = decodeText(file.bytes);
  // Control characters (or bytes GB18030 cannot map) do not occur in a register: a binary file without NUL bytes.
  if (hasBinaryCharacters(text)) throw UNSUPPORTED();
  return { type: 'csv', encoding, sheet: null, rows: sheetOfCsv(text) };
}

/** Rows of `where … IN (…)` per query: well inside SQLite's and PostgreSQL's bind limits. */
const CHUNK = 500;
const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The longest an import's transaction may run: 2,000 rows take well under a second or two. */
const IMPORT_TRANSACTION = { timeout: 120_000, maxWait: 30_000 } as const;

export function createBusinessService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  async function contextOf(db: Tx | PrismaClient, actor: AuthenticatedOfficer): Promise<BusinessContext> {
    const [townships, scenarios] = await Promise.all([
      db.township.findMany({ select: { id: true, code: true, name: true, villages: { select: { name: true }, orderBy: { name: 'asc' } } }, orderBy: { code: 'asc' } }),
      db.scenario.findMany({ select: { code: true, name: true }, orderBy: { code: 'asc' } }),
    ]);
    return { townships: townships.map((t) => ({ ...t, villages: t.villages.map((v) => v.name) })), scenarios, scope: actor.townships };
  }

  /** The business if the caller reaches it; 404 alike for unknown and out of reach (its existence is not the caller's to know). */
  async function reachable(db: Tx | PrismaClient, actor: AuthenticatedOfficer, id: string): Promise<StoredBusiness> {
    const row = (await db.target.findUnique({ where: { id }, select: BUSINESS_SELECT })) as StoredBusiness | null;
    if (!row || !withinTownships(actor.townships, row.townshipId)) throw new AppError('BUSINESS_NOT_FOUND', `市场主体 ${id} 不存在`);
    return row;
  }

  async function checked(db: Tx | PrismaClient, actor: AuthenticatedOfficer, body: BusinessBody): Promise<BusinessRecord> {
    const result = checkBusiness(body, await contextOf(db, actor));
    if (!result.ok) throw refusal(result.problems);
    return result.record;
  }

  /** 409 naming the business that holds the code (only its township when the caller does not reach it). */
  async function assertCodeFree(db: Tx, actor: AuthenticatedOfficer, creditCode: string, exceptId?: string) {
    const holder = await db.target.findUnique({ where: { creditCode }, select: { id: true, name: true, townshipId: true, township: { select: { name: true } } } });
    if (!holder || holder.id === exceptId) return;
    const message = withinTownships(actor.townships, holder.townshipId)
      ? `统一社会信用代码 ${creditCode} 已登记为“${holder.name}”（${holder.id}），请编辑该市场主体而不是重复登记`
      : `统一社会信用代码 ${creditCode} 已由${holder.township?.name ?? '县级'}登记，不在您负责的乡镇；如有误请联系该乡镇`;
    throw new AppError('CREDIT_CODE_TAKEN', message, [{ code: 'CREDIT_CODE_TAKEN', path: 'body.creditCode', message }]);
  }

  async function list(actor: AuthenticatedOfficer, query: BusinessListQuery) {
    const where: Prisma.TargetWhereInput = {
      AND: [
        actor.townships === null ? {} : { townshipId: { in: [...actor.townships] } },
        query.townshipId ? { townshipId: query.townshipId } : {},
        query.village ? { village: query.village } : {},
        query.scenarioCode ? { scenarioCode: query.scenarioCode } : {},
        query.creditGrade ? { creditGrade: query.creditGrade } : {},
        query.doNotDisturb !== undefined ? { doNotDisturb: query.doNotDisturb } : {},
        query.q ? { OR: [{ name: containsText(prisma, query.q) }, { creditCode: containsText(prisma, query.q.toUpperCase()) }] } : {},
      ],
    };
    const [total, rows] = await Promise.all([
      prisma.target.count({ where }),
      prisma.target.findMany({
        where,
        select: BUSINESS_SELECT,
        orderBy: [{ village: 'asc' }, { name: 'asc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
    ]);
    return { items: (rows as StoredBusiness[]).map(businessOf), total, page: query.page, pageSize: query.pageSize };
  }

  async function create(options: { actor: AuthenticatedOfficer; body: BusinessBody }) {
    const { actor, body } = options;
    const at = new Date();
    try {
      return await prisma.$transaction(async (tx) => {
        const record = await checked(tx, actor, body);
        await assertCodeFree(tx, actor, record.creditCode);
        const row = (await tx.target.create({ data: { ...record, createdAt: at, updatedAt: at }, select: BUSINESS_SELECT })) as StoredBusiness;
        await appendAudit(tx, { actor: actorOf(actor), action: 'BUSINESS_CREATED', subjectType: 'Target', subjectId: row.id, at, payload: { after: record } });
        return businessOf(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw CREDIT_CODE_RACE();
      throw error;
    }
  }

  async function update(options: { actor: AuthenticatedOfficer; id: string; body: BusinessBody }) {
    const { actor, id, body } = options;
    const at = new Date();
    try {
      return await prisma.$transaction(async (tx) => {
        const current = await reachable(tx, actor, id);
        const record = await checked(tx, actor, body);
        if (record.creditCode !== current.creditCode) await assertCodeFree(tx, actor, record.creditCode, id);
        const changes = businessChanges(recordOfRow(current), record);
        // Saving the same values again changes nothing and leaves no audit row.
        if (changes.fields.length === 0) return businessOf(current);
        const row = (await tx.target.update({ where: { id }, data: { ...record, updatedAt: at }, select: BUSINESS_SELECT })) as StoredBusiness;
        await appendAudit(tx, { actor: actorOf(actor), action: 'BUSINESS_UPDATED', subjectType: 'Target', subjectId: id, at, payload: changes });
        return businessOf(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw CREDIT_CODE_RACE();
      throw error;
    }
  }

  async function existingByCode(db: Tx | PrismaClient, codes: string[]): Promise<Map<string, ExistingBusiness>> {
    const existing = new Map<string, ExistingBusiness>();
    for (const part of chunks(codes)) {
      const rows = (await db.target.findMany({ where: { creditCode: { in: part } }, select: BUSINESS_SELECT })) as StoredBusiness[];
      for (const row of rows) existing.set(row.creditCode, { id: row.id, name: row.name, townshipName: row.township?.name ?? null, record: recordOfRow(row) });
    }
    return existing;
  }

  /**
   * Checks a register file and, in commit mode and only when no row is bad, writes it all in one
   * transaction: new businesses in batches, changed ones one update each, unchanged ones not at
   * all; one audit row for the import and one per business written.
   */
  async function importFile(options: { actor: AuthenticatedOfficer; file: UploadedFile; mode: 'check' | 'commit' }): Promise<{ report: ImportReport; refused: boolean }> {
    const { actor, file, mode } = options;
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const sheet = await readSheet(file);
    const headings = mapHeadings(sheet.rows);
    if (!headings.ok) throw new AppError('IMPORT_HEADERS_INVALID', headings.message);
    const dataRows = sheet.rows.filter((r) => r.rowNumber > headings.headerRow).length;
    if (dataRows > MAX_IMPORT_ROWS) {
      throw new AppError('IMPORT_TOO_MANY_ROWS', `文件有 ${dataRows} 行数据，一次最多导入 ${MAX_IMPORT_ROWS} 行；请分批导入`);
    }
    const codeIndex = headings.columns.find((c) => c.field === 'creditCode')!.index;
    const codes = [...new Set(sheet.rows.filter((r) => r.rowNumber > headings.headerRow).map((r) => normalizeCreditCode(r.cells[codeIndex] ?? '')).filter(Boolean))];

    const plan = async (db: Tx | PrismaClient) => planImport(sheet.rows, headings, await contextOf(db, actor), await existingByCode(db, codes));
    const reportOf = (p: Awaited<ReturnType<typeof plan>>, committed: boolean): ImportReport => ({
      mode,
      committed,
      file: { name: file.name, sha256, type: sheet.type, encoding: sheet.encoding, sheet: sheet.sheet },
      headerRow: headings.headerRow,
      rows: p.rows,
      counts: {
        created: p.creates.length,
        updated: p.updates.length,
        unchanged: p.unchanged.length,
        mergedRows: p.merged.reduce((n, m) => n + m.rows.length - 1, 0),
        badRows: new Set(p.problems.map((e) => e.row)).size,
      },
      errors: p.problems,
      merged: p.merged,
      ignoredColumns: headings.ignored,
      summary: importSummary(p, committed),
    });

    if (mode === 'check') return { report: reportOf(await plan(prisma), false), refused: false };

    const at = new Date();
    const importId = randomUUID();
    try {
      return await prisma.$transaction(async (tx) => {
        // Planned again inside the transaction: what is written is what was checked against.
        const p = await plan(tx);
        if (p.problems.length > 0) return { report: reportOf(p, false), refused: true };
        // Ids made here (ids are opaque): createMany without RETURNING took less than half the
        // time of createManyAndReturn for 2,000 rows on SQLite (BENCHMARKS.md, register import).
        const created = p.creates.map((c) => ({ ...c, id: randomUUID() }));
        for (const part of chunks(created)) {
          await tx.target.createMany({ data: part.map((c) => ({ ...c.record, id: c.id, createdAt: at, updatedAt: at })) });
        }
        for (const u of p.updates) await tx.target.update({ where: { id: u.id }, data: { ...u.after, updatedAt: at }, select: { id: true } });
        const report = reportOf(p, true);
        const actorRef = actorOf(actor);
        const events: AuditRecord[] = [
          {
            actor: actorRef,
            action: 'BUSINESS_IMPORT',
            subjectType: 'TargetImport',
            subjectId: importId,
            at,
            payload: { fileName: file.name, sha256, type: sheet.type, encoding: sheet.encoding, rows: p.rows, counts: report.counts },
          },
          ...created.map((c): AuditRecord => ({ actor: actorRef, action: 'BUSINESS_CREATED', subjectType: 'Target', subjectId: c.id, at, payload: { importId, rows: c.rows, after: c.record } })),
          ...p.updates.map((u): AuditRecord => ({ actor: actorRef, action: 'BUSINESS_UPDATED', subjectType: 'Target', subjectId: u.id, at, payload: { importId, rows: u.rows, ...u.changes } })),
        ];
        // One chained batch: the chain's head is taken once for the whole import.
        await appendAudit(tx, events);
        return { report, refused: false };
      }, IMPORT_TRANSACTION);
    } catch (error) {
      if (isUniqueViolation(error)) throw CREDIT_CODE_RACE();
      throw error;
    }
  }

  /** The import template: the headings in order, one example row, and a sheet of what each column takes. */
  async function template(actor: AuthenticatedOfficer): Promise<Buffer> {
    const context = await contextOf(prisma, actor);
    const township = context.townships.find((t) => withinTownships(actor.townships, t.id) && t.villages.length > 0);
    const body17 = '92500230MA01234X5';
    const example: Record<keyof typeof IMPORT_HEADINGS, string> = {
      creditCode: body17 + creditCodeCheckCharacter(body17),
      name: '示例镇张三小吃店',
      townshipId: township?.name ?? '（乡镇名称或代码）',
      village: township?.villages[0] ?? '（村/社区名称）',
      address: '示例镇正街1号',
      scenarioCode: context.scenarios[0]?.name ?? '',
      riskClass: '中',
      creditGrade: 'B',
      legalRepresentative: '张三',
      contactPhone: '13800000000',
      doNotDisturb: '否',
      doNotDisturbReason: '',
      doNotDisturbFrom: '',
      doNotDisturbUntil: '',
      longitude: '',
      latitude: '',
    };
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('市场主体');
    const fields = Object.keys(IMPORT_HEADINGS) as (keyof typeof IMPORT_HEADINGS)[];
    sheet.columns = fields.map((f) => ({
      header: IMPORT_HEADINGS[f],
      key: f,
      width: f === 'name' || f === 'address' ? 32 : 16,
      // Codes and phone numbers as text: a number cell would turn an 18-digit code into 9.15E+17.
      style: f === 'creditCode' || f === 'contactPhone' ? { numFmt: '@' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRow(example);
    const notes = workbook.addWorksheet('填写说明');
    notes.columns = [{ header: '列', width: 18 }, { header: '说明', width: 90 }];
    notes.addRows([
      ['统一社会信用代码', '18位，按 GB 32100-2015 校验；必填。同一代码出现多次时合并（后面的非空值优先）'],
      ['名称、地址', '必填'],
      ['乡镇', `必填，名称或代码：${context.townships.filter((t) => withinTownships(actor.townships, t.id)).map((t) => `${t.name}（${t.code}）`).join('、')}`],
      ['村（社区）', '必填，须为该乡镇的村（社区）'],
      ['场景', `可填名称或代码：${context.scenarios.map((s) => `${s.name}（${s.code}）`).join('、')}`],
      ['风险等级', '高、中、低'],
      ['信用等级', 'A、B、C、D（可写“A类”）'],
      ['联系电话', '11位手机号或带区号的固定电话'],
      ['无事不扰', '是/否；填“是”时须填原因；起、止为日期（如 2026-03-01），可不填'],
      ['经度、纬度', `可不填；填则两列都填，为 WGS-84 十进制度数（如 107.6318、29.7646），用于核对现场照片的拍摄地点。${WGS84_HINT}`],
    ]);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  return {
    list,
    get: async (options: { actor: AuthenticatedOfficer; id: string }) => businessOf(await reachable(prisma, options.actor, options.id)),
    create,
    update,
    importFile,
    template,
  };
}

export type BusinessService = ReturnType<typeof createBusinessService>;
