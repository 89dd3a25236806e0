/**
 * Where SQLite and PostgreSQL differ, the app behaves the same: this file runs in `npm test`
 * (SQLite) and in `npm run test:pg` (PostgreSQL) against the suite's real database.
 *   - time: instants are stored in UTC whatever the session's or the process's time zone, so
 *     a China day's range (00:00+08:00 = 16:00Z the day before) counts the same rows;
 *   - data types: text in Chinese, bytes, booleans, large integers, milliseconds come back equal;
 *   - search: "contains" ignores the case of Latin letters on both (a credit code typed in
 *     lower case finds its business);
 *   - unique violations: attempts racing on one idempotency key write once, the others return false;
 *   - isolation: overlapping writes of a workflow's state keep the newest version, on PostgreSQL's
 *     read committed as on SQLite's one-writer-at-a-time.
 */
import { afterAll, expect, test } from '@jest/globals';
import { Client } from 'pg';
import { createCatalogService } from '../../api/services/catalog';
import { databaseProviderOf, storeWorkflowState, writeOnce } from '../../db';
import { createTestDatabase, testDatabaseProvider } from '../support/harness';

const db = createTestDatabase();
const { prisma } = db;
afterAll(() => prisma.$disconnect());

test('the suite runs on the database it says', () => {
  expect(databaseProviderOf(prisma)).toBe(testDatabaseProvider());
});

