import { z } from 'zod';
import { RECORD_SIGNATURE_ROLES } from '../../../domain/inspection-record';
import { CHECK_OUTCOMES, PROPOSED_ACTIONS } from '../../../domain/inspection';
import type { InspectionRecordModel } from '../../../domain/documents';
import { agrees, dateTime, day } from '../answers';
import { CheckInPositionSchema } from '../inspections/state';

const id = z.string().min(1).max(64);

/** domain/documents.ts InspectionRecordModel as a version freezes it (the signed part is the version's own). */
const RecordContentSchema = z
  .object({
    inspectionId: z.string(),
    party: z.object({ name: z.string(), creditCode: z.string(), address: z.string() }),
    scenarioName: z.string(),
    checkInAt: dateTime.nullable(),
    checkInPosition: CheckInPositionSchema.nullable().optional().describe('签到位置；手机未提供时为 null，早于该功能签到的检查没有此项'),
    place: z.string(),
    officers: z.array(z.object({ name: z.string(), departmentName: z.string().nullable(), certificateNo: z.string().nullable(), certificateExpiresOn: day.nullable() })),
    departments: z.array(
      z.object({
        departmentName: z.string(),
        items: z.array(
          z.object({
            code: z.string(),
            title: z.string(),
            legalBasis: z.string(),
            outcome: z.enum(CHECK_OUTCOMES).nullable().describe('null：该部门未记录此事项的结果'),
            measured: z.boolean(),
            measuredValue: z.number().nullable(),
            unit: z.string().nullable(),
            limit: z.string().nullable().describe('限值的文字，如 ≤ 55 dB(A)'),
            note: z.string().nullable(),
          }),
        ),
      }),
    ),
    findings: z.array(z.object({ departmentName: z.string(), itemTitle: z.string(), facts: z.string(), legalBasis: z.string(), proposedAction: z.enum(PROPOSED_ACTIONS) })),
    evidence: z
      .array(z.object({ kindLabel: z.string(), name: z.string(), departmentName: z.string().nullable(), sha256: z.string(), uploadedAt: dateTime }))
      .optional()
      .describe('检查结果和发现的证据文件（无文件时没有此项）'),
  })
  .describe('制作时冻结的笔录内容（检查对象、事项、结果、发现、证据）')
  .meta({ id: 'InspectionRecordContent' });
agrees<z.output<typeof RecordContentSchema>, Omit<InspectionRecordModel, 'signed'>>();

export const RecordParams = z.strictObject({ id, version: z.coerce.number().int().min(1).max(10_000) }).meta({ id: 'InspectionRecordParams' });

/**
 * A drawn signature as a data URL (`data:image/png;base64,…`, as a canvas's toDataURL gives
 * it) or bare base64. The type is checked from the bytes, not from this prefix.
 */
const signatureImage = z
  .string()
  .min(16)
  .max(600_000)
  .describe('手写签名图片（PNG），data:image/png;base64,… 或 base64；以文件内容判断类型，大小有上限');

const partyOpinion = z.string().trim().max(2000).describe('当事人对检查情况的意见');
const remarks = z.string().trim().max(2000).describe('其他需要说明的情况');

export const CreateRecordBody = z
  .strictObject({ partyOpinion: partyOpinion.optional(), remarks: remarks.optional() })
  .meta({ id: 'CreateInspectionRecord' });

export const ChangeRecordBody = z
  .strictObject({ partyOpinion: partyOpinion.optional(), remarks: remarks.optional() })
  .refine((b) => b.partyOpinion !== undefined || b.remarks !== undefined, { message: '请至少给出当事人意见或说明之一' })
  .meta({ id: 'ChangeInspectionRecord', minProperties: 1 });

export const CorrectRecordBody = z
  .strictObject({
    reason: z.string().trim().min(2).max(500).describe('更正原因'),
    partyOpinion: partyOpinion.optional(),
    remarks: remarks.optional(),
  })
  .meta({ id: 'CorrectInspectionRecord' });

export const SignRecordBody = z
  .discriminatedUnion('role', [
    z.strictObject({
      role: z.literal('PARTY').describe('当事人（法定代表人、负责人或其委托的人）签名'),
      signerName: z.string().trim().min(1).max(50),
      image: signatureImage,
    }),
    z.strictObject({
      role: z.literal('PARTY_REFUSED').describe('当事人拒绝签名，由见证人见证'),
      witnessName: z.string().trim().max(50),
      witnessImage: signatureImage.optional().describe('见证人手写签名（PNG）；没有时须写明见证人身份'),
      witnessDescription: z.string().trim().max(200).optional().describe('见证人身份，如“包鸾社区居委会工作人员”（不填身份证号）'),
      refusalReason: z.string().trim().max(500).optional(),
    }),
    z.strictObject({
      role: z.literal('OFFICER').describe('执法人员本人签名：执法证号取自人员档案'),
      image: signatureImage.optional(),
    }),
  ])
  .meta({ id: 'SignInspectionRecord' });
export type SignRecordBody = z.infer<typeof SignRecordBody>;

const RecordSignature = z.object({
  id: z.string(),
  role: z.enum(RECORD_SIGNATURE_ROLES),
  signerName: z.string(),
  officerId: z.string().nullable(),
  certificateNo: z.string().nullable().describe('执法证号（取自人员档案）'),
  imageSha256: z.string().nullable().describe('签名图片的 SHA-256，已记入审计链'),
  witnessName: z.string().nullable(),
  witnessImageSha256: z.string().nullable(),
  witnessDescription: z.string().nullable(),
  refusalReason: z.string().nullable(),
  contentSha256: z.string().describe('签名时笔录内容的 SHA-256'),
  signedAt: z.string(),
});

export const InspectionRecordResponse = z
  .object({
    id: z.string(),
    inspectionId: z.string(),
    version: z.number().int(),
    supersedesVersion: z.number().int().nullable().describe('本版本更正的原版本'),
    supersededByVersion: z.number().int().nullable().describe('更正本版本的新版本；有则本版本不能再签名或修改'),
    correctionReason: z.string().nullable(),
    partyOpinion: z.string(),
    remarks: z.string(),
    contentSha256: z.string(),
    status: z.enum(['UNSIGNED', 'PARTLY_SIGNED', 'SIGNED']),
    statusLabel: z.string(),
    officersToSign: z.array(z.object({ officerId: z.string(), name: z.string() })).describe('尚未签名的现场执法人员'),
    partySigned: z.boolean(),
    signatures: z.array(RecordSignature),
    content: RecordContentSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'InspectionRecord' });
export type InspectionRecordResponse = z.infer<typeof InspectionRecordResponse>;

export const InspectionRecordList = z.array(InspectionRecordResponse).meta({ id: 'InspectionRecordList' });
