import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policy } from '../../policies';
import { ok, route } from '../../route';
import type { TownshipService } from '../../services/townships';
import * as schema from './schema';

const tag = '组织机构';
const READERS: Role[] = ['ADMIN', 'COORDINATOR', 'LEADER', 'INSPECTOR', 'LEGAL_REVIEWER'];
/** A grid worker picks the village of an event from their township's list. */
const GRID_WORKERS_TOO: Policy = { gridWorkers: true };

export function townshipsRouter(service: TownshipService): Router {
  const router = Router();

  route(
    router,
    { method: 'get', path: '/api/townships', tag, summary: '乡镇（街道）及其村（社区）：本人服务的范围', description: '网格员也可读取（上报事件时选择村、社区）。', roles: [...READERS, 'GRID_WORKER'], policy: GRID_WORKERS_TOO, responses: ok('乡镇', schema.TownshipList) },
    ({ actor }) => service.list(actor),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/townships',
      tag,
      summary: '设立乡镇（街道），可同时录入村（社区）',
      roles: ['ADMIN'],
      body: schema.CreateTownshipBody,
      responses: { 201: { description: '已设立', schema: schema.TownshipResponse } },
    },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.create(actor, body));
    },
  );

  route(
    router,
    { method: 'get', path: '/api/townships/:id', tag, summary: '乡镇（街道）详情', roles: READERS, params: schema.TownshipParams, responses: ok('乡镇', schema.TownshipResponse) },
    ({ actor, params }) => service.get(actor, params.id),
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/townships/:id',
      tag,
      summary: '修改乡镇（街道）名称、代码，增加村（社区）',
      roles: ['ADMIN'],
      params: schema.TownshipParams,
      body: schema.UpdateTownshipBody,
      responses: ok('已修改', schema.TownshipResponse),
    },
    ({ actor, params, body }) => service.update(actor, params.id, body),
  );

  route(
    router,
    { method: 'get', path: '/api/departments', tag, summary: '部门：县级部门及本人服务乡镇的机构', roles: READERS, responses: ok('部门', schema.DepartmentList) },
    ({ actor }) => service.listDepartments(actor),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/departments',
      tag,
      summary: '设立部门（县级部门或乡镇机构）',
      roles: ['ADMIN'],
      body: schema.CreateDepartmentBody,
      responses: { 201: { description: '已设立', schema: schema.DepartmentCreated } },
    },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.createDepartment(actor, body));
    },
  );

  return router;
}
