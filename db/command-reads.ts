/**
 * The reads the API's commands on a joint inspection make before they hand the change to its
 * workflow: the visit's status, the business and scenario, the officers named and their recusals,
 * the business's visits scheduled nearby. Raw SQL, the same text on SQLite and PostgreSQL: every command makes
 * these reads, and Prisma 6.19 compiles each model call anew (most of the API's CPU per
 * inspection was that compiler: BENCHMARKS.md, "End to end"). One statement per read where the
 * model calls took one per relation. Given a client, they run on its driver adapter past the
 * client's pipeline (db/driver-sql.ts); given a transaction, in it.
 */
import type { InspectionStatus } from '../domain/inspection';
import { Prisma } from './client';
import { sqlOf, type RawSql } from './driver-sql';

/** What a command needs of a visit before its workflow decides: whether it exists, its status and business. */
export async function inspectionHead(db: RawSql, id: string): Promise<{ status: InspectionStatus; targetId: string } | null> {
  const [row] = await sqlOf(db).$queryRaw<{ status: InspectionStatus; targetId: string }[]>`
    SELECT "status", "targetId" FROM "JointInspection" WHERE "id" = ${id}`;
  return row ?? null;
}

export async function targetById(db: RawSql, id: string): Promise<Prisma.TargetGetPayload<object> | null> {
  const [row] = await sqlOf(db).$queryRaw<Prisma.TargetGetPayload<object>[]>`SELECT * FROM "Target" WHERE "id" = ${id}`;
  return row ?? null;
}

export async function scenarioByCode(db: RawSql, code: string): Promise<Prisma.ScenarioGetPayload<object> | null> {
  const [row] = await sqlOf(db).$queryRaw<Prisma.ScenarioGetPayload<object>[]>`SELECT * FROM "Scenario" WHERE "code" = ${code}`;
  return row ?? null;
}

/**
 * An officer as a team needs one: credentials (db/rows.ts credentialsOf) and townships (db/scope.ts
 * assignmentOf); with the flags a caller is read with too (db/tokens.ts callerOfficer).
 */
export interface TeamOfficerRow {
  id: string;
  name: string;
  certificateNo: string | null;
  certificateExpiresOn: Date | null;
  countyWide: boolean;
  legalQualified: boolean;
  active: boolean;
  department: { code: string; townshipId: string | null } | null;
  townships: { townshipId: string }[];
}

/** The officers of `ids` that exist (and are active, unless `activeOnly` is false), in no particular order. */
export async function teamOfficers(db: RawSql, ids: readonly string[], options: { activeOnly?: boolean } = {}): Promise<TeamOfficerRow[]> {
  if (ids.length === 0) return [];
  const active = options.activeOnly === false ? Prisma.empty : Prisma.sql`AND o."active" = true`;
  const [officers, townships] = await Promise.all([
    sqlOf(db).$queryRaw<(Omit<TeamOfficerRow, 'department' | 'townships'> & { departmentCode: string | null; departmentTownshipId: string | null })[]>`
      SELECT o."id", o."name", o."certificateNo", o."certificateExpiresOn", o."countyWide", o."legalQualified", o."active",
             d."code" AS "departmentCode", d."townshipId" AS "departmentTownshipId"
        FROM "Officer" o LEFT JOIN "Department" d ON d."id" = o."departmentId"
       WHERE o."id" IN (${Prisma.join(ids)}) ${active}`,
    sqlOf(db).$queryRaw<{ officerId: string; townshipId: string }[]>`
      SELECT "officerId", "townshipId" FROM "OfficerTownship" WHERE "officerId" IN (${Prisma.join(ids)}) ORDER BY "townshipId"`,
  ]);
  return officers.map(({ departmentCode, departmentTownshipId, ...o }) => ({
    ...o,
    department: departmentCode === null ? null : { code: departmentCode, townshipId: departmentTownshipId },
    townships: townships.filter((t) => t.officerId === o.id).map((t) => ({ townshipId: t.townshipId })),
  }));
}

/** A visit with the codes of its departments (none for a visit without checks). */
export interface VisitWithDepartments {
  id: string;
  targetId: string;
  scheduledFor: Date;
  status: InspectionStatus;
  departmentCodes: string[];
}

/**
 * The visits matching `where` (on `JointInspection` as `i`), each with its departments' codes:
 * one statement, the checks' departments joined. The year's ledger (db/ledger.ts) and the
 * visits near a date both read visits this way.
 */
export async function visitsWithDepartments(db: RawSql, where: Prisma.Sql): Promise<VisitWithDepartments[]> {
  const rows = await sqlOf(db).$queryRaw<(Omit<VisitWithDepartments, 'departmentCodes'> & { departmentCode: string | null })[]>`
    SELECT i."id", i."targetId", i."scheduledFor", i."status", d."code" AS "departmentCode"
      FROM "JointInspection" i
      LEFT JOIN "DepartmentCheck" c ON c."inspectionId" = i."id"
      LEFT JOIN "Department" d ON d."id" = c."departmentId"
     WHERE ${where}`;
  const visits = new Map<string, VisitWithDepartments>();
  for (const { departmentCode, ...row } of rows) {
    const visit = visits.get(row.id) ?? { ...row, departmentCodes: [] };
    visits.set(row.id, visit);
    if (departmentCode !== null) visit.departmentCodes.push(departmentCode);
  }
  return [...visits.values()];
}

/** The business's visits in `status` scheduled on a day of [from, to] (columns of dates), with their departments' codes. */
export function visitsOfTargetBetween(
  db: RawSql,
  options: { targetId: string; status: InspectionStatus; from: Date; to: Date },
): Promise<VisitWithDepartments[]> {
  return visitsWithDepartments(
    db,
    Prisma.sql`i."targetId" = ${options.targetId} AND i."status" = ${options.status} AND i."scheduledFor" >= ${options.from} AND i."scheduledFor" <= ${options.to}`,
  );
}

/** The recusal records of these officers for the business (api/services/conflicts.ts refuseRecused decides on them). */
export async function conflictsOf(db: RawSql, targetId: string, officerIds: readonly string[]): Promise<{ officerId: string; targetId: string; status: string }[]> {
  if (officerIds.length === 0) return [];
  return sqlOf(db).$queryRaw`
    SELECT "officerId", "targetId", "status" FROM "OfficerConflict" WHERE "targetId" = ${targetId} AND "officerId" IN (${Prisma.join(officerIds)})`;
}
