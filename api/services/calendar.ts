/**
 * The working-day calendar as the API sees it: which years follow a notice and which are
 * provisional, the warnings the admin and leader views show, and an ADMIN entering a newly
 * published State Council notice — checked by the domain's rules, stored with its audit row
 * in one transaction, and used by the next deadline of API and worker alike (the calendar
 * loader reads the notices from the database on each computation).
 */
import { type AuthenticatedOfficer, createCalendarLookups, appendAudit, type PrismaClient } from '../../db';
import { calendarDataProblems, calendarWarnings, mergeCalendarData, type WorkingDayCalendarData } from '../../domain/calendar';
import { statutoryHolidaysOf } from '../../domain/statutory-holidays';
import { AppError } from '../errors';
import type { CalendarNoticeBody } from '../routes/calendar/schema';
import { chinaDate } from '../../domain/dates';

export interface CalendarServiceDeps {
  prisma: PrismaClient;
}

export function createCalendarService(deps: CalendarServiceDeps) {
  const { prisma } = deps;
  const calendar = createCalendarLookups({ prisma });

  function yearEntry(data: WorkingDayCalendarData, year: number) {
    const entry = data.years[String(year)];
    if (entry) {
      return {
        year,
        status: 'official' as const,
        documentNumber: entry.notice?.documentNumber ?? null,
        publishedOn: entry.notice?.publishedOn ?? null,
        source: entry.source ?? '配置文件',
        holidays: entry.holidays,
        workdays: entry.workdays,
      };
    }
    return {
      year,
      status: 'provisional' as const,
      documentNumber: null,
      publishedOn: null,
      source: '暂按法定节假日推算（《全国年节及纪念日放假办法》）',
      holidays: (statutoryHolidaysOf(year) ?? []).flatMap((h) => h.dates),
      workdays: [],
    };
  }

  return {
    /** The official years, this year and next (provisional where missing), and the warnings. */
    async overview(options: { today?: string; now?: Date }) {
      const today = options.today ?? chinaDate((options.now ?? new Date()).toISOString());
      const data = await calendar.calendarData();
      const current = Number(today.slice(0, 4));
      const years = [...new Set([...Object.keys(data.years).map(Number), current, current + 1])].sort((a, b) => a - b);
      return { today, years: years.map((y) => yearEntry(data, y)), warnings: calendarWarnings(data, today) };
    },

    /** Enters (or corrects) a year's notice; 422 with every problem, nothing written. */
    async saveNotice(options: { actor: AuthenticatedOfficer; year: number; body: CalendarNoticeBody; now?: Date }) {
      const { actor, year, body } = options;
      const notice = { documentNumber: body.documentNumber, publishedOn: body.publishedOn };
      const candidate: WorkingDayCalendarData = {
        years: { [String(year)]: { holidays: [...body.holidays].sort(), workdays: [...body.workdays].sort(), notice } },
      };
      const problems = calendarDataProblems(candidate).map((p) => ({
        code: 'CALENDAR_DATA_INVALID',
        // years.<year>.holidays.3 → holidays.3: the body's own path.
        path: p.path.slice(2).join('.') || 'body',
        message: p.message,
      }));
      // A year's holidays: every statutory holiday is a rest day whatever the notice arranges.
      const rest = new Set(body.holidays);
      for (const holiday of statutoryHolidaysOf(year) ?? []) {
        for (const d of holiday.dates) {
          if (!rest.has(d)) problems.push({ code: 'CALENDAR_DATA_INVALID', path: 'holidays', message: `${d}（${holiday.name}）是法定节假日，应列为放假日` });
        }
      }
      if (problems.length > 0) {
        throw new AppError('CALENDAR_DATA_INVALID', `${year}年节假日安排有误：${problems.map((p) => p.message).join('；')}`, problems);
      }
      const at = options.now ?? new Date();
      // Official before (built in, configured or entered): a correction, allowed and audited as one.
      const before = (await calendar.calendarData()).years[String(year)];
      const replaced = await prisma.$transaction(async (tx) => {
        const existing = await tx.calendarNotice.findUnique({ where: { year } });
        const row = {
          documentNumber: notice.documentNumber,
          publishedOn: notice.publishedOn,
          holidaysJson: JSON.stringify(candidate.years[String(year)].holidays),
          workdaysJson: JSON.stringify(candidate.years[String(year)].workdays),
          enteredById: actor.officerId,
          updatedAt: at,
        };
        await tx.calendarNotice.upsert({ where: { year }, create: { year, ...row, enteredAt: at }, update: row });
        await appendAudit(tx, {
            actor: { officerId: actor.officerId, name: actor.name },
            action: existing || before ? 'CALENDAR_NOTICE_REPLACED' : 'CALENDAR_NOTICE_ENTERED',
            subjectType: 'CalendarNotice',
            subjectId: String(year),
            at,
            payload: {
              ...notice,
              holidays: body.holidays.length,
              workdays: body.workdays.length,
              previous: existing?.documentNumber ?? before?.notice?.documentNumber ?? before?.source ?? null,
            },
          });
        return Boolean(existing || before);
      });
      const data = mergeCalendarData(await calendar.calendarData(), candidate);
      return { year: { ...yearEntry(data, year), source: '管理员录入' }, replaced };
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
