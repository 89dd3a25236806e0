/**
 * Scenario-list planning (场景清单计划): departments' check requests merged into as few joint
 * visits as the rules allow, so a business opens its door once (进一次门、查多项事).
 *
 * Per target, requests are intervals of dates; one visit on a date inside every window of the
 * requests it serves. The fewest visits that serve all of a target's requests is the minimum
 * number of points stabbing the intervals — the greedy sweep by window end finds it (the
 * classic proof: each new point is forced by a request no earlier point reaches). That count,
 * summed over targets, is the lower bound the plan is measured against.
 *
 * Frequency caps (无事不扰) are applied inside the same sweep: a request never opens a visit the
 * caps forbid, unless its reason is a typed exception (complaint, assigned case, re-check,
 * the business's own request), which is then recorded. Team capacity is applied afterwards,
 * globally, earliest-deadline first; a visit that finds no date with capacity is split by
 * department, and every visit above the bound says why.
 */
import { dayNumber, dayString } from './dates';

export const REQUEST_REASONS = [
  'RANDOM_SAMPLING',
  'ANNUAL_PLAN',
  'COMPLAINT',
  'ASSIGNED_CASE',
  'RECTIFICATION_RECHECK',
  'ENTITY_REQUEST',
] as const;
export type RequestReason = (typeof REQUEST_REASONS)[number];

export const REQUEST_REASON_LABELS: Record<RequestReason, string> = {
  RANDOM_SAMPLING: '双随机抽查',
  ANNUAL_PLAN: '年度检查计划',
  COMPLAINT: '投诉举报',
  ASSIGNED_CASE: '上级交办',
  RECTIFICATION_RECHECK: '整改复查',
  ENTITY_REQUEST: '企业申请',
};

/** Reasons that may exceed the frequency caps (recorded as exceptions): the typed exceptions, for the planner and direct scheduling alike. */
export const CAP_EXCEPTION_REASONS = ['COMPLAINT', 'ASSIGNED_CASE', 'RECTIFICATION_RECHECK', 'ENTITY_REQUEST'] as const satisfies readonly RequestReason[];
export type CapExceptionReason = (typeof CAP_EXCEPTION_REASONS)[number];
export const CAP_EXEMPT_REASONS: ReadonlySet<RequestReason> = new Set(CAP_EXCEPTION_REASONS);

export interface CheckRequestInput {
  id: string;
  targetId: string;
  departmentCode: string;
  itemCodes: string[];
  /** Inclusive window, YYYY-MM-DD. */
  windowStart: string;
  windowEnd: string;
  reason: RequestReason;
}

/** Per target per year. A department missing from `perDepartment` uses `defaultPerDepartment` (null: no cap). */
export interface FrequencyCaps {
  perDepartment: Record<string, number>;
  defaultPerDepartment: number | null;
  /** Joint visits per target per year (null: no cap). */
  visitsPerTarget: number | null;
}

/** Defaults from DOMAIN.md: health ≤ 2 per year, environment ≤ 2, at most 4 visits a year overall. */
export const DEFAULT_FREQUENCY_CAPS: FrequencyCaps = {
  perDepartment: { HEALTH: 2, ECOENV: 2 },
  defaultPerDepartment: null,
  visitsPerTarget: 4,
};

export interface TeamCapacity {
  /** Joint visits the enforcement team can make per day. */
  visitsPerDay: number;
  /** Department checks each department can staff per day (officers available ÷ officers per check). */
  checksPerDepartmentPerDay: Record<string, number>;
  defaultChecksPerDepartmentPerDay: number;
}

export const DEFAULT_TEAM_CAPACITY: TeamCapacity = {
  visitsPerDay: 6,
  checksPerDepartmentPerDay: {},
  defaultChecksPerDepartmentPerDay: 6,
};

/** What a target already received this year (from the ledger). */
export interface TargetLedger {
  visits: number;
  checksByDepartment: Record<string, number>;
}

export interface PlanInput {
  requests: CheckRequestInput[];
  caps: FrequencyCaps;
  capacity: TeamCapacity;
  ledger?: Record<string, TargetLedger>;
  /** Targets that random sampling must leave alone. */
  doNotDisturb?: string[];
}

export type CapKind = 'VISITS_PER_TARGET' | 'DEPARTMENT';

export interface CapException {
  requestId: string;
  reason: RequestReason;
  cap: CapKind;
  departmentCode?: string;
}

