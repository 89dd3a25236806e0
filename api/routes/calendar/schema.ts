import { z } from 'zod';
import { isoDate as date } from '../dates';

/** A deadline with the calendar it was counted on (domain CalendarDeadline). */
export const CalendarDeadlineSchema = z
  .object({
    date: z.string().describe('期限（YYYY-MM-DD，当日二十四时届满）'),
    side: z.enum(['party', 'agency']).describe('party：当事人的期限（推算从宽）；agency：机关自身的期限（推算从严）'),
    provisional: z.boolean().describe('true：期限涉及尚未发布节假日安排的年度，暂按法定节假日推算'),
    basis: z.string().describe('计算依据：国务院办公厅通知文号，或“暂按法定节假日推算”'),
    notices: z.array(z.string()).describe('所用通知的文号'),
  })
  .meta({ id: 'CalendarDeadline' });

export const CalendarQuery = z
  .strictObject({ today: date.optional().describe('以此日（中国日期）判断提醒，缺省为当天') })
  .meta({ id: 'CalendarQuery' });
export type CalendarQuery = z.infer<typeof CalendarQuery>;

export const CalendarYearParams = z.strictObject({ year: z.coerce.number().int().min(2008).max(2100) }).meta({ id: 'CalendarYearParams' });
export type CalendarYearParams = z.infer<typeof CalendarYearParams>;

const dateList = z.array(z.string({ error: '日期须为 YYYY-MM-DD 字符串' }), { error: '须为日期字符串数组' }).max(400);

export const CalendarNoticeBody = z
  .strictObject({
    documentNumber: z.string().trim().min(1, '通知文号不能为空').max(100).describe('通知文号，如 国办发明电〔2025〕7号'),
    publishedOn: z.string().describe('通知日期（YYYY-MM-DD）'),
    holidays: dateList.describe('放假日（含周末放假日；可含上一年12月被调整为休息的日期）'),
    workdays: dateList.describe('调休上班日（周六或周日）'),
  })
  .meta({ id: 'CalendarNotice' });
export type CalendarNoticeBody = z.infer<typeof CalendarNoticeBody>;

const CalendarYear = z
  .object({
    year: z.number().int(),
    status: z.enum(['official', 'provisional']).describe('official：已录入国务院办公厅通知；provisional：暂按法定节假日推算'),
    documentNumber: z.string().nullable(),
    publishedOn: z.string().nullable(),
    source: z.string().describe('数据来源：内置数据、配置文件或管理员录入'),
    holidays: z.array(z.string()).describe('放假日；provisional 年度为法定节假日'),
    workdays: z.array(z.string()),
  })
  .meta({ id: 'CalendarYear' });

const CalendarWarning = z
  .object({ code: z.enum(['NEXT_YEAR_NOTICE_MISSING', 'CURRENT_YEAR_NOTICE_MISSING']), year: z.number().int(), message: z.string() })
  .meta({ id: 'CalendarWarning' });

export const CalendarResponse = z
  .object({ today: z.string(), years: z.array(CalendarYear), warnings: z.array(CalendarWarning) })
  .meta({ id: 'Calendar' });

export const CalendarNoticeSaved = z
  .object({ year: CalendarYear, replaced: z.boolean().describe('true：替换了该年度已有的通知（更正）') })
  .meta({ id: 'CalendarNoticeSaved' });
