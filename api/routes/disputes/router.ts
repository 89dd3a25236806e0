import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { DisputeService } from '../../services/rule-of-law';
import * as schema from './schema';

const tag = '人民调解';
const RECORDERS: Role[] = ['COORDINATOR', 'LEADER'];
const READERS: Role[] = ['COORDINATOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function disputesRouter(service: DisputeService, policies: Policies): Router {
  const router = Router();
  route(
    router,
    {
      method: 'post',
      path: '/api/disputes',
      tag,
      summary: '受理矛盾纠纷（群众申请、诉调、警调、访调、网格事件转入）',
      description: '网格事件转入的须注明“532”事件编号，纠纷属于该事件所在乡镇；一个事件只能转为一件纠纷。',
      roles: RECORDERS,
      body: schema.CreateDisputeBody,
      responses: { 201: { description: '已受理', schema: schema.DisputeResponse } },
    },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.create({ actor, body }));
    },
  );
  route(
    router,
    {
      method: 'get',
      path: '/api/disputes',
      tag,
      summary: '调解台账（不含当事人电话和身份证号）',
      roles: READERS,
      query: schema.ListDisputesQuery,
      responses: ok('列表', schema.DisputeListResponse),
    },
    ({ actor, query }) => service.list({ actor, query }),
  );
  route(
    router,
    {
      method: 'get',
      path: '/api/disputes/:id',
      tag,
      summary: '纠纷详情（当事人电话和身份证号仅对综合执法协调员和领导显示）',
      roles: READERS,
      params: schema.DisputeIdParams,
      responses: ok('详情', schema.DisputeResponse),
      policy: policies.dispute,
    },
    ({ actor, params }) => service.get({ actor, id: params.id }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/disputes/:id/outcome',
      tag,
      summary: '记录调解结果（书面协议、口头协议、调解不成并引导或移送）',
      roles: RECORDERS,
      params: schema.DisputeIdParams,
      body: schema.DisputeOutcomeBody,
      responses: ok('已记录', schema.DisputeResponse),
      policy: policies.dispute,
    },
    ({ actor, params, body }) => service.outcome({ actor, id: params.id, body }),
  );
  route(
    router,
    {
      method: 'put',
      path: '/api/mediation-targets',
      tag,
      summary: '设定乡镇年度调解任务数',
      roles: ['LEADER', 'ADMIN'],
      body: schema.MediationTargetBody,
      responses: ok('已设定', schema.MediationTargetResponse),
    },
    ({ actor, body }) => service.setTarget({ actor, body }),
  );
  return router;
}
