import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/case';
import { nonBlank } from '../text';
import { REVIEW_DECISIONS } from '../../../domain/inspection';
import { HEARING_STATUSES, PARTY_KINDS, SERVED_DOCUMENTS, SERVICE_METHODS } from '../../../domain/penalty-procedure';
import type { CaseState } from '../../../contracts/case';
import { CalendarDeadlineSchema } from '../calendar/schema';
import { isoDate } from '../inspections/schema';
import type { CaseService } from '../../services/cases';
import { agrees, dateTime, day as answeredDay, type Answer } from '../answers';

const id = z.string().min(1).max(64);
const text = (max: number) => nonBlank(1, max);

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
    confiscationAmount: z.number().nonnegative().max(1e11).optional().describe('没收违法所得、非法财物的金额或价值（元）'),
  })
  .meta({ id: 'CaseProposal' });
export type ProposalBody = z.infer<typeof ProposalBody>;

export const CaseReviewBody = z
  .strictObject({ decision: z.enum(REVIEW_DECISIONS), opinion: z.string().max(5000) })
  .meta({ id: 'CaseLegalReview' });
export type CaseReviewBody = z.infer<typeof CaseReviewBody>;

export const ReasonBody = z.strictObject({ reason: text(1000) }).meta({ id: 'CaseReason' });
export type ReasonBody = z.infer<typeof ReasonBody>;

const votes = z.number().int().min(0).max(1000);

/** §57 on the major-decision machinery: the meeting's record as for any major decision (attendance, votes, minutes). */
export const CollectiveDecisionBody = z
  .strictObject({
    meetingKind: text(50).default('行政机关负责人集体讨论').describe('会议类型'),
    meetingDate: isoDate,
    membersTotal: z.number().int().min(1).max(1000).describe('应到人数（行政机关负责人）'),
    attendees: z.array(text(50)).min(1).max(50).describe('出席人员'),
    votesFor: votes,
    votesAgainst: votes,
    votesAbstain: votes,
    minutes: text(20000).describe('会议纪要'),
    resolution: text(5000).describe('集体讨论决定'),
  })
  .meta({ id: 'CaseCollectiveDecision' });
export type CollectiveDecisionBody = z.infer<typeof CollectiveDecisionBody>;

const money = z.number().positive().max(1e11);

export const PenaltyBody = z
  .strictObject({
    penaltyKind: text(100).describe('处罚种类'),
    fineAmount: money.optional().describe('罚款金额（元）'),
    confiscationAmount: money.optional().describe('没收金额或价值（元）'),
  })
  .meta({ id: 'CasePenalty' });

export const DecisionBody = z
  .strictObject({
    decisionText: text(20000),
    penalty: PenaltyBody.optional().describe('决定的处罚；不填即事先告知的处罚。不得因当事人陈述、申辩而加重（第四十五条）'),
  })
  .meta({ id: 'CaseDecision' });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const ServiceBody = z
  .strictObject({
    document: z.enum(SERVED_DOCUMENTS).default('DECISION').describe('PRIOR_NOTICE 事先告知书；HEARING_NOTICE 听证通知书；DECISION 处罚决定书'),
    method: z.enum(SERVICE_METHODS).describe('DIRECT 直接送达；LEFT_AT_DOMICILE 留置送达；POST 邮寄送达；ELECTRONIC 电子送达（须当事人同意）；PUBLIC_ANNOUNCEMENT 公告送达'),
    servedAt: z.iso.datetime({ offset: true }).describe('送达时间'),
    recipient: text(100).describe('受送达人（签收人）'),
    receiptNumber: text(100).optional().describe('送达回证编号（直接送达必填）'),
    witness: text(100).optional().describe('见证人（留置送达必填）'),
    electronicAddress: text(200).optional().describe('当事人确认的电子送达地址'),
    electronicConsent: z.boolean().optional().describe('当事人已签订电子送达确认书'),
    announcementReason: text(1000).optional().describe('公告送达的理由（下落不明或其他方式无法送达）'),
  })
  .meta({ id: 'CaseService' });
export type ServiceBody = z.infer<typeof ServiceBody>;

export const NoticeBody = z.strictObject({}).meta({ id: 'CasePriorNotice' });

