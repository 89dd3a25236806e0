/**
 * 满意度 over real HTTP with the real worker, dev server and database: a joint inspection is
 * driven to CLOSED, the coordinator issues the one-time link, the business (no login) sees the
 * visit and rates it once; a second rating, a bad score and a wrong link are refused; the
 * rating is counted in /api/stats and nothing stored ties it to a person.
 */
import { createHash, randomBytes } from 'node:crypto';
import { assignmentsFor, compliantResults, officerByKey } from '../support/factories';
import { eventually, tableColumns, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

const stack = useTestStack({ officers: ['coordinator-2', 'market-1', 'fire-1', 'leader-1', 'admin'] });
const { prisma, http, tokens } = stack;
const today = chinaDate(new Date().toISOString());
const year = Number(today.slice(0, 4));

let inspectionId: string;
let token: string;

const issue = (id: string, who = 'coordinator-2') => http('POST', `/api/inspections/${id}/rating-link`, { token: tokens[who], body: {} });
const tokenOf = (url: string) => url.replace(/^\/rate\//, '');

test('a link exists only once the inspection is CLOSED, and only one per inspection', async () => {
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const scheduled = await http('POST', '/api/inspections', {
    token: tokens['coordinator-2'],
    body: {
      targetId: target.id,
      scenarioCode: 'RESTAURANT',
      scheduledFor: today,
      departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
      team: [{ officerId: market.id, isLead: true }, { officerId: fire.id }],
    },
  });
  expect(scheduled.status).toBe(202);
  inspectionId = scheduled.body.id;
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id: inspectionId } })).toBe(1));

  // Not yet visited: nothing to rate.
  const early = await issue(inspectionId);
  expect(early.status).toBe(409);
  expect(early.body.error).toMatchObject({ code: 'INSPECTION_NOT_CLOSED', message: expect.stringContaining('办结') });

  expect((await http('POST', `/api/inspections/${inspectionId}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } })).status).toBe(200);
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  expect((await http('PUT', `/api/inspections/${inspectionId}/checks/MARKET`, { token: tokens['market-1'], body: { results: compliantResults(marketItems) } })).status).toBe(200);
  expect((await issue(inspectionId)).status).toBe(409); // on site, one department still to submit
  expect((await http('PUT', `/api/inspections/${inspectionId}/checks/FIRE`, { token: tokens['fire-1'], body: { results: compliantResults(fireItems) } })).status).toBe(200);
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).status).toBe('CLOSED'));

  // Only the coordinator (or admin) hands out links.
  expect((await issue(inspectionId, 'market-1')).status).toBe(403);
  expect((await issue(inspectionId, 'leader-1')).status).toBe(403);
  expect((await http('POST', `/api/inspections/${inspectionId}/rating-link`, { body: {} })).status).toBe(401);
  expect((await issue('no-such-inspection')).status).toBe(404);

  const before = Date.now();
  const link = await issue(inspectionId);
  expect(link.status).toBe(201);
  expect(link.body.url).toMatch(/^\/rate\/[A-Za-z0-9_-]{43}$/);
  const expiresIn = Date.parse(link.body.expiresAt) - before;
  expect(expiresIn).toBeGreaterThan(29.9 * 24 * 3600_000);
  expect(expiresIn).toBeLessThanOrEqual(30 * 24 * 3600_000 + 60_000);
  token = tokenOf(link.body.url);

  // Only the SHA-256 of the token is stored.
  const stored = await prisma.ratingInvitation.findUniqueOrThrow({ where: { inspectionId } });
  expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
  expect(JSON.stringify(stored)).not.toContain(token);

  const again = await issue(inspectionId, 'admin');
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'RATING_LINK_EXISTS', message: expect.stringContaining('已生成过评价链接') });
});

test('the business sees the visit without logging in', async () => {
  const res = await http('GET', `/api/public/ratings/${token}`);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    target: { name: (await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } })).name },
    scenario: expect.any(String),
    visitDate: today,
    departments: expect.arrayContaining([expect.stringMatching(/市场监督管理/), expect.stringMatching(/消防/)]),
    expiresAt: expect.any(String),
  });
  expect(res.body.departments).toHaveLength(2);
  // The answer names the visit, not the people who made it.
  expect(JSON.stringify(res.body)).not.toMatch(/officer|inspectionId/i);

  // The page itself: one HTML page for any token, with its script and styles, never cached.
  const page = await fetch(`${stack.api.baseUrl}/rate/${token}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await page.text();
  expect(html).toContain('满意度评价');
  expect(html).toContain('/rate/rate.js');
  expect((await fetch(`${stack.api.baseUrl}/rate/rate.js`)).status).toBe(200);
  expect((await fetch(`${stack.api.baseUrl}/rate/rate.css`)).status).toBe(200);
});

test('bad input and unknown links are refused', async () => {
  for (const body of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '4' }, {}, { score: 4, comment: '好'.repeat(501) }, { score: 4, who: 'me' }]) {
    const res = await http('POST', `/api/public/ratings/${token}`, { body });
    expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
  }
  const unknown = randomBytes(32).toString('base64url');
  const get = await http('GET', `/api/public/ratings/${unknown}`);
  expect(get.status).toBe(404);
  expect(get.body.error).toMatchObject({ code: 'RATING_LINK_NOT_FOUND', message: expect.stringContaining('评价链接无效') });
  expect((await http('POST', `/api/public/ratings/${unknown}`, { body: { score: 5 } })).status).toBe(404);
  expect((await http('GET', '/api/public/ratings/too-short')).status).toBe(400);
  // Nothing was written by the refused attempts.
  expect(await prisma.rating.count()).toBe(0);
});

