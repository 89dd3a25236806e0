import { Router, type Request } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { ROLES } from '../../../domain/roles';
import type { InspectionPolicy } from '../../../domain/inspection';
import { currentSession, sessionCookie } from '../../auth';
import { AppError } from '../../errors';
import { ErrorBody } from '../../openapi';
import { OWN_ACCOUNT } from '../../policies';
import { ok, route } from '../../route';
import type { AccountService } from '../../services/accounts';
import * as schema from './schema';

const tag = '登录与账号';

export interface LoginLimits {
  /** Login attempts per address per window, and per username per window. */
  perAddress: number;
  perUsername: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 50, perUsername: 10, windowMs: 15 * 60_000 };

/** A 429 with Retry-After, in the API's error shape. */
export const tooManyRequests: Options['handler'] = (req, _res, next) => {
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const error = new AppError('TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试');
  error.retryAfterSeconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
  next(error);
};

export function authRouter(accounts: AccountService, options: { secureCookies: boolean; limits?: LoginLimits; policy: InspectionPolicy }): Router {
  const router = Router();
  const cookie = sessionCookie(options.secureCookies);
  const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;
  // Password guessing is slowed per address and per account (the account's own lockout comes
  // after 5 failures); the counts are per API process.
  router.post(
    '/api/auth/login',
    rateLimit({ windowMs: limits.windowMs, limit: limits.perAddress, standardHeaders: 'draft-8', legacyHeaders: false, handler: tooManyRequests }),
    rateLimit({
      windowMs: limits.windowMs,
      limit: limits.perUsername,
      standardHeaders: false,
      legacyHeaders: false,
      keyGenerator: (req) => `username:${String((req.body as { username?: unknown } | undefined)?.username ?? '').trim().toLowerCase()}`,
      handler: tooManyRequests,
    }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/auth/login',
      tag,
      summary: '用户名密码登录（已绑定身份验证器的须同时提交动态验证码）',
      description:
        '成功后设置 httpOnly 会话 Cookie，并返回 CSRF 令牌。连续失败5次锁定30分钟（423，Retry-After）；' +
        '首次登录或密码重置后须先修改密码；管理员、法制审核人员、领导须绑定身份验证器。',
      roles: [],
      body: schema.LoginBody,
      responses: {
        ...ok('已登录', schema.LoginResponse),
        401: { description: '用户名或密码错误，或须提交动态验证码（LOGIN_FAILED、SECOND_FACTOR_REQUIRED）', schema: ErrorBody },
        403: { description: '账号已停用（ACCOUNT_DISABLED）', schema: ErrorBody },
        423: { description: '连续失败，账号已锁定（ACCOUNT_LOCKED，见 Retry-After）', schema: ErrorBody },
        429: { description: '登录尝试过于频繁（TOO_MANY_REQUESTS，见 Retry-After）', schema: ErrorBody },
      },
    },
    async ({ body, req }, res) => {
      const result = await accounts.login({ ...body, address: req.ip });
      res.cookie(cookie.name, result.sessionToken, { ...cookie.options, maxAge: result.expiresAt.getTime() - Date.now() });
      return { csrfToken: result.csrfToken, stage: result.stage, expiresAt: result.expiresAt.toISOString(), officer: result.officer };
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/auth/logout',
      tag,
      summary: '退出登录',
      roles: ROLES,
      policy: OWN_ACCOUNT,
      responses: ok('已退出', schema.LogoutResponse),
    },
    async ({ req }, res) => {
      await accounts.logout(currentSession(req));
      res.clearCookie(cookie.name, cookie.options);
      return { message: '已退出登录' };
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/auth/password',
      tag,
      summary: '修改密码（至少8位，含小写字母、大写字母、数字、符号中的3类，不含用户名）',
      description: '修改后本账号的其他会话全部失效。',
      roles: ROLES,
      policy: OWN_ACCOUNT,
      body: schema.PasswordBody,
      responses: ok('已修改', schema.StageResponse),
    },
    ({ body, req }) => accounts.changePassword(currentSession(req), body),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/auth/totp/setup',
      tag,
      summary: '绑定身份验证器：获取密钥（TOTP，RFC 6238）',
      roles: ROLES,
      policy: OWN_ACCOUNT,
      responses: ok('密钥', schema.TotpSetupResponse),
    },
    ({ req }) => accounts.startTotpEnrolment(currentSession(req)),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/auth/totp/confirm',
      tag,
      summary: '绑定身份验证器：提交一个动态验证码以启用，并取得恢复码',
      roles: ROLES,
      policy: OWN_ACCOUNT,
      body: schema.TotpConfirmBody,
      responses: ok('已启用', schema.TotpConfirmResponse),
    },
    ({ body, req }) => accounts.confirmTotp(currentSession(req), body.code),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/me',
      tag,
      summary: '当前用户：身份、部门、角色、会话',
      roles: ROLES,
      policy: OWN_ACCOUNT,
      responses: ok('当前用户', schema.MeResponse),
    },
    async ({ actor, req }) => ({
      officer: {
        id: actor.officerId,
        name: actor.name,
        departmentCode: actor.departmentCode,
        roles: actor.roles,
        legalQualified: actor.legalQualified,
        certificateNo: actor.certificateNo,
        certificateExpiresOn: actor.certificateExpiresOn,
        countyWide: actor.townships === null,
        townships: await accounts.townshipsOf(actor),
      },
      via: req.sessionOfficer ? ('session' as const) : ('token' as const),
      session: req.sessionOfficer
        ? { stage: req.sessionOfficer.session.stage, expiresAt: req.sessionOfficer.expiresAt!.toISOString(), csrfToken: req.sessionOfficer.session.csrfToken }
        : null,
      secondFactor: { required: accounts.secondFactorRequired(actor.roles) },
      rules: { minimumCertifiedOfficers: options.policy.minimumCertifiedOfficers },
    }),
  );

  return router;
}
