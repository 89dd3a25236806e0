/**
 * Delivery of a step's notifications, right after the step's write (the rows are in the step's
 * transaction, db/steps.ts `notify`). Why here and not a dispatcher sweeping the table: the
 * activity call is in the workflow's history, so a worker restart resumes it and Temporal retries
 * it with backoff (ACTIVITY_OPTIONS.notification) while the channel is down; the notification goes
 * out at once rather than at a sweeper's next tick; and the time-skipping server, which has no
 * Schedules, runs it as production does. What the retries could not deliver stays undelivered in
 * the table (attempts, lastError) and the daily certificateExpiryWorkflow sweeps it again. The
 * activity skips delivered rows, so nothing is delivered twice by either path.
 */
import { ActivityFailure, patched } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import { ACTIVITY_OPTIONS, workflowActivities } from './common';

const notifications = workflowActivities<NotificationActivities>(ACTIVITY_OPTIONS.notification);

/** The patch of every workflow that delivers its steps' notifications (replays of older histories skip it). */
export const NOTIFY_PATCH = 'notify-delivery';

/**
 * Delivers the notifications of the steps `stepKeys` (workflow id + step). Never fails its
 * workflow: a channel still down after the retries is left to the daily sweep.
 */
export async function deliverNotifications(...stepKeys: string[]): Promise<void> {
  if (!patched(NOTIFY_PATCH)) return;
  try {
    await notifications.deliverNotifications({ stepKeys });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
  }
}

/**
 * Deliveries started beside a workflow's lines, so a channel that is down holds up no write and
 * no answer to a person; the workflow waits for them (`settled`) before it ends.
 */
export function createNotificationDelivery() {
  const pending: Promise<void>[] = [];
  return {
    /** Delivers the step's notifications when it asked for any (`notify` on the step). */
    after(step: { key: string; notify?: readonly unknown[] }): void {
      if (step.notify && step.notify.length > 0) pending.push(deliverNotifications(step.key));
    },
    settled: (): Promise<unknown> => Promise.all(pending),
  };
}
