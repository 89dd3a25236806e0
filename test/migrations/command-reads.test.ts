/**
 * The reads the API's commands make in raw SQL (db/command-reads.ts, the list and rule versions
 * in effect, the year's ledger, a token's usability), on the suite's real database — `npm test`
 * on SQLite, `npm run test:pg` on PostgreSQL — each beside the Prisma model call it replaced,
 * on the same rows: the same answer, with the same types (dates as Date, flags as booleans).
 * Also the caller's officer a token or a browser session is read with (db/tokens.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  ASSIGNMENT_INCLUDE,
  callerOfficer,
  findOfficerByToken,
  countyRuleInEffect,
  hashToken,
  inspectionHead,
  issueToken,
  LIST_VERSION_INCLUDE,
  scenarioByCode,
  scenarioListInEffect,
  targetById,
  targetLedgers,
  teamOfficers,
  tokenUsable,
  visitsOfTargetBetween,
  type Prisma,
  type PrismaClient,
} from '../../db';
import type { TargetLedger } from '../../domain/planning';
import { versionInEffect } from '../../domain/scenario-lists';
import type { CountyRuleKind } from '../../domain/county-rules';
import { columnOfDate } from '../../domain/dates';
import { createTestDatabase } from '../support/harness';

const { prisma } = createTestDatabase();
afterAll(() => prisma.$disconnect());

/** The model calls the raw reads replaced, as they were. */
const before = {
  async scenarioListInEffect(db: PrismaClient, scenarioId: string, date: string) {
    const published = await db.scenarioListVersion.findMany({
      where: { scenarioId, status: 'PUBLISHED', effectiveFrom: { lte: date } },
      select: { id: true, version: true, status: true, effectiveFrom: true },
    });
    const chosen = versionInEffect(published, date);
    return chosen ? db.scenarioListVersion.findUniqueOrThrow({ where: { id: chosen.id }, include: LIST_VERSION_INCLUDE }) : null;
  },
  async countyRuleInEffect(db: PrismaClient, kind: CountyRuleKind, onDate: string) {
    const published = await db.countyRuleVersion.findMany({
      where: { kind, status: 'PUBLISHED', effectiveFrom: { lte: onDate } },
      select: { id: true, version: true, status: true, effectiveFrom: true },
    });
    const chosen = versionInEffect(published, onDate);
    return chosen ? db.countyRuleVersion.findUniqueOrThrow({ where: { id: chosen.id } }) : null;
  },
  async targetLedgers(db: PrismaClient, targetIds: string[], year: number): Promise<Record<string, TargetLedger>> {
    const inspections = await db.jointInspection.findMany({
      where: { targetId: { in: targetIds }, status: { not: 'CANCELLED' }, scheduledFor: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) } },
      select: { targetId: true, checks: { select: { department: { select: { code: true } } } } },
    });
    const ledger: Record<string, TargetLedger> = {};
    for (const i of inspections) {
      const entry = (ledger[i.targetId] ??= { visits: 0, checksByDepartment: {} });
      entry.visits++;
      for (const c of i.checks) entry.checksByDepartment[c.department.code] = (entry.checksByDepartment[c.department.code] ?? 0) + 1;
    }
    return ledger;
  },
};

let targetIds: string[];
let scheduledById: string;

/** A visit of a business on a day, with checks of the departments named. */
async function visit(targetId: string, day: string, status: string, departmentCodes: string[]): Promise<string> {
  const id = `reads-${randomUUID()}`;
  const scenario = await prisma.scenario.findFirstOrThrow();
  const at = new Date('2026-01-01T00:00:00Z');
  await prisma.jointInspection.create({
    data: {
      id, workflowId: `wf-${id}`, targetId, scenarioId: scenario.id, scheduledFor: columnOfDate(day), status: status as never, scheduledById, createdAt: at, updatedAt: at,
      checks: { create: await Promise.all(departmentCodes.map(async (code) => ({ departmentId: (await prisma.department.findUniqueOrThrow({ where: { code } })).id }))) },
    },
  });
  return id;
}

beforeAll(async () => {
  targetIds = (await prisma.target.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take: 3 })).map((t) => t.id);
  scheduledById = (await prisma.officer.findFirstOrThrow()).id;
  const [a, b, c] = targetIds;
  await visit(a, '2027-01-01', 'SCHEDULED', ['MARKET', 'FIRE']);
  await visit(a, '2027-12-31', 'CLOSED', ['MARKET']);
  await visit(a, '2027-06-01', 'CANCELLED', ['MARKET']);
  await visit(a, '2026-12-31', 'CLOSED', ['FIRE']);
  await visit(a, '2028-01-01', 'SCHEDULED', ['FIRE']);
  await visit(b, '2027-03-03', 'ON_SITE', []);
  await visit(c, '2027-03-04', 'SCHEDULED', ['FIRE']);
});

