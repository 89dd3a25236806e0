/**
 * Bearer tokens. Only a SHA-256 hash is stored: a stolen database does not give working
 * tokens. Tokens are long random strings, so an unsalted fast hash is enough here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OfficerCredentials } from '../domain/inspection';
import type { Role } from '../domain/roles';
import { credentialsOf } from './rows';
import type { PrismaClient } from './client';

export const TOKEN_PREFIX = 'ov_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export async function issueToken(prisma: PrismaClient, officerId: string, label: string): Promise<string> {
  const token = generateToken();
  await prisma.apiToken.create({ data: { officerId, tokenHash: hashToken(token), label } });
  return token;
}

/** The caller: an officer's credentials (domain/inspection.ts), roles and legal qualification. */
export interface AuthenticatedOfficer extends OfficerCredentials {
  roles: Role[];
  legalQualified: boolean;
}

export async function findOfficerByToken(prisma: PrismaClient, token: string): Promise<AuthenticatedOfficer | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { officer: { include: { roles: true, department: true } } },
  });
  if (!row || row.revokedAt || !row.officer.active) return null;
  const o = row.officer;
  return { ...credentialsOf(o), roles: o.roles.map((r) => r.role), legalQualified: o.legalQualified };
}
