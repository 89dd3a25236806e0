/**
 * The rules of a business and of the register import, without a database: GB 32100 messages,
 * the township's villages, 无事不扰, heading synonyms, cell words, merging duplicates, and what
 * an import would create, update or leave alone.
 */
import { describe, expect, test } from '@jest/globals';
import { convertCell, fieldOfHeading, mapHeadings, normalizeHeading, parseCsv, parseSheetDate, planImport, type ExistingBusiness, type SheetRow } from '../../domain/business-import';
import { type BusinessContext, type BusinessRecord, businessChanges, checkBusiness, creditCodeMessage } from '../../domain/business-record';
import { makeCreditCode } from '../../prisma/seed-data/catalog';

const code = (n: number) => makeCreditCode(`92500230MA${String(n).padStart(7, '0')}`);

const context: BusinessContext = {
  townships: [
    { id: 't1', code: '500230900', name: '包鸾镇', villages: ['包鸾社区', '飞仙洞村'] },
    { id: 't2', code: '500230901', name: '另一镇', villages: ['东村'] },
  ],
  scenarios: [{ code: 'RESTAURANT', name: '餐饮服务' }],
  scope: ['t1'],
};

const valid = { creditCode: code(1), name: '老王家常菜馆', townshipId: 't1', village: '包鸾社区', address: '新街52号' };

describe('checkBusiness', () => {
  test('a complete business passes; names of townships and scenarios are resolved', () => {
    const result = checkBusiness({ ...valid, townshipId: '包鸾镇', scenarioCode: '餐饮服务', contactPhone: '13800000000' }, context);
    expect(result.ok && result.record).toMatchObject({ townshipId: 't1', scenarioCode: 'RESTAURANT', doNotDisturb: false, riskClass: null });
  });

  test('GB 32100: the message says which check failed', () => {
    const good = code(1);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(creditCodeMessage(good)).toBeNull();
    expect(creditCodeMessage(wrongCheck)).toContain('校验位（第18位）不正确');
    expect(creditCodeMessage(wrongCheck)).toContain(`应为“${good[17]}”`);
    expect(creditCodeMessage(good.slice(0, 17))).toContain('应为18位，实为17位');
    expect(creditCodeMessage(`${good.slice(0, 5)}I${good.slice(6)}`)).toContain('第6位“I”不是允许的字符');
    // Lower case and blanks a person adds are forgiven.
    const spaced = checkBusiness({ ...valid, creditCode: ` ${good.toLowerCase().slice(0, 9)} ${good.toLowerCase().slice(9)}` }, context);
    expect(spaced.ok && spaced.record.creditCode).toBe(good);
  });

  test('the village must be one of the township’s; the township within reach; the scenario known', () => {
    const result = checkBusiness({ ...valid, village: '东村', scenarioCode: 'NOPE' }, context);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['VILLAGE_NOT_IN_TOWNSHIP', 'UNKNOWN_SCENARIO']);
    const elsewhere = checkBusiness({ ...valid, townshipId: 't2', village: '东村' }, context);
    expect(!elsewhere.ok && elsewhere.problems.map((p) => p.code)).toEqual(['TOWNSHIP_OUT_OF_REACH']);
    expect(checkBusiness({ ...valid, townshipId: 't2', village: '东村' }, { ...context, scope: null }).ok).toBe(true);
    const unknown = checkBusiness({ ...valid, townshipId: '不存在镇' }, context);
    expect(!unknown.ok && unknown.problems.map((p) => p.code)).toEqual(['UNKNOWN_TOWNSHIP']);
  });

  test('无事不扰 needs a reason and from ≤ until; a reason without the flag is refused, not dropped', () => {
    const noReason = checkBusiness({ ...valid, doNotDisturb: true }, context);
    expect(!noReason.ok && noReason.problems.map((p) => p.code)).toEqual(['DO_NOT_DISTURB_REASON_REQUIRED']);
    const backwards = checkBusiness({ ...valid, doNotDisturb: true, doNotDisturbReason: '诚信经营', doNotDisturbFrom: '2026-05-01', doNotDisturbUntil: '2026-04-30' }, context);
    expect(!backwards.ok && backwards.problems.map((p) => p.code)).toEqual(['DO_NOT_DISTURB_PERIOD_INVALID']);
    const badDate = checkBusiness({ ...valid, doNotDisturb: true, doNotDisturbReason: '诚信经营', doNotDisturbFrom: '2026-02-30' }, context);
    expect(!badDate.ok && badDate.problems.map((p) => p.code)).toEqual(['DATE_INVALID']);
    const stray = checkBusiness({ ...valid, doNotDisturbReason: '诚信经营' }, context);
    expect(!stray.ok && stray.problems.map((p) => p.code)).toEqual(['DO_NOT_DISTURB_NOT_SET']);
    expect(checkBusiness({ ...valid, doNotDisturb: true, doNotDisturbReason: '诚信经营', doNotDisturbFrom: '2026-05-01' }, context).ok).toBe(true);
  });

  test('the registered place (WGS-84): both or neither, in range; a swapped pair is named', () => {
    const placed = checkBusiness({ ...valid, latitude: 29.7646, longitude: 107.6318 }, context);
    expect(placed.ok && [placed.record.latitude, placed.record.longitude]).toEqual([29.7646, 107.6318]);
    const none = checkBusiness(valid, context);
    expect(none.ok && [none.record.latitude, none.record.longitude]).toEqual([null, null]);
    const half = checkBusiness({ ...valid, latitude: 29.7646 }, context);
    expect(!half.ok && half.problems.map((p) => [p.field, p.code])).toEqual([['longitude', 'COORDINATES_INCOMPLETE']]);
    const swapped = checkBusiness({ ...valid, latitude: 107.6318, longitude: 29.7646 }, context);
    expect(!swapped.ok && swapped.problems.map((p) => [p.field, p.code])).toEqual([['latitude', 'COORDINATE_OUT_OF_RANGE']]);
    expect(!swapped.ok && swapped.problems[0].message).toContain('可能填反了');
    const east = checkBusiness({ ...valid, latitude: 29.7, longitude: 180.5 }, context);
    expect(!east.ok && east.problems.map((p) => [p.field, p.code])).toEqual([['longitude', 'COORDINATE_OUT_OF_RANGE']]);
    expect(!east.ok && east.problems[0].message).toContain('WGS-84');
    expect(checkBusiness({ ...valid, latitude: Number.NaN, longitude: 107 }, context).ok).toBe(false);
  });

  test('every missing required field is reported at once', () => {
    const result = checkBusiness({ creditCode: code(2) }, context);
    expect(!result.ok && result.problems.map((p) => p.field)).toEqual(['name', 'address', 'village', 'townshipId']);
  });

  test('businessChanges keeps only the changed fields', () => {
    const before = (checkBusiness(valid, context) as { record: BusinessRecord }).record;
    const after = { ...before, contactPhone: '13800000000' };
    expect(businessChanges(before, after)).toEqual({ fields: ['contactPhone'], before: { contactPhone: null }, after: { contactPhone: '13800000000' } });
  });
});

