/**
 * `npm run admin:create -- --username NAME [--name 姓名]`: the first ADMIN of a fresh install
 * (and a way back in when every ADMIN is locked out). Applies the migrations, creates the
 * officer with the ADMIN role (or gives an existing username's officer a new password) and
 * prints a one-time password: the first login must change it and bind a second factor.
 */
import { randomUUID } from 'node:crypto';
import { createPrismaClient } from '../db';
import { createAccountService } from '../api/services/accounts';
import { loadConfig } from './config';
import { migrateDatabase } from './migrate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const username = arg('username');
  if (!username || !/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username)) {
    throw new Error('usage: npm run admin:create -- --username <3–32 lower-case letters, digits, . _ -> [--name 姓名]');
  }
  const config = loadConfig();
  await migrateDatabase(config.DATABASE_URL);
  const prisma = createPrismaClient(config.DATABASE_URL);
  try {
    const existing = await prisma.officer.findUnique({ where: { username } });
    const officer =
      existing ??
      (await prisma.officer.create({
        data: { key: `admin-${randomUUID()}`, name: arg('name') ?? '系统管理员', countyWide: true, roles: { create: [{ role: 'ADMIN' }] } },
      }));
    const accounts = createAccountService({ prisma });
    const system = { officerId: officer.id, name: 'admin:create' };
    const { temporaryPassword } = await accounts.setCredentials(system, officer.id, { username, resetSecondFactor: Boolean(existing) });
    await accounts.unlock(system, officer.id);
    console.log(`${existing ? 'reset' : 'created'} ADMIN ${username}`);
    console.log(`one-time password: ${temporaryPassword}`);
    console.log('log in with POST /api/auth/login; the first login must change it and bind an authenticator app (TOTP).');
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
