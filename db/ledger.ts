/**
 * A business's ledger of the year (what the frequency caps count): its visits not cancelled and
 * their department checks. One query for the planner (activities/planning.ts) and direct
 * scheduling (api/services/inspections.ts), so both count the same visits.
 */
import type { TargetLedger } from '../domain/planning';
import { Prisma, type PrismaClient, type Tx } from './client';

/** Targets per statement: far below either database's limit of bound parameters. */
const TARGETS_PER_STATEMENT = 500;

/**
 * Visits and department checks each target received in a calendar year (visits scheduled on a
 * day of that year). Raw SQL, the same on SQLite and PostgreSQL: every scheduling command reads
 * it, and Prisma 6.19 compiles each model call anew. A visit without checks still counts.
 */
export async function targetLedgers(db: Tx | PrismaClient, targetIds: string[], year: number): Promise<Record<string, TargetLedger>> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const ledger: Record<string, TargetLedger> = {};
  for (let start = 0; start < targetIds.length; start += TARGETS_PER_STATEMENT) {
    const ids = targetIds.slice(start, start + TARGETS_PER_STATEMENT);
    const rows = await db.$queryRaw<{ inspectionId: string; targetId: string; departmentCode: string | null }[]>`
      SELECT i."id" AS "inspectionId", i."targetId", d."code" AS "departmentCode"
        FROM "JointInspection" i
        LEFT JOIN "DepartmentCheck" c ON c."inspectionId" = i."id"
        LEFT JOIN "Department" d ON d."id" = c."departmentId"
       WHERE i."targetId" IN (${Prisma.join(ids)}) AND i."status" <> 'CANCELLED' AND i."scheduledFor" >= ${from} AND i."scheduledFor" < ${to}`;
    const counted = new Set<string>();
    for (const r of rows) {
      const entry = (ledger[r.targetId] ??= { visits: 0, checksByDepartment: {} });
      if (!counted.has(r.inspectionId)) {
        counted.add(r.inspectionId);
        entry.visits++;
      }
      if (r.departmentCode !== null) entry.checksByDepartment[r.departmentCode] = (entry.checksByDepartment[r.departmentCode] ?? 0) + 1;
    }
  }
  return ledger;
}
