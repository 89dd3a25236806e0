/**
 * Bearer tokens (API tokens) and login sessions. Only a SHA-256 hash of either is stored: a
 * stolen database does not give working credentials. Both are long random strings, so an
 * unsalted fast hash is enough here (passwords, chosen by people, get argon2id).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OfficerCredentials } from '../domain/inspection';
import type { Role } from '../domain/roles';
import { townshipScopeOf, type TownshipScope } from '../domain/townships';
import { credentialsOf, type OfficerRow } from './rows';
import type { PrismaClient } from './client';
import { teamOfficers } from './command-reads';
import { sqlOf, type RawSql } from './driver-sql';

export const TOKEN_PREFIX = 'ov_';
export const SESSION_PREFIX = 'ovs_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export function generateSessionToken(): string {
  return SESSION_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The CSRF token of a session: derived from the session's own secret token, so the server
 * needs to store nothing more and a page on another site, which cannot read the httpOnly
 * cookie, cannot compute it.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`csrf\0${sessionToken}`, 'utf8').digest('base64url');
}

/** A token of its officer's roles that never expires (the demo users of `npm start`, tests, benchmarks). */
export async function issueToken(prisma: PrismaClient, officerId: string, label: string): Promise<string> {
  return (await issueApiToken(prisma, { officerId, label })).token;
}

/** An API token as an ADMIN issues it: named, limited to some of the officer's roles, expiring. */
export async function issueApiToken(
  prisma: PrismaClient,
  options: { officerId: string; label: string; expiresAt?: Date | null; scopes?: readonly Role[]; createdById?: string },
): Promise<{ token: string; id: string }> {
  const token = generateToken();
  const row = await prisma.apiToken.create({
    data: {
      officerId: options.officerId,
      tokenHash: hashToken(token),
      label: options.label,
      expiresAt: options.expiresAt ?? null,
      createdById: options.createdById ?? null,
      scopes: { create: (options.scopes ?? []).map((role) => ({ role })) },
    },
    select: { id: true },
  });
  return { token, id: row.id };
}

/** The caller: an officer's credentials (domain/inspection.ts), roles, legal qualification and townships. */
export interface AuthenticatedOfficer extends OfficerCredentials {
  roles: Role[];
  legalQualified: boolean;
  /** The townships the caller reaches (domain/townships.ts); null: every township of the county. */
  townships: TownshipScope;
  /** When the credential stops counting (an API token's expiry; a session is checked on each request). */
  expiresAt?: Date | null;
}

type CallerRow = OfficerRow & {
  legalQualified: boolean;
  countyWide: boolean;
  townships: { townshipId: string }[];
  department: (NonNullable<OfficerRow['department']> & { townshipId?: string | null }) | null;
};

/** The caller as a token or a session presents it, acting in `roles`. */
export function callerOf(o: CallerRow, roles: Role[], expiresAt: Date | null): AuthenticatedOfficer {
  return {
    ...credentialsOf(o),
    roles,
    legalQualified: o.legalQualified,
    townships: townshipScopeOf({
      countyWide: o.countyWide,
      townshipIds: o.townships.map((t) => t.townshipId),
      departmentTownshipId: o.department?.townshipId ?? null,
    }),
    expiresAt,
  };
}

/** A caller's officer with roles (in order), department and townships: tokens and sessions read it alike. */
export type CallerOfficer = CallerRow & { active: boolean; roles: Role[] };

/**
 * The officer behind a token or a session: read as a team's officer is (db/command-reads.ts),
 * with the roles — raw SQL on the driver (db/driver-sql.ts), as every request of a browser
 * session reads it.
 */
export async function callerOfficer(db: RawSql, officerId: string): Promise<CallerOfficer | null> {
  const [officer] = await teamOfficers(db, [officerId], { activeOnly: false });
  if (!officer) return null;
  const roles = await sqlOf(db).$queryRaw<{ role: Role }[]>`SELECT "role" FROM "OfficerRole" WHERE "officerId" = ${officerId}`;
  // In one order on both databases (PostgreSQL would order its enum by declaration).
  return { ...officer, roles: roles.map((r) => r.role).sort() };
}

export async function findOfficerByToken(prisma: PrismaClient, token: string, now = new Date()): Promise<AuthenticatedOfficer | null> {
  const sql = sqlOf(prisma);
  const [row] = await sql.$queryRaw<{ id: string; officerId: string; revokedAt: Date | null; expiresAt: Date | null }[]>`
    SELECT "id", "officerId", "revokedAt", "expiresAt" FROM "ApiToken" WHERE "tokenHash" = ${hashToken(token)}`;
  if (!row || row.revokedAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;
  const o = await callerOfficer(sql, row.officerId);
  if (!o || !o.active) return null;
  const scopes = new Set((await sql.$queryRaw<{ role: Role }[]>`SELECT "role" FROM "ApiTokenScope" WHERE "tokenId" = ${row.id}`).map((s) => s.role));
  // A token acts in the roles it was issued for, and never beyond its officer's.
  const roles = o.roles.filter((r) => scopes.size === 0 || scopes.has(r));
  return callerOf(o, roles, row.expiresAt);
}

/**
 * Whether a token is still usable (not revoked, its officer active): one raw statement, where
 * findOfficerByToken takes five — what lets a looked-up caller be reused on every
 * database (api/auth.ts).
 */
export async function tokenUsable(prisma: PrismaClient, tokenHash: string): Promise<boolean> {
  const [row] = await sqlOf(prisma).$queryRaw<{ usable: unknown }[]>`
    SELECT t."revokedAt" IS NULL AND o."active" AS "usable" FROM "ApiToken" t JOIN "Officer" o ON o."id" = t."officerId" WHERE t."tokenHash" = ${tokenHash}`;
  // SQLite answers 1 or 0, PostgreSQL a boolean.
  return Boolean(row?.usable);
}
