import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies, Policy } from '../../policies';
import { ok, route } from '../../route';
import type { OnTheSpotService } from '../../services/on-the-spot';
import { InspectionStateResponse } from '../inspections/schema';
import * as schema from './schema';

const tag = '当场处罚（简易程序）';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const ON_SITE: Role[] = ['INSPECTOR', 'COORDINATOR'];
const BASE = '/api/inspections/:id/on-the-spot-penalties';

export function onTheSpotRouter(service: OnTheSpotService, policies: Policies): Router {
  const router = Router();
  // The penalty's routes are scoped by their inspection, like every other step of a visit.
  const penaltyPolicy = policies.inspection as Policy<{ id: string; penaltyId: string }>;

  route(
    router,
    {
      method: 'post',
      path: BASE,
      tag,
      summary: '当场作出行政处罚决定（《行政处罚法》第五十一条、第五十二条）',
      description:
        '由本次检查组中持有效执法证的执法人员（调用者本人）对一项检查发现当场作出：违法事实确凿、有法定依据，给予警告或罚款；' +
        '罚款对公民（含个体工商户，依统一社会信用代码判断）不超过 200 元、对法人或其他组织不超过 3000 元（可配置）。' +
        '不符合条件的返回 422 SIMPLE_PROCEDURE_NOT_ALLOWED（应立案查处）；不是检查组成员或没有有效执法证的返回 403 ON_THE_SPOT_OFFICER_NOT_ELIGIBLE。' +
        '决定作出后该检查发现即有处理结果；决定须在期限内（默认 3 个工作日）备案，检查在全部备案后办结。' +
        '当场行政处罚决定书用 POST /api/inspections/{id}/documents（kind ON_THE_SPOT_PENALTY_DECISION）制作。',
      roles: ON_SITE,
      params: schema.InspectionIdParams,
      body: schema.DecideOnTheSpotBody,
      responses: { 201: { description: '已作出', schema: schema.OnTheSpotPenaltyResponse } },
      policy: policies.inspection,
    },
    async ({ actor, params, body }, res) => {
      const penalty = await service.decide({ actor, id: params.id, body });
      res.status(201).location(`/api/inspections/${params.id}/on-the-spot-penalties/${penalty.id}`).json(penalty);
    },
  );

  route(
    router,
    {
      method: 'get',
      path: BASE,
      tag,
      summary: '本次检查的当场处罚决定',
      roles: READERS,
      params: schema.InspectionIdParams,
      responses: ok('列表', schema.OnTheSpotPenaltyListResponse),
      policy: policies.inspection,
    },
    ({ params }) => service.list({ id: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: `${BASE}/:penaltyId`,
      tag,
      summary: '一项当场处罚决定：签收、备案和期限',
      roles: READERS,
      params: schema.PenaltyParams,
      responses: ok('当场处罚决定', schema.OnTheSpotPenaltyResponse),
      policy: penaltyPolicy,
    },
    ({ params }) => service.get({ id: params.id, penaltyId: params.penaltyId }),
  );

  route(
    router,
    {
      method: 'post',
      path: `${BASE}/:penaltyId/acknowledgement`,
      tag,
      summary: '记录当事人签收决定书，或拒绝签收及见证人',
      description: '签收写明签收人和时间；拒绝签收的写明在场见证人和情况（全过程记录）。只记录一次（409 ALREADY_ACKNOWLEDGED）。',
      roles: ON_SITE,
      params: schema.PenaltyParams,
      body: schema.AcknowledgementBody,
      responses: ok('已记录', schema.OnTheSpotPenaltyResponse),
      policy: penaltyPolicy,
    },
    ({ actor, params, body }) => service.acknowledge({ actor, id: params.id, penaltyId: params.penaltyId, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: `${BASE}/:penaltyId/filing`,
      tag,
      summary: '当场处罚决定报所属行政机关备案',
      description: '由行政机关（综合执法协调员）记录；须先记录签收或拒签。逾期未备案的在期限届满后标记为逾期（ON_THE_SPOT_FILING_OVERDUE）。',
      roles: ['COORDINATOR', 'ADMIN'],
      params: schema.PenaltyParams,
      body: schema.FilingBody,
      responses: ok('已备案', schema.OnTheSpotPenaltyResponse),
      policy: penaltyPolicy,
    },
    ({ actor, params, body }) => service.file({ actor, id: params.id, penaltyId: params.penaltyId, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/legal-review/extension',
      tag: '联合检查',
      summary: '延长本轮法制审核期限一次（附理由）',
      description: '法制审核期限为提交审核后 7 个工作日（与案件审核相同），可延长一次 3 个工作日；再次延长返回 409 REVIEW_ALREADY_EXTENDED。',
      roles: ['LEGAL_REVIEWER', 'COORDINATOR'],
      params: schema.InspectionIdParams,
      body: schema.ExtendReviewBody,
      responses: ok('已延长', InspectionStateResponse),
      policy: policies.inspection,
    },
    ({ actor, params, body }) => service.extendReview({ actor, id: params.id, body }),
  );

  return router;
}