export const WaiverBody = z
  .strictObject({
    partyRepresentative: text(100).describe('签署书面声明的当事人或其代理人'),
    declaration: text(2000).describe('书面声明的内容：放弃陈述、申辩（和听证）权利'),
  })
  .meta({ id: 'CaseWaiver' });

export const StatementBody = z
  .strictObject({ kind: z.enum(['STATEMENT', 'DEFENCE']).describe('STATEMENT 陈述；DEFENCE 申辩'), content: text(20000), by: text(100).describe('陈述人') })
  .meta({ id: 'CaseStatement' });

export const ReexaminationBody = z
  .strictObject({ conclusion: text(5000).describe('复核意见'), adopted: z.boolean().describe('当事人提出的事实、理由或证据是否成立并被采纳') })
  .meta({ id: 'CaseReexamination' });

export const HearingRequestBody = z.strictObject({}).meta({ id: 'CaseHearingRequest' });

export const HearingScheduleBody = z
  .strictObject({
    hearingAt: z.iso.datetime({ offset: true }).describe('听证时间（须在听证通知书送达七个工作日以后）'),
    place: text(200),
    presidingOfficerId: id.describe('听证主持人（非本案调查人员）'),
    public: z.boolean().default(true),
    notPublicReason: text(1000).optional().describe('不公开举行的理由（国家秘密、商业秘密或个人隐私）'),
  })
  .meta({ id: 'CaseHearingSchedule' });
export type HearingScheduleBody = z.infer<typeof HearingScheduleBody>;

export const HearingChallengeBody = z
  .strictObject({ reason: text(1000).describe('当事人申请主持人回避的理由'), decision: z.enum(['UPHELD', 'DISMISSED']).describe('负责人决定：UPHELD 回避；DISMISSED 驳回') })
  .meta({ id: 'CaseHearingChallenge' });

export const HearingRecordBody = z
  .strictObject({
    outcome: z.enum(['HELD', 'NO_SHOW', 'WITHDRAWN']).describe('HELD 已举行；NO_SHOW 当事人无正当理由未出席（视为放弃）；WITHDRAWN 当事人撤回'),
    summary: text(20000).optional().describe('听证笔录：调查人员提出的事实、证据、处罚建议，当事人的申辩和质证'),
    partyOpinion: text(5000).optional(),
    partySigned: z.boolean().optional().describe('当事人已核对并签字'),
    refusalNote: text(1000).optional().describe('当事人拒绝签字的情况（由主持人注明）'),
  })
  .meta({ id: 'CaseHearingRecord' });

export const PaymentBody = z
  .strictObject({ amount: money.describe('缴款金额（元）'), paidOn: isoDate.describe('缴款日期'), receiptNumber: text(100).describe('罚没款票据号码'), bank: text(100).describe('代收银行') })
  .meta({ id: 'CasePayment' });

export const PaymentArrangementBody = z
  .strictObject({
    kind: z.enum(['DEFERRAL', 'INSTALMENTS']).describe('DEFERRAL 延期缴纳；INSTALMENTS 分期缴纳'),
    reason: text(2000).describe('当事人确有经济困难的情况'),
    instalments: z.array(z.strictObject({ dueOn: isoDate, amount: money })).min(1).max(36),
  })
  .meta({ id: 'CasePaymentArrangement' });

export const PublicationBody = z
  .strictObject({
    involvesMinor: z.boolean().default(false).describe('涉及未成年人的案件不予公开：记录为不予公开'),
    title: text(200).optional().describe('公示标题'),
    text: text(20000).optional().describe('公示内容：不得含有当事人以外自然人的姓名、身份证号码、电话号码、银行账号等个人信息'),
  })
  .meta({ id: 'CasePublication' });

export const PublicationDraftResponse = z
  .object({ title: z.string(), text: z.string(), dueOn: z.string().nullable() })
  .meta({ id: 'CasePublicationDraft' });

export const RevocationBody = z
  .strictObject({
    kind: z.enum(['REVOKED', 'CHANGED']).describe('REVOKED 撤销；CHANGED 变更'),
    reason: text(2000).describe('撤销或变更的依据：复议决定、判决或本机关纠错决定'),
    decisionText: text(20000).optional().describe('变更后的决定内容（CHANGED 必填）'),
  })
  .meta({ id: 'CaseRevocation' });

