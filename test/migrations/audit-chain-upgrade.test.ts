/**
 * Upgrading a database whose audit events predate the chain (migration *_audit_chain): the
 * migrations before it are applied, events are written as the old schema has them, then the
 * migration runs and the start-up step (migrateAndSeed → startAuditChain) chains them once, in
 * order of time. The upgraded install verifies clean and the next event follows them — on the
 * database the suite runs on (SQLite file, or a PostgreSQL database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { appendAudit, createPrismaClient, startAuditChain, verifyAuditChain, writeOnce } from '../../db';
import { testDatabaseProvider } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const MIGRATION = 'audit_chain';

// Inserted out of time order on purpose: the chain follows the events' time.
const OLD_ROWS = (at: (iso: string) => string) => `
INSERT INTO "AuditEvent" ("id", "idempotencyKey", "actorId", "actorName", "action", "subjectType", "subjectId", "at", "payloadJson")
  VALUES ('e2', 'inspection-i1:check-in', 'o1', '张三', 'CHECKED_IN', 'JointInspection', 'i1', ${at('2026-03-01T09:00:00.000Z')}, '{"officers":["o1","o2"]}'),
         ('e1', 'inspection-i1:scheduled', NULL, NULL, 'SCHEDULED', 'JointInspection', 'i1', ${at('2026-03-01T08:00:00.123Z')}, '{"b":1,"a":"检查"}'),
         ('e3', NULL, 'o9', '管理员', 'LOGIN', 'Account', 'o9', ${at('2026-03-02T01:00:00.000Z')}, '{}');
`;

function migrationsOf(folder: string): { before: string[]; ours: string } {
  const dir = path.join(ROOT, 'prisma', folder);
  const names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'migration.sql'))).sort();
  const index = names.findIndex((n) => n.endsWith(`_${MIGRATION}`));
  const sql = (n: string) => fs.readFileSync(path.join(dir, n, 'migration.sql'), 'utf8');
  return { before: names.slice(0, index).map(sql), ours: sql(names[index]) };
}

async function upgradedDatabase(): Promise<string> {
  if (testDatabaseProvider() === 'postgresql') {
    const { before, ours } = migrationsOf('migrations-postgresql');
    const admin = new Client({ connectionString: process.env.ONEVISIT_TEST_PG_ADMIN_URL });
    const name = `${process.env.ONEVISIT_TEST_PG_PREFIX}chain_upgrade`;
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(process.env.ONEVISIT_TEST_PG_ADMIN_URL!);
    url.pathname = `/${name}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const sql of before) await client.query(sql);
      await client.query(OLD_ROWS((iso) => `'${iso}'::timestamp`));
      await client.query(ours);
    } finally {
      await client.end();
    }
    return url.toString();
  }
  const { before, ours } = migrationsOf('migrations');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-chain-upgrade-')), 'old.db');
  const db = new Database(file);
  try {
    for (const sql of before) db.exec(sql);
    db.exec(OLD_ROWS((iso) => `'${iso}'`));
    db.exec(ours);
  } finally {
    db.close();
  }
  return `file:${file}`;
}

test('events written before the chain are chained once, in order of time; the install verifies clean and goes on', async () => {
  const prisma = createPrismaClient(await upgradedDatabase());
  try {
    expect(await prisma.auditEvent.count({ where: { seq: null } })).toBe(3);
    expect((await verifyAuditChain(prisma)).ok).toBe(false); // unchained rows, before the start-up step

    expect(await startAuditChain(prisma)).toBe(3);
    expect(await startAuditChain(prisma)).toBe(0); // every start runs it; once is enough
    const rows = await prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((r) => [r.id, r.seq])).toEqual([['e1', 1], ['e2', 2], ['e3', 3]]);
    expect(rows[0].at.toISOString()).toBe('2026-03-01T08:00:00.123Z');
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, events: 3, head: { seq: 3, hash: rows[2].hash } });

    await writeOnce(prisma, 'inspection-i1:closed', { action: 'CLOSED', subjectType: 'JointInspection', subjectId: 'i1', at: new Date() }, async () => undefined);
    await appendAudit(prisma, { action: 'LOGOUT', subjectType: 'Account', subjectId: 'o9', at: new Date() });
    const after = await verifyAuditChain(prisma);
    expect(after).toMatchObject({ ok: true, events: 5, head: { seq: 5 } });

    // A head removed from a chained history is reported, and not quietly restarted by the next write.
    await prisma.$executeRaw`DELETE FROM "AuditChainHead"`;
    expect((await verifyAuditChain(prisma)).firstBroken).toMatchObject({ kind: 'HEAD_MISSING' });
    await expect(appendAudit(prisma, { action: 'LOGIN', subjectType: 'Account', subjectId: 'o9', at: new Date() })).rejects.toThrow(/head is missing/);
    expect(await prisma.auditEvent.count()).toBe(5);
  } finally {
    await prisma.$disconnect();
  }
});
