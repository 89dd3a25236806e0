/**
 * The statutory holidays (法定节假日) of 《全国年节及纪念日放假办法》第二条, year by year:
 * the days the law itself gives every citizen off, before any State Council notice arranges
 * bridge days and make-up working days (调休) around them. A year without a published notice
 * is counted provisionally from these (see domain/calendar.ts, provisional calendar).
 *
 * Lunar dates (春节, 端午, 中秋) and the 清明 solar term come from lunar-typescript (6tail,
 * MIT, pure JS, no dependencies, no Node built-ins), not from a hand-typed table; the unit
 * tests check it against every official notice in chinese-days' data (2008–2026).
 */
import { Lunar } from 'lunar-typescript';
import {
  addCalendarDays,
  createWorkingDayCalendar,
  type WorkingDayCalendar,
  type WorkingDayCalendarData,
  type WorkingDayCalendarOptions,
} from './calendar';

export type StatutoryHolidayName = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

export interface StatutoryHoliday {
  name: StatutoryHolidayName;
  /** The day the windows of the provisional calendar are measured from (春节: 正月初一). */
  anchor: string;
  /** The statutory rest days themselves, ascending. */
  dates: string[];
}

/**
 * Years the rules are in force from. 2008: 国务院令第513号 (清明, 端午, 中秋 added; 劳动节
 * 1 day; 春节 初一–初三). 2025: the 2024 amendment (春节 from 除夕, 4 days; 劳动节 2 days).
 */
export const FIRST_STATUTORY_RULE_YEAR = 2008;
const AMENDED_2024_FROM = 2025;

const cache = new Map<number, StatutoryHoliday[]>();

/** The statutory holidays of `year` by the rule then in force; null before 2008. */
export function statutoryHolidaysOf(year: number): StatutoryHoliday[] | null {
  if (!Number.isSafeInteger(year) || year < FIRST_STATUTORY_RULE_YEAR || year > 2100) return null;
  const cached = cache.get(year);
  if (cached) return cached;
  const amended = year >= AMENDED_2024_FROM;
  const ymd = (lunarMonth: number, lunarDay: number) => Lunar.fromYmd(year, lunarMonth, lunarDay).getSolar().toYmd();
  const springDay = ymd(1, 1);
  const springDays = amended ? [-1, 0, 1, 2] : [0, 1, 2]; // 除夕 is the day before 正月初一
  // 清明 falls on 4–6 April; the jieqi table of any day of that lunar year holds it.
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'].toYmd();
  const holidays: StatutoryHoliday[] = [
    { name: '元旦', anchor: `${year}-01-01`, dates: [`${year}-01-01`] },
    { name: '春节', anchor: springDay, dates: springDays.map((d) => addCalendarDays(springDay, d)) },
    { name: '清明节', anchor: qingming, dates: [qingming] },
    { name: '劳动节', anchor: `${year}-05-01`, dates: amended ? [`${year}-05-01`, `${year}-05-02`] : [`${year}-05-01`] },
    { name: '端午节', anchor: ymd(5, 5), dates: [ymd(5, 5)] },
    { name: '中秋节', anchor: ymd(8, 15), dates: [ymd(8, 15)] },
    { name: '国庆节', anchor: `${year}-10-01`, dates: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];
  cache.set(year, holidays);
  return holidays;
}

/**
 * The calendar every deadline is counted on: the notices in `data`, and the statutory
 * holidays (with the windows of domain/calendar.ts) for a year whose notice is missing.
 */
export function createDeadlineCalendar(data: WorkingDayCalendarData, options: Omit<WorkingDayCalendarOptions, 'statutoryHolidays'> = {}): WorkingDayCalendar {
  return createWorkingDayCalendar(data, { ...options, statutoryHolidays: statutoryHolidaysOf });
}
