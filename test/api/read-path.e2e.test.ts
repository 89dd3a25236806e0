/**
 * One read path: the database, current when a command answers. Over real HTTP with the real
 * worker, dev server and database: a started inspection's Location answers at once, each
 * command's whole effect (the workflow's next steps included) is readable the moment it
 * answers, a rectification order's document can be issued right after the order, and with
 * the engine unreachable reads answer as before while commands answer 503 with Retry-After.
 */
import net from 'node:net';
import type { Client } from '@temporalio/client';
import { assignmentsFor, compliantResults, inspectionWithMarketFinding, officerByKey, restaurantVisitRequest } from '../support/factories';
import { saveHistoryFixture, temporalAddress, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

/** A TCP relay in front of the dev server: closing it makes the engine unreachable for the API alone. */
async function startEngineRelay(target: string) {
  const [host, port] = target.split(':');
  const sockets = new Set<net.Socket>();
  let server = net.createServer((client) => {
    const upstream = net.connect(Number(port), host);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    address,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server = net.createServer();
    },
  };
}

let relay: Awaited<ReturnType<typeof startEngineRelay>>;
const today = chinaDate(new Date().toISOString());

const { prisma, http, tokens } = useTestStack({
  officers: ['coordinator-2', 'market-1', 'fire-1', 'leader-1'],
  // The API's own connection goes through the relay, with the retry limits the API process uses.
  async engine() {
    relay = await startEngineRelay(temporalAddress());
    const { connectEngine } = await import('../../api/engine');
    const engine = await connectEngine({ address: relay.address, namespace: 'default' });
    return {
      client: engine.client as Client,
      async close() {
        await engine.connection.close().catch(() => undefined);
        await relay.stop().catch(() => undefined);
      },
    };
  },
});

// Many visits of one business on one day: made under a typed exception (the join window and the
// yearly cap would refuse them otherwise; this file is about the read path, not those rules).
const scheduleBody = async () => ({
  ...(await restaurantVisitRequest(prisma, { targetKey: 'restaurant-2', scheduledFor: today })),
  exception: { reason: 'COMPLAINT', note: '读路径测试：同一市场主体同日多次排期' },
});

test('a started inspection is readable at once, and each command answers with its whole effect stored', async () => {
  const body = await scheduleBody();
  // Many starts in parallel: not one read of a just-answered Location may miss.
  const started = await Promise.all(Array.from({ length: 12 }, () => http('POST', '/api/inspections', { token: tokens['coordinator-2'], body })));
  expect(started.map((r) => r.status)).toEqual(started.map(() => 202));
  const reads = await Promise.all(started.map((r) => http('GET', r.headers.get('location')!, { token: tokens['leader-1'] })));
  expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
  for (const read of reads) {
    expect(read.body.inspection.status).toBe('SCHEDULED');
    expect(read.body.state).toMatchObject({ status: 'SCHEDULED', persisted: true });
  }

  const id = started[0].body.id as string;
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const checkIn = await http('POST', `/api/inspections/${id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } });
  expect(checkIn.status).toBe(200);
  let detail = await http('GET', `/api/inspections/${id}`, { token: tokens['leader-1'] });
  expect(detail.body.inspection.status).toBe('ON_SITE');
  expect(detail.body.state).toMatchObject({ status: 'ON_SITE', checkInAt: checkIn.body.checkInAt, submissionDeadlineAt: checkIn.body.submissionDeadlineAt });

  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const first = await http('PUT', `/api/inspections/${id}/checks/MARKET`, { token: tokens['market-1'], body: { results: compliantResults(marketItems) } });
  expect(first.status).toBe(200);
  // The last submission ends the visit: no finding, so the workflow closes it before answering.
  const last = await http('PUT', `/api/inspections/${id}/checks/FIRE`, { token: tokens['fire-1'], body: { results: compliantResults(fireItems) } });
  expect(last.status).toBe(200);
  expect(last.body.status).toBe('CLOSED');
  detail = await http('GET', `/api/inspections/${id}`, { token: tokens['leader-1'] });
  expect(detail.body.inspection.status).toBe('CLOSED');
  // The fire inspector's answer shows the fire check only; the leader reads the same stored state.
  expect(detail.body.state).toMatchObject({ status: 'CLOSED', closedAt: last.body.closedAt, checksDoneAt: last.body.checksDoneAt });
  expect(detail.body.state.departments).toContainEqual(last.body.departments[0]);
  expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual([
    'INSPECTION_SCHEDULED',
    'INSPECTION_CHECKED_IN',
    'DEPARTMENT_CHECKS_SUBMITTED',
    'DEPARTMENT_CHECKS_SUBMITTED',
    'INSPECTION_CHECKS_DONE',
    'INSPECTION_CLOSED',
  ]);
  // A run with the read model (marker, settled answers, state on every write) guards its replay.
  await saveHistoryFixture({ workflowId: `inspection-${id}` }, 'read-model-settled-answers-closed');
});

test('a rectification order answers once stored: its 责令改正通知书 can be issued right after', async () => {
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  const ordered = await http('POST', `/api/findings/${findingId}/rectification`, {
    token: tokens['market-1'],
    body: { requirement: '立即下架过期食品，建立进货查验记录', workingDays: 5 },
  });
  expect(ordered.status).toBe(202);
  const read = await http('GET', ordered.headers.get('location')!, { token: tokens['leader-1'] });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ status: 'ORDERED', deadline: ordered.body.deadline, persisted: true });
  const document = await http('POST', `/api/inspections/${inspectionId}/documents`, {
    token: tokens['market-1'],
    body: { kind: 'RECTIFICATION_ORDER', findingId },
  });
  expect(document.status).toBe(201);
});

test('with the engine unreachable, reads answer as before and commands answer 503 with Retry-After', async () => {
  const body = await scheduleBody();
  const started = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
  expect(started.status).toBe(202);
  const id = started.body.id as string;
  const readPaths = [`/api/inspections/${id}`, '/api/inspections?pageSize=50', `/api/stats?year=${today.slice(0, 4)}`];
  const before = await Promise.all(readPaths.map((p) => http('GET', p, { token: tokens['leader-1'] })));
  expect(before.map((r) => r.status)).toEqual([200, 200, 200]);
  const rowsBefore = await prisma.jointInspection.count();

  await relay.stop();

  const during = await Promise.all(readPaths.map((p) => http('GET', p, { token: tokens['leader-1'] })));
  expect(during.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(during.map((r) => r.body)).toEqual(before.map((r) => r.body));

  // Readiness says which part is missing.
  const health = await http('GET', '/healthz');
  expect(health.status).toBe(503);
  expect(health.body).toEqual({ status: 'degraded', checks: { database: 'ok', temporal: 'error' } });

  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const checkIn = await http('POST', `/api/inspections/${id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } });
  expect(checkIn.status).toBe(503);
  expect(checkIn.body.error.code).toBe('ENGINE_UNAVAILABLE');
  expect(checkIn.body.error.message).toMatch(/稍后重试/);
  expect(checkIn.headers.get('retry-after')).toBe('5');
  const schedule = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
  expect(schedule.status).toBe(503);
  expect(schedule.body.error.code).toBe('ENGINE_UNAVAILABLE');
  // Nothing half-written: no new inspection row, the refused check-in changed nothing.
  expect(await prisma.jointInspection.count()).toBe(rowsBefore);
  const after = await http('GET', `/api/inspections/${id}`, { token: tokens['leader-1'] });
  expect(after.body).toEqual(before[0].body);
});

test('a retried or overtaken write never stores an older state', async () => {
  const { MockActivityEnvironment } = await import('@temporalio/testing');
  const { createActivities } = await import('../../activities');
  const activities = createActivities({ prisma });
  const workflowId = `inspection-state-order-${Date.now()}`;
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'r1' } });
  const stored = () => prisma.workflowState.findUniqueOrThrow({ where: { workflowId } });
  await env.run(activities.recordWorkflowState, { version: 3, stateJson: '{"status":"ON_SITE"}' });
  // An earlier write whose retry lands late, and the same write retried.
  await env.run(activities.recordWorkflowState, { version: 2, stateJson: '{"status":"SCHEDULED"}' });
  await env.run(activities.recordWorkflowState, { version: 3, stateJson: '{"status":"ON_SITE"}' });
  expect(await stored()).toMatchObject({ version: 3, stateJson: '{"status":"ON_SITE"}' });
  await env.run(activities.recordWorkflowState, { version: 4, stateJson: '{"status":"CLOSED"}' });
  expect(await stored()).toMatchObject({ version: 4, stateJson: '{"status":"CLOSED"}' });
});
