import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { accepted, ok, route, started } from '../../route';
import type { InspectionService } from '../../services/inspections';
import * as schema from './schema';

const tag = '联合检查';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function inspectionsRouter(service: InspectionService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections',
      tag,
      summary: '排期一次联合检查',
      description:
        '可带 Idempotency-Key 请求头：同一键的重复请求返回同一检查，不会重复排期。' +
        '与计划排期同一规则（无事不扰）：该市场主体前后 JOIN_WINDOW_DAYS（默认 10）天内已有尚未开始的联合检查时拒绝（409 VISIT_EXISTS_IN_WINDOW，error.details.existingVisits 列出该次检查，请用 POST /api/inspections/{id}/join 加入）；' +
        '超出本年度频次上限时拒绝（422 FREQUENCY_CAP_REACHED，error.details.caps 列出部门、上限和已检查次数）。' +
        '有法定例外情形时在 exception 中注明原因（COMPLAINT、ASSIGNED_CASE、RECTIFICATION_RECHECK、ENTITY_REQUEST）和说明即可排期，例外记入审计记录和检查台账。',
      roles: ['COORDINATOR', 'ADMIN'],
      body: schema.ScheduleInspectionBody,
      headers: schema.ScheduleHeaders,
      responses: started('已排期，流程已启动', schema.ScheduledResponse),
    },
    async ({ actor, body, headers }, res) => {
      const result = await service.schedule({ actor, body, idempotencyKey: headers['idempotency-key'] });
      accepted(res, `/api/inspections/${result.id}`, result);
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/join',
      tag,
      summary: '拼团：把部门及其检查事项加入一次尚未开始的联合检查',
      description:
        '进一次门、查多项事：代替在前后窗口内另行排期。检查事项须在该次检查日期生效的场景清单内；新加入的部门计入本年度频次上限（422 FREQUENCY_CAP_REACHED）；' +
        '检查组加上新成员后须符合现场检查的人员规则（TEAM_RULE_VIOLATED）。已开始现场检查的不能再加入（409 INVALID_STATE）。',
      roles: ['COORDINATOR', 'ADMIN'],
      params: schema.InspectionIdParams,
      body: schema.JoinInspectionBody,
      responses: ok('已加入', schema.InspectionStateResponse),
      policy: policies.inspection,
    },
    ({ actor, params, body }) => service.join({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/inspections',
      tag,
      summary: '联合检查列表（筛选、分页）',
      description: '部门执法人员只能看到本部门参加的检查。',
      roles: READERS,
      query: schema.ListInspectionsQuery,
      responses: ok('列表', schema.InspectionListResponse),
    },
    ({ actor, query }) => service.list({ actor, query }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/inspections/:id',
      tag,
      summary: '联合检查详情：实时状态与全过程记录',
      roles: READERS,
      params: schema.InspectionIdParams,
      responses: ok('详情', schema.InspectionDetailResponse),
      policy: policies.inspection,
    },
    ({ actor, params }) => service.get({ actor, id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/check-in',
      tag,
      summary: '现场签到，开始联合检查',
      description: '须至少两名持有效执法证的执法人员到场，且每个参加部门都有人员到场（《行政处罚法》第四十二条）。',
      roles: ['COORDINATOR', 'INSPECTOR'],
      params: schema.InspectionIdParams,
      body: schema.CheckInBody,
      responses: ok('已开始现场检查', schema.InspectionStateResponse),
      policy: policies.inspection,
    },
    ({ actor, params, body }) => service.checkIn({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/inspections/:id/checks/:department',
      tag,
      summary: '提交（或在检查完成前重新提交）本部门的检查结果',
      description:
        '结果须恰好覆盖本部门被分配的检查事项；实测值须符合单位和量程；超出限值不能判定为符合。' +
        '可带 Idempotency-Key 请求头：应答丢失后用同一键重发，只记录一次提交，返回同一结果（不会记为补正）。',
      roles: ['INSPECTOR'],
      params: schema.DepartmentCheckParams,
      body: schema.SubmitChecksBody,
      headers: schema.SubmitChecksHeaders,
      responses: ok('已提交', schema.InspectionStateResponse),
      policy: policies.departmentChecks,
    },
    ({ actor, params, body, headers }) =>
      service.submitChecks({ actor, id: params.id, departmentCode: params.department, body, idempotencyKey: headers['idempotency-key'] }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/legal-review',
      tag,
      summary: '法制审核：通过或退回（附审核意见）',
      description: '审核人须具备法律职业资格，且不是本次检查组成员。',
      roles: ['LEGAL_REVIEWER'],
      params: schema.InspectionIdParams,
      body: schema.LegalReviewBody,
      responses: ok('已记录审核意见', schema.InspectionStateResponse),
      policy: policies.inspection,
    },
    ({ actor, params, body }) => service.legalReview({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/cancel',
      tag,
      summary: '取消联合检查（检查结果形成之前）',
      roles: ['COORDINATOR', 'ADMIN'],
      params: schema.InspectionIdParams,
      body: schema.CancelBody,
      responses: ok('已取消', schema.InspectionStateResponse),
      policy: policies.inspection,
    },
    ({ actor, params, body }) => service.cancel({ actor, id: params.id, body }),
  );

  return router;
}