test('an expired link is gone (410)', async () => {
  const expired = randomBytes(32).toString('base64url');
  await prisma.ratingInvitation.create({
    data: {
      id: 'expired-invitation',
      inspectionId: 'an-old-inspection',
      tokenHash: createHash('sha256').update(expired).digest('hex'),
      expiresAt: new Date(Date.now() - 1000),
      createdById: 'someone',
      createdAt: new Date(Date.now() - 31 * 24 * 3600_000),
    },
  });
  const get = await http('GET', `/api/public/ratings/${expired}`);
  expect(get.status).toBe(410);
  expect(get.body.error).toMatchObject({ code: 'RATING_LINK_EXPIRED', message: expect.stringContaining('过期') });
  expect((await http('POST', `/api/public/ratings/${expired}`, { body: { score: 5 } })).status).toBe(410);
  expect(await prisma.rating.count()).toBe(0);
});

test('the business rates once; a second submission is refused', async () => {
  // Two submissions at the same moment (a double tap): exactly one is stored.
  const [a, b] = await Promise.all([
    http('POST', `/api/public/ratings/${token}`, { body: { score: 4, comment: '  检查一次到位，没有影响营业  ' } }),
    http('POST', `/api/public/ratings/${token}`, { body: { score: 4, comment: '检查一次到位，没有影响营业' } }),
  ]);
  expect([a.status, b.status].sort()).toEqual([201, 409]);
  const created = a.status === 201 ? a : b;
  expect(created.body.message).toContain('感谢');
  expect((a.status === 409 ? a : b).body.error.code).toBe('RATING_ALREADY_SUBMITTED');

  const second = await http('POST', `/api/public/ratings/${token}`, { body: { score: 1 } });
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({ code: 'RATING_ALREADY_SUBMITTED', message: expect.stringContaining('只能评价一次') });
  // The link is spent: the page now says so.
  expect((await http('GET', `/api/public/ratings/${token}`)).status).toBe(410);

  const ratings = await prisma.rating.findMany();
  expect(ratings).toHaveLength(1);
  expect(ratings[0]).toMatchObject({ inspectionId, score: 4, comment: '检查一次到位，没有影响营业' });
  expect((await prisma.ratingInvitation.findUniqueOrThrow({ where: { inspectionId } })).usedAt).toEqual(ratings[0].createdAt);
});

test('nothing stored links the rating to a person', async () => {
  // The table has exactly these columns: which visit, the score, the comment, when.
  expect((await tableColumns(prisma, 'Rating')).sort()).toEqual(['comment', 'createdAt', 'id', 'inspectionId', 'score']);
  const [rating] = await prisma.rating.findMany();
  // No other record points at the rating (no audit event, no invitation column).
  const invitation = await prisma.ratingInvitation.findUniqueOrThrow({ where: { inspectionId } });
  expect(Object.values(invitation)).not.toContain(rating.id);
  const audits = await prisma.auditEvent.findMany();
  expect(audits.filter((e) => JSON.stringify(e).includes(rating.id))).toEqual([]);
});

test('/api/stats counts the rating, and the annual paragraph states it', async () => {
  const stats = await http('GET', `/api/stats?year=${year}`, { token: tokens['leader-1'] });
  expect(stats.status).toBe(200);
  expect(stats.body.satisfaction).toEqual({ ratings: 1, average: 4, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
  expect(stats.body.satisfaction.average.toFixed(1)).toBe('4.0');

  const report = await http('GET', `/api/reports/annual?year=${year}`, { token: tokens['leader-1'] });
  expect(report.body.figures.satisfaction).toEqual(stats.body.satisfaction);
  expect(report.body.paragraph).toContain('检查对象匿名评价1份，满意度平均4.0分（满分5分）。');

  // Another year has no ratings: null, not 0.
  const empty = await http('GET', '/api/stats?year=2001', { token: tokens['leader-1'] });
  expect(empty.body.satisfaction).toEqual({ ratings: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
});

test('the routes are in the OpenAPI document; the public ones need no token', async () => {
  const res = await http('GET', '/api/openapi.json');
  expect(res.body.paths['/api/inspections/{id}/rating-link'].post.security).toEqual([{ bearerAuth: [] }]);
  expect(res.body.paths['/api/public/ratings/{token}'].get.security).toEqual([]);
  expect(res.body.paths['/api/public/ratings/{token}'].post.responses).toHaveProperty('409');
});
