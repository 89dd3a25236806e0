import { Router, type RequestHandler } from 'express';
import type { Role } from '../../../domain/roles';
import { currentOfficer, requireRole } from '../../auth';
import { AppError } from '../../errors';
import { declareRoute } from '../../openapi';
import { createEventService, isGridWorkerOnly, type EventServiceDeps } from '../../services/events';
import { valid } from '../../validate';
import {
  ConvertEventBody,
  ConvertedResponse,
  DispatchEventBody,
  EventCheckInBody,
  EventDetailResponse,
  EventFeedbackBody,
  EventIdParams,
  EventListResponse,
  EventReportedResponse,
  EventStateResponse,
  ListEventsQuery,
  LiveEventsResponse,
  RapidResponseStatsQuery,
  RapidResponseStatsResponse,
  ReportEventBody,
  ResolveEventBody,
  SuggestionsResponse,
} from './schema';

const TAG = '532 快速响应';
const ALL: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN', 'GRID_WORKER'];
const STAFF: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEADER', 'ADMIN'];

/**
 * Grid workers are outside the enforcement team: they may report and read their own events,
 * nothing else of the API. This router is mounted before the others so the rule holds for
 * every route, including those that admit any authenticated officer.
 */
function gridWorkerScope(): RequestHandler {
  return (req, _res, next) => {
    const officer = req.officer;
    if (!officer || !isGridWorkerOnly(officer) || !req.path.startsWith('/api/')) return next();
    const own =
      (req.method === 'POST' && req.path === '/api/events') ||
      (req.method === 'GET' && (req.path === '/api/events' || /^\/api\/events\/(?!live$)[^/]+$/.test(req.path)));
    if (own) return next();
    next(new AppError('FORBIDDEN', '网格员只能上报事件和查看本人上报的事件'));
  };
}

