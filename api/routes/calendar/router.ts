import { Router } from 'express';
import { ROLES } from '../../../domain/roles';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import type { CalendarService } from '../../services/calendar';
import { valid } from '../../validate';
import { CalendarNoticeBody, CalendarNoticeSaved, CalendarQuery, CalendarResponse, CalendarYearParams } from './schema';

const TAG = '工作日历';

export function calendarRouter(service: CalendarService): Router {
  const router = Router();

  router.get(
    '/api/calendar',
    requireRole(...ROLES),
    declareRoute({
      method: 'get',
      path: '/api/calendar',
      tag: TAG,
      summary: '工作日历：各年度节假日安排（通知文号或暂按法定节假日推算）及提醒',
      description: '自11月1日起，下一年度的节假日安排尚未录入时给出提醒 NEXT_YEAR_NOTICE_MISSING。',
      roles: [...ROLES],
      request: { query: CalendarQuery },
      responses: { 200: { description: '工作日历', schema: CalendarResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, CalendarQuery>(req);
      res.json(await service.overview({ today: query.today }));
    },
  );

  router.put(
    '/api/calendar/years/:year',
    requireRole('ADMIN'),
    declareRoute({
      method: 'put',
      path: '/api/calendar/years/:year',
      tag: TAG,
      summary: '录入（或更正）某年度国务院办公厅节假日安排通知',
      description:
        '放假日须含全部法定节假日，调休上班日须为周六或周日，日期须属于该年度（或上一年12月）。' +
        '保存后立即用于新计算的期限，无需重启；替换已有通知视为更正，记入审计日志。',
      roles: ['ADMIN'],
      request: { params: CalendarYearParams, body: CalendarNoticeBody },
      responses: { 200: { description: '已保存', schema: CalendarNoticeSaved } },
    }),
    async (req, res) => {
      const { params, body } = valid<CalendarNoticeBody, unknown, CalendarYearParams>(req);
      res.json(await service.saveNotice({ actor: currentOfficer(req), year: params.year, body }));
    },
  );

  return router;
}
