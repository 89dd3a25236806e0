/**
 * The seed and scenario-list versions: on a fresh database every shipped scenario has its list
 * published as version 1 (as the migration made it for older databases); a scenario a later
 * catalog adds gets its version 1 too; a later catalog never publishes a changed list by itself
 * (versions are the county's: draft, review, publication), and seeding again adds nothing.
 */
import { afterAll, expect, test } from '@jest/globals';
import { seedCatalog } from '../../prisma/seed';
import * as shipped from '../../prisma/seed-data/catalog';
import { INITIAL_LIST_EFFECTIVE_FROM } from '../../domain/scenario-lists';
import { createTestDatabase } from '../support/harness';

const { prisma } = createTestDatabase();
afterAll(() => prisma.$disconnect());

const versionsOf = (code: string) =>
  prisma.scenarioListVersion.findMany({
    where: { scenario: { code } },
    orderBy: { version: 'asc' },
    include: { items: { orderBy: { position: 'asc' }, include: { checkItem: { select: { code: true } } } } },
  });

test('every shipped scenario starts with its list published as version 1', async () => {
  for (const s of shipped.scenarios) {
    const versions = await versionsOf(s.code);
    expect(versions.map((v) => ({ version: v.version, status: v.status, effectiveFrom: v.effectiveFrom }))).toEqual([
      { version: 1, status: 'PUBLISHED', effectiveFrom: INITIAL_LIST_EFFECTIVE_FROM },
    ]);
    expect(versions[0].items.map((i) => i.checkItem.code)).toEqual(s.itemCodes);
  }
});

test('a later catalog: a new scenario gets version 1, a changed list publishes nothing by itself', async () => {
  const [changed] = shipped.scenarios;
  const added = { code: 'GUESTHOUSE_TEST', name: '测试民宿', description: '新增场景', itemCodes: changed.itemCodes.slice(0, 3) };
  const next = {
    ...shipped,
    scenarios: [...shipped.scenarios.map((s) => (s.code === changed.code ? { ...s, itemCodes: s.itemCodes.slice(1) } : s)), added],
  };
  await seedCatalog(prisma, next);
  await seedCatalog(prisma, next);

  const addedVersions = await versionsOf(added.code);
  expect(addedVersions.map((v) => [v.version, v.status])).toEqual([[1, 'PUBLISHED']]);
  expect(addedVersions[0].items.map((i) => i.checkItem.code)).toEqual(added.itemCodes);

  const changedVersions = await versionsOf(changed.code);
  expect(changedVersions).toHaveLength(1);
  expect(changedVersions[0].items.map((i) => i.checkItem.code)).toEqual(changed.itemCodes);
});
