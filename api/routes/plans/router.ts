import { Router } from 'express';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import type { PlanService } from '../../services/plans';
import { valid } from '../../validate';
import {
  AddRequestsBody,
  CreatePlanBody,
  DrawBody,
  EmptyBody,
  LedgerParams,
  Loose,
  PlanIdParams,
  PlanListQuery,
  YearQuery,
} from './schema';

const TAG = '场景清单计划';
const READERS = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'] as const;

export function plansRouter(service: PlanService): Router {
  const router = Router();

  router.post(
    '/api/plans',
    requireRole('COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'post',
      path: '/api/plans',
      tag: TAG,
      summary: '新建场景清单计划（期间、频次上限、检查力量）',
      roles: ['COORDINATOR', 'ADMIN'],
      request: { body: CreatePlanBody },
      responses: { 202: { description: '计划已创建，流程已启动', schema: Loose } },
    }),
    async (req, res) => {
      const result = await service.create({ actor: currentOfficer(req), body: valid<CreatePlanBody>(req).body });
      const location = `/api/plans/${result.id}`;
      res.status(202).location(location).json({ ...result, location });
    },
  );

  router.get(
    '/api/plans',
    requireRole(...READERS),
    declareRoute({
      method: 'get',
      path: '/api/plans',
      tag: TAG,
      summary: '计划列表',
      roles: [...READERS],
      request: { query: PlanListQuery },
      responses: { 200: { description: '计划', schema: Loose } },
    }),
    async (_req, res) => {
      res.json(await service.list());
    },
  );

  router.get(
    '/api/plans/:id',
    requireRole(...READERS),
    declareRoute({
      method: 'get',
      path: '/api/plans/:id',
      tag: TAG,
      summary: '计划详情：合并后的联合检查、未能安排的需求及原因、下界与差距、抽取记录',
      roles: [...READERS],
      request: { params: PlanIdParams },
      responses: { 200: { description: '详情', schema: Loose } },
    }),
    async (req, res) => {
      res.json(await service.get({ id: valid<unknown, unknown, { id: string }>(req).params.id }));
    },
  );

  router.post(
    '/api/plans/:id/requests',
    requireRole('COORDINATOR', 'ADMIN', 'INSPECTOR'),
    declareRoute({
      method: 'post',
      path: '/api/plans/:id/requests',
      tag: TAG,
      summary: '添加检查需求（某检查对象或某场景全部检查对象；只限清单内事项）',
      description: '部门执法人员只能为本部门添加。',
      roles: ['COORDINATOR', 'ADMIN', 'INSPECTOR'],
      request: { params: PlanIdParams, body: AddRequestsBody },
      responses: { 200: { description: '已添加', schema: Loose } },
    }),
    async (req, res) => {
      const { params, body } = valid<AddRequestsBody, unknown, { id: string }>(req);
      res.json(await service.addRequests({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.post(
    '/api/plans/:id/draw',
    requireRole('COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'post',
      path: '/api/plans/:id/draw',
      tag: TAG,
      summary: '双随机抽取：按风险等级比例抽取检查对象，从持证人员库抽取执法人员（回避）',
      roles: ['COORDINATOR', 'ADMIN'],
      request: { params: PlanIdParams, body: DrawBody },
      responses: { 200: { description: '已抽取', schema: Loose } },
    }),
    async (req, res) => {
      const { params, body } = valid<DrawBody, unknown, { id: string }>(req);
      res.json(await service.draw({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  for (const [step, summary] of [
    ['merge', '合并为联合检查（同一对象、时间窗口重叠的需求合并为一次入企）'],
    ['approve', '批准计划'],
    ['publish', '公示计划与抽取结果；之后按日期自动启动联合检查'],
  ] as const) {
    router.post(
      `/api/plans/:id/${step}`,
      requireRole('COORDINATOR', 'ADMIN'),
      declareRoute({
        method: 'post',
        path: `/api/plans/:id/${step}`,
        tag: TAG,
        summary,
        roles: ['COORDINATOR', 'ADMIN'],
        request: { params: PlanIdParams, body: EmptyBody },
        responses: { 200: { description: '完成', schema: Loose } },
      }),
      async (req, res) => {
        const { params } = valid<unknown, unknown, { id: string }>(req);
        res.json(await service.step({ actor: currentOfficer(req), id: params.id, step }));
      },
    );
  }

  router.get(
    '/api/public/draws/:id',
    declareRoute({
      method: 'get',
      path: '/api/public/draws/:id',
      tag: '公示',
      summary: '双随机抽取结果公示（无需登录）：种子、算法、抽取范围与结果，任何人可复现',
      roles: [],
      request: { params: PlanIdParams },
      responses: { 200: { description: '公示记录', schema: Loose } },
    }),
    async (req, res) => {
      res.json(await service.publicDraw({ id: valid<unknown, unknown, { id: string }>(req).params.id }));
    },
  );

  router.get(
    '/api/targets/:id/ledger',
    requireRole('COORDINATOR', 'LEADER', 'ADMIN', 'INSPECTOR'),
    declareRoute({
      method: 'get',
      path: '/api/targets/:id/ledger',
      tag: TAG,
      summary: '检查对象台账：本年度每次入企与各部门检查及其事由',
      roles: ['COORDINATOR', 'LEADER', 'ADMIN', 'INSPECTOR'],
      request: { params: LedgerParams, query: YearQuery },
      responses: { 200: { description: '台账', schema: Loose } },
    }),
    async (req, res) => {
      const { params, query } = valid<unknown, YearQuery, { id: string }>(req);
      res.json(await service.ledger({ targetId: params.id, year: query.year }));
    },
  );

  router.get(
    '/api/stats/planning',
    requireRole('LEADER', 'COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'get',
      path: '/api/stats/planning',
      tag: '统计',
      summary: '计划统计：部门检查需求与实际入企次数（减少入企）、计划与实际',
      roles: ['LEADER', 'COORDINATOR', 'ADMIN'],
      request: { query: YearQuery },
      responses: { 200: { description: '统计', schema: Loose } },
    }),
    async (req, res) => {
      res.json(await service.stats({ year: valid<unknown, YearQuery>(req).query.year }));
    },
  );

  return router;
}
