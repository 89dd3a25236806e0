/**
 * The Temporal Schedule that runs the recurring planning: on the 20th of every month at 09:00
 * China time it opens next month's plan, so departments have ten days to add their requests.
 * Created idempotently at start-up; visible (and pausable) in the Temporal UI.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { MonthlyPlanningInput, monthlyPlanningWorkflow } from '../workflows/plan';
import type { CertificateExpiryInput, certificateExpiryWorkflow } from '../workflows/notifications';

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

export const CERTIFICATE_EXPIRY_SCHEDULE_ID = 'onevisit-certificate-expiry';

/**
 * The daily notifier run at 08:00 China time: 执法证 expiry warnings (each once per expiry date)
 * and the re-send of notifications whose delivery gave up. Created idempotently at start-up.
 */
export async function ensureCertificateExpirySchedule(
  client: Client,
  options: { taskQueue: string; input: CertificateExpiryInput; scheduleId?: string },
): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? CERTIFICATE_EXPIRY_SCHEDULE_ID;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 8, minute: 0, comment: '每日8时：执法证到期提醒，补发未送达的提醒' }], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: 'certificateExpiryWorkflow' satisfies (typeof certificateExpiryWorkflow)['name'],
        taskQueue: options.taskQueue,
        args: [options.input],
        workflowId: `${scheduleId}-run`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { description: '执法证到期提醒（每日）' },
    });
    return { scheduleId, created: true };
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return { scheduleId, created: false };
    throw error;
  }
}
