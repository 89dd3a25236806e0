/**
 * The production shape under failure (issue #16): a real Temporal server on PostgreSQL, two
 * worker processes and two API processes behind one front port (scripts/cluster.ts). 200 joint
 * inspections are driven through the front port by 10 lanes while one worker is killed with
 * SIGKILL and started again, one API is stopped, and the Temporal server is restarted on the same
 * database. Every inspection must close, and every step must be written exactly once.
 *
 *   npm run test:cluster        (not part of `npm test`: it builds and starts a whole cluster)
 */
import { createPrismaClient, issueToken, type PrismaClient } from '../../db';
import { startCluster, type Cluster } from '../../scripts/cluster';
import { assignmentsFor, compliantResults, officerByKey, restaurantVisitRequest } from '../support/factories';

const INSPECTIONS = 200;
const LANES = 10;
/** When the faults happen: after this many inspections have been scheduled. */
const KILL_WORKER_AT = 30;
const STOP_API_AT = 70;
const RESTART_TEMPORAL_AT = 110;

/** A visit with no findings closes after these steps, each written once. */
const CLOSED_VISIT_AUDIT = [
  'DEPARTMENT_CHECKS_SUBMITTED',
  'DEPARTMENT_CHECKS_SUBMITTED',
  'INSPECTION_CHECKED_IN',
  'INSPECTION_CHECKS_DONE',
  'INSPECTION_CLOSED',
  'INSPECTION_SCHEDULED',
];

const log = (message: string) => console.log(`[cluster-test ${new Date().toISOString().slice(11, 23)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: Cluster;
let prisma: PrismaClient;

beforeAll(async () => {
  const started = Date.now();
  cluster = await startCluster({ log });
  log(`cluster up in ${Math.round((Date.now() - started) / 1000)} s at ${cluster.url}`);
  prisma = createPrismaClient(cluster.databaseUrl);
}, 40 * 60_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await cluster?.stop();
}, 120_000);

interface Answer {
  status: number;
  body: any;
}

/** One request through the front port; a connection failure answers status 0. */
async function call(method: string, path: string, options: { token: string; body?: unknown; idempotencyKey?: string }): Promise<Answer> {
  try {
    const response = await fetch(`${cluster.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  } catch (error) {
    return { status: 0, body: { error: { code: 'CONNECTION', message: (error as Error).message } } };
  }
}

/** The answers a client retries: no connection, the proxy found no API, the engine was away, a crash mid-request. */
function retriable(answer: Answer): boolean {
  return answer.status === 0 || answer.status >= 500;
}

interface Stats {
  retries: number;
  byCode: Record<string, number>;
  /** Steps whose answer was lost but which had happened (found done before a resend). */
  landedWithoutAnswer: number;
}

/**
 * How long a client looks for a step whose answer was lost before sending it again (check-in):
 * an update the server took before it died is applied once the server and a worker are back,
 * and only then written; 30 s covers the server's restart, the workers' reconnection backoff and
 * the write. (Check submissions carry an Idempotency-Key instead and are resent at once.)
 */
const LOOK_BEFORE_RESEND_MS = 30_000;

/**
 * A step that may have happened although its answer was lost: before a retry, the client reads the
 * inspection and skips the step when it shows done (a resubmission would be a new revision).
 */
async function step(options: {
  what: string;
  send: () => Promise<Answer>;
  /** Whether the step shows done; without it the step is resent at once (an idempotent route). */
  done?: () => Promise<boolean>;
  ok: (answer: Answer) => boolean;
  stats: Stats;
}): Promise<Answer> {
  const deadline = Date.now() + 5 * 60_000;
  for (let attempt = 1; ; attempt++) {
    const answer = await options.send();
    if (options.ok(answer)) return answer;
    if (!retriable(answer) || Date.now() > deadline || attempt >= 100) {
      throw new Error(`${options.what}: ${answer.status} ${JSON.stringify(answer.body)} after ${attempt} attempts`);
    }
    options.stats.retries++;
    const code = String(answer.body?.error?.code ?? answer.status);
    options.stats.byCode[code] = (options.stats.byCode[code] ?? 0) + 1;
    if (!options.done) {
      await sleep(1000);
      continue;
    }
    // Give a request that did reach the engine time to land in the read model, then look.
    for (const lookUntil = Date.now() + LOOK_BEFORE_RESEND_MS; Date.now() < lookUntil; ) {
      await sleep(1000);
      if (await options.done()) {
        options.stats.landedWithoutAnswer++;
        return answer;
      }
    }
  }
}

