import type { CaseState } from '../../../contracts/case';
import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { AuthenticatedOfficer } from '../../../db';
import type { Policies } from '../../policies';
import { accepted, objectActions, ok, route, started } from '../../route';
import type { CaseService } from '../../services/cases';
import * as schema from './schema';

const tag = '行政处罚案件';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

/** The §57 collective decision is recorded by the major-decision machinery (api/services/rule-of-law.ts), which hands it to the case; it answers the case's state. */
type CollectiveDecisionRecorder = (options: { actor: AuthenticatedOfficer; id: string; body: schema.CollectiveDecisionBody }) => Promise<CaseState>;

export function casesRouter(service: CaseService, policies: Policies, collectiveDecision: CollectiveDecisionRecorder): Router {
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

  route(
    router,
    {
      method: 'get',
      path: '/api/cases/:id/publication-draft',
      tag,
      summary: '公示文本草稿：由决定生成，已隐去身份证号码、电话号码、账号和当事人以外自然人的姓名',
      roles: ['COORDINATOR', 'LEADER'],
      params: schema.CaseIdParams,
      responses: ok('草稿', schema.PublicationDraftResponse),
      policy: policies.case,
    },
    ({ params }) => service.publicationDraft({ id: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/public/decisions',
      tag: '执法公示',
      summary: '行政处罚决定公示（无需登录）',
      description: '已公示且未撤下的行政处罚决定，最新在前。',
      roles: [],
      query: schema.PublicDecisionsQuery,
      responses: ok('公示列表', schema.PublicDecisionsResponse),
    },
    ({ query }) => service.publicDecisions({ townshipId: query.townshipId }),
  );

  const action = objectActions(router, { base: '/api/cases', tag, params: schema.CaseIdParams, answer: schema.CaseStateResponse, policy: policies.case });
  action({ path: 'investigators', roles: ['COORDINATOR'], body: schema.InvestigatorsBody, summary: '指定调查人员', description: '须至少两名持有效执法证的执法人员（《行政处罚法》第四十二条）。', run: service.assignInvestigators });
  action({ path: 'proposal', roles: ['INSPECTOR', 'COORDINATOR'], body: schema.ProposalBody, summary: '提出处罚建议（提交法制审核）', description: '只有本案调查人员可以提出；罚款达到重大案件标准或属于重大处罚种类的，审核通过后须集体讨论。', run: service.propose });
  action({ path: 'legal-review', roles: ['LEGAL_REVIEWER'], body: schema.CaseReviewBody, summary: '法制审核：通过或退回', description: '审核人须具备法律职业资格且不是本案调查人员（第五十八条）；逾期审核仍可提交，并标记为逾期。', run: service.legalReview });
  action({ path: 'extend-review', roles: ['LEGAL_REVIEWER', 'COORDINATOR'], body: schema.ReasonBody, summary: '延长法制审核期限（每轮一次，3个工作日）', run: service.extendReview });
  action({
    path: 'collective-decision',
    roles: ['LEADER'],
    body: schema.CollectiveDecisionBody,
    summary: '记录集体讨论决定（重大案件，第五十七条）',
    description: '作为“重大执法决定”类重大决策记录（出席、表决、纪要），法制审核意见即其合法性审查意见；出席不足（MAJOR_DECISION_QUORUM_NOT_MET）或未过半数（MAJOR_DECISION_NOT_PASSED）的不予记录。',
    run: collectiveDecision,
  });
  action({ path: 'decision', roles: ['LEADER', 'COORDINATOR'], body: schema.DecisionBody, summary: '作出处罚决定', description: '须法制审核通过；事先告知书已送达且陈述、申辩期限届满（或当事人书面放弃），要求听证的听证已结束（第六十二条）；重大案件须有审核（和听证）后的集体讨论记录。超过九十日期限的决定仍可作出，并标记为逾期。', run: service.decide });
  action({ path: 'notice', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.NoticeBody, summary: '制作行政处罚事先告知书（第四十四条）', description: '法制审核通过后、作出决定前，告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩权；属于第六十三条范围的，同时告知听证权。', run: service.issueNotice });
  action({ path: 'service', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.ServiceBody, summary: '记录文书送达（第六十一条）', description: '事先告知书、听证通知书或处罚决定书的送达方式、时间、受送达人和送达回证。事先告知书送达后开始计算陈述、申辩（听证申请）期限；决定书送达后开始计算十五日缴款期限。', run: service.serve });
  action({ path: 'waiver', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.WaiverBody, summary: '记录当事人书面放弃陈述、申辩（听证）权利（第六十二条）', run: service.waive });
  action({ path: 'statements', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.StatementBody, summary: '记录当事人的陈述、申辩（第四十五条）', run: service.recordStatement });
  action({ path: 'reexamination', roles: ['COORDINATOR', 'LEGAL_REVIEWER', 'LEADER'], body: schema.ReexaminationBody, summary: '复核当事人的陈述、申辩（第四十五条）', run: service.reexamine });
  action({ path: 'hearing/request', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.HearingRequestBody, summary: '记录当事人的听证申请（第六十四条第一项：告知后五日内）', run: service.requestHearing });
  action({ path: 'hearing/schedule', roles: ['COORDINATOR', 'LEADER'], body: schema.HearingScheduleBody, summary: '确定听证时间、地点和主持人，制作听证通知书（第六十四条）', run: service.scheduleHearing });
  action({ path: 'hearing/challenge', roles: ['LEADER'], body: schema.HearingChallengeBody, summary: '当事人申请主持人回避：负责人决定（第六十四条第四项）', run: service.challengePresiding });
  action({ path: 'hearing/record', roles: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER'], body: schema.HearingRecordBody, summary: '提交听证笔录或记录当事人未出席、撤回（第六十四条）', description: '听证笔录由主持人提交，须当事人核对签字或注明拒签情况。', run: service.recordHearing });
  action({ path: 'payments', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.PaymentBody, summary: '登记罚款缴纳（第六十七条；逾期按日加处百分之三罚款，第七十二条）', run: service.recordPayment });
  action({ path: 'payment-arrangement', roles: ['LEADER'], body: schema.PaymentArrangementBody, summary: '批准延期或分期缴纳罚款（第六十六条）', run: service.arrangePayment });
  action({ path: 'execution', roles: ['COORDINATOR', 'INSPECTOR'], body: schema.ExecutionBody, summary: '记录非罚款处罚的执行情况', run: service.recordExecution });
  action({ path: 'publication', roles: ['COORDINATOR', 'LEADER'], body: schema.PublicationBody, summary: '公示处罚决定（执法公示：决定之日起七个工作日内）', description: '公示内容不得含有当事人以外自然人的姓名、身份证号码、电话号码、银行账号；检出身份证号码、电话号码或账号时拒绝公示（422）。涉及未成年人的案件记录为不予公开。', run: service.publish });
  action({ path: 'revocation', roles: ['LEADER'], body: schema.RevocationBody, summary: '记录处罚决定被撤销或变更（已公示的立即撤下，第四十八条）', run: service.revoke });
  action({ path: 'court-enforcement', roles: ['COORDINATOR', 'LEADER'], body: schema.CourtEnforcementBody, summary: '申请人民法院强制执行（第七十二条、《行政强制法》第五十三条）', run: service.applyCourtEnforcement });
  action({ path: 'suspend', roles: ['COORDINATOR', 'LEADER'], body: schema.ReasonBody, summary: '中止案件（中止期间不计入九十日期限）', run: service.suspend });
  action({ path: 'resume', roles: ['COORDINATOR', 'LEADER'], body: schema.ReasonBody, summary: '恢复办理', run: service.resume });
  action({ path: 'close', roles: ['COORDINATOR'], body: schema.ReasonBody, summary: '结案（处罚决定执行完毕或申请法院强制执行后）', run: service.close });

  return router;
}
