/**
 * A business's ledger of the year (what the frequency caps count): its visits not cancelled and
 * their department checks. One query for the planner (activities/planning.ts) and direct
 * scheduling (api/services/inspections.ts), so both count the same visits.
 */
import type { TargetLedger } from '../domain/planning';
import { Prisma } from './client';
import type { RawSql } from './driver-sql';
import { visitsWithDepartments } from './command-reads';

/** Targets per statement: far below either database's limit of bound parameters. */
const TARGETS_PER_STATEMENT = 500;

/**
 * Visits and department checks each target received in a calendar year (visits scheduled on a
 * day of that year), read as db/command-reads.ts reads visits. A visit without checks still counts.
 */
export async function targetLedgers(db: RawSql, targetIds: string[], year: number): Promise<Record<string, TargetLedger>> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const ledger: Record<string, TargetLedger> = {};
  for (let start = 0; start < targetIds.length; start += TARGETS_PER_STATEMENT) {
    const ids = targetIds.slice(start, start + TARGETS_PER_STATEMENT);
    const visits = await visitsWithDepartments(
      db,
      Prisma.sql`i."targetId" IN (${Prisma.join(ids)}) AND i."status" <> 'CANCELLED' AND i."scheduledFor" >= ${from} AND i."scheduledFor" < ${to}`,
    );
    for (const visit of visits) {
      const entry = (ledger[visit.targetId] ??= { visits: 0, checksByDepartment: {} });
      entry.visits++;
      for (const code of visit.departmentCodes) entry.checksByDepartment[code] = (entry.checksByDepartment[code] ?? 0) + 1;
    }
  }
  return ledger;
}
