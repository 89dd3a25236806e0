import { Router } from 'express';
import type { z } from 'zod';
import type { AuthenticatedOfficer } from '../../../db';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { accepted, ok, route, started, type Parsed } from '../../route';
import type { CaseService } from '../../services/cases';
import * as schema from './schema';

const tag = '行政处罚案件';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

/** A case action: one POST, the body validated by its schema, the workflow deciding. */
interface CaseAction<B extends z.ZodType> {
  path: string;
  roles: Role[];
  body: B;
  summary: string;
  description?: string;
  run: (options: { actor: AuthenticatedOfficer; id: string; body: Parsed<B> }) => Promise<unknown>;
}

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
      body: schema.FileCaseBody,
      responses: started('已立案，流程已启动', schema.FiledResponse),
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
      query: schema.ListCasesQuery,
      responses: ok('列表', schema.CaseListResponse),
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
      params: schema.CaseIdParams,
      responses: ok('详情', schema.CaseStateResponse),
      policy: policies.case,
    },
    ({ params }) => service.get({ id: params.id }),
  );

  const action = <B extends z.ZodType>(a: CaseAction<B>) =>
    route(
      router,
      {
        method: 'post',
        path: `/api/cases/:id/${a.path}`,
        tag,
        summary: a.summary,
        description: a.description,
        roles: a.roles,
        params: schema.CaseIdParams,
        body: a.body,
        responses: ok('已记录', schema.CaseStateResponse),
        policy: policies.case,
      },
      ({ actor, params, body }) => a.run({ actor, id: params.id, body }),
    );
  action({ path: 'investigators', roles: ['COORDINATOR'], body: schema.InvestigatorsBody, summary: '指定调查人员', description: '须至少两名持有效执法证的执法人员（《行政处罚法》第四十二条）。', run: service.assignInvestigators });
  action({ path: 'proposal', roles: ['INSPECTOR', 'COORDINATOR'], body: schema.ProposalBody, summary: '提出处罚建议（提交法制审核）', description: '只有本案调查人员可以提出；罚款达到重大案件标准或属于重大处罚种类的，审核通过后须集体讨论。', run: service.propose });
  action({ path: 'legal-review', roles: ['LEGAL_REVIEWER'], body: schema.CaseReviewBody, summary: '法制审核：通过或退回', description: '审核人须具备法律职业资格且不是本案调查人员（第五十八条）；逾期审核仍可提交，并标记为逾期。', run: service.legalReview });
  action({ path: 'extend-review', roles: ['LEGAL_REVIEWER', 'COORDINATOR'], body: schema.ReasonBody, summary: '延长法制审核期限（每轮一次，3个工作日）', run: service.extendReview });
  action({ path: 'collective-decision', roles: ['LEADER'], body: schema.CollectiveDecisionBody, summary: '记录集体讨论决定（重大案件，第五十七条）', run: service.collectiveDecision });
  action({ path: 'decision', roles: ['LEADER', 'COORDINATOR'], body: schema.DecisionBody, summary: '作出处罚决定', description: '须法制审核通过；重大案件须有审核通过后的集体讨论记录。超过九十日期限的决定仍可作出，并标记为逾期。', run: service.decide });
  action({ path: 'service', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.ServiceBody, summary: '记录决定书送达', run: service.serve });
  action({ path: 'suspend', roles: ['COORDINATOR', 'LEADER'], body: schema.ReasonBody, summary: '中止案件（中止期间不计入九十日期限）', run: service.suspend });
  action({ path: 'resume', roles: ['COORDINATOR', 'LEADER'], body: schema.ReasonBody, summary: '恢复办理', run: service.resume });
  action({ path: 'close', roles: ['COORDINATOR'], body: schema.ReasonBody, summary: '结案（决定书送达后）', run: service.close });

  return router;
}
