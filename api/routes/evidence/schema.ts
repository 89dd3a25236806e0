import { z } from 'zod';
import { idempotencyHeaders } from '../idempotency';
import { EVIDENCE_KINDS, EVIDENCE_SUBJECTS, SITE_SOURCES } from '../../../domain/evidence';

export const EvidenceIdParams = z.strictObject({ id: z.string().min(1).max(64) });
export const ObjectIdParams = z.strictObject({ id: z.string().min(1).max(64) });
export const CheckResultParams = z.strictObject({
  id: z.string().min(1).max(64),
  department: z.string().min(1).max(32),
  itemCode: z.string().min(1).max(64),
});

/** The multipart body (documented; the service streams it): fields first, then the one file. */
/** A decimal number as a form field sends it (empty: not given). */
const decimal = z.string().regex(/^(-?\d{1,3}(\.\d{1,12})?)?$/, '应为十进制度数，如 29.8869');

export const EvidenceUploadBody = z.strictObject({
  siteLatitude: decimal.optional().meta({ description: '检查地点的纬度（WGS-84，可选）；检查对象没有登记位置时，照片的 EXIF 位置与其相距超过设定距离（默认 1 公里）即标记（有登记位置时以登记位置为准；两者都没有时以现场签到位置为准）。须在 file 之前发送' }),
  siteLongitude: decimal.optional().meta({ description: '检查对象所在位置的经度（WGS-84，可选），与 siteLatitude 同时给出' }),
  file: z.string().meta({
    format: 'binary',
    description: '证据文件：照片（默认不超过 20 MB）、视频（500 MB）、录音（100 MB）或 PDF（50 MB）；类型以文件内容判定，与文件名无关',
  }),
});

const Flag = z.object({ code: z.string(), message: z.string() });

export const EvidenceResponse = z
  .object({
    id: z.string(),
    subjectType: z.enum(EVIDENCE_SUBJECTS),
    subjectId: z.string(),
    inspectionId: z.string().nullable(),
    departmentCode: z.string().nullable(),
    itemCode: z.string().nullable(),
    findingId: z.string().nullable(),
    eventId: z.string().nullable(),
    caseId: z.string().nullable(),
    kind: z.enum(EVIDENCE_KINDS),
    contentType: z.string(),
    originalName: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string().meta({ description: '上传时边接收边计算的 SHA-256（十六进制）' }),
    hasThumbnail: z.boolean(),
    exif: z.object({ takenAt: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable() }),
    site: z
      .object({ source: z.enum(SITE_SOURCES), label: z.string(), latitude: z.number(), longitude: z.number() })
      .nullable()
      .meta({ description: '照片位置所比对的地点（WGS-84）：BUSINESS 检查对象登记位置（有则优先），UPLOAD 上传时给出的检查地点；都没有时为 null（只核对日期）' }),
    flags: z.array(Flag).meta({ description: '照片的提示：不是检查当日拍摄（PHOTO_OTHER_DAY）、距检查对象过远（PHOTO_FAR_FROM_SITE）、没有拍摄时间（PHOTO_NO_EXIF_TIME）' }),
    uploadedById: z.string(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'Evidence' });

export const EvidenceListResponse = z.object({ items: z.array(EvidenceResponse) });

/** The upload's optional Idempotency-Key. */
export const UploadHeaders = idempotencyHeaders(
  '客户端为这一份文件选定的唯一键（可选）：同一上传人以同一键为同一对象重发同一文件，返回已登记的那份证据（同一 id、同一 SHA-256），不会重复登记；同一键配另一份文件返回 409 EVIDENCE_KEY_REUSED',
);
export type UploadHeaders = z.output<typeof UploadHeaders>;
