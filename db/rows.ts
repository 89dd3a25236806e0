/**
 * Database rows of the catalog and of officers, turned into the shapes the domain rules take.
 * Shared by activities and the API's services so the mapping exists once.
 */
import type { Measurement } from '../domain/catalog';
import type { AssignedCheckItem, OfficerCredentials } from '../domain/inspection';
import { dateOfColumn } from '../domain/dates';

export interface CheckItemRow {
  code: string;
  title: string;
  legalBasis: string;
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
    // The seed gives every measured item its instrument range; these bounds only guard bad data.
    validMin: row.validMin ?? -Number.MAX_VALUE,
    validMax: row.validMax ?? Number.MAX_VALUE,
  };
}

/** The columns of a check item that hold its measurement (the inverse of measurementOf). */
export function measurementColumns(m: Measurement): Pick<CheckItemRow, 'measurementKind' | 'unit' | 'limitMin' | 'limitMax' | 'validMin' | 'validMax'> {
  return m.kind === 'NUMERIC'
    ? { measurementKind: 'NUMERIC', unit: m.unit, limitMin: m.limitMin ?? null, limitMax: m.limitMax ?? null, validMin: m.validMin, validMax: m.validMax }
    : { measurementKind: 'NONE', unit: null, limitMin: null, limitMax: null, validMin: null, validMax: null };
}

/** A catalog item as a scenario list shows it (the catalog and the list versions alike). */
export function listedItemOf(item: CheckItemRow & { method: string; department: { code: string; name: string } }) {
  return {
    code: item.code,
    departmentCode: item.department.code,
    departmentName: item.department.name,
    title: item.title,
    legalBasis: item.legalBasis,
    method: item.method,
    severity: item.severity,
    measurement: measurementOf(item),
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

export interface OfficerRow {
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
    certificateExpiresOn: row.certificateExpiresOn ? dateOfColumn(row.certificateExpiresOn) : null,
  };
}