/** A cap that one more visit (or one more department check) would exceed: which, its limit, how many so far. */
export interface CapReached {
  cap: CapKind;
  departmentCode?: string;
  limit: number;
  used: number;
}

/**
 * Does the visits-per-target cap allow one more visit, given `used` visits this year? The one
 * answer for the planner and direct scheduling (domain/scheduling.ts); null when it does.
 */
export function visitCapReached(caps: FrequencyCaps, used: number): CapReached | null {
  const limit = caps.visitsPerTarget;
  return limit !== null && used >= limit ? { cap: 'VISITS_PER_TARGET', limit, used } : null;
}

/** Does the department's cap allow one more check of the target, given `used` this year? Null when it does. */
export function departmentCapReached(caps: FrequencyCaps, departmentCode: string, used: number): CapReached | null {
  const limit = departmentCap(caps, departmentCode);
  return limit !== null && used >= limit ? { cap: 'DEPARTMENT', departmentCode, limit, used } : null;
}

/** The refusal's words, the same wherever a cap refuses (planner's unplaced requests, the API's 422). */
export function capReachedMessage(reached: CapReached): string {
  return reached.cap === 'VISITS_PER_TARGET'
    ? `该市场主体本年度已安排入企检查${reached.used}次，达到上限${reached.limit}次（无事不扰）`
    : `部门 ${reached.departmentCode} 本年度已对该市场主体检查${reached.used}次，达到上限${reached.limit}次`;
}

export interface PlannedDepartmentCheck {
  departmentCode: string;
  itemCodes: string[];
  requestIds: string[];
}

export interface PlannedVisit {
  /** Stable within a plan: target + date + sequence. */
  key: string;
  targetId: string;
  date: string;
  departments: PlannedDepartmentCheck[];
  requestIds: string[];
  capExceptions: CapException[];
  /** Set on visits above the lower bound: why this visit could not be merged. */
  aboveBoundReason?: string;
}

export type UnplacedCode = 'DO_NOT_DISTURB' | 'CAP_VISITS_PER_TARGET' | 'CAP_DEPARTMENT' | 'NO_CAPACITY' | 'INVALID_WINDOW';

export interface UnplacedRequest {
  requestId: string;
  code: UnplacedCode;
  message: string;
}

export interface PlanResult {
  visits: PlannedVisit[];
  unplaced: UnplacedRequest[];
  /** Fewest visits that could serve the requests that were placed. */
  lowerBound: number;
  /** Fewest visits that could serve every eligible request (valid window, not do-not-disturb), ignoring caps and capacity. */
  lowerBoundAllRequests: number;
  summary: {
    requests: number;
    placed: number;
    departmentChecks: number;
    visits: number;
    visitsAboveBound: number;
    /** Department checks that did not need a visit of their own. */
    visitsSaved: number;
  };
}


interface Interval {
  request: CheckRequestInput;
  start: number;
  end: number;
}

const byEndThenStart = (a: Interval, b: Interval) =>
  a.end - b.end || a.start - b.start || (a.request.id < b.request.id ? -1 : a.request.id > b.request.id ? 1 : 0);

/** Minimum number of points stabbing every interval (greedy by end; optimal). */
export function minimumVisits(intervals: { start: number; end: number }[]): number {
  return minimumVisitsOfSorted([...intervals].sort((a, b) => a.end - b.end || a.start - b.start));
}

/** The same, for intervals already sorted by end. */
function minimumVisitsOfSorted(sorted: readonly { start: number; end: number }[]): number {
  let count = 0;
  let last = -Infinity;
  for (const interval of sorted) {
    if (interval.start > last) {
      count++;
      last = interval.end;
    }
  }
  return count;
}

function departmentCap(caps: FrequencyCaps, departmentCode: string): number | null {
  return caps.perDepartment[departmentCode] ?? caps.defaultPerDepartment;
}

/** A group of requests that share one visit, before it gets a date. */
interface Group {
  targetId: string;
  lo: number;
  hi: number;
  members: Interval[];
  departments: Set<string>;
  capExceptions: CapException[];
}

interface TargetCounters {
  visits: number;
  checks: Map<string, number>;
}

