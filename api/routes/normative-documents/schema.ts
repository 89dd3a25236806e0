import { z } from 'zod';
import { nonBlank } from '../text';
import { DOCUMENT_VALIDITIES, LEGALITY_DECISIONS, NORMATIVE_DOCUMENT_STATUSES } from '../../../domain/rule-of-law';
import { isoDate } from '../inspections/schema';
import type { NormativeDocumentService } from '../../services/normative-documents';
import { actorRef, agrees, dateTime, day, type Answer } from '../answers';
import { CalendarDeadlineSchema } from '../calendar/schema';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);

export const NormativeDocumentIdParams = z.strictObject({ id }).meta({ id: 'NormativeDocumentIdParams' });

export const SubmitNormativeDocumentBody = z
  .strictObject({
    title: text(200).describe('文件名称（送审稿）'),
    draftingOffice: text(100).describe('起草单位，如 平安法治办、经济发展办'),
    collectiveDiscussionRequired: z.boolean().default(false).describe('是否须经集体讨论决定'),
    townshipId: id.optional().describe('所属乡镇（服务多个乡镇时必填）'),
  })
  .meta({ id: 'SubmitNormativeDocument' });
export type SubmitNormativeDocumentBody = z.infer<typeof SubmitNormativeDocumentBody>;

export const ListNormativeDocumentsQuery = z
  .strictObject({
    status: z.enum(NORMATIVE_DOCUMENT_STATUSES).optional(),
    cleanupDueBefore: isoDate.optional().describe('清理工作清单：已公布且未废止、在此日期前未清理过的文件'),
  })
  .meta({ id: 'ListNormativeDocumentsQuery' });
export type ListNormativeDocumentsQuery = z.infer<typeof ListNormativeDocumentsQuery>;

export const NormativeReviewBody = z
  .strictObject({ decision: z.enum(LEGALITY_DECISIONS), opinion: z.string().max(5000).describe('审核意见；退回修改的须写明修改内容') })
  .meta({ id: 'NormativeReview' });
export type NormativeReviewBody = z.infer<typeof NormativeReviewBody>;

export const ResubmitBody = z.strictObject({ note: text(2000).describe('修改说明') }).meta({ id: 'NormativeResubmit' });
export type ResubmitBody = z.infer<typeof ResubmitBody>;

export const DiscussionBody = z
  .strictObject({ meetingDate: isoDate, attendees: z.array(text(50)).min(1).max(50), resolution: text(5000) })
  .meta({ id: 'NormativeDiscussion' });
export type DiscussionBody = z.infer<typeof DiscussionBody>;

export const PublishBody = z
  .strictObject({ documentNumber: text(100).describe('文号，如 包鸾府发〔2026〕3号'), publishedOn: isoDate.describe('签发公布日期') })
  .meta({ id: 'NormativePublish' });
export type PublishBody = z.infer<typeof PublishBody>;

export const FileBody = z
  .strictObject({ filedOn: isoDate.describe('报送县政府备案日期'), reference: text(100).describe('备案登记号或报送文号') })
  .meta({ id: 'NormativeFile' });
export type FileBody = z.infer<typeof FileBody>;

export const CleanupBody = z
  .strictObject({ validity: z.enum(DOCUMENT_VALIDITIES).describe('清理结论：VALID 继续有效、AMENDED 已修改、REPEALED 已废止'), reviewedOn: isoDate, note: z.string().max(2000).default('') })
  .meta({ id: 'NormativeCleanup' });
export type CleanupBody = z.infer<typeof CleanupBody>;

export const OpinionQuery = z.strictObject({ round: z.coerce.number().int().min(1).max(100).optional() }).meta({ id: 'NormativeOpinionQuery' });
export type OpinionQuery = z.infer<typeof OpinionQuery>;

/** The workflow's state (contracts/normative-document.ts) with the register's clean-up: the detail and every step's answer. */
export const NormativeDocumentResponse = z
  .object({
    documentId: z.string(),
    townshipId: z.string(),
    title: z.string(),
    draftingOffice: z.string(),
    submittedBy: actorRef,
    submittedAt: dateTime,
    persisted: z.boolean(),
    status: z.enum(NORMATIVE_DOCUMENT_STATUSES),
    round: z.number().int(),
    collectiveDiscussionRequired: z.boolean(),
    reviews: z.array(
      z.object({ round: z.number().int(), reviewer: actorRef, decision: z.enum(LEGALITY_DECISIONS), opinion: z.string(), decidedAt: dateTime, late: z.boolean().describe('超过审核期限后作出') }),
    ),
    reviewClock: z
      .object({ round: z.number().int(), startedOn: day, dueDate: day, overdue: z.boolean(), overdueAt: dateTime.nullable(), basis: CalendarDeadlineSchema })
      .nullable()
      .describe('本轮合法性审核期限（工作日）；不在审核中时为 null'),
    discussion: z.object({ meetingDate: day, attendees: z.array(z.string()), resolution: z.string(), recordedBy: actorRef, recordedAt: dateTime }).nullable(),
    publication: z.object({ documentNumber: z.string(), publishedOn: day, recordedBy: actorRef, recordedAt: dateTime }).nullable(),
    filingClock: z.object({ dueDate: day, overdue: z.boolean(), overdueAt: dateTime.nullable() }).nullable().describe('备案期限（自然日，自公布起）'),
    filing: z.object({ filedOn: day, reference: z.string(), recordedBy: actorRef, recordedAt: dateTime }).nullable(),
    cleanup: z.object({ validity: z.enum(DOCUMENT_VALIDITIES).nullable(), reviewedOn: day.nullable(), note: z.string().nullable() }).describe('最近一次清理；未清理过时各项为 null'),
  })
  .meta({ id: 'NormativeDocumentState' });
agrees<z.output<typeof NormativeDocumentResponse>, Answer<NormativeDocumentService['get']>>();
agrees<z.output<typeof NormativeDocumentResponse>, Answer<NormativeDocumentService['review']>>();
agrees<z.output<typeof NormativeDocumentResponse>, Answer<NormativeDocumentService['cleanup']>>();

/** A row of the register (规范性文件台账). */
export const NormativeDocumentRow = z
  .object({
    id: z.string(),
    townshipId: z.string(),
    title: z.string(),
    draftingOffice: z.string(),
    submittedById: z.string(),
    submittedAt: dateTime,
    status: z.enum(NORMATIVE_DOCUMENT_STATUSES),
    collectiveDiscussionRequired: z.boolean(),
    discussedOn: day.nullable(),
    round: z.number().int(),
    reviewDueOn: day.nullable().describe('本轮审核期限'),
    reviewOverdue: z.boolean(),
    documentNumber: z.string().nullable(),
    publishedOn: day.nullable(),
    filingDueOn: day.nullable(),
    filingOverdue: z.boolean(),
    filedOn: day.nullable(),
    filingReference: z.string().nullable(),
    validity: z.enum(DOCUMENT_VALIDITIES).nullable(),
    cleanupReviewedOn: day.nullable(),
    cleanupNote: z.string().nullable(),
    updatedAt: dateTime,
  })
  .meta({ id: 'NormativeDocumentRow' });
export const NormativeDocumentListResponse = z.object({ items: z.array(NormativeDocumentRow) }).meta({ id: 'NormativeDocumentList' });
agrees<z.output<typeof NormativeDocumentListResponse>, Answer<NormativeDocumentService['list']>>();
export const SubmittedResponse = z.object({ id: z.string(), workflowId: z.string(), location: z.string() }).meta({ id: 'NormativeDocumentSubmitted' });
