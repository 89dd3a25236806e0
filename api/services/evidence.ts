/**
 * Evidence uploads and downloads. One file per request, streamed: busboy parses the multipart
 * body (the parser under multer, used directly so the file is never held whole in memory), the
 * first bytes decide the kind by their magic numbers (magic-bytes.js), bytes are counted
 * against the kind's limit and hashed (SHA-256) on their way to the store. A photo (≤ 20 MB by
 * default) is also kept in memory for its EXIF (exifr) and its thumbnail (sharp).
 *
 * The row and its audit event are written in one transaction after the file is stored; when
 * anything fails the stored objects are deleted, so a failed upload leaves no row and no file.
 *
 * An Idempotency-Key (a phone resending a photo it queued offline) makes the row's id a hash of
 * uploader, subject and key, so the primary key settles a resend and a race alike: the loser's
 * transaction (row and audit) rolls back, its file is deleted, and it answers the winner's row
 * when the bytes are the same (SHA-256), EVIDENCE_KEY_REUSED otherwise. The file is still read
 * in full first: only its hash tells a resend from another photo under the same key.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import busboy from 'busboy';
import exifr from 'exifr';
import { filetypeinfo } from 'magic-bytes.js';
import sharp from 'sharp';
import { appendAudit, Prisma, type AuthenticatedOfficer, type EvidenceStore, type PrismaClient } from '../../db';
import { chinaDate } from '../../domain/dates';
import {
  ACCEPTED_TYPES,
  EVIDENCE_KIND_LABELS,
  comparedSite,
  exifDateTime,
  photoFlags,
  SITE_SOURCE_LABELS,
  type SiteSource,
  type EvidenceFlag,
  type EvidenceKind,
  type EvidencePolicy,
  type EvidenceSubject,
} from '../../domain/evidence';
import { AppError } from '../errors';

/** What the file belongs to, as the route names it. */
export type EvidenceTarget =
  | { type: 'CHECK_RESULT'; inspectionId: string; departmentCode: string; itemCode: string }
  | { type: 'FINDING'; findingId: string }
  | { type: 'EVENT'; eventId: string }
  | { type: 'CASE'; caseId: string };

export interface EvidenceView {
  id: string;
  subjectType: EvidenceSubject;
  subjectId: string;
  inspectionId: string | null;
  departmentCode: string | null;
  itemCode: string | null;
  findingId: string | null;
  eventId: string | null;
  caseId: string | null;
  kind: EvidenceKind;
  contentType: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  hasThumbnail: boolean;
  exif: { takenAt: string | null; latitude: number | null; longitude: number | null };
  /** The place the photo's GPS was compared with (WGS-84), and where it came from; null when none was known. */
  site: { source: SiteSource; label: string; latitude: number; longitude: number } | null;
  flags: EvidenceFlag[];
  uploadedById: string;
  uploadedAt: string;
}

/** Enough bytes for every signature the accepted types need (ISO-BMFF brands, RIFF, WebM). */
const SNIFF_BYTES = 4100;
const THUMBNAIL_WIDTH = 320;
const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The content type the bytes say, among the accepted ones; null when none fits. */
export function sniffContentType(head: Uint8Array): string | null {
  for (const guess of filetypeinfo(head)) {
    const mime = guess.mime === 'audio/x-m4a' || guess.mime === 'audio/m4a' ? 'audio/mp4' : guess.mime;
    if (mime && ACCEPTED_TYPES[mime]) return mime;
  }
  return null;
}

/**
 * Sniffs, counts, hashes (and keeps a photo's bytes) on the way through. The kind is known
 * after the first SNIFF_BYTES; a refusal is an AppError the pipeline rejects with.
 */
