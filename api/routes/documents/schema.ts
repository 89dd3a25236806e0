import { z } from 'zod';
import { GENERATED_DOCUMENT_KINDS } from '../../../domain/documents';

export { InspectionIdParams } from '../inspections/schema';

export const DocumentIdParams = z.strictObject({ id: z.string().min(1).max(64) }).meta({ id: 'DocumentIdParams' });

export const IssueDocumentBody = z
  .strictObject({
    kind: z.enum(GENERATED_DOCUMENT_KINDS).describe('INSPECTION_RECORD 现场检查笔录；LEGAL_REVIEW_OPINION 法制审核意见书'),
  })
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
