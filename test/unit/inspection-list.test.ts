/**
 * The inspection list has two readers (db/inspection-list.ts): Prisma on every database, and
 * prepared statements on a read-only SQLite connection for the busy read path. Over varied rows
 * (statuses, dates, townships, villages, departments, findings, same-millisecond creations) and
 * every filter alone and combined, with reaches and pages, the two answer the same, and the
 * answers are what the rows say. On PostgreSQL only the Prisma reader exists; its answers are
 * checked against the rows there too.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { inspectionListWithPrisma, sqliteInspectionList, type InspectionListFilter } from '../../db/inspection-list';
import { createTestDatabase, testDatabaseProvider } from '../support/harness';
import type { InspectionStatus } from '../../domain/inspection';

const db = createTestDatabase();
const { prisma } = db;
const sqlite = testDatabaseProvider() === 'sqlite' ? new Database(db.url.slice('file:'.length), { readonly: true, fileMustExist: true }) : null;
afterAll(async () => {
  sqlite?.close();
  await prisma.$disconnect();
});

const STATUSES: InspectionStatus[] = ['SCHEDULED', 'ON_SITE', 'CLOSED', 'CANCELLED'];
let townshipIds: string[] = [];
let targetIds: string[] = [];
const villages = new Set<string>();

beforeAll(async () => {
  const [targets, scenarios, departments, officer, items] = await Promise.all([
    prisma.target.findMany({ orderBy: { id: 'asc' }, take: 6 }),
    prisma.scenario.findMany({ orderBy: { code: 'asc' }, take: 2 }),
    prisma.department.findMany({ orderBy: { code: 'asc' }, take: 3 }),
    prisma.officer.findFirstOrThrow(),
    prisma.checkItem.findMany({ orderBy: { code: 'asc' }, take: 3 }),
  ]);
  // Businesses in two townships and none (a row from before townships).
  const townships = await prisma.township.findMany({ orderBy: { id: 'asc' }, take: 2 });
  townshipIds = townships.map((t) => t.id);
  for (const [i, t] of targets.entries()) {
    await prisma.target.update({ where: { id: t.id }, data: { townshipId: i % 3 === 2 ? null : townshipIds[i % 2] } });
    villages.add(t.village);
  }
  targetIds = targets.map((t) => t.id);
  const sameMs = new Date('2026-03-01T02:00:00.000Z');
  for (let n = 0; n < 40; n++) {
    const id = randomUUID();
    const status = STATUSES[n % 4];
    await prisma.jointInspection.create({
      data: {
        id,
        workflowId: `inspection-${id}`,
        targetId: targets[n % targets.length].id,
        scenarioId: scenarios[n % scenarios.length].id,
        // Several visits a day, and some created in the same millisecond (the id then orders them).
        scheduledFor: new Date(`2026-03-${String(n % 5 === 0 ? 1 : 1 + (n % 9)).padStart(2, '0')}T00:00:00.000Z`),
        status,
        scheduledById: officer.id,
        checkInAt: status === 'SCHEDULED' ? null : new Date(Date.UTC(2026, 2, 1 + (n % 9), 1, n)),
        closedAt: status === 'CLOSED' ? new Date(Date.UTC(2026, 2, 1 + (n % 9), 3, n, 0, 7)) : null,
        createdAt: n % 5 === 0 ? sameMs : new Date(sameMs.getTime() + n * 1_013),
        updatedAt: sameMs,
        checks: {
          create: departments
            .filter((_, d) => (n + d) % 3 !== 0)
            .map((d, k) => ({ departmentId: d.id, submittedAt: k === 0 && status !== 'SCHEDULED' ? sameMs : null, overdue: n % 7 === 0 })),
        },
      },
    });
    const checks = await prisma.departmentCheck.findMany({ where: { inspectionId: id } });
    for (const [k, check] of checks.slice(0, n % 3).entries()) {
      await prisma.finding.create({
        data: {
          inspectionId: id,
          departmentId: check.departmentId,
          checkItemId: items[k].id,
          severity: 'MINOR',
          description: '测试',
          proposedAction: 'RECTIFY',
          createdAt: sameMs,
          updatedAt: sameMs,
        },
      });
    }
  }
});

function filters(): InspectionListFilter[] {
  const reaches = [null, [townshipIds[0]], townshipIds, []];
  const some: Partial<InspectionListFilter>[] = [
    {},
    { status: 'CLOSED' },
    { status: 'SCHEDULED' },
    { targetId: targetIds[1] },
    { scenarioCode: 'RESTAURANT' },
    { village: [...villages][0] },
    { from: '2026-03-03' },
    { to: '2026-03-05' },
    { from: '2026-03-02', to: '2026-03-02' },
    { departmentCode: 'MARKET' },
    { departmentCode: 'FIRE', status: 'ON_SITE', from: '2026-03-02' },
    { departmentCode: 'NOSUCH' },
  ];
  const pages = [
    { page: 1, pageSize: 20 },
    { page: 2, pageSize: 7 },
    { page: 9, pageSize: 100 },
  ];
  return reaches.flatMap((townships) => some.flatMap((f) => pages.map((p) => ({ ...f, ...p, townships }) as InspectionListFilter)));
}

test('the SQLite reader answers every filter, reach and page exactly as Prisma does', async () => {
  if (!sqlite) return expect(testDatabaseProvider()).toBe('postgresql');
  const read = sqliteInspectionList(sqlite);
  let nonEmpty = 0;
  for (const filter of filters()) {
    const expected = await inspectionListWithPrisma(prisma, filter);
    expect({ filter, page: read(filter) }).toEqual({ filter, page: expected });
    if (expected.items.length > 0) nonEmpty++;
  }
  // The comparison ran over real pages, not only empty ones.
  expect(nonEmpty).toBeGreaterThan(30);
});

test('the list is what the rows say: filters, reach, order, departments and finding counts', async () => {
  const all = await inspectionListWithPrisma(prisma, { townships: null, page: 1, pageSize: 100 });
  const rows = await prisma.jointInspection.findMany({ include: { target: true, _count: { select: { findings: true } }, checks: true } });
  expect(all.total).toBe(rows.length);
  const sortKey = (r: { scheduledFor: Date; createdAt: Date; id: string }) => `${r.scheduledFor.toISOString()}|${r.createdAt.toISOString()}|${r.id}`;
  expect(all.items.map((i) => i.id)).toEqual([...rows].sort((a, b) => sortKey(b).localeCompare(sortKey(a))).map((r) => r.id));
  for (const item of all.items) {
    const row = rows.find((r) => r.id === item.id)!;
    expect(item.findings).toBe(row._count.findings);
    expect(item.departments).toHaveLength(row.checks.length);
  }
  expect(all.items.some((i) => i.findings === 2)).toBe(true);

  const reach = [townshipIds[0]];
  const within = await inspectionListWithPrisma(prisma, { townships: reach, page: 1, pageSize: 100 });
  expect(within.total).toBe(rows.filter((r) => r.target.townshipId === townshipIds[0]).length);
  expect(within.total).toBeGreaterThan(0);
  expect((await inspectionListWithPrisma(prisma, { townships: [], page: 1, pageSize: 100 })).total).toBe(0);
  const market = await inspectionListWithPrisma(prisma, { townships: null, departmentCode: 'MARKET', page: 1, pageSize: 100 });
  expect(market.items.every((i) => i.departments.some((d) => d.code === 'MARKET'))).toBe(true);
  expect(market.total).toBeLessThan(all.total);
  const closedInRange = await inspectionListWithPrisma(prisma, { townships: null, status: 'CLOSED', from: '2026-03-02', to: '2026-03-04', page: 1, pageSize: 100 });
  expect(closedInRange.items.every((i) => i.status === 'CLOSED' && i.scheduledFor >= '2026-03-02' && i.scheduledFor <= '2026-03-04')).toBe(true);
  expect(closedInRange.items.every((i) => i.closedAt !== null && i.checkInAt !== null)).toBe(true);
});
