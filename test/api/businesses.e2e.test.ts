/**
 * Businesses (检查对象) over real HTTP on the real stack: creating and editing with each rule
 * (GB 32100, duplicates, the township's villages, 无事不扰), the register import of 2,000 rows
 * (check writes nothing, commit writes all or nothing, a second commit changes nothing),
 * duplicates merged, GB18030 CSV, files that are neither, and a coordinator of another
 * township who can neither read nor write these businesses.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { issueToken } from '../../db';
import { makeCreditCode, villages } from '../../prisma/seed-data/catalog';
import { useTestStack } from '../support/harness';

const stack = useTestStack({ name: 'businesses', officers: ['admin', 'coordinator-2', 'market-1'] });
const { prisma, http, tokens } = stack;

/** Valid codes of this file only (the seed's use other organisation codes). */
const code = (n: number) => makeCreditCode(`91500230WX${String(n).padStart(7, '0')}`);
/** The same code with a wrong check character. */
const badCheck = (c: string) => c.slice(0, 17) + (c[17] === '0' ? '1' : '0');

let townshipId = '';
let farToken = '';
let farTownshipId = '';

beforeAll(async () => {
  townshipId = (await prisma.township.findUniqueOrThrow({ where: { name: '包鸾镇' } })).id;
  // A second township with a coordinator who serves only it.
  const far = await prisma.township.create({ data: { code: '500230901', name: '青石镇', villages: { create: [{ name: '青石社区', kind: 'COMMUNITY' }] } } });
  farTownshipId = far.id;
  const officer = await prisma.officer.create({
    data: { key: 'coordinator-qingshi', name: '青石协调员', countyWide: false, roles: { create: [{ role: 'COORDINATOR' }] }, townships: { create: [{ townshipId: far.id }] } },
  });
  farToken = await issueToken(prisma, officer.id, 'test');
});

const body = (overrides: Record<string, unknown> = {}) => ({
  creditCode: code(1),
  name: '包鸾镇测试小吃店',
  townshipId,
  village: villages[0],
  address: '重庆市丰都县包鸾镇正街1号',
  scenarioCode: 'RESTAURANT',
  riskClass: 'MEDIUM',
  creditGrade: 'B',
  legalRepresentative: '张三',
  contactPhone: '13800000001',
  ...overrides,
});

async function upload(bytes: Buffer | Uint8Array, options: { name?: string; mode?: 'check' | 'commit'; token?: string; field?: string } = {}) {
  const form = new FormData();
  form.append(options.field ?? 'file', new Blob([bytes]), options.name ?? 'register.xlsx');
  const response = await fetch(`${stack.api.baseUrl}/api/businesses/import?mode=${options.mode ?? 'check'}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token ?? tokens['coordinator-2']}` },
    body: form,
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed };
}

const HEADINGS = ['统一社会信用代码', '企业名称', '乡镇', '村（社区）', '住所', '场景', '风险等级', '信用等级', '经营者', '联系电话', '无事不扰', '原因', '起', '止'];

