/**
 * Leaders' counts for a year, straight from the records (no spreadsheet): joint inspections
 * scheduled and completed, by scenario, department and village; findings; legal reviews;
 * escalations; and how many department checks were merged into how many visits.
 */
import type { PrismaClient } from '../../activities/db';
import { SEVERITIES } from '../../domain/catalog';

interface Counter {
  scheduled: number;
  completed: number;
}

function bump<T extends Counter>(map: Map<string, T>, key: string, init: () => T): T {
  let entry = map.get(key);
  if (!entry) {
    entry = init();
    map.set(key, entry);
  }
  return entry;
}

export async function yearStats(prisma: PrismaClient, year: number) {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const inspections = await prisma.jointInspection.findMany({
    where: { scheduledFor: { gte: from, lt: to } },
    select: {
      status: true,
      target: { select: { village: true } },
      scenario: { select: { code: true, name: true } },
      checks: { select: { overdue: true, submittedAt: true, late: true, department: { select: { code: true, name: true } } } },
      findings: { select: { severity: true, proposedAction: true } },
      reviews: { select: { decision: true } },
    },
  });

  const byScenario = new Map<string, Counter & { code: string; name: string }>();
  const byVillage = new Map<string, Counter & { village: string }>();
  const byDepartment = new Map<
    string,
    Counter & { code: string; name: string; checks: number; submitted: number; late: number; overdue: number }
  >();
  const status = { SCHEDULED: 0, ON_SITE: 0, CHECKS_DONE: 0, IN_LEGAL_REVIEW: 0, CLOSED: 0, CANCELLED: 0 };
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<(typeof SEVERITIES)[number], number>;
  const findings = { total: 0, proposedPenalty: 0, rectify: 0, bySeverity: findingsBySeverity };
  const reviews = { total: 0, approved: 0, returned: 0, pendingInspections: 0 };
  let departmentChecks = 0;
  let visits = 0;
  let escalations = 0;

  for (const i of inspections) {
    status[i.status]++;
    const active = i.status !== 'CANCELLED';
    const completed = i.status === 'CLOSED' ? 1 : 0;
    if (active) {
      visits++;
      departmentChecks += i.checks.length;
      const s = bump(byScenario, i.scenario.code, () => ({ code: i.scenario.code, name: i.scenario.name, scheduled: 0, completed: 0 }));
      s.scheduled++;
      s.completed += completed;
      const v = bump(byVillage, i.target.village, () => ({ village: i.target.village, scheduled: 0, completed: 0 }));
      v.scheduled++;
      v.completed += completed;
      for (const c of i.checks) {
        const d = bump(byDepartment, c.department.code, () => ({
          code: c.department.code,
          name: c.department.name,
          scheduled: 0,
          completed: 0,
          checks: 0,
          submitted: 0,
          late: 0,
          overdue: 0,
        }));
        d.scheduled++;
        d.completed += completed;
        d.checks++;
        if (c.submittedAt) d.submitted++;
        if (c.late) d.late++;
        if (c.overdue) {
          d.overdue++;
          escalations++;
        }
      }
    }
    for (const f of i.findings) {
      findings.total++;
      findings.bySeverity[f.severity]++;
      if (f.proposedAction === 'PENALTY') findings.proposedPenalty++;
      else findings.rectify++;
    }
    for (const r of i.reviews) {
      reviews.total++;
      if (r.decision === 'APPROVED') reviews.approved++;
      else reviews.returned++;
    }
    if (i.status === 'IN_LEGAL_REVIEW') reviews.pendingInspections++;
  }

  const sorted = <T extends { scheduled: number }>(m: Map<string, T>) => [...m.values()].sort((a, b) => b.scheduled - a.scheduled);
  return {
    year,
    inspections: {
      scheduled: inspections.length - status.CANCELLED,
      completed: status.CLOSED,
      inProgress: status.SCHEDULED + status.ON_SITE + status.CHECKS_DONE + status.IN_LEGAL_REVIEW,
      cancelled: status.CANCELLED,
      byStatus: status,
    },
    byScenario: sorted(byScenario),
    byDepartment: sorted(byDepartment),
    byVillage: sorted(byVillage),
    findings,
    reviews,
    escalations,
    merging: {
      departmentChecks,
      visits,
      visitsSaved: departmentChecks - visits,
      description: `${departmentChecks}项部门检查合并为${visits}次联合检查，减少入企${departmentChecks - visits}次`,
    },
  };
}
