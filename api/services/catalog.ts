import { type AuthenticatedOfficer, type PrismaClient, containsText, measurementOf, ownTownshipWithin } from '../../db';
import type { TargetsQuery } from '../routes/catalog/schema';

// The row mappings live with the activities, which need them too.
export { assignedItemOf, credentialsOf, measurementOf } from '../../db';

export async function listScenarios(prisma: PrismaClient) {
  const scenarios = await prisma.scenario.findMany({
    orderBy: { code: 'asc' },
    include: {
      items: {
        orderBy: { position: 'asc' },
        include: { checkItem: { include: { department: true } } },
      },
    },
  });
  return scenarios.map((s) => ({
    code: s.code,
    name: s.name,
    description: s.description,
    departments: [...new Set(s.items.map((i) => i.checkItem.department.code))],
    items: s.items.map(({ checkItem: item }) => ({
      code: item.code,
      departmentCode: item.department.code,
      departmentName: item.department.name,
      title: item.title,
      legalBasis: item.legalBasis,
      method: item.method,
      severity: item.severity,
      measurement: measurementOf(item),
    })),
  }));
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
