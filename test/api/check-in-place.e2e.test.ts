/**
 * The check-in's place (issue #14, journey 2): the phone's WGS-84 position kept with the
 * check-in, range-checked by the business place's rule (a 422 with its code), compared with the
 * business's registered place by the evidence's distance limit (flagged, never refused), and the
 * fallback site of a photo uploaded without one. Real HTTP, worker, Temporal and database.
 */
import piexif from 'piexifjs';
import sharp from 'sharp';
import { InspectionDetailResponse, InspectionStateResponse } from '../../api/routes/inspections/schema';
import { expectConforms } from '../support/conforms';
import { assignmentsFor, officerByKey, restaurantVisitRequest } from '../support/factories';
import { useTestStack } from '../support/harness';

// A pinned day: nothing here depends on today.
const today = '2026-07-06';
const stack = useTestStack({
  name: 'check-in-place',
  officers: ['coordinator-2', 'market-1', 'fire-1'],
  startAt: `${today}T09:00:00+08:00`,
});
const { prisma, http, tokens } = stack;

// 包鸾镇's restaurant (WGS-84); 0.045° of latitude is about 5 km.
const SITE = { latitude: 29.8869, longitude: 107.7301 };

let targetId: string;
let officerIds: string[];

beforeAll(async () => {
  const body = await restaurantVisitRequest(prisma, { scheduledFor: today });
  targetId = body.targetId;
  officerIds = [(await officerByKey(prisma, 'market-1')).id, (await officerByKey(prisma, 'fire-1')).id];
});

afterEach(async () => {
  await prisma.target.update({ where: { id: targetId }, data: { latitude: null, longitude: null } });
});

/** A visit of restaurant-1 today; each test's own (a complaint lets the same business be visited again). */
async function scheduled(): Promise<string> {
  const body = {
    ...(await restaurantVisitRequest(prisma, { scheduledFor: today })),
    exception: { reason: 'COMPLAINT', note: '投诉编号 TS-2026-0706' },
  };
  const res = await http('POST', '/api/inspections', { token: tokens['coordinator-2'], body });
  expect(res.status).toBe(202);
  return res.body.id as string;
}

const checkIn = (id: string, extra: Record<string, unknown> = {}) =>
  http('POST', `/api/inspections/${id}/check-in`, { token: tokens['coordinator-2'], body: { officerIds, ...extra } });

async function detail(id: string) {
  const res = await http('GET', `/api/inspections/${id}`, { token: tokens['coordinator-2'] });
  expect(res.status).toBe(200);
  expectConforms(InspectionDetailResponse, res.body);
  return res.body;
}

test('a check-in with the phone position keeps it once: in the state, the detail, the row and the audit', async () => {
  await prisma.target.update({ where: { id: targetId }, data: { latitude: SITE.latitude, longitude: SITE.longitude } });
  const id = await scheduled();
  const position = { latitude: SITE.latitude + 0.0005, longitude: SITE.longitude, accuracyMeters: 12.5 };
  const res = await checkIn(id, { position });
  expect(res.status).toBe(200);
  expectConforms(InspectionStateResponse, res.body);
  expect(res.body.checkInPosition).toEqual(position);

  const body = await detail(id);
  // About 56 m from the registered place: within the limit, no flag.
  expect(body.inspection.checkInPlace).toEqual({ asked: true, position, flags: [] });
  expect(body.state.checkInPosition).toEqual(position);
  const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id } });
  expect([row.checkInLatitude, row.checkInLongitude, row.checkInAccuracyMeters, row.checkInPlaceAsked]).toEqual([position.latitude, position.longitude, 12.5, true]);
  const audit = body.history.filter((h: { action: string }) => h.action === 'INSPECTION_CHECKED_IN');
  expect(audit).toHaveLength(1);
  expect(audit[0].payload.position).toEqual(position);
});

test('without a position the check-in goes on and says 未提供 (null), asked', async () => {
  const id = await scheduled();
  const res = await checkIn(id);
  expect(res.status).toBe(200);
  expect(res.body.checkInPosition).toBeNull();
  const body = await detail(id);
  expect(body.inspection.checkInPlace).toEqual({ asked: true, position: null, flags: [] });
});

