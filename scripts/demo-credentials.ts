/**
 * One bearer token per demo user, written to .data/demo-credentials.json so a person can try
 * the API right away. Tokens still valid in the file are kept; missing or revoked ones are
 * issued anew (only their hashes are stored in the database).
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashToken, issueToken, type PrismaClient } from '../db';
import { officers as demoOfficers } from '../prisma/seed-data/catalog';

export interface DemoCredential {
  key: string;
  officerId: string;
  name: string;
  roles: string[];
  departmentCode: string | null;
  token: string;
}

export async function ensureDemoCredentials(prisma: PrismaClient, file: string): Promise<DemoCredential[]> {
  let previous: DemoCredential[] = [];
  try {
    previous = (JSON.parse(fs.readFileSync(file, 'utf8')) as { users: DemoCredential[] }).users ?? [];
  } catch {
    previous = [];
  }
  const byKey = new Map(previous.map((c) => [c.key, c]));
  const users: DemoCredential[] = [];
  for (const demo of demoOfficers) {
    const officer = await prisma.officer.findUniqueOrThrow({ where: { key: demo.key } });
    const known = byKey.get(demo.key);
    let token = known?.token;
    const stored = token
      ? await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } })
      : null;
    if (!token || !stored || stored.revokedAt || stored.officerId !== officer.id) {
      token = await issueToken(prisma, officer.id, 'demo');
    }
    users.push({
      key: demo.key,
      officerId: officer.id,
      name: demo.name,
      roles: demo.roles,
      departmentCode: demo.departmentCode,
      token,
    });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify({ note: '演示账号访问令牌，仅用于本机试用。用法：Authorization: Bearer <token>', users }, null, 2),
    { mode: 0o600 },
  );
  return users;
}
