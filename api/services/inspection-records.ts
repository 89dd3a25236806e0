/**
 * The 现场检查笔录 signed on the officer's phone: versions with frozen content, the party's drawn
 * signature (or the refusal with a witness), each present officer's signature with the
 * certificate number from their record. The rules are domain/inspection-record.ts's; this file
 * decodes the images, and writes each step with its audit event (signature hashes in the chain)
 * in one transaction, the content guarded so that a change and a signature never cross.
 */
import { createHash, randomUUID } from 'node:crypto';
import { filetypeinfo } from 'magic-bytes.js';
import sharp from 'sharp';
import { appendAudit, Prisma, type AuthenticatedOfficer, type PrismaClient, type Tx } from '../../db';
import { loadInspectionRecord, type RecordContent } from '../../documents/load';
import {
  contentChangeRefusal,
  correctionRefusal,
  DEFAULT_RECORD_SIGNATURE_POLICY,
  RECORD_SIGNATURE_STATUS_LABELS,
  recordSignatureStatus,
  signatureRefusal,
  signerKeyOf,
  type RecordRefusal,
  type RecordSignaturePolicy,
  type RecordSignatureRole,
} from '../../domain/inspection-record';
import { AppError } from '../errors';
import type { InspectionRecordResponse, SignRecordBody } from '../routes/inspection-records/schema';

const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const refuse = (refusal: RecordRefusal | null) => {
  if (refusal) throw new AppError(refusal.code, refusal.message);
};

interface DecodedImage {
  png: Buffer;
  sha256: string;
  width: number;
  height: number;
}

/**
 * A drawn signature: a data URL or bare base64 whose bytes must be a PNG (magic bytes, then a
 * full decode by sharp for its size), within the policy's bytes and pixels.
 */
