/**
 * The county's organisation: townships (乡镇/街道) with their villages (村/社区). Businesses,
 * plans and events belong to a township, inspections and cases through their business. An
 * officer serves the townships assigned to them, plus the township whose organ their department
 * is; county leaders and administrators are county-wide. This module decides, for every read
 * and write, whether a township is within a caller's reach (api/policies.ts applies it).
 */

export const TOWNSHIP_KINDS = ['TOWNSHIP', 'SUBDISTRICT'] as const;
export type TownshipKind = (typeof TOWNSHIP_KINDS)[number];
export const TOWNSHIP_KIND_LABELS: Record<TownshipKind, string> = { TOWNSHIP: '乡镇', SUBDISTRICT: '街道' };

export const VILLAGE_KINDS = ['VILLAGE', 'COMMUNITY'] as const;
export type VillageKind = (typeof VILLAGE_KINDS)[number];
export const VILLAGE_KIND_LABELS: Record<VillageKind, string> = { VILLAGE: '行政村', COMMUNITY: '社区' };

/** 统计用区划代码 of a township: the county's 6 digits and 3 of the township. */
export const TOWNSHIP_CODE_PATTERN = /^\d{9}$/;

/** The townships a caller reaches: `null` is every township of the county. */
export type TownshipScope = readonly string[] | null;

export interface TownshipAssignment {
  countyWide: boolean;
  /** Townships assigned to the officer. */
  townshipIds: readonly string[];
  /** The township whose organ the officer's department is (null: a county organ). */
  departmentTownshipId: string | null;
}

export function townshipScopeOf(officer: TownshipAssignment): TownshipScope {
  if (officer.countyWide) return null;
  const ids = new Set(officer.townshipIds);
  if (officer.departmentTownshipId) ids.add(officer.departmentTownshipId);
  return [...ids].sort();
}

/**
 * Whether an object of `townshipId` is within reach. Rows from before townships (null) belong
 * to the county as a whole: only county-wide callers reach them.
 */
export function withinTownships(scope: TownshipScope, townshipId: string | null | undefined): boolean {
  if (scope === null) return true;
  return townshipId != null && scope.includes(townshipId);
}

/** Whether every township of `townshipIds` is within reach (a team serving a visit, a plan's businesses). */
export function withinAll(scope: TownshipScope, townshipIds: readonly (string | null)[]): boolean {
  return townshipIds.every((id) => withinTownships(scope, id));
}

/** Whether an officer serves a township: county-wide, assigned to it, or of its own organ. Objects from before townships (null) are served by everyone. */
export function servesTownship(officer: TownshipAssignment, townshipId: string | null): boolean {
  return withinTownships(townshipScopeOf(officer), townshipId) || townshipId === null;
}

export type TownshipChoice = { ok: true; townshipId: string | null } | { ok: false; reason: 'REQUIRED' | 'OUT_OF_REACH' };

/**
 * The township a new plan or event belongs to: the one asked for, if within reach; else the
 * caller's only township; county-wide callers may leave it open (a county-wide record).
 */
export function townshipOfNewRecord(scope: TownshipScope, requested: string | null | undefined): TownshipChoice {
  if (requested) return withinTownships(scope, requested) ? { ok: true, townshipId: requested } : { ok: false, reason: 'OUT_OF_REACH' };
  if (scope === null) return { ok: true, townshipId: null };
  if (scope.length === 1) return { ok: true, townshipId: scope[0] };
  return { ok: false, reason: 'REQUIRED' };
}
