/**
 * Delivery of the inbox (Notification rows, written with the step that caused them) to the
 * configured channel, and the daily certificate check. Each row is sent with its own
 * idempotency key and marked delivered right after the receiver accepted it, so a retried
 * activity skips what already went out and resends (same key) only a row whose marking was lost.
 */
import { log } from '@temporalio/activity';
import { addCalendarDays } from '../domain/calendar';
import { certificateStatus, DEFAULT_CERTIFICATE_WARNING_DAYS } from '../domain/officers';
import type { NotificationKind } from '../domain/notifications';
import { columnOfDate, dateOfColumn } from '../domain/dates';
import type { PrismaClient } from '../db';
import { stepRecorder } from '../db/steps';
import { DEFAULT_NOTIFIER_CONFIG, createNotifierChannel, type NotifierChannel, type NotifierConfig } from './notifier';

export interface NotificationActivityDeps {
  prisma: PrismaClient;
  notifier?: NotifierConfig;
  /** Overrides the configured channel (shared with the 532 escalations when the worker passes one). */
  notificationChannel?: NotifierChannel;
}

/** The `type` of a notification on the channel (the 532 escalation's is rapid-response.clock-breached). */
export const NOTIFICATION_MESSAGE_TYPE = 'notification';

/** The certificate step's key: once per officer and expiry date, whichever day's run writes it. */
export function certificateStepKey(officerId: string, expiresOn: string): string {
  return `certificate-expiring:${officerId}:${expiresOn}`;
}

export function createNotificationActivities(deps: NotificationActivityDeps) {
  const { prisma } = deps;
  const channel =
    deps.notificationChannel ??
    createNotifierChannel(deps.notifier ?? DEFAULT_NOTIFIER_CONFIG, (line, message) => log.warn(line, { notification: message }));
  const record = stepRecorder(prisma, 'Officer');

  return {
    /**
     * Sends the undelivered notifications of the given steps (or, for the daily sweep, every one
     * created before `createdBefore`), oldest first. Throws on the first failure so Temporal
     * retries with backoff; what was delivered before it stays delivered.
     */
    async deliverNotifications(options: { stepKeys?: string[]; createdBefore?: string }): Promise<{ delivered: number; channel: string }> {
      const where = {
        deliveredAt: null,
        ...(options.stepKeys ? { stepKey: { in: options.stepKeys } } : {}),
        ...(options.createdBefore ? { createdAt: { lt: new Date(options.createdBefore) } } : {}),
      };
      if (!options.stepKeys && !options.createdBefore) return { delivered: 0, channel: channel.name };
      const rows = await prisma.notification.findMany({ where, orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }] });
      const officers = new Map(
        (await prisma.officer.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.officerId))] } }, select: { id: true, name: true, phone: true } })).map(
          (o) => [o.id, o],
        ),
      );
      let delivered = 0;
      for (const row of rows) {
        const officer = officers.get(row.officerId);
        try {
          await channel.send(
            {
              type: NOTIFICATION_MESSAGE_TYPE,
              notificationId: row.id,
              kind: row.kind,
              recipient: { officerId: row.officerId, name: officer?.name ?? null, phone: officer?.phone ?? null },
              subject: { type: row.subjectType, id: row.subjectId },
              townshipId: row.townshipId,
              title: row.title,
              body: row.body,
              createdAt: row.createdAt.toISOString(),
              message: `【${row.title}】${row.body}`,
            },
            row.idempotencyKey,
          );
        } catch (error) {
          await prisma.notification.update({
            where: { id: row.id },
            data: { attempts: { increment: 1 }, lastError: String((error as Error)?.message ?? error).slice(0, 500) },
          });
          throw error;
        }
        // Only an undelivered row is marked: a concurrent sweep that sent it too changes nothing here.
        const { count } = await prisma.notification.updateMany({
          where: { id: row.id, deliveredAt: null },
          data: { deliveredAt: new Date(), attempts: { increment: 1 }, lastError: null },
        });
        delivered += count;
      }
      return { delivered, channel: channel.name };
    },

    /**
     * The 执法证 of active officers expiring within `warningDays` of `onDate` (inclusive): one step
     * per certificate and expiry date with its CERTIFICATE_EXPIRING notifications; a later day's
     * run finds the step written and adds nothing. Returns the steps' keys (to deliver).
     */
    async recordCertificateWarnings(options: { onDate: string; warningDays?: number; at: string }): Promise<string[]> {
      const warningDays = options.warningDays ?? DEFAULT_CERTIFICATE_WARNING_DAYS;
      const officers = await prisma.officer.findMany({
        where: {
          active: true,
          certificateNo: { not: null },
          certificateExpiresOn: { gte: columnOfDate(options.onDate), lte: columnOfDate(addCalendarDays(options.onDate, warningDays)) },
        },
        select: { id: true, name: true, certificateNo: true, certificateExpiresOn: true },
        orderBy: { key: 'asc' },
      });
      const keys: string[] = [];
      for (const officer of officers) {
        const expiresOn = dateOfColumn(officer.certificateExpiresOn!);
        const status = certificateStatus({ certificateNo: officer.certificateNo, certificateExpiresOn: expiresOn }, options.onDate, warningDays);
        if (status.state !== 'EXPIRING') continue;
        const key = certificateStepKey(officer.id, expiresOn);
        const kind: NotificationKind = 'CERTIFICATE_EXPIRING';
        await record({
          key,
          subjectId: officer.id,
          at: new Date(options.at),
          actor: null,
          action: 'CERTIFICATE_EXPIRING_NOTIFIED',
          payload: { expiresOn, daysLeft: status.daysLeft, onDate: options.onDate },
          notify: [{ kind, subjectId: officer.id, params: { expiresOn, daysLeft: status.daysLeft } }],
        });
        keys.push(key);
      }
      return keys;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