test('a position out of range is a 422 CHECK_IN_POSITION_INVALID naming the field; half a position is a 400; the visit is not checked in', async () => {
  const id = await scheduled();
  // Longitude and latitude swapped: the business place's rule names it so.
  const swapped = await checkIn(id, { position: { latitude: SITE.longitude, longitude: SITE.latitude } });
  expect(swapped.status).toBe(422);
  expect(swapped.body.error.code).toBe('CHECK_IN_POSITION_INVALID');
  expect(swapped.body.error.message).toContain('经度和纬度可能填反了');
  expect(swapped.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.position.latitude']);

  const accuracy = await checkIn(id, { position: { ...SITE, accuracyMeters: -5 } });
  expect(accuracy.status).toBe(422);
  expect(accuracy.body.error.code).toBe('CHECK_IN_POSITION_INVALID');
  expect(accuracy.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.position.accuracyMeters']);

  const half = await checkIn(id, { position: { latitude: SITE.latitude } });
  expect(half.status).toBe(400);
  expect(half.body.error.code).toBe('VALIDATION_FAILED');

  const body = await detail(id);
  expect(body.inspection.status).toBe('SCHEDULED');
  expect(body.inspection.checkInPlace).toEqual({ asked: false, position: null, flags: [] });
});

test('a check-in 5 km from the registered place is accepted and flagged CHECK_IN_FAR_FROM_SITE', async () => {
  await prisma.target.update({ where: { id: targetId }, data: { latitude: SITE.latitude, longitude: SITE.longitude } });
  const id = await scheduled();
  const far = { latitude: 29.9319, longitude: SITE.longitude };
  const res = await checkIn(id, { position: far });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('ON_SITE');
  const body = await detail(id);
  expect(body.inspection.checkInPlace.position).toEqual({ ...far, accuracyMeters: null });
  expect(body.inspection.checkInPlace.flags.map((f: { code: string }) => f.code)).toEqual(['CHECK_IN_FAR_FROM_SITE']);
  expect(body.inspection.checkInPlace.flags[0].message).toContain('约 5.0 公里，超过 1.0 公里');
  // The business's place corrected to where the team stood: the detail (cached until something it
  // shows changes) reads the new place, and the flag is gone.
  await prisma.target.update({ where: { id: targetId }, data: { latitude: far.latitude, longitude: far.longitude } });
  expect((await detail(id)).inspection.checkInPlace.flags).toEqual([]);
});

/** A small JPEG with EXIF date-time and GPS, made in the test. */
async function photo(day: string, lat: number, lng: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 30, g: 120, b: 30 } } }).jpeg().toBuffer();
  const dms = (value: number) => {
    const d = Math.floor(value);
    const m = Math.floor((value - d) * 60);
    return [
      [d, 1],
      [m, 1],
      [Math.round(((value - d) * 60 - m) * 60 * 1000), 1000],
    ];
  };
  const exif = {
    '0th': {},
    Exif: { [piexif.ExifIFD.DateTimeOriginal]: `${day.replace(/-/g, ':')} 10:15:00` },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef]: 'N',
      [piexif.GPSIFD.GPSLatitude]: dms(lat),
      [piexif.GPSIFD.GPSLongitudeRef]: 'E',
      [piexif.GPSIFD.GPSLongitude]: dms(lng),
    },
  };
  return Buffer.from(piexif.insert(piexif.dump(exif), jpeg.toString('binary')), 'binary');
}

test('a photo uploaded without a site, of a business without a registered place, is compared with the check-in position', async () => {
  const id = await scheduled();
  expect((await checkIn(id, { position: SITE })).status).toBe(200);
  const [market] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET']);
  const itemCode = market.items[0].code;
  const form = new FormData();
  form.append('file', new Blob([await photo(today, SITE.latitude + 0.045, SITE.longitude)]), 'far.jpg');
  const res = await fetch(`${stack.api.baseUrl}/api/inspections/${id}/checks/MARKET/items/${itemCode}/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens['market-1']}` },
    body: form,
  });
  const body = (await res.json()) as { site: unknown; flags: { code: string; message: string }[] };
  expect(res.status).toBe(201);
  expect(body.site).toEqual({ source: 'CHECK_IN', label: '现场签到位置', latitude: SITE.latitude, longitude: SITE.longitude });
  expect(body.flags.map((f) => f.code)).toEqual(['PHOTO_FAR_FROM_SITE']);
  expect(body.flags[0].message).toContain('现场签到位置');
});
