/**
 * Bearer-token authentication. Who may use which route and object (roles, departments, grid
 * workers) is api/policies.ts's, applied by route().
 */
import type { RequestHandler } from 'express';
import { findOfficerByToken, hashToken, type AuthenticatedOfficer, type PrismaClient } from '../db';
import { AppError } from './errors';
import type { ReadCache } from './read-cache';

declare module 'express-serve-static-core' {
  interface Request {
    officer?: AuthenticatedOfficer;
  }
}

/**
 * How long an officer looked up by token is reused: every request needs it, and the lookup is a
 * third of a read's cost. Only where the read cache can check that the token is still usable
 * (not revoked, its officer active — SQLite's side connection) is the cached officer reused;
 * elsewhere (PostgreSQL) every request looks the token up, so a revocation counts at once
 * everywhere. A change of roles or certificate shows within this time.
 */
export const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_ENTRIES = 10_000;

export function authenticate(prisma: PrismaClient, readCache?: ReadCache): RequestHandler {
  const cache = new Map<string, { officer: Promise<AuthenticatedOfficer | null>; at: number }>();
  const lookup = (token: string) => {
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && now - hit.at < AUTH_CACHE_MS && readCache?.tokenUsable(hashToken(token)) === true) return hit.officer;
    const officer = findOfficerByToken(prisma, token);
    cache.delete(token);
    cache.set(token, { officer, at: now });
    if (cache.size > AUTH_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    officer.catch(() => cache.delete(token));
    return officer;
  };
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      next(new AppError('UNAUTHENTICATED', '缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌'));
      return;
    }
    try {
      const officer = await lookup(match[1]);
      if (!officer) {
        next(new AppError('UNAUTHENTICATED', '访问令牌无效或已被吊销'));
        return;
      }
      req.officer = officer;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function currentOfficer(req: { officer?: AuthenticatedOfficer }): AuthenticatedOfficer {
  if (!req.officer) throw new AppError('UNAUTHENTICATED', '未登录');
  return req.officer;
}
