/**
 * Leaders' figures for a year, straight from the records (no spreadsheet): joint inspections
 * scheduled and completed, by month, scenario, department, village and business; findings by
 * severity and outcome; legal reviews (with the pending ones); overdue department checks; and
 * how many department checks were merged into how many visits; and the businesses' satisfaction
 * ratings of the year's visits.
 *
 * This is the one place these things are counted: /api/stats, the dashboard, the annual-report
 * paragraph and the Excel ledger all read this object, so they cannot disagree. It holds
 * timestamps, not ages, so the same records always give the same figures; the reader works out
 * "how late" against its own clock.
 */
import { inspectionsWithin, scopeKey, type PrismaClient } from '../../db';
import type { TownshipScope } from '../../domain/townships';
import type { ReadCache } from '../read-cache';
import { SEVERITIES } from '../../domain/catalog';
import { FINDING_OUTCOMES, type FindingOutcome } from '../../domain/inspection';
import { dateOfColumn } from '../../domain/dates';

interface Counter {
  scheduled: number;
  completed: number;
}

function bump<T>(map: Map<string, T>, key: string, init: () => T): T {
  let entry = map.get(key);
  if (!entry) {
    entry = init();
    map.set(key, entry);
  }
  return entry;
}

/** What became of a penalty proposal: the latest legal review of its inspection decides. */
export type PenaltyOutcome = 'penaltyApproved' | 'penaltyReturned' | 'penaltyPending';

export function penaltyOutcomeOf(reviews: { round: number; decision: 'APPROVED' | 'RETURNED' }[]): PenaltyOutcome {
  const last = latestReview(reviews);
  if (last?.decision === 'APPROVED') return 'penaltyApproved';
  if (last?.decision === 'RETURNED') return 'penaltyReturned';
  return 'penaltyPending';
}

function latestReview<R extends { round: number }>(reviews: R[]): R | undefined {
  return reviews.reduce<R | undefined>((a, r) => (!a || r.round > a.round ? r : a), undefined);
}

