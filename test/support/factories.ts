/**
 * Builders for test data on top of the seeded catalog: inspection inputs, officers' credentials
 * and check results that pass (or break) the rules.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../activities/db';
import { assignedItemOf, credentialsOf } from '../../api/services/catalog';
import {
  DEFAULT_INSPECTION_POLICY,
  chinaDate,
  type AssignedCheckItem,
  type CheckResultInput,
  type DepartmentAssignment,
  type InspectionPolicy,
  type OfficerCredentials,
} from '../../domain/inspection';
import type { JointInspectionInput } from '../../workflows/definitions';

export async function officerByKey(prisma: PrismaClient, key: string) {
  return prisma.officer.findUniqueOrThrow({ where: { key }, include: { department: true, roles: true } });
}

export async function credentialsByKey(prisma: PrismaClient, ...keys: string[]): Promise<OfficerCredentials[]> {
  return Promise.all(keys.map(async (key) => credentialsOf(await officerByKey(prisma, key))));
}

export async function assignmentsFor(
  prisma: PrismaClient,
  scenarioCode: string,
  departmentCodes: string[],
): Promise<DepartmentAssignment[]> {
  const scenario = await prisma.scenario.findUniqueOrThrow({
    where: { code: scenarioCode },
    include: { items: { orderBy: { position: 'asc' }, include: { checkItem: { include: { department: true } } } } },
  });
  return departmentCodes.map((code) => {
    const items = scenario.items.map((i) => i.checkItem).filter((i) => i.department.code === code);
    if (items.length === 0) throw new Error(`scenario ${scenarioCode} has no items of ${code}`);
    return { departmentCode: code, departmentName: items[0].department.name, items: items.map(assignedItemOf) };
  });
}

export interface BuildInspectionOptions {
  scenarioCode?: string;
  targetKey?: string;
  departments?: string[];
  teamKeys?: string[];
  policy?: Partial<InspectionPolicy>;
}

export async function buildInspectionInput(prisma: PrismaClient, options: BuildInspectionOptions = {}): Promise<JointInspectionInput> {
  const scenarioCode = options.scenarioCode ?? 'RESTAURANT';
  const departments = options.departments ?? ['MARKET', 'FIRE'];
  const teamKeys = options.teamKeys ?? ['market-1', 'fire-1'];
  const target = await prisma.target.findUniqueOrThrow({ where: { key: options.targetKey ?? 'restaurant-1' } });
  const scenario = await prisma.scenario.findUniqueOrThrow({ where: { code: scenarioCode } });
  const coordinator = await officerByKey(prisma, 'coordinator-2');
  const team = await Promise.all(teamKeys.map((k) => officerByKey(prisma, k)));
  return {
    inspectionId: randomUUID(),
    scheduledFor: chinaDate(new Date().toISOString()),
    scheduledBy: { officerId: coordinator.id, name: coordinator.name },
    target: { id: target.id, name: target.name, creditCode: target.creditCode, address: target.address, village: target.village },
    scenario: { code: scenario.code, name: scenario.name },
    departments: await assignmentsFor(prisma, scenarioCode, departments),
    team: team.map((o, index) => ({ officerId: o.id, name: o.name, departmentCode: o.department?.code ?? null, isLead: index === 0 })),
    policy: { ...DEFAULT_INSPECTION_POLICY, ...options.policy },
  };
}

/** A measured value that satisfies the item's limit. */
export function compliantValue(item: AssignedCheckItem): number | undefined {
  const m = item.measurement;
  if (m.kind !== 'NUMERIC') return undefined;
  const lo = Math.max(m.validMin, m.limitMin ?? m.validMin);
  const hi = Math.min(m.validMax, m.limitMax ?? m.validMax);
  return (lo + hi) / 2;
}

/** A measured value beyond the item's limit but still a possible instrument reading. */
export function violatingValue(item: AssignedCheckItem): number {
  const m = item.measurement;
  if (m.kind !== 'NUMERIC') throw new Error(`${item.code} is not measured`);
  if (m.limitMax !== undefined) return Math.min(m.validMax, m.limitMax + Math.max(1, Math.abs(m.limitMax) * 0.2));
  return Math.max(m.validMin, m.limitMin! - Math.max(0.1, Math.abs(m.limitMin!) * 0.2));
}

export function compliantResults(assignment: DepartmentAssignment): CheckResultInput[] {
  return assignment.items.map((item) => {
    const value = compliantValue(item);
    return {
      itemCode: item.code,
      outcome: 'COMPLIANT' as const,
      ...(value !== undefined ? { measuredValue: value, unit: item.measurement.kind === 'NUMERIC' ? item.measurement.unit : undefined } : {}),
      evidence: [`photo-${item.code}.jpg`],
    };
  });
}

/** All compliant except the first item, which is non-compliant with the given proposal. */
export function resultsWithViolation(
  assignment: DepartmentAssignment,
  proposedAction: 'RECTIFY' | 'PENALTY',
  itemIndex = 0,
): CheckResultInput[] {
  const results = compliantResults(assignment);
  const item = assignment.items[itemIndex];
  results[itemIndex] = {
    itemCode: item.code,
    outcome: 'NON_COMPLIANT',
    ...(item.measurement.kind === 'NUMERIC' ? { measuredValue: violatingValue(item), unit: item.measurement.unit } : {}),
    note: '现场发现该项不符合要求，已拍照取证并当场告知经营者',
    evidence: [`photo-${item.code}-violation.jpg`],
    proposedAction,
  };
  return results;
}

export function numericItem(assignments: DepartmentAssignment[]): { assignment: DepartmentAssignment; index: number; item: AssignedCheckItem } {
  for (const assignment of assignments) {
    const index = assignment.items.findIndex((i) => i.measurement.kind === 'NUMERIC');
    if (index >= 0) return { assignment, index, item: assignment.items[index] };
  }
  throw new Error('no measured item in these assignments');
}
