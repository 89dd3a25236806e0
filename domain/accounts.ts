/**
 * The rules of logging in, with the values 等保 2.0 level 3 (GB/T 22239-2019 §8.1.4.1 身份鉴别)
 * expects where it applies: passwords of some complexity, changed on first use; a lockout after
 * repeated failures; sessions that end when idle and after a working day; a second factor for
 * the roles that decide (ADMIN, LEGAL_REVIEWER, LEADER). Every value is configurable.
 */
import type { Role } from './roles';

export interface AccountPolicy {
  minimumPasswordLength: number;
  /** Of lower case, upper case, digits and other characters, how many kinds a password needs. */
  passwordCharacterClasses: number;
  /** Failed logins in a row that lock the account. */
  lockoutThreshold: number;
  lockoutMs: number;
  /** A session unused this long ends. */
  idleTimeoutMs: number;
  /** A session ends this long after login, used or not. */
  absoluteTimeoutMs: number;
  /** Roles whose officers must log in with a second factor (TOTP). */
  secondFactorRoles: readonly Role[];
  /** A second factor for everyone. */
  secondFactorForAll: boolean;
  /** How long an API token an ADMIN issues lives when no expiry is given. */
  defaultApiTokenLifetimeMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = {
  minimumPasswordLength: 8,
  passwordCharacterClasses: 3,
  lockoutThreshold: 5,
  lockoutMs: 30 * MINUTE,
  idleTimeoutMs: 30 * MINUTE,
  absoluteTimeoutMs: 12 * 60 * MINUTE,
  secondFactorRoles: ['ADMIN', 'LEGAL_REVIEWER', 'LEADER'],
  secondFactorForAll: false,
  defaultApiTokenLifetimeMs: 90 * 24 * 60 * MINUTE,
};

const CLASSES: readonly RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** What is wrong with a new password, in words for the person choosing it; empty when it is good. */
export function passwordProblems(password: string, username: string, policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY): string[] {
  const problems: string[] = [];
  if ([...password].length < policy.minimumPasswordLength) problems.push(`密码至少 ${policy.minimumPasswordLength} 位`);
  const classes = CLASSES.filter((c) => c.test(password)).length;
  if (classes < policy.passwordCharacterClasses) {
    problems.push(`密码须包含小写字母、大写字母、数字、其他符号中的至少 ${policy.passwordCharacterClasses} 类`);
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不得包含用户名');
  return problems;
}

/** Whether an officer of these roles must log in with a second factor. */
export function secondFactorRequired(roles: readonly Role[], policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY): boolean {
  return policy.secondFactorForAll || roles.some((r) => policy.secondFactorRoles.includes(r));
}

/** The failed-login count after one more failure, and the lock it brings (null: not locked). */
export function afterFailedLogin(
  failedLogins: number,
  now: Date,
  policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY,
): { failedLogins: number; lockedUntil: Date | null } {
  const failures = failedLogins + 1;
  if (failures >= policy.lockoutThreshold) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMs) };
  return { failedLogins: failures, lockedUntil: null };
}

/**
 * What a login session may do before anything else: choose a new password (first login, after
 * a reset), then set up the second factor its roles require; ACTIVE when neither is pending.
 */
export type SessionStage = 'ACTIVE' | 'PASSWORD_CHANGE' | 'TOTP_ENROLMENT';

export function sessionStage(
  account: { mustChangePassword: boolean; totpEnabled: boolean; roles: readonly Role[] },
  policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY,
): SessionStage {
  if (account.mustChangePassword) return 'PASSWORD_CHANGE';
  if (!account.totpEnabled && secondFactorRequired(account.roles, policy)) return 'TOTP_ENROLMENT';
  return 'ACTIVE';
}

/** Why a session no longer counts, or null while it does. */
export function sessionEnd(
  session: { lastSeenAt: Date; expiresAt: Date; endedAt: Date | null },
  now: Date,
  policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY,
): 'ENDED' | 'IDLE_TIMEOUT' | 'EXPIRED' | null {
  if (session.endedAt) return 'ENDED';
  if (now.getTime() >= session.expiresAt.getTime()) return 'EXPIRED';
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleTimeoutMs) return 'IDLE_TIMEOUT';
  return null;
}