export const PublicDecisionsQuery = z.strictObject({ townshipId: id.optional() }).meta({ id: 'PublicDecisionsQuery' });
export const PublicDecisionsResponse = z
  .object({
    items: z.array(
      z.object({ caseId: z.string(), title: z.string(), text: z.string(), decidedOn: z.string(), publishedAt: z.string(), township: z.string().nullable() }),
    ),
  })
  .meta({ id: 'PublicDecisions' });

export const ExecutionBody = z.strictObject({ note: text(2000).describe('执行情况') }).meta({ id: 'CaseExecution' });

export const CourtEnforcementBody = z
  .strictObject({ court: text(100).describe('受理法院'), appliedOn: isoDate, reference: text(100).describe('强制执行申请书编号') })
  .meta({ id: 'CaseCourtEnforcement' });

const ProposalView = z.object({
  facts: z.string(),
  evidence: z.array(z.string()),
  legalBasis: z.string(),
  penaltyKind: z.string(),
  fineAmount: z.number().optional().describe('罚款金额（元）'),
  confiscationAmount: z.number().optional().describe('没收金额或价值（元）'),
});

const actor = z.object({ officerId: z.string(), name: z.string() });
const PenaltyView = z.object({
  penaltyKind: z.string(),
  fineAmount: z.number().optional().describe('罚款金额（元）'),
  confiscationAmount: z.number().optional().describe('没收金额或价值（元）'),
});