class EvidenceMeter extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private readonly hash = createHash('sha256');
  private readonly photoChunks: Buffer[] = [];
  size = 0;
  contentType: string | null = null;
  kind: EvidenceKind | null = null;

  constructor(private readonly maxBytes: Record<EvidenceKind, number>) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.contentType === null) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return callback();
      const error = this.decide(Buffer.concat(this.head));
      if (error) return callback(error);
      const buffered = Buffer.concat(this.head);
      this.head = [];
      return this.pass(buffered, callback);
    }
    this.pass(chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.contentType === null) {
      const buffered = Buffer.concat(this.head);
      if (buffered.length === 0) return callback(new AppError('EVIDENCE_FILE_EMPTY', '上传的文件是空的，请重新拍摄或选择文件'));
      const error = this.decide(buffered);
      if (error) return callback(error);
      this.head = [];
      return this.pass(buffered, callback);
    }
    callback();
  }

  private decide(head: Buffer): AppError | null {
    const type = sniffContentType(head);
    if (!type) {
      return new AppError(
        'EVIDENCE_TYPE_UNSUPPORTED',
        '文件内容不是可接受的证据格式（照片 JPEG/PNG/HEIC/WebP、视频 MP4/MOV/3GP/AVI/WebM、录音 MP3/M4A/WAV/AMR/OGG、PDF）；文件类型以内容为准，与文件名无关',
      );
    }
    this.contentType = type;
    this.kind = ACCEPTED_TYPES[type];
    return null;
  }

  private pass(chunk: Buffer, callback: TransformCallback): void {
    const kind = this.kind!;
    this.size += chunk.length;
    if (this.size > this.maxBytes[kind]) {
      return callback(new AppError('EVIDENCE_TOO_LARGE', `${EVIDENCE_KIND_LABELS[kind]}过大：不能超过 ${megabytes(this.maxBytes[kind])}`));
    }
    this.hash.update(chunk);
    if (kind === 'PHOTO') this.photoChunks.push(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  photo(): Buffer | null {
    return this.kind === 'PHOTO' ? Buffer.concat(this.photoChunks) : null;
  }
}

/** The form fields an upload may carry before its file. */
const UPLOAD_FIELDS = new Set(['siteLatitude', 'siteLongitude']);

const coordinate = (value: string | undefined, max: number) => {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) <= max ? n : undefined;
};

interface ReceivedFile {
  key: string;
  name: string;
  meter: EvidenceMeter;
  fields: Record<string, string>;
}

/** Reads the one file of a multipart request into the store; the fields before it are returned with it. */
function receive(req: IncomingMessage, store: EvidenceStore, policy: EvidencePolicy, key: string): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 10, fieldSize: 1000, parts: 12 },
      });
    } catch {
      return reject(new AppError('EVIDENCE_UPLOAD_INVALID', '请以 multipart/form-data 上传证据文件，字段名为 file'));
    }
    const fields: Record<string, string> = {};
    let stored: Promise<ReceivedFile> | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      // Read the rest of what the client sends, so it gets the answer instead of a reset connection.
      req.resume();
      const answer = () => reject(error);
      if (req.readableEnded) answer();
      else {
        const timer = setTimeout(answer, 30_000);
        req.once('end', () => (clearTimeout(timer), answer()));
        req.once('close', () => (clearTimeout(timer), answer()));
      }
    };
    parser.on('field', (name, value) => {
      // The form has two fields besides the file (api/routes/evidence/schema.ts); another is a client's mistake, said plainly.
      if (!UPLOAD_FIELDS.has(name)) return fail(new AppError('EVIDENCE_UPLOAD_INVALID', `上传内容中有未知字段“${name.slice(0, 40)}”：只接受 siteLatitude、siteLongitude 和文件 file`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || stored) {
        stream.resume();
        return fail(new AppError('EVIDENCE_UPLOAD_INVALID', '每次上传一个文件，字段名为 file'));
      }
      const meter = new EvidenceMeter(policy.maxBytes);
      const body = new PassThrough();
      // A refusal can come before the store attached its listeners (it may await first); the
      // error reaches the upload through `refusal` and the destroyed body, never as unhandled.
      meter.on('error', () => undefined);
      body.on('error', () => undefined);
      stream.on('error', (e) => meter.destroy(e));
      meter.on('error', (e) => body.destroy(e));
      stream.pipe(meter).pipe(body);
      stored = (async () => {
        // The store's upload ends in the meter's refusal when there is one.
        let refusal: unknown;
        meter.once('error', (e) => (refusal = e));
        try {
          await store.put(key, body, 'application/octet-stream');
        } catch (error) {
          await store.delete(key).catch(() => undefined);
          throw refusal ?? error;
        }
        if (refusal) {
          await store.delete(key).catch(() => undefined);
          throw refusal;
        }
        return { key, name: info.filename ?? 'file', meter, fields };
      })();
      stored.catch(fail);
    });
    parser.on('partsLimit', () => fail(new AppError('EVIDENCE_UPLOAD_INVALID', '上传内容的字段过多')));
    parser.on('error', () => fail(new AppError('EVIDENCE_UPLOAD_INVALID', '上传内容不完整或格式有误，请重新上传')));
    parser.on('close', () => {
      if (failed) return;
      if (!stored) return fail(new AppError('EVIDENCE_UPLOAD_INVALID', '请以 multipart/form-data 上传证据文件，字段名为 file'));
      stored.then(resolve, fail);
    });
    req.on('aborted', () => fail(new AppError('EVIDENCE_UPLOAD_INVALID', '上传被中断，请重新上传')));
    req.pipe(parser);
  });
}

