/**
 * A caller's township reach (domain/townships.ts) as query conditions, so every list and count
 * filters the same way: nothing of a township beyond reach is listed or counted.
 */
import type { TownshipAssignment, TownshipScope } from '../domain/townships';
import type { Prisma } from './client';

/** Rows with their own township column (businesses, plans, events, cases). */
export function ownTownshipWithin(scope: TownshipScope): { townshipId?: { in: string[] } } {
  return scope === null ? {} : { townshipId: { in: [...scope] } };
}

/** Inspections (and what hangs off them) through their business's township. */
export function inspectionsWithin(scope: TownshipScope): Prisma.JointInspectionWhereInput {
  return scope === null ? {} : { target: ownTownshipWithin(scope) };
}

/** A stable key of a reach, for caches shared by callers who see the same. */
export function scopeKey(scope: TownshipScope): string {
  return scope === null ? '*' : scope.join(',');
}

/** Officers who serve a township (domain/townships.ts servesTownship, as a query); null: everyone. */
export function officersServing(townshipId: string | null): Prisma.OfficerWhereInput {
  return townshipId === null ? {} : { OR: [{ countyWide: true }, { townships: { some: { townshipId } } }, { department: { townshipId } }] };
}

/** What servesTownship needs of an officer row, read with `ASSIGNMENT_INCLUDE`. */
export const ASSIGNMENT_INCLUDE = { townships: { select: { townshipId: true } }, department: true } as const;
export function assignmentOf(row: {
  countyWide: boolean;
  townships: { townshipId: string }[];
  department: { townshipId: string | null } | null;
}): TownshipAssignment {
  return { countyWide: row.countyWide, townshipIds: row.townships.map((t) => t.townshipId), departmentTownshipId: row.department?.townshipId ?? null };
}