/** The case workflow's state (contracts/case.ts CaseState): the detail and every step's answer; `agrees` below checks it. */
export const CaseStateResponse = z
  .object({
    caseId: z.string(),
    status: z.enum(CASE_STATUSES),
    persisted: z.boolean(),
    title: z.string(),
    inspectionId: z.string(),
    findingId: z.string().nullable(),
    filedAt: dateTime,
    filedOn: answeredDay,
    investigators: z.array(
      z.object({ officerId: z.string(), name: z.string(), departmentCode: z.string().nullable(), certificateNo: z.string().nullable(), certificateExpiresOn: answeredDay.nullable() }),
    ),
    proposal: ProposalView.nullable(),
    proposalRound: z.number().int(),
    major: z.boolean(),
    reviews: z.array(
      z.object({ round: z.number().int(), reviewer: actor, decision: z.enum(REVIEW_DECISIONS), opinion: z.string(), decidedAt: dateTime, late: z.boolean() }),
    ),
    collectiveDecisions: z.array(
      z.object({ afterReviewRound: z.number().int(), meetingDate: z.string(), attendees: z.array(z.string()), resolution: z.string(), recordedBy: actor, recordedAt: dateTime }),
    ),
    decision: z
      .object({
        text: z.string(),
        decidedBy: actor,
        decidedAt: dateTime,
        late: z.boolean(),
        penalty: PenaltyView.optional(),
        serviceDueOn: answeredDay.optional(),
        serviceOverdue: z.boolean().optional(),
      })
      .nullable(),
    service: z.object({ servedAt: dateTime, method: z.string(), recordedBy: actor }).nullable().describe('处罚决定书的送达（各文书的送达见 services）'),
    party: z.object({ name: z.string(), kind: z.enum(PARTY_KINDS) }).optional().describe('当事人；早于处罚程序功能的案件没有此项'),
    notice: z
      .object({
        round: z.number().int(),
        penalty: PenaltyView,
        facts: z.string(),
        legalBasis: z.string(),
        hearingGrounds: z.array(z.string()),
        issuedAt: dateTime,
        issuedBy: actor,
        servedAt: dateTime.nullable(),
        servedOn: answeredDay.nullable(),
        periodEndsOn: answeredDay.nullable(),
        hearingRequestEndsOn: answeredDay.nullable(),
        periodEnded: z.boolean(),
        waiver: z.object({ at: dateTime, partyRepresentative: z.string(), declaration: z.string(), recordedBy: actor }).nullable(),
      })
      .nullable()
      .optional()
      .describe('行政处罚事先告知（第四十四条）'),
    statements: z
      .array(z.object({ kind: z.enum(['STATEMENT', 'DEFENCE']), content: z.string(), by: z.string(), recordedBy: actor, at: dateTime }))
      .optional(),
    reexaminations: z.array(z.object({ statementsCovered: z.number().int(), conclusion: z.string(), adopted: z.boolean(), by: actor, at: dateTime })).optional(),
    hearing: z
      .object({
        status: z.enum(HEARING_STATUSES),
        requestedAt: dateTime,
        requestedOn: answeredDay,
        scheduledAt: dateTime.nullable(),
        hearingAt: dateTime.nullable(),
        place: z.string().nullable(),
        public: z.boolean(),
        notPublicReason: z.string().nullable(),
        presiding: actor.nullable(),
        challenges: z.array(z.object({ officer: actor, reason: z.string(), decision: z.enum(['UPHELD', 'DISMISSED']), decidedBy: actor, at: dateTime })),
        noticeServedOn: answeredDay.nullable(),
        earliestOn: answeredDay.nullable(),
        record: z
          .object({ summary: z.string(), partyOpinion: z.string(), partySigned: z.boolean(), refusalNote: z.string().nullable(), presidingSigned: z.boolean(), at: dateTime })
          .nullable(),
        concludedAt: dateTime.nullable(),
      })
      .nullable()
      .optional(),
    services: z
      .array(
        z.object({
          document: z.enum(SERVED_DOCUMENTS),
          method: z.enum(SERVICE_METHODS),
          servedAt: dateTime,
          recipient: z.string(),
          receiptNumber: z.string().optional(),
          witness: z.string().optional(),
          electronicAddress: z.string().optional(),
          electronicConsent: z.boolean().optional(),
          announcementReason: z.string().optional(),
          recordedBy: actor,
          recordedAt: dateTime,
        }),
      )
      .optional(),
    payment: z
      .object({
        fine: z.number(),
        dueOn: answeredDay,
        instalments: z.array(z.object({ dueOn: answeredDay, amount: z.number() })),
        arrangement: z.object({ kind: z.enum(['DEFERRAL', 'INSTALMENTS']), reason: z.string(), grantedBy: actor, at: dateTime }).nullable(),
        payments: z.array(z.object({ amount: z.number(), paidOn: answeredDay, receiptNumber: z.string(), bank: z.string(), recordedBy: actor, at: dateTime })),
        paid: z.number(),
        surcharge: z.number(),
        outstanding: z.number(),
        overdue: z.boolean(),
      })
      .nullable()
      .optional(),
    execution: z
      .object({
        how: z.enum(['PAID', 'CARRIED_OUT', 'COURT_ENFORCEMENT', 'NOTHING_TO_EXECUTE']),
        note: z.string(),
        at: dateTime,
        by: actor.nullable(),
        court: z.object({ court: z.string(), appliedOn: answeredDay, reference: z.string() }).optional(),
      })
      .nullable()
      .optional(),
    publication: z
      .object({
        dueOn: answeredDay,
        status: z.enum(['PENDING', 'PUBLISHED', 'EXEMPT', 'WITHDRAWN']),
        warned: z.boolean(),
        overdue: z.boolean(),
        title: z.string().nullable(),
        publishedAt: dateTime.nullable(),
        publishedBy: actor.nullable(),
        exemptReason: z.string().nullable(),
        withdrawnAt: dateTime.nullable(),
        withdrawReason: z.string().nullable(),
      })
      .nullable()
      .optional()
      .describe('执法公示'),
    revocation: z
      .object({ kind: z.enum(['REVOKED', 'CHANGED']), reason: z.string(), by: actor, at: dateTime, previousText: z.string() })
      .nullable()
      .optional(),
    closedAt: dateTime.nullable(),
    closedBy: actor.nullable().optional(),
    decisionClock: z.object({
      dueDate: answeredDay.describe('作出处罚决定的期限（第六十条，随中止顺延）'),
      suspended: z.boolean(),
      suspendedDays: z.number().int(),
      suspensions: z.array(
        z.object({
          suspendedAt: dateTime,
          suspendedOn: answeredDay,
          reason: z.string(),
          resumedAt: dateTime.nullable(),
          resumedOn: answeredDay.nullable(),
          resumeReason: z.string().nullable(),
          days: z.number().int().nullable(),
        }),
      ),
      events: z.array(z.object({ kind: z.enum(['WARNING', 'EXPIRED']), daysBefore: z.number().int().nullable(), dueDate: answeredDay, at: dateTime })),
      expired: z.boolean(),
      stopped: z.boolean(),
    }),
    reviewClock: z
      .object({
        round: z.number().int(),
        startedOn: answeredDay.describe('提交审核之日（北京时间）'),
        dueDate: answeredDay.describe('审核期限（按工作日计算）'),
        extended: z.boolean(),
        extensionReason: z.string().nullable(),
        overdue: z.boolean(),
        overdueAt: dateTime.nullable(),
        basis: CalendarDeadlineSchema.optional().describe('dueDate 的计算依据；早于该功能的案件没有此项'),
      })
      .nullable(),
  })
  .meta({ id: 'CaseState' });
