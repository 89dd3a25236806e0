/**
 * 检查结果公示 as configured: off by default (the route says it is not open); where the county
 * has turned it on, a closed visit's results are public — departments, items, outcomes — with
 * no person in them: the officers are not named, and a note's phone and ID numbers and an
 * officer's name are masked by the same rules as a published decision. A visit not yet closed
 * is not shown.
 */
import { beforeAll, expect, test } from '@jest/globals';
import { assignmentsFor, compliantResults, officerByKey, restaurantVisitRequest } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';

const stack = useTestStack({ name: 'public-results', officers: ['coordinator-2', 'market-1', 'fire-1'], apis: { on: { publishInspectionResults: true } } });
const { prisma, http, tokens } = stack;
const publicOn = stack.apis.on.http;

const ID_NUMBER = '500230199001011234';
const PHONE = '13912345678';
let closedId: string;
let scheduledId: string;

async function schedule(): Promise<string> {
  const scheduled = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body: await restaurantVisitRequest(prisma) });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id } })).toBe(1));
  return id;
}

beforeAll(async () => {
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  closedId = await schedule();
  expect((await http('POST', `/api/inspections/${closedId}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } })).status).toBe(200);
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const results = compliantResults(marketItems);
  // A note as officers write them: who was there, with numbers that must never go public.
  results[0] = { ...results[0], note: `负责人（身份证${ID_NUMBER}，电话${PHONE}）在场，${market.name}核对了台账` };
  expect((await http('PUT', `/api/inspections/${closedId}/checks/MARKET`, { token: tokens['market-1'], body: { results } })).status).toBe(200);
  expect((await http('PUT', `/api/inspections/${closedId}/checks/FIRE`, { token: tokens['fire-1'], body: { results: compliantResults(fireItems) } })).status).toBe(200);
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id: closedId } })).status).toBe('CLOSED'));
  scheduledId = await schedule();
});

test('off by default: the route says the county has not opened it', async () => {
  const res = await http('GET', '/api/public/inspection-results');
  expect(res.status).toBe(404);
  expect(res.body.error).toMatchObject({ code: 'RESULTS_PUBLICATION_NOT_ENABLED', message: expect.stringContaining('未开通检查结果公示') });
});

test('on: a closed visit’s results are public, masked; nothing of any person; a visit not closed is not shown', async () => {
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const res = await publicOn('GET', '/api/public/inspection-results');
  expect(res.status).toBe(200);
  expect(res.body.items.map((i: { inspectionId: string }) => i.inspectionId)).toEqual([closedId]);
  const [visit] = res.body.items;
  expect(visit).toMatchObject({ business: target.name, creditCode: target.creditCode, township: '包鸾镇', findings: [] });
  expect(visit.departments.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining([expect.stringContaining('市场监督管理'), expect.stringContaining('消防')]));
  const notes = visit.departments.flatMap((d: { items: { note: string | null }[] }) => d.items.map((i) => i.note)).filter(Boolean);
  expect(notes).toEqual([`负责人（身份证（身份证号码已隐去），电话（电话号码已隐去））在场，${market.name[0]}某核对了台账`]);
  const json = JSON.stringify(res.body);
  for (const secret of [ID_NUMBER, PHONE, market.name, fire.name, market.certificateNo!, scheduledId]) expect(json).not.toContain(secret);
  expect((await publicOn('GET', `/api/public/inspection-results?townshipId=nope`)).body.items).toEqual([]);
});
