/**
 * `npm run admin:create` on an empty database: it migrates, creates one ADMIN whose printed
 * one-time password is the one stored (argon2id), to be changed at the first login; run again,
 * it resets that account rather than making a second one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { createPrismaClient } from '../../db';

const ROOT = path.resolve(__dirname, '../..');

function adminCreate(databaseUrl: string): string {
  const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/admin-create.ts', '--username', 'county.admin', '--name', '县司法局管理员'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return /one-time password: (\S+)/.exec(out)![1];
}

test('creates the first ADMIN on an empty database, and resets it when run again', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-admin-'));
  const url = `file:${path.join(dir, 'fresh.db')}`;
  const password = adminCreate(url);
  const prisma = createPrismaClient(url);
  try {
    const officers = await prisma.officer.findMany({ include: { roles: true } });
    expect(officers).toHaveLength(1);
    expect(officers[0]).toMatchObject({ username: 'county.admin', name: '县司法局管理员', mustChangePassword: true });
    expect(officers[0].roles.map((r) => r.role)).toEqual(['ADMIN']);
    expect(await verify(officers[0].passwordHash!, password)).toBe(true);

    const again = adminCreate(url);
    expect(again).not.toBe(password);
    const after = await prisma.officer.findMany();
    expect(after).toHaveLength(1);
    expect(await verify(after[0].passwordHash!, again)).toBe(true);
  } finally {
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
