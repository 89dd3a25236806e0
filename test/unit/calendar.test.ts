import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { isWorkday as packageIsWorkday } from 'chinese-days';
import fc from 'fast-check';
import {
  CALENDAR_EXTRA_DATA_ENV,
  createCalendarLookups,
  loadWorkingDayCalendar,
} from '../../db';
import {
  BUILT_IN_CALENDAR_DATA,
  CalendarDataError,
  CalendarInputError,
  CalendarYearUnknownError,
  addCalendarDays,
  calendarDataProblems,
  createWorkingDayCalendar,
  dayOfWeek,
  type WorkingDayCalendarData,
} from '../../domain/calendar';
import { createDeadlineCalendar } from '../../domain/statutory-holidays';
import { extractYears } from '../../scripts/calendar-data';
import packageData from 'chinese-days/dist/chinese-days.json';

const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);

/** Every date from `from` to `to`, inclusive. */
function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
  return dates;
}

/** Thrown error of `fn`, failing the test when it does not throw. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('built-in data (chinese-days 1.5.7)', () => {
  test('covers exactly the published years 2025 and 2026', () => {
    expect(calendar.calendarCoverage()).toEqual([2025, 2026]);
    expect(calendarDataProblems(BUILT_IN_CALENDAR_DATA)).toEqual([]);
  });

  test('the committed JSON is what the generator extracts from the package', () => {
    expect(extractYears(packageData, 'chinese-days@1.5.7')).toEqual(BUILT_IN_CALENDAR_DATA);
  });

  test('agrees with the package on every day of 2025 and 2026', () => {
    const disagreements = datesFrom('2025-01-01', '2026-12-31').filter((d) => calendar.isWorkingDay(d) !== packageIsWorkday(d));
    expect(disagreements).toEqual([]);
  });
});

describe('2025 National Day and Mid-Autumn (国办发明电〔2024〕12号)', () => {
  test('1–8 October are rest days, Wednesday to Wednesday', () => {
    for (const d of datesFrom('2025-10-01', '2025-10-08')) expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay('2025-09-30')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  test('Sunday 28 September and Saturday 11 October are make-up working days', () => {
    expect(dayOfWeek('2025-09-28')).toBe(0);
    expect(dayOfWeek('2025-10-11')).toBe(6);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    // The weekend days around them stay rest days.
    expect(calendar.isWorkingDay('2025-09-27')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
  });
});

describe('2026 Spring Festival (2026 notice: 15–23 February, work on 14 and 28 February)', () => {
  test('nine rest days from Sunday 15 to Monday 23 February', () => {
    for (const d of datesFrom('2026-02-15', '2026-02-23')) expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
  });

  test('Saturdays 14 and 28 February are make-up working days', () => {
    expect([dayOfWeek('2026-02-14'), dayOfWeek('2026-02-28')]).toEqual([6, 6]);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
  });

  test('an ordinary weekend is a rest day, an ordinary weekday a working day', () => {
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true); // Monday
  });
});

describe('addWorkingDays (start date not counted)', () => {
  test('the next working day after Friday 26 September 2025 is the make-up Sunday', () => {
    expect(calendar.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
  });

  test('a long holiday is skipped: 1 working day after 30 September 2025 is 9 October', () => {
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
  });

  test('7 working days of legal review from 25 September 2025 end on the make-up Saturday 11 October', () => {
    // 26 Sep, 28 Sep (make-up), 29, 30 Sep, [1–8 Oct off], 9, 10, 11 Oct (make-up).
    expect(calendar.addWorkingDays('2025-09-25', 7)).toBe('2025-10-11');
    // Extension by 3 more working days: 13, 14, 15 October.
    expect(calendar.addWorkingDays(calendar.addWorkingDays('2025-09-25', 7), 3)).toBe('2025-10-15');
    expect(calendar.addWorkingDays('2025-09-25', 10)).toBe('2025-10-15');
  });

  test('counting from a rest day starts on the next working day', () => {
    expect(calendar.addWorkingDays('2026-02-15', 1)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  test('0 working days is the start date itself', () => {
    expect(calendar.addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
  });

  test('rejects negative, fractional and malformed input', () => {
    expect(errorOf(() => calendar.addWorkingDays('2025-09-25', -1))).toBeInstanceOf(CalendarInputError);
    expect(errorOf(() => calendar.addWorkingDays('2025-09-25', 1.5))).toBeInstanceOf(CalendarInputError);
    expect(errorOf(() => calendar.addWorkingDays('2025-9-25', 1)).message).toBe('日期“2025-9-25”无效，应为 YYYY-MM-DD 格式的公历日期');
    expect(errorOf(() => calendar.isWorkingDay('2025-02-29'))).toBeInstanceOf(CalendarInputError);
  });
});

describe('workingDaysBetween', () => {
  test('counts the working days in (from, to]', () => {
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    expect(calendar.workingDaysBetween('2025-09-25', '2025-10-11')).toBe(7);
    expect(calendar.workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(calendar.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
  });

  test('is negative when `to` is before `from`', () => {
    expect(calendar.workingDaysBetween('2025-10-11', '2025-09-25')).toBe(-7);
  });
});

describe('addCalendarDays', () => {
  test('crosses months, years and leap days without holiday data', () => {
    expect(addCalendarDays('2025-10-01', 90)).toBe('2025-12-30'); // a 90-day case clock
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(calendar.addCalendarDays('2025-01-01', 365)).toBe('2026-01-01');
  });

  test('matches UTC Date arithmetic (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30000, max: 80000 }), fc.integer({ min: -2000, max: 2000 }), (start, days) => {
        const from = new Date(start * 86_400_000).toISOString().slice(0, 10);
        const expected = new Date((start + days) * 86_400_000).toISOString().slice(0, 10);
        expect(addCalendarDays(from, days)).toBe(expected);
        expect(dayOfWeek(from)).toBe(new Date(start * 86_400_000).getUTCDay());
      }),
    );
  });
});

describe('the official calendar alone (no statutory holidays given) refuses unknown years', () => {
  test('a date in 2028 names the year and what to do, in Chinese', () => {
    const error = errorOf(() => calendar.isWorkingDay('2028-03-01'));
    expect(error).toBeInstanceOf(CalendarYearUnknownError);
    expect((error as CalendarYearUnknownError).year).toBe(2028);
    expect(error.message).toBe(
      '2028年的节假日安排尚未发布（国务院办公厅通知）或尚未收录，无法计算工作日；请在配置中补充该年度数据（CALENDAR_EXTRA_DATA）。已收录：2025年、2026年',
    );
  });

  test('a period running into 2027 fails instead of assuming 1 January is a working day', () => {
    const error = errorOf(() => calendar.addWorkingDays('2026-12-28', 5));
    expect(error).toBeInstanceOf(CalendarYearUnknownError);
    expect((error as CalendarYearUnknownError).year).toBe(2027);
    expect(errorOf(() => calendar.workingDaysBetween('2026-12-01', '2027-01-05'))).toBeInstanceOf(CalendarYearUnknownError);
    // Within the year it still works: 29, 30, 31 December.
    expect(calendar.addWorkingDays('2026-12-28', 3)).toBe('2026-12-31');
  });

  test('a year before the data says it is not loaded, not unpublished', () => {
    expect(errorOf(() => calendar.isWorkingDay('2024-06-03')).message).toMatch(/^2024年的节假日安排未收录，无法计算工作日/);
  });
});

describe('properties over 2025–2026', () => {
  const startDate = fc.integer({ min: 0, max: 600 }).map((offset) => addCalendarDays('2025-01-01', offset));
  // Bounded so that every period stays inside 2026 (60 working days ≈ 90 calendar days).
  const count = fc.integer({ min: 1, max: 60 });

  test('the deadline is a working day and exactly n working days away', () => {
    fc.assert(
      fc.property(startDate, count, (start, n) => {
        const deadline = calendar.addWorkingDays(start, n);
        expect(calendar.isWorkingDay(deadline)).toBe(true);
        expect(calendar.workingDaysBetween(start, deadline)).toBe(n);
        // It is the first such day: the day before still had only n - 1.
        expect(calendar.workingDaysBetween(start, addCalendarDays(deadline, -1))).toBe(n - 1);
      }),
    );
  });

  test('working days add up: (d + m) + k === d + (m + k)', () => {
    fc.assert(
      fc.property(startDate, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (start, m, k) => {
        expect(calendar.addWorkingDays(calendar.addWorkingDays(start, m), k)).toBe(calendar.addWorkingDays(start, m + k));
      }),
    );
  });
});

test('a period either ends inside the known years or fails on the first unknown one (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 729 }), fc.integer({ min: 0, max: 600 }), (offset, n) => {
      const start = addCalendarDays('2025-01-01', offset);
      try {
        expect(calendar.addWorkingDays(start, n) <= '2026-12-31').toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(CalendarYearUnknownError);
        expect((error as CalendarYearUnknownError).year).toBe(2027);
      }
    }),
  );
});

describe('calendar data from configuration (CALENDAR_EXTRA_DATA)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-calendar-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeJson(name: string, content: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  // Made-up test data, not the 2027 notice: 1 January 2027 (Friday) off, Sunday 3 January worked.
  const extra2027 = { years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-03'], source: 'test' } } };

  test('without configuration the built-in years are used', () => {
    const saved = process.env[CALENDAR_EXTRA_DATA_ENV];
    delete process.env[CALENDAR_EXTRA_DATA_ENV];
    try {
      expect(loadWorkingDayCalendar()).toEqual(BUILT_IN_CALENDAR_DATA);
    } finally {
      if (saved !== undefined) process.env[CALENDAR_EXTRA_DATA_ENV] = saved;
    }
  });

  test('a year from the file is merged over the built-in years', () => {
    const data = loadWorkingDayCalendar({ extraDataFile: writeJson('2027.json', extra2027) });
    const merged = createWorkingDayCalendar(data);
    expect(merged.calendarCoverage()).toEqual([2025, 2026, 2027]);
    expect(merged.isWorkingDay('2027-01-01')).toBe(false);
    expect(merged.isWorkingDay('2027-01-03')).toBe(true);
    expect(merged.isWorkingDay('2025-10-01')).toBe(false); // built-in years kept
    // 29, 30, 31 December, [1 January off, 2 January Saturday], 3 January (make-up).
    expect(merged.addWorkingDays('2026-12-28', 4)).toBe('2027-01-03');
    // The data stays JSON-safe: it survives a round trip, as workflow input does.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  test("a year from the file with its notice is official, its 文号 the deadline's basis", () => {
    const notice = { documentNumber: '测试〔2026〕1号', publishedOn: '2026-11-20' };
    const data = loadWorkingDayCalendar({ extraDataFile: writeJson('notice.json', { years: { '2027': { ...extra2027.years['2027'], notice } } }) });
    expect(data.years['2027'].notice).toEqual(notice);
    // Agency side: the deadline is counted on the official days alone, nothing provisional.
    expect(createDeadlineCalendar(data).deadline('2027-03-01', 5, 'agency')).toMatchObject({ date: '2027-03-08', provisional: false, basis: '测试〔2026〕1号' });
  });

  test('the file is read from the environment variable by default', () => {
    const saved = process.env[CALENDAR_EXTRA_DATA_ENV];
    process.env[CALENDAR_EXTRA_DATA_ENV] = writeJson('env.json', extra2027);
    try {
      expect(Object.keys(loadWorkingDayCalendar().years)).toEqual(['2025', '2026', '2027']);
    } finally {
      if (saved === undefined) delete process.env[CALENDAR_EXTRA_DATA_ENV];
      else process.env[CALENDAR_EXTRA_DATA_ENV] = saved;
    }
  });

  test('a configured year replaces the built-in one as a whole (a corrected notice)', () => {
    const file = writeJson('2026.json', { years: { '2026': { holidays: [], workdays: [] } } });
    const replaced = createWorkingDayCalendar(loadWorkingDayCalendar({ extraDataFile: file }));
    expect(replaced.isWorkingDay('2026-10-01')).toBe(true);
  });

  test.each([
    ['a malformed date', { years: { '2027': { holidays: ['2027-1-1'], workdays: [] } } }, 'years.2027.holidays.0: 日期“2027-1-1”无效，应为 YYYY-MM-DD 格式的公历日期'],
    ['an impossible date', { years: { '2027': { holidays: ['2027-02-29'], workdays: [] } } }, 'years.2027.holidays.0: 日期“2027-02-29”无效'],
    // December of the year before is allowed: the 2019 notice moved 2018-12-29 and 2018-12-31.
    ['a date filed under the wrong year', { years: { '2027': { holidays: ['2026-11-30'], workdays: [] } } }, 'years.2027.holidays.0: 日期 2026-11-30 不属于 2027 年'],
    ['a notice without its number', { years: { '2027': { holidays: [], workdays: [], notice: { documentNumber: ' ', publishedOn: '2026-11-20' } } } }, 'years.2027.notice.documentNumber: 通知文号不能为空'],
    ['a notice dated after its year', { years: { '2027': { holidays: [], workdays: [], notice: { documentNumber: 'X', publishedOn: '2028-01-02' } } } }, 'years.2027.notice.publishedOn: 发布日期 2028-01-02 晚于 2027 年'],
    ['a date both off and worked', { years: { '2027': { holidays: ['2027-01-02'], workdays: ['2027-01-02'] } } }, 'years.2027.workdays.0: 日期 2027-01-02 不能既是放假日又是调休上班日'],
    ['a make-up day on a weekday', { years: { '2027': { holidays: [], workdays: ['2027-01-04'] } } }, 'years.2027.workdays.0: 调休上班日 2027-01-04 不是周六或周日'],
    ['a year that is not four digits', { years: { '27': { holidays: [], workdays: [] } } }, 'years.27: 年度须为四位数字，如 2027'],
    ['a missing list', { years: { '2027': { holidays: [] } } }, 'years.2027.workdays: 须为日期字符串数组'],
    ['an unknown field', { years: {}, holiday: [] }, '未知字段：holiday'],
  ])('rejects %s with a clear message', (_name, content, expected) => {
    const file = writeJson('bad.json', content);
    const error = errorOf(() => loadWorkingDayCalendar({ extraDataFile: file }));
    expect(error).toBeInstanceOf(CalendarDataError);
    expect(error.message).toContain(`工作日历数据无效（${file}）`);
    expect(error.message).toContain(expected);
  });

  test('a missing file and a file that is not JSON are named', () => {
    const missing = path.join(dir, 'missing.json');
    expect(errorOf(() => loadWorkingDayCalendar({ extraDataFile: missing })).message).toContain(
      `工作日历数据无效（${missing}）：\n  无法读取 CALENDAR_EXTRA_DATA 指定的文件：文件不存在`,
    );
    const broken = writeJson('broken.json', '{ "years": ');
    expect(errorOf(() => loadWorkingDayCalendar({ extraDataFile: broken })).message).toContain('不是有效的 JSON');
  });

  test('the domain refuses inconsistent data even without the loader', () => {
    const data: WorkingDayCalendarData = { years: { '2027': { holidays: ['2027-01-02'], workdays: ['2027-01-02'] } } };
    expect(errorOf(() => createWorkingDayCalendar(data))).toBeInstanceOf(CalendarDataError);
  });
});

describe('calendar activities', () => {
  const activities = createCalendarLookups({ data: BUILT_IN_CALENDAR_DATA });

  test('workingDayDeadline counts working days', async () => {
    await expect(activities.workingDayDeadline({ from: '2025-09-25', workingDays: 7 })).resolves.toBe('2025-10-11');
    await expect(activities.calendarData()).resolves.toEqual(BUILT_IN_CALENDAR_DATA);
  });

  test('a year without a notice is counted provisionally, on the side of the kind of deadline', async () => {
    await expect(activities.calendarDeadline({ from: '2026-12-28', workingDays: 10, kind: 'rectification' })).resolves.toMatchObject({
      side: 'party',
      provisional: true,
    });
    const review = await activities.calendarDeadline({ from: '2026-12-28', workingDays: 7, kind: 'legalReview' });
    expect(review).toMatchObject({ date: '2027-01-05', side: 'agency', provisional: true, basis: '国办发明电〔2025〕7号；暂按法定节假日推算' });
  });

  test('a year before the data is a non-retryable failure with a stable type', async () => {
    const failure = await activities.workingDayDeadline({ from: '2024-06-03', workingDays: 10 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('CALENDAR_YEAR_UNKNOWN');
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toMatch(/^2024年的节假日安排未收录/);
  });

  test('bad input is a non-retryable failure too', async () => {
    const failure = await activities.workingDayDeadline({ from: 'tomorrow', workingDays: 3 }).catch((e: unknown) => e);
    expect((failure as ApplicationFailure).type).toBe('CALENDAR_INPUT_INVALID');
  });
});