/** The year's figures of the townships in `scope` (null: the whole county). */
export async function yearStats(prisma: PrismaClient, year: number, scope: TownshipScope) {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const inspections = await prisma.jointInspection.findMany({
    where: { scheduledFor: { gte: from, lt: to }, ...inspectionsWithin(scope) },
    orderBy: [{ scheduledFor: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true,
      status: true,
      scheduledFor: true,
      checksDoneAt: true,
      target: { select: { id: true, name: true, creditCode: true, village: true } },
      scenario: { select: { code: true, name: true } },
      checks: {
        select: {
          overdue: true,
          submittedAt: true,
          late: true,
          escalatedAt: true,
          department: { select: { code: true, name: true, shortName: true } },
        },
      },
      findings: { select: { severity: true, proposedAction: true, outcome: true, department: { select: { shortName: true } } } },
      reviews: { select: { round: true, decision: true, decidedAt: true } },
    },
  });

  const byScenario = new Map<string, Counter & { code: string; name: string }>();
  const byVillage = new Map<string, Counter & { village: string }>();
  const byDepartment = new Map<
    string,
    Counter & { code: string; name: string; shortName: string; checks: number; submitted: number; late: number; overdue: number }
  >();
  const byTarget = new Map<
    string,
    { id: string; name: string; creditCode: string; village: string; visits: number; departmentChecks: number; findings: number; lastScheduledFor: string }
  >();
  // scheduledFor holds the China calendar date at UTC midnight, so its UTC month is the local one.
  const byMonth = Array.from({ length: 12 }, (_, index) => ({ month: index + 1, scheduled: 0, completed: 0 }));
  const status = { SCHEDULED: 0, ON_SITE: 0, CHECKS_DONE: 0, IN_LEGAL_REVIEW: 0, FOLLOW_UP: 0, CLOSED: 0, CANCELLED: 0 };
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<(typeof SEVERITIES)[number], number>;
  const findingsByOutcome: Record<'rectify' | PenaltyOutcome, number> = { rectify: 0, penaltyApproved: 0, penaltyReturned: 0, penaltyPending: 0 };
  // How the findings ended (null: still being handled); a visit closes when all of its have.
  const findingsByEndState = { open: 0, ...Object.fromEntries(FINDING_OUTCOMES.map((o) => [o, 0])) } as Record<'open' | FindingOutcome, number>;
  const findings = {
    total: 0,
    proposedPenalty: 0,
    rectify: 0,
    bySeverity: findingsBySeverity,
    byOutcome: findingsByOutcome,
    byEndState: findingsByEndState,
  };
  const pendingReviews: {
    inspectionId: string;
    scheduledFor: string;
    target: { id: string; name: string; village: string };
    scenario: { code: string; name: string };
    departments: string[];
    penaltyFindings: number;
    round: number;
    lastDecision: 'RETURNED' | null;
    inReviewSince: string | null;
  }[] = [];
  const reviews = { total: 0, approved: 0, returned: 0, pendingInspections: 0, pending: pendingReviews };
  const overdue: {
    inspectionId: string;
    scheduledFor: string;
    status: string;
    target: { id: string; name: string; village: string };
    department: { code: string; name: string; shortName: string };
    dueAt: string | null;
  }[] = [];
  let departmentChecks = 0;
  let visits = 0;
  let escalations = 0;

  for (const i of inspections) {
    status[i.status]++;
    const active = i.status !== 'CANCELLED';
    const completed = i.status === 'CLOSED' ? 1 : 0;
    const scheduledFor = dateOfColumn(i.scheduledFor);
    const target = { id: i.target.id, name: i.target.name, village: i.target.village };
    if (active) {
      visits++;
      departmentChecks += i.checks.length;
      const month = byMonth[i.scheduledFor.getUTCMonth()];
      month.scheduled++;
      month.completed += completed;
      const s = bump(byScenario, i.scenario.code, () => ({ code: i.scenario.code, name: i.scenario.name, scheduled: 0, completed: 0 }));
      s.scheduled++;
      s.completed += completed;
      const v = bump(byVillage, i.target.village, () => ({ village: i.target.village, scheduled: 0, completed: 0 }));
      v.scheduled++;
      v.completed += completed;
      const t = bump(byTarget, i.target.id, () => ({ ...i.target, visits: 0, departmentChecks: 0, findings: 0, lastScheduledFor: scheduledFor }));
      t.visits++;
      t.departmentChecks += i.checks.length;
      t.findings += i.findings.length;
      t.lastScheduledFor = scheduledFor; // rows come in date order
      for (const c of i.checks) {
        const d = bump(byDepartment, c.department.code, () => ({
          ...c.department,
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
          // Still outstanding: the leader's list of who owes what. escalatedAt is the deadline.
          if (!c.submittedAt) {
            overdue.push({
              inspectionId: i.id,
              scheduledFor,
              status: i.status,
              target,
              department: c.department,
              dueAt: c.escalatedAt?.toISOString() ?? null,
            });
          }
        }
      }
    }
    const lastReview = latestReview(i.reviews);
    const penaltyOutcome = penaltyOutcomeOf(i.reviews);
    for (const f of i.findings) {
      findings.total++;
      findings.bySeverity[f.severity]++;
      findings.byEndState[f.outcome ?? 'open']++;
      if (f.proposedAction === 'PENALTY') {
        findings.proposedPenalty++;
        findings.byOutcome[penaltyOutcome]++;
      } else {
        findings.rectify++;
        findings.byOutcome.rectify++;
      }
    }
    for (const r of i.reviews) {
      reviews.total++;
      if (r.decision === 'APPROVED') reviews.approved++;
      else reviews.returned++;
    }
    if (i.status === 'IN_LEGAL_REVIEW') {
      reviews.pendingInspections++;
      const penalties = i.findings.filter((f) => f.proposedAction === 'PENALTY');
      pendingReviews.push({
        inspectionId: i.id,
        scheduledFor,
        target,
        scenario: i.scenario,
        departments: [...new Set(penalties.map((f) => f.department.shortName))],
        penaltyFindings: penalties.length,
        round: (lastReview?.round ?? 0) + 1,
        lastDecision: lastReview?.decision === 'RETURNED' ? 'RETURNED' : null,
        inReviewSince: i.checksDoneAt?.toISOString() ?? null,
      });
    }
  }

  // 满意度: the businesses' own ratings of this year's visits (one per closed inspection).
  // Ratings carry no link to a person, only to the inspection, which places them in the year.
  const ratings = await prisma.rating.findMany({
    where: { inspectionId: { in: inspections.map((i) => i.id) } },
    select: { score: true },
  });
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<1 | 2 | 3 | 4 | 5, number>;
  let scoreSum = 0;
  for (const r of ratings) {
    distribution[r.score as 1 | 2 | 3 | 4 | 5]++;
    scoreSum += r.score;
  }
  const satisfaction = {
    ratings: ratings.length,
    // One decimal, as the report writes it; null rather than 0 when nobody has rated yet.
    average: ratings.length > 0 ? Math.round((scoreSum / ratings.length) * 10) / 10 : null,
    distribution,
  };

  // 整改按期率: of the rectification orders issued on this year's findings and already
  // re-checked, the share that passed (corrected by the deadline, 责令改正 → 复查合格).
  const orders = await prisma.rectificationOrder.findMany({
    where: { inspectionId: { in: inspections.map((i) => i.id) } },
    select: { result: true },
  });
  const passed = orders.filter((o) => o.result === 'PASSED').length;
  const failed = orders.filter((o) => o.result === 'FAILED').length;
  const rectification = {
    orders: orders.length,
    passed,
    failed,
    awaitingRecheck: orders.length - passed - failed,
    onTimeRate: passed + failed > 0 ? Math.round((passed / (passed + failed)) * 1000) / 1000 : null,
  };

  const sorted = <T extends { scheduled: number }>(m: Map<string, T>) => [...m.values()].sort((a, b) => b.scheduled - a.scheduled);
  const oldestFirst = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
  overdue.sort((a, b) => oldestFirst(a.dueAt, b.dueAt));
  pendingReviews.sort((a, b) => oldestFirst(a.inReviewSince, b.inReviewSince));
  return {
    year,
    inspections: {
      scheduled: inspections.length - status.CANCELLED,
      completed: status.CLOSED,
      inProgress: status.SCHEDULED + status.ON_SITE + status.CHECKS_DONE + status.IN_LEGAL_REVIEW + status.FOLLOW_UP,
      cancelled: status.CANCELLED,
      byStatus: status,
    },
    byMonth,
    byScenario: sorted(byScenario),
    byDepartment: sorted(byDepartment),
    byVillage: sorted(byVillage),
    byTarget: [...byTarget.values()].sort((a, b) => b.visits - a.visits || a.name.localeCompare(b.name, 'zh-CN')),
    findings,
    reviews,
    overdue,
    escalations,
    merging: {
      departmentChecks,
      visits,
      visitsSaved: departmentChecks - visits,
      description: `${departmentChecks}项部门检查合并为${visits}次联合检查，减少入企${departmentChecks - visits}次`,
    },
    satisfaction,
    rectification,
  };
}

export type YearStats = Awaited<ReturnType<typeof yearStats>>;

/**
 * The year's figures for the routes; with a read cache they are recounted only after the
 * database changed, and at most every `maxAgeMs` while it keeps changing.
 */
export function createStatsService(deps: { prisma: PrismaClient; readCache?: ReadCache; maxAgeMs: number }) {
  return {
    year(year: number, scope: TownshipScope) {
      const count = () => yearStats(deps.prisma, year, scope);
      return deps.readCache ? deps.readCache.memo(`stats:${year}:${scopeKey(scope)}`, count, { maxAgeMs: deps.maxAgeMs }) : count();
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
