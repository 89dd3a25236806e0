/**
 * The administrative case (立案) from filing to closure, and the law's gates on it:
 * 行政处罚法 §42 (two certified investigators), §58 (legal review before a decision, by a
 * qualified reviewer who did not investigate), §57 (collective discussion of major cases),
 * §60 (decision within 90 days of filing; suspended periods do not count).
 * Pure: no I/O, no clock — the workflow and the API pass dates in.
 */
import { addCalendarDays, type WorkingDayCalendar } from './calendar';
import {
  DEFAULT_INSPECTION_POLICY,
  validateCertifiedQuorum,
  validateReviewer,
  type InspectionPolicy,
  type OfficerCredentials,
  type ReviewDecision,
  type ReviewerCredentials,
} from './inspection';
import type { RuleViolation } from './rules';
import type { PenaltyProcedurePolicy } from './penalty-procedure';

/**
 * PROPOSED means "returned by legal review, being revised": a first proposal goes straight
 * from INVESTIGATING into IN_LEGAL_REVIEW. Suspension (中止) is a flag on the clock, not a state.
 */
export const CASE_STATUSES = [
  'FILED',
  'INVESTIGATING',
  'PROPOSED',
  'IN_LEGAL_REVIEW',
  'COLLECTIVE_DECISION',
  // §44 notice issued: the party may state, defend and (§63) request a hearing
  'NOTIFIED',
  // §64: the party requested a hearing; it is being noticed and held
  'HEARING',
  'DECIDED',
  'SERVED',
  'CLOSED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Thresholds from law or local practice; configurable, carried in the workflow input. */
export interface CasePolicy {
  /** §60: calendar days from filing to the decision. */
  decisionDueDays: number;
  /** Reminders this many calendar days before the decision due date. */
  warningDaysBefore: number[];
  /** Legal review deadline in working days from the proposal (Liaoning practice: 7). */
  reviewDueWorkingDays: number;
  /** One extension of the review deadline, in working days (+3). */
  reviewExtensionWorkingDays: number;
  /** A proposed fine at or above this amount (yuan) makes the case major (§57). */
  majorFineThreshold: number;
  /** Penalty kinds that always make the case major. */
  majorPenaltyKinds: string[];
  /**
   * §42: investigators holding valid enforcement certificates. Not a setting of its own: it is
   * InspectionPolicy.minimumCertifiedOfficers (casePolicyFor), kept in the case input so a
   * filed case keeps the minimum it was filed under and recorded inputs replay as they are.
   */
  minimumInvestigators: number;
  /** Terms and thresholds of notice, hearing, service and payment (domain/penalty-procedure.ts). */
  procedure?: Partial<PenaltyProcedurePolicy>;
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  decisionDueDays: 90,
  warningDaysBefore: [15, 5],
  reviewDueWorkingDays: 7,
  reviewExtensionWorkingDays: 3,
  majorFineThreshold: 10_000,
  majorPenaltyKinds: ['责令停产停业', '吊销许可证', '降低资质等级', '限制开展生产经营活动', '责令关闭', '限制从业'],
  minimumInvestigators: DEFAULT_INSPECTION_POLICY.minimumCertifiedOfficers,
};

/** The case policy under the one §42 setting (MIN_CERTIFIED_OFFICERS → the inspection policy). */
export function casePolicyFor(inspectionPolicy: Pick<InspectionPolicy, 'minimumCertifiedOfficers'>, base: CasePolicy = DEFAULT_CASE_POLICY): CasePolicy {
  return { ...base, minimumInvestigators: inspectionPolicy.minimumCertifiedOfficers };
}

export interface PenaltyProposal {
  facts: string;
  evidence: string[];
  legalBasis: string;
  penaltyKind: string;
  /** Yuan; absent for penalties without a fine. */
  fineAmount?: number;
  /** Yuan: value of illegal gains or property to be confiscated (§63 counts it). */
  confiscationAmount?: number;
}

/** §57: major when the fine reaches the threshold or the kind is on the major list. */
export function isMajorCase(proposal: PenaltyProposal, policy: CasePolicy): boolean {
  return (
    (proposal.fineAmount !== undefined && proposal.fineAmount >= policy.majorFineThreshold) ||
    policy.majorPenaltyKinds.includes(proposal.penaltyKind)
  );
}

/** §42: at least `minimumInvestigators` distinct officers with valid certificates on `onDate`. */
export function validateInvestigators(options: {
  investigators: OfficerCredentials[];
  onDate: string;
  policy: CasePolicy;
}): RuleViolation[] {
  const { investigators, onDate, policy } = options;
  const quorum = validateCertifiedQuorum(investigators, onDate, policy.minimumInvestigators);
  if (quorum.met) return [];
  const uncertified = quorum.uncertified.map((o) => o.name);
  return [
    {
      code: 'TOO_FEW_CERTIFIED_INVESTIGATORS',
      message:
        `案件须由至少${quorum.minimum}名持有效执法证的执法人员调查（《中华人民共和国行政处罚法》第四十二条），` +
        `目前只有${quorum.count}名` +
        (uncertified.length ? `；${uncertified.join('、')} 无执法证或执法证已过期` : ''),
    },
  ];
}

/** §58: the reviewer is qualified and did not investigate the case (审核与调查分离). */
export function validateCaseReviewer(options: { reviewer: ReviewerCredentials; investigatorIds: string[] }): RuleViolation[] {
  // The investigators play the part of the visiting team in the inspection rule.
  return validateReviewer({ reviewer: options.reviewer, visitingOfficerIds: options.investigatorIds }).map((v) =>
    v.code === 'REVIEWER_IN_TEAM'
      ? { ...v, message: `${options.reviewer.name} 是本案调查人员，不能审核本案（审核与调查分离）` }
      : v,
  );
}

export interface CaseReviewRecord {
  round: number;
  decision: ReviewDecision;
  decidedAt: string;
}

export interface CollectiveDecisionRecord {
  /** The review round the meeting discussed: a returned and re-approved proposal needs a new one. */
  afterReviewRound: number;
  recordedAt: string;
}

/** A collective decision may be recorded only for a major case whose latest review passed. */
export function validateCollectiveDecisionAllowed(options: {
  major: boolean;
  reviews: CaseReviewRecord[];
}): RuleViolation[] {
  if (!options.major) {
    return [{ code: 'NOT_A_MAJOR_CASE', message: '本案不属于重大案件，无需集体讨论' }];
  }
  const latest = options.reviews.at(-1);
  if (!latest || latest.decision !== 'APPROVED') {
    return [{ code: 'LEGAL_REVIEW_NOT_PASSED', message: '法制审核通过后才能提交集体讨论（《中华人民共和国行政处罚法》第五十八条）' }];
  }
  return [];
}

/**
 * The gate before a decision: the latest legal review approved (§58) and, for a major case,
 * a collective decision recorded after that review (§57).
 */
export function validateDecisionAllowed(options: {
  major: boolean;
  reviews: CaseReviewRecord[];
  collectiveDecisions: CollectiveDecisionRecord[];
  /** §65: after a hearing the decision follows its record, so a major case's meeting comes after it. */
  hearingConcludedAt?: string | null;
}): RuleViolation[] {
  const latest = options.reviews.at(-1);
  if (!latest || latest.decision !== 'APPROVED') {
    return [
      {
        code: 'LEGAL_REVIEW_NOT_PASSED',
        message: '处罚建议未经法制审核或审核未通过，不得作出处罚决定（《中华人民共和国行政处罚法》第五十八条）',
      },
    ];
  }
  const after = options.hearingConcludedAt && options.hearingConcludedAt > latest.decidedAt ? options.hearingConcludedAt : latest.decidedAt;
  if (
    options.major &&
    !options.collectiveDecisions.some((c) => c.afterReviewRound === latest.round && c.recordedAt >= after)
  ) {
    return [
      {
        code: 'COLLECTIVE_DECISION_REQUIRED',
        message:
          after === latest.decidedAt
            ? '重大案件须经行政机关负责人集体讨论决定（《中华人民共和国行政处罚法》第五十七条），尚无审核通过后的集体讨论记录'
            : '重大案件须根据听证笔录经行政机关负责人集体讨论决定（《中华人民共和国行政处罚法》第五十七条、第六十五条），尚无听证结束后的集体讨论记录',
      },
    ];
  }
  return [];
}

/** §60: the last day for the decision — filing date + 90 days + days suspended. */
export function decisionDueDate(filedOn: string, policy: CasePolicy, suspendedDays: number): string {
  return addCalendarDays(filedOn, policy.decisionDueDays + suspendedDays);
}

/** The reminder dates before the due date, latest-first order of firing (earliest date first). */
export function decisionWarningDates(dueDate: string, policy: CasePolicy): { daysBefore: number; date: string }[] {
  return [...new Set(policy.warningDaysBefore)]
    .filter((d) => d > 0)
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, date: addCalendarDays(dueDate, -daysBefore) }));
}

/** Legal review due date: `workingDays` working days after the proposal date. */
export function reviewDueDate(calendar: WorkingDayCalendar, proposedOn: string, workingDays: number): string {
  return calendar.addWorkingDays(proposedOn, workingDays);
}

/** Before the decision the case may be suspended (中止); the §60 clock stops meanwhile. */
export function isSuspendable(status: CaseStatus): boolean {
  return ['FILED', 'INVESTIGATING', 'PROPOSED', 'IN_LEGAL_REVIEW', 'COLLECTIVE_DECISION', 'NOTIFIED', 'HEARING'].includes(status);
}
