import { Router } from 'express';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { InspectionService } from '../../services/inspections';
import { DepartmentCodeParams, DepartmentTasksResponse } from './schema';

export function departmentsRouter(service: InspectionService, policies: Policies): Router {
  const router = Router();
  route(
    router,
    {
      method: 'get',
      path: '/api/departments/:code/tasks',
      tag: '部门',
      summary: '部门待办：待检查、待提交、待补正',
      description: '部门执法人员只能查看本部门的待办。',
      roles: ['INSPECTOR', 'COORDINATOR', 'LEADER', 'ADMIN'],
      params: DepartmentCodeParams,
      responses: ok('待办列表', DepartmentTasksResponse),
      policy: policies.departmentTasks,
    },
    ({ actor, params }) => service.departmentTasks({ actor, departmentCode: params.code }),
  );
  return router;
}
