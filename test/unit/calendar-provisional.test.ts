/**
 * The provisional calendar for years without a published notice: the statutory holidays from
 * lunar-typescript checked against every official year in chinese-days' data, the windows
 * recomputed from the same data, and the back-test: 2025 and 2026 treated as unknown, every
 * start date and every period of 1–30 working days, the party's bound never earlier and the
 * agency's never later than the official deadline.
 */
import { isWorkday as packageIsWorkday } from 'chinese-days';
import packageData from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import {
  BUILT_IN_CALENDAR_DATA,
  CalendarYearUnknownError,
  PROVISIONAL_BASIS,
  PROVISIONAL_WINDOWS,
  PROVISIONAL_WINDOW_MARGIN,
  addCalendarDays,
  createWorkingDayCalendar,
  dayOfWeek,
  type DeadlineSide,
  type ProvisionalWindow,
  type WorkingDayCalendarData,
} from '../../domain/calendar';
import { createDeadlineCalendar, statutoryHolidaysOf } from '../../domain/statutory-holidays';
import { extractYears } from '../../scripts/calendar-data';

function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
  return dates;
}
const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
const weekend = (d: string) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every official year since the current set of holidays (2008), with the built-in notices. */
const HISTORY: WorkingDayCalendarData = extractYears(packageData, 'chinese-days@1.5.7', 2008);
const official = createWorkingDayCalendar(HISTORY);
const withoutYears = (data: WorkingDayCalendarData, dropped: string[]): WorkingDayCalendarData => ({
  years: Object.fromEntries(Object.entries(data.years).filter(([year]) => !dropped.includes(year))),
});

// chinese-days labels each day "English,中文名,法定天数"; the names of the law differ slightly.
const LAW_NAME: Record<string, string> = { 元旦: '元旦', 春节: '春节', 清明: '清明节', 劳动节: '劳动节', 端午: '端午节', 中秋: '中秋节', 国庆节: '国庆节' };
const labelOf = (label: string) => LAW_NAME[label.split(',')[1]];

/** Offsets of every day a notice moved (non-statutory weekday off, weekend worked), per holiday. */
function observedOffsets(fromYear: number, toYear: number) {
  const hull: Record<string, { rest: [number, number]; makeUp: [number, number] }> = {};
  const all: { holiday: string; kind: 'rest' | 'makeUp'; offset: number; date: string }[] = [];
  const add = (holiday: string, kind: 'rest' | 'makeUp', date: string) => {
    const year = Number(date.slice(0, 4));
    // The holiday's anchor nearest the day: 元旦's make-up days fall in the December before.
    const anchors = [year - 1, year, year + 1].flatMap((y) => statutoryHolidaysOf(y)?.find((h) => h.name === holiday)?.anchor ?? []);
    const anchor = anchors.reduce((best, a) => (Math.abs(daysBetween(a, date)) < Math.abs(daysBetween(best, date)) ? a : best));
    const offset = daysBetween(anchor, date);
    all.push({ holiday, kind, offset, date });
    const h = (hull[holiday] ??= { rest: [Infinity, -Infinity], makeUp: [Infinity, -Infinity] });
    h[kind] = [Math.min(h[kind][0], offset), Math.max(h[kind][1], offset)];
  };
  for (let year = fromYear; year <= toYear; year++) {
    const statutory = new Set(statutoryHolidaysOf(year)!.flatMap((h) => h.dates));
    for (const [date, label] of Object.entries(packageData.holidays as Record<string, string>)) {
      if (Number(date.slice(0, 4)) !== year || label.includes('抗日')) continue; // 2015's one-off days
      if (!statutory.has(date) && !weekend(date)) add(labelOf(label), 'rest', date);
    }
    for (const [date, label] of Object.entries(packageData.workdays as Record<string, string>)) {
      if (Number(date.slice(0, 4)) !== year || label.includes('抗日')) continue;
      add(labelOf(label), 'makeUp', date);
    }
  }
  return { hull, all };
}

const widened = (hull: ReturnType<typeof observedOffsets>['hull']): Record<string, ProvisionalWindow> =>
  Object.fromEntries(
    Object.entries(hull).map(([name, h]) => [
      name,
      {
        rest: [h.rest[0] - PROVISIONAL_WINDOW_MARGIN.rest, h.rest[1] + PROVISIONAL_WINDOW_MARGIN.rest],
        makeUp: [h.makeUp[0] - PROVISIONAL_WINDOW_MARGIN.makeUp, h.makeUp[1] + PROVISIONAL_WINDOW_MARGIN.makeUp],
      },
    ]),
  );

