/**
 * The Temporal Schedule that runs the recurring planning: on the 20th of every month at 09:00
 * China time it opens next month's plan, so departments have ten days to add their requests.
 * Created idempotently at start-up; visible (and pausable) in the Temporal UI.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { MonthlyPlanningInput, monthlyPlanningWorkflow } from '../workflows/plan';

export const MONTHLY_PLANNING_SCHEDULE_ID = 'onevisit-monthly-planning';

export async function ensureMonthlyPlanningSchedule(
  client: Client,
  options: { taskQueue: string; input: MonthlyPlanningInput; scheduleId?: string },
): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? MONTHLY_PLANNING_SCHEDULE_ID;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ dayOfMonth: 20, hour: 9, minute: 0, comment: '每月20日9时生成下月场景清单计划' }], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: 'monthlyPlanningWorkflow' satisfies (typeof monthlyPlanningWorkflow)['name'],
        taskQueue: options.taskQueue,
        args: [options.input],
        workflowId: `${scheduleId}-run`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { description: '场景清单计划：每月自动生成下月计划' },
    });
    return { scheduleId, created: true };
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return { scheduleId, created: false };
    throw error;
  }
}
