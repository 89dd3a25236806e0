/**
 * Evidence files over real HTTP: photos with EXIF made here (piexifjs over a JPEG from sharp),
 * uploaded to a check result of a real inspection; the flags of a photo taken far away or on
 * another day; a disguised executable and an oversized photo refused with nothing left behind;
 * another department's inspector refused the download; the same bytes read back with the
 * recorded hash from the local disk and from a real MinIO server started here.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import JSZip from 'jszip';
import piexif from 'piexifjs';
import sharp from 'sharp';
import { s3EvidenceStore, type EvidenceSettings, type EvidenceStore } from '../../db';
import { chinaDate } from '../../domain/dates';
import { DEFAULT_EVIDENCE_POLICY } from '../../domain/evidence';
import { startMinio, type MinioServer } from '../../scripts/minio';
import { inspectionWithMarketFinding } from '../support/factories';
import { testEvidenceSettings, useTestStack } from '../support/harness';

// The S3 API's store exists once MinIO runs (after the stack starts): a stand-in that forwards.
let s3Store: (EvidenceStore & { client: import('@aws-sdk/client-s3').S3Client }) | undefined;
const s3 = (): EvidenceStore => {
  if (!s3Store) throw new Error('MinIO is not running');
  return s3Store;
};
const forwardingStore: EvidenceStore = {
  kind: 's3',
  put: (key, body, type) => s3().put(key, body, type),
  get: (key) => s3().get(key),
  delete: (key) => s3().delete(key),
};
const BUCKET = 'onevisit-evidence';
let local: EvidenceSettings;

const stack = useTestStack({
  name: 'evidence',
  officers: ['coordinator-2', 'market-1', 'fire-1', 'grid-1'],
  apis: { s3: { evidence: { store: forwardingStore, policy: DEFAULT_EVIDENCE_POLICY } } },
});
const { prisma, http, tokens } = stack;
let minio: MinioServer | undefined;
let inspectionId: string;
let itemCode: string;
let visitDay: string;
let checkResultPath: string;
let targetId: string;
// 包鸾镇's restaurant (WGS-84): the site the phone sends, and in the describe below the business's registered place.
const SITE = { lat: 29.8869, lng: 107.7301 };

/** A small JPEG with the given EXIF date-time and GPS position, made in the test. */
async function photo(options: { takenAt?: string; lat?: number; lng?: number }): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .toBuffer();
  const exif: Record<string, Record<number, unknown>> = { '0th': {}, Exif: {}, GPS: {} };
  if (options.takenAt) exif.Exif[piexif.ExifIFD.DateTimeOriginal] = options.takenAt;
  if (options.lat !== undefined && options.lng !== undefined) {
    const dms = (value: number) => {
      const abs = Math.abs(value);
      const d = Math.floor(abs);
      const m = Math.floor((abs - d) * 60);
      const s = Math.round(((abs - d) * 60 - m) * 60 * 1000);
      return [
        [d, 1],
        [m, 1],
        [s, 1000],
      ];
    };
    exif.GPS[piexif.GPSIFD.GPSLatitudeRef] = options.lat >= 0 ? 'N' : 'S';
    exif.GPS[piexif.GPSIFD.GPSLatitude] = dms(options.lat);
    exif.GPS[piexif.GPSIFD.GPSLongitudeRef] = options.lng >= 0 ? 'E' : 'W';
    exif.GPS[piexif.GPSIFD.GPSLongitude] = dms(options.lng);
  }
  return Buffer.from(piexif.insert(piexif.dump(exif), jpeg.toString('binary')), 'binary');
}