describe('statutory holidays from lunar-typescript', () => {
  test('2025 and 2026: the dates of the amended law, each a rest day of the official notice', () => {
    const byName = (year: number) => Object.fromEntries(statutoryHolidaysOf(year)!.map((h) => [h.name, h.dates]));
    expect(byName(2025)).toEqual({
      元旦: ['2025-01-01'],
      春节: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], // 除夕 to 初三
      清明节: ['2025-04-04'],
      劳动节: ['2025-05-01', '2025-05-02'],
      端午节: ['2025-05-31'],
      中秋节: ['2025-10-06'],
      国庆节: ['2025-10-01', '2025-10-02', '2025-10-03'],
    });
    expect(byName(2026)).toEqual({
      元旦: ['2026-01-01'],
      春节: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'],
      清明节: ['2026-04-05'],
      劳动节: ['2026-05-01', '2026-05-02'],
      端午节: ['2026-06-19'],
      中秋节: ['2026-09-25'],
      国庆节: ['2026-10-01', '2026-10-02', '2026-10-03'],
    });
    const builtIn = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
    for (const year of [2025, 2026]) for (const h of statutoryHolidaysOf(year)!) for (const d of h.dates) expect([d, builtIn.isWorkingDay(d)]).toEqual([d, false]);
  });

  test('every statutory day 2008–2026 (by the rule then in force) is a rest day, under its own name where the data names it', () => {
    const mismatches: string[] = [];
    for (let year = 2008; year <= 2026; year++) {
      const holidays = statutoryHolidaysOf(year)!;
      expect(holidays.find((h) => h.name === '春节')!.dates).toHaveLength(year >= 2025 ? 4 : 3);
      expect(holidays.find((h) => h.name === '劳动节')!.dates).toHaveLength(year >= 2025 ? 2 : 1);
      for (const h of holidays) {
        for (const d of h.dates) {
          const label = (packageData.holidays as Record<string, string>)[d];
          if (packageIsWorkday(d)) mismatches.push(`${d} ${h.name} is a working day`);
          if (packageIsWorkday(d)) continue;
          // 2012-06-23 (端午, a Saturday) is missing from the package's list; a weekend rests anyway.
          // 中秋 and 国庆 merged (2009, 2017, 2020, 2023, 2025) carry either name.
          const merged = [h.name, label && labelOf(label)].every((name) => name === '中秋节' || name === '国庆节');
          if (label && labelOf(label) !== h.name && !merged) mismatches.push(`${d} ${h.name} labelled ${label}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('no rule is modelled before 2008', () => {
    expect(statutoryHolidaysOf(2007)).toBeNull();
  });
});

describe('the windows of the provisional calendar', () => {
  test('are the extremes of every notice 2008–2026, widened by the margin', () => {
    expect(widened(observedOffsets(2008, 2026).hull)).toEqual(PROVISIONAL_WINDOWS);
  });

  test('the extremes of 2008–2024 alone, widened by the margin, cover every day 2025 and 2026 moved', () => {
    const windows = widened(observedOffsets(2008, 2024).hull);
    const outside = observedOffsets(2025, 2026).all.filter(({ holiday, kind, offset }) => offset < windows[holiday][kind][0] || offset > windows[holiday][kind][1]);
    expect(outside).toEqual([]);
    // Without the margin they would not: 2025's and 2026's 调休 went past the earlier extremes.
    const bare = observedOffsets(2008, 2024).hull;
    expect(observedOffsets(2025, 2026).all.filter(({ holiday, kind, offset }) => offset < bare[holiday][kind][0] || offset > bare[holiday][kind][1]).map((o) => o.date)).toEqual([
      '2025-02-08',
      '2026-02-28',
      '2026-09-20',
    ]);
  });
});

describe('back-test: 2025 and 2026 as if unpublished', () => {
  const cases: [string, Record<string, ProvisionalWindow>][] = [
    ['windows from 2008–2026 (PROVISIONAL_WINDOWS)', PROVISIONAL_WINDOWS],
    ['windows from 2008–2024 only (out of sample)', widened(observedOffsets(2008, 2024).hull)],
  ];
  const starts = datesFrom('2024-12-01', '2026-12-31');

  test.each(cases)('every start date, 1–30 working days: party ≥ official ≥ agency (%s)', (label, windows) => {
    const provisional = createDeadlineCalendar(withoutYears(HISTORY, ['2025', '2026']), { windows });
    const late: number[] = [];
    const early: number[] = [];
    const violations: string[] = [];
    for (const start of starts) {
      for (let n = 1; n <= 30; n++) {
        let expected: string;
        try {
          expected = official.addWorkingDays(start, n);
        } catch (error) {
          if (error instanceof CalendarYearUnknownError) break; // past 2026: no official answer
          throw error;
        }
        const party = provisional.deadline(start, n, 'party');
        const agency = provisional.deadline(start, n, 'agency');
        if (party.date < expected || agency.date > expected) violations.push(`${start}+${n}: party ${party.date}, official ${expected}, agency ${agency.date}`);
        if (party.provisional || agency.provisional) {
          late.push(daysBetween(expected, party.date));
          early.push(daysBetween(agency.date, expected));
        }
      }
    }
    expect(violations).toEqual([]);
    const exact = (xs: number[]) => `${((100 * xs.filter((x) => x === 0).length) / xs.length).toFixed(1)} % exact`;
    console.log(
      `back-test 2025–2026 (${label}): ${late.length} deadlines\n` +
        `  party  later than official: median ${median(late)} d, max ${Math.max(...late)} d, ${exact(late)}\n` +
        `  agency earlier than official: median ${median(early)} d, max ${Math.max(...early)} d, ${exact(early)}`,
    );
    expect(late.length).toBeGreaterThan(20_000);
  });

  test('property: any start, any period, either side; official years give the official date', () => {
    const provisional = createDeadlineCalendar(withoutYears(HISTORY, ['2025', '2026']));
    const builtIn = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 740 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom<DeadlineSide>('party', 'agency'), (offset, n, side) => {
        const start = addCalendarDays('2024-12-01', offset);
        let expected: string;
        try {
          expected = official.addWorkingDays(start, n);
        } catch {
          return; // reaches 2027
        }
        const got = provisional.deadline(start, n, side);
        if (side === 'party') expect(got.date >= expected).toBe(true);
        else expect(got.date <= expected).toBe(true);
        // Where the notice is known and no unpublished year reaches, the count is the official one.
        const known = builtIn.deadline(start >= '2025-01-01' ? start : '2025-01-01', n, side);
        if (!known.provisional) expect(known.date).toBe(official.addWorkingDays(start >= '2025-01-01' ? start : '2025-01-01', n));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('deadlines reaching 2027 (no notice yet)', () => {
  const calendar = createDeadlineCalendar(BUILT_IN_CALENDAR_DATA);

  test('an order of 25 working days made on 2026-12-02: party side, provisional, past the 元旦 window', () => {
    // 12-30 and 12-31 may become rest days by the 2027 notice (as 2018-12-31 did), 01-04 may be a bridge day.
    expect(calendar.deadline('2026-12-02', 25, 'party')).toEqual({
      date: '2027-01-12',
      side: 'party',
      provisional: true,
      basis: `国办发明电〔2025〕7号；${PROVISIONAL_BASIS}`,
      notices: ['国办发明电〔2025〕7号'],
    });
  });

  test('a legal review filed on 2026-12-28: agency side, provisional, weekends of the window counted', () => {
    const due = calendar.deadline('2026-12-28', 7, 'agency');
    expect(due).toMatchObject({ side: 'agency', provisional: true });
    // 12-29, 12-30, 12-31, 01-02 (Sat), 01-03 (Sun), 01-04, 01-05: 元旦 itself never counts.
    expect(due.date).toBe('2027-01-05');
    expect(calendar.dayStatus('2027-01-01')).toMatchObject({ partyWorking: false, agencyWorking: false, statutoryHoliday: '元旦' });
  });

  test('a period inside a published year, far from next year, is official with its notice', () => {
    expect(calendar.deadline('2026-03-02', 10, 'party')).toEqual({
      date: '2026-03-16',
      side: 'party',
      provisional: false,
      basis: '国办发明电〔2025〕7号',
      notices: ['国办发明电〔2025〕7号'],
    });
    expect(calendar.deadline('2026-03-02', 10, 'agency').date).toBe('2026-03-16');
  });

  test('once the 2027 notice is in the data the same order is official', () => {
    // A hypothetical notice, for the test only: 1–3 January off (2027-01-01 is a Friday).
    const data: WorkingDayCalendarData = {
      years: {
        ...BUILT_IN_CALENDAR_DATA.years,
        '2027': { holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], notice: { documentNumber: '国办发明电〔2026〕99号', publishedOn: '2026-11-20' } },
      },
    };
    expect(createDeadlineCalendar(data).deadline('2026-12-02', 25, 'party')).toEqual({
      date: '2027-01-07',
      side: 'party',
      provisional: false,
      basis: '国办发明电〔2025〕7号、国办发明电〔2026〕99号',
      notices: ['国办发明电〔2025〕7号', '国办发明电〔2026〕99号'],
    });
  });

  test('without statutory holidays the calendar still refuses an unpublished year', () => {
    expect(() => createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA).deadline('2026-12-28', 5, 'party')).toThrow(CalendarYearUnknownError);
    // Years before the first notice in the data are not guessed either.
    expect(() => calendar.deadline('2024-06-03', 1, 'party')).toThrow(CalendarYearUnknownError);
  });
});