describe('the ledger of a year', () => {
  test('counts what the model call counted: visits not cancelled in the year, a visit without checks too', async () => {
    const [a, b, c] = targetIds;
    const ledger = await targetLedgers(prisma, targetIds, 2027);
    expect(ledger).toEqual(await before.targetLedgers(prisma, targetIds, 2027));
    expect(ledger[a]).toEqual({ visits: 2, checksByDepartment: { MARKET: 2, FIRE: 1 } });
    expect(ledger[b]).toEqual({ visits: 1, checksByDepartment: {} });
    expect(ledger[c]).toEqual({ visits: 1, checksByDepartment: { FIRE: 1 } });
    expect(await targetLedgers(prisma, [], 2027)).toEqual({});
  });

  test('more businesses than one statement takes', async () => {
    const many = [...Array.from({ length: 1_200 }, (_, i) => `no-such-target-${i}`), ...targetIds];
    expect(await targetLedgers(prisma, many, 2027)).toEqual(await before.targetLedgers(prisma, targetIds, 2027));
  });
});

test("a business's visits in a status between two days, the days included", async () => {
  const [a] = targetIds;
  const visits = await visitsOfTargetBetween(prisma, { targetId: a, status: 'SCHEDULED', from: columnOfDate('2027-01-01'), to: columnOfDate('2028-01-01') });
  expect(visits.map((v) => [v.scheduledFor.toISOString().slice(0, 10), v.departmentCodes.sort()]).sort()).toEqual([
    ['2027-01-01', ['FIRE', 'MARKET']],
    ['2028-01-01', ['FIRE']],
  ]);
  expect(await visitsOfTargetBetween(prisma, { targetId: a, status: 'SCHEDULED', from: columnOfDate('2027-01-02'), to: columnOfDate('2027-12-31') })).toEqual([]);
  const [withoutChecks] = await visitsOfTargetBetween(prisma, { targetId: targetIds[1], status: 'ON_SITE', from: columnOfDate('2027-03-03'), to: columnOfDate('2027-03-03') });
  expect(withoutChecks).toMatchObject({ status: 'ON_SITE', departmentCodes: [] });
  expect(withoutChecks.scheduledFor).toBeInstanceOf(Date);
});

test('the scenario list and the county rules in effect: the rows the model calls read', async () => {
  const scenarios = await prisma.scenario.findMany();
  for (const date of ['2020-01-01', '2026-12-07', '2027-06-01']) {
    for (const s of scenarios) expect(await scenarioListInEffect(prisma, s.id, date)).toEqual(await before.scenarioListInEffect(prisma, s.id, date));
    for (const kind of ['FREQUENCY_CAPS', 'NO_PENALTY_LIST'] as const) expect(await countyRuleInEffect(prisma, kind, date)).toEqual(await before.countyRuleInEffect(prisma, kind, date));
  }
  const list = await scenarioListInEffect(prisma, scenarios[0].id, '2027-06-01');
  expect(list?.items.length).toBeGreaterThan(0);
  expect(typeof list?.version).toBe('number');
});

test('a business, a scenario and a visit by key: the rows the model calls read', async () => {
  const target = await prisma.target.findFirstOrThrow({ where: { latitude: { not: null } } });
  expect(await targetById(prisma, target.id)).toEqual(target);
  expect(await targetById(prisma, 'no-such-target')).toBeNull();
  const scenario = await prisma.scenario.findFirstOrThrow();
  expect(await scenarioByCode(prisma, scenario.code)).toEqual(scenario);
  expect(await scenarioByCode(prisma, 'NO_SUCH_SCENARIO')).toBeNull();
  const id = await visit(targetIds[2], '2027-05-05', 'FOLLOW_UP', []);
  expect(await inspectionHead(prisma, id)).toEqual({ status: 'FOLLOW_UP', targetId: targetIds[2] });
  expect(await inspectionHead(prisma, 'no-such-visit')).toBeNull();
});

/** An officer row of the model call as the raw read returns it: its columns, department and townships (in order). */
function asTeamOfficer(o: Prisma.OfficerGetPayload<{ include: { department: true; townships: { select: { townshipId: true } } } }>) {
  return {
    id: o.id,
    name: o.name,
    certificateNo: o.certificateNo,
    certificateExpiresOn: o.certificateExpiresOn,
    countyWide: o.countyWide,
    legalQualified: o.legalQualified,
    active: o.active,
    department: o.department && { code: o.department.code, townshipId: o.department.townshipId },
    townships: inOrder(o.townships.map((t) => ({ townshipId: t.townshipId }))),
  };
}

