import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { accepted, ok, route, started } from '../../route';
import type { RapidResponseService } from '../../services/rapid-response';
import * as schema from './schema';

const tag = '532 快速响应';
const ALL: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN', 'GRID_WORKER'];
const STAFF: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEADER', 'ADMIN'];

export function rapidResponseRouter(service: RapidResponseService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/events',
      tag,
      summary: '网格员上报事件，启动“532”响应计时',
      description:
        '5 分钟内下达指令、30 分钟内人员到场、2 小时内反馈初步结果（均自上报起算，可配置）。同一网格员以同一 clientKey（或 Idempotency-Key 请求头）重复提交只产生一个事件。',
      roles: ['GRID_WORKER'],
      body: schema.ReportEventBody,
      headers: schema.ReportEventHeaders,
      responses: started('已受理，计时开始', schema.EventReportedResponse),
      policy: policies.events,
    },
    async ({ actor, body, headers }, res) => {
      const result = await service.report({ actor, body, idempotencyKey: headers['idempotency-key'] });
      accepted(res, `/api/events/${result.id}`, result);
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/events',
      tag,
      summary: '事件列表（筛选、分页）',
      description: '网格员只能看到本人上报的事件。',
      roles: ALL,
      query: schema.ListEventsQuery,
      responses: ok('列表', schema.EventListResponse),
      policy: policies.events,
    },
    ({ actor, query }) => service.list({ actor, query }),
  );

  // Declared before /api/events/:id so "live" is not taken for an id.
  route(
    router,
    {
      method: 'get',
      path: '/api/events/live',
      tag,
      summary: '实时看板：未办结事件及当前时限的剩余时间（最紧急的在前）',
      roles: STAFF,
      responses: ok('未办结事件', schema.LiveEventsResponse),
    },
    ({ actor }) => service.live({ actor }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/events/:id',
      tag,
      summary: '事件详情：三个时限、实时状态与全过程记录',
      description: '网格员只能查看本人上报的事件（他人的事件返回 404）。',
      roles: ALL,
      params: schema.EventIdParams,
      responses: ok('详情', schema.EventDetailResponse),
      policy: policies.event,
    },
    ({ params }) => service.get({ id: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/events/:id/suggestions',
      tag,
      summary: '派单建议：按事件类别推荐责任部门及空闲的执法人员',
      description: '空闲 = 未被指派到尚需到场的事件，且不在进行中的联合检查现场。',
      roles: ['COORDINATOR', 'LEADER', 'ADMIN'],
      params: schema.EventIdParams,
      responses: ok('建议', schema.SuggestionsResponse),
      policy: policies.eventStep,
    },
    ({ params }) => service.suggestions({ id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/events/:id/dispatch',
      tag,
      summary: '下达处置指令并指派处置人员（“5 分钟”时限）',
      description: '超过时限仍可派单，记为超时。',
      roles: ['COORDINATOR'],
      params: schema.EventIdParams,
      body: schema.DispatchEventBody,
      responses: ok('已派单', schema.EventStateResponse),
      policy: policies.eventStep,
    },
    ({ actor, params, body }) => service.dispatch({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/events/:id/check-in',
      tag,
      summary: '处置人员到场签到（“30 分钟”时限，以第一人到场为准）',
      description: '执法人员只能为本人签到；协调员可为指派的处置人员登记到场。',
      roles: ['COORDINATOR', 'INSPECTOR'],
      params: schema.EventIdParams,
      body: schema.EventCheckInBody,
      responses: ok('已签到', schema.EventStateResponse),
      policy: policies.eventCheckIn,
    },
    ({ actor, params, body }) => service.checkIn({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/events/:id/feedback',
      tag,
      summary: '反馈初步处置结果（“2 小时”时限）',
      description: '仅限本事件指派的处置人员。',
      roles: ['INSPECTOR'],
      params: schema.EventIdParams,
      body: schema.EventFeedbackBody,
      responses: ok('已反馈', schema.EventStateResponse),
      policy: policies.eventStep,
    },
    ({ actor, params, body }) => service.feedback({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/events/:id/resolve',
      tag,
      summary: '办结事件（反馈之后）',
      roles: ['COORDINATOR'],
      params: schema.EventIdParams,
      body: schema.ResolveEventBody,
      responses: ok('已办结', schema.EventStateResponse),
      policy: policies.eventStep,
    },
    ({ actor, params, body }) => service.resolve({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/events/:id/convert',
      tag,
      summary: '转为联合检查或案件（反馈之后；只保存关联，不复制内容）',
      description: 'kind=JOINT_INSPECTION 时 inspection 与排期联合检查的请求体相同；kind=CASE 时填写案件编号。',
      roles: ['COORDINATOR'],
      params: schema.EventIdParams,
      body: schema.ConvertEventBody,
      responses: ok('已转办', schema.ConvertedResponse),
      policy: policies.eventStep,
    },
    ({ actor, params, body }) => service.convert({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/stats/532',
      tag,
      summary: '“532”统计：各环节按时率（按类别、村、部门），各环节用时中位数与 P90',
      description: '按上报时间统计：year=年份，或 from/to（北京时间日期）；都省略时为本年。尚未到期的时限不计入按时率。',
      roles: ['LEADER', 'COORDINATOR', 'ADMIN'],
      query: schema.RapidResponseStatsQuery,
      responses: ok('统计', schema.RapidResponseStatsResponse),
    },
    ({ actor, query }) => service.stats({ actor, query }),
  );

  return router;
}