test('an instant near a China midnight is stored in UTC and counted in its China day', async () => {
  // 2027-01-01 00:30 in China is still 2026-12-31 in UTC.
  const at = new Date('2026-12-31T16:30:00.123Z');
  await prisma.auditEvent.create({ data: { action: 'TZ_PROBE', subjectType: 'Probe', subjectId: 'tz', at } });
  const read = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'TZ_PROBE' } });
  expect(read.at.toISOString()).toBe('2026-12-31T16:30:00.123Z');
  const chinaNewYearsDay = { gte: new Date('2026-12-31T16:00:00Z'), lt: new Date('2027-01-01T16:00:00Z') };
  expect(await prisma.auditEvent.count({ where: { action: 'TZ_PROBE', at: chinaNewYearsDay } })).toBe(1);
  expect(await prisma.auditEvent.count({ where: { action: 'TZ_PROBE', at: { lt: new Date('2026-12-31T16:00:00Z') } } })).toBe(0);

  if (testDatabaseProvider() === 'postgresql') {
    // A session in China's time zone (a DBA's psql, another program) sees the same instant.
    const client = new Client({ connectionString: db.url, options: '-c TimeZone=Asia/Shanghai' });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT "at"::text AS stored, "at" AS instant FROM "AuditEvent" WHERE action = 'TZ_PROBE'`);
      expect(rows[0].stored).toBe('2026-12-31 16:30:00.123');
      expect((rows[0].instant as Date).toISOString()).toBe('2026-12-31T16:30:00.123Z');
    } finally {
      await client.end();
    }
  } else {
    const [row] = await prisma.$queryRaw<{ stored: string }[]>`SELECT CAST("at" AS TEXT) AS stored FROM "AuditEvent" WHERE action = 'TZ_PROBE'`;
    expect(String(row.stored)).toMatch(/^2026-12-31T16:30:00\.123(Z|\+00:00)$/);
  }
});

test('text, bytes, booleans and integers come back as written', async () => {
  const target = await prisma.target.findFirstOrThrow();
  const scenario = await prisma.scenario.findFirstOrThrow();
  const now = new Date();
  const inspection = await prisma.jointInspection.create({
    data: {
      id: 'types-probe',
      workflowId: 'types-probe',
      targetId: target.id,
      scenarioId: scenario.id,
      scheduledFor: new Date('2026-12-31T00:00:00Z'),
      status: 'CANCELLED',
      scheduledById: 'probe',
      createdAt: now,
      updatedAt: now,
    },
  });
  const text = '责令改正通知书：餐饮店后厨“三防”设施缺失 — 𠀀 emoji 🙂';
  const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
  await prisma.auditEvent.create({
    data: { action: 'TYPES_PROBE', subjectType: 'Probe', subjectId: inspection.id, at: new Date(), payloadJson: JSON.stringify({ text }) },
  });
  const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'TYPES_PROBE' } });
  expect(JSON.parse(event.payloadJson).text).toBe(text);

  const item = await prisma.checkItem.findFirstOrThrow({ where: { noPenaltyListed: true } });
  expect(item.noPenaltyListed).toBe(true);
  const state = { workflowId: 'types-probe', version: 2_000_000_000, stateJson: text };
  await prisma.$transaction((tx) => storeWorkflowState(tx, state));
  expect(await prisma.workflowState.findUniqueOrThrow({ where: { workflowId: 'types-probe' } })).toMatchObject({
    version: 2_000_000_000,
    stateJson: text,
  });
  await prisma.issuedDocument.create({
    data: {
      id: 'types-probe',
      kind: 'INSPECTION_RECORD',
      inspectionId: inspection.id,
      number: '探针〔2026〕第1号',
      year: 2026,
      serial: 999_999,
      sourceDigest: 'probe',
      sha256: 'probe',
      sizeBytes: bytes.length,
      content: bytes,
      fileName: `${text}.docx`,
      createdById: 'probe',
      createdAt: new Date(),
    },
  });
  const document = await prisma.issuedDocument.findUniqueOrThrow({ where: { id: 'types-probe' } });
  expect([...document.content]).toEqual([...bytes]);
  expect(document.fileName).toBe(`${text}.docx`);
});

test('the targets search ignores the case of Latin letters on both databases', async () => {
  const target = await prisma.target.findFirstOrThrow({ where: { creditCode: { not: '' } }, orderBy: { id: 'asc' } });
  const part = target.creditCode.slice(2, 10);
  expect(part).toMatch(/[A-Z0-9]{8}/);
  const catalog = createCatalogService(prisma);
  const upper = await catalog.targets({ townships: null }, { q: part.toUpperCase() });
  const lower = await catalog.targets({ townships: null }, { q: part.toLowerCase() });
  expect(upper.map((t) => t.id)).toContain(target.id);
  expect(lower.map((t) => t.id)).toEqual(upper.map((t) => t.id));
});

test('attempts racing on one idempotency key write exactly once', async () => {
  const key = `race-${Date.now()}`;
  let writes = 0;
  const attempt = () =>
    writeOnce(prisma, key, { action: 'RACE_PROBE', subjectType: 'Probe', subjectId: key, at: new Date() }, async (tx) => {
      writes++;
      await tx.auditEvent.create({ data: { action: 'RACE_ROW', subjectType: 'Probe', subjectId: key, at: new Date() } });
    });
  const results = await Promise.all(Array.from({ length: 8 }, attempt));
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(await prisma.auditEvent.count({ where: { idempotencyKey: key } })).toBe(1);
  expect(await prisma.auditEvent.count({ where: { action: 'RACE_ROW', subjectId: key } })).toBe(1);
  // Later attempts find the key and write nothing.
  expect(await attempt()).toBe(false);
  expect(writes).toBeGreaterThanOrEqual(1);
});

test('overlapping writes of a workflow state keep the newest version', async () => {
  const workflowId = `isolation-${Date.now()}`;
  const versions = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 1, 10];
  await Promise.all(
    versions.map((version) => prisma.$transaction((tx) => storeWorkflowState(tx, { workflowId, version, stateJson: `v${version}` }))),
  );
  expect(await prisma.workflowState.findUniqueOrThrow({ where: { workflowId } })).toMatchObject({ version: 10, stateJson: 'v10' });
  await prisma.$transaction((tx) => storeWorkflowState(tx, { workflowId, version: 4, stateJson: 'v4' }));
  expect(await prisma.workflowState.findUniqueOrThrow({ where: { workflowId } })).toMatchObject({ version: 10, stateJson: 'v10' });
});
