/**
 * The scenario-list plan (场景清单计划) and its lifecycle: requests are collected, the 双随机
 * draw adds random-sampling requests, the planner merges everything into joint visits, the
 * coordinator approves, the plan is published, its visits are started on their dates, and at
 * the end the plan reports planned against done.
 */
import { dateOfColumn } from './dates';
export const PLAN_STATUSES = ['DRAFT', 'DRAWN', 'MERGED', 'APPROVED', 'PUBLISHED', 'EXECUTING', 'REPORTED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  DRAFT: '草拟',
  DRAWN: '已抽取',
  MERGED: '已合并',
  APPROVED: '已批准',
  PUBLISHED: '已公示',
  EXECUTING: '执行中',
  REPORTED: '已总结',
};

/** Steps that may run in each status. Requests and draws may be added until the plan is approved. */
export const PLAN_STEPS = {
  addRequests: ['DRAFT', 'DRAWN', 'MERGED'],
  draw: ['DRAFT', 'DRAWN', 'MERGED'],
  merge: ['DRAFT', 'DRAWN', 'MERGED'],
  approve: ['MERGED'],
  publish: ['APPROVED'],
} as const satisfies Record<string, readonly PlanStatus[]>;
export type PlanStep = keyof typeof PLAN_STEPS;

export function stepAllowed(step: PlanStep, status: PlanStatus): boolean {
  return (PLAN_STEPS[step] as readonly PlanStatus[]).includes(status);
}

/** Adding requests or a draw after a merge invalidates it: the plan must be merged again. */
export function statusAfter(step: 'addRequests' | 'draw' | 'merge', status: PlanStatus): PlanStatus {
  if (step === 'merge') return 'MERGED';
  if (step === 'draw') return 'DRAWN';
  return status === 'MERGED' ? 'DRAWN' : status;
}

export const PLAN_STEP_LABELS: Record<PlanStep, string> = {
  addRequests: '添加检查需求',
  draw: '双随机抽取',
  merge: '合并为联合检查',
  approve: '批准',
  publish: '公示',
};

/** When a visit's joint inspection is started: at this hour (China time) on its date. */
export const VISIT_START_HOUR_CHINA = 8;

export function visitStartInstant(date: string): string {
  // 08:00 in China (UTC+8) is 00:00 UTC of the same date.
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + (VISIT_START_HOUR_CHINA - 8) * 3_600_000).toISOString();
}

/** The calendar month after the given date (YYYY-MM-DD): the period a monthly plan covers. */
export function nextMonthPeriod(today: string): { periodStart: string; periodEnd: string; label: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)); // 1-12; the next month is index `month` 0-based
  const start = new Date(Date.UTC(year, month, 1));
  const end = new Date(Date.UTC(year, month + 1, 0));
  return {
    periodStart: dateOfColumn(start),
    periodEnd: dateOfColumn(end),
    label: `${start.getUTCFullYear()}年${start.getUTCMonth() + 1}月`,
  };
}
