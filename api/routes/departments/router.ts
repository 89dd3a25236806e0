import { Router } from 'express';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import type { InspectionService } from '../../services/inspections';
import { valid } from '../../validate';
import { DepartmentCodeParams, DepartmentTasksResponse } from './schema';

export function departmentsRouter(service: InspectionService): Router {
  const router = Router();
  router.get(
    '/api/departments/:code/tasks',
    requireRole('INSPECTOR', 'COORDINATOR', 'LEADER', 'ADMIN'),
    declareRoute({
      method: 'get',
      path: '/api/departments/:code/tasks',
      tag: '部门',
      summary: '部门待办：待检查、待提交、待补正',
      description: '部门执法人员只能查看本部门的待办。',
      roles: ['INSPECTOR', 'COORDINATOR', 'LEADER', 'ADMIN'],
      request: { params: DepartmentCodeParams },
      responses: { 200: { description: '待办列表', schema: DepartmentTasksResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { code: string }>(req);
      res.json(await service.departmentTasks({ actor: currentOfficer(req), departmentCode: params.code }));
    },
  );
  return router;
}
