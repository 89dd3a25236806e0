import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ok, route } from '../../route';
import type { CatalogService } from '../../services/catalog';
import { ScenarioListResponse, TargetListResponse, TargetsQuery } from './schema';

const tag = '检查清单';
const roles: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function catalogRouter(service: CatalogService): Router {
  const router = Router();
  route(
    router,
    {
      method: 'get',
      path: '/api/catalog/scenarios',
      tag,
      summary: '场景清单：每个场景下各部门的检查事项、法律依据、方法和限值',
      roles,
      responses: ok('场景清单', ScenarioListResponse),
    },
    () => service.scenarios(),
  );
  route(
    router,
    { method: 'get', path: '/api/targets', tag, summary: '检查对象（市场主体）目录', roles, query: TargetsQuery, responses: ok('检查对象', TargetListResponse) },
    ({ actor, query }) => service.targets(actor, query),
  );
  return router;
}
