/**
 * The read cache (api/read-cache.ts) on a real SQLite file, its clock held by the test: a value
 * is answered from memory while the database has not changed, or while it is younger than its
 * maximum age; past half that age a changed database is recounted in the background while the
 * cached value is still answered, so no reader waits for the recount and none gets a value
 * older than the maximum age. The side connection's township and department reads answer as
 * the rows say. SQLite only (without a SQLite file nothing is cached; on PostgreSQL the test says so).
 */
import { afterAll, expect, test } from '@jest/globals';
import { createReadCache } from '../../api/read-cache';
import { createTestDatabase, testDatabaseProvider } from '../support/harness';

const db = createTestDatabase();
const { prisma } = db;
let now = 1_000_000;
const cache = createReadCache(testDatabaseProvider() === 'sqlite' ? db.url : undefined, { now: () => now });
afterAll(async () => {
  cache.close();
  await prisma.$disconnect();
});

/** Any committed write moves SQLite's data_version, as the worker's writes do. */
const write = () => prisma.department.updateMany({ where: { code: 'MARKET' }, data: { shortName: `市场${now}` } });

test('a counted value is answered until the database changes; past half its maximum age it is recounted in the background', async () => {
  if (testDatabaseProvider() !== 'sqlite') return expect(cache.inspectionList({ townships: null, page: 1, pageSize: 1 })).toBeNull();
  let counted = 0;
  let release: () => void = () => undefined;
  const count = (gate = false) =>
    new Promise<number>((resolve) => {
      const n = ++counted;
      if (gate) release = () => resolve(n);
      else resolve(n);
    });
  const memo = (gate = false) => cache.memo('figures', () => count(gate), { maxAgeMs: 1_000 });

  expect(await memo()).toBe(1);
  now += 900;
  expect(await memo()).toBe(1); // nothing changed: the same value at any age
  await write();
  now = 1_000_000 + 400;
  expect(await memo()).toBe(1); // changed, but younger than half the maximum age: no recount yet
  expect(counted).toBe(1);

  now = 1_000_000 + 600;
  const during = memo(true); // past half: the recount starts, the reader is answered at once
  expect(await during).toBe(1);
  expect(counted).toBe(2);
  expect(await memo(true)).toBe(1); // one recount at a time
  expect(counted).toBe(2);
  release();
  await new Promise((r) => setImmediate(r));
  expect(await memo()).toBe(2); // the recount's value, dated when it started
  expect(counted).toBe(2);

  // Changed and older than the maximum age: counted before answering.
  await write();
  now += 1_000;
  expect(await memo()).toBe(3);

  // A failed recount is not remembered: the cached value stands until it expires.
  await write();
  now += 600;
  const failing = cache.memo('figures', () => Promise.reject(new Error('busy')), { maxAgeMs: 1_000 });
  expect(await failing).toBe(3);
  await new Promise((r) => setImmediate(r));
  now += 500;
  expect(await memo()).toBe(4);
});

test('without a maximum age every change is counted before answering', async () => {
  if (testDatabaseProvider() !== 'sqlite') return;
  let counted = 0;
  const memo = () => cache.memo('list', () => Promise.resolve(++counted));
  expect(await memo()).toBe(1);
  expect(await memo()).toBe(1);
  await write();
  expect(await memo()).toBe(2);
});

test("the side connection reads an inspection's township and departments as the rows say", async () => {
  if (testDatabaseProvider() !== 'sqlite') return expect([cache.inspectionTownship('x'), cache.inspectionDepartments('x')]).toEqual([null, null]);
  expect(cache.inspectionTownship('no-such-inspection')).toBe('missing');
  const [target, scenario, officer] = await Promise.all([
    prisma.target.findFirstOrThrow({ where: { townshipId: { not: null } } }),
    prisma.scenario.findFirstOrThrow(),
    prisma.officer.findFirstOrThrow(),
  ]);
  const at = new Date('2026-03-01T00:00:00.000Z');
  await prisma.jointInspection.create({
    data: { id: 'rc-1', workflowId: 'inspection-rc-1', targetId: target.id, scenarioId: scenario.id, scheduledFor: at, status: 'SCHEDULED', scheduledById: officer.id, createdAt: at, updatedAt: at },
  });
  expect(cache.inspectionTownship('rc-1')).toEqual({ townshipId: target.townshipId });
  expect(cache.inspectionDepartments('rc-1')).toEqual([]);
  expect(cache.inspectionDepartments('no-such-inspection')).toBe('missing');
  const departments = await prisma.department.findMany({ where: { code: { in: ['MARKET', 'FIRE'] } } });
  await prisma.departmentCheck.createMany({ data: departments.map((d) => ({ inspectionId: 'rc-1', departmentId: d.id })) });
  expect([...(cache.inspectionDepartments('rc-1') as string[])].sort()).toEqual(['FIRE', 'MARKET']);
  await prisma.target.update({ where: { id: target.id }, data: { townshipId: null } });
  expect(cache.inspectionTownship('rc-1')).toEqual({ townshipId: null });
});
