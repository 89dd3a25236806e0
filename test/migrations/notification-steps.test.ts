/**
 * A step's notifications are written in the step's transaction (db/steps.ts `notify`): a
 * retried step (same key) adds none, and a step whose write fails leaves none behind.
 */
import { stepRecorder } from '../../db/steps';
import { createTestDatabase } from '../support/harness';

const { prisma } = createTestDatabase();
afterAll(() => prisma.$disconnect());

test('a retried step writes its notifications once; a failed step writes none', async () => {
  const officer = await prisma.officer.findUniqueOrThrow({ where: { key: 'fire-2' } });
  const record = stepRecorder(prisma, 'Officer');
  const step = {
    key: `test-step:${officer.id}`,
    subjectId: officer.id,
    at: new Date('2026-03-02T01:00:00Z'),
    action: 'TEST_NOTIFIED',
    notify: [{ kind: 'CERTIFICATE_EXPIRING' as const, subjectId: officer.id, params: { expiresOn: '2026-03-20', daysLeft: 18 } }],
  };
  expect(await record(step)).toBe(true);
  expect(await record(step)).toBe(false);
  const rows = await prisma.notification.findMany({ where: { stepKey: step.key } });
  const admins = await prisma.officer.count({ where: { active: true, roles: { some: { role: 'ADMIN' } } } });
  expect(rows).toHaveLength(1 + admins);
  expect(rows.every((r) => r.deliveredAt === null && r.kind === 'CERTIFICATE_EXPIRING')).toBe(true);

  const failing = { ...step, key: 'test-step:failing', write: async () => Promise.reject(new Error('the step failed')) };
  await expect(record(failing)).rejects.toThrow('the step failed');
  expect(await prisma.notification.count({ where: { stepKey: failing.key } })).toBe(0);
});
