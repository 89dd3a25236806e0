import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ErrorBody } from '../../openapi';
import type { Policies } from '../../policies';
import { accepted, ok, route, started } from '../../route';
import type { PlanService } from '../../services/plans';
import * as schema from './schema';

const tag = '场景清单计划';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const PLANNERS: Role[] = ['COORDINATOR', 'ADMIN'];

export function plansRouter(service: PlanService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/plans',
      tag,
      summary: '新建场景清单计划（期间、频次上限、检查力量）',
      roles: PLANNERS,
      body: schema.CreatePlanBody,
      responses: started('计划已创建，流程已启动', schema.PlanCreated),
    },
    async ({ actor, body }, res) => {
      const result = await service.create({ actor, body });
      accepted(res, `/api/plans/${result.id}`, result);
    },
  );

  route(
    router,
    { method: 'get', path: '/api/plans', tag, summary: '计划列表', roles: READERS, query: schema.PlanListQuery, responses: ok('计划', schema.PlanList) },
    ({ actor }) => service.list({ actor }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/plans/:id',
      tag,
      summary: '计划详情：合并后的联合检查、未能安排的需求及原因、下界与差距、抽取记录',
      roles: READERS,
      params: schema.PlanIdParams,
      responses: ok('详情', schema.PlanDetail),
      policy: policies.plan,
    },
    ({ params }) => service.get({ id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/plans/:id/requests',
      tag,
      summary: '添加检查需求（某检查对象或某场景全部检查对象；只限清单内事项）',
      description: '部门执法人员只能为本部门添加。',
      roles: ['COORDINATOR', 'ADMIN', 'INSPECTOR'],
      params: schema.PlanIdParams,
      body: schema.AddRequestsBody,
      responses: ok('已添加：计划流程的状态', schema.PlanStateOut),
      policy: policies.planRequests,
    },
    ({ actor, params, body }) => service.addRequests({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/plans/:id/draw',
      tag,
      summary: '双随机抽取：按风险等级比例抽取检查对象，从持证人员库抽取执法人员（回避）',
      roles: PLANNERS,
      params: schema.PlanIdParams,
      body: schema.DrawBody,
      responses: ok('已抽取：计划流程的状态', schema.PlanStateOut),
      policy: policies.plan,
    },
    ({ actor, params, body }) => service.draw({ actor, id: params.id, body }),
  );

  for (const [step, summary] of [
    ['merge', '合并为联合检查（同一对象、时间窗口重叠的需求合并为一次入企）'],
    ['approve', '批准计划'],
    ['publish', '公示计划与抽取结果；之后按日期自动启动联合检查'],
  ] as const) {
    route(
      router,
      {
        method: 'post',
        path: `/api/plans/:id/${step}`,
        tag,
        summary,
        roles: PLANNERS,
        params: schema.PlanIdParams,
        body: schema.EmptyBody,
        responses: ok('完成：计划流程的状态', schema.PlanStateOut),
        policy: policies.plan,
      },
      ({ actor, params }) => service.step({ actor, id: params.id, step }),
    );
  }

  route(
    router,
    {
      method: 'get',
      path: '/api/public/draws/:id',
      tag: '公示',
      summary: '双随机抽取结果公示（无需登录）：种子、算法、抽取范围与结果，任何人可复现',
      roles: [],
      params: schema.PlanIdParams,
      responses: { ...ok('公示记录', schema.PublicDraw), 404: { description: '抽取记录不存在或尚未公示', schema: ErrorBody } },
    },
    ({ params }) => service.publicDraw({ id: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/targets/:id/ledger',
      tag,
      summary: '检查对象台账：本年度每次入企与各部门检查及其事由',
      roles: ['COORDINATOR', 'LEADER', 'ADMIN', 'INSPECTOR'],
      params: schema.LedgerParams,
      query: schema.YearQuery,
      responses: ok('台账', schema.TargetLedger),
      policy: policies.target,
    },
    ({ params, query }) => service.ledger({ targetId: params.id, year: query.year }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/stats/planning',
      tag: '统计',
      summary: '计划统计：部门检查需求与实际入企次数（减少入企）、计划与实际',
      roles: ['LEADER', 'COORDINATOR', 'ADMIN'],
      query: schema.YearQuery,
      responses: ok('统计', schema.PlanningStats),
    },
    ({ actor, query }) => service.stats({ actor, year: query.year }),
  );

  return router;
}