export function planVisits(input: PlanInput): PlanResult {
  const { caps, capacity } = input;
  const doNotDisturb = new Set(input.doNotDisturb ?? []);
  const unplaced: UnplacedRequest[] = [];
  const byTarget = new Map<string, Interval[]>();

  for (const request of input.requests) {
    const start = dayNumber(request.windowStart);
    const end = dayNumber(request.windowEnd);
    if (!(end >= start)) {
      unplaced.push({ requestId: request.id, code: 'INVALID_WINDOW', message: `检查时间窗口 ${request.windowStart}～${request.windowEnd} 无效` });
      continue;
    }
    if (request.reason === 'RANDOM_SAMPLING' && doNotDisturb.has(request.targetId)) {
      unplaced.push({ requestId: request.id, code: 'DO_NOT_DISTURB', message: '该市场主体在“无事不扰”清单内，不纳入随机抽查' });
      continue;
    }
    let list = byTarget.get(request.targetId);
    if (!list) {
      list = [];
      byTarget.set(request.targetId, list);
    }
    list.push({ request, start, end });
  }

  let lowerBoundAllRequests = 0;
  const counters = new Map<string, TargetCounters>();
  const groups: Group[] = [];

  // Phase 1, per target: the greedy sweep with the caps applied as requests open or join visits.
  for (const [targetId, intervals] of byTarget) {
    intervals.sort(byEndThenStart);
    lowerBoundAllRequests += minimumVisitsOfSorted(intervals);
    const ledger = input.ledger?.[targetId];
    const counter: TargetCounters = {
      visits: ledger?.visits ?? 0,
      checks: new Map(Object.entries(ledger?.checksByDepartment ?? {})),
    };
    counters.set(targetId, counter);
    let current: Group | null = null;
    for (const interval of intervals) {
      const { request } = interval;
      const exempt = CAP_EXEMPT_REASONS.has(request.reason);
      const joins = current !== null && interval.start <= current.hi;
      const group: Group = joins
        ? current!
        : { targetId, lo: interval.start, hi: interval.end, members: [], departments: new Set(), capExceptions: [] };

      let exceptions: CapException[] | null = null;
      if (!joins) {
        const reached = visitCapReached(caps, counter.visits);
        if (reached) {
          if (!exempt) {
            unplaced.push({ requestId: request.id, code: 'CAP_VISITS_PER_TARGET', message: capReachedMessage(reached) });
            continue;
          }
          exceptions = [{ requestId: request.id, reason: request.reason, cap: 'VISITS_PER_TARGET' }];
        }
      }
      if (!group.departments.has(request.departmentCode)) {
        const used = counter.checks.get(request.departmentCode) ?? 0;
        const reached = departmentCapReached(caps, request.departmentCode, used);
        if (reached) {
          if (!exempt) {
            unplaced.push({ requestId: request.id, code: 'CAP_DEPARTMENT', message: capReachedMessage(reached) });
            continue;
          }
          (exceptions ??= []).push({ requestId: request.id, reason: request.reason, cap: 'DEPARTMENT', departmentCode: request.departmentCode });
        }
        counter.checks.set(request.departmentCode, used + 1);
        group.departments.add(request.departmentCode);
      }
      if (!joins) {
        counter.visits++;
        groups.push(group);
        current = group;
      }
      group.members.push(interval);
      group.lo = Math.max(group.lo, interval.start);
      if (exceptions) group.capExceptions.push(...exceptions);
    }
  }

  // Phase 2, all targets: dates with team capacity, earliest deadline first.
  groups.sort((a, b) => a.hi - b.hi || a.lo - b.lo || (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
  // Hot path: numeric keys (department index × 2^20 + day number) instead of strings.
  const visitsUsed = new Map<number, number>();
  const checksUsed = new Map<number, number>();
  const departmentIndex = new Map<string, number>();
  const keyOf = (code: string, day: number) => {
    let index = departmentIndex.get(code);
    if (index === undefined) {
      index = departmentIndex.size + 1;
      departmentIndex.set(code, index);
    }
    return index * 1_048_576 + day;
  };
  const departmentCapacity = (code: string) =>
    capacity.checksPerDepartmentPerDay[code] ?? capacity.defaultChecksPerDepartmentPerDay;
  const fits = (day: number, departments: readonly string[]) => {
    if ((visitsUsed.get(day) ?? 0) >= capacity.visitsPerDay) return false;
    for (const d of departments) if ((checksUsed.get(keyOf(d, day)) ?? 0) >= departmentCapacity(d)) return false;
    return true;
  };
  const take = (day: number, departments: readonly string[]) => {
    visitsUsed.set(day, (visitsUsed.get(day) ?? 0) + 1);
    for (const d of departments) {
      const key = keyOf(d, day);
      checksUsed.set(key, (checksUsed.get(key) ?? 0) + 1);
    }
  };
  const firstFit = (lo: number, hi: number, departments: string[]) => {
    for (let day = lo; day <= hi; day++) if (fits(day, departments)) return day;
    return null;
  };

  const visits: PlannedVisit[] = [];
  const sequence = new Map<string, number>();
  const emit = (targetId: string, day: number, members: Interval[], capExceptions: CapException[], aboveBoundReason?: string) => {
    const departments = new Map<string, PlannedDepartmentCheck>();
    for (const { request } of members) {
      let check = departments.get(request.departmentCode);
      if (!check) {
        check = { departmentCode: request.departmentCode, itemCodes: [], requestIds: [] };
        departments.set(request.departmentCode, check);
      }
      check.requestIds.push(request.id);
      for (const code of request.itemCodes) if (!check.itemCodes.includes(code)) check.itemCodes.push(code);
    }
    const date = dayString(day);
    const seqKey = `${targetId}|${date}`;
    const seq = (sequence.get(seqKey) ?? 0) + 1;
    sequence.set(seqKey, seq);
    visits.push({
      key: `${targetId}:${date}:${seq}`,
      targetId,
      date,
      departments: [...departments.values()]
        .map((d) => ({ ...d, itemCodes: d.itemCodes.sort() }))
        .sort((a, b) => (a.departmentCode < b.departmentCode ? -1 : 1)),
      requestIds: members.map((m) => m.request.id),
      capExceptions,
      ...(aboveBoundReason ? { aboveBoundReason } : {}),
    });
  };

  for (const group of groups) {
    const departments = [...group.departments].sort();
    const day = firstFit(group.lo, group.hi, departments);
    if (day !== null) {
      take(day, departments);
      emit(group.targetId, day, group.members, group.capExceptions);
      continue;
    }
    // No common date has room for the whole team: one visit per department, each in its own
    // (wider) window. Every visit after the first is above the bound, and says why. The split
    // visits are counted against the yearly cap afresh (departments with an exempt request go
    // first, so the visit the exception opened stays theirs).
    const counter = counters.get(group.targetId)!;
    counter.visits--; // the merged visit is replaced by the split ones
    const exemptFirst = (code: string) =>
      group.members.some((m) => m.request.departmentCode === code && CAP_EXEMPT_REASONS.has(m.request.reason)) ? 0 : 1;
    const splitOrder = [...departments].sort((a, b) => exemptFirst(a) - exemptFirst(b) || (a < b ? -1 : 1));
    const inherited = (code: string) => group.capExceptions.filter((e) => e.cap === 'DEPARTMENT' && e.departmentCode === code);
    let first = true;
    for (const code of splitOrder) {
      const members = group.members.filter((m) => m.request.departmentCode === code);
      const lo = Math.max(...members.map((m) => m.start));
      const hi = Math.min(...members.map((m) => m.end));
      const splitDay = firstFit(lo, hi, [code]);
      const opener = members.find((m) => CAP_EXEMPT_REASONS.has(m.request.reason))?.request;
      const overCap = visitCapReached(caps, counter.visits) !== null;
      if (splitDay === null || (overCap && !opener)) {
        for (const m of members) {
          unplaced.push({
            requestId: m.request.id,
            code: 'NO_CAPACITY',
            message:
              splitDay === null
                ? `${dayString(lo)}～${dayString(hi)} 期间部门 ${code} 或检查组的每日检查能力已满`
                : `检查能力不足须单独入企，但该市场主体本年度入企次数已达上限`,
          });
        }
        counter.checks.set(code, (counter.checks.get(code) ?? 1) - 1);
        continue;
      }
      const exceptions = inherited(code);
      if (overCap) exceptions.push({ requestId: opener!.id, reason: opener!.reason, cap: 'VISITS_PER_TARGET' });
      take(splitDay, [code]);
      counter.visits++;
      emit(
        group.targetId,
        splitDay,
        members,
        exceptions,
        first
          ? undefined
          : `${dayString(group.lo)}～${dayString(group.hi)} 期间没有一天同时有检查组和${departments.join('、')}各部门的检查能力，只能分开入企`,
      );
      first = false;
    }
  }

  const placedIds = new Set(visits.flatMap((v) => v.requestIds));
  let lowerBound = 0;
  for (const intervals of byTarget.values()) {
    lowerBound += minimumVisitsOfSorted(intervals.filter((i) => placedIds.has(i.request.id)));
  }
  const departmentChecks = visits.reduce((n, v) => n + v.departments.length, 0);
  return {
    visits,
    unplaced,
    lowerBound,
    lowerBoundAllRequests,
    summary: {
      requests: input.requests.length,
      placed: placedIds.size,
      departmentChecks,
      visits: visits.length,
      visitsAboveBound: visits.length - lowerBound,
      visitsSaved: departmentChecks - visits.length,
    },
  };
}

export interface PlanViolation {
  code: 'NOT_COVERED_ONCE' | 'OUTSIDE_WINDOW' | 'CAP_WITHOUT_EXCEPTION' | 'OVER_CAPACITY';
  message: string;
}

/**
 * An independent check of a plan against its input: every placed request in exactly one visit
 * inside its window, caps exceeded only with recorded exceptions, capacity kept. Used by the
 * benchmark (and available to any caller that wants to audit a stored plan).
 */
export function verifyPlan(input: PlanInput, result: PlanResult): PlanViolation[] {
  const violations: PlanViolation[] = [];
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const seen = new Map<string, number>();
  const visitsByTarget = new Map<string, PlannedVisit[]>();
  const perDay = new Map<string, number>();
  const perDepartmentDay = new Map<string, number>();
  for (const visit of result.visits) {
    visitsByTarget.set(visit.targetId, [...(visitsByTarget.get(visit.targetId) ?? []), visit]);
    perDay.set(visit.date, (perDay.get(visit.date) ?? 0) + 1);
    for (const d of visit.departments) {
      const key = `${d.departmentCode}|${visit.date}`;
      perDepartmentDay.set(key, (perDepartmentDay.get(key) ?? 0) + 1);
    }
    for (const id of visit.requestIds) {
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const r = requests.get(id);
      if (!r || r.targetId !== visit.targetId || visit.date < r.windowStart || visit.date > r.windowEnd) {
        violations.push({ code: 'OUTSIDE_WINDOW', message: `request ${id} served outside its window or target by ${visit.key}` });
      }
    }
  }
  const unplaced = new Set(result.unplaced.map((u) => u.requestId));
  for (const r of input.requests) {
    if ((seen.get(r.id) ?? 0) + (unplaced.has(r.id) ? 1 : 0) !== 1) {
      violations.push({ code: 'NOT_COVERED_ONCE', message: `request ${r.id} is placed ${seen.get(r.id) ?? 0} times` });
    }
  }
  for (const [targetId, visits] of visitsByTarget) {
    const ledger = input.ledger?.[targetId] ?? { visits: 0, checksByDepartment: {} };
    const cap = input.caps.visitsPerTarget;
    if (cap !== null) {
      const beyond = ledger.visits + visits.length - Math.max(cap, ledger.visits);
      const excepted = visits.filter((v) => v.capExceptions.some((e) => e.cap === 'VISITS_PER_TARGET')).length;
      if (beyond > excepted) violations.push({ code: 'CAP_WITHOUT_EXCEPTION', message: `target ${targetId}: ${beyond} visits beyond the cap, ${excepted} excepted` });
    }
    const departments = new Set(visits.flatMap((v) => v.departments.map((d) => d.departmentCode)));
    for (const code of departments) {
      const dcap = departmentCap(input.caps, code);
      if (dcap === null) continue;
      const used = ledger.checksByDepartment[code] ?? 0;
      const checks = visits.filter((v) => v.departments.some((d) => d.departmentCode === code));
      const beyond = used + checks.length - Math.max(dcap, used);
      const excepted = checks.filter((v) => v.capExceptions.some((e) => e.cap === 'DEPARTMENT' && e.departmentCode === code)).length;
      if (beyond > excepted) violations.push({ code: 'CAP_WITHOUT_EXCEPTION', message: `target ${targetId}, ${code}: ${beyond} checks beyond the cap, ${excepted} excepted` });
    }
  }
  for (const [day, n] of perDay) {
    if (n > input.capacity.visitsPerDay) violations.push({ code: 'OVER_CAPACITY', message: `${n} visits on ${day}` });
  }
  for (const [key, n] of perDepartmentDay) {
    const [code] = key.split('|');
    const max = input.capacity.checksPerDepartmentPerDay[code] ?? input.capacity.defaultChecksPerDepartmentPerDay;
    if (n > max) violations.push({ code: 'OVER_CAPACITY', message: `${n} checks of ${key}` });
  }
  return violations;
}
