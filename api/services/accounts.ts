/**
 * Accounts: password login with lockout, sessions with idle and absolute timeouts, the second
 * factor (TOTP, RFC 6238, with one-time recovery codes), password changes, API tokens an ADMIN
 * issues and revokes. The rules and their values are in domain/accounts.ts; every login,
 * failure, lockout, logout and factor change is an audit event (subject "Account").
 * Passwords are hashed with argon2id (@node-rs/argon2: a maintained binding of the reference
 * implementation, prebuilt for each platform, no install script); TOTP is otpauth's (RFC 4226/6238,
 * maintained, ships CommonJS, which Jest on Node 20 needs — otplib 13 is ESM-only underneath).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import {
  appendAudit,
  csrfTokenOf,
  generateSessionToken,
  hashToken,
  issueApiToken,
  callerOf,
  callerOfficer,
  sqlOf,
  type AuthenticatedOfficer,
  type Prisma,
  type PrismaClient,
} from '../../db';
import {
  afterFailedLogin,
  DEFAULT_ACCOUNT_POLICY,
  passwordProblems,
  secondFactorRequired,
  sessionEnd,
  sessionStage,
  type AccountPolicy,
  type SessionStage,
} from '../../domain/accounts';
import type { Role } from '../../domain/roles';
import { AppError } from '../errors';

const TOTP_PERIOD_S = 30;
const RECOVERY_CODES = 10;
/** How often a session's last use is written: the idle timeout is counted to this precision. */
const TOUCH_INTERVAL_MS = 60_000;
export const TOTP_ISSUER = '综合查一次';

// Verifying against this when the user does not exist takes as long as a real check, so the
// answer's timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= argon2Hash(randomBytes(16).toString('hex')));

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  stage: SessionStage;
  expiresAt: Date;
  officer: { id: string; name: string; roles: Role[] };
}

export interface SessionOfficer extends AuthenticatedOfficer {
  session: { id: string; stage: SessionStage; csrfToken: string };
}

