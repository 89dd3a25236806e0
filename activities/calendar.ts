/**
 * Loading the working-day calendar: the built-in years (domain/calendar-data) merged with
 * years from configuration, because a year's holiday notice is published only weeks before
 * it starts and must not wait for a release. Validated once at start-up; the result is
 * JSON-safe so workflows can take it as input and stay deterministic.
 */
import fs from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import {
  BUILT_IN_CALENDAR_DATA,
  CalendarDataError,
  CalendarInputError,
  CalendarYearUnknownError,
  calendarDataProblems,
  createWorkingDayCalendar,
  mergeCalendarData,
  type WorkingDayCalendarData,
} from '../domain/calendar';

/** Env var naming a JSON file `{ years: { "2027": { holidays: [...], workdays: [...] } } }`. */
export const CALENDAR_EXTRA_DATA_ENV = 'CALENDAR_EXTRA_DATA';

// Messages in Chinese: whoever edits the file reads them at start-up.
const objectError = (what: string) => (issue: { code: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `未知字段：${issue.keys?.join('、')}` : `${what}须为 JSON 对象`;
const dateList = z.array(z.string({ error: '日期须为 YYYY-MM-DD 字符串' }), { error: '须为日期字符串数组' });

// zod checks the shape; the date rules (well-formed, in that year, not both a rest day and a
// make-up working day, make-up days on weekends) are the domain's, so they hold for the
// built-in data too.
const extraCalendarDataSchema = z
  .strictObject(
    {
      years: z.record(
        z.string().regex(/^\d{4}$/, '年度须为四位数字，如 2027'),
        z.strictObject(
          { holidays: dateList, workdays: dateList, source: z.string({ error: '须为字符串' }).optional() },
          { error: objectError('年度数据') },
        ),
        {
          error: (issue) =>
            issue.code === 'invalid_key'
              ? '年度须为四位数字，如 2027'
              : issue.input === undefined
                ? '缺少此字段'
                : '须为以年度（如 "2027"）为键的对象',
        },
      ),
    },
    { error: objectError('工作日历数据') },
  )
  .superRefine((data, ctx) => {
    for (const problem of calendarDataProblems(data)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

/** Parses and checks extra calendar data; `origin` names the file in the error. */
export function parseExtraCalendarData(raw: unknown, origin: string): WorkingDayCalendarData {
  const parsed = extraCalendarDataSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    throw new CalendarDataError(problems, origin);
  }
  return parsed.data;
}

function readExtraCalendarData(file: string): WorkingDayCalendarData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : String((error as Error).message);
    throw new CalendarDataError([{ path: [], message: `无法读取 ${CALENDAR_EXTRA_DATA_ENV} 指定的文件：${reason}` }], file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CalendarDataError([{ path: [], message: `不是有效的 JSON：${(error as Error).message}` }], file);
  }
  return parseExtraCalendarData(raw, file);
}

/**
 * The calendar data for this process: built-in years, with whole years from
 * `extraDataFile` (default: $CALENDAR_EXTRA_DATA) replacing or adding to them.
 * Throws CalendarDataError with every problem found, so a bad file stops start-up.
 */
export function loadWorkingDayCalendar(options: { extraDataFile?: string } = {}): WorkingDayCalendarData {
  const file = options.extraDataFile ?? (process.env[CALENDAR_EXTRA_DATA_ENV] || undefined);
  const data = file ? mergeCalendarData(BUILT_IN_CALENDAR_DATA, readExtraCalendarData(file)) : BUILT_IN_CALENDAR_DATA;
  createWorkingDayCalendar(data); // checks the merged result once more
  return data;
}

/**
 * Calendar lookups as activities, for workflows that prefer asking at the moment of need
 * over carrying the data: a year configured after the workflow started is then seen.
 */
export function createCalendarActivities(options: { data?: WorkingDayCalendarData; extraDataFile?: string } = {}) {
  const data = options.data ?? loadWorkingDayCalendar({ extraDataFile: options.extraDataFile });
  const calendar = createWorkingDayCalendar(data);
  return {
    /** The date `workingDays` working days after `from` (the start date not counted). */
    async workingDayDeadline(input: { from: string; workingDays: number }): Promise<string> {
      try {
        return calendar.addWorkingDays(input.from, input.workingDays);
      } catch (error) {
        // Retrying cannot help until the data is configured and the worker restarted.
        if (error instanceof CalendarYearUnknownError) {
          throw ApplicationFailure.nonRetryable(error.message, error.code, { year: error.year, knownYears: error.knownYears });
        }
        if (error instanceof CalendarInputError) throw ApplicationFailure.nonRetryable(error.message, error.code);
        throw error;
      }
    },
    async calendarData(): Promise<WorkingDayCalendarData> {
      return data;
    },
  };
}

export type CalendarActivities = ReturnType<typeof createCalendarActivities>;
