import { type AuthenticatedOfficer, type PrismaClient, containsText, listedItemOf, ownTownshipWithin, scenarioListInEffect } from '../../db';
import { chinaDate } from '../../domain/dates';
import type { TargetsQuery } from '../routes/catalog/schema';

// The row mappings live with the activities, which need them too.
export { assignedItemOf, credentialsOf, measurementOf } from '../../db';

/** Each scenario with the list in effect on `onDate` (China date; today by default): its version and items. */
export async function listScenarios(prisma: PrismaClient, onDate = chinaDate(new Date().toISOString())) {
  const scenarios = await prisma.scenario.findMany({ orderBy: { code: 'asc' } });
  const lists = await Promise.all(scenarios.map((s) => scenarioListInEffect(prisma, s.id, onDate)));
  return scenarios.map((s, index) => {
    const list = lists[index];
    const items = list?.items ?? [];
    return {
      code: s.code,
      name: s.name,
      description: s.description,
      version: list ? { id: list.id, version: list.version, effectiveFrom: list.effectiveFrom! } : null,
      departments: [...new Set(items.map((i) => i.checkItem.department.code))],
      items: items.map(({ checkItem }) => listedItemOf(checkItem)),
    };
  });
}

/** The catalog's reads: scenarios with their items, and the directory of targets. */
export function createCatalogService(prisma: PrismaClient) {
  return {
    scenarios: () => listScenarios(prisma),

    targets: (actor: Pick<AuthenticatedOfficer, 'townships'>, query: TargetsQuery) =>
      prisma.target.findMany({
        where: {
          ...ownTownshipWithin(actor.townships),
          ...(query.village ? { village: query.village } : {}),
          ...(query.scenarioCode ? { scenarioCode: query.scenarioCode } : {}),
          ...(query.q ? { OR: [{ name: containsText(prisma, query.q) }, { creditCode: containsText(prisma, query.q) }] } : {}),
        },
        select: { id: true, name: true, creditCode: true, address: true, village: true, scenarioCode: true, riskClass: true },
        orderBy: [{ village: 'asc' }, { name: 'asc' }],
        take: 200,
      }),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