type Actor = { officerId: string; name: string };

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export function createAccountService(deps: { prisma: PrismaClient; accountPolicy?: AccountPolicy; now?: () => Date }) {
  const { prisma } = deps;
  const policy = deps.accountPolicy ?? DEFAULT_ACCOUNT_POLICY;
  const now = deps.now ?? (() => new Date());

  const audit = (action: string, subjectId: string, at: Date, actor: Actor | null, payload: Record<string, unknown> = {}) =>
    appendAudit(prisma, { actor, action, subjectType: 'Account', subjectId, at, payload });

  const loginFailed = () => new AppError('LOGIN_FAILED', '用户名或密码错误');
  const lockedError = (until: Date, at: Date) => {
    const minutes = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 60_000));
    const error = new AppError('ACCOUNT_LOCKED', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
    error.retryAfterSeconds = Math.ceil((until.getTime() - at.getTime()) / 1000);
    return error;
  };

  /** One more failure: counted atomically (two wrong guesses at once count twice), locking at the threshold. */
  async function recordFailure(officer: { id: string; name: string }, at: Date, reason: string, address?: string): Promise<AppError> {
    const counted = await prisma.officer.update({ where: { id: officer.id }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
    const next = afterFailedLogin(counted.failedLogins - 1, at, policy);
    await audit('LOGIN_FAILED', officer.id, at, null, { reason, address });
    if (next.lockedUntil) {
      await prisma.officer.update({ where: { id: officer.id }, data: { failedLogins: 0, lockedUntil: next.lockedUntil } });
      await audit('ACCOUNT_LOCKED', officer.id, at, null, { until: next.lockedUntil.toISOString(), address });
      return lockedError(next.lockedUntil, at);
    }
    return loginFailed();
  }

  /**
   * The accepted TOTP step of `code` (one step of clock drift either way), or null; a step at or
   * before the last accepted one is a replay of a code already used.
   */
  function totpStep(secret: string, code: string, lastStep: number | null, at: Date): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = totpOf(secret, '').validate({ token: code, timestamp: at.getTime(), window: 1 });
    if (delta === null) return null;
    const step = Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S) + delta;
    return lastStep !== null && step <= lastStep ? null : step;
  }

  async function createRecoveryCodes(officerId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(5).toString('hex');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await prisma.$transaction([
      prisma.recoveryCode.deleteMany({ where: { officerId } }),
      prisma.recoveryCode.createMany({ data: codes.map((code) => ({ id: randomUUID(), officerId, codeHash: hashCode(code) })) }),
    ]);
    return codes;
  }

  return {
    policy,

    /** The townships a caller reaches, by name (GET /api/me). */
    townshipsOf: (officer: AuthenticatedOfficer) =>
      prisma.township.findMany({
        where: officer.townships === null ? {} : { id: { in: [...officer.townships] } },
        select: { id: true, name: true },
        orderBy: { code: 'asc' },
      }),

    async login(input: { username: string; password: string; totp?: string; recoveryCode?: string; address?: string }): Promise<LoginResult> {
      const at = now();
      const officer = await prisma.officer.findUnique({ where: { username: input.username }, include: { roles: true } });
      if (!officer || !officer.passwordHash) {
        await argon2Verify(await unknownUserHash(), input.password);
        await audit('LOGIN_FAILED', `username:${input.username}`, at, null, { reason: 'UNKNOWN_USER', address: input.address });
        throw loginFailed();
      }
      if (officer.lockedUntil && officer.lockedUntil.getTime() > at.getTime()) {
        await audit('LOGIN_REFUSED_LOCKED', officer.id, at, null, { address: input.address });
        throw lockedError(officer.lockedUntil, at);
      }
      if (!(await argon2Verify(officer.passwordHash, input.password))) throw await recordFailure(officer, at, 'PASSWORD', input.address);
      if (!officer.active) {
        await audit('LOGIN_FAILED', officer.id, at, null, { reason: 'DEACTIVATED', address: input.address });
        throw new AppError('ACCOUNT_DISABLED', '该账号已停用，请联系系统管理员');
      }
      let totpLastStep = officer.totpLastStep;
      let recoveryCodeId: string | null = null;
      if (officer.totpEnabledAt && officer.totpSecret) {
        if (!input.totp && !input.recoveryCode) {
          throw new AppError('SECOND_FACTOR_REQUIRED', '请输入身份验证器上的6位动态验证码（或一个恢复码）');
        }
        if (input.totp) {
          const step = totpStep(officer.totpSecret, input.totp, officer.totpLastStep, at);
          if (step === null) throw await recordFailure(officer, at, 'TOTP', input.address);
          totpLastStep = step;
        } else {
          const code = await prisma.recoveryCode.findUnique({ where: { codeHash: hashCode(input.recoveryCode!) } });
          if (!code || code.officerId !== officer.id || code.usedAt) throw await recordFailure(officer, at, 'RECOVERY_CODE', input.address);
          recoveryCodeId = code.id;
        }
      }
      const roles = officer.roles.map((r) => r.role);
      const stage = sessionStage({ mustChangePassword: officer.mustChangePassword, totpEnabled: Boolean(officer.totpEnabledAt), roles }, policy);
      const sessionToken = generateSessionToken();
      const expiresAt = new Date(at.getTime() + policy.absoluteTimeoutMs);
      await prisma.$transaction(async (tx) => {
        if (recoveryCodeId) {
          // Used once: a second login with the same code, even at the same moment, finds it used.
          const used = await tx.recoveryCode.updateMany({ where: { id: recoveryCodeId, usedAt: null }, data: { usedAt: at } });
          if (used.count !== 1) throw loginFailed();
        }
        await tx.officer.update({ where: { id: officer.id }, data: { failedLogins: 0, lockedUntil: null, totpLastStep } });
        await tx.session.create({
          data: { id: randomUUID(), tokenHash: hashToken(sessionToken), officerId: officer.id, stage, createdAt: at, lastSeenAt: at, expiresAt, address: input.address ?? null },
        });
        await appendAudit(tx, {
            actor: { officerId: officer.id, name: officer.name },
            action: 'LOGIN',
            subjectType: 'Account',
            subjectId: officer.id,
            at,
            payload: { stage, secondFactor: recoveryCodeId ? 'RECOVERY_CODE' : officer.totpEnabledAt ? 'TOTP' : null, address: input.address },
          });
      });
      return { sessionToken, csrfToken: csrfTokenOf(sessionToken), stage, expiresAt, officer: { id: officer.id, name: officer.name, roles } };
    },

    /** The officer of a live session, or null (unknown, ended, idle too long, expired, officer deactivated). */
    async sessionOfficer(sessionToken: string): Promise<SessionOfficer | null> {
      const at = now();
      // Raw SQL on the driver, as every request of a browser session makes these reads (db/tokens.ts).
      const [session] = await sqlOf(prisma).$queryRaw<Prisma.SessionGetPayload<object>[]>`
        SELECT * FROM "Session" WHERE "tokenHash" = ${hashToken(sessionToken)}`;
      if (!session) return null;
      const o = await callerOfficer(prisma, session.officerId);
      const end = sessionEnd(session, at, policy) ?? (o?.active ? null : 'DEACTIVATED');
      if (end || !o) {
        if (!session.endedAt) {
          const ended = await prisma.session.updateMany({ where: { id: session.id, endedAt: null }, data: { endedAt: at, endReason: end } });
          if (ended.count === 1) await audit('SESSION_ENDED', session.officerId, at, null, { reason: end, sessionId: session.id });
        }
        return null;
      }
      if (at.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: at } });
      }
      return {
        ...callerOf(o, o.roles, session.expiresAt),
        session: { id: session.id, stage: session.stage as SessionStage, csrfToken: csrfTokenOf(sessionToken) },
      };
    },

    async logout(officer: SessionOfficer): Promise<void> {
      const at = now();
      const ended = await prisma.session.updateMany({ where: { id: officer.session.id, endedAt: null }, data: { endedAt: at, endReason: 'LOGOUT' } });
      if (ended.count === 1) await audit('LOGOUT', officer.officerId, at, { officerId: officer.officerId, name: officer.name }, { sessionId: officer.session.id });
    },

    async changePassword(officer: SessionOfficer, input: { currentPassword: string; newPassword: string }): Promise<{ stage: SessionStage }> {
      const at = now();
      const row = await prisma.officer.findUniqueOrThrow({ where: { id: officer.officerId }, include: { roles: true } });
      if (!row.passwordHash || !(await argon2Verify(row.passwordHash, input.currentPassword))) {
        throw await recordFailure(row, at, 'PASSWORD_CHANGE');
      }
      const problems = passwordProblems(input.newPassword, row.username ?? '', policy);
      if (input.newPassword === input.currentPassword) problems.push('新密码不能与当前密码相同');
      if (problems.length > 0) {
        throw new AppError('PASSWORD_TOO_WEAK', `新密码不符合要求：${problems.join('；')}`, problems.map((message) => ({ path: 'newPassword', message })));
      }
      const passwordHash = await argon2Hash(input.newPassword);
      const stage = sessionStage({ mustChangePassword: false, totpEnabled: Boolean(row.totpEnabledAt), roles: row.roles.map((r) => r.role) }, policy);
      await prisma.$transaction(async (tx) => {
        await tx.officer.update({ where: { id: row.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: at, failedLogins: 0 } });
        // Other sessions of the account end: whoever knew the old password is logged out.
        await tx.session.updateMany({ where: { officerId: row.id, endedAt: null, id: { not: officer.session.id } }, data: { endedAt: at, endReason: 'PASSWORD_CHANGED' } });
        await tx.session.update({ where: { id: officer.session.id }, data: { stage } });
        await appendAudit(tx, { actor: { officerId: row.id, name: row.name }, action: 'PASSWORD_CHANGED', subjectType: 'Account', subjectId: row.id, at });
      });
      return { stage };
    },

    /** A new TOTP secret to scan; it counts once a code from it is confirmed. */
    async startTotpEnrolment(officer: SessionOfficer): Promise<{ secret: string; otpauthUri: string }> {
      const row = await prisma.officer.findUniqueOrThrow({ where: { id: officer.officerId } });
      if (row.totpEnabledAt) throw new AppError('TOTP_ALREADY_ENABLED', '已启用身份验证器；如需更换，请由系统管理员重置后重新绑定');
      const secret = new Secret({ size: 20 }).base32;
      await prisma.officer.update({ where: { id: row.id }, data: { totpSecret: secret, totpLastStep: null } });
      return { secret, otpauthUri: totpOf(secret, row.username ?? row.name).toString() };
    },

    async confirmTotp(officer: SessionOfficer, code: string): Promise<{ recoveryCodes: string[]; stage: SessionStage }> {
      const at = now();
      const row = await prisma.officer.findUniqueOrThrow({ where: { id: officer.officerId }, include: { roles: true } });
      if (row.totpEnabledAt) throw new AppError('TOTP_ALREADY_ENABLED', '已启用身份验证器');
      if (!row.totpSecret) throw new AppError('TOTP_NOT_STARTED', '请先获取绑定密钥（POST /api/auth/totp/setup）');
      const step = totpStep(row.totpSecret, code, row.totpLastStep, at);
      if (step === null) throw new AppError('TOTP_INVALID', '动态验证码不正确或已过期，请输入身份验证器上当前的6位数字');
      const stage = sessionStage({ mustChangePassword: row.mustChangePassword, totpEnabled: true, roles: row.roles.map((r) => r.role) }, policy);
      await prisma.$transaction(async (tx) => {
        await tx.officer.update({ where: { id: row.id }, data: { totpEnabledAt: at, totpLastStep: step } });
        await tx.session.update({ where: { id: officer.session.id }, data: { stage } });
        await appendAudit(tx, { actor: { officerId: row.id, name: row.name }, action: 'TOTP_ENABLED', subjectType: 'Account', subjectId: row.id, at });
      });
      return { recoveryCodes: await createRecoveryCodes(row.id), stage };
    },

    /** ADMIN: a username and a one-time password for an officer (new account or reset); the second factor is reset with it when asked. */
    async setCredentials(actor: Actor, officerId: string, input: { username?: string; resetSecondFactor?: boolean }): Promise<{ username: string; temporaryPassword: string }> {
      const at = now();
      const row = await prisma.officer.findUnique({ where: { id: officerId } });
      if (!row) throw new AppError('NOT_FOUND', '执法人员不存在');
      const username = input.username ?? row.username;
      if (!username) throw new AppError('UNPROCESSABLE', '该人员尚无用户名，请指定 username', [{ path: 'username', message: '必填' }]);
      const taken = await prisma.officer.findUnique({ where: { username }, select: { id: true } });
      if (taken && taken.id !== officerId) throw new AppError('USERNAME_TAKEN', `用户名 ${username} 已被使用`);
      const temporaryPassword = temporaryPasswordFor(username, policy);
      const passwordHash = await argon2Hash(temporaryPassword);
      await prisma.$transaction(async (tx) => {
        await tx.officer.update({
          where: { id: officerId },
          data: {
            username,
            passwordHash,
            mustChangePassword: true,
            failedLogins: 0,
            lockedUntil: null,
            ...(input.resetSecondFactor ? { totpSecret: null, totpEnabledAt: null, totpLastStep: null } : {}),
          },
        });
        if (input.resetSecondFactor) await tx.recoveryCode.deleteMany({ where: { officerId } });
        await tx.session.updateMany({ where: { officerId, endedAt: null }, data: { endedAt: at, endReason: 'CREDENTIALS_RESET' } });
        await appendAudit(tx, {
          actor,
          action: row.passwordHash ? 'PASSWORD_RESET' : 'ACCOUNT_CREATED',
          subjectType: 'Account',
          subjectId: officerId,
          at,
          payload: { username, resetSecondFactor: Boolean(input.resetSecondFactor) },
        });
      });
      return { username, temporaryPassword };
    },

    async unlock(actor: Actor, officerId: string): Promise<void> {
      const at = now();
      const updated = await prisma.officer.updateMany({ where: { id: officerId }, data: { failedLogins: 0, lockedUntil: null } });
      if (updated.count !== 1) throw new AppError('NOT_FOUND', '执法人员不存在');
      await audit('ACCOUNT_UNLOCKED', officerId, at, actor);
    },

    async issueToken(actor: Actor, input: { officerId: string; name: string; roles?: Role[]; expiresAt?: string }) {
      const at = now();
      const officer = await prisma.officer.findUnique({ where: { id: input.officerId }, include: { roles: true } });
      if (!officer || !officer.active) throw new AppError('UNKNOWN_REFERENCE', '执法人员不存在或已停用');
      const held = officer.roles.map((r) => r.role);
      const beyond = (input.roles ?? []).filter((r) => !held.includes(r));
      if (beyond.length > 0) {
        throw new AppError('TOKEN_SCOPE_INVALID', `令牌的角色须为该人员已有的角色；该人员没有：${beyond.join('、')}`, [{ path: 'roles', message: beyond.join(',') }]);
      }
      const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(at.getTime() + policy.defaultApiTokenLifetimeMs);
      if (expiresAt.getTime() <= at.getTime()) throw new AppError('UNPROCESSABLE', '有效期须晚于现在', [{ path: 'expiresAt', message: '须晚于现在' }]);
      const { token, id } = await issueApiToken(prisma, { officerId: officer.id, label: input.name, expiresAt, scopes: input.roles, createdById: actor.officerId });
      await audit('API_TOKEN_ISSUED', officer.id, at, actor, { tokenId: id, name: input.name, roles: input.roles ?? held, expiresAt: expiresAt.toISOString() });
      return { id, token, name: input.name, officerId: officer.id, roles: input.roles ?? held, expiresAt: expiresAt.toISOString() };
    },

    async listTokens() {
      const rows = await prisma.apiToken.findMany({
        include: { scopes: true, officer: { select: { name: true, roles: true } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 500,
      });
      const at = now();
      return rows.map((t) => ({
        id: t.id,
        name: t.label,
        officerId: t.officerId,
        officerName: t.officer.name,
        roles: t.scopes.length > 0 ? t.scopes.map((s) => s.role) : t.officer.roles.map((r) => r.role),
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt?.toISOString() ?? null,
        revokedAt: t.revokedAt?.toISOString() ?? null,
        status: t.revokedAt ? ('REVOKED' as const) : t.expiresAt && t.expiresAt.getTime() <= at.getTime() ? ('EXPIRED' as const) : ('ACTIVE' as const),
      }));
    },

    async revokeToken(actor: Actor, tokenId: string): Promise<{ revoked: boolean }> {
      const at = now();
      const token = await prisma.apiToken.findUnique({ where: { id: tokenId } });
      if (!token) throw new AppError('NOT_FOUND', '令牌不存在');
      const revoked = await prisma.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: at } });
      if (revoked.count === 1) await audit('API_TOKEN_REVOKED', token.officerId, at, actor, { tokenId, name: token.label });
      return { revoked: revoked.count === 1 };
    },

    secondFactorRequired: (roles: readonly Role[]) => secondFactorRequired(roles, policy),
  };
}

/** The RFC 6238 generator of a secret as authenticator apps use it: SHA-1, 6 digits, 30 s. */
export function totpOf(secret: string, label: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secret) });
}

/** A one-time password that meets the rules (the officer must change it at the first login). */
export function temporaryPasswordFor(username: string, policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY): string {
  for (;;) {
    const candidate = `${randomBytes(9).toString('base64url')}-7a`;
    if (passwordProblems(candidate, username, policy).length === 0) return candidate;
  }
}

export type AccountService = ReturnType<typeof createAccountService>;
