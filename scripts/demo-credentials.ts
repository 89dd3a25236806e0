/**
 * The demo county's logins, written to .data/demo-credentials.json so a person can try the
 * system right away: per demo user a username with a one-time password (changed at the first
 * login, like every new account) and a bearer token for the API. Tokens still valid in the file
 * are kept; missing or revoked ones are issued anew (only their hashes are stored). Demo users
 * the county has deactivated or removed get none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashToken, issueToken, type PrismaClient } from '../db';
import { createAccountService } from '../api/services/accounts';
import { officers as demoOfficers } from '../prisma/seed-data/catalog';

export interface DemoCredential {
  key: string;
  officerId: string;
  name: string;
  roles: string[];
  departmentCode: string | null;
  token: string;
  username: string | null;
  /** Shown until the first login changes it. */
  initialPassword: string | null;
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
  const accounts = createAccountService({ prisma });
  for (const demo of demoOfficers) {
    const officer = await prisma.officer.findUnique({ where: { key: demo.key } });
    if (!officer || !officer.active) continue;
    const known = byKey.get(demo.key);
    let username = officer.username;
    let initialPassword = officer.mustChangePassword ? (known?.initialPassword ?? null) : null;
    if (!officer.passwordHash) {
      const taken = await prisma.officer.findUnique({ where: { username: username ?? demo.key }, select: { id: true } });
      if (!taken || taken.id === officer.id) {
        const credentials = await accounts.setCredentials({ officerId: officer.id, name: 'npm start (演示)' }, officer.id, { username: username ?? demo.key });
        username = credentials.username;
        initialPassword = credentials.temporaryPassword;
      }
    }
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
      username,
      initialPassword,
    });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        note: '演示账号，仅用于本机试用。网页登录：username + initialPassword（首次登录须修改密码；管理员、法制审核人员、领导还须绑定身份验证器）。接口调用：Authorization: Bearer <token>',
        users,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  return users;
}
