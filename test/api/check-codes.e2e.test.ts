/**
 * 检查码 (亮码检查) over real HTTP with the real worker, dev server and database: the team gets the
 * visit's code (URL, signed token, expiry, a QR that decodes to the URL); the business opens it
 * without logging in and sees the registered visit — departments, items with their legal basis,
 * the officers' names and 执法证 numbers and nothing else of them (asserted against their real
 * phone numbers); the scan is recorded once per day, audited; a forged code says "不是登记的检查"
 * with where to report, an expired or cancelled one says so; after the visit the results show.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { assignmentsFor, compliantResults, officerByKey } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';
import { checkCodeExpiry } from '../../domain/check-code';
import { signCheckCode, verifyAuditChain } from '../../db';
import { DEVELOPMENT_CHECK_CODE_SECRET } from '../../api/services/check-codes';

const stack = useTestStack({ officers: ['coordinator-2', 'market-1', 'fire-1', 'health-1', 'admin'] });
const { prisma, http, tokens } = stack;
const today = chinaDate(new Date().toISOString());
const PHONES: Record<string, string> = { 'market-1': '13912345678', 'fire-1': '13887654321' };

let inspectionId: string;
let token: string;
let url: string;

async function schedule(targetKey: string): Promise<string> {
  const target = await prisma.target.findUniqueOrThrow({ where: { key: targetKey } });
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const scheduled = await http('POST', '/api/inspections', {
    token: tokens['coordinator-2'],
    body: {
      targetId: target.id,
      scenarioCode: target.scenarioCode ?? 'RESTAURANT',
      scheduledFor: today,
      departments: [{ code: 'MARKET' }, { code: 'FIRE' }],
      team: [{ officerId: market.id, isLead: true }, { officerId: fire.id }],
    },
  });
  expect(scheduled.status).toBe(202);
  const id = scheduled.body.id as string;
  await eventually(async () => expect(await prisma.jointInspection.count({ where: { id } })).toBe(1));
  return id;
}

const scan = (t: string) => http('GET', `/api/public/check-codes/${encodeURIComponent(t)}`);

beforeAll(async () => {
  // The officers' real phone numbers, so the test can show they never reach the business.
  for (const [key, phone] of Object.entries(PHONES)) await prisma.officer.update({ where: { key }, data: { phone } });
  inspectionId = await schedule('restaurant-1');
});

test('the team gets the code: a URL with a signed token, its expiry (end of the visit day + margin) and a QR of the URL', async () => {
  const res = await http('GET', `/api/inspections/${inspectionId}/code`, { token: tokens['coordinator-2'] });
  expect(res.status).toBe(200);
  ({ url, token } = res.body);
  expect(url).toBe(`${stack.api.baseUrl}/check/${token}`);
  expect(res.body).toMatchObject({ visitDate: today, expired: false, scans: [] });
  expect(res.body.expiresAt).toBe(checkCodeExpiry(today).toISOString());
  expect(Date.parse(res.body.expiresAt)).toBe(Date.parse(`${today}T00:00:00+08:00`) + 48 * 3600_000);

  const png = PNG.sync.read(Buffer.from(res.body.qr.png.replace(/^data:image\/png;base64,/, ''), 'base64'));
  expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url);
  expect(Buffer.from(res.body.qr.svg.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8')).toMatch(/^<svg[^>]*>/);

  // A team member may show it; an inspector of a department not on the visit may not; nobody without login.
  expect((await http('GET', `/api/inspections/${inspectionId}/code`, { token: tokens['market-1'] })).status).toBe(200);
  expect((await http('GET', `/api/inspections/${inspectionId}/code`, { token: tokens['health-1'] })).status).toBe(403);
  expect((await http('GET', `/api/inspections/${inspectionId}/code`)).status).toBe(401);
  expect((await http('GET', '/api/inspections/no-such-visit/code', { token: tokens['coordinator-2'] })).status).toBe(404);

  const doc = await http('GET', '/api/openapi.json');
  expect(doc.body.paths['/api/inspections/{id}/code'].get.security).toEqual([{ bearerAuth: [] }]);
  expect(doc.body.paths['/api/public/check-codes/{token}'].get.security).toEqual([]);
  expect(doc.body.paths['/api/public/check-codes/{token}'].get.responses).toHaveProperty('410');
});

test('the business sees the registered visit: departments, items with legal basis, officers by name and 执法证 number — no phone number', async () => {
  const res = await scan(token);
  expect(res.status).toBe(200);
  const view = res.body;
  expect(view).toMatchObject({ registered: true, status: 'SCHEDULED', statusLabel: '已排期', visitDate: today, business: { name: expect.any(String) }, afterVisit: null });
  expect(view.departments.map((d: { name: string }) => d.name)).toHaveLength(2);
  for (const department of view.departments) {
    expect(department.items.length).toBeGreaterThan(0);
    for (const item of department.items) expect(item.legalBasis).toMatch(/\S/);
  }
  const team = await prisma.officer.findMany({ where: { key: { in: ['market-1', 'fire-1'] } } });
  expect(view.officers).toHaveLength(2);
  expect(new Set(view.officers.map((o: object) => JSON.stringify(o)))).toEqual(new Set(team.map((o) => JSON.stringify({ name: o.name, certificateNo: o.certificateNo }))));
  for (const officer of view.officers) expect(Object.keys(officer).sort()).toEqual(['certificateNo', 'name']);
  expect(team.every((o) => o.certificateNo)).toBe(true);

  const text = JSON.stringify(view);
  for (const officer of team) {
    expect(officer.phone).toBe(PHONES[officer.key]);
    expect(text).not.toContain(officer.phone!);
    expect(text).not.toContain(officer.id);
  }
  expect(text).not.toMatch(/1[3-9]\d{9}/);

  // The page itself: no login, the token kept out of caches and Referer headers.
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(await page.text()).toContain('检查码核验');
});

test('the scan is recorded once per visit and day, with one audit event', async () => {
  const first = await prisma.checkCodeScan.findMany({ where: { inspectionId } });
  expect(first).toHaveLength(1);
  expect(first[0].day).toBe(chinaDate(first[0].scannedAt.toISOString()));
  const again = await scan(token);
  expect(again.status).toBe(200);
  expect(again.body.checkIn.scannedAt).toBe(first[0].scannedAt.toISOString());
  await Promise.all([scan(token), scan(token)]);
  expect(await prisma.checkCodeScan.count({ where: { inspectionId } })).toBe(1);
  expect(await prisma.auditEvent.count({ where: { action: 'CHECK_CODE_SCANNED', subjectId: inspectionId } })).toBe(1);
  const team = await http('GET', `/api/inspections/${inspectionId}/code`, { token: tokens['coordinator-2'] });
  expect(team.body.scans).toEqual([{ day: first[0].day, scannedAt: first[0].scannedAt.toISOString() }]);
});

test('a forged code: "不是登记的检查", with where to report an unregistered inspection', async () => {
  const [id, expiry, signature] = token.split('.');
  const forgeries = [
    `${id}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`, // altered signature
    `${id}.${(parseInt(expiry, 36) + 86_400 * 30).toString(36)}.${signature}`, // a later expiry, same signature
    signCheckCode('someone-elses-secret-of-thirty-two-chars!', inspectionId, new Date(Date.now() + 86_400_000)),
    'not-a-code',
  ];
  for (const forged of forgeries) {
    const res = await scan(forged);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('CHECK_CODE_NOT_REGISTERED');
    expect(res.body.error.message).toContain('不是登记的检查');
    expect(res.body.error.message).toContain('12345');
  }
  expect(await prisma.checkCodeScan.count()).toBe(1);
});

test('an expired code says it has expired', async () => {
  const expired = signCheckCode(DEVELOPMENT_CHECK_CODE_SECRET, inspectionId, new Date(Date.now() - 60_000));
  const res = await scan(expired);
  expect(res.status).toBe(410);
  expect(res.body.error).toMatchObject({ code: 'CHECK_CODE_EXPIRED', message: expect.stringContaining('已过期') });
});

test('a cancelled visit says it was cancelled; the team gets no code for it', async () => {
  const id = await schedule('restaurant-2');
  const code = await http('GET', `/api/inspections/${id}/code`, { token: tokens['coordinator-2'] });
  expect(code.status).toBe(200);
  expect((await http('POST', `/api/inspections/${id}/cancel`, { token: tokens['coordinator-2'], body: { reason: '经营者停业' } })).status).toBe(200);
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED'));
  const res = await scan(code.body.token);
  expect(res.status).toBe(410);
  expect(res.body.error).toMatchObject({ code: 'CHECK_CODE_CANCELLED', message: expect.stringContaining('已取消') });
  expect((await http('GET', `/api/inspections/${id}/code`, { token: tokens['coordinator-2'] })).body.error.code).toBe('CHECK_CODE_NOT_AVAILABLE');
});

test('after the visit the business sees its results, takes the rating link once and rates; the audit chain stays whole', async () => {
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  expect((await http('POST', `/api/inspections/${inspectionId}/check-in`, { token: tokens['coordinator-2'], body: { officerIds: [market.id, fire.id] } })).status).toBe(200);
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  expect((await http('PUT', `/api/inspections/${inspectionId}/checks/MARKET`, { token: tokens['market-1'], body: { results: compliantResults(marketItems) } })).status).toBe(200);
  expect((await http('PUT', `/api/inspections/${inspectionId}/checks/FIRE`, { token: tokens['fire-1'], body: { results: compliantResults(fireItems) } })).status).toBe(200);
  await eventually(async () => expect((await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } })).status).toBe('CLOSED'));

  const res = await scan(token);
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('CLOSED');
  const after = res.body.afterVisit;
  expect(after.results).toHaveLength(2);
  expect(after.results.flatMap((d: { items: { outcomeLabel: string }[] }) => d.items.map((i) => i.outcomeLabel))).toContain('符合');
  expect(after.documents).toEqual([]);
  expect(after.rating).toMatchObject({ state: 'NOT_ISSUED', message: expect.stringContaining('评价') });

  // The business takes the one-time rating link from the code's page, once; then rates.
  const link = await http('POST', `/api/public/check-codes/${token}/rating-link`);
  expect(link.status).toBe(201);
  expect(link.body.url).toMatch(/^\/rate\/[A-Za-z0-9_-]{43}$/);
  expect((await http('POST', `/api/public/check-codes/${token}/rating-link`)).body.error.code).toBe('RATING_LINK_EXISTS');
  expect((await scan(token)).body.afterVisit.rating.state).toBe('ISSUED');
  expect((await http('POST', `/api/public/ratings/${link.body.url.slice('/rate/'.length)}`, { body: { score: 5 } })).status).toBe(201);
  expect((await scan(token)).body.afterVisit.rating.state).toBe('RATED');
  expect((await http('POST', '/api/public/check-codes/not-a-code/rating-link')).status).toBe(404);
  expect((await verifyAuditChain(prisma)).ok).toBe(true);
});
