import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { LegalChallengeService } from '../../services/legal-challenges';
import * as schema from './schema';

const tag = '行政复议与行政诉讼';
const RECORDERS: Role[] = ['COORDINATOR', 'LEGAL_REVIEWER', 'LEADER'];
const READERS: Role[] = ['COORDINATOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function legalChallengesRouter(service: LegalChallengeService, policies: Policies): Router {
  const router = Router();
  const p = service.policy;
  route(
    router,
    {
      method: 'post',
      path: '/api/legal-challenges',
      tag,
      summary: '登记行政复议或行政诉讼（收到申请书或起诉状副本时）',
      description:
        `关联案件的，对该案处罚决定提起；否则写明行政行为。复议申请期限${p.reconsiderationApplicationDays}日（《行政复议法》第二十条）、起诉期限${p.litigationFilingMonths}个月（《行政诉讼法》第四十六条），超期的予以标注；` +
        `书面答复期限${p.reconsiderationAnswerWorkingDays}个工作日（《行政复议法》第四十八条、第八十八条）、答辩期限${p.litigationAnswerDays}日（《行政诉讼法》第六十七条）。`,
      roles: RECORDERS,
      body: schema.CreateLegalChallengeBody,
      responses: { 201: { description: '已登记', schema: schema.LegalChallengeResponse } },
    },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.create({ actor, body }));
    },
  );
  route(
    router,
    { method: 'get', path: '/api/legal-challenges', tag, summary: '行政复议和行政诉讼台账', roles: READERS, query: schema.ListLegalChallengesQuery, responses: ok('列表', schema.LegalChallengeListResponse) },
    ({ actor, query }) => service.list({ actor, query }),
  );
  route(
    router,
    { method: 'get', path: '/api/legal-challenges/:id', tag, summary: '行政复议（诉讼）详情', roles: READERS, params: schema.LegalChallengeIdParams, responses: ok('详情', schema.LegalChallengeResponse), policy: policies.legalChallenge },
    ({ params }) => service.get({ id: params.id }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/legal-challenges/:id/answer',
      tag,
      summary: '记录提交书面答复（答辩状）',
      description: '超过期限的照常记录并标注逾期。',
      roles: RECORDERS,
      params: schema.LegalChallengeIdParams,
      body: schema.ChallengeAnswerBody,
      responses: ok('已记录', schema.LegalChallengeResponse),
      policy: policies.legalChallenge,
    },
    ({ actor, params, body }) => service.answer({ actor, id: params.id, body }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/legal-challenges/:id/extension',
      tag,
      summary: '记录行政复议期限延长（《行政复议法》第六十二条）',
      description: `仅行政复议，延长一次，最多${p.reconsiderationExtensionDays}日。`,
      roles: RECORDERS,
      params: schema.LegalChallengeIdParams,
      body: schema.ChallengeExtensionBody,
      responses: ok('已记录', schema.LegalChallengeResponse),
      policy: policies.legalChallenge,
    },
    ({ actor, params, body }) => service.extend({ actor, id: params.id, body }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/legal-challenges/:id/hearings',
      tag,
      summary: '记录开庭（听取意见）及负责人是否出庭应诉（《行政诉讼法》第三条）',
      roles: RECORDERS,
      params: schema.LegalChallengeIdParams,
      body: schema.ChallengeHearingBody,
      responses: ok('已记录', schema.LegalChallengeResponse),
      policy: policies.legalChallenge,
    },
    ({ actor, params, body }) => service.hearing({ actor, id: params.id, body }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/legal-challenges/:id/outcome',
      tag,
      summary: '记录复议决定或裁判结果',
      description: '关联案件的处罚决定被撤销或变更的，通过案件的撤销（变更）程序办理，已公示的执法信息随即撤下（《行政处罚法》第四十八条）；案件不能撤销的，结果不予记录。',
      roles: ['LEADER', 'LEGAL_REVIEWER'],
      params: schema.LegalChallengeIdParams,
      body: schema.ChallengeOutcomeBody,
      responses: ok('已记录', schema.LegalChallengeResponse),
      policy: policies.legalChallenge,
    },
    ({ actor, params, body }) => service.outcome({ actor, id: params.id, body }),
  );
  return router;
}
