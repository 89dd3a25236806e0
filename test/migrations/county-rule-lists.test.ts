/**
 * The 首违不罚 list and the frequency caps as published versions (migration *_county_rule_lists):
 * upgrading a county from before keeps its list (the items flagged noPenaltyListed) and the
 * shipped caps as published version 1, in effect from 2000-01-01, and its findings and plans keep
 * working; a database without a catalog gets nothing from the migration. A fresh database gets the
 * same version 1 from the seed, which never adds or overwrites a version again.
 * On the database the suite runs on (SQLite file, or a PostgreSQL database).
 */
import { createPrismaClient, frequencyCapsInEffect, noPenaltyListedOn } from '../../db';
import { contentJsonOf } from '../../domain/county-rules';
import { DEFAULT_FREQUENCY_CAPS } from '../../domain/planning';
import { INITIAL_LIST_EFFECTIVE_FROM } from '../../domain/scenario-lists';
import { seedCatalog } from '../../prisma/seed';
import * as shipped from '../../prisma/seed-data/catalog';
import { createTestDatabase } from '../support/harness';
import { upgradedDatabase } from '../support/upgrade';

const MIGRATION = 'county_rule_lists';

// A county from before: two listed items (inserted out of code order), one not, a finding and a plan.
const OLD_ROWS = (now: string, yes: string) => `
INSERT INTO "Department" ("id", "code", "name", "shortName") VALUES ('d1', 'MARKET', '市场监督管理所', '市场');
INSERT INTO "CheckItem" ("id", "code", "departmentId", "title", "legalBasis", "method", "measurementKind", "severity", "noPenaltyListed")
  VALUES ('c2', 'MARKET-12', 'd1', '亮照经营', '《条例》第三条', '查看', 'NONE', 'MINOR', ${yes}),
         ('c1', 'MARKET-01', 'd1', '健康证', '《食品安全法》第四十五条', '查看', 'NONE', 'MODERATE', NOT ${yes}),
         ('c3', 'MARKET-03', 'd1', '公示', '《条例》第五条', '查看', 'NONE', 'MINOR', ${yes});
INSERT INTO "Plan" ("id", "name", "periodStart", "periodEnd", "status", "createdById", "capsJson", "capacityJson", "createdAt", "updatedAt")
  VALUES ('p1', '计划', ${now}, ${now}, 'DRAFT', 'o1', '{"perDepartment":{},"defaultPerDepartment":null,"visitsPerTarget":4}', '{}', ${now}, ${now});
`;

test('an existing county keeps its 首违不罚 list and the shipped caps as published version 1', async () => {
  const prisma = createPrismaClient(await upgradedDatabase({ migration: MIGRATION, name: 'rules_upgrade', oldRows: (d) => (d === 'postgresql' ? OLD_ROWS('now()', 'true') : OLD_ROWS(`'2026-03-01T00:00:00.000Z'`, '1')) }));
  try {
    const versions = await prisma.countyRuleVersion.findMany({ orderBy: { kind: 'asc' } });
    expect(versions.map((v) => [v.kind, v.version, v.status, v.effectiveFrom])).toEqual([
      ['FREQUENCY_CAPS', 1, 'PUBLISHED', INITIAL_LIST_EFFECTIVE_FROM],
      ['NO_PENALTY_LIST', 1, 'PUBLISHED', INITIAL_LIST_EFFECTIVE_FROM],
    ]);
    // The same text the API and the seed write (sorted codes, caps in key order).
    const [caps, list] = versions;
    expect(list.contentJson).toBe(contentJsonOf({ kind: 'NO_PENALTY_LIST', itemCodes: ['MARKET-12', 'MARKET-03'] }));
    expect(caps.contentJson).toBe(contentJsonOf({ kind: 'FREQUENCY_CAPS', caps: DEFAULT_FREQUENCY_CAPS }));
    expect(versions.every((v) => !Number.isNaN(v.createdAt.getTime()) && v.publishedAt !== null)).toBe(true);

    // What the readers see is what the county had.
    expect(await noPenaltyListedOn(prisma, 'MARKET-12', '2026-03-01')).toBe(true);
    expect(await noPenaltyListedOn(prisma, 'MARKET-01', '2026-03-01')).toBe(false);
    expect(await frequencyCapsInEffect(prisma, '2026-03-01')).toEqual(DEFAULT_FREQUENCY_CAPS);
    expect(JSON.parse((await prisma.plan.findUniqueOrThrow({ where: { id: 'p1' } })).capsJson)).toMatchObject({ visitsPerTarget: 4 });
  } finally {
    await prisma.$disconnect();
  }
});

test('a database without a catalog gets no version from the migration (the seed makes them)', async () => {
  const prisma = createPrismaClient(await upgradedDatabase({ migration: MIGRATION, name: 'rules_empty', oldRows: () => null }));
  try {
    expect(await prisma.countyRuleVersion.count()).toBe(0);
  } finally {
    await prisma.$disconnect();
  }
});

describe('the seed', () => {
  const { prisma } = createTestDatabase();
  afterAll(() => prisma.$disconnect());

  test('a fresh database gets the shipped list and caps as version 1, the same text the migration writes', async () => {
    const versions = await prisma.countyRuleVersion.findMany({ orderBy: { kind: 'asc' } });
    expect(versions.map((v) => [v.kind, v.version, v.status, v.effectiveFrom])).toEqual([
      ['FREQUENCY_CAPS', 1, 'PUBLISHED', INITIAL_LIST_EFFECTIVE_FROM],
      ['NO_PENALTY_LIST', 1, 'PUBLISHED', INITIAL_LIST_EFFECTIVE_FROM],
    ]);
    expect(JSON.parse(versions[1].contentJson)).toEqual([...shipped.noPenaltyList].sort());
    expect(versions[0].contentJson).toBe(contentJsonOf({ kind: 'FREQUENCY_CAPS', caps: DEFAULT_FREQUENCY_CAPS }));
    // The flag the migration reads and the list agree on a fresh database.
    const flagged = await prisma.checkItem.findMany({ where: { noPenaltyListed: true }, select: { code: true }, orderBy: { code: 'asc' } });
    expect(versions[1].contentJson).toBe(JSON.stringify(flagged.map((i) => i.code).sort()));
  });

  test('seeding again, even with another shipped list, never adds or changes a version', async () => {
    const before = await prisma.countyRuleVersion.findMany({ orderBy: { id: 'asc' } });
    await seedCatalog(prisma, { ...shipped, noPenaltyList: shipped.noPenaltyList.slice(1) });
    expect(await prisma.countyRuleVersion.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });
});
