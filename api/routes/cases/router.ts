import { Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { accepted, ok, route } from '../../route';
import type { CaseService } from '../../services/cases';
import {
  CaseIdParams,
  CaseListResponse,
  CaseReviewBody,
  CaseStateResponse,
  CollectiveDecisionBody,
  DecisionBody,
  FileCaseBody,
  FiledResponse,
  InvestigatorsBody,
  ListCasesQuery,
  ProposalBody,
  ReasonBody,
  ServiceBody,
} from './schema';

const tag = '行政处罚案件';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

type Action = Exclude<keyof CaseService, 'file' | 'get' | 'list'>;

/** The case actions: one POST each, the body validated by its schema, the workflow deciding. */
const ACTIONS: { path: string; action: Action; roles: Role[]; body: z.ZodType; summary: string; description?: string }[] = [
  { path: 'investigators', action: 'assignInvestigators', roles: ['COORDINATOR'], body: InvestigatorsBody, summary: '指定调查人员', description: '须至少两名持有效执法证的执法人员（《行政处罚法》第四十二条）。' },
  { path: 'proposal', action: 'propose', roles: ['INSPECTOR', 'COORDINATOR'], body: ProposalBody, summary: '提出处罚建议（提交法制审核）', description: '只有本案调查人员可以提出；罚款达到重大案件标准或属于重大处罚种类的，审核通过后须集体讨论。' },
  { path: 'legal-review', action: 'legalReview', roles: ['LEGAL_REVIEWER'], body: CaseReviewBody, summary: '法制审核：通过或退回', description: '审核人须具备法律职业资格且不是本案调查人员（第五十八条）；逾期审核仍可提交，并标记为逾期。' },
  { path: 'extend-review', action: 'extendReview', roles: ['LEGAL_REVIEWER', 'COORDINATOR'], body: ReasonBody, summary: '延长法制审核期限（每轮一次，3个工作日）' },
  { path: 'collective-decision', action: 'collectiveDecision', roles: ['LEADER'], body: CollectiveDecisionBody, summary: '记录集体讨论决定（重大案件，第五十七条）' },
  { path: 'decision', action: 'decide', roles: ['LEADER', 'COORDINATOR'], body: DecisionBody, summary: '作出处罚决定', description: '须法制审核通过；重大案件须有审核通过后的集体讨论记录。超过九十日期限的决定仍可作出，并标记为逾期。' },
  { path: 'service', action: 'serve', roles: ['COORDINATOR', 'INSPECTOR'], body: ServiceBody, summary: '记录决定书送达' },
  { path: 'suspend', action: 'suspend', roles: ['COORDINATOR', 'LEADER'], body: ReasonBody, summary: '中止案件（中止期间不计入九十日期限）' },
  { path: 'resume', action: 'resume', roles: ['COORDINATOR', 'LEADER'], body: ReasonBody, summary: '恢复办理' },
  { path: 'close', action: 'close', roles: ['COORDINATOR'], body: ReasonBody, summary: '结案（决定书送达后）' },
];

export function casesRouter(service: CaseService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/cases',
      tag,
      summary: '根据联合检查的发现立案',
      description: '综合执法协调人员或发现所属部门的执法人员可以立案；自立案之日起计算九十日决定期限（《行政处罚法》第六十条）。',
      roles: ['COORDINATOR', 'INSPECTOR'],
      body: FileCaseBody,
      responses: { 202: { description: '已立案，流程已启动', schema: FiledResponse } },
      policy: policies.fileCase,
    },
    async ({ actor, body }, res) => {
      const result = await service.file({ actor, body });
      accepted(res, `/api/cases/${result.id}`, result);
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/cases',
      tag,
      summary: '案件列表与工作清单',
      description: '?due=review：待法制审核（法制审核人员）；?due=collective：待集体讨论（负责人）。',
      roles: READERS,
      query: ListCasesQuery,
      responses: ok('列表', CaseListResponse),
      policy: policies.caseList,
    },
    ({ actor, query }) => service.list({ actor, query }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/cases/:id',
      tag,
      summary: '案件详情：实时状态与期限',
      roles: READERS,
      params: CaseIdParams,
      responses: ok('详情', CaseStateResponse),
      policy: policies.case,
    },
    ({ params }) => service.get({ id: params.id }),
  );

  for (const a of ACTIONS) {
    const run = service[a.action] as (options: { actor: Parameters<CaseService['close']>[0]['actor']; id: string; body: unknown }) => Promise<unknown>;
    route(
      router,
      {
        method: 'post',
        path: `/api/cases/:id/${a.path}`,
        tag,
        summary: a.summary,
        description: a.description,
        roles: a.roles,
        params: CaseIdParams,
        body: a.body,
        responses: ok('已记录', CaseStateResponse),
        policy: policies.case,
      },
      ({ actor, params, body }) => run({ actor, id: params.id, body }),
    );
  }

  return router;
}
