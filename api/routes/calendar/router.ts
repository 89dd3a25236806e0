import { Router } from 'express';
import { ROLES } from '../../../domain/roles';
import { ok, route } from '../../route';
import type { CalendarService } from '../../services/calendar';
import * as schema from './schema';

const tag = '工作日历';

export function calendarRouter(service: CalendarService): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/calendar',
      tag,
      summary: '工作日历：各年度节假日安排（通知文号或暂按法定节假日推算）及提醒',
      description: '自11月1日起，下一年度的节假日安排尚未录入时给出提醒 NEXT_YEAR_NOTICE_MISSING。',
      roles: ROLES,
      query: schema.CalendarQuery,
      responses: ok('工作日历', schema.CalendarResponse),
    },
    ({ query }) => service.overview({ today: query.today }),
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/calendar/years/:year',
      tag,
      summary: '录入（或更正）某年度国务院办公厅节假日安排通知',
      description:
        '放假日须含全部法定节假日，调休上班日须为周六或周日，日期须属于该年度（或上一年12月）。' +
        '保存后立即用于新计算的期限，无需重启；替换已有通知视为更正，记入审计日志。',
      roles: ['ADMIN'],
      params: schema.CalendarYearParams,
      body: schema.CalendarNoticeBody,
      responses: ok('已保存', schema.CalendarNoticeSaved),
    },
    ({ actor, params, body }) => service.saveNotice({ actor, year: params.year, body }),
  );

  return router;
}
