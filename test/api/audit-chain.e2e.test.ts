/**
 * The tamper-evident audit history over the real stack: a joint inspection driven to CLOSED by
 * the real worker leaves a chain that verifies clean (ADMIN route and `npm run audit:verify`);
 * then a row is edited, deleted and inserted directly in the database (raw SQL through Prisma,
 * as someone with database access would) and each time the verifier names that row. Each
 * tampering is undone before the next, and the chain verifies clean again.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { assignmentsFor, compliantResults, officerByKey } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';
import { appendAudit, auditEventHash, GENESIS_HASH } from '../../db';

const stack = useTestStack({ officers: ['coordinator-2', 'market-1', 'fire-1', 'admin'] });
const { prisma, http, tokens } = stack;
const today = chinaDate(new Date().toISOString());

const verify = async () => {
  const res = await http('GET', '/api/admin/audit/verify', { token: tokens.admin });
  expect(res.status).toBe(200);
  return res.body;
};

/** A chained event in the middle of the chain (not the first, not the last). */
async function middleEvent() {
  const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 'county' } });
  return prisma.auditEvent.findFirstOrThrow({ where: { seq: Math.ceil(head.seq / 2) } });
}

beforeAll(async () => {
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const scheduled = await http('POST', '/api/inspections', {
    token: tokens['coordinator-2'],
    body: {
      targetId: target.id,
      scenarioCode: 'RESTAURANT',
      scheduledFor: today,
      departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
      team: [{ officerId: market.id, isLead: true }, { officerId: fire.id }],
    },
  });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id;
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id } })).toBe(1));
  expect((await http('POST', `/api/inspections/${id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } })).status).toBe(200);
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  expect((await http('PUT', `/api/inspections/${id}/checks/MARKET`, { token: tokens['market-1'], body: { results: compliantResults(marketItems) } })).status).toBe(200);
  expect((await http('PUT', `/api/inspections/${id}/checks/FIRE`, { token: tokens['fire-1'], body: { results: compliantResults(fireItems) } })).status).toBe(200);
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED'));
});

test('a real workflow run leaves a whole chain: dense seqs, each linked to the one before, the head on the last', async () => {
  const events = await prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
  expect(events.length).toBeGreaterThan(4);
  expect(events.every((e) => e.seq !== null && e.hash && e.prevHash)).toBe(true);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events[0].prevHash).toBe(GENESIS_HASH);
  for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
  expect(events.some((e) => e.subjectType === 'JointInspection' && e.action)).toBe(true);
  const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 'county' } });
  expect(head).toMatchObject({ seq: events.length, hash: events.at(-1)!.hash });

  const report = await verify();
  expect(report).toMatchObject({ ok: true, events: events.length, firstBroken: null, breaks: [], head: { seq: events.length } });
});

test('only ADMIN may verify', async () => {
  expect((await http('GET', '/api/admin/audit/verify', { token: tokens['coordinator-2'] })).status).toBe(403);
  expect((await http('GET', '/api/admin/audit/verify')).status).toBe(401);
});

test('an edited row is named: its content no longer matches its hash', async () => {
  const victim = await middleEvent();
  await prisma.$executeRaw`UPDATE "AuditEvent" SET "actorName" = ${'某某'} WHERE "id" = ${victim.id}`;
  const report = await verify();
  expect(report.ok).toBe(false);
  expect(report.firstBroken).toMatchObject({ kind: 'HASH_MISMATCH', suspected: 'EDITED', eventId: victim.id, seq: victim.seq, position: victim.seq });
  expect(report.firstBroken.message).toContain('被改动');
  expect(report.breaks).toHaveLength(1);

  // Re-hashing the edited row does not hide it: the next event's link names the place.
  const rehashed = auditEventHash({ ...victim, actorName: '某某', seq: victim.seq!, prevHash: victim.prevHash! });
  await prisma.$executeRaw`UPDATE "AuditEvent" SET "hash" = ${rehashed} WHERE "id" = ${victim.id}`;
  const next = await prisma.auditEvent.findFirstOrThrow({ where: { seq: victim.seq! + 1 } });
  expect((await verify()).firstBroken).toMatchObject({ kind: 'LINK_MISMATCH', eventId: next.id, seq: next.seq });

  await prisma.$executeRaw`UPDATE "AuditEvent" SET "actorName" = ${victim.actorName}, "hash" = ${victim.hash} WHERE "id" = ${victim.id}`;
  expect((await verify()).ok).toBe(true);
});

test('a deleted row is named: a gap in the sequence before the next event', async () => {
  const victim = await middleEvent();
  await prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${victim.id}`;
  const next = await prisma.auditEvent.findFirstOrThrow({ where: { seq: victim.seq! + 1 } });
  const report = await verify();
  expect(report.ok).toBe(false);
  expect(report.firstBroken).toMatchObject({ kind: 'GAP', suspected: 'DELETED', eventId: next.id, seq: next.seq, missing: { from: victim.seq, to: victim.seq } });
  expect(report.firstBroken.message).toContain(`第 ${victim.seq} 号事件缺失`);

  await prisma.auditEvent.createMany({ data: [victim] });
  expect((await verify()).ok).toBe(true);

  // The last event deleted: the head still names it.
  const last = await prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
  await prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${last.id}`;
  expect((await verify()).firstBroken).toMatchObject({ kind: 'TRUNCATED', suspected: 'DELETED', seq: last.seq, missing: { from: last.seq, to: last.seq } });
  await prisma.auditEvent.createMany({ data: [last] });
  expect((await verify()).ok).toBe(true);
});

test('an inserted row is named: without a place in the chain, or with a link that does not match', async () => {
  const at = new Date();
  await prisma.$executeRaw`INSERT INTO "AuditEvent" ("id", "action", "subjectType", "subjectId", "at", "payloadJson") VALUES (${'forged-1'}, ${'CHECKS_SUBMITTED'}, ${'JointInspection'}, ${'x'}, ${at}, ${'{}'})`;
  let report = await verify();
  expect(report.ok).toBe(false);
  expect(report.firstBroken).toMatchObject({ kind: 'UNCHAINED', suspected: 'INSERTED', eventId: 'forged-1', seq: null });
  await prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${'forged-1'}`;

  // Someone who knows the scheme appends a row at the end, but cannot link it to the real last event unseen.
  const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 'county' } });
  const seq = head.seq + 1;
  const content = { id: 'forged-2', idempotencyKey: null, actorId: null, actorName: null, action: 'CHECKS_SUBMITTED', subjectType: 'JointInspection', subjectId: 'x', at, payloadJson: '{}' };
  const prevHash = 'f'.repeat(64);
  const hash = auditEventHash({ ...content, seq, prevHash });
  await prisma.$executeRaw`INSERT INTO "AuditEvent" ("id", "action", "subjectType", "subjectId", "at", "payloadJson", "seq", "prevHash", "hash") VALUES (${'forged-2'}, ${'CHECKS_SUBMITTED'}, ${'JointInspection'}, ${'x'}, ${at}, ${'{}'}, ${seq}, ${prevHash}, ${hash})`;
  report = await verify();
  expect(report.firstBroken).toMatchObject({ kind: 'LINK_MISMATCH', suspected: 'INSERTED', eventId: 'forged-2', seq, position: seq });
  // Correctly linked but past the head: still named.
  const linked = auditEventHash({ ...content, seq, prevHash: head.hash });
  await prisma.$executeRaw`UPDATE "AuditEvent" SET "prevHash" = ${head.hash}, "hash" = ${linked} WHERE "id" = ${'forged-2'}`;
  expect((await verify()).firstBroken).toMatchObject({ kind: 'BEYOND_HEAD', eventId: 'forged-2', seq });
  await prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${'forged-2'}`;
  expect((await verify()).ok).toBe(true);
});

test('appends of many writers at once keep one dense chain', async () => {
  const before = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 'county' } });
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => appendAudit(prisma, { action: 'PROBE', subjectType: 'Probe', subjectId: String(i), at: new Date(), payload: { i, b: { z: 1, a: 2 } } })),
  );
  const after = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 'county' } });
  expect(after.seq).toBe(before.seq + 20);
  expect((await verify()).ok).toBe(true);
});

test('npm run audit:verify names the same break, with exit code 1', async () => {
  const run = () => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/audit-verify.ts'], { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, DATABASE_URL: stack.db.url }, encoding: 'utf8' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string };
      return { code: e.status, out: e.stdout };
    }
  };
  const clean = run();
  expect(clean).toMatchObject({ code: 0, out: expect.stringContaining('audit chain OK') });
  const victim = await middleEvent();
  await prisma.$executeRaw`UPDATE "AuditEvent" SET "payloadJson" = ${'{"edited":true}'} WHERE "id" = ${victim.id}`;
  const broken = run();
  expect(broken.code).toBe(1);
  expect(broken.out).toContain(`HASH_MISMATCH (EDITED) event ${victim.id} seq ${victim.seq}`);
  await prisma.$executeRaw`UPDATE "AuditEvent" SET "payloadJson" = ${victim.payloadJson} WHERE "id" = ${victim.id}`;
});