export async function decodeSignatureImage(value: string, policy: RecordSignaturePolicy, what: string): Promise<DecodedImage> {
  const base64 = value.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  const invalid = () => new AppError('SIGNATURE_IMAGE_INVALID', `${what}不是有效的 PNG 图片，请重新签名`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw invalid();
  const png = Buffer.from(base64, 'base64');
  if (png.length > policy.maxImageBytes) {
    throw new AppError('SIGNATURE_IMAGE_TOO_LARGE', `${what}图片过大（${Math.ceil(png.length / 1024)} KB），上限 ${Math.floor(policy.maxImageBytes / 1024)} KB`);
  }
  if (!filetypeinfo(png.subarray(0, 64)).some((t) => t.mime === 'image/png')) throw invalid();
  let width: number | undefined;
  let height: number | undefined;
  try {
    const meta = await sharp(png).metadata();
    if (meta.format !== 'png') throw invalid();
    ({ width, height } = meta);
  } catch {
    throw invalid();
  }
  if (!width || !height) throw invalid();
  if (width > policy.maxImageSide || height > policy.maxImageSide) {
    throw new AppError('SIGNATURE_IMAGE_INVALID', `${what}图片尺寸过大（${width}×${height}），每边不超过 ${policy.maxImageSide} 像素`);
  }
  return { png, sha256: sha256Hex(png), width, height };
}

const RECORD_INCLUDE = {
  signatures: { orderBy: [{ signedAt: 'asc' }, { id: 'asc' }] },
  supersedes: { select: { version: true } },
  supersededBy: { select: { version: true } },
} satisfies Prisma.InspectionRecordInclude;

type RecordRow = Prisma.InspectionRecordGetPayload<{ include: typeof RECORD_INCLUDE }>;

export function createInspectionRecordService(deps: { prisma: PrismaClient; signaturePolicy?: RecordSignaturePolicy }) {
  const { prisma } = deps;
  const policy = deps.signaturePolicy ?? DEFAULT_RECORD_SIGNATURE_POLICY;

  async function presentOfficers(db: PrismaClient | Tx, inspectionId: string) {
    const present = await db.teamMember.findMany({ where: { inspectionId, presentAtCheckIn: true }, select: { officerId: true } });
    const officers = await db.officer.findMany({ where: { id: { in: present.map((p) => p.officerId) } }, select: { id: true, name: true } });
    return officers.sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id));
  }

  /** What a version froze: the live record's model, which never carries a signed part (that is the version's own). */
  function frozenContent(content: RecordContent): InspectionRecordResponse['content'] {
    const { signed: _signed, ...model } = content.model;
    return model;
  }

  async function response(row: RecordRow): Promise<InspectionRecordResponse> {
    const content = JSON.parse(row.contentJson) as RecordContent;
    const officers = await presentOfficers(prisma, row.inspectionId);
    const status = recordSignatureStatus(
      row.signatures.map((s) => ({ role: s.role as RecordSignatureRole, officerId: s.officerId })),
      officers.map((o) => o.id),
    );
    return {
      id: row.id,
      inspectionId: row.inspectionId,
      version: row.version,
      supersedesVersion: row.supersedes?.version ?? null,
      supersededByVersion: row.supersededBy?.version ?? null,
      correctionReason: row.correctionReason,
      partyOpinion: content.partyOpinion,
      remarks: content.remarks,
      contentSha256: row.contentSha256,
      status: status.status,
      statusLabel: RECORD_SIGNATURE_STATUS_LABELS[status.status],
      officersToSign: officers.filter((o) => status.officersMissing.includes(o.id)).map((o) => ({ officerId: o.id, name: o.name })),
      partySigned: status.partyDone,
      signatures: row.signatures.map((s) => ({
        id: s.id,
        role: s.role as RecordSignatureRole,
        signerName: s.signerName,
        officerId: s.officerId,
        certificateNo: s.certificateNo,
        imageSha256: s.imageSha256,
        witnessName: s.witnessName,
        witnessImageSha256: s.witnessImageSha256,
        witnessDescription: s.witnessDescription,
        refusalReason: s.refusalReason,
        contentSha256: s.contentSha256,
        signedAt: s.signedAt.toISOString(),
      })),
      content: frozenContent(content),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function findRecord(db: PrismaClient | Tx, inspectionId: string, version: number): Promise<RecordRow> {
    const row = await db.inspectionRecord.findUnique({ where: { inspectionId_version: { inspectionId, version } }, include: RECORD_INCLUDE });
    if (!row) throw new AppError('RECORD_NOT_FOUND', `联合检查 ${inspectionId} 没有第${version}版现场检查笔录`);
    return row;
  }

  /** The visit's data now, frozen: refused while the checks are not all in (the same rule as the document's). */
  async function snapshot(inspectionId: string, opinion: { partyOpinion: string; remarks: string }) {
    const loaded = await loadInspectionRecord(prisma, { inspectionId });
    if (!loaded.ok) {
      throw loaded.reason === 'NOT_FOUND' ? new AppError('INSPECTION_NOT_FOUND', loaded.message) : new AppError('DOCUMENT_NOT_AVAILABLE', loaded.message);
    }
    const content: RecordContent = { model: loaded.model, partyOpinion: opinion.partyOpinion, remarks: opinion.remarks };
    const contentJson = JSON.stringify(content);
    return { contentJson, contentSha256: sha256Hex(contentJson) };
  }

  const actorOf = (actor: AuthenticatedOfficer) => ({ officerId: actor.officerId, name: actor.name });

  return {
    async list(options: { inspectionId: string }) {
      const rows = await prisma.inspectionRecord.findMany({ where: { inspectionId: options.inspectionId }, include: RECORD_INCLUDE, orderBy: { version: 'asc' } });
      return Promise.all(rows.map(response));
    },

    async get(options: { inspectionId: string; version: number }) {
      return response(await findRecord(prisma, options.inspectionId, options.version));
    },

    /** Version 1, from the visit's data; later versions are corrections. */
    async create(options: { actor: AuthenticatedOfficer; inspectionId: string; partyOpinion?: string; remarks?: string; now?: Date }) {
      const { actor, inspectionId } = options;
      const now = options.now ?? new Date();
      const { contentJson, contentSha256 } = await snapshot(inspectionId, { partyOpinion: options.partyOpinion ?? '', remarks: options.remarks ?? '' });
      const id = randomUUID();
      try {
        await prisma.$transaction(async (tx) => {
          await tx.inspectionRecord.create({
            data: { id, inspectionId, version: 1, contentJson, contentSha256, createdById: actor.officerId, createdAt: now, updatedAt: now },
          });
          await appendAudit(tx, {
            actor: actorOf(actor),
            action: 'RECORD_MADE',
            subjectType: 'JointInspection',
            subjectId: inspectionId,
            at: now,
            payload: { recordId: id, version: 1, contentSha256 },
            idempotencyKey: `record:${id}:made`,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('RECORD_EXISTS', '本次检查已制作现场检查笔录；如需更正，请在最新版本上制作更正版本');
        throw error;
      }
      return response(await findRecord(prisma, inspectionId, 1));
    },

    /** The party's opinion and the remarks, while nobody has signed. */
    async change(options: { actor: AuthenticatedOfficer; inspectionId: string; version: number; partyOpinion?: string; remarks?: string; now?: Date }) {
      const { actor, inspectionId, version } = options;
      const now = options.now ?? new Date();
      await prisma.$transaction(async (tx) => {
        const row = await findRecord(tx, inspectionId, version);
        refuse(contentChangeRefusal({ signatureCount: row.signatureCount, superseded: row.supersededBy !== null }));
        const old = JSON.parse(row.contentJson) as RecordContent;
        const content: RecordContent = { ...old, partyOpinion: options.partyOpinion ?? old.partyOpinion, remarks: options.remarks ?? old.remarks };
        const contentJson = JSON.stringify(content);
        const contentSha256 = sha256Hex(contentJson);
        // Guarded on the row itself: a signature given meanwhile (it counts on this row) makes this update miss.
        const updated = await tx.inspectionRecord.updateMany({
          where: { id: row.id, signatureCount: 0, contentSha256: row.contentSha256 },
          data: { contentJson, contentSha256, updatedAt: now },
        });
        if (updated.count === 0) {
          // Missed: signed meanwhile (the usual case), or changed by someone else first.
          const current = await tx.inspectionRecord.findUniqueOrThrow({ where: { id: row.id }, select: { signatureCount: true } });
          refuse(contentChangeRefusal({ signatureCount: current.signatureCount, superseded: false }));
          throw new AppError('CONFLICT', '笔录内容刚刚被他人修改，请刷新后再改');
        }
        await appendAudit(tx, {
          actor: actorOf(actor),
          action: 'RECORD_CHANGED',
          subjectType: 'JointInspection',
          subjectId: inspectionId,
          at: now,
          payload: { recordId: row.id, version, from: row.contentSha256, contentSha256 },
        });
      });
      return response(await findRecord(prisma, inspectionId, version));
    },

    /** A new version that refers to the signed one; the visit's data read again, the opinion carried unless given. */
    async correct(options: { actor: AuthenticatedOfficer; inspectionId: string; version: number; reason: string; partyOpinion?: string; remarks?: string; now?: Date }) {
      const { actor, inspectionId, version } = options;
      const now = options.now ?? new Date();
      const old = await findRecord(prisma, inspectionId, version);
      refuse(correctionRefusal({ signatureCount: old.signatureCount, superseded: old.supersededBy !== null }));
      const previous = JSON.parse(old.contentJson) as RecordContent;
      const { contentJson, contentSha256 } = await snapshot(inspectionId, {
        partyOpinion: options.partyOpinion ?? previous.partyOpinion,
        remarks: options.remarks ?? previous.remarks,
      });
      const id = randomUUID();
      let created = 0;
      try {
        await prisma.$transaction(async (tx) => {
          const last = await tx.inspectionRecord.aggregate({ where: { inspectionId }, _max: { version: true } });
          created = (last._max.version ?? 0) + 1;
          // supersedesId is unique: of two corrections of one version, the second fails here.
          await tx.inspectionRecord.create({
            data: {
              id,
              inspectionId,
              version: created,
              supersedesId: old.id,
              correctionReason: options.reason,
              contentJson,
              contentSha256,
              createdById: actor.officerId,
              createdAt: now,
              updatedAt: now,
            },
          });
          await appendAudit(tx, {
            actor: actorOf(actor),
            action: 'RECORD_CORRECTED',
            subjectType: 'JointInspection',
            subjectId: inspectionId,
            at: now,
            payload: { recordId: id, version: created, supersedes: { recordId: old.id, version: old.version, contentSha256: old.contentSha256 }, reason: options.reason, contentSha256 },
            idempotencyKey: `record:${id}:made`,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('RECORD_SUPERSEDED', '该版本已被更正，请更正最新版本');
        throw error;
      }
      return response(await findRecord(prisma, inspectionId, created));
    },

    /** One signature on one version: the party's, its refusal before a witness, or the calling officer's own. */
    async sign(options: { actor: AuthenticatedOfficer; inspectionId: string; version: number; body: SignRecordBody; now?: Date }) {
      const { actor, inspectionId, version, body } = options;
      const now = options.now ?? new Date();
      const row = await findRecord(prisma, inspectionId, version);
      const present = await prisma.teamMember.findMany({ where: { inspectionId, presentAtCheckIn: true }, select: { officerId: true } });
      const officer =
        body.role === 'OFFICER'
          ? await prisma.officer.findUnique({ where: { id: actor.officerId }, select: { id: true, name: true, certificateNo: true, department: { select: { shortName: true } } } })
          : null;
      const request =
        body.role === 'PARTY'
          ? { role: 'PARTY' as const, signerName: body.signerName, hasImage: true }
          : body.role === 'PARTY_REFUSED'
            ? {
                role: 'PARTY_REFUSED' as const,
                witnessName: body.witnessName,
                hasWitnessImage: body.witnessImage !== undefined,
                witnessDescription: body.witnessDescription ?? null,
                refusalReason: body.refusalReason ?? null,
              }
            : { role: 'OFFICER' as const, officerId: actor.officerId };
      const facts = row.signatures.map((s) => ({ role: s.role as RecordSignatureRole, officerId: s.officerId }));
      refuse(
        signatureRefusal(request, {
          superseded: row.supersededBy !== null,
          signatures: facts,
          presentOfficerIds: present.map((p) => p.officerId),
          officerCertificateNo: officer?.certificateNo ?? null,
        }),
      );
      const image =
        body.role === 'PARTY' ? await decodeSignatureImage(body.image, policy, '当事人签名') : body.role === 'OFFICER' && body.image ? await decodeSignatureImage(body.image, policy, '执法人员签名') : null;
      const witness = body.role === 'PARTY_REFUSED' && body.witnessImage ? await decodeSignatureImage(body.witnessImage, policy, '见证人签名') : null;

      const id = randomUUID();
      const signerName = body.role === 'PARTY' ? body.signerName : body.role === 'PARTY_REFUSED' ? '（当事人拒绝签名）' : officer!.name;
      try {
        await prisma.$transaction(async (tx) => {
          // Counting on the row whose content was signed: a change meanwhile makes this miss.
          const counted = await tx.inspectionRecord.updateMany({ where: { id: row.id, contentSha256: row.contentSha256 }, data: { signatureCount: { increment: 1 } } });
          if (counted.count === 0) throw new AppError('CONFLICT', '笔录内容刚刚被修改，请核对新内容后重新签名');
          await tx.recordSignature.create({
            data: {
              id,
              recordId: row.id,
              role: body.role,
              signerKey: signerKeyOf({ role: body.role, officerId: body.role === 'OFFICER' ? actor.officerId : null }),
              signerName,
              officerId: body.role === 'OFFICER' ? actor.officerId : null,
              certificateNo: body.role === 'OFFICER' ? officer!.certificateNo : null,
              departmentName: body.role === 'OFFICER' ? (officer!.department?.shortName ?? null) : null,
              imagePng: image ? new Uint8Array(image.png) : null,
              imageSha256: image?.sha256 ?? null,
              imageWidth: image?.width ?? null,
              imageHeight: image?.height ?? null,
              witnessName: body.role === 'PARTY_REFUSED' ? body.witnessName : null,
              witnessImagePng: witness ? new Uint8Array(witness.png) : null,
              witnessImageSha256: witness?.sha256 ?? null,
              witnessImageWidth: witness?.width ?? null,
              witnessImageHeight: witness?.height ?? null,
              witnessDescription: body.role === 'PARTY_REFUSED' ? (body.witnessDescription ?? null) : null,
              refusalReason: body.role === 'PARTY_REFUSED' ? (body.refusalReason ?? null) : null,
              contentSha256: row.contentSha256,
              signedAt: now,
              recordedById: actor.officerId,
            },
          });
          // The chain keeps the hashes, never the images: enough to prove which strokes were kept.
          await appendAudit(tx, {
            actor: actorOf(actor),
            action: 'RECORD_SIGNED',
            subjectType: 'JointInspection',
            subjectId: inspectionId,
            at: now,
            payload: {
              recordId: row.id,
              version,
              signatureId: id,
              role: body.role,
              signerName,
              ...(body.role === 'OFFICER' ? { officerId: actor.officerId, certificateNo: officer!.certificateNo } : {}),
              imageSha256: image?.sha256 ?? null,
              ...(body.role === 'PARTY_REFUSED' ? { witnessName: body.witnessName, witnessImageSha256: witness?.sha256 ?? null } : {}),
              contentSha256: row.contentSha256,
            },
            idempotencyKey: `record-signature:${id}`,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('RECORD_ALREADY_SIGNED', body.role === 'OFFICER' ? '您已在该版本笔录上签名' : '该版本笔录已有当事人签名或拒签记录');
        }
        throw error;
      }
      return response(await findRecord(prisma, inspectionId, version));
    },
  };
}

export type InspectionRecordService = ReturnType<typeof createInspectionRecordService>;
