/**
 * The joint inspection the benchmarks drive over HTTP, as the people would: the coordinator
 * schedules a restaurant's MARKET + FIRE visit for today and checks the team in, each
 * department's inspector submits a compliant checklist, and the last submission closes it.
 */
import { issueToken, type PrismaClient } from '../../db';
import { creditCodeCheckCharacter } from '../../domain/credit-code';
import { chinaDate } from '../../domain/dates';
import { assignmentsFor, compliantResults } from '../../test/support/factories';

export interface InspectionLifecycle {
  /** Runs the n-th lifecycle; resolves with the inspection's id and workflow id once it is CLOSED. */
  run(n: number): Promise<{ id: string; workflowId: string }>;
  /** A leader's token, for reads. */
  leaderToken: string;
  today: string;
  /** Each step's answer times in ms (schedule, check-in, the first and the last submission), for finding where time goes. */
  stepMs: Record<LifecycleStep, number[]>;
}

export type LifecycleStep = 'schedule' | 'checkIn' | 'submit' | 'submitLast';

/**
 * Restaurants like the demo's restaurant-1 in the same township, `count` of them, made once per
 * database: each lifecycle visits a business of its own, as a day of many visits does — the
 * same business again would meet the yearly cap (无事不扰) or an open visit to join (拼团).
 */
async function benchRestaurants(prisma: PrismaClient, count: number): Promise<{ id: string }[]> {
  const model = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const existing = await prisma.target.count({ where: { key: { startsWith: 'bench-restaurant-' } } });
  const rows = Array.from({ length: Math.max(0, count - existing) }, (_, i) => {
    const n = existing + i;
    const first17 = `92330000MA${String(n).padStart(7, '0')}`;
    return {
      key: `bench-restaurant-${n}`,
      name: `压测餐馆${n}号`,
      creditCode: first17 + creditCodeCheckCharacter(first17),
      address: model.address,
      village: model.village,
      scenarioCode: model.scenarioCode,
      riskClass: model.riskClass,
      townshipId: model.townshipId,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await prisma.target.createMany({ data: rows.slice(i, i + 500) });
  return prisma.target.findMany({ where: { key: { startsWith: 'bench-restaurant-' } }, select: { id: true }, orderBy: { key: 'asc' } });
}

export async function inspectionLifecycle(baseUrl: string, prisma: PrismaClient, options: { businesses?: number } = {}): Promise<InspectionLifecycle> {
  const token = async (key: string) => issueToken(prisma, (await prisma.officer.findUniqueOrThrow({ where: { key } })).id, 'bench');
  const [coordinator, market, fire, leaderToken] = await Promise.all(['coordinator-2', 'market-1', 'fire-1', 'leader-1'].map(token));
  const officers = await prisma.officer.findMany({ where: { key: { in: ['market-1', 'fire-1'] } } });
  const marketId = officers.find((o) => o.key === 'market-1')!.id;
  const fireId = officers.find((o) => o.key === 'fire-1')!.id;
  const targets = await benchRestaurants(prisma, options.businesses ?? 4000);
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const today = chinaDate(new Date().toISOString());

  const call = async (method: string, p: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const stepMs: Record<LifecycleStep, number[]> = { schedule: [], checkIn: [], submit: [], submitLast: [] };
  const timed = async <T>(step: LifecycleStep, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await run();
    stepMs[step].push(performance.now() - t);
    return result;
  };
  return {
    leaderToken,
    today,
    stepMs,
    async run(n) {
      const scheduled = await timed('schedule', () => call('POST', '/api/inspections', coordinator, {
        targetId: targets[n % targets.length].id,
        scenarioCode: 'RESTAURANT',
        scheduledFor: today,
        departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
        team: [{ officerId: marketId, isLead: true }, { officerId: fireId }],
      }));
      const id = scheduled.id as string;
      await timed('checkIn', () => call('POST', `/api/inspections/${id}/check-in`, coordinator, { officerIds: [marketId, fireId] }));
      await timed('submit', () => call('PUT', `/api/inspections/${id}/checks/MARKET`, market, { results: compliantResults(marketItems) }));
      const last = await timed('submitLast', () => call('PUT', `/api/inspections/${id}/checks/FIRE`, fire, { results: compliantResults(fireItems) }));
      if (last.status !== 'CLOSED') throw new Error(`inspection ${id} answered ${String(last.status)} after the last submission`);
      return { id, workflowId: scheduled.workflowId as string };
    },
  };
}
