import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ok, route } from '../../route';
import type { ConflictService } from '../../services/conflicts';
import * as schema from './schema';

const tag = '回避';
/** Any member of the enforcement team may declare their own conflict; who may record which kind is the domain's rule. */
const DECLARANTS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function conflictsRouter(service: ConflictService): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/conflicts',
      tag,
      summary: '申请回避（《行政处罚法》第四十三条）',
      description:
        'source=OFFICER：执法人员本人申请（本人提出，或由综合执法协调员、系统管理员代为登记）；source=PARTY：当事人申请（由综合执法协调员、执法人员或系统管理员登记）。待负责人决定期间，该人员不参加随机抽取，但不影响已开展的调查。',
      roles: DECLARANTS,
      body: schema.DeclareConflictBody,
      responses: { 201: { description: '已登记，待负责人决定', schema: schema.ConflictView } },
    },
    async ({ actor, body }, res) => {
      const conflict = await service.declare({ actor, body });
      res.status(201).location(`/api/conflicts?officerId=${encodeURIComponent(conflict.officer.id)}`).json(conflict);
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/conflicts/:id/decision',
      tag,
      summary: '负责人决定是否回避',
      description: '由负责人（领导）决定；涉及本人的申请不能由本人决定；只能决定待决定的申请。决定回避后，该人员不能参加该检查对象的联合检查和案件调查。',
      roles: ['LEADER'],
      params: schema.ConflictIdParams,
      body: schema.DecideConflictBody,
      responses: ok('已决定', schema.ConflictView),
    },
    ({ actor, params, body }) => service.decide({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/conflicts',
      tag,
      summary: '回避申请列表（按人员、检查对象、状态筛选）',
      description: '只列出本人管理范围内乡镇的检查对象；部门执法人员只能看到涉及本人的申请。',
      roles: DECLARANTS,
      query: schema.ListConflictsQuery,
      responses: ok('回避申请', schema.ConflictList),
    },
    ({ actor, query }) => service.list({ actor, query }),
  );

  return router;
}
