import { Router } from 'express';
import { ok, route } from '../../route';
import type { StatsService } from '../../services/stats';
import { figuresScope } from '../../services/townships';
import { StatsQuery, StatsResponse } from './schema';

export function statsRouter(service: StatsService): Router {
  const router = Router();
  route(
    router,
    {
      method: 'get',
      path: '/api/stats',
      tag: '统计',
      summary: '年度统计：联合检查、部门检查合并、问题发现、法制审核',
      roles: ['LEADER', 'COORDINATOR', 'ADMIN'],
      query: StatsQuery,
      responses: ok('统计', StatsResponse),
    },
    ({ actor, query }) => service.year(query.year, figuresScope(actor, query.townshipId)),
  );
  return router;
}