async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名录');
  sheet.addRow(HEADINGS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A register row: business n in the demo township. */
const row = (n: number, overrides: Partial<Record<'code' | 'village' | 'dnd' | 'reason' | 'name' | 'phone', string>> = {}) => [
  overrides.code ?? code(n),
  overrides.name ?? `包鸾镇第${n}号商户`,
  '包鸾镇',
  overrides.village ?? villages[n % villages.length],
  `重庆市丰都县包鸾镇新街${n}号`,
  n % 2 ? '餐饮店' : '',
  ['低', '中', '高'][n % 3],
  'ABCD'[n % 4],
  `经营者${n}`,
  overrides.phone ?? `138${String(n).padStart(8, '0')}`,
  overrides.dnd ?? '否',
  overrides.reason ?? '',
  '',
  '',
];

/** How many of these codes are stored (in parts: SQLite binds at most 999 values a query here). */
async function countWithCodes(codes: string[]): Promise<number> {
  let count = 0;
  for (let i = 0; i < codes.length; i += 500) count += await prisma.target.count({ where: { creditCode: { in: codes.slice(i, i + 500) } } });
  return count;
}

describe('one business at a time', () => {
  test('created, read and edited with every change audited; each rule answers with its own code', async () => {
    const before = await prisma.target.count();
    const created = await http('POST', '/api/businesses', { token: tokens['coordinator-2'], body: body() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ creditCode: code(1), townshipName: '包鸾镇', samplingClass: 'MEDIUM', creditGradeLabel: 'B类（信用风险一般）' });
    const id = created.body.id as string;

    const wrongCheck = await http('POST', '/api/businesses', { token: tokens.admin, body: body({ creditCode: badCheck(code(2)) }) });
    expect(wrongCheck.status).toBe(422);
    expect(wrongCheck.body.error.code).toBe('CREDIT_CODE_INVALID');
    expect(wrongCheck.body.error.message).toContain('校验位（第18位）不正确');

    const duplicate = await http('POST', '/api/businesses', { token: tokens.admin, body: body({ name: '另一家' }) });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CREDIT_CODE_TAKEN');
    expect(duplicate.body.error.message).toContain('包鸾镇测试小吃店');

    const village = await http('POST', '/api/businesses', { token: tokens.admin, body: body({ creditCode: code(2), village: '不存在村' }) });
    expect(village.status).toBe(422);
    expect(village.body.error.code).toBe('VILLAGE_NOT_IN_TOWNSHIP');
    expect(village.body.error.message).toContain(villages[1]);

    const noReason = await http('POST', '/api/businesses', { token: tokens.admin, body: body({ creditCode: code(2), doNotDisturb: true }) });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('DO_NOT_DISTURB_REASON_REQUIRED');

    const backwards = await http('POST', '/api/businesses', {
      token: tokens.admin,
      body: body({ creditCode: code(2), doNotDisturb: true, doNotDisturbReason: 'A级诚信', doNotDisturbFrom: '2026-06-01', doNotDisturbUntil: '2026-05-01' }),
    });
    expect(backwards.body.error.code).toBe('DO_NOT_DISTURB_PERIOD_INVALID');

    const scenario = await http('POST', '/api/businesses', { token: tokens.admin, body: body({ creditCode: code(2), scenarioCode: 'NO_SUCH' }) });
    expect(scenario.body.error.code).toBe('UNKNOWN_SCENARIO');

    const unknownField = await http('POST', '/api/businesses', { token: tokens.admin, body: { ...body({ creditCode: code(2) }), extra: 1 } });
    expect(unknownField.status).toBe(400);

    const inspector = await http('POST', '/api/businesses', { token: tokens['market-1'], body: body({ creditCode: code(2) }) });
    expect(inspector.status).toBe(403);
    // Nothing of the refused requests was written.
    expect(await prisma.target.count()).toBe(before + 1);

    // Inspectors read.
    const read = await http('GET', `/api/businesses/${id}`, { token: tokens['market-1'] });
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('包鸾镇测试小吃店');

    const editedBody = body({ contactPhone: '023-70612345', doNotDisturb: true, doNotDisturbReason: '信用A级，无投诉', doNotDisturbFrom: '2026-01-01', doNotDisturbUntil: '2026-12-31' });
    const edited = await http('PUT', `/api/businesses/${id}`, { token: tokens['coordinator-2'], body: editedBody });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ contactPhone: '023-70612345', doNotDisturb: true });
    const badEdit = await http('PUT', `/api/businesses/${id}`, { token: tokens['coordinator-2'], body: body({ contactPhone: '12345' }) });
    expect(badEdit.body.error.code).toBe('PHONE_INVALID');
    // Saving the same values again is no change.
    expect((await http('PUT', `/api/businesses/${id}`, { token: tokens['coordinator-2'], body: editedBody })).status).toBe(200);

    const events = await prisma.auditEvent.findMany({ where: { subjectType: 'Target', subjectId: id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['BUSINESS_CREATED', 'BUSINESS_UPDATED']);
    expect(JSON.parse(events[1].payloadJson)).toEqual({
      fields: ['contactPhone', 'doNotDisturb', 'doNotDisturbReason', 'doNotDisturbFrom', 'doNotDisturbUntil'],
      before: { contactPhone: '13800000001', doNotDisturb: false, doNotDisturbReason: null, doNotDisturbFrom: null, doNotDisturbUntil: null },
      after: { contactPhone: '023-70612345', doNotDisturb: true, doNotDisturbReason: '信用A级，无投诉', doNotDisturbFrom: '2026-01-01', doNotDisturbUntil: '2026-12-31' },
    });

    const listed = await http('GET', `/api/businesses?doNotDisturb=true&q=${encodeURIComponent(code(1).slice(10).toLowerCase())}`, { token: tokens['market-1'] });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((b: { id: string }) => b.id)).toEqual([id]);
    const page = await http('GET', `/api/businesses?townshipId=${townshipId}&pageSize=2&page=2`, { token: tokens.admin });
    expect(page.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(4);
    // The older read stays as it was.
    expect((await http('GET', '/api/targets', { token: tokens['market-1'] })).status).toBe(200);
  });
});

describe('the register import', () => {
  const N = 2000;
  const codes = Array.from({ length: N }, (_, i) => code(10_000 + i));
  const good = () => codes.map((_, i) => row(10_000 + i));
  // Three bad rows, at Excel rows 101, 1001 and 2001 (the heading is row 1).
  const broken = () => {
    const rows = good();
    rows[99] = row(10_099, { code: badCheck(codes[99]) });
    rows[999] = row(10_999, { village: '月亮村' });
    rows[1999] = row(11_999, { dnd: '是' });
    return rows;
  };

  test('2,000 rows with three bad: check names exactly those, commit refuses; fixed, commit writes 2,000; again, all unchanged', async () => {
    const auditsBefore = await prisma.auditEvent.count();
    const file = await xlsxOf(broken());
    const checked = await upload(file, { name: '包鸾镇市场主体名录.xlsx' });
    expect(checked.status).toBe(200);
    expect(checked.body.committed).toBe(false);
    expect(checked.body.errors.map((e: any) => [e.row, e.column, e.code])).toEqual([
      [101, '统一社会信用代码', 'CREDIT_CODE_INVALID'],
      [1001, '村（社区）', 'VILLAGE_NOT_IN_TOWNSHIP'],
      [2001, '原因', 'DO_NOT_DISTURB_REASON_REQUIRED'],
    ]);
    expect(checked.body.errors[0].value).toBe(badCheck(codes[99]));
    expect(checked.body.errors[1].reason).toContain('包鸾镇没有“月亮村”');
    expect(checked.body.counts).toMatchObject({ created: N - 3, updated: 0, unchanged: 0, badRows: 3 });
    expect(checked.body.file.name).toBe('包鸾镇市场主体名录.xlsx');
    expect(await countWithCodes(codes)).toBe(0);

    const refused = await upload(file, { mode: 'commit' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(refused.body.report.errors).toHaveLength(3);
    expect(await countWithCodes(codes)).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(auditsBefore);

    const fixed = await xlsxOf(good());
    const committed = await upload(fixed, { mode: 'commit', name: 'fixed.xlsx' });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ committed: true, rows: N, counts: { created: N, updated: 0, unchanged: 0, badRows: 0 } });
    expect(await countWithCodes(codes)).toBe(N);
    const stored = await prisma.target.findUniqueOrThrow({ where: { creditCode: codes[1] } });
    expect(stored).toMatchObject({ name: '包鸾镇第10001号商户', townshipId, scenarioCode: 'RESTAURANT', riskClass: 'HIGH', creditGrade: 'B', doNotDisturb: false });
    const importEvent = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'BUSINESS_IMPORT' } });
    expect(JSON.parse(importEvent.payloadJson)).toMatchObject({ fileName: 'fixed.xlsx', sha256: committed.body.file.sha256, counts: { created: N } });
    expect(await prisma.auditEvent.count({ where: { action: 'BUSINESS_CREATED', payloadJson: { contains: importEvent.subjectId } } })).toBe(N);

    const again = await upload(fixed, { mode: 'commit' });
    expect(again.status).toBe(200);
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: N });
    expect(await countWithCodes(codes)).toBe(N);

    // One changed phone updates one business, audited with before and after.
    const changed = good();
    changed[5] = row(10_005, { phone: '13912345678' });
    const updated = await upload(await xlsxOf(changed), { mode: 'commit' });
    expect(updated.body.counts).toMatchObject({ created: 0, updated: 1, unchanged: N - 1 });
    const id = (await prisma.target.findUniqueOrThrow({ where: { creditCode: codes[5] } })).id;
    const last = await prisma.auditEvent.findFirstOrThrow({ where: { subjectType: 'Target', subjectId: id, action: 'BUSINESS_UPDATED' } });
    expect(JSON.parse(last.payloadJson)).toMatchObject({ fields: ['contactPhone'], before: { contactPhone: '13800010005' }, after: { contactPhone: '13912345678' } });
  }, 120_000);

  test('a credit code twice in the file is merged into one business and reported (UTF-8 CSV with BOM)', async () => {
    const csv = [
      '统一社会信用代码,名称,乡镇,村社区,地址,联系电话',
      `${code(20)},合并测试店,500230900,${villages[1]},老街1号,13800000020`,
      `${code(21)},"另一家,带逗号",包鸾镇,${villages[1]},老街2号,`,
      `${code(20)},合并测试店（新名）,,,,`,
    ].join('\r\n');
    const result = await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), { name: 'dup.csv', mode: 'commit' });
    expect(result.status).toBe(200);
    expect(result.body.file).toMatchObject({ type: 'csv', encoding: 'UTF-8' });
    expect(result.body.counts).toMatchObject({ created: 2, mergedRows: 1 });
    expect(result.body.merged).toEqual([{ creditCode: code(20), rows: [2, 4], conflicts: [{ column: '名称', values: [{ row: 2, value: '合并测试店' }, { row: 4, value: '合并测试店（新名）' }], kept: '合并测试店（新名）' }] }]);
    expect(await prisma.target.findUniqueOrThrow({ where: { creditCode: code(20) } })).toMatchObject({ name: '合并测试店（新名）', address: '老街1号', contactPhone: '13800000020' });
    expect((await prisma.target.findUniqueOrThrow({ where: { creditCode: code(21) } })).name).toBe('另一家,带逗号');
  });

  test('a GB18030 CSV (as Excel in China saves it) imports with correct Chinese names', async () => {
    const csv = ['统一社会信用代码,企业名称,乡镇,村(社区),住所,无事不扰,原因,起,止', `${code(30)},包鸾镇鑫鑫农家乐（𠀋记）,包鸾镇,${villages[2]},飞仙洞村3组,是,新开业扶持,2026/3/1,2026/12/31`].join('\r\n');
    const bytes = iconv.encode(csv, 'gb18030');
    expect(bytes.includes(Buffer.from('包鸾镇', 'utf8'))).toBe(false);
    const result = await upload(bytes, { name: 'gbk.csv', mode: 'commit' });
    expect(result.status).toBe(200);
    expect(result.body.file.encoding).toBe('GB18030');
    expect(await prisma.target.findUniqueOrThrow({ where: { creditCode: code(30) } })).toMatchObject({
      name: '包鸾镇鑫鑫农家乐（𠀋记）',
      village: villages[2],
      doNotDisturb: true,
      doNotDisturbReason: '新开业扶持',
      doNotDisturbFrom: '2026-03-01',
      doNotDisturbUntil: '2026-12-31',
    });
  });

  test('files that are neither, no file, a file too large, headings missing: clear 4xx codes', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const neither = await upload(png, { name: 'photo.csv' });
    expect(neither.status).toBe(415);
    expect(neither.body.error.code).toBe('IMPORT_FILE_TYPE_UNSUPPORTED');
    const xls = await upload(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'), { name: 'old.xls' });
    expect(xls.body.error.code).toBe('IMPORT_FILE_TYPE_UNSUPPORTED');
    expect(xls.body.error.message).toContain('.xls');
    const zip = await upload(Buffer.from('504b0304ffffffff', 'hex'), { name: 'broken.xlsx' });
    expect(zip.status).toBe(422);
    expect(zip.body.error.code).toBe('IMPORT_FILE_UNREADABLE');
    const noFile = await upload(Buffer.from('x'), { field: 'document' });
    expect(noFile.status).toBe(400);
    const large = await upload(Buffer.alloc(11 * 1024 * 1024, 0x41), { name: 'big.csv' });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const headings = await upload(Buffer.from('统一社会信用代码,名称\r\n', 'utf8'), { name: 'short.csv' });
    expect(headings.status).toBe(422);
    expect(headings.body.error.code).toBe('IMPORT_HEADERS_INVALID');
    expect(headings.body.error.message).toContain('乡镇');
    const inspector = await upload(Buffer.from('a'), { token: tokens['market-1'] });
    expect(inspector.status).toBe(403);
  });

  test('the template has the headings and an example row that imports as it is', async () => {
    const response = await fetch(`${stack.api.baseUrl}/api/businesses/import-template`, { headers: { authorization: `Bearer ${tokens['coordinator-2']}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = Buffer.from(await response.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect((workbook.worksheets[0].getRow(1).values as string[]).slice(1, 6)).toEqual(['统一社会信用代码', '名称', '乡镇', '村（社区）', '地址']);
    const checked = await upload(bytes, { name: 'template.xlsx' });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ errors: [], counts: { created: 1 } });
  });
});

describe('township reach', () => {
  test('a coordinator of another township can neither read nor write these businesses', async () => {
    const made = await http('POST', '/api/businesses', { token: tokens.admin, body: body({ creditCode: code(43), name: '包鸾镇另一测试店' }) });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const list = await http('GET', '/api/businesses?pageSize=200', { token: farToken });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(0);
    expect((await http('GET', `/api/businesses/${id}`, { token: farToken })).status).toBe(404);
    const edit = await http('PUT', `/api/businesses/${id}`, { token: farToken, body: body({ townshipId: farTownshipId, village: '青石社区' }) });
    expect(edit.status).toBe(404);
    expect(edit.body.error.code).toBe('BUSINESS_NOT_FOUND');
    const into = await http('POST', '/api/businesses', { token: farToken, body: body({ creditCode: code(40) }) });
    expect(into.status).toBe(403);
    expect(into.body.error.code).toBe('TOWNSHIP_OUT_OF_REACH');
    // The code is taken county-wide; the refusal names the township, not the business.
    const taken = await http('POST', '/api/businesses', { token: farToken, body: body({ creditCode: code(43), townshipId: farTownshipId, village: '青石社区' }) });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('包鸾镇');
    expect(taken.body.error.message).not.toContain('包鸾镇另一测试店');
    const imported = await upload(await xlsxOf([row(43), row(41)]), { token: farToken, mode: 'commit' });
    expect(imported.status).toBe(422);
    expect(imported.body.report.errors.map((e: any) => [e.row, e.code])).toEqual([
      [2, 'TOWNSHIP_OUT_OF_REACH'],
      [3, 'TOWNSHIP_OUT_OF_REACH'],
    ]);
    expect(await countWithCodes([code(41)])).toBe(0);
    // In its own township it works.
    const own = await http('POST', '/api/businesses', { token: farToken, body: body({ creditCode: code(42), townshipId: '青石镇', village: '青石社区' }) });
    expect(own.status).toBe(201);
    expect((await http('GET', '/api/businesses', { token: farToken })).body.items.map((b: any) => b.creditCode)).toEqual([code(42)]);
  });

  test('the OpenAPI document declares the upload as multipart/form-data', async () => {
    const doc = await http('GET', '/api/openapi.json');
    const operation = doc.body.paths['/api/businesses/import'].post;
    expect(Object.keys(operation.requestBody.content)).toEqual(['multipart/form-data']);
    expect(operation.description).toContain('IMPORT_HAS_ERRORS');
  });
});

describe("the business's registered place (WGS-84)", () => {
  test('created, read, moved and cleared through the API; half a point or out of range refused with its own code', async () => {
    const place = { latitude: 29.7646, longitude: 107.6318 };
    const created = await http('POST', '/api/businesses', { token: tokens['coordinator-2'], body: body({ creditCode: code(50), ...place }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(place);
    const id = created.body.id as string;
    expect((await http('GET', `/api/businesses/${id}`, { token: tokens['market-1'] })).body).toMatchObject(place);
    expect(await prisma.target.findUniqueOrThrow({ where: { id } })).toMatchObject(place);

    const moved = await http('PUT', `/api/businesses/${id}`, { token: tokens['coordinator-2'], body: body({ creditCode: code(50), latitude: 29.7712, longitude: 107.6405 }) });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ latitude: 29.7712, longitude: 107.6405 });
    const events = await prisma.auditEvent.findMany({ where: { subjectType: 'Target', subjectId: id, action: 'BUSINESS_UPDATED' } });
    expect(JSON.parse(events[0].payloadJson)).toEqual({ fields: ['latitude', 'longitude'], before: place, after: { latitude: 29.7712, longitude: 107.6405 } });

    const half = await http('PUT', `/api/businesses/${id}`, { token: tokens['coordinator-2'], body: body({ creditCode: code(50), latitude: 29.7712, longitude: null }) });
    expect(half.status).toBe(422);
    expect(half.body.error.code).toBe('COORDINATES_INCOMPLETE');
    expect(half.body.error.message).toContain('经度和纬度须同时填写或同时留空');
    const halfNew = await http('POST', '/api/businesses', { token: tokens['coordinator-2'], body: body({ creditCode: code(51), longitude: 107.6 }) });
    expect(halfNew.status).toBe(422);
    expect(halfNew.body.error.code).toBe('COORDINATES_INCOMPLETE');
    const swapped = await http('POST', '/api/businesses', { token: tokens['coordinator-2'], body: body({ creditCode: code(51), latitude: 107.6318, longitude: 29.7646 }) });
    expect(swapped.status).toBe(422);
    expect(swapped.body.error.code).toBe('COORDINATE_OUT_OF_RANGE');
    expect(swapped.body.error.message).toContain('可能填反了');
    const text = await http('POST', '/api/businesses', { token: tokens['coordinator-2'], body: body({ creditCode: code(51), latitude: '29.7', longitude: '107.6' }) });
    expect(text.status).toBe(400);
    expect(await prisma.target.findUnique({ where: { creditCode: code(51) } })).toBeNull();
    // The refused edit left the stored place as it was.
    expect(await prisma.target.findUniqueOrThrow({ where: { id } })).toMatchObject({ latitude: 29.7712, longitude: 107.6405 });

    // Leaving both out clears the place (a PUT is the whole business).
    const cleared = await http('PUT', `/api/businesses/${id}`, { token: tokens['coordinator-2'], body: body({ creditCode: code(50) }) });
    expect(cleared.body).toMatchObject({ latitude: null, longitude: null });
  });

  test('an import with 经度/纬度 columns stores them and reports an out-of-range value on its row', async () => {
    const csv = [
      '统一社会信用代码,名称,乡镇,村社区,地址,经度（WGS-84）,纬度（WGS-84）',
      `${code(52)},坐标小吃店,包鸾镇,${villages[0]},新街60号,107.6318,29.7646`,
      `${code(53)},坐标超市,包鸾镇,${villages[0]},新街61号,107.64,129.77`,
      `${code(54)},无坐标店,包鸾镇,${villages[0]},新街62号,,`,
    ].join('\r\n');
    const refused = await upload(Buffer.from(csv, 'utf8'), { name: 'coordinates.csv', mode: 'commit' });
    expect(refused.status).toBe(422);
    expect(refused.body.report.errors).toEqual([
      { row: 3, column: '纬度（WGS-84）', value: '129.77', code: 'COORDINATE_OUT_OF_RANGE', reason: expect.stringContaining('纬度应在 -90 到 90 之间') },
    ]);
    expect(await prisma.target.findUnique({ where: { creditCode: code(52) } })).toBeNull();

    const fixed = await upload(Buffer.from(csv.replace('129.77', '29.77'), 'utf8'), { name: 'coordinates.csv', mode: 'commit' });
    expect(fixed.status).toBe(200);
    expect(fixed.body.counts).toMatchObject({ created: 3, badRows: 0 });
    expect(await prisma.target.findUniqueOrThrow({ where: { creditCode: code(52) } })).toMatchObject({ longitude: 107.6318, latitude: 29.7646 });
    expect(await prisma.target.findUniqueOrThrow({ where: { creditCode: code(53) } })).toMatchObject({ longitude: 107.64, latitude: 29.77 });
    expect(await prisma.target.findUniqueOrThrow({ where: { creditCode: code(54) } })).toMatchObject({ longitude: null, latitude: null });
  });
});
