import { Router, type RequestHandler } from 'express';
import type { Role } from '../../../domain/roles';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import { createCaseService, type CaseService, type CaseServiceDeps } from '../../services/cases';
import { valid } from '../../validate';
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

const TAG = '行政处罚案件';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

type Action = Exclude<keyof CaseService, 'file' | 'get' | 'list'>;

/** The case actions: one POST each, the body validated by its schema, the workflow deciding. */
const ACTIONS: { path: string; action: Action; roles: Role[]; body: import('zod').ZodType; summary: string; description?: string }[] = [
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

export function casesRouter(deps: CaseServiceDeps): Router {
  const service = createCaseService(deps);
  const router = Router();

  router.post(
    '/api/cases',
    requireRole('COORDINATOR', 'INSPECTOR'),
    declareRoute({
      method: 'post',
      path: '/api/cases',
      tag: TAG,
      summary: '根据联合检查的发现立案',
      description: '综合执法协调人员或发现所属部门的执法人员可以立案；自立案之日起计算九十日决定期限（《行政处罚法》第六十条）。',
      roles: ['COORDINATOR', 'INSPECTOR'],
      request: { body: FileCaseBody },
      responses: { 202: { description: '已立案，流程已启动', schema: FiledResponse } },
    }),
    async (req, res) => {
      const { body } = valid<FileCaseBody>(req);
      const result = await service.file({ actor: currentOfficer(req), body });
      const location = `/api/cases/${result.id}`;
      res.status(202).location(location).json({ ...result, location });
    },
  );

  router.get(
    '/api/cases',
    declareRoute({
      method: 'get',
      path: '/api/cases',
      tag: TAG,
      summary: '案件列表与工作清单',
      description: '?due=review：待法制审核（法制审核人员）；?due=collective：待集体讨论（负责人）。',
      roles: READERS,
      request: { query: ListCasesQuery },
      responses: { 200: { description: '列表', schema: CaseListResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, ListCasesQuery>(req);
      res.json(await service.list({ actor: currentOfficer(req), query }));
    },
  );

  router.get(
    '/api/cases/:id',
    declareRoute({
      method: 'get',
      path: '/api/cases/:id',
      tag: TAG,
      summary: '案件详情：实时状态与期限',
      roles: READERS,
      request: { params: CaseIdParams },
      responses: { 200: { description: '详情', schema: CaseStateResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      res.json(await service.get({ actor: currentOfficer(req), id: params.id }));
    },
  );

  for (const a of ACTIONS) {
    const path = `/api/cases/:id/${a.path}`;
    const handler: RequestHandler = async (req, res) => {
      const { params, body } = valid<never, unknown, { id: string }>(req);
      const run = service[a.action] as (options: { actor: ReturnType<typeof currentOfficer>; id: string; body: unknown }) => Promise<unknown>;
      res.json(await run({ actor: currentOfficer(req), id: params.id, body }));
    };
    router.post(
      path,
      requireRole(...a.roles),
      declareRoute({
        method: 'post',
        path,
        tag: TAG,
        summary: a.summary,
        description: a.description,
        roles: a.roles,
        request: { params: CaseIdParams, body: a.body },
        responses: { 200: { description: '已记录', schema: CaseStateResponse } },
      }),
      handler,
    );
  }

  return router;
}
