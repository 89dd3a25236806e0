/**
 * A business's ledger of the year (what the frequency caps count): its visits not cancelled and
 * their department checks. One query for the planner (activities/planning.ts) and direct
 * scheduling (api/services/inspections.ts), so both count the same visits.
 */
import type { TargetLedger } from '../domain/planning';
import type { PrismaClient, Tx } from './client';

/** Visits and department checks each target received in a calendar year (visits scheduled on a day of that year). */
export async function targetLedgers(db: Tx | PrismaClient, targetIds: string[], year: number): Promise<Record<string, TargetLedger>> {
  const inspections = await db.jointInspection.findMany({
    where: {
      targetId: { in: targetIds },
      status: { not: 'CANCELLED' },
      scheduledFor: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) },
    },
    select: { targetId: true, checks: { select: { department: { select: { code: true } } } } },
  });
  const ledger: Record<string, TargetLedger> = {};
  for (const i of inspections) {
    const entry = (ledger[i.targetId] ??= { visits: 0, checksByDepartment: {} });
    entry.visits++;
    for (const c of i.checks) entry.checksByDepartment[c.department.code] = (entry.checksByDepartment[c.department.code] ?? 0) + 1;
  }
  return ledger;
}
