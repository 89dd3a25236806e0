/**
 * The daily notifier run as production starts it: a Temporal Schedule on the dev server, the
 * worker with the webhook channel. A 执法证 ten days from its end is warned once (its holder and
 * the administrators), however often the schedule fires; the schedule is created once.
 */
import { CERTIFICATE_EXPIRY_SCHEDULE_ID, ensureCertificateExpirySchedule } from '../../api/schedules';
import { addCalendarDays } from '../../domain/calendar';
import { chinaDate, columnOfDate } from '../../domain/dates';
import { eventually, useWorkflowStack } from '../support/harness';

const stack = useWorkflowStack({ webhook: { dutyLeaderKey: 'leader-1' } });

test('the certificate-expiry Schedule warns of a 执法证 once per expiry date', async () => {
  const { client, prisma, worker, webhook } = stack;
  const officer = await prisma.officer.findUniqueOrThrow({ where: { key: 'fire-2' } });
  // Relative to the day the test runs: ten days before the certificate's last day.
  const expiresOn = addCalendarDays(chinaDate(new Date().toISOString()), 10);
  await prisma.officer.update({ where: { id: officer.id }, data: { certificateExpiresOn: columnOfDate(expiresOn) } });
  const admins = await prisma.officer.findMany({ where: { active: true, roles: { some: { role: 'ADMIN' } } }, select: { id: true } });

  const scheduleId = `${CERTIFICATE_EXPIRY_SCHEDULE_ID}-${Date.now()}`;
  const handle = client.schedule.getHandle(scheduleId);
  try {
    const options = { taskQueue: worker.taskQueue, input: { warningDays: 30 }, scheduleId };
    expect(await ensureCertificateExpirySchedule(client, options)).toEqual({ scheduleId, created: true });
    expect((await ensureCertificateExpirySchedule(client, options)).created).toBe(false);
    expect((await handle.describe()).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }] });

    const warnings = () => webhook.received.filter((r) => r.body.kind === 'CERTIFICATE_EXPIRING' && r.body.subject.id === officer.id);
    await handle.trigger();
    await eventually(async () => expect(warnings()).toHaveLength(1 + admins.length), 30_000);
    const runs = async () => (await handle.describe()).info.recentActions.length;
    const lastRunCompleted = () =>
      eventually(async () => {
        const last = (await handle.describe()).info.recentActions.at(-1)!;
        const description = await client.workflow.getHandle(last.action.workflow.workflowId, last.action.workflow.firstExecutionRunId).describe();
        expect(description.status.name).toBe('COMPLETED');
      }, 30_000);
    // A trigger while a run is still going is skipped (the schedule's overlap policy): the second
    // fires once the first has ended.
    await lastRunCompleted();
    await handle.trigger();
    await eventually(async () => expect(await runs()).toBe(2), 30_000);
    await lastRunCompleted();

    expect(warnings()).toHaveLength(1 + admins.length);
    expect(new Set(warnings().map((w) => w.body.recipient.officerId))).toEqual(new Set([officer.id, ...admins.map((a) => a.id)]));
    expect(warnings()[0].body.body).toContain(expiresOn);
    expect(warnings()[0].idempotencyKey).toContain(`certificate-expiring:${officer.id}:${expiresOn}`);
    expect(await prisma.notification.count({ where: { subjectId: officer.id, kind: 'CERTIFICATE_EXPIRING', deliveredAt: { not: null } } })).toBe(1 + admins.length);
  } finally {
    await handle.delete().catch(() => undefined);
  }
});
