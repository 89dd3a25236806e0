/**
 * Upgrading a database whose audit events predate the chain (migration *_audit_chain): the
 * migrations before it are applied, events are written as the old schema has them, then the
 * migration runs and the start-up step (migrateAndSeed → startAuditChain) chains them once, in
 * order of time. The upgraded install verifies clean and the next event follows them — on the
 * database the suite runs on (SQLite file, or a PostgreSQL database).
 */
import { appendAudit, createPrismaClient, startAuditChain, verifyAuditChain, writeOnce } from '../../db';
import { upgradedDatabase } from '../support/upgrade';

const MIGRATION = 'audit_chain';

// Inserted out of time order on purpose: the chain follows the events' time.
const OLD_ROWS = (at: (iso: string) => string) => `
INSERT INTO "AuditEvent" ("id", "idempotencyKey", "actorId", "actorName", "action", "subjectType", "subjectId", "at", "payloadJson")
  VALUES ('e2', 'inspection-i1:check-in', 'o1', '张三', 'CHECKED_IN', 'JointInspection', 'i1', ${at('2026-03-01T09:00:00.000Z')}, '{"officers":["o1","o2"]}'),
         ('e1', 'inspection-i1:scheduled', NULL, NULL, 'SCHEDULED', 'JointInspection', 'i1', ${at('2026-03-01T08:00:00.123Z')}, '{"b":1,"a":"检查"}'),
         ('e3', NULL, 'o9', '管理员', 'LOGIN', 'Account', 'o9', ${at('2026-03-02T01:00:00.000Z')}, '{}');
`;

test('events written before the chain are chained once, in order of time; the install verifies clean and goes on', async () => {
  const prisma = createPrismaClient(await upgradedDatabase({ migration: MIGRATION, name: 'chain_upgrade', oldRows: (d) => OLD_ROWS(d === 'postgresql' ? (iso) => `'${iso}'::timestamp` : (iso) => `'${iso}'`) }));
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