export interface UploadOptions {
  actor: AuthenticatedOfficer;
  target: EvidenceTarget;
  req: IncomingMessage;
  /** The client's key for this one file (Idempotency-Key): a resend answers the row already stored. */
  idempotencyKey?: string;
}

/** The id of a keyed upload: the same uploader, subject and key always name the same row. */
export function keyedEvidenceId(uploaderId: string, subjectType: string, subjectId: string, idempotencyKey: string): string {
  return `ek${createHash('sha256').update(`${uploaderId}\n${subjectType}\n${subjectId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

export function createEvidenceService(deps: { prisma: PrismaClient; store: EvidenceStore; policy: EvidencePolicy }) {
  const { prisma, store, policy } = deps;

  /** The subject's refs and the visit's China date; 404 when it does not exist. */
  async function resolveTarget(target: EvidenceTarget) {
    const visitDayOf = (inspection: { checkInAt: Date | null; scheduledFor: Date } | null) =>
      inspection ? chinaDate((inspection.checkInAt ?? inspection.scheduledFor).toISOString()) : null;
    // The business's registered place (WGS-84), when it has one.
    const placeOf = (inspection: { target: { latitude: number | null; longitude: number | null } } | null) =>
      inspection && inspection.target.latitude !== null && inspection.target.longitude !== null
        ? { lat: inspection.target.latitude, lng: inspection.target.longitude }
        : null;
    const placeSelect = { select: { latitude: true, longitude: true } } as const;
    // Where the team checked in: the fallback site of an upload that sends none of its own.
    const checkInPlaceOf = (inspection: { checkInLatitude: number | null; checkInLongitude: number | null } | null) =>
      inspection && inspection.checkInLatitude !== null && inspection.checkInLongitude !== null
        ? { lat: inspection.checkInLatitude, lng: inspection.checkInLongitude }
        : null;
    switch (target.type) {
      case 'CHECK_RESULT': {
        const inspection = await prisma.jointInspection.findUnique({
          where: { id: target.inspectionId },
          select: {
            status: true,
            checkInAt: true,
            checkInLatitude: true,
            checkInLongitude: true,
            scheduledFor: true,
            target: placeSelect,
            checks: {
              where: { department: { code: target.departmentCode } },
              select: { items: { where: { checkItem: { code: target.itemCode } }, select: { checkItemId: true } } },
            },
          },
        });
        if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${target.inspectionId} 不存在`);
        if (inspection.checks.length === 0) throw new AppError('DEPARTMENT_NOT_FOUND', `本次联合检查没有 ${target.departmentCode} 部门的检查`);
        if (inspection.checks[0].items.length === 0) throw new AppError('NOT_FOUND', `本次检查没有给该部门分派检查事项 ${target.itemCode}`);
        return {
          subjectId: `${target.inspectionId}/${target.departmentCode}/${target.itemCode}`,
          refs: { inspectionId: target.inspectionId, departmentCode: target.departmentCode, itemCode: target.itemCode },
          visitDay: visitDayOf(inspection),
          businessPlace: placeOf(inspection),
          // Nothing was checked on a cancelled visit: its check results take no evidence.
          cancelled: inspection.status === 'CANCELLED',
          checkInPlace: checkInPlaceOf(inspection),
        };
      }
      case 'FINDING': {
        const finding = await prisma.finding.findUnique({
          where: { id: target.findingId },
          select: {
            inspectionId: true,
            department: { select: { code: true } },
            inspection: { select: { checkInAt: true, checkInLatitude: true, checkInLongitude: true, scheduledFor: true, target: placeSelect } },
          },
        });
        if (!finding) throw new AppError('NOT_FOUND', '检查发现不存在');
        return {
          subjectId: target.findingId,
          refs: { findingId: target.findingId, inspectionId: finding.inspectionId, departmentCode: finding.department.code },
          visitDay: visitDayOf(finding.inspection),
          businessPlace: placeOf(finding.inspection),
          checkInPlace: checkInPlaceOf(finding.inspection),
        };
      }
      case 'EVENT': {
        const event = await prisma.gridEvent.findUnique({ where: { id: target.eventId }, select: { reportedAt: true } });
        if (!event) throw new AppError('EVENT_NOT_FOUND', `事件 ${target.eventId} 不存在`);
        return { subjectId: target.eventId, refs: { eventId: target.eventId }, visitDay: chinaDate(event.reportedAt.toISOString()), businessPlace: null, checkInPlace: null };
      }
      case 'CASE': {
        const row = await prisma.enforcementCase.findUnique({ where: { id: target.caseId }, select: { inspectionId: true, departmentCode: true } });
        if (!row) throw new AppError('NOT_FOUND', '案件不存在');
        const inspection = await prisma.jointInspection.findUnique({
          where: { id: row.inspectionId },
          select: { checkInAt: true, checkInLatitude: true, checkInLongitude: true, scheduledFor: true, target: placeSelect },
        });
        return {
          subjectId: target.caseId,
          refs: { caseId: target.caseId, inspectionId: row.inspectionId, departmentCode: row.departmentCode },
          visitDay: visitDayOf(inspection),
          businessPlace: placeOf(inspection),
          checkInPlace: checkInPlaceOf(inspection),
        };
      }
    }
  }

  async function readExif(photo: Buffer) {
    try {
      // Raw values: the camera's local date-time as written, without a guessed time zone.
      const tags = await exifr.parse(photo, { tiff: true, exif: true, gps: true, reviveValues: false, translateValues: false });
      const gps = await exifr.gps(photo).catch(() => undefined);
      const takenAt = exifDateTime(tags?.DateTimeOriginal ?? tags?.CreateDate ?? tags?.DateTime);
      const lat = gps && Number.isFinite(gps.latitude) ? gps.latitude : null;
      const lng = gps && Number.isFinite(gps.longitude) ? gps.longitude : null;
      return { takenAt, position: lat !== null && lng !== null ? { lat, lng } : null };
    } catch {
      return { takenAt: null, position: null };
    }
  }

  async function thumbnail(photo: Buffer): Promise<Buffer | null> {
    try {
      // rotate() applies the EXIF orientation, so a phone's portrait photo is not shown sideways.
      return await sharp(photo).rotate().resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
    } catch {
      return null; // HEIC without a decoder, a damaged file: the original is still evidence.
    }
  }

  return {
    async upload({ actor, target, req, idempotencyKey }: UploadOptions): Promise<EvidenceView> {
      const subject = await resolveTarget(target);
      const now = new Date();
      const id = idempotencyKey ? keyedEvidenceId(actor.officerId, target.type, subject.subjectId, idempotencyKey) : randomUUID();
      // A resend of a photo stored before the visit was cancelled still answers what is stored.
      if ('cancelled' in subject && subject.cancelled && !(idempotencyKey && (await prisma.evidence.count({ where: { id } })) > 0)) {
        throw new AppError('ALREADY_CLOSED', '联合检查已取消，不能再为其检查结果上传证据');
      }
      // Its own name even for a keyed upload: two racing resends must not write the same object.
      const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
      let received: ReceivedFile;
      try {
        received = await receive(req, store, policy, key);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('EVIDENCE_STORAGE_UNAVAILABLE', '证据存储暂时不可用，请稍后重试');
      }
      const stored = [key];
      try {
        const { meter, fields } = received;
        const siteLat = coordinate(fields.siteLatitude, 90);
        const siteLng = coordinate(fields.siteLongitude, 180);
        if (siteLat === undefined || siteLng === undefined || (siteLat === null) !== (siteLng === null)) {
          throw new AppError('EVIDENCE_SITE_INVALID', 'siteLatitude 和 siteLongitude 须同时给出，且为有效的纬度（-90～90）和经度（-180～180）');
        }
        const site = comparedSite(subject.businessPlace, siteLat !== null && siteLng !== null ? { lat: siteLat, lng: siteLng } : null, subject.checkInPlace);
        const photo = meter.photo();
        const exif = photo ? await readExif(photo) : { takenAt: null, position: null };
        const flags = photo
          ? photoFlags({
              takenAt: exif.takenAt,
              position: exif.position,
              visitDay: subject.visitDay,
              site,
              maxDistanceMeters: policy.maxDistanceMeters,
            })
          : [];
        let thumbnailKey: string | null = null;
        const thumb = photo ? await thumbnail(photo) : null;
        if (thumb) {
          thumbnailKey = `${key}.thumb.jpg`;
          await store.put(thumbnailKey, Readable.from(thumb), 'image/jpeg');
          stored.push(thumbnailKey);
        }
        const row = {
          id,
          subjectType: target.type,
          subjectId: subject.subjectId,
          ...subject.refs,
          kind: meter.kind!,
          contentType: meter.contentType!,
          originalName: received.name.slice(0, 255),
          sizeBytes: meter.size,
          sha256: meter.digest(),
          storageKey: key,
          thumbnailKey,
          exifTakenAt: exif.takenAt,
          exifLatitude: exif.position?.lat ?? null,
          exifLongitude: exif.position?.lng ?? null,
          flagsJson: JSON.stringify(flags),
          uploadedById: actor.officerId,
          uploadedAt: now,
          siteSource: site?.source ?? null,
          siteLatitude: site?.lat ?? null,
          siteLongitude: site?.lng ?? null,
        };
        const written = prisma.$transaction(async (tx) => {
          const evidence = await tx.evidence.create({ data: row });
          await appendAudit(tx, {
            actor: { officerId: actor.officerId, name: actor.name },
            action: 'EVIDENCE_UPLOADED',
            subjectType: 'Evidence',
            subjectId: id,
            at: now,
            payload: { subjectType: row.subjectType, subjectId: row.subjectId, kind: row.kind, contentType: row.contentType, sizeBytes: row.sizeBytes, sha256: row.sha256, flags: flags.map((f) => f.code) },
          });
          return evidence;
        });
        const created = await written.catch(async (error: unknown) => {
          if (!(idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
          const first = await prisma.evidence.findUnique({ where: { id } });
          if (!first) throw error;
          if (first.sha256 !== row.sha256) {
            throw new AppError('EVIDENCE_KEY_REUSED', '这个 Idempotency-Key 已用于另一份文件：同一键只能重发同一份文件，新的照片请用新的键上传');
          }
          // A resend of the stored file: drop this copy, answer the first.
          await Promise.all(stored.map((k) => store.delete(k).catch(() => undefined)));
          stored.length = 0;
          return first;
        });
        return toView(created);
      } catch (error) {
        await Promise.all(stored.map((k) => store.delete(k).catch(() => undefined)));
        throw error;
      }
    },

    async get(id: string): Promise<EvidenceView> {
      const row = await prisma.evidence.findUnique({ where: { id } });
      if (!row) throw new AppError('EVIDENCE_NOT_FOUND', `证据 ${id} 不存在`);
      return toView(row);
    },

    async listOfInspection(inspectionId: string): Promise<EvidenceView[]> {
      const rows = await prisma.evidence.findMany({ where: { inspectionId }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toView);
    },

    /** The stored file (or its thumbnail) as a stream, with what the answer's headers need. */
    async open(id: string, which: 'file' | 'thumbnail') {
      const row = await prisma.evidence.findUnique({ where: { id } });
      if (!row) throw new AppError('EVIDENCE_NOT_FOUND', `证据 ${id} 不存在`);
      const key = which === 'file' ? row.storageKey : row.thumbnailKey;
      if (!key) throw new AppError('EVIDENCE_NOT_FOUND', '该证据没有缩略图');
      let stream: Readable;
      try {
        stream = await store.get(key);
      } catch {
        throw new AppError('EVIDENCE_STORAGE_UNAVAILABLE', '证据文件暂时无法读取，请稍后重试或联系管理员');
      }
      return which === 'file'
        ? { stream, contentType: row.contentType, sizeBytes: row.sizeBytes, sha256: row.sha256, name: row.originalName }
        : { stream, contentType: 'image/jpeg', sizeBytes: null, sha256: null, name: `${row.id}.thumb.jpg` };
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;

type EvidenceRow = NonNullable<Awaited<ReturnType<PrismaClient['evidence']['findUnique']>>>;

function toView(row: EvidenceRow): EvidenceView {
  return {
    id: row.id,
    subjectType: row.subjectType as EvidenceSubject,
    subjectId: row.subjectId,
    inspectionId: row.inspectionId,
    departmentCode: row.departmentCode,
    itemCode: row.itemCode,
    findingId: row.findingId,
    eventId: row.eventId,
    caseId: row.caseId,
    kind: row.kind as EvidenceKind,
    contentType: row.contentType,
    originalName: row.originalName,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    hasThumbnail: row.thumbnailKey !== null,
    exif: { takenAt: row.exifTakenAt, latitude: row.exifLatitude, longitude: row.exifLongitude },
    site:
      row.siteSource && row.siteLatitude !== null && row.siteLongitude !== null
        ? { source: row.siteSource as SiteSource, label: SITE_SOURCE_LABELS[row.siteSource as SiteSource], latitude: row.siteLatitude, longitude: row.siteLongitude }
        : null,
    flags: JSON.parse(row.flagsJson) as EvidenceFlag[],
    uploadedById: row.uploadedById,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}
