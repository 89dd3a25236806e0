import { z } from 'zod';
import { CHALLENGE_KINDS, CHALLENGE_OUTCOMES } from '../../../domain/rule-of-law';
import { isoDate } from '../inspections/schema';
import type { LegalChallengeService } from '../../services/legal-challenges';
import { agrees, dateTime, day, type Answer } from '../answers';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const LegalChallengeIdParams = z.strictObject({ id }).meta({ id: 'LegalChallengeIdParams' });

export const CreateLegalChallengeBody = z
  .strictObject({
    kind: z.enum(CHALLENGE_KINDS).describe('RECONSIDERATION 行政复议、LITIGATION 行政诉讼'),
    caseId: id.optional().describe('被申请复议（被诉）的是案件的处罚决定时：案件编号'),
    actDescription: z.string().trim().max(2000).optional().describe('其他行政行为：行为内容（不关联案件时必填）'),
    applicant: text(100).describe('申请人（原告）'),
    reviewingBody: text(100).describe('复议机关或受理法院'),
    reference: z.string().trim().max(100).optional().describe('案号'),
    knownOn: isoDate.optional().describe('申请人知道或者应当知道该行政行为的日期（关联案件时默认为处罚决定送达日期）'),
    appliedOn: isoDate.describe('申请复议（起诉）日期'),
    acceptedOn: isoDate.describe('受理（立案）日期'),
    receivedOn: isoDate.describe('本机关收到申请书（起诉状）副本的日期，答复（答辩）期限自此起算'),
    townshipId: id.optional(),
  })
  .meta({ id: 'CreateLegalChallenge' });
export type CreateLegalChallengeBody = z.infer<typeof CreateLegalChallengeBody>;

export const ListLegalChallengesQuery = z
  .strictObject({
    year: z.coerce.number().int().min(2000).max(2100).optional().describe('收到副本的年份'),
    caseId: id.optional(),
    status: z.enum(['OPEN', 'CONCLUDED']).optional(),
  })
  .meta({ id: 'ListLegalChallengesQuery' });
export type ListLegalChallengesQuery = z.infer<typeof ListLegalChallengesQuery>;

export const ChallengeAnswerBody = z.strictObject({ answeredOn: isoDate.describe('提交书面答复（答辩状）的日期') }).meta({ id: 'LegalChallengeAnswer' });
export type ChallengeAnswerBody = z.infer<typeof ChallengeAnswerBody>;

export const ChallengeExtensionBody = z.strictObject({ reason: text(1000).describe('复议机构负责人批准延长的理由') }).meta({ id: 'LegalChallengeExtension' });
export type ChallengeExtensionBody = z.infer<typeof ChallengeExtensionBody>;

export const ChallengeHearingBody = z
  .strictObject({
    heldOn: isoDate.describe('开庭（听取意见）日期'),
    headAppeared: z.boolean().describe('行政机关负责人是否出庭应诉（《行政诉讼法》第三条）'),
    appearedName: text(50).describe('出庭人员：负责人本人，或受委托的工作人员'),
    note: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'LegalChallengeHearing' });
export type ChallengeHearingBody = z.infer<typeof ChallengeHearingBody>;

export const ChallengeOutcomeBody = z
  .strictObject({
    outcome: z.enum(CHALLENGE_OUTCOMES).describe('UPHELD 维持或驳回、REVOKED 撤销、CHANGED 变更、CONFIRMED_UNLAWFUL 确认违法、ORDERED_TO_PERFORM 责令履行、SETTLED_OR_WITHDRAWN 调解或撤回'),
    decidedOn: isoDate.describe('复议决定（裁判、调解、准予撤回）日期'),
    note: z.string().trim().max(5000).default('').describe('决定（裁判）要旨'),
    changedDecisionText: z.string().trim().max(20000).optional().describe('变更后的处罚决定内容（关联案件且结果为变更时必填）'),
  })
  .meta({ id: 'LegalChallengeOutcome' });
export type ChallengeOutcomeBody = z.infer<typeof ChallengeOutcomeBody>;

/** A challenge of the ledger (api/services/legal-challenges.ts) with its hearings in date order. */
export const LegalChallengeResponse = z
  .object({
    id: z.string(),
    townshipId: z.string(),
    kind: z.enum(CHALLENGE_KINDS),
    caseId: z.string().nullable(),
    actDescription: z.string(),
    applicant: z.string(),
    reviewingBody: z.string().describe('复议机关或人民法院'),
    reference: z.string().nullable(),
    knownOn: day.nullable(),
    appliedOn: day,
    filedOutOfTime: z.boolean().describe('超过法定申请（起诉）期限'),
    acceptedOn: day,
    receivedOn: day,
    answerDueOn: day,
    answeredOn: day.nullable(),
    answerLate: z.boolean(),
    decisionDueOn: day,
    extended: z.boolean(),
    extensionReason: z.string().nullable(),
    status: z.enum(['OPEN', 'CONCLUDED']),
    outcome: z.enum(CHALLENGE_OUTCOMES).nullable(),
    decidedOn: day.nullable(),
    outcomeNote: z.string().nullable(),
    caseDecisionRevoked: z.boolean(),
    recordedById: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
    hearings: z.array(
      z.object({
        id: z.string(),
        challengeId: z.string(),
        heldOn: day,
        headAppeared: z.boolean().describe('负责人出庭应诉'),
        appearedName: z.string(),
        note: z.string().nullable(),
        recordedById: z.string(),
        createdAt: dateTime,
      }),
    ),
  })
  .meta({ id: 'LegalChallenge' });
agrees<z.output<typeof LegalChallengeResponse>, Answer<LegalChallengeService['get']>>();
agrees<z.output<typeof LegalChallengeResponse>, Answer<LegalChallengeService['create']>>();
agrees<z.output<typeof LegalChallengeResponse>, Answer<LegalChallengeService['answer']>>();
agrees<z.output<typeof LegalChallengeResponse>, Answer<LegalChallengeService['extend']>>();
agrees<z.output<typeof LegalChallengeResponse>, Answer<LegalChallengeService['hearing']>>();
agrees<z.output<typeof LegalChallengeResponse>, Answer<LegalChallengeService['outcome']>>();
export const LegalChallengeListResponse = z.object({ items: z.array(LegalChallengeResponse) }).meta({ id: 'LegalChallengeList' });
agrees<z.output<typeof LegalChallengeListResponse>, Answer<LegalChallengeService['list']>>();
