import type { PrismaClient } from '../../activities/db';
import type { Measurement } from '../../domain/catalog';
import type { AssignedCheckItem, OfficerCredentials } from '../../domain/inspection';

interface CheckItemRow {
  code: string;
  title: string;
  legalBasis: string;
  method: string;
  severity: AssignedCheckItem['severity'];
  measurementKind: 'NONE' | 'NUMERIC';
  unit: string | null;
  limitMin: number | null;
  limitMax: number | null;
  validMin: number | null;
  validMax: number | null;
}

export function measurementOf(row: CheckItemRow): Measurement {
  if (row.measurementKind === 'NONE') return { kind: 'NONE' };
  return {
    kind: 'NUMERIC',
    unit: row.unit ?? '',
    ...(row.limitMin !== null ? { limitMin: row.limitMin } : {}),
    ...(row.limitMax !== null ? { limitMax: row.limitMax } : {}),
    validMin: row.validMin ?? Number.NEGATIVE_INFINITY,
    validMax: row.validMax ?? Number.POSITIVE_INFINITY,
  };
}

export function assignedItemOf(row: CheckItemRow): AssignedCheckItem {
  return {
    code: row.code,
    title: row.title,
    legalBasis: row.legalBasis,
    severity: row.severity,
    measurement: measurementOf(row),
  };
}

interface OfficerRow {
  id: string;
  name: string;
  certificateNo: string | null;
  certificateExpiresOn: Date | null;
  department: { code: string } | null;
}

export function credentialsOf(row: OfficerRow): OfficerCredentials {
  return {
    officerId: row.id,
    name: row.name,
    departmentCode: row.department?.code ?? null,
    certificateNo: row.certificateNo,
    certificateExpiresOn: row.certificateExpiresOn ? row.certificateExpiresOn.toISOString().slice(0, 10) : null,
  };
}

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
