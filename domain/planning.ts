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
  /** Read-only: a visit of one department shares this array with the visit's own `requestIds`. */
  readonly requestIds: readonly string[];
}

export interface PlannedVisit {
  /** Stable within a plan: target + date + sequence. */
  key: string;
  targetId: string;
  date: string;
  departments: PlannedDepartmentCheck[];
  readonly requestIds: readonly string[];
  /** Read-only: visits without exceptions share one empty list. */
  readonly capExceptions: readonly CapException[];
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


/** Minimum number of points stabbing every interval (greedy by end; optimal). */
export function minimumVisits(intervals: { start: number; end: number }[]): number {
  let count = 0;
  let last = -Infinity;
  for (const interval of [...intervals].sort((a, b) => a.end - b.end || a.start - b.start)) {
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

/*
 * How the planner is made fast (issue #16: 100,000 requests < 250 ms, 1,000,000 < 3 s). The
 * rules above are unchanged; only their bookkeeping is. Requests, groups and team days live in
 * typed arrays indexed by small integers (request position, target and department in the order
 * first seen, day minus the plan's first day) instead of objects, Sets and string-keyed Maps,
 * so a request costs a few array writes rather than several allocations. Orders come from
 * stable counting sorts by day (windows span a year, not millions of days) with the planner's
 * string tie-breaks applied afterwards to the few runs that need them, and a day that is full
 * is skipped once and for all (a "next open day" pointer per team and department), so the
 * search for a date does not rescan full days when capacity is tight. A plan is equal, field
 * for field and in the same order, to the one the straightforward version made:
 * test/unit/planning-speed.test.ts compares them on large generated towns. Request ids are
 * taken to be unique (they are CheckRequest rows' ids): `summary.placed` and the lower bound
 * count placed requests, where the old version counted distinct placed ids.
 */

const NO_EXCEPTIONS: readonly CapException[] = Object.freeze([]);

/** Beyond this many calendar days (≈ 11,000 years) day-indexed arrays would waste memory: Maps and comparison sorts instead. */
const DENSE_CALENDAR_DAYS = 1 << 22;

/**
 * Stable counting sort of `items` by `keyOf[item] - offset` ∈ [0, keys). The key is an array,
 * not a function: a function made per plan was a new call target for the optimised sort on
 * every plan, and threw its code away each time.
 */
function sortByKey(items: Int32Array, keyOf: Int32Array, offset: number, keys: number): Int32Array {
  const counts = new Int32Array(keys + 1);
  for (let k = 0; k < items.length; k++) counts[keyOf[items[k]] - offset + 1]++;
  for (let k = 0; k < keys; k++) counts[k + 1] += counts[k];
  const sorted = new Int32Array(items.length);
  for (let k = 0; k < items.length; k++) sorted[counts[keyOf[items[k]] - offset]++] = items[k];
  return sorted;
}

/** Within each run of items that `same` calls equal, put them in the order of `compare` (stable). */
function sortRuns(items: Int32Array, same: (a: number, b: number) => boolean, compare: (a: number, b: number) => number): void {
  for (let from = 0; from < items.length; ) {
    let to = from + 1;
    while (to < items.length && same(items[from], items[to])) to++;
    if (to - from > 16) items.set(Array.from(items.subarray(from, to)).sort(compare), from);
    else insertionSort(items, from, to, compare); // short runs (nearly all): no copies
    from = to;
  }
}

/** Stable sort of items[from..to) where they lie, for the short lists the planner sorts. */
function insertionSort(items: Int32Array, from: number, to: number, compare: (a: number, b: number) => number): void {
  for (let k = from + 1; k < to; k++) {
    const item = items[k];
    let j = k - 1;
    for (; j >= from && compare(items[j], item) > 0; j--) items[j + 1] = items[j];
    items[j + 1] = item;
  }
}

const byNumber = (a: number, b: number) => a - b;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the team (its visits) or one department (its checks) can still take, day by day. A day
 * once full stays full (planning only adds), so `nextFree` remembers the jump past full days
 * (path-compressed, like union–find): a tight plan costs near-constant time per search.
 */
interface DailyCapacity {
  /** The first day ≥ `from` with room left (a day > `last` when none up to `last`). */
  firstFree(from: number, last: number): number;
  take(day: number): void;
}

/**
 * Days as indexes into typed arrays: the planner's case. A class of its own (not one class
 * holding either arrays or Maps) so the optimised code sees one shape and is not thrown away
 * when an earlier plan's capacities are collected.
 */
class DenseDailyCapacity implements DailyCapacity {
  private readonly used: Int32Array;
  /** 0: not known to be full; otherwise the first day (index) that may not be. */
  private readonly nextFree: Int32Array;

  constructor(
    private readonly limit: number,
    days: number,
  ) {
    this.used = new Int32Array(days);
    this.nextFree = new Int32Array(days);
  }

  firstFree(from: number, last: number): number {
    const { used, nextFree, limit } = this;
    let day = from;
    while (day <= last) {
      const jump = nextFree[day];
      if (jump !== 0) day = jump;
      else if (used[day] >= limit) {
        nextFree[day] = day + 1;
        day++;
      } else break;
    }
    for (let d = from; d < day; ) {
      const next = nextFree[d];
      nextFree[d] = day;
      d = next;
    }
    return day;
  }

  take(day: number): void {
    this.used[day]++;
  }
}

/** The same with Maps, for a calendar too wide for day arrays. */
class SparseDailyCapacity implements DailyCapacity {
  private readonly used = new Map<number, number>();
  private readonly nextFree = new Map<number, number>();

  constructor(private readonly limit: number) {}

  firstFree(from: number, last: number): number {
    let day = from;
    while (day <= last) {
      const jump = this.nextFree.get(day) ?? 0;
      if (jump !== 0) day = jump;
      else if ((this.used.get(day) ?? 0) >= this.limit) {
        this.nextFree.set(day, day + 1);
        day++;
      } else break;
    }
    for (let d = from; d < day; ) {
      const next = this.nextFree.get(d) ?? 0;
      this.nextFree.set(d, day);
      d = next;
    }
    return day;
  }

  take(day: number): void {
    this.used.set(day, (this.used.get(day) ?? 0) + 1);
  }
}

/**
 * One instance kept for the life of the process. A class's instance shape (V8's map, once
 * its fields are set) is held only weakly by the class; when a plan's last capacity is
 * collected the shape goes too, and every optimised function that read capacities is thrown
 * away and optimised again on the next plan (bench:planner saw every other 100k run cost
 * ~480 ms instead of ~270). Holding one instance keeps the shape, and the optimised code.
 */
export const KEPT_CAPACITY_SHAPES: readonly DailyCapacity[] = [new DenseDailyCapacity(0, 0), new SparseDailyCapacity(0)];

const dailyCapacity = (limit: number, days: number, dense: boolean): DailyCapacity =>
  dense ? new DenseDailyCapacity(limit, days) : new SparseDailyCapacity(limit);

/** The first day (index) in from..last on which the team and each of the departments list[listFrom..listTo) have room, or null. */
function firstFit(
  team: DailyCapacity,
  departmentChecks: readonly DailyCapacity[],
  from: number,
  last: number,
  list: Int32Array,
  listFrom: number,
  listTo: number,
): number | null {
  let day = from;
  for (;;) {
    day = team.firstFree(day, last);
    if (day > last) return null;
    let agreed = true;
    for (let k = listFrom; k < listTo; k++) {
      const free = departmentChecks[list[k]].firstFree(day, last);
      if (free > last) return null;
      if (free !== day) {
        day = free;
        agreed = false;
        break;
      }
    }
    if (agreed) return day;
  }
}

function take(team: DailyCapacity, departmentChecks: readonly DailyCapacity[], day: number, list: Int32Array, listFrom: number, listTo: number): void {
  team.take(day);
  for (let k = listFrom; k < listTo; k++) departmentChecks[list[k]].take(day);
}

export function planVisits(input: PlanInput): PlanResult {
  const { caps, capacity, requests } = input;
  const doNotDisturb = new Set(input.doNotDisturb ?? []);
  const unplaced: UnplacedRequest[] = [];

  // Requests as numbers. Targets and departments are numbered in the order first seen; the
  // planner walks targets in that order (it decides the order of unplaced requests).
  const count = requests.length;
  const windowStart = new Int32Array(count);
  const windowEnd = new Int32Array(count);
  const targetOf = new Int32Array(count);
  const departmentOf = new Int32Array(count);
  const eligible = new Int32Array(count);
  // What the later phases read of a request, copied in input order: they visit requests in
  // window and group order, where reaching into each request object again costs cache misses.
  const requestIds: string[] = new Array<string>(count);
  const itemCodesOf: string[][] = new Array<string[]>(count);
  /** A request's item code when it has exactly one (most do), so that making the plan need not reach into its array. */
  const onlyItemCode: (string | undefined)[] = new Array<string | undefined>(count);
  const exempt = new Uint8Array(count);
  const reasonOf: RequestReason[] = new Array<RequestReason>(count);
  let eligibleCount = 0;
  const targetIds: string[] = [];
  const targetNumber = new Map<string, number>();
  const departmentCodesSeen: string[] = [];
  const departmentNumber = new Map<string, number>();
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let i = 0; i < count; i++) {
    const request = requests[i];
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
    let target = targetNumber.get(request.targetId);
    if (target === undefined) {
      target = targetIds.length;
      targetIds.push(request.targetId);
      targetNumber.set(request.targetId, target);
    }
    let department = departmentNumber.get(request.departmentCode);
    if (department === undefined) {
      department = departmentCodesSeen.length;
      departmentCodesSeen.push(request.departmentCode);
      departmentNumber.set(request.departmentCode, department);
    }
    windowStart[i] = start;
    windowEnd[i] = end;
    requestIds[i] = request.id;
    const itemCodes = request.itemCodes;
    itemCodesOf[i] = itemCodes;
    onlyItemCode[i] = itemCodes.length === 1 ? itemCodes[0] : undefined;
    reasonOf[i] = request.reason;
    exempt[i] = CAP_EXEMPT_REASONS.has(request.reason) ? 1 : 0;
    targetOf[i] = target;
    departmentOf[i] = department;
    eligible[eligibleCount++] = i;
    if (start < firstDay) firstDay = start;
    if (end > lastDay) lastDay = end;
  }
  const targets = targetIds.length;
  const days = eligibleCount > 0 ? lastDay - firstDay + 1 : 0;
  const dense = days <= DENSE_CALENDAR_DAYS;

  // Departments renumbered in the order of their codes, so a sorted list of numbers is the
  // sorted list of codes the plan shows.
  const departmentCodes = [...departmentCodesSeen].sort();
  const departments = departmentCodes.length;
  const rankOfSeen = departmentCodesSeen.map((code) => departmentCodes.indexOf(code));
  const valid = eligible.subarray(0, eligibleCount);
  for (const i of valid) departmentOf[i] = rankOfSeen[departmentOf[i]];

  // Each target's requests by window end, then start, then id (the greedy sweep's order).
  let byWindow: Int32Array;
  if (dense) {
    byWindow = sortByKey(valid, windowStart, firstDay, days);
    byWindow = sortByKey(byWindow, windowEnd, firstDay, days);
  } else {
    byWindow = valid.slice().sort((a, b) => windowEnd[a] - windowEnd[b] || windowStart[a] - windowStart[b] || a - b);
  }
  const order = sortByKey(byWindow, targetOf, 0, targets);
  sortRuns(
    order,
    (a, b) => targetOf[a] === targetOf[b] && windowEnd[a] === windowEnd[b] && windowStart[a] === windowStart[b],
    (a, b) => byText(requestIds[a], requestIds[b]),
  );
  const targetFrom = new Int32Array(targets + 1);
  for (const i of order) targetFrom[targetOf[i] + 1]++;
  for (let t = 0; t < targets; t++) targetFrom[t + 1] += targetFrom[t];

  // Functions are made once per plan, outside the loops: under tsx (keepNames) every function
  // made is also named by a call, which a function per target or per split turned into a cost.
  const everyRequest = () => true;
  /** The greedy sweep over a target's requests in window-end order: fewest visits stabbing them all. */
  const minimumVisitsOf = (t: number, counted: (i: number) => boolean) => {
    let visits = 0;
    let last = -Infinity;
    for (let k = targetFrom[t]; k < targetFrom[t + 1]; k++) {
      const i = order[k];
      if (counted(i) && windowStart[i] > last) {
        visits++;
        last = windowEnd[i];
      }
    }
    return visits;
  };

  // Groups (requests that share one visit, before it gets a date), in arrays. A group's members
  // and departments are contiguous: only the newest group ever grows.
  const groupTarget = new Int32Array(eligibleCount);
  const groupLo = new Int32Array(eligibleCount);
  const groupHi = new Int32Array(eligibleCount);
  const groupMembersFrom = new Int32Array(eligibleCount + 1);
  const groupDepartmentsFrom = new Int32Array(eligibleCount + 1);
  const members = new Int32Array(eligibleCount);
  const groupDepartments = new Int32Array(eligibleCount);
  const groupExceptions: CapException[][] = [];
  let groupCount = 0;
  let memberCount = 0;
  let groupDepartmentCount = 0;
  /** Visits per target this year (the ledger's and the plan's), kept for the splits of phase 2. */
  const visitsOfTarget = new Float64Array(targets);
  // Department checks this year of the target being swept; `checksOwner` says whose figure it is.
  const checksUsed = new Float64Array(departments);
  const checksOwner = new Int32Array(departments).fill(-1);

  // A cap's refusal reads the same for every request refused at the same count (the limit is
  // the plan's, per department): one string each, not one per refused request (a county's
  // million requests can have hundreds of thousands refused).
  const visitCapMessages: string[] = [];
  const departmentCapMessages: string[][] = departmentCodes.map(() => []);

  let lowerBoundAllRequests = 0;
  // Phase 1, per target: the greedy sweep with the caps applied as requests open or join visits.
  for (let t = 0; t < targets; t++) {
    lowerBoundAllRequests += minimumVisitsOf(t, everyRequest);
    const ledger = input.ledger?.[targetIds[t]];
    const ledgerChecks = ledger?.checksByDepartment;
    let visits = ledger?.visits ?? 0;
    let current = -1;
    for (let k = targetFrom[t]; k < targetFrom[t + 1]; k++) {
      const i = order[k];
      const joins = current >= 0 && windowStart[i] <= groupHi[current];

      let exceptions: CapException[] | null = null;
      if (!joins) {
        const reached = visitCapReached(caps, visits);
        if (reached) {
          if (!exempt[i]) {
            unplaced.push({ requestId: requestIds[i], code: 'CAP_VISITS_PER_TARGET', message: (visitCapMessages[reached.used] ??= capReachedMessage(reached)) });
            continue;
          }
          exceptions = [{ requestId: requestIds[i], reason: reasonOf[i], cap: 'VISITS_PER_TARGET' }];
        }
      }
      const group = joins ? current : groupCount;
      const departmentsFrom = joins ? groupDepartmentsFrom[group] : groupDepartmentCount;
      const department = departmentOf[i];
      let hasDepartment = false;
      for (let k2 = departmentsFrom; k2 < groupDepartmentCount; k2++) if (groupDepartments[k2] === department) hasDepartment = true;
      if (!hasDepartment) {
        const departmentCode = departmentCodes[department];
        if (checksOwner[department] !== t) {
          checksOwner[department] = t;
          checksUsed[department] = (ledgerChecks && Object.hasOwn(ledgerChecks, departmentCode) ? ledgerChecks[departmentCode] : 0) ?? 0;
        }
        const used = checksUsed[department];
        const reached = departmentCapReached(caps, departmentCode, used);
        if (reached) {
          if (!exempt[i]) {
            unplaced.push({ requestId: requestIds[i], code: 'CAP_DEPARTMENT', message: (departmentCapMessages[department][reached.used] ??= capReachedMessage(reached)) });
            continue;
          }
          (exceptions ??= []).push({ requestId: requestIds[i], reason: reasonOf[i], cap: 'DEPARTMENT', departmentCode });
        }
        checksUsed[department] = used + 1;
        groupDepartments[groupDepartmentCount++] = department;
      }
      if (!joins) {
        visits++;
        groupTarget[group] = t;
        groupLo[group] = windowStart[i];
        groupHi[group] = windowEnd[i];
        groupMembersFrom[group] = memberCount;
        groupDepartmentsFrom[group] = departmentsFrom;
        current = group;
        groupCount++;
      }
      members[memberCount++] = i;
      if (windowStart[i] > groupLo[group]) groupLo[group] = windowStart[i];
      if (exceptions) (groupExceptions[group] ??= []).push(...exceptions);
    }
    visitsOfTarget[t] = visits;
  }
  groupMembersFrom[groupCount] = memberCount;
  groupDepartmentsFrom[groupCount] = groupDepartmentCount;

  // Phase 2, all targets: dates with team capacity, earliest deadline first (then latest
  // start, then target id).
  const allGroups = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) allGroups[g] = g;
  let groupOrder: Int32Array;
  if (dense) {
    groupOrder = sortByKey(allGroups, groupLo, firstDay, days);
    groupOrder = sortByKey(groupOrder, groupHi, firstDay, days);
  } else {
    groupOrder = allGroups.sort((a, b) => groupHi[a] - groupHi[b] || groupLo[a] - groupLo[b] || a - b);
  }
  sortRuns(
    groupOrder,
    (a, b) => groupHi[a] === groupHi[b] && groupLo[a] === groupLo[b],
    (a, b) => byText(targetIds[groupTarget[a]], targetIds[groupTarget[b]]),
  );

  // Team days are indexed from the plan's first day.
  const teamVisits = dailyCapacity(capacity.visitsPerDay, days, dense);
  const departmentChecks = departmentCodes.map((code) =>
    dailyCapacity(capacity.checksPerDepartmentPerDay[code] ?? capacity.defaultChecksPerDepartmentPerDay, days, dense),
  );
  // Phase 2 passes lists of departments and of members as a range of a typed array (the
  // group's own, or a split's scratch list) rather than a fresh array per visit: at 100k
  // requests those short-lived arrays were a tenth of the planner's time. Days are indexes
  // from the plan's first day.
  const fit = (lo: number, hi: number, list: Int32Array, from: number, to: number): number | null => {
    const day = firstFit(teamVisits, departmentChecks, lo - firstDay, hi - firstDay, list, from, to);
    return day === null ? null : day + firstDay;
  };
  const book = (day: number, list: Int32Array, from: number, to: number) => take(teamVisits, departmentChecks, day - firstDay, list, from, to);

  const visits: PlannedVisit[] = [];
  const placed = new Uint8Array(count);
  let placedCount = 0;
  let departmentCheckCount = 0;
  // Visits of a target on a date so far (the key's sequence number): more than one only when a split lands on a day taken.
  const sequence = new Map<number | string, number>();
  const checkSlot = new Int32Array(departments);
  const firstKeyTail: string[] = [];
  const emit = (
    target: number,
    day: number,
    memberList: Int32Array,
    membersFrom: number,
    membersTo: number,
    departmentList: Int32Array,
    departmentsFrom: number,
    departmentsTo: number,
    capExceptions: readonly CapException[],
    aboveBoundReason?: string,
  ) => {
    // Arrays made at their final length where it is known (a pushed-to array keeps spare room).
    const memberTotal = membersTo - membersFrom;
    const checkCount = departmentsTo - departmentsFrom;
    let ids: string[];
    if (memberTotal === 1) ids = [requestIds[memberList[membersFrom]]]; // a literal: cheaper than new Array(n) in optimised code
    else {
      ids = new Array<string>(memberTotal);
      for (let k = 0; k < memberTotal; k++) ids[k] = requestIds[memberList[membersFrom + k]];
    }
    const checks = new Array<PlannedDepartmentCheck & { requestIds: string[] }>(checkCount);
    for (let slot = 0; slot < checkCount; slot++) {
      const department = departmentList[departmentsFrom + slot];
      checkSlot[department] = slot;
      // One department: its requests are the visit's, the same array (one allocation fewer per visit; the plan is read-only).
      checks[slot] = { departmentCode: departmentCodes[department], itemCodes: [], requestIds: checkCount === 1 ? ids : [] };
    }
    for (let k = membersFrom; k < membersTo; k++) {
      const i = memberList[k];
      const check = checks[checkSlot[departmentOf[i]]];
      if (checkCount > 1) check.requestIds.push(requestIds[i]);
      const onlyCode = onlyItemCode[i];
      const itemCodes = check.itemCodes;
      if (onlyCode === undefined) {
        for (const code of itemCodesOf[i]) if (!itemCodes.includes(code)) itemCodes.push(code);
      } else if (itemCodes.length === 0) check.itemCodes = [onlyCode]; // the usual case, one request's one item
      else if (!itemCodes.includes(onlyCode)) itemCodes.push(onlyCode);
      if (placed[i] === 0) {
        placed[i] = 1;
        placedCount++;
      }
    }
    for (const check of checks) if (check.itemCodes.length > 1) check.itemCodes.sort();
    const targetId = targetIds[target];
    const date = dayString(day);
    const sequenceKey = dense ? target * days + (day - firstDay) : `${targetId}|${date}`;
    const seq = (sequence.get(sequenceKey) ?? 0) + 1;
    sequence.set(sequenceKey, seq);
    departmentCheckCount += checkCount;
    // The key's tail for the first visit of a day (nearly all) made once per day, not per visit.
    const tail = seq === 1 ? (firstKeyTail[day - firstDay] ??= `:${date}:1`) : `:${date}:${seq}`;
    const visit: PlannedVisit = { key: targetId + tail, targetId, date, departments: checks, requestIds: ids, capExceptions };
    if (aboveBoundReason) visit.aboveBoundReason = aboveBoundReason;
    visits.push(visit);
  };

  // A split's department and its members: scratch lists, reused.
  const splitDepartment = new Int32Array(1);
  let splitMembers: Int32Array | undefined;
  for (const group of groupOrder) {
    const target = groupTarget[group];
    const departmentsFrom = groupDepartmentsFrom[group];
    const departmentsTo = groupDepartmentsFrom[group + 1];
    // A group's departments in number (= code) order, sorted where they lie: a handful at most.
    insertionSort(groupDepartments, departmentsFrom, departmentsTo, byNumber);
    const membersFrom = groupMembersFrom[group];
    const membersTo = groupMembersFrom[group + 1];
    const day = fit(groupLo[group], groupHi[group], groupDepartments, departmentsFrom, departmentsTo);
    if (day !== null) {
      book(day, groupDepartments, departmentsFrom, departmentsTo);
      emit(target, day, members, membersFrom, membersTo, groupDepartments, departmentsFrom, departmentsTo, groupExceptions[group] ?? NO_EXCEPTIONS);
      continue;
    }
    // No common date has room for the whole team: one visit per department, each in its own
    // (wider) window. Every visit after the first is above the bound, and says why. The split
    // visits are counted against the yearly cap afresh (departments with an exempt request go
    // first, so the visit the exception opened stays theirs). A department left without a date
    // is not taken back from the target's check count: nothing reads that count after phase 1.
    visitsOfTarget[target]--; // the merged visit is replaced by the split ones
    const codes: string[] = [];
    for (let k = departmentsFrom; k < departmentsTo; k++) codes.push(departmentCodes[groupDepartments[k]]);
    // Departments with an exempt request first, each part in number order.
    const splitOrder: number[] = [];
    const later: number[] = [];
    for (let k = departmentsFrom; k < departmentsTo; k++) {
      const d = groupDepartments[k];
      let hasExempt = false;
      for (let m = membersFrom; m < membersTo && !hasExempt; m++) hasExempt = departmentOf[members[m]] === d && exempt[members[m]] === 1;
      (hasExempt ? splitOrder : later).push(d);
    }
    for (const d of later) splitOrder.push(d);
    splitMembers ??= new Int32Array(eligibleCount);
    let first = true;
    for (const d of splitOrder) {
      const code = departmentCodes[d];
      let size = 0;
      let lo = -Infinity;
      let hi = Infinity;
      let openerIndex = -1;
      for (let k = membersFrom; k < membersTo; k++) {
        const i = members[k];
        if (departmentOf[i] !== d) continue;
        splitMembers[size++] = i;
        if (windowStart[i] > lo) lo = windowStart[i];
        if (windowEnd[i] < hi) hi = windowEnd[i];
        if (openerIndex < 0 && exempt[i] === 1) openerIndex = i;
      }
      splitDepartment[0] = d;
      const splitDay = fit(lo, hi, splitDepartment, 0, 1);
      const overCap = visitCapReached(caps, visitsOfTarget[target]) !== null;
      if (splitDay === null || (overCap && openerIndex < 0)) {
        const message =
          splitDay === null
            ? `${dayString(lo)}～${dayString(hi)} 期间部门 ${code} 或检查组的每日检查能力已满`
            : `检查能力不足须单独入企，但该市场主体本年度入企次数已达上限`;
        for (let k = 0; k < size; k++) unplaced.push({ requestId: requestIds[splitMembers[k]], code: 'NO_CAPACITY', message });
        continue;
      }
      const exceptions: CapException[] = [];
      for (const e of groupExceptions[group] ?? NO_EXCEPTIONS) if (e.cap === 'DEPARTMENT' && e.departmentCode === code) exceptions.push(e);
      if (overCap) exceptions.push({ requestId: requestIds[openerIndex], reason: reasonOf[openerIndex], cap: 'VISITS_PER_TARGET' });
      book(splitDay, splitDepartment, 0, 1);
      visitsOfTarget[target]++;
      emit(
        target,
        splitDay,
        splitMembers,
        0,
        size,
        splitDepartment,
        0,
        1,
        exceptions,
        first
          ? undefined
          : `${dayString(groupLo[group])}～${dayString(groupHi[group])} 期间没有一天同时有检查组和${codes.join('、')}各部门的检查能力，只能分开入企`,
      );
      first = false;
    }
  }

  let lowerBound = 0;
  const isPlaced = (i: number) => placed[i] === 1;
  for (let t = 0; t < targets; t++) lowerBound += minimumVisitsOf(t, isPlaced);
  return {
    visits,
    unplaced,
    lowerBound,
    lowerBoundAllRequests,
    summary: {
      requests: count,
      placed: placedCount,
      departmentChecks: departmentCheckCount,
      visits: visits.length,
      visitsAboveBound: visits.length - lowerBound,
      visitsSaved: departmentCheckCount - visits.length,
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
