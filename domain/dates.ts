/**
 * Dates, the one module: the law counts in China's calendar days (UTC+8, no daylight saving),
 * the database stores a calendar date as that day's UTC midnight, and instants cross the
 * workflow boundary as ISO strings. Every conversion between the three lives here.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/** The calendar date in China (UTC+8) of an instant: dates in law are local. */
export function chinaDate(isoInstant: string): string {
  return new Date(Date.parse(isoInstant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** China's wall-clock time of an instant, `YYYY-MM-DD HH:MM`. */
export function chinaDateTime(isoInstant: string): string {
  return new Date(Date.parse(isoInstant) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant (ms) a China calendar date begins: a day's clock "passes" at the next one. */
export function startOfChinaDate(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** The calendar date a date column holds (stored as that day's UTC midnight). */
export function dateOfColumn(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** A calendar date as a date column stores it. */
export function columnOfDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** The number written by `length` decimal digits at `from`, or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let k = from; k < from + length; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Days since 1970-01-01 of a calendar date: day arithmetic without time zones. The planner
 * reads two per request, so the usual YYYY-MM-DD is counted with integer arithmetic (the
 * days-from-civil algorithm of H. Hinnant) instead of slicing and Date.UTC; anything else
 * (years 0–99, which Date.UTC reads as 1900–1999, months out of range, odd text) goes the
 * Date.UTC way, so every string gets the same number as before.
 */
export function dayNumber(date: string): number {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 2);
  const day = digitsAt(date, 8, 2);
  if (year >= 100 && month >= 1 && month <= 12 && day >= 0) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1; // March-based year
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

const dayStrings = new Map<number, string>();
/** The calendar date of a day number (memoised: the planner turns the same days over and over). */
export function dayString(day: number): string {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return dayString(dayNumber(date) + days);
}
