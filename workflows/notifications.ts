/**
 * The daily notifier run (a Temporal Schedule starts it, api/schedules.ts): the 执法证 expiring
 * within CERTIFICATE_WARNING_DAYS get their warning — once per certificate and expiry date, the
 * step's key says so — and notifications whose own delivery gave up a day ago are sent again.
 */
import { ActivityFailure } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import { chinaDate } from '../domain/dates';
import { deliverNotifications } from './notify';
import { ACTIVITY_OPTIONS, DAY_MS, nowIso, workflowActivities } from './common';

const standard = workflowActivities<NotificationActivities>();
const delivery = workflowActivities<NotificationActivities>(ACTIVITY_OPTIONS.notification);

export interface CertificateExpiryInput {
  /** CERTIFICATE_WARNING_DAYS (domain/officers.ts default when absent). */
  warningDays?: number;
}

export async function certificateExpiryWorkflow(input: CertificateExpiryInput = {}): Promise<{ onDate: string; certificates: number }> {
  const at = nowIso();
  const onDate = chinaDate(at);
  const keys = await standard.recordCertificateWarnings({ onDate, warningDays: input.warningDays, at });
  if (keys.length > 0) await deliverNotifications(...keys);
  try {
    await delivery.deliverNotifications({ createdBefore: new Date(Date.now() - DAY_MS).toISOString() });
  } catch (error) {
    // Still down: tomorrow's run tries again; the rows keep their attempts and last error.
    if (!(error instanceof ActivityFailure)) throw error;
  }
  return { onDate, certificates: keys.length };
}
