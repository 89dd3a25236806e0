import { Router } from 'express';
import type { PrismaClient } from '../../../db';
import { requireRole } from '../../auth';
import type { ReadCache } from '../../read-cache';
import { declareRoute } from '../../openapi';
import { yearStats } from '../../services/stats';
import { valid } from '../../validate';
import { StatsQuery, StatsResponse } from './schema';

export function statsRouter(prisma: PrismaClient, cache?: { readCache: ReadCache; maxAgeMs: number }): Router {
  const router = Router();
  router.get(
    '/api/stats',
    requireRole('LEADER', 'COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'get',
      path: '/api/stats',
      tag: '统计',
      summary: '年度统计：联合检查、部门检查合并、问题发现、法制审核',
      roles: ['LEADER', 'COORDINATOR', 'ADMIN'],
      request: { query: StatsQuery },
      responses: { 200: { description: '统计', schema: StatsResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, StatsQuery>(req);
      const count = () => yearStats(prisma, query.year);
      res.json(await (cache ? cache.readCache.memo(`stats:${query.year}`, count, { maxAgeMs: cache.maxAgeMs }) : count()));
    },
  );
  return router;
}
