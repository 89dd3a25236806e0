/** Reads the API and the rectification activities share about the finding an order is for. */
import type { RectificationFinding } from '../contracts/rectification';
import type { PrismaClient } from './client';

/** The finding as a rectification order snapshots it (the API and the follow-up order share it). */
export async function rectificationFindingOf(prisma: PrismaClient, findingId: string) {
  const finding = await prisma.finding.findUnique({
    where: { id: findingId },
    include: { department: true, checkItem: true, inspection: { include: { scenario: true } } },
  });
  if (!finding) return null;
  const snapshot: RectificationFinding = {
    findingId,
    inspectionId: finding.inspectionId,
    targetId: finding.inspection.targetId,
    scenarioCode: finding.inspection.scenario.code,
    departmentCode: finding.department.code,
    itemCode: finding.checkItem.code,
    itemTitle: finding.checkItem.title,
    severity: finding.severity,
    description: finding.description,
  };
  return { row: finding, snapshot };
}

/** Orders of the same item on the same target that ended with a failed re-check. */
export function priorFailedOrdersOf(prisma: PrismaClient, finding: RectificationFinding): Promise<number> {
  return prisma.rectificationOrder.count({ where: { targetId: finding.targetId, itemCode: finding.itemCode, status: 'ESCALATED' } });
}