/** Townships in one order on both sides (the raw read's ORDER BY follows each database's collation). */
function inOrder(townships: { townshipId: string }[]) {
  return [...townships].sort((a, b) => (a.townshipId < b.townshipId ? -1 : a.townshipId > b.townshipId ? 1 : 0));
}

const townshipsInOrder = <T extends { townships: { townshipId: string }[] }>(o: T): T => ({ ...o, townships: inOrder(o.townships) });

test('officers for a team: credentials, department and townships as the model call read them; the inactive left out unless asked', async () => {
  const officers = await prisma.officer.findMany({ include: ASSIGNMENT_INCLUDE, orderBy: { id: 'asc' } });
  const first = officers.find((o) => o.townships.length > 0)!;
  const [second, third] = officers.filter((o) => o !== first && o.department !== null);
  await prisma.officer.update({ where: { id: second.id }, data: { active: false } });
  const ids = [first.id, second.id, third.id, 'no-such-officer'];
  const expected = await prisma.officer.findMany({ where: { id: { in: ids } }, include: ASSIGNMENT_INCLUDE });
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect((await teamOfficers(prisma, ids, { activeOnly: false })).sort(byId).map(townshipsInOrder)).toEqual(expected.sort(byId).map(asTeamOfficer));
  expect((await teamOfficers(prisma, ids)).map((o) => o.id).sort()).toEqual([first.id, third.id].sort());
  expect((await teamOfficers(prisma, [first.id]))[0].townships.length).toBeGreaterThan(0);
  expect(await teamOfficers(prisma, [])).toEqual([]);
});

test("a token is usable until revoked or its officer deactivated", async () => {
  const officer = await prisma.officer.findFirstOrThrow({ where: { active: true } });
  const token = await issueToken(prisma, officer.id, 'reads');
  expect(await tokenUsable(prisma, hashToken(token))).toBe(true);
  await prisma.officer.update({ where: { id: officer.id }, data: { active: false } });
  expect(await tokenUsable(prisma, hashToken(token))).toBe(false);
  await prisma.officer.update({ where: { id: officer.id }, data: { active: true } });
  await prisma.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { revokedAt: new Date() } });
  expect(await tokenUsable(prisma, hashToken(token))).toBe(false);
  expect(await tokenUsable(prisma, hashToken('ov_no_such_token'))).toBe(false);
});

test("a caller's officer, as tokens and sessions read it: the rows the model include read, for every officer", async () => {
  const officers = await prisma.officer.findMany({ include: { roles: true, department: true, townships: { select: { townshipId: true } } }, orderBy: { id: 'asc' } });
  expect(officers.some((o) => o.roles.length > 1) && officers.some((o) => o.townships.length > 0) && officers.some((o) => o.department === null)).toBe(true);
  for (const o of officers) {
    const caller = await callerOfficer(prisma, o.id);
    expect(caller && townshipsInOrder(caller)).toEqual({ ...asTeamOfficer(o), roles: o.roles.map((r) => r.role).sort() });
  }
  expect(await callerOfficer(prisma, 'no-such-officer')).toBeNull();
});

test('a token finds its caller in the roles it was issued for, and none once revoked, expired or its officer deactivated', async () => {
  const officer = await prisma.officer.findFirstOrThrow({ where: { active: true, roles: { some: {} } }, include: { roles: true } });
  const roles = officer.roles.map((r) => r.role).sort();
  const token = await issueToken(prisma, officer.id, 'caller');
  expect(await findOfficerByToken(prisma, token)).toMatchObject({ officerId: officer.id, name: officer.name, roles, expiresAt: null });
  await prisma.apiTokenScope.create({ data: { token: { connect: { tokenHash: hashToken(token) } }, role: roles[0] } });
  expect((await findOfficerByToken(prisma, token))?.roles).toEqual([roles[0]]);
  const expiresAt = new Date('2026-06-01T00:00:00.000Z');
  await prisma.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt } });
  expect((await findOfficerByToken(prisma, token, new Date('2026-05-31T23:59:59.000Z')))?.expiresAt).toEqual(expiresAt);
  expect(await findOfficerByToken(prisma, token, expiresAt)).toBeNull();
  await prisma.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: null } });
  await prisma.officer.update({ where: { id: officer.id }, data: { active: false } });
  expect(await findOfficerByToken(prisma, token)).toBeNull();
  await prisma.officer.update({ where: { id: officer.id }, data: { active: true } });
  await prisma.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { revokedAt: new Date() } });
  expect(await findOfficerByToken(prisma, token)).toBeNull();
  expect(await findOfficerByToken(prisma, 'ov_no_such_token')).toBeNull();
});
