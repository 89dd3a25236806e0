import { type PrismaClient, measurementOf } from '../../db';

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
