import { Router } from 'express';
import type { PrismaClient } from '../../../db';
import { declareRoute } from '../../openapi';
import { listScenarios } from '../../services/catalog';
import { valid } from '../../validate';
import { ScenarioListResponse, TargetListResponse, TargetsQuery } from './schema';

export function catalogRouter(prisma: PrismaClient): Router {
  const router = Router();
  router.get(
    '/api/catalog/scenarios',
    declareRoute({
      method: 'get',
      path: '/api/catalog/scenarios',
      tag: '检查清单',
      summary: '场景清单：每个场景下各部门的检查事项、法律依据、方法和限值',
      roles: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'],
      responses: { 200: { description: '场景清单', schema: ScenarioListResponse } },
    }),
    async (_req, res) => {
      res.json(await listScenarios(prisma));
    },
  );
  router.get(
    '/api/targets',
    declareRoute({
      method: 'get',
      path: '/api/targets',
      tag: '检查清单',
      summary: '检查对象（市场主体）目录',
      roles: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'],
      request: { query: TargetsQuery },
      responses: { 200: { description: '检查对象', schema: TargetListResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, TargetsQuery>(req);
      const rows = await prisma.target.findMany({
        where: {
          ...(query.village ? { village: query.village } : {}),
          ...(query.scenarioCode ? { scenarioCode: query.scenarioCode } : {}),
          ...(query.q ? { OR: [{ name: { contains: query.q } }, { creditCode: { contains: query.q } }] } : {}),
        },
        orderBy: [{ village: 'asc' }, { name: 'asc' }],
        take: 200,
      });
      res.json(
        rows.map((t) => ({
          id: t.id,
          name: t.name,
          creditCode: t.creditCode,
          address: t.address,
          village: t.village,
          scenarioCode: t.scenarioCode,
          riskClass: t.riskClass,
        })),
      );
    },
  );
  return router;
}
