import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ok, route } from '../../route';
import type { DashboardService } from '../../services/dashboard';
import { CoordinatorViewResponse, ViewerResponse } from './schema';

const tag = '驾驶舱';
const roles: Role[] = ['LEADER', 'COORDINATOR', 'ADMIN'];

export function dashboardRouter(service: DashboardService): Router {
  const router = Router();
  route(
    router,
    { method: 'get', path: '/api/dashboard/viewer', tag, summary: '驾驶舱登录：当前用户及其角色', roles, responses: ok('当前用户', ViewerResponse) },
    ({ actor }) => service.viewer(actor),
  );
  route(
    router,
    {
      method: 'get',
      path: '/api/dashboard/coordinator',
      tag,
      summary: '协调视图：待进行的联合检查（检查组、参加部门）与各部门待办',
      roles,
      responses: ok('协调视图', CoordinatorViewResponse),
    },
    ({ actor }) => service.coordinatorView({ actor }),
  );
  return router;
}
