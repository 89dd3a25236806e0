import { z } from 'zod';
import { nonBlank } from '../text';
import { ON_THE_SPOT_PENALTY_KINDS } from '../../../domain/simple-procedure';

export { InspectionIdParams } from '../inspections/schema';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);

export const PenaltyParams = z.strictObject({ id, penaltyId: id }).meta({ id: 'OnTheSpotPenaltyParams' });

export const DecideOnTheSpotBody = z
  .strictObject({
    itemCode: text(64).describe('本次检查中判定为“不符合”的检查事项'),
    factsCertain: z.boolean().describe('违法事实确凿（《行政处罚法》第五十一条）；否则应立案查处'),
    facts: text(2000).describe('违法事实'),
    legalBasis: text(500).describe('处罚依据（法定依据）的条款'),
    kind: z.enum(ON_THE_SPOT_PENALTY_KINDS).describe('WARNING 警告；FINE 罚款'),
    fineAmount: z.number().positive().max(1_000_000).optional().describe('罚款金额（元）；公民不超过 200 元，法人或其他组织不超过 3000 元'),
    place: text(200).describe('作出决定的地点'),
  })
  .meta({ id: 'DecideOnTheSpotPenalty' });
export type DecideOnTheSpotBody = z.infer<typeof DecideOnTheSpotBody>;

export const AcknowledgementBody = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('SIGNED').describe('当事人签收'),
      signerName: text(50).describe('签收人姓名'),
      signedAt: z.iso.datetime({ offset: true }).optional().describe('签收时间；缺省为记录时间'),
    }),
    z.strictObject({
      kind: z.literal('REFUSED').describe('当事人拒绝签收'),
      witnessName: text(50).describe('在场见证人姓名'),
      note: text(500).describe('拒签情况（时间、经过）'),
    }),
  ])
  .meta({ id: 'OnTheSpotAcknowledgement' });
export type AcknowledgementBody = z.infer<typeof AcknowledgementBody>;

export const FilingBody = z.strictObject({ note: z.string().trim().max(500).default('') }).meta({ id: 'OnTheSpotFiling' });
export type FilingBody = z.infer<typeof FilingBody>;

export const ExtendReviewBody = z.strictObject({ reason: text(500).describe('延长审核期限的理由') }).meta({ id: 'ExtendInspectionReview' });
export type ExtendReviewBody = z.infer<typeof ExtendReviewBody>;

export const OnTheSpotPenaltyResponse = z
  .object({
    id: z.string(),
    inspectionId: z.string(),
    itemCode: z.string(),
    departmentCode: z.string(),
    officer: z.object({ officerId: z.string(), name: z.string(), certificateNo: z.string() }),
    partyKind: z.enum(['NATURAL_PERSON', 'ORGANISATION']),
    kind: z.enum(ON_THE_SPOT_PENALTY_KINDS),
    fineAmount: z.number().nullable(),
    facts: z.string(),
    legalBasis: z.string(),
    place: z.string(),
    decidedAt: z.string(),
    filingDueOn: z.string().describe('备案期限的最后一日'),
    filingDueBasis: z.string().describe('期限所依据的节假日安排'),
    acknowledgement: z
      .object({
        kind: z.enum(['SIGNED', 'REFUSED']),
        signerName: z.string().nullable(),
        witnessName: z.string().nullable(),
        note: z.string().nullable(),
        at: z.string(),
      })
      .nullable(),
    filedAt: z.string().nullable(),
    filedBy: z.string().nullable(),
    filingOverdue: z.boolean(),
    filingOverdueAt: z.string().nullable(),
  })
  .meta({ id: 'OnTheSpotPenalty' });
export type OnTheSpotPenaltyResponse = z.infer<typeof OnTheSpotPenaltyResponse>;

export const OnTheSpotPenaltyListResponse = z.object({ items: z.array(OnTheSpotPenaltyResponse) }).meta({ id: 'OnTheSpotPenaltyList' });