export function eventsRouter(deps: EventServiceDeps): Router {
  const service = createEventService(deps);
  const router = Router();
  router.use(gridWorkerScope());

  router.post(
    '/api/events',
    requireRole('GRID_WORKER'),
    declareRoute({
      method: 'post',
      path: '/api/events',
      tag: TAG,
      summary: '网格员上报事件，启动“532”响应计时',
      description:
        '5 分钟内下达指令、30 分钟内人员到场、2 小时内反馈初步结果（均自上报起算，可配置）。同一网格员以同一 clientKey（或 Idempotency-Key 请求头）重复提交只产生一个事件。',
      roles: ['GRID_WORKER'],
      request: { body: ReportEventBody },
      responses: { 202: { description: '已受理，计时开始', schema: EventReportedResponse } },
    }),
    async (req, res) => {
      const { body } = valid<ReportEventBody>(req);
      const key = req.get('Idempotency-Key')?.trim().slice(0, 100) || undefined;
      const result = await service.report({ actor: currentOfficer(req), body, idempotencyKey: key });
      const location = `/api/events/${result.id}`;
      res.status(202).location(location).json({ ...result, location });
    },
  );

  router.get(
    '/api/events',
    declareRoute({
      method: 'get',
      path: '/api/events',
      tag: TAG,
      summary: '事件列表（筛选、分页）',
      description: '网格员只能看到本人上报的事件。',
      roles: ALL,
      request: { query: ListEventsQuery },
      responses: { 200: { description: '列表', schema: EventListResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, ListEventsQuery>(req);
      res.json(await service.list({ actor: currentOfficer(req), query }));
    },
  );

  // Declared before /api/events/:id so "live" is not taken for an id.
  router.get(
    '/api/events/live',
    requireRole(...STAFF),
    declareRoute({
      method: 'get',
      path: '/api/events/live',
      tag: TAG,
      summary: '实时看板：未办结事件及当前时限的剩余时间（最紧急的在前）',
      roles: STAFF,
      responses: { 200: { description: '未办结事件', schema: LiveEventsResponse } },
    }),
    async (_req, res) => {
      res.json(await service.live());
    },
  );

  router.get(
    '/api/events/:id',
    declareRoute({
      method: 'get',
      path: '/api/events/:id',
      tag: TAG,
      summary: '事件详情：三个时限、实时状态与全过程记录',
      description: '网格员只能查看本人上报的事件（他人的事件返回 404）。',
      roles: ALL,
      request: { params: EventIdParams },
      responses: { 200: { description: '详情', schema: EventDetailResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      res.json(await service.get({ actor: currentOfficer(req), id: params.id }));
    },
  );

  router.get(
    '/api/events/:id/suggestions',
    requireRole('COORDINATOR', 'LEADER', 'ADMIN'),
    declareRoute({
      method: 'get',
      path: '/api/events/:id/suggestions',
      tag: TAG,
      summary: '派单建议：按事件类别推荐责任部门及空闲的执法人员',
      description: '空闲 = 未被指派到尚需到场的事件，且不在进行中的联合检查现场。',
      roles: ['COORDINATOR', 'LEADER', 'ADMIN'],
      request: { params: EventIdParams },
      responses: { 200: { description: '建议', schema: SuggestionsResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      res.json(await service.suggestions({ actor: currentOfficer(req), id: params.id }));
    },
  );

  router.post(
    '/api/events/:id/dispatch',
    requireRole('COORDINATOR'),
    declareRoute({
      method: 'post',
      path: '/api/events/:id/dispatch',
      tag: TAG,
      summary: '下达处置指令并指派处置人员（“5 分钟”时限）',
      description: '超过时限仍可派单，记为超时。',
      roles: ['COORDINATOR'],
      request: { params: EventIdParams, body: DispatchEventBody },
      responses: { 200: { description: '已派单', schema: EventStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<DispatchEventBody, unknown, { id: string }>(req);
      res.json(await service.dispatch({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.post(
    '/api/events/:id/check-in',
    requireRole('COORDINATOR', 'INSPECTOR'),
    declareRoute({
      method: 'post',
      path: '/api/events/:id/check-in',
      tag: TAG,
      summary: '处置人员到场签到（“30 分钟”时限，以第一人到场为准）',
      description: '执法人员只能为本人签到；协调员可为指派的处置人员登记到场。',
      roles: ['COORDINATOR', 'INSPECTOR'],
      request: { params: EventIdParams, body: EventCheckInBody },
      responses: { 200: { description: '已签到', schema: EventStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<EventCheckInBody, unknown, { id: string }>(req);
      res.json(await service.checkIn({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.post(
    '/api/events/:id/feedback',
    requireRole('INSPECTOR'),
    declareRoute({
      method: 'post',
      path: '/api/events/:id/feedback',
      tag: TAG,
      summary: '反馈初步处置结果（“2 小时”时限）',
      description: '仅限本事件指派的处置人员。',
      roles: ['INSPECTOR'],
      request: { params: EventIdParams, body: EventFeedbackBody },
      responses: { 200: { description: '已反馈', schema: EventStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<EventFeedbackBody, unknown, { id: string }>(req);
      res.json(await service.feedback({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.post(
    '/api/events/:id/resolve',
    requireRole('COORDINATOR'),
    declareRoute({
      method: 'post',
      path: '/api/events/:id/resolve',
      tag: TAG,
      summary: '办结事件（反馈之后）',
      roles: ['COORDINATOR'],
      request: { params: EventIdParams, body: ResolveEventBody },
      responses: { 200: { description: '已办结', schema: EventStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<ResolveEventBody, unknown, { id: string }>(req);
      res.json(await service.resolve({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.post(
    '/api/events/:id/convert',
    requireRole('COORDINATOR'),
    declareRoute({
      method: 'post',
      path: '/api/events/:id/convert',
      tag: TAG,
      summary: '转为联合检查或案件（反馈之后；只保存关联，不复制内容）',
      description: 'kind=JOINT_INSPECTION 时 inspection 与排期联合检查的请求体相同；kind=CASE 时填写案件编号。',
      roles: ['COORDINATOR'],
      request: { params: EventIdParams, body: ConvertEventBody },
      responses: { 200: { description: '已转办', schema: ConvertedResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<ConvertEventBody, unknown, { id: string }>(req);
      res.json(await service.convert({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.get(
    '/api/stats/532',
    requireRole('LEADER', 'COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'get',
      path: '/api/stats/532',
      tag: TAG,
      summary: '“532”统计：各环节按时率（按类别、村、部门），各环节用时中位数与 P90',
      description: '按上报时间统计：year=年份，或 from/to（北京时间日期）；都省略时为本年。尚未到期的时限不计入按时率。',
      roles: ['LEADER', 'COORDINATOR', 'ADMIN'],
      request: { query: RapidResponseStatsQuery },
      responses: { 200: { description: '统计', schema: RapidResponseStatsResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, RapidResponseStatsQuery>(req);
      res.json(await service.stats({ query }));
    },
  );

  return router;
}
