import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { MajorDecisionService } from '../../services/rule-of-law';
import * as schema from './schema';

const tag = '重大行政决策（三重一大）';
const READERS: Role[] = ['COORDINATOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function majorDecisionsRouter(service: MajorDecisionService, policies: Policies): Router {
  const router = Router();
  const { projectThreshold, fundsThreshold } = service.policy;

  route(
    router,
    {
      method: 'post',
      path: '/api/major-decisions',
      tag,
      summary: '登记拟决策事项',
      description: `重大事项、重要干部任免须经合法性审查和集体讨论；项目达到${projectThreshold}元、资金达到${fundsThreshold}元的亦同（标准可配置）。`,
      roles: ['LEADER', 'COORDINATOR'],
      body: schema.CreateMajorDecisionBody,
      responses: { 201: { description: '已登记', schema: schema.MajorDecisionResponse } },
    },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.create({ actor, body }));
    },
  );
  route(
    router,
    { method: 'get', path: '/api/major-decisions', tag, summary: '重大决策台账', roles: READERS, responses: ok('列表', schema.MajorDecisionListResponse) },
    ({ actor }) => service.list({ actor }),
  );
  route(
    router,
    { method: 'get', path: '/api/major-decisions/:id', tag, summary: '重大决策详情', roles: READERS, params: schema.MajorDecisionIdParams, responses: ok('详情', schema.MajorDecisionResponse), policy: policies.majorDecision },
    ({ params }) => service.get({ id: params.id }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/major-decisions/:id/legal-opinion',
      tag,
      summary: '法律顾问出具合法性审查意见',
      description: '审查人须为法制审核人员并具备法律职业资格。',
      roles: ['LEGAL_REVIEWER'],
      params: schema.MajorDecisionIdParams,
      body: schema.LegalOpinionBody,
      responses: ok('已记录', schema.MajorDecisionResponse),
      policy: policies.majorDecision,
    },
    ({ actor, params, body }) => service.legalOpinion({ actor, id: params.id, body }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/major-decisions/:id/meeting',
      tag,
      summary: '记录集体讨论会议（出席、表决、纪要）',
      description: '须先有合法性审查意见。',
      roles: ['LEADER'],
      params: schema.MajorDecisionIdParams,
      body: schema.MeetingBody,
      responses: ok('已记录', schema.MajorDecisionResponse),
      policy: policies.majorDecision,
    },
    ({ actor, params, body }) => service.meeting({ actor, id: params.id, body }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/major-decisions/:id/decision',
      tag,
      summary: '记录为已决策',
      description: '无合法性审查意见（422 MAJOR_DECISION_LEGAL_OPINION_REQUIRED）、无集体讨论记录（422 MAJOR_DECISION_MEETING_REQUIRED）、出席不足（MAJOR_DECISION_QUORUM_NOT_MET）或未过半数（MAJOR_DECISION_NOT_PASSED）的，不能记录。',
      roles: ['LEADER'],
      params: schema.MajorDecisionIdParams,
      body: schema.TakeDecisionBody,
      responses: ok('已记录', schema.MajorDecisionResponse),
      policy: policies.majorDecision,
    },
    ({ actor, params, body }) => service.take({ actor, id: params.id, body }),
  );
  return router;
}
