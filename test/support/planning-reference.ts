/**
 * The merge planner as it was before the speed work of issue #16 (domain/planning.ts at
 * baa263b), kept only here: test/unit/planning-speed.test.ts plans large generated towns with
 * both and requires the same plan, so a change made for speed can never change a plan silently.
 * Do not "fix" this copy: it is the yardstick.
 */
import {
  CAP_EXEMPT_REASONS,
  capReachedMessage,
  departmentCapReached,
  visitCapReached,
  type CapException,
  type CheckRequestInput,
  type PlanInput,
  type PlanResult,
  type PlannedDepartmentCheck,
  type PlannedVisit,
  type UnplacedRequest,
} from '../../domain/planning';
import { dayString } from '../../domain/dates';

/** The day number of a date as the planner computed it then (Date.UTC), independent of dates.ts. */
const dayNumber = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

interface Interval {
  request: CheckRequestInput;
  start: number;
  end: number;
}

const byEndThenStart = (a: Interval, b: Interval) =>
  a.end - b.end || a.start - b.start || (a.request.id < b.request.id ? -1 : a.request.id > b.request.id ? 1 : 0);

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

export function planVisitsReference(input: PlanInput): PlanResult {
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
    const departments = new Map<string, PlannedDepartmentCheck & { requestIds: string[] }>();
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

