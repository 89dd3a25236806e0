import { z } from 'zod';
import { REVIEW_DECISIONS } from '../../../domain/inspection';
import { isoDate } from '../inspections/schema';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const CaseIdParams = z.strictObject({ id }).meta({ id: 'CaseIdParams' });

export const FileCaseBody = z
  .strictObject({
    inspectionId: id.describe('联合检查 ID'),
    findingId: id.describe('问题（发现）ID：立案所依据的检查发现'),
    title: text(200).describe('案由'),
  })
  .meta({ id: 'FileCase' });
export type FileCaseBody = z.infer<typeof FileCaseBody>;

export const ListCasesQuery = z
  .strictObject({ due: z.enum(['review', 'collective']).optional().describe('review：待法制审核；collective：待集体讨论') })
  .meta({ id: 'ListCasesQuery' });
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

export const InvestigatorsBody = z.strictObject({ officerIds: z.array(id).min(1).max(20) }).meta({ id: 'CaseInvestigators' });
export type InvestigatorsBody = z.infer<typeof InvestigatorsBody>;

export const ProposalBody = z
  .strictObject({
    facts: text(5000),
    evidence: z.array(text(500)).min(1).max(100),
    legalBasis: text(1000),
    penaltyKind: text(100).describe('处罚种类，如 罚款、警告、责令停产停业'),
    fineAmount: z.number().nonnegative().max(1e10).optional().describe('罚款金额（元）'),
  })
  .meta({ id: 'CaseProposal' });
export type ProposalBody = z.infer<typeof ProposalBody>;

export const CaseReviewBody = z
  .strictObject({ decision: z.enum(REVIEW_DECISIONS), opinion: z.string().max(5000) })
  .meta({ id: 'CaseLegalReview' });
export type CaseReviewBody = z.infer<typeof CaseReviewBody>;

export const ReasonBody = z.strictObject({ reason: text(1000) }).meta({ id: 'CaseReason' });
export type ReasonBody = z.infer<typeof ReasonBody>;

export const CollectiveDecisionBody = z
  .strictObject({ meetingDate: isoDate, attendees: z.array(text(50)).min(1).max(50), resolution: text(5000) })
  .meta({ id: 'CaseCollectiveDecision' });
export type CollectiveDecisionBody = z.infer<typeof CollectiveDecisionBody>;

export const DecisionBody = z.strictObject({ decisionText: text(20000) }).meta({ id: 'CaseDecision' });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const ServiceBody = z
  .strictObject({ servedAt: z.iso.datetime({ offset: true }), method: text(100).describe('送达方式，如 直接送达、邮寄送达') })
  .meta({ id: 'CaseService' });
export type ServiceBody = z.infer<typeof ServiceBody>;

export const CaseStateResponse = z.record(z.string(), z.unknown()).meta({ id: 'CaseState' });
export const CaseListResponse = z.object({ items: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'CaseList' });
export const FiledResponse = z.object({ id: z.string(), workflowId: z.string(), location: z.string() }).meta({ id: 'CaseFiled' });