agrees<z.output<typeof CaseStateResponse>, CaseState>();
agrees<z.output<typeof CaseStateResponse>, Answer<CaseService['get']>>();
agrees<z.output<typeof CaseStateResponse>, Answer<CaseService['assignInvestigators']>>();
agrees<z.output<typeof CaseStateResponse>, Answer<CaseService['legalReview']>>();
agrees<z.output<typeof CaseStateResponse>, Answer<CaseService['scheduleHearing']>>();
agrees<z.output<typeof CaseStateResponse>, Answer<CaseService['decide']>>();

/** The case row as stored (api/services/cases.ts list), with when the round's review was asked for. */
export const CaseListItem = z
  .object({
    id: z.string(),
    title: z.string(),
    inspectionId: z.string(),
    findingId: z.string().nullable(),
    departmentCode: z.string().nullable(),
    status: z.enum(CASE_STATUSES),
    major: z.boolean(),
    penaltyKind: z.string().nullable(),
    fineAmount: z.number().nullable().describe('罚款金额（元）'),
    proposalJson: z.string().nullable().describe('处罚建议（JSON 文本，详情见 GET /api/cases/{id} 的 proposal）'),
    filedById: z.string(),
    filedAt: dateTime,
    decisionDueOn: answeredDay.describe('作出处罚决定的期限（第六十条，随中止顺延）'),
    decisionOverdue: z.boolean(),
    suspended: z.boolean(),
    suspendedDays: z.number().int(),
    reviewDueOn: answeredDay.nullable().describe('本轮法制审核期限（工作日计算，北京时间日期）'),
    reviewOverdue: z.boolean(),
    decisionText: z.string().nullable(),
    decidedAt: dateTime.nullable(),
    decisionLate: z.boolean(),
    servedAt: dateTime.nullable(),
    serviceMethod: z.string().nullable().describe('决定书的送达方式'),
    closedAt: dateTime.nullable(),
    updatedAt: dateTime,
    reviewDueBasisJson: z.string().nullable().describe('reviewDueOn 的计算依据（CalendarDeadline 的 JSON 文本）'),
    townshipId: z.string().nullable(),
    amountPaid: z.number().nullable().describe('已缴金额（元，含加处罚款）'),
    executedAt: dateTime.nullable(),
    hearingStatus: z.enum(HEARING_STATUSES).nullable(),
    noticeServedOn: answeredDay.nullable(),
    paymentDueOn: answeredDay.nullable(),
    paymentOverdue: z.boolean(),
    statementEndsOn: answeredDay.nullable(),
    surchargeAmount: z.number().nullable().describe('加处罚款（元）'),
    reviewRequestedAt: dateTime.nullable().describe('本轮提交法制审核的时间（?due=review 时给出，否则为 null）'),
  })
  .meta({ id: 'CaseListItem' });
export const CaseListResponse = z.object({ items: z.array(CaseListItem) }).meta({ id: 'CaseList' });
agrees<z.output<typeof CaseListResponse>, Answer<CaseService['list']>>();
export const FiledResponse = z.object({ id: z.string(), workflowId: z.string(), location: z.string() }).meta({ id: 'CaseFiled' });
