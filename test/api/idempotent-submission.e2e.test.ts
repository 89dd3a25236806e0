/**
 * A department's check submission resent after its answer was lost (the cluster test saw it:
 * an API stopped mid-request, ENGINE_UNAVAILABLE) is recorded once when it carries the same
 * Idempotency-Key — the engine runs an update id once and answers the resend with the first
 * outcome; a new key is a new submission (a revision), as before.
 */
import { expect, test } from '@jest/globals';
import { assignmentsFor, compliantResults, restaurantVisitRequest } from '../support/factories';
import { useTestStack } from '../support/harness';

const { prisma, http, tokens } = useTestStack({ name: 'idempotent-submission', officers: ['coordinator-2', 'market-1', 'fire-1'] });

test('the same Idempotency-Key records one submission; another key records a revision', async () => {
  const body = await restaurantVisitRequest(prisma);
  const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  const checkIn = await http('POST', `/api/inspections/${id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: body.team.map((m) => m.officerId) } });
  expect(checkIn.status).toBe(200);
  const [market] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET']);
  const results = compliantResults(market);
  const submit = (key: string) =>
    http('PUT', `/api/inspections/${id}/checks/MARKET`, { token: tokens['market-1'], body: { results }, headers: { 'idempotency-key': key } });

  const first = await submit('phone-0001');
  const resent = await submit('phone-0001');
  expect([first.status, resent.status]).toEqual([200, 200]);
  expect(resent.body).toEqual(first.body);
  const actions = async () =>
    (await prisma.auditEvent.findMany({ where: { subjectId: id, action: { startsWith: 'DEPARTMENT_CHECKS_' } }, orderBy: { at: 'asc' } })).map((a) => a.action);
  expect(await actions()).toEqual(['DEPARTMENT_CHECKS_SUBMITTED']);

  const again = await submit('phone-0002');
  expect(again.status).toBe(200);
  expect(await actions()).toEqual(['DEPARTMENT_CHECKS_SUBMITTED', 'DEPARTMENT_CHECKS_REVISED']);
});
