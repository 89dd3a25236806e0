import { Router } from 'express';
import { ok, route } from '../../route';
import type { OfficerService } from '../../services/officers';
import * as schema from './schema';

const tag = '执法人员';
const SCOPE_NOTE = '乡镇（街道）系统管理员只能查看和管理服务本乡镇的人员；范围外的人员按不存在处理（404）。';

export function officersRouter(service: OfficerService): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/officers',
      tag,
      summary: '执法人员名录（按部门、乡镇、角色、在岗状态、姓名或执法证号筛选，分页）',
      description: `${SCOPE_NOTE}不含登录信息。协调人员据此编组检查组（执法证及其有效期）。`,
      // The coordinator composes each visit's team from this roster (certificates and their validity).
      roles: ['ADMIN', 'LEADER', 'COORDINATOR'],
      query: schema.ListOfficersQuery,
      responses: ok('名录', schema.OfficerList),
    },
    ({ actor, query }) => service.list({ actor, query }),
  );

  // Before /:id, which would take "certificates" for an id.
  route(
    router,
    {
      method: 'get',
      path: '/api/officers/certificates/expiring',
      tag,
      summary: '执法证已过期或即将到期的在岗人员（最先到期的在前）',
      description: '提前提醒天数由 CERTIFICATE_WARNING_DAYS 设置（默认30天）。',
      roles: ['ADMIN', 'LEADER'],
      query: schema.ExpiringQuery,
      responses: ok('到期提醒', schema.ExpiringList),
    },
    ({ actor, query }) => service.expiring({ actor, query }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/officers/:id',
      tag,
      summary: '执法人员详情（含执法证状态）',
      description: SCOPE_NOTE,
      roles: ['ADMIN', 'LEADER'],
      params: schema.OfficerIdParams,
      responses: ok('人员', schema.OfficerView),
    },
    ({ actor, params }) => service.get({ actor, id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/officers',
      tag,
      summary: '登记执法人员',
      description:
        '部门执法人员须有所属部门和执法证；执法证号在在岗人员中唯一。乡镇系统管理员只能指定本人管理范围内的乡镇，不能设置全县范围。登录账号另行开通（POST /api/admin/officers/{id}/credentials）。',
      roles: ['ADMIN'],
      body: schema.CreateOfficerBody,
      responses: { 201: { description: '已登记', schema: schema.OfficerView } },
    },
    async ({ actor, body }, res) => {
      const officer = await service.create({ actor, body });
      res.status(201).location(`/api/officers/${officer.id}`).json(officer);
    },
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/officers/:id',
      tag,
      summary: '修改执法人员信息（只传要修改的字段；null 清空）',
      description: `${SCOPE_NOTE}乡镇系统管理员提交的 townshipIds 只替换其管理范围内的乡镇，其他乡镇的指派保持不变。`,
      roles: ['ADMIN'],
      params: schema.OfficerIdParams,
      body: schema.UpdateOfficerBody,
      responses: ok('修改后的人员', schema.OfficerView),
    },
    ({ actor, params, body }) => service.update({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/officers/:id/deactivate',
      tag,
      summary: '停用执法人员（调离、退休等；不删除，历史记录保留）',
      description: '其登录会话立即结束，API 令牌随即失效；不能停用本人。',
      roles: ['ADMIN'],
      params: schema.OfficerIdParams,
      body: schema.DeactivateBody,
      responses: ok('已停用', schema.OfficerView),
    },
    ({ actor, params, body }) => service.deactivate({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/officers/:id/reactivate',
      tag,
      summary: '恢复已停用的执法人员',
      description: '已结束的会话不会恢复，须重新登录。',
      roles: ['ADMIN'],
      params: schema.OfficerIdParams,
      body: schema.ReactivateBody,
      responses: ok('已恢复', schema.OfficerView),
    },
    ({ actor, params, body }) => service.reactivate({ actor, id: params.id, body }),
  );

  return router;
}
