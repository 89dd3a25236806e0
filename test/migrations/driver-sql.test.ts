/**
 * Raw SQL on the driver adapter, past Prisma's client (db/driver-sql.ts), on the suite's real
 * database — `npm test` on SQLite, `npm run test:pg` on PostgreSQL:
 * - the same statements read through `$queryRaw` and through the driver give the same rows with
 *   the same types (dates, flags, whole and fractional numbers, counts, nulls, JSON text);
 * - parameters written through the driver read back through Prisma's model calls unchanged;
 * - the driver's transaction commits, rolls back on a throw, and on SQLite takes turns with
 *   Prisma's own interactive transactions on the one connection;
 * - writeOnceInSql writes a step once per key, racing attempts included, into an intact chain.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { inDriverTransaction, Prisma, sqlOf, verifyAuditChain, writeOnceInSql, type RawSql } from '../../db';
import { createTestDatabase } from '../support/harness';

const { prisma } = createTestDatabase();
afterAll(() => prisma.$disconnect());

const STATEMENTS: [string, Prisma.Sql][] = [
  ['officers: text, flags, dates, nulls', Prisma.sql`SELECT * FROM "Officer" ORDER BY "id"`],
  ['check items: fractional and missing limits', Prisma.sql`SELECT * FROM "CheckItem" ORDER BY "id"`],
  ['list versions: dates and whole numbers', Prisma.sql`SELECT * FROM "ScenarioListVersion" ORDER BY "id"`],
  ['a count', Prisma.sql`SELECT COUNT(*) AS "n" FROM "Officer"`],
  ['a join with a parameter', Prisma.sql`
    SELECT c."code", d."code" AS "departmentCode", c."limitMax" FROM "CheckItem" c JOIN "Department" d ON d."id" = c."departmentId"
     WHERE c."measurementKind" = ${'NUMERIC'} ORDER BY c."code"`],
  ['no rows', Prisma.sql`SELECT "id" FROM "Officer" WHERE "id" = ${'nobody'}`],
];

describe('the same rows, the same types', () => {
  test.each(STATEMENTS)('%s', async (_what, statement) => {
    const viaClient = await prisma.$queryRaw<Record<string, unknown>[]>(statement);
    const viaDriver = await sqlOf(prisma).$queryRaw<Record<string, unknown>[]>(statement);
    expect(viaDriver).toEqual(viaClient);
    if (viaClient.length > 0) {
      const kinds = (rows: Record<string, unknown>[]) => Object.entries(rows[0]!).map(([k, v]) => [k, v instanceof Date ? 'date' : typeof v]);
      expect(kinds(viaDriver)).toEqual(kinds(viaClient));
    }
  });

  test('the seeded rows are there to compare', async () => {
    const [{ n }] = await sqlOf(prisma).$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS "n" FROM "CheckItem" WHERE "limitMax" IS NOT NULL`;
    expect(n).toBeGreaterThan(0n);
  });
});

describe('parameters written through the driver', () => {
  test('read back by Prisma as they were written: date, integer, text, flag, fraction', async () => {
    const workflowId = `probe-${randomUUID()}`;
    const at = new Date('2026-03-04T05:06:07.089Z');
    await inDriverTransaction(prisma, (sql) => sql.$executeRaw`
      INSERT INTO "WorkflowState" ("workflowId", "version", "stateJson", "updatedAt") VALUES (${workflowId}, ${7}, ${'{"a":"检查"}'}, ${at})`);
    expect(await prisma.workflowState.findUnique({ where: { workflowId } })).toEqual({ workflowId, version: 7, stateJson: '{"a":"检查"}', updatedAt: at });

    const item = await prisma.checkItem.findFirstOrThrow({ orderBy: { code: 'asc' } });
    const sql = sqlOf(prisma);
    expect(await sql.$executeRaw`UPDATE "CheckItem" SET "limitMax" = ${12.75}, "noPenaltyListed" = ${!item.noPenaltyListed} WHERE "id" = ${item.id}`).toBe(1);
    const after = await prisma.checkItem.findUniqueOrThrow({ where: { id: item.id } });
    expect([after.limitMax, after.noPenaltyListed]).toEqual([12.75, !item.noPenaltyListed]);
    await sql.$executeRaw`UPDATE "CheckItem" SET "limitMax" = ${item.limitMax}, "noPenaltyListed" = ${item.noPenaltyListed} WHERE "id" = ${item.id}`;
    expect(await prisma.checkItem.findUniqueOrThrow({ where: { id: item.id } })).toEqual(item);
  });

  test('a date parameter compares with stored dates as Prisma’s does', async () => {
    const cut = new Date('2020-01-01T00:00:00.000Z');
    const statement = Prisma.sql`SELECT COUNT(*) AS "n" FROM "Officer" WHERE "createdAt" > ${cut}`;
    const [viaClient] = await prisma.$queryRaw<{ n: bigint }[]>(statement);
    const [viaDriver] = await sqlOf(prisma).$queryRaw<{ n: bigint }[]>(statement);
    expect(viaDriver).toEqual(viaClient);
  });
});

const stateRow = (sql: RawSql, workflowId: string) =>
  sql.$executeRaw`INSERT INTO "WorkflowState" ("workflowId", "version", "stateJson", "updatedAt") VALUES (${workflowId}, ${1}, ${'{}'}, ${new Date()})`;

describe('the driver’s transaction', () => {
  test('commits what it wrote, and nothing when it throws', async () => {
    const kept = `kept-${randomUUID()}`;
    const dropped = `dropped-${randomUUID()}`;
    await inDriverTransaction(prisma, (sql) => stateRow(sql, kept));
    await expect(
      inDriverTransaction(prisma, async (sql) => {
        await stateRow(sql, dropped);
        throw new Error('refused half way');
      }),
    ).rejects.toThrow('refused half way');
    const rows = await prisma.workflowState.findMany({ where: { workflowId: { in: [kept, dropped] } }, select: { workflowId: true } });
    expect(rows).toEqual([{ workflowId: kept }]);
  });

  test('a failing statement rolls the whole transaction back', async () => {
    const first = `first-${randomUUID()}`;
    await expect(
      inDriverTransaction(prisma, async (sql) => {
        await stateRow(sql, first);
        await stateRow(sql, first); // the key again: a unique violation
      }),
    ).rejects.toThrow(/unique/i); // the database's own words: SQLite's "UNIQUE constraint failed", PostgreSQL's "duplicate key … unique constraint"
    expect(await prisma.workflowState.count({ where: { workflowId: first } })).toBe(0);
    // The connection is usable afterwards (no transaction left open on it).
    await inDriverTransaction(prisma, (sql) => stateRow(sql, first));
    expect(await prisma.workflowState.count({ where: { workflowId: first } })).toBe(1);
  });

  test('takes turns with Prisma’s interactive transactions, neither waiting forever nor mixing rows', async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const prismaSide = (a: string, b: string) =>
      prisma.$transaction(async (tx) => {
        await stateRow(tx, a);
        await new Promise((resolve) => setTimeout(resolve, 30));
        await stateRow(tx, b);
      });
    const driverSide = (a: string, b: string, fail: boolean) =>
      inDriverTransaction(prisma, async (sql) => {
        await stateRow(sql, a);
        await new Promise((resolve) => setTimeout(resolve, 30));
        await stateRow(sql, b);
        if (fail) throw new Error('rolled back');
      });
    const results = await Promise.allSettled([prismaSide(ids[0]!, ids[1]!), driverSide(ids[2]!, ids[3]!, true), driverSide(ids[4]!, ids[5]!, false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const written = await prisma.workflowState.findMany({ where: { workflowId: { in: ids } }, select: { workflowId: true } });
    expect(written.map((r) => r.workflowId).sort()).toEqual([ids[0], ids[1], ids[4], ids[5]].sort());
  });
});

describe('writeOnceInSql', () => {
  const entry = (subjectId: string) => ({ action: 'DRIVER_PROBE', subjectType: 'Probe', subjectId, at: new Date('2026-05-06T07:08:09.010Z') });

  test('writes a step once per key, racing attempts and retries included, into an intact chain', async () => {
    const key = `probe:${randomUUID()}`;
    const workflowId = `wf-${randomUUID()}`;
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () => writeOnceInSql(prisma, key, entry(workflowId), (sql) => stateRow(sql, workflowId).then(() => undefined))),
    );
    expect(attempts.filter(Boolean)).toHaveLength(1);
    expect(await writeOnceInSql(prisma, key, entry(workflowId), (sql) => stateRow(sql, workflowId).then(() => undefined))).toBe(false);
    expect(await prisma.auditEvent.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await prisma.workflowState.count({ where: { workflowId } })).toBe(1);
    const event = await prisma.auditEvent.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(event).toMatchObject({ action: 'DRIVER_PROBE', subjectId: workflowId, at: new Date('2026-05-06T07:08:09.010Z') });
    expect(event.seq).not.toBeNull();
    const report = await verifyAuditChain(prisma);
    expect(report.breaks).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test('a write that fails leaves neither its rows nor its audit event, and the key free for the retry', async () => {
    const key = `probe:${randomUUID()}`;
    const workflowId = `wf-${randomUUID()}`;
    await expect(
      writeOnceInSql(prisma, key, entry(workflowId), async (sql) => {
        await stateRow(sql, workflowId);
        throw new Error('the worker died here');
      }),
    ).rejects.toThrow('the worker died here');
    expect(await prisma.auditEvent.count({ where: { idempotencyKey: key } })).toBe(0);
    expect(await prisma.workflowState.count({ where: { workflowId } })).toBe(0);
    expect(await writeOnceInSql(prisma, key, entry(workflowId), (sql) => stateRow(sql, workflowId).then(() => undefined))).toBe(true);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});
