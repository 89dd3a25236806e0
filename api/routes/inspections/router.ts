import { Router } from 'express';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import type { InspectionService } from '../../services/inspections';
import { valid } from '../../validate';
import {
  CancelBody,
  CheckInBody,
  DepartmentCheckParams,
  InspectionDetailResponse,
  InspectionIdParams,
  InspectionListResponse,
  InspectionStateResponse,
  LegalReviewBody,
  ListInspectionsQuery,
  ScheduleInspectionBody,
  ScheduledResponse,
  SubmitChecksBody,
} from './schema';

const TAG = '联合检查';

export function inspectionsRouter(service: InspectionService): Router {
  const router = Router();

  router.post(
    '/api/inspections',
    requireRole('COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'post',
      path: '/api/inspections',
      tag: TAG,
      summary: '排期一次联合检查',
      description: '可带 Idempotency-Key 请求头：同一键的重复请求返回同一检查，不会重复排期。',
      roles: ['COORDINATOR', 'ADMIN'],
      request: { body: ScheduleInspectionBody },
      responses: { 202: { description: '已排期，流程已启动', schema: ScheduledResponse } },
    }),
    async (req, res) => {
      const { body } = valid<ScheduleInspectionBody>(req);
      const key = req.get('Idempotency-Key')?.slice(0, 200);
      const result = await service.schedule({ actor: currentOfficer(req), body, idempotencyKey: key });
      const location = `/api/inspections/${result.id}`;
      res.status(202).location(location).json({ ...result, location });
    },
  );

  router.get(
    '/api/inspections',
    declareRoute({
      method: 'get',
      path: '/api/inspections',
      tag: TAG,
      summary: '联合检查列表（筛选、分页）',
      description: '部门执法人员只能看到本部门参加的检查。',
      roles: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'],
      request: { query: ListInspectionsQuery },
      responses: { 200: { description: '列表', schema: InspectionListResponse } },
    }),
    async (req, res) => {
      const { query } = valid<unknown, ListInspectionsQuery>(req);
      res.json(await service.list({ actor: currentOfficer(req), query }));
    },
  );

  router.get(
    '/api/inspections/:id',
    declareRoute({
      method: 'get',
      path: '/api/inspections/:id',
      tag: TAG,
      summary: '联合检查详情：实时状态与全过程记录',
      roles: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'],
      request: { params: InspectionIdParams },
      responses: { 200: { description: '详情', schema: InspectionDetailResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      res.json(await service.get({ actor: currentOfficer(req), id: params.id }));
    },
  );

  router.post(
    '/api/inspections/:id/check-in',
    requireRole('COORDINATOR', 'INSPECTOR'),
    declareRoute({
      method: 'post',
      path: '/api/inspections/:id/check-in',
      tag: TAG,
      summary: '现场签到，开始联合检查',
      description: '须至少两名持有效执法证的执法人员到场，且每个参加部门都有人员到场（《行政处罚法》第四十二条）。',
      roles: ['COORDINATOR', 'INSPECTOR'],
      request: { params: InspectionIdParams, body: CheckInBody },
      responses: { 200: { description: '已开始现场检查', schema: InspectionStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<CheckInBody, unknown, { id: string }>(req);
      res.json(await service.checkIn({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.put(
    '/api/inspections/:id/checks/:department',
    requireRole('INSPECTOR'),
    declareRoute({
      method: 'put',
      path: '/api/inspections/:id/checks/:department',
      tag: TAG,
      summary: '提交（或在检查完成前重新提交）本部门的检查结果',
      description: '结果须恰好覆盖本部门被分配的检查事项；实测值须符合单位和量程；超出限值不能判定为符合。',
      roles: ['INSPECTOR'],
      request: { params: DepartmentCheckParams, body: SubmitChecksBody },
      responses: { 200: { description: '已提交', schema: InspectionStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<SubmitChecksBody, unknown, { id: string; department: string }>(req);
      res.json(
        await service.submitChecks({ actor: currentOfficer(req), id: params.id, departmentCode: params.department, body }),
      );
    },
  );

  router.post(
    '/api/inspections/:id/legal-review',
    requireRole('LEGAL_REVIEWER'),
    declareRoute({
      method: 'post',
      path: '/api/inspections/:id/legal-review',
      tag: TAG,
      summary: '法制审核：通过或退回（附审核意见）',
      description: '审核人须具备法律职业资格，且不是本次检查组成员。',
      roles: ['LEGAL_REVIEWER'],
      request: { params: InspectionIdParams, body: LegalReviewBody },
      responses: { 200: { description: '已记录审核意见', schema: InspectionStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<LegalReviewBody, unknown, { id: string }>(req);
      res.json(await service.legalReview({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  router.post(
    '/api/inspections/:id/cancel',
    requireRole('COORDINATOR', 'ADMIN'),
    declareRoute({
      method: 'post',
      path: '/api/inspections/:id/cancel',
      tag: TAG,
      summary: '取消联合检查（检查结果形成之前）',
      roles: ['COORDINATOR', 'ADMIN'],
      request: { params: InspectionIdParams, body: CancelBody },
      responses: { 200: { description: '已取消', schema: InspectionStateResponse } },
    }),
    async (req, res) => {
      const { params, body } = valid<CancelBody, unknown, { id: string }>(req);
      res.json(await service.cancel({ actor: currentOfficer(req), id: params.id, body }));
    },
  );

  return router;
}
