/**
 * Regenerates domain/calendar-data/cn-holidays.json — the built-in years of the working-day
 * calendar — from the `chinese-days` package's data export, so the runtime never depends on
 * the package's internal layout. Years before FIRST_YEAR are left out: no case is counted
 * in them.
 *
 *   npx tsx scripts/calendar-data.ts           write the file
 *   npx tsx scripts/calendar-data.ts --check   exit 1 if the committed file is stale
 *
 * After upgrading chinese-days (e.g. once the State Council's next notice is in it), run it
 * and commit the JSON; until then a new year comes from CALENDAR_EXTRA_DATA.
 */
import fs from 'node:fs';
import path from 'node:path';
import source from 'chinese-days/dist/chinese-days.json';
import sourcePackage from 'chinese-days/package.json';
import { calendarDataProblems, type CalendarNotice, type CalendarYearData, type WorkingDayCalendarData } from '../domain/calendar';

const FIRST_YEAR = 2025;
/**
 * The notices the package's years follow (the package carries dates only): the 文号 each
 * deadline records as its basis. From the notices as published by the State Council's office.
 */
export const NOTICES: Record<string, CalendarNotice> = {
  '2025': { documentNumber: '国办发明电〔2024〕12号', publishedOn: '2024-11-12' },
  '2026': { documentNumber: '国办发明电〔2025〕7号', publishedOn: '2025-11-04' },
};

const OUTPUT = path.resolve(__dirname, '../domain/calendar-data/cn-holidays.json');

/** `holidays` and `workdays` of the export map a date to "English name,中文名,天数". */
export function extractYears(
  exported: { holidays: Record<string, string>; workdays: Record<string, string> },
  sourceLabel: string,
  firstYear = FIRST_YEAR,
  notices: Record<string, CalendarNotice> = NOTICES,
): WorkingDayCalendarData {
  const years: Record<string, CalendarYearData> = {};
  const yearOf = (date: string) => {
    const key = date.slice(0, 4);
    years[key] ??= { holidays: [], workdays: [], source: sourceLabel };
    return years[key];
  };
  for (const kind of ['holidays', 'workdays'] as const) {
    for (const date of Object.keys(exported[kind])) {
      if (Number(date.slice(0, 4)) >= firstYear) yearOf(date)[kind].push(date);
    }
  }
  const sorted: Record<string, CalendarYearData> = {};
  for (const key of Object.keys(years).sort()) {
    const notice = notices[key];
    sorted[key] = { ...years[key], holidays: years[key].holidays.sort(), workdays: years[key].workdays.sort(), ...(notice ? { notice } : {}) };
  }
  return { years: sorted };
}

function main(): void {
  const data = extractYears(source, `chinese-days@${sourcePackage.version}`);
  const problems = calendarDataProblems(data);
  if (problems.length) {
    throw new Error(`chinese-days data fails the calendar's checks:\n${problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n')}`);
  }
  const text = `${JSON.stringify(data, null, 2)}\n`;
  const summary = Object.entries(data.years)
    .map(([year, y]) => `${year}: ${y.holidays.length} rest days, ${y.workdays.length} make-up working days`)
    .join('; ');
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), OUTPUT)} is stale; run npx tsx scripts/calendar-data.ts`);
      process.exit(1);
    }
    console.log(`up to date (${summary})`);
    return;
  }
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, text);
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT)} from chinese-days@${sourcePackage.version} (${summary})`);
}

if (require.main === module) main();
