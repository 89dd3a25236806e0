/**
 * Loading the working-day calendar: the built-in years (domain/calendar-data), years from
 * configuration (CALENDAR_EXTRA_DATA, a bootstrap), and the notices an ADMIN entered in the
 * database (CalendarNotice), because a year's notice is published only weeks before it starts
 * and must not wait for a release or a restart. The database is read on each deadline (a few
 * small rows), so the API and the worker, separate processes, see a notice the moment it is
 * saved. Years without a notice are counted provisionally (domain/statutory-holidays.ts).
 */
import fs from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import {
  BUILT_IN_CALENDAR_DATA,
  DEADLINE_SIDES,
  type CalendarDeadline,
  type DeadlineKind,
  CalendarDataError,
  CalendarInputError,
  CalendarYearUnknownError,
  calendarDataProblems,
  createWorkingDayCalendar,
  mergeCalendarData,
  type WorkingDayCalendarData,
} from '../domain/calendar';
import { createDeadlineCalendar } from '../domain/statutory-holidays';
import type { PrismaClient } from './client';

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
          {
            holidays: dateList,
            workdays: dateList,
            source: z.string({ error: '须为字符串' }).optional(),
            notice: z
              .strictObject(
                { documentNumber: z.string({ error: '须为字符串' }), publishedOn: z.string({ error: '须为 YYYY-MM-DD 字符串' }) },
                { error: objectError('通知') },
              )
              .optional(),
          },
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

/** The notices entered through the API, as calendar data (whole years). */
export async function calendarNoticesOf(prisma: PrismaClient): Promise<WorkingDayCalendarData> {
  const rows = await prisma.calendarNotice.findMany({ orderBy: { year: 'asc' } });
  const years: WorkingDayCalendarData['years'] = {};
  for (const row of rows) {
    years[String(row.year)] = {
      holidays: JSON.parse(row.holidaysJson) as string[],
      workdays: JSON.parse(row.workdaysJson) as string[],
      source: '管理员录入',
      notice: { documentNumber: row.documentNumber, publishedOn: row.publishedOn },
    };
  }
  return { years };
}

/** A calendar error as an activity failure: retrying cannot help until the data changes. */
function nonRetryableCalendarError(error: unknown): never {
  if (error instanceof CalendarYearUnknownError) {
    throw ApplicationFailure.nonRetryable(error.message, error.code, { year: error.year, knownYears: error.knownYears });
  }
  if (error instanceof CalendarInputError || error instanceof CalendarDataError) throw ApplicationFailure.nonRetryable(error.message, error.code);
  throw error;
}

/**
 * Calendar lookups as activities (and for the API): built-in and configured years, then the
 * database's notices on each call when a Prisma client is given.
 */
export function createCalendarLookups(options: { data?: WorkingDayCalendarData; extraDataFile?: string; prisma?: PrismaClient } = {}) {
  const base = options.data ?? loadWorkingDayCalendar({ extraDataFile: options.extraDataFile });
  const baseCalendar = createDeadlineCalendar(base);

  async function calendarData(): Promise<WorkingDayCalendarData> {
    return options.prisma ? mergeCalendarData(base, await calendarNoticesOf(options.prisma)) : base;
  }
  async function currentCalendar() {
    return options.prisma ? createDeadlineCalendar(await calendarData()) : baseCalendar;
  }

  /** The deadline of a kind of period, on the side DEADLINE_SIDES gives it, with its basis. */
  async function calendarDeadline(input: { from: string; workingDays: number; kind: DeadlineKind }): Promise<CalendarDeadline> {
    try {
      const side = DEADLINE_SIDES[input.kind];
      if (!side) throw new CalendarInputError(`期限种类“${String(input.kind)}”无效`);
      return (await currentCalendar()).deadline(input.from, input.workingDays, side);
    } catch (error) {
      return nonRetryableCalendarError(error);
    }
  }

  return {
    calendarDeadline,
    currentCalendar,
    /**
     * The date only (the shape recorded in histories before deadlines kept their basis):
     * party side unless told, which is what a rectification order and its extension take.
     */
    async workingDayDeadline(input: { from: string; workingDays: number; kind?: DeadlineKind }): Promise<string> {
      return (await calendarDeadline({ ...input, kind: input.kind ?? 'rectification' })).date;
    },
    calendarData,
  };
}

export type CalendarLookups = ReturnType<typeof createCalendarLookups>;
