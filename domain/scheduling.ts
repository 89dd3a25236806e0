/**
 * Direct scheduling (a coordinator schedules one joint visit, outside a plan) under the same
 * rules as the planner: the business's frequency caps against its ledger of the year, lifted
 * only by a typed exception (domain/planning.ts CAP_EXCEPTION_REASONS), and 拼团 — a visit of the
 * same business already scheduled close to the date is joined rather than doubled, so the
 * business opens its door once (进一次门). Pure: the caller loads the ledger and the visits.
 */
import { dayNumber } from './dates';
import {
  CAP_EXEMPT_REASONS,
  departmentCapReached,
  visitCapReached,
  type CapExceptionReason,
  type CapReached,
  type FrequencyCaps,
  type TargetLedger,
} from './planning';

/** Calendar days either side of a visit inside which a second visit of the same business is refused (JOIN_WINDOW_DAYS). */
export const DEFAULT_JOIN_WINDOW_DAYS = 10;

/** The typed exception a coordinator gives to lift a cap or the join window (recorded with the visit). */
export interface SchedulingException {
  reason: CapExceptionReason;
  note: string;
}

export interface CapCheckInput {
  caps: FrequencyCaps;
  /** What the business already received in the visit's year (visits not cancelled). */
  ledger: TargetLedger;
  /** Departments that would get a check of the business (already on the visit: leave them out). */
  departmentCodes: string[];
  /** True for a new visit (counts against the visits-per-target cap); false when joining one. */
  opensVisit: boolean;
  exception?: { reason: CapExceptionReason } | null;
}

export type CapCheck =
  | { allowed: true; /** Caps the exception lifted (empty when none was reached). */ lifted: CapReached[] }
  | { allowed: false; reached: CapReached[] };

/** Every cap the visit would exceed; allowed when none, or when the exception's reason lifts caps. */
export function checkFrequencyCaps(input: CapCheckInput): CapCheck {
  const reached: CapReached[] = [];
  if (input.opensVisit) {
    const visit = visitCapReached(input.caps, input.ledger.visits);
    if (visit) reached.push(visit);
  }
  for (const code of new Set(input.departmentCodes)) {
    const department = departmentCapReached(input.caps, code, input.ledger.checksByDepartment[code] ?? 0);
    if (department) reached.push(department);
  }
  if (reached.length === 0) return { allowed: true, lifted: [] };
  if (input.exception && CAP_EXEMPT_REASONS.has(input.exception.reason)) return { allowed: true, lifted: reached };
  return { allowed: false, reached };
}

export interface ScheduledVisitRef {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  status: string;
  departmentCodes: string[];
}

/** Visits of the business not started yet (SCHEDULED) within `windowDays` calendar days of `date`, nearest first. */
export function visitsToJoin(visits: readonly ScheduledVisitRef[], date: string, windowDays: number): ScheduledVisitRef[] {
  const day = dayNumber(date);
  return visits
    .filter((v) => v.status === 'SCHEDULED' && Math.abs(dayNumber(v.date) - day) <= windowDays)
    .sort((a, b) => Math.abs(dayNumber(a.date) - day) - Math.abs(dayNumber(b.date) - day) || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

export type DirectVisitDecision =
  | { allowed: true; lifted: CapReached[]; /** Visits in the window the exception allowed a second visit beside. */ besideVisits: ScheduledVisitRef[] }
  | { allowed: false; code: 'VISIT_EXISTS_IN_WINDOW'; visits: ScheduledVisitRef[] }
  | { allowed: false; code: 'FREQUENCY_CAP_REACHED'; reached: CapReached[] };

/**
 * A new direct visit: refused while a visit of the business is scheduled within the window (join
 * it instead), or when it would exceed a cap — unless a typed exception is given, which lifts both.
 */
export function decideDirectVisit(input: {
  caps: FrequencyCaps;
  ledger: TargetLedger;
  departmentCodes: string[];
  date: string;
  scheduledVisits: readonly ScheduledVisitRef[];
  windowDays: number;
  exception?: SchedulingException | null;
}): DirectVisitDecision {
  const excepted = Boolean(input.exception && CAP_EXEMPT_REASONS.has(input.exception.reason));
  const inWindow = visitsToJoin(input.scheduledVisits, input.date, input.windowDays);
  if (inWindow.length > 0 && !excepted) return { allowed: false, code: 'VISIT_EXISTS_IN_WINDOW', visits: inWindow };
  const caps = checkFrequencyCaps({ ...input, opensVisit: true });
  if (!caps.allowed) return { allowed: false, code: 'FREQUENCY_CAP_REACHED', reached: caps.reached };
  return { allowed: true, lifted: caps.lifted, besideVisits: inWindow };
}
