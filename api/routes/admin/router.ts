import { Router } from 'express';
import { ok, route } from '../../route';
import type { ChainReport } from '../../../db';
import type { AccountService } from '../../services/accounts';
import * as schema from './schema';

const tag = '系统管理';

const actorOf = (actor: { officerId: string; name: string }) => ({ officerId: actor.officerId, name: actor.name });

export function adminRouter(accounts: AccountService, audit: { verify(): Promise<ChainReport> }): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/admin/audit/verify',
      tag,
      summary: '校验审计记录链（防篡改）：指出第一个被改动、删除或插入的事件',
      description:
        '按序号读取全部审计事件，重算每个事件的 SHA-256 并核对与前一事件的链接和链头。' +
        '完好时 ok=true；否则 firstBroken 给出第一个断点的事件 id、序号与位置。与 npm run audit:verify 相同。',
      roles: ['ADMIN'],
      responses: ok('校验结果', schema.AuditChainReport),
    },
    () => audit.verify(),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/admin/officers/:id/credentials',
      tag,
      summary: '为执法人员开通登录账号或重置密码（返回一次性初始密码）',
      description: '该人员的全部会话随即失效，首次登录须修改密码；可同时解除身份验证器绑定。',
      roles: ['ADMIN'],
      params: schema.OfficerParams,
      body: schema.CredentialsBody,
      responses: ok('初始密码', schema.CredentialsResponse),
    },
    ({ actor, params, body }) => accounts.setCredentials(actorOf(actor), params.id, body),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/admin/officers/:id/unlock',
      tag,
      summary: '解除因登录失败造成的账号锁定',
      roles: ['ADMIN'],
      params: schema.OfficerParams,
      responses: ok('已解锁', schema.Unlocked),
    },
    async ({ actor, params }) => {
      await accounts.unlock(actorOf(actor), params.id);
      return { message: '已解除锁定' };
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/admin/tokens',
      tag,
      summary: '签发 API 令牌（供其他系统调用：命名、限定角色、设有效期）',
      roles: ['ADMIN'],
      body: schema.TokenBody,
      responses: { 201: { description: '已签发', schema: schema.IssuedToken } },
    },
    async ({ actor, body }, res) => {
      res.status(201).json(await accounts.issueToken(actorOf(actor), body));
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/admin/tokens',
      tag,
      summary: 'API 令牌列表（不含令牌本身）',
      roles: ['ADMIN'],
      responses: ok('令牌', schema.TokenList),
    },
    async () => ({ items: await accounts.listTokens() }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/admin/tokens/:id/revoke',
      tag,
      summary: '吊销 API 令牌（立即失效）',
      roles: ['ADMIN'],
      params: schema.TokenParams,
      responses: ok('已吊销', schema.Revoked),
    },
    ({ actor, params }) => accounts.revokeToken(actorOf(actor), params.id),
  );

  return router;
}