test(
  `${INSPECTIONS} inspections close through two APIs and two workers while a worker is killed, an API stopped and the Temporal server restarted`,
  async () => {
    const officers = {
      coordinator: await officerByKey(prisma, 'coordinator-2'),
      market: await officerByKey(prisma, 'market-1'),
      fire: await officerByKey(prisma, 'fire-1'),
    };
    const tokens = {
      coordinator: await issueToken(prisma, officers.coordinator.id, 'cluster-test'),
      market: await issueToken(prisma, officers.market.id, 'cluster-test'),
      fire: await issueToken(prisma, officers.fire.id, 'cluster-test'),
    };
    // 200 visits to one business: far beyond its yearly cap and inside one join window, which
    // direct scheduling refuses unless a typed exception says why (here: the load test's own).
    const request = {
      ...(await restaurantVisitRequest(prisma)),
      exception: { reason: 'ASSIGNED_CASE', note: '集群负载测试：同一检查对象多次入企' },
    };
    const [marketAssignment, fireAssignment] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
    const runKey = `cluster-${Date.now()}`;
    const stats: Stats = { retries: 0, byCode: {}, landedWithoutAnswer: 0 };
    const ids: string[] = [];
    let scheduled = 0;
    let next = 0;
    const faults: Promise<void>[] = [];
    const timeline: Record<string, number> = {};
    const started = Date.now();
    let restartedAt: number | null = null;
    let servingAgainAt: number | null = null;
    let firstStepAfterRestart: number | null = null;
    let serverPids: (number | null)[] = [];

    const detail = async (id: string) => {
      const answer = await call('GET', `/api/inspections/${id}`, { token: tokens.coordinator });
      return answer.status === 200 ? answer.body : null;
    };
    const noteStep = () => {
      if (servingAgainAt !== null && firstStepAfterRestart === null) firstStepAfterRestart = Date.now();
    };

    const faultsAfterSchedule = (count: number) => {
      if (count === KILL_WORKER_AT) {
        faults.push((async () => {
          const worker = cluster.workers[0];
          log(`kill -9 ${worker.name} (pid ${worker.pid()}) after ${count} scheduled`);
          await worker.stop('SIGKILL');
          timeline.workerKilled = Date.now() - started;
          await worker.start();
          timeline.workerBack = Date.now() - started;
          log(`${worker.name} running again (pid ${worker.pid()})`);
        })());
      }
      if (count === STOP_API_AT) {
        faults.push((async () => {
          const api = cluster.apis[1];
          log(`stopping ${api.name} (pid ${api.pid()}) after ${count} scheduled`);
          await api.stop('SIGTERM');
          timeline.apiStopped = Date.now() - started;
        })());
      }
      if (count === RESTART_TEMPORAL_AT) {
        faults.push((async () => {
          log(`kill -9 the Temporal server (pid ${cluster.temporal.pid()}) and start it again after ${count} scheduled`);
          const t0 = Date.now();
          restartedAt = t0;
          serverPids = [cluster.temporal.pid()];
          await cluster.temporal.restart({ kill: true });
          servingAgainAt = Date.now();
          serverPids.push(cluster.temporal.pid());
          timeline.temporalRestartMs = servingAgainAt - t0;
          log(`Temporal server serving again after ${timeline.temporalRestartMs} ms (pid ${cluster.temporal.pid()})`);
        })());
      }
    };

    const lane = async () => {
      for (;;) {
        const index = next++;
        if (index >= INSPECTIONS) return;
        const key = `${runKey}-${index}`;
        const schedule = await step({
          what: `schedule #${index}`,
          send: () => call('POST', '/api/inspections', { token: tokens.coordinator, body: request, idempotencyKey: key }),
          // No look: the Idempotency-Key makes the resend itself safe (same id, same run).
          ok: (a) => a.status === 202,
          stats,
        });
        const id = schedule.body.id as string;
        ids[index] = id;
        noteStep();
        faultsAfterSchedule(++scheduled);
        await step({
          what: `check-in ${id}`,
          send: () => call('POST', `/api/inspections/${id}/check-in`, { token: tokens.coordinator, body: { officerIds: request.team.map((m) => m.officerId) } }),
          done: async () => {
            const d = await detail(id);
            return d !== null && d.inspection.status !== 'SCHEDULED';
          },
          // ALREADY_CHECKED_IN: an earlier attempt whose answer was lost did it.
          ok: (a) => a.status === 200 || (a.status === 409 && a.body?.error?.code === 'ALREADY_CHECKED_IN'),
          stats,
        });
        noteStep();
        for (const [code, token, assignment] of [['MARKET', tokens.market, marketAssignment], ['FIRE', tokens.fire, fireAssignment]] as const) {
          await step({
            what: `submit ${code} ${id}`,
            // The Idempotency-Key makes the resend itself safe: the engine runs the update once
            // (before it, a blind resend after a lost answer was recorded as a revision).
            send: () => call('PUT', `/api/inspections/${id}/checks/${code}`, { token, body: { results: compliantResults(assignment) }, idempotencyKey: `submit-${id}-${code}` }),
            // CHECKS_ALREADY_DONE / ALREADY_CLOSED: a resend of the last submission, whose lost
            // answer had closed the visit (a closed workflow answers no update, not even a resend).
            ok: (a) => a.status === 200 || (a.status === 409 && ['CHECKS_ALREADY_DONE', 'ALREADY_CLOSED'].includes(a.body?.error?.code)),
            stats,
          });
          noteStep();
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, () => lane()));
    const driven = Date.now() - started;
    await Promise.all(faults);
    log(`all ${INSPECTIONS} driven in ${driven} ms; ${stats.retries} failed answers ${JSON.stringify(stats.byCode)}, ${stats.landedWithoutAnswer} of them had landed; proxy failures ${cluster.proxyFailures()}`);

    // Every inspection reaches CLOSED (read through the API), within a bounded wait.
    const closedBy = Date.now() + 5 * 60_000;
    const open = new Set(ids);
    while (open.size > 0 && Date.now() < closedBy) {
      for (const id of [...open]) {
        if ((await detail(id))?.inspection.status === 'CLOSED') open.delete(id);
      }
      if (open.size > 0) await sleep(1000);
    }
    const allClosed = Date.now() - started;
    expect([...open]).toEqual([]);
    const seconds = allClosed / 1000;
    log(
      `all closed after ${allClosed} ms: ${(INSPECTIONS / seconds).toFixed(2)} inspections/s end to end; ` +
        `Temporal server serving ${timeline.temporalRestartMs} ms after kill -9, first step done ` +
        `${firstStepAfterRestart !== null && restartedAt !== null ? firstStepAfterRestart - restartedAt : '?'} ms; timeline ${JSON.stringify(timeline)}`,
    );

    // The faults happened while inspections were in flight.
    expect(timeline.workerKilled).toBeDefined();
    expect(timeline.apiStopped).toBeDefined();
    expect(timeline.temporalRestartMs).toBeDefined();
    expect(serverPids[1]).not.toBe(serverPids[0]);
    expect(firstStepAfterRestart).not.toBeNull();
    expect(cluster.apis[1].running()).toBe(false);
    expect(cluster.workers[0].running()).toBe(true);

    // Exactly once: 200 inspections, each with its six audit events, its rows once.
    expect(new Set(ids).size).toBe(INSPECTIONS);
    expect(await prisma.jointInspection.count()).toBe(INSPECTIONS);
    const events = await prisma.auditEvent.findMany({
      where: { subjectType: 'JointInspection', subjectId: { in: ids } },
      select: { subjectId: true, action: true, idempotencyKey: true },
    });
    const byInspection = new Map<string, string[]>();
    for (const e of events) byInspection.set(e.subjectId, [...(byInspection.get(e.subjectId) ?? []), e.action]);
    const wrong = ids.filter((id) => JSON.stringify((byInspection.get(id) ?? []).sort()) !== JSON.stringify(CLOSED_VISIT_AUDIT));
    expect(wrong.map((id) => ({ id, actions: (byInspection.get(id) ?? []).sort() }))).toEqual([]);
    const keys = events.map((e) => e.idempotencyKey).filter((k): k is string => k !== null);
    expect(new Set(keys).size).toBe(keys.length);
    const items = marketAssignment.items.length + fireAssignment.items.length;
    expect(await prisma.checkResult.count({ where: { departmentCheck: { inspectionId: { in: ids } } } })).toBe(INSPECTIONS * items);
    expect(await prisma.departmentCheck.count({ where: { inspectionId: { in: ids } } })).toBe(INSPECTIONS * 2);
    expect(await prisma.teamMember.count({ where: { inspectionId: { in: ids } } })).toBe(INSPECTIONS * 2);
    expect(await prisma.finding.count({ where: { inspectionId: { in: ids } } })).toBe(0);
  },
  40 * 60_000,
);