describe('headings and cells', () => {
  test('the register’s headings and their usual variants', () => {
    expect(normalizeHeading(' 村（社区） ')).toBe('村社区');
    expect(fieldOfHeading('*统一社会信用代码')).toBe('creditCode');
    expect(fieldOfHeading('企业名称')).toBe('name');
    expect(fieldOfHeading('村/社区')).toBe('village');
    expect(fieldOfHeading('住所')).toBe('address');
    expect(fieldOfHeading('法定代表人（负责人/经营者）')).toBe('legalRepresentative');
    expect(fieldOfHeading('起')).toBe('doNotDisturbFrom');
    expect(fieldOfHeading('备注')).toBeUndefined();
    expect(fieldOfHeading('经度（WGS-84）')).toBe('longitude');
    expect(fieldOfHeading('Latitude')).toBe('latitude');
    // Another datum is not read as WGS-84: the column is left unread.
    expect(fieldOfHeading('纬度（GCJ-02）')).toBeUndefined();
  });

  test('the heading row may sit under a title; missing and doubled columns are named', () => {
    const rows: SheetRow[] = [
      { rowNumber: 1, cells: ['丰都县市场主体名录'] },
      { rowNumber: 2, cells: ['统一社会信用代码', '企业名称', '乡镇', '村（社区）', '住所', '备注'] },
    ];
    const mapped = mapHeadings(rows);
    expect(mapped.ok && mapped.headerRow).toBe(2);
    expect(mapped.ok && mapped.ignored).toEqual(['备注']);
    const missing = mapHeadings([{ rowNumber: 1, cells: ['统一社会信用代码', '名称'] }]);
    expect(!missing.ok && missing.message).toContain('缺少：乡镇');
    const doubled = mapHeadings([{ rowNumber: 1, cells: ['统一社会信用代码', '名称', '企业名称', '乡镇', '村', '地址'] }]);
    expect(!doubled.ok && doubled.message).toContain('“名称”与“企业名称”都表示名称');
    expect(mapHeadings([{ rowNumber: 1, cells: ['a', 'b'] }]).ok).toBe(false);
  });

  test('cell words become stored values', () => {
    expect(convertCell('doNotDisturb', '是')).toEqual({ ok: true, value: true });
    expect(convertCell('doNotDisturb', '否')).toEqual({ ok: true, value: false });
    expect(convertCell('doNotDisturb', '也许').ok).toBe(false);
    expect(convertCell('riskClass', '高风险')).toEqual({ ok: true, value: 'HIGH' });
    expect(convertCell('creditGrade', 'Ａ类')).toEqual({ ok: true, value: 'A' });
    expect(convertCell('creditCode', '9.15002301234568E+17').ok).toBe(false);
    expect(convertCell('latitude', ' 29.7646° ')).toEqual({ ok: true, value: 29.7646 });
    expect(convertCell('longitude', '１０７.６３')).toEqual({ ok: true, value: 107.63 });
    expect(convertCell('longitude', '东经107度').ok).toBe(false);
    expect(parseSheetDate('2026/3/1')).toBe('2026-03-01');
    expect(parseSheetDate('2026年3月1日')).toBe('2026-03-01');
    expect(parseSheetDate('20260301')).toBe('2026-03-01');
    expect(parseSheetDate('2026-02-30')).toBeNull();
  });

  test('CSV as Excel writes it: quotes, doubled quotes, line breaks inside quotes, CRLF, tabs', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,"two\nlines",3\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
    ]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('planImport', () => {
  const HEAD = ['统一社会信用代码', '名称', '乡镇', '村（社区）', '地址', '联系电话'];
  const headings = (rows: SheetRow[]) => {
    const mapped = mapHeadings(rows);
    if (!mapped.ok) throw new Error(mapped.message);
    return mapped;
  };
  const sheet = (...data: string[][]): SheetRow[] => [HEAD, ...data].map((cells, i) => ({ rowNumber: i + 1, cells }));

  test('bad cells are reported with their row, the file’s heading, the value and the reason', () => {
    const bad = code(3).slice(0, 17) + (code(3)[17] === '0' ? '1' : '0');
    const rows = sheet(
      [code(1), '甲店', '包鸾镇', '包鸾社区', '正街1号', ''],
      [bad, '乙店', '包鸾镇', '包鸾社区', '正街2号', ''],
      [code(4), '丙店', '500230900', '无此村', '正街3号', '12345'],
    );
    const plan = planImport(rows, headings(rows), context, new Map());
    expect(plan.problems.map((p) => [p.row, p.column, p.value, p.code])).toEqual([
      [3, '统一社会信用代码', bad, 'CREDIT_CODE_INVALID'],
      [4, '村（社区）', '无此村', 'VILLAGE_NOT_IN_TOWNSHIP'],
      [4, '联系电话', '12345', 'PHONE_INVALID'],
    ]);
    expect(plan.creates.map((c) => c.record.name)).toEqual(['甲店']);
  });

  test('经度/纬度 columns: stored as numbers; out of range, half-filled or unreadable reported on their row', () => {
    const head = ['统一社会信用代码', '名称', '乡镇', '村', '地址', '经度', '纬度'];
    const rows: SheetRow[] = [
      head,
      [code(1), '甲店', '包鸾镇', '包鸾社区', '正街1号', '107.6318', '29.7646'],
      [code(2), '乙店', '包鸾镇', '包鸾社区', '正街2号', '107.64', '95'],
      [code(3), '丙店', '包鸾镇', '包鸾社区', '正街3号', '107.64', ''],
      [code(4), '丁店', '包鸾镇', '包鸾社区', '正街4号', '一百零七', '29.7'],
      [code(5), '戊店', '包鸾镇', '包鸾社区', '正街5号', '', ''],
    ].map((cells, i) => ({ rowNumber: i + 1, cells }));
    const plan = planImport(rows, headings(rows), context, new Map());
    expect(plan.problems.map((p) => [p.row, p.column, p.value, p.code])).toEqual([
      [3, '纬度', '95', 'COORDINATE_OUT_OF_RANGE'],
      [4, '纬度', '', 'COORDINATES_INCOMPLETE'],
      [5, '经度', '一百零七', 'CELL_INVALID'],
    ]);
    expect(plan.creates.map((c) => [c.record.name, c.record.longitude, c.record.latitude])).toEqual([
      ['甲店', 107.6318, 29.7646],
      ['戊店', null, null],
    ]);
  });

  test('an unreadable cell is reported once, without what follows from it', () => {
    const head = ['统一社会信用代码', '名称', '乡镇', '村', '地址', '无事不扰', '原因'];
    const rows: SheetRow[] = [head, [code(5), '丁店', '包鸾镇', '包鸾社区', '正街5号', '也许', '诚信经营']].map((cells, i) => ({ rowNumber: i + 1, cells }));
    const plan = planImport(rows, headings(rows), context, new Map());
    expect(plan.problems.map((p) => [p.row, p.column, p.value, p.code])).toEqual([[2, '无事不扰', '也许', 'CELL_INVALID']]);
    expect(plan.creates).toEqual([]);
  });

  test('rows of one credit code are merged: the later non-empty value wins, differences are reported', () => {
    const rows = sheet(
      [code(1), '甲店', '包鸾镇', '包鸾社区', '正街1号', '13800000001'],
      [code(2), '乙店', '包鸾镇', '包鸾社区', '正街2号', ''],
      [code(1), '甲店（更名）', '', '', '', ''],
    );
    const plan = planImport(rows, headings(rows), context, new Map());
    expect(plan.problems).toEqual([]);
    expect(plan.merged).toEqual([{ creditCode: code(1), rows: [2, 4], conflicts: [{ column: '名称', values: [{ row: 2, value: '甲店' }, { row: 4, value: '甲店（更名）' }], kept: '甲店（更名）' }] }]);
    expect(plan.creates.find((c) => c.record.creditCode === code(1))?.record).toMatchObject({ name: '甲店（更名）', address: '正街1号', contactPhone: '13800000001' });
  });

  test('existing businesses: updated, unchanged, or refused outside the reach; absent columns keep their values', () => {
    const stored = (n: number, townshipId: string, extra: Partial<BusinessRecord> = {}): ExistingBusiness => ({
      id: `id${n}`,
      name: `店${n}`,
      townshipName: townshipId === 't1' ? '包鸾镇' : '另一镇',
      record: {
        creditCode: code(n),
        name: `店${n}`,
        townshipId,
        village: townshipId === 't1' ? '包鸾社区' : '东村',
        address: '正街',
        scenarioCode: null,
        riskClass: null,
        creditGrade: 'B',
        legalRepresentative: null,
        contactPhone: null,
        doNotDisturb: true,
        doNotDisturbReason: '诚信经营',
        doNotDisturbFrom: null,
        doNotDisturbUntil: null,
        latitude: null,
        longitude: null,
        ...extra,
      },
    });
    const existing = new Map([stored(1, 't1'), stored(2, 't1'), stored(3, 't2')].map((e) => [e.record.creditCode, e]));
    const rows = sheet(
      [code(1), '店1', '包鸾镇', '包鸾社区', '正街', ''],
      [code(2), '店2', '包鸾镇', '飞仙洞村', '正街', ''],
      [code(3), '店3', '另一镇', '东村', '正街', ''],
    );
    const plan = planImport(rows, headings(rows), context, existing);
    expect(plan.unchanged.map((u) => u.id)).toEqual(['id1']);
    expect(plan.updates.map((u) => [u.id, u.changes.fields])).toEqual([['id2', ['village']]]);
    // 信用等级 and 无事不扰 are not columns of this file: kept.
    expect(plan.updates[0].after).toMatchObject({ creditGrade: 'B', doNotDisturb: true, doNotDisturbReason: '诚信经营' });
    expect(plan.problems.map((p) => [p.row, p.code])).toEqual([[4, 'TOWNSHIP_OUT_OF_REACH']]);
  });
});
