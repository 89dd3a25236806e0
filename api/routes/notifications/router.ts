import { Router } from 'express';
import { ROLES } from '../../../domain/roles';
import { OWN_ACCOUNT } from '../../policies';
import { ok, route } from '../../route';
import type { NotificationService } from '../../services/notifications';
import * as schema from './schema';

const tag = '提醒';
const OWN_NOTE = '只含本人的提醒；他人的提醒按不存在处理（404）。';

export function notificationsRouter(service: NotificationService): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/notifications',
      tag,
      summary: '我的提醒（办案期限、法制审核、部门逾期、整改到期、执法证到期等；最新在前，分页）',
      description: OWN_NOTE,
      roles: ROLES,
      policy: OWN_ACCOUNT,
      query: schema.ListNotificationsQuery,
      responses: ok('提醒', schema.NotificationList),
    },
    ({ actor, query }) => service.list({ actor, query }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/notifications/read-all',
      tag,
      summary: '全部标记为已读',
      description: OWN_NOTE,
      roles: ROLES,
      policy: OWN_ACCOUNT,
      responses: ok('已标记', schema.ReadAllResponse),
    },
    ({ actor }) => service.readAll({ actor }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/notifications/:id/read',
      tag,
      summary: '标记为已读',
      description: `${OWN_NOTE}已读的再次标记不改变已读时间。`,
      roles: ROLES,
      policy: OWN_ACCOUNT,
      params: schema.NotificationIdParams,
      responses: ok('已标记', schema.NotificationView),
    },
    ({ actor, params }) => service.read({ actor, id: params.id }),
  );

  return router;
}
