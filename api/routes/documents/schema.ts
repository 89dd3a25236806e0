import { z } from 'zod';
import { CASE_DOCUMENT_KINDS, GENERATED_DOCUMENT_KINDS } from '../../../domain/documents';

export { InspectionIdParams } from '../inspections/schema';

export const DocumentIdParams = z.strictObject({ id: z.string().min(1).max(64) }).meta({ id: 'DocumentIdParams' });

const subjectId = z.string().min(1).max(64);

/**
 * The inspection-level kinds need nothing more; a rectification order names its finding and a
 * penalty decision its case, since one inspection may have several of each. The kind decides
 * which, so a missing or stray id is a 400 rather than a guess.
 */
export const IssueDocumentBody = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('INSPECTION_RECORD').describe('现场检查笔录'),
      recordVersion: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('在手机上签名的笔录版本（/api/inspections/{id}/records）：文书嵌入其冻结内容和手写签名；不填则按当前数据制作、纸面签名'),
    }),
    z.strictObject({
      kind: z.literal('LEGAL_REVIEW_OPINION').describe('法制审核意见书'),
    }),
    z.strictObject({
      kind: z.literal('RECTIFICATION_ORDER').describe('责令改正通知书'),
      findingId: subjectId.describe('本次检查中已下达责令改正的检查发现'),
    }),
    z.strictObject({
      kind: z
        .enum(CASE_DOCUMENT_KINDS)
        .describe('PENALTY_DECISION 行政处罚决定书；PRIOR_NOTICE 行政处罚事先告知书；HEARING_NOTICE 听证通知书；HEARING_RECORD 听证笔录'),
      caseId: subjectId.describe('由本次检查立案的案件（须已到制作该文书的阶段）'),
    }),
    z.strictObject({
      kind: z.literal('ON_THE_SPOT_PENALTY_DECISION').describe('当场行政处罚决定书'),
      penaltyId: subjectId.describe('本次检查中当场作出的行政处罚决定'),
    }),
  ])
  .meta({ id: 'IssueDocument' });
export type IssueDocumentBody = z.infer<typeof IssueDocumentBody>;

export const IssuedDocumentResponse = z
  .object({
    id: z.string(),
    kind: z.enum(GENERATED_DOCUMENT_KINDS),
    title: z.string().meta({ example: '现场检查笔录' }),
    inspectionId: z.string(),
    number: z.string().meta({ example: '包鸾综执检〔2026〕第1号' }).describe('文书编号，按文书种类和年度连续编号'),
    sha256: z.string().describe('DOCX 文件的 SHA-256（十六进制）；下载的文件与之相同'),
    sizeBytes: z.number().int(),
    fileName: z.string(),
    createdById: z.string(),
    createdAt: z.string(),
    url: z.string(),
    downloadUrl: z.string(),
  })
  .meta({ id: 'IssuedDocument' });
export type IssuedDocumentResponse = z.infer<typeof IssuedDocumentResponse>;
