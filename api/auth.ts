/**
 * Who is calling: an API token (`Authorization: Bearer ov_…`, for programs) or a login session
 * (the httpOnly cookie of the browser, with a CSRF token on every request that changes
 * something). Who may use which route and object (roles, departments, grid workers) is
 * api/policies.ts's, applied by route().
 */
import type { CookieOptions, Request, RequestHandler } from 'express';
import { findOfficerByToken, hashToken, tokenUsable, type AuthenticatedOfficer, type PrismaClient } from '../db';
import type { SessionStage } from '../domain/accounts';
import { AppError } from './errors';
import type { ReadCache } from './read-cache';
import type { AccountService, SessionOfficer } from './services/accounts';

declare module 'express-serve-static-core' {
  interface Request {
    officer?: AuthenticatedOfficer;
    /** Set when the caller is a login session (not an API token). */
    sessionOfficer?: SessionOfficer;
  }
}

/**
 * How long an officer looked up by token is reused: every request needs it, and the lookup is a
 * third of a read's cost. Each reuse first checks that the token is still usable (not revoked,
 * its officer active) — on SQLite's side connection, elsewhere (PostgreSQL) with one raw
 * statement — so a revocation counts at once everywhere. A change of roles or certificate shows
 * within this time.
 */
export const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_ENTRIES = 10_000;

/** The session cookie. With Secure, the __Host- prefix also pins it to this host and path. */
export function sessionCookie(secure: boolean): { name: string; options: CookieOptions } {
  return {
    name: secure ? '__Host-ov_session' : 'ov_session',
    options: { httpOnly: true, secure, sameSite: 'strict', path: '/' },
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a session that must first change its password or set up its second factor may reach. */
const STAGE_PATHS = new Set(['/api/me', '/api/auth/logout', '/api/auth/password', '/api/auth/totp/setup', '/api/auth/totp/confirm']);
const STAGE_ERRORS: Record<Exclude<SessionStage, 'ACTIVE'>, () => AppError> = {
  PASSWORD_CHANGE: () => new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码（POST /api/auth/password）'),
  TOTP_ENROLMENT: () => new AppError('SECOND_FACTOR_ENROLMENT_REQUIRED', '您的角色须使用身份验证器登录：请先绑定（POST /api/auth/totp/setup）'),
};

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function authenticate(
  prisma: PrismaClient,
  options: { readCache?: ReadCache; accounts: AccountService; cookieName: string },
): RequestHandler {
  const { readCache, accounts } = options;
  const cache = new Map<string, { officer: Promise<AuthenticatedOfficer | null>; at: number }>();
  const forget = (token: string, officer: Promise<AuthenticatedOfficer | null>) => {
    if (cache.get(token)?.officer === officer) cache.delete(token);
  };
  const stillUsable = async (token: string) => {
    const tokenHash = hashToken(token);
    return readCache?.tokenUsable(tokenHash) ?? tokenUsable(prisma, tokenHash);
  };
  const lookup = async (token: string) => {
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && now - hit.at < AUTH_CACHE_MS && (await stillUsable(token))) {
      // An expiring token stops at its expiry, cached or not.
      return hit.officer.then((o) => (o && o.expiresAt && o.expiresAt.getTime() <= Date.now() ? null : o));
    }
    const officer = findOfficerByToken(prisma, token);
    cache.delete(token);
    cache.set(token, { officer, at: now });
    if (cache.size > AUTH_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    // A refused token is not remembered: once usable again (its officer reactivated) it counts at once.
    officer.then((o) => o ?? forget(token, officer), () => forget(token, officer));
    return officer;
  };

  const bySession = async (req: Request, sessionToken: string): Promise<AuthenticatedOfficer> => {
    const officer = await accounts.sessionOfficer(sessionToken);
    if (!officer) throw new AppError('UNAUTHENTICATED', '登录已失效（退出、超时或账号变更），请重新登录');
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.get('x-csrf-token') ?? '';
      if (!timingSafeEqualText(sent, officer.session.csrfToken)) {
        throw new AppError('CSRF_TOKEN_INVALID', '缺少或错误的 X-CSRF-Token 请求头（登录时返回，GET /api/me 也可取得）');
      }
    }
    const fullPath = req.baseUrl + req.path;
    if (officer.session.stage !== 'ACTIVE' && !STAGE_PATHS.has(fullPath)) throw STAGE_ERRORS[officer.session.stage]();
    req.sessionOfficer = officer;
    return officer;
  };

  return async (req, _res, next) => {
    try {
      const header = req.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw new AppError('UNAUTHENTICATED', 'Authorization 头应为 “Bearer <令牌>”');
        const officer = await lookup(match[1]);
        if (!officer) throw new AppError('UNAUTHENTICATED', '访问令牌无效、已过期或已被吊销');
        req.officer = officer;
        return next();
      }
      const sessionToken = (req.cookies as Record<string, string> | undefined)?.[options.cookieName];
      if (sessionToken) {
        req.officer = await bySession(req, sessionToken);
        return next();
      }
      throw new AppError('UNAUTHENTICATED', '未登录：请先登录（POST /api/auth/login），或在 Authorization 头中提供 Bearer 令牌');
    } catch (error) {
      next(error);
    }
  };
}

export function currentOfficer(req: { officer?: AuthenticatedOfficer }): AuthenticatedOfficer {
  if (!req.officer) throw new AppError('UNAUTHENTICATED', '未登录');
  return req.officer;
}

export function currentSession(req: { sessionOfficer?: SessionOfficer }): SessionOfficer {
  if (!req.sessionOfficer) throw new AppError('FORBIDDEN', '此操作须在浏览器登录会话中进行（API 令牌不可用）');
  return req.sessionOfficer;
}
