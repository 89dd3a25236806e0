/**
 * The "532" rapid response (532 快速响应): a grid worker (网格员) reports an event; an
 * instruction is issued within 5 minutes, responders are on site within 30 minutes and an
 * initial result is fed back within 2 hours — every clock measured from the report. Pure
 * rules: categories, stages, the clock policy and the arithmetic of on-time rates.
 */

export const EVENT_CATEGORIES = {
  STREET_VENDING: { label: '占道经营', departments: ['URBAN', 'MARKET'] },
  NOISE: { label: '噪声扰民', departments: ['ECOENV', 'URBAN', 'POLICE'] },
  ILLEGAL_CONSTRUCTION: { label: '违法建设', departments: ['HOUSING', 'URBAN'] },
  FOOD_SAFETY: { label: '食品安全', departments: ['MARKET', 'HEALTH'] },
  FIRE_HAZARD: { label: '消防隐患', departments: ['FIRE', 'SAFETY'] },
  POLLUTION: { label: '环境污染', departments: ['ECOENV', 'AGRI'] },
  WORK_SAFETY: { label: '安全生产', departments: ['SAFETY', 'FIRE'] },
  OTHER: { label: '其他', departments: ['URBAN'] },
} as const satisfies Record<string, { label: string; departments: readonly string[] }>;

export type EventCategory = keyof typeof EVENT_CATEGORIES;
export const EVENT_CATEGORY_CODES = Object.keys(EVENT_CATEGORIES) as [EventCategory, ...EventCategory[]];

/** Departments (seed catalog codes) suggested for a category, most relevant first. */
export function suggestedDepartments(category: EventCategory): string[] {
  return [...EVENT_CATEGORIES[category].departments];
}

export const EVENT_STATUSES = ['REPORTED', 'DISPATCHED', 'ON_SITE', 'FED_BACK', 'RESOLVED', 'CONVERTED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  REPORTED: '待派单',
  DISPATCHED: '已派单',
  ON_SITE: '已到场',
  FED_BACK: '已反馈',
  RESOLVED: '已办结',
  CONVERTED: '已转办',
};

export const OPEN_EVENT_STATUSES = ['REPORTED', 'DISPATCHED', 'ON_SITE', 'FED_BACK'] as const satisfies readonly EventStatus[];

export function isEventClosed(status: EventStatus): boolean {
  return status === 'RESOLVED' || status === 'CONVERTED';
}

/** The three clocks, in the order the work happens. */
export const RESPONSE_STAGES = ['DISPATCH', 'ON_SITE', 'FEEDBACK'] as const;
export type ResponseStage = (typeof RESPONSE_STAGES)[number];

export const STAGE_LABELS: Record<ResponseStage, string> = {
  DISPATCH: '指令下达',
  ON_SITE: '人员到场',
  FEEDBACK: '初步反馈',
};

/** The stage whose clock an event in this status is running against; null once fed back. */
export function currentStage(status: EventStatus): ResponseStage | null {
  switch (status) {
    case 'REPORTED':
      return 'DISPATCH';
    case 'DISPATCHED':
      return 'ON_SITE';
    case 'ON_SITE':
      return 'FEEDBACK';
    default:
      return null;
  }
}

export const CONVERSION_KINDS = ['JOINT_INSPECTION', 'CASE'] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** Clock durations, each measured from the report time. Copied into every event's workflow. */
export interface ClockPolicy {
  dispatchMs: number;
  onSiteMs: number;
  feedbackMs: number;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = {
  dispatchMs: 5 * 60 * 1000,
  onSiteMs: 30 * 60 * 1000,
  feedbackMs: 2 * 60 * 60 * 1000,
};

export function clockDurationMs(policy: ClockPolicy, stage: ResponseStage): number {
  return { DISPATCH: policy.dispatchMs, ON_SITE: policy.onSiteMs, FEEDBACK: policy.feedbackMs }[stage];
}

/** Why the order matters: every clock runs from the report, so a later stage cannot be due earlier. */
export function clockPolicyProblems(policy: ClockPolicy): string[] {
  const problems: string[] = [];
  for (const stage of RESPONSE_STAGES) {
    const ms = clockDurationMs(policy, stage);
    if (!Number.isInteger(ms) || ms <= 0) problems.push(`${STAGE_LABELS[stage]}时限必须是正整数毫秒`);
  }
  if (policy.onSiteMs < policy.dispatchMs) problems.push('人员到场时限不能短于指令下达时限');
  if (policy.feedbackMs < policy.onSiteMs) problems.push('初步反馈时限不能短于人员到场时限');
  return problems;
}

export function dueAt(reportedAt: string, policy: ClockPolicy, stage: ResponseStage): string {
  return new Date(Date.parse(reportedAt) + clockDurationMs(policy, stage)).toISOString();
}

/** Milliseconds until the clock is due; negative once it has passed. */
export function timeLeftMs(due: string, now: string): number {
  return Date.parse(due) - Date.parse(now);
}

/** An action exactly at the due instant is still on time. */
export function isLate(doneAt: string, due: string): boolean {
  return Date.parse(doneAt) > Date.parse(due);
}

export type ClockOutcome = 'RUNNING' | 'ON_TIME' | 'LATE' | 'BREACHED';

/**
 * A stage's clock as a leader reads it: done in time, done late, missed and still not done,
 * or still running. A clock past due counts as breached from that instant, whoever looks.
 */
export function clockOutcome(options: { due: string; doneAt: string | null; now: string }): ClockOutcome {
  const { due, doneAt, now } = options;
  if (doneAt !== null) return isLate(doneAt, due) ? 'LATE' : 'ON_TIME';
  return isLate(now, due) ? 'BREACHED' : 'RUNNING';
}

/** Nearest-rank percentile (p in 0..100) of the values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface OnTimeTally {
  onTime: number;
  late: number;
  breached: number;
  running: number;
}

export function emptyTally(): OnTimeTally {
  return { onTime: 0, late: 0, breached: 0, running: 0 };
}

export function tallyOutcome(tally: OnTimeTally, outcome: ClockOutcome): void {
  if (outcome === 'ON_TIME') tally.onTime++;
  else if (outcome === 'LATE') tally.late++;
  else if (outcome === 'BREACHED') tally.breached++;
  else tally.running++;
}

/** Share of decided clocks kept; running clocks are not yet decided and do not count. */
export function onTimeRate(tally: OnTimeTally): number | null {
  const decided = tally.onTime + tally.late + tally.breached;
  return decided === 0 ? null : tally.onTime / decided;
}