const exifDate = (day: string, time = '10:15:00') => `${day.replace(/-/g, ':')} ${time}`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(options: { baseUrl?: string; path?: string; token?: string; bytes: Buffer; name: string; site?: { lat: number; lng: number } }) {
  const form = new FormData();
  if (options.site) {
    form.append('siteLatitude', String(options.site.lat));
    form.append('siteLongitude', String(options.site.lng));
  }
  form.append('file', new Blob([options.bytes]), options.name);
  const res = await fetch(`${options.baseUrl ?? stack.api.baseUrl}${options.path ?? checkResultPath}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token ?? tokens['market-1']}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function download(id: string, token: string, baseUrl = stack.api.baseUrl) {
  const res = await fetch(`${baseUrl}/api/evidence/${id}/file`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The files under a local store's folder (no orphan may be left by a refused upload). */
function storedFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  const visit = await inspectionWithMarketFinding({ prisma, http, tokens });
  inspectionId = visit.inspectionId;
  const inspection = await prisma.jointInspection.findUniqueOrThrow({ where: { id: inspectionId } });
  visitDay = chinaDate((inspection.checkInAt ?? inspection.scheduledFor).toISOString());
  const item = await prisma.assignedItem.findFirstOrThrow({
    where: { departmentCheck: { inspectionId, department: { code: 'MARKET' } } },
    include: { checkItem: true },
  });
  itemCode = item.checkItem.code;
  checkResultPath = `/api/inspections/${inspectionId}/checks/MARKET/items/${itemCode}/evidence`;
  // The seeded restaurant has a registered place; these tests start from a business without one
  // (the phone's site is the fallback) and the describe of the registered place sets it.
  targetId = inspection.targetId;
  await prisma.target.update({ where: { id: targetId }, data: { latitude: null, longitude: null } });
  local = await testEvidenceSettings();
}, 120_000);

afterAll(async () => {
  fs.rmSync((local.store as EvidenceStore & { root: string }).root, { recursive: true, force: true });
  s3Store?.client.destroy();
  await minio?.stop();
});

describe('uploading a photo to a check result', () => {
  test('a photo of the visit day at the business: stored with its SHA-256, EXIF read, no flag, audited; read back with the hash', async () => {
    const bytes = await photo({ takenAt: exifDate(visitDay), lat: SITE.lat + 0.001, lng: SITE.lng });
    const res = await upload({ bytes, name: '现场照片.jpg', site: SITE });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subjectType: 'CHECK_RESULT',
      inspectionId,
      departmentCode: 'MARKET',
      itemCode,
      kind: 'PHOTO',
      contentType: 'image/jpeg',
      originalName: '现场照片.jpg',
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      hasThumbnail: true,
      flags: [],
    });
    expect(res.body.exif.takenAt).toBe(`${visitDay}T10:15:00`);
    expect(res.body.exif.latitude).toBeCloseTo(SITE.lat + 0.001, 4);

    const audit = await prisma.auditEvent.findMany({ where: { subjectType: 'Evidence', subjectId: res.body.id } });
    expect(audit.map((a) => [a.action, JSON.parse(a.payloadJson).sha256])).toEqual([['EVIDENCE_UPLOADED', sha256(bytes)]]);

    const file = await download(res.body.id, tokens['market-1']);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);
    expect(sha256(file.bytes)).toBe(res.body.sha256);
    const thumb = await fetch(`${stack.api.baseUrl}/api/evidence/${res.body.id}/thumbnail`, { headers: { authorization: `Bearer ${tokens['market-1']}` } });
    expect(thumb.status).toBe(200);
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe('jpeg');

    const list = await http('GET', `/api/inspections/${inspectionId}/evidence`, { token: tokens['coordinator-2'] });
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(res.body.id);
  });

  test('a photo whose GPS is 5 km from the business is flagged PHOTO_FAR_FROM_SITE (and kept)', async () => {
    const bytes = await photo({ takenAt: exifDate(visitDay), lat: SITE.lat + 0.045, lng: SITE.lng });
    const res = await upload({ bytes, name: 'far.jpg', site: SITE });
    expect(res.status).toBe(201);
    expect(res.body.flags.map((f: { code: string }) => f.code)).toEqual(['PHOTO_FAR_FROM_SITE']);
    expect(res.body.flags[0].message).toContain('公里');
    // The business has no registered place here: the phone's site was the one compared, and the view says so.
    expect(res.body.site).toEqual({ source: 'UPLOAD', label: '上传时给出的检查地点', latitude: SITE.lat, longitude: SITE.lng });
  });

  test('a photo taken the day before the visit is flagged PHOTO_OTHER_DAY; without site coordinates only the day is checked', async () => {
    const before = new Date(`${visitDay}T12:00:00Z`);
    before.setUTCDate(before.getUTCDate() - 1);
    const bytes = await photo({ takenAt: exifDate(before.toISOString().slice(0, 10)), lat: SITE.lat + 0.045, lng: SITE.lng });
    const res = await upload({ bytes, name: 'yesterday.jpg' });
    expect(res.status).toBe(201);
    expect(res.body.flags.map((f: { code: string }) => f.code)).toEqual(['PHOTO_OTHER_DAY']);
  });
});

describe("the business's registered place", () => {
  beforeAll(async () => {
    await prisma.target.update({ where: { id: targetId }, data: { latitude: SITE.lat, longitude: SITE.lng } });
  });
  afterAll(async () => {
    await prisma.target.update({ where: { id: targetId }, data: { latitude: null, longitude: null } });
  });

  test('a photo 5 km from it is flagged even when the phone sends a site right next to the photo', async () => {
    const far = { lat: SITE.lat + 0.045, lng: SITE.lng };
    const bytes = await photo({ takenAt: exifDate(visitDay), lat: far.lat, lng: far.lng });
    const res = await upload({ bytes, name: 'far-from-registered.jpg', site: { lat: far.lat + 0.0005, lng: far.lng } });
    expect(res.status).toBe(201);
    expect(res.body.flags.map((f: { code: string }) => f.code)).toEqual(['PHOTO_FAR_FROM_SITE']);
    expect(res.body.flags[0].message).toContain('距检查对象登记位置约 5.0 公里');
    expect(res.body.site).toEqual({ source: 'BUSINESS', label: '检查对象登记位置', latitude: SITE.lat, longitude: SITE.lng });
    // Stored with the row: reading it back says the same.
    expect((await http('GET', `/api/evidence/${res.body.id}`, { token: tokens['market-1'] })).body.site).toMatchObject({ source: 'BUSINESS' });
  });

  test('a photo at it is not flagged, whatever site the phone sends', async () => {
    const bytes = await photo({ takenAt: exifDate(visitDay), lat: SITE.lat + 0.001, lng: SITE.lng });
    const res = await upload({ bytes, name: 'at-registered.jpg', site: { lat: SITE.lat + 0.2, lng: SITE.lng } });
    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual([]);
    expect(res.body.site).toMatchObject({ source: 'BUSINESS' });
  });
});

describe('refusals leave no row and no file', () => {
  test('a ".jpg" that is an ELF executable is refused (415), and so is a Windows PE', async () => {
    const rowsBefore = await prisma.evidence.count();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), randomBytes(8192)]);
    const pe = Buffer.concat([Buffer.from('MZ'), randomBytes(8192)]);
    for (const bytes of [elf, pe]) {
      const res = await upload({ bytes, name: 'photo.jpg' });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 415, code: 'EVIDENCE_TYPE_UNSUPPORTED' });
      expect(res.body.error.message).toContain('文件类型以内容为准');
    }
    expect(await prisma.evidence.count()).toBe(rowsBefore);
  });

  test('a 25 MB photo is refused (413, the photo limit is 20 MB) and nothing stays in the store', async () => {
    const rowsBefore = await prisma.evidence.count();
    const header = await photo({ takenAt: exifDate(visitDay) });
    const bytes = Buffer.concat([header, randomBytes(25 * 1024 * 1024)]);
    // The refused upload goes to an API whose store folder this test watches.
    const api = await import('../support/harness').then((h) =>
      h.startTestApi({ prisma, taskQueue: stack.worker.taskQueue, databaseUrl: stack.db.url, evidence: local }),
    );
    const root = (local.store as EvidenceStore & { root?: string }).root;
    try {
      const res = await upload({ baseUrl: api.baseUrl, bytes, name: 'big.jpg' });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 413, code: 'EVIDENCE_TOO_LARGE' });
      expect(res.body.error.message).toBe('照片过大：不能超过 20 MB');
      expect(await prisma.evidence.count()).toBe(rowsBefore);
      if (root) expect(storedFiles(root)).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe('access follows the check result', () => {
  test("a FIRE inspector may neither download nor add evidence of MARKET's check result (403)", async () => {
    const bytes = await photo({ takenAt: exifDate(visitDay) });
    const own = await upload({ bytes, name: 'a.jpg' });
    expect(own.status).toBe(201);
    const refused = await download(own.body.id, tokens['fire-1']);
    expect({ status: refused.status, body: refused.bytes.toString().slice(0, 300) }).toMatchObject({ status: 403 });
    expect(JSON.parse(refused.bytes.toString()).error.code).toBe('FORBIDDEN_DEPARTMENT');
    expect((await http('GET', `/api/evidence/${own.body.id}`, { token: tokens['fire-1'] })).status).toBe(403);
    const added = await upload({ bytes, name: 'b.jpg', token: tokens['fire-1'] });
    expect({ status: added.status, code: added.body.error.code }).toEqual({ status: 403, code: 'FORBIDDEN_DEPARTMENT' });
    // The coordinator sees every department's evidence.
    expect((await download(own.body.id, tokens['coordinator-2'])).status).toBe(200);
  });
});

describe('a 532 event and the API document', () => {
  test("a grid worker adds a photo to the event they reported and reads it; not another's evidence", async () => {
    const event = await http('POST', '/api/events', {
      token: tokens['grid-1'],
      body: { category: 'NOISE', village: '包鸾社区', location: '滨河路工地', description: '夜间施工噪声', evidence: [] },
    });
    expect(event.status).toBe(202);
    const reportDay = chinaDate((await prisma.gridEvent.findUniqueOrThrow({ where: { id: event.body.id } })).reportedAt.toISOString());
    const res = await upload({ path: `/api/events/${event.body.id}/evidence`, token: tokens['grid-1'], bytes: await photo({ takenAt: exifDate(reportDay) }), name: 'noise.jpg' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ subjectType: 'EVENT', eventId: event.body.id, flags: [] });
    expect((await download(res.body.id, tokens['grid-1'])).status).toBe(200);
    const market = await prisma.evidence.findFirstOrThrow({ where: { subjectType: 'CHECK_RESULT' } });
    expect((await http('GET', `/api/evidence/${market.id}`, { token: tokens['grid-1'] })).status).toBe(404);
  });

  test('the upload routes document their multipart body', async () => {
    const doc = await http('GET', '/api/openapi.json');
    const body = doc.body.paths['/api/inspections/{id}/checks/{department}/items/{itemCode}/evidence'].post.requestBody;
    expect(Object.keys(body.content['multipart/form-data'].schema.properties)).toEqual(['siteLatitude', 'siteLongitude', 'file']);
  });
});

describe('the 现场检查笔录 names the evidence', () => {
  test('every file of the check results is listed with its SHA-256', async () => {
    const rows = await prisma.evidence.findMany({ where: { inspectionId } });
    expect(rows.length).toBeGreaterThan(0);
    const issued = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['coordinator-2'], body: { kind: 'INSPECTION_RECORD' } });
    expect(issued.status).toBe(201);
    const res = await fetch(`${stack.api.baseUrl}/api/documents/${issued.body.id}/file`, { headers: { authorization: `Bearer ${tokens['coordinator-2']}` } });
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('证据材料');
    expect(text).toContain('SHA-256 校验值');
    for (const row of rows) {
      expect(text).toContain(row.sha256);
      expect(text).toContain(row.originalName);
    }
  });
});

describe('S3-compatible storage (a real MinIO)', () => {
  test('the same file stored in MinIO and on the local disk reads back with the recorded hash', async () => {
    const binary = process.env.MINIO_PATH;
    if (!binary) throw new Error('MinIO was not found or built by the global setup (see its [minio] lines); set MINIO_PATH to a minio binary');
    minio = await startMinio(binary);
    s3Store = s3EvidenceStore({ endpoint: minio.endpoint, region: 'us-east-1', bucket: BUCKET, accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey, forcePathStyle: true });
    await s3Store.client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // Larger than one 5 MB part, so lib-storage's multipart upload is what is tested.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(6 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
    const inS3 = await upload({ baseUrl: stack.apis.s3.api.baseUrl, bytes: pdf, name: '检查记录.pdf' });
    const onDisk = await upload({ bytes: pdf, name: '检查记录.pdf' });
    expect([inS3.status, onDisk.status]).toEqual([201, 201]);
    expect(inS3.body).toMatchObject({ kind: 'PDF', contentType: 'application/pdf', sha256: sha256(pdf), sizeBytes: pdf.length });
    expect(onDisk.body.sha256).toBe(inS3.body.sha256);

    const row = await prisma.evidence.findUniqueOrThrow({ where: { id: inS3.body.id } });
    const object = await s3Store.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.storageKey }));
    const fromMinio = Buffer.from(await object.Body!.transformToByteArray());
    expect(sha256(fromMinio)).toBe(row.sha256);

    for (const [id, baseUrl] of [
      [inS3.body.id, stack.apis.s3.api.baseUrl],
      [onDisk.body.id, stack.api.baseUrl],
    ]) {
      const file = await download(id, tokens['market-1'], baseUrl);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(pdf).digest('base64')}:`);
      expect(sha256(file.bytes)).toBe(row.sha256);
    }
  }, 120_000);

  test('a refused upload to S3 leaves no object in the bucket', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), randomBytes(8192)]);
    const res = await upload({ baseUrl: stack.apis.s3.api.baseUrl, bytes: elf, name: 'x.jpg' });
    expect(res.status).toBe(415);
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const listed = await s3Store!.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const rows = await prisma.evidence.findMany({ select: { storageKey: true, thumbnailKey: true } });
    const known = new Set(rows.flatMap((r) => [r.storageKey, r.thumbnailKey]));
    expect((listed.Contents ?? []).map((o) => o.Key).filter((k) => !known.has(k!))).toEqual([]);
  });
});
