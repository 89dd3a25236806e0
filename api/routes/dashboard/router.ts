import { Router } from 'express';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import type { DashboardService } from '../../services/dashboard';
import { CoordinatorViewResponse, ViewerResponse } from './schema';

const TAG = '驾驶舱';
const ROLES = ['LEADER', 'COORDINATOR', 'ADMIN'] as const;

export function dashboardRouter(service: DashboardService): Router {
  const router = Router();
  router.get(
    '/api/dashboard/viewer',
    requireRole(...ROLES),
    declareRoute({
      method: 'get',
      path: '/api/dashboard/viewer',
      tag: TAG,
      summary: '驾驶舱登录：当前用户及其角色',
      roles: [...ROLES],
      responses: { 200: { description: '当前用户', schema: ViewerResponse } },
    }),
    (req, res) => {
      res.json(service.viewer(currentOfficer(req)));
    },
  );
  router.get(
    '/api/dashboard/coordinator',
    requireRole(...ROLES),
    declareRoute({
      method: 'get',
      path: '/api/dashboard/coordinator',
      tag: TAG,
      summary: '协调视图：待进行的联合检查（检查组、参加部门）与各部门待办',
      roles: [...ROLES],
      responses: { 200: { description: '协调视图', schema: CoordinatorViewResponse } },
    }),
    async (req, res) => {
      res.json(await service.coordinatorView({ actor: currentOfficer(req) }));
    },
  );
  return router;
}
