/**
 * The township's rule-of-law registers besides enforcement (法治政府建设, issue #17): the
 * legality review and filing of normative documents (规范性文件), major decisions (重大行政决策 /
 * 三重一大) and the mediation ledger (人民调解). The rules live here once; the workflow, the
 * services and the annual report call them. Terms are configurable: the defaults say their source.
 */
import type { RuleViolation } from './rules';
import { validateReviewer, type ReviewerCredentials } from './inspection';

// ---------------------------------------------------------------------------------------------
// 规范性文件

export interface NormativeDocumentPolicy {
  /**
   * Legality review term in working days. 国办发〔2018〕115号 (全面推行行政规范性文件合法性审核机制):
   * “审核时间一般不少于5个工作日，最长不超过15个工作日” — the upper bound is the default.
   */
  reviewWorkingDays: number;
  /**
   * Days after publication within which the document is filed (备案) with the county. Provinces set
   * this in their own rules; 15 calendar days is a configurable default, not a verified source.
   */
  filingDays: number;
}

export const DEFAULT_NORMATIVE_DOCUMENT_POLICY: NormativeDocumentPolicy = { reviewWorkingDays: 15, filingDays: 15 };

export const NORMATIVE_DOCUMENT_STATUSES = ['SUBMITTED', 'CHANGES_REQUIRED', 'APPROVED', 'PUBLISHED', 'FILED'] as const;
export type NormativeDocumentStatus = (typeof NORMATIVE_DOCUMENT_STATUSES)[number];
export const NORMATIVE_DOCUMENT_STATUS_LABELS: Record<NormativeDocumentStatus, string> = {
  SUBMITTED: '待合法性审核',
  CHANGES_REQUIRED: '退回修改',
  APPROVED: '审核通过',
  PUBLISHED: '已公布',
  FILED: '已备案',
};

export const LEGALITY_DECISIONS = ['APPROVED', 'CHANGES_REQUIRED'] as const;
export type LegalityDecision = (typeof LEGALITY_DECISIONS)[number];
export const LEGALITY_DECISION_LABELS: Record<LegalityDecision, string> = { APPROVED: '同意（合法）', CHANGES_REQUIRED: '修改后重新报送' };

/** 清理: what a periodic clean-up found a document to be. */
export const DOCUMENT_VALIDITIES = ['VALID', 'AMENDED', 'REPEALED'] as const;
export type DocumentValidity = (typeof DOCUMENT_VALIDITIES)[number];
export const DOCUMENT_VALIDITY_LABELS: Record<DocumentValidity, string> = { VALID: '继续有效', AMENDED: '已修改', REPEALED: '已废止' };

/** The legal adviser holds the legal-reviewer role and the legal qualification, and did not draft it. */
export function validateLegalityReviewer(options: { reviewer: ReviewerCredentials; submitterId: string }): RuleViolation[] {
  return validateReviewer({ reviewer: options.reviewer, visitingOfficerIds: [options.submitterId] }).map((v) =>
    v.code === 'REVIEWER_IN_TEAM' ? { ...v, message: `${options.reviewer.name} 是该文件的起草报送人，不能审核本文件（起草与审核分离）` } : v,
  );
}

/** Publication needs the legality review passed and, where required, the collective discussion. */
export function validatePublication(options: { status: NormativeDocumentStatus; discussionRequired: boolean; discussedOn: string | null }): RuleViolation[] {
  if (options.status !== 'APPROVED') {
    return [{ code: 'NORMATIVE_DOCUMENT_NOT_APPROVED', message: '规范性文件须经合法性审核通过后才能签发公布' }];
  }
  if (options.discussionRequired && !options.discussedOn) {
    return [{ code: 'NORMATIVE_DISCUSSION_REQUIRED', message: '该规范性文件须经集体讨论决定，请先记录集体讨论后再签发公布' }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// 重大行政决策 / 三重一大

/**
 * CASE_PENALTY is a major enforcement case's collective discussion (行政处罚法 §57): recorded from the
 * case (POST /api/cases/{id}/collective-decision), its legality opinion the case's §58 legal review.
 */
export const MAJOR_DECISION_KINDS = ['MAJOR_MATTER', 'APPOINTMENT', 'PROJECT', 'LARGE_FUNDS', 'CASE_PENALTY'] as const;
export type MajorDecisionKind = (typeof MAJOR_DECISION_KINDS)[number];
export const MAJOR_DECISION_KIND_LABELS: Record<MajorDecisionKind, string> = {
  MAJOR_MATTER: '重大事项决策',
  APPOINTMENT: '重要干部任免',
  PROJECT: '重大项目安排',
  LARGE_FUNDS: '大额资金使用',
  CASE_PENALTY: '重大行政处罚案件集体讨论',
};

export const LEGAL_CONCLUSIONS = ['LAWFUL', 'LAWFUL_WITH_CHANGES', 'UNLAWFUL'] as const;
export type LegalConclusion = (typeof LEGAL_CONCLUSIONS)[number];
export const LEGAL_CONCLUSION_LABELS: Record<LegalConclusion, string> = { LAWFUL: '合法', LAWFUL_WITH_CHANGES: '修改后合法', UNLAWFUL: '不合法' };

export interface MajorDecisionPolicy {
  /** Yuan from which a project is a 重大项目 (below: an ordinary decision). Each township sets its own; configurable default. */
  projectThreshold: number;
  /** Yuan from which spending is 大额资金. Configurable default. */
  fundsThreshold: number;
  /** Share of the body's members who must attend (quorum; 2/3 is the usual rule of 党委会 and 班子会). */
  quorumShare: number;
  /** Share of those attending who must vote for (more than half). */
  passShare: number;
}

export const DEFAULT_MAJOR_DECISION_POLICY: MajorDecisionPolicy = { projectThreshold: 500_000, fundsThreshold: 100_000, quorumShare: 2 / 3, passShare: 1 / 2 };

/** Whether a decision of this kind and amount is one the rule covers (thresholds from the policy). */
export function isSubjectToMajorDecisionRule(kind: MajorDecisionKind, amount: number | null, policy: MajorDecisionPolicy): boolean {
  if (kind === 'PROJECT') return (amount ?? 0) >= policy.projectThreshold;
  if (kind === 'LARGE_FUNDS') return (amount ?? 0) >= policy.fundsThreshold;
  return true;
}

export interface MeetingRecord {
  membersTotal: number;
  attendees: string[];
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  minutes: string;
}

/** The meeting's own consistency: votes of the attendees only, at most one each. */
export function meetingRecordProblems(meeting: MeetingRecord): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (meeting.attendees.length > meeting.membersTotal) {
    problems.push({ code: 'MEETING_RECORD_INVALID', path: 'attendees', message: `出席人数（${meeting.attendees.length}）不能多于应到人数（${meeting.membersTotal}）` });
  }
  const votes = meeting.votesFor + meeting.votesAgainst + meeting.votesAbstain;
  if (votes > meeting.attendees.length) {
    problems.push({ code: 'MEETING_RECORD_INVALID', path: 'votesFor', message: `表决票数合计（${votes}）不能多于出席人数（${meeting.attendees.length}）` });
  }
  return problems;
}

/**
 * Whether a major decision may be recorded as taken: the legal adviser's opinion (not unlawful),
 * then the collective meeting's record with a quorum and a majority. The first unmet rule wins,
 * so the refusal names the step to take next.
 */
export function validateMajorDecisionTaken(options: {
  subjectToRule: boolean;
  legalConclusion: LegalConclusion | null;
  meeting: MeetingRecord | null;
  policy: MajorDecisionPolicy;
}): RuleViolation[] {
  if (!options.subjectToRule) return [];
  if (options.legalConclusion === null) {
    return [{ code: 'MAJOR_DECISION_LEGAL_OPINION_REQUIRED', message: '重大决策须先经法律顾问合法性审查并出具意见，才能记录为已决策' }];
  }
  if (options.legalConclusion === 'UNLAWFUL') {
    return [{ code: 'MAJOR_DECISION_UNLAWFUL', message: '法律顾问的合法性审查意见为“不合法”，须修改方案并重新审查后才能决策' }];
  }
  const { meeting, policy } = options;
  if (!meeting) {
    return [{ code: 'MAJOR_DECISION_MEETING_REQUIRED', message: '重大决策须经党委会或班子会集体讨论决定，请先记录会议（出席、表决、纪要）' }];
  }
  return validateMeetingPassed(meeting, policy);
}

/** The meeting decided: a quorum attended and more than half of those present voted for (every kind, §57 cases included). */
export function validateMeetingPassed(meeting: MeetingRecord, policy: MajorDecisionPolicy): RuleViolation[] {
  const quorum = Math.ceil(meeting.membersTotal * policy.quorumShare - 1e-9);
  if (meeting.attendees.length < quorum) {
    return [{ code: 'MAJOR_DECISION_QUORUM_NOT_MET', message: `集体讨论出席${meeting.attendees.length}人，未达到应到${meeting.membersTotal}人的法定比例（至少${quorum}人），决定无效，须重新开会` }];
  }
  if (meeting.votesFor <= meeting.attendees.length * policy.passShare) {
    return [{ code: 'MAJOR_DECISION_NOT_PASSED', message: `赞成${meeting.votesFor}票，未超过出席人数（${meeting.attendees.length}人）的半数，该事项未获通过` }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// 人民调解

export const DISPUTE_SOURCES = ['VILLAGER', 'COURT', 'POLICE', 'PETITION', 'GRID_EVENT'] as const;
export type DisputeSource = (typeof DISPUTE_SOURCES)[number];
export const DISPUTE_SOURCE_LABELS: Record<DisputeSource, string> = {
  VILLAGER: '群众申请',
  COURT: '诉调对接',
  POLICE: '警调对接',
  PETITION: '访调对接',
  GRID_EVENT: '网格事件转入',
};

export const DISPUTE_KINDS = ['NEIGHBOUR', 'FAMILY', 'LAND', 'DEBT', 'LABOUR', 'CONTRACT', 'DAMAGE', 'OTHER'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];
export const DISPUTE_KIND_LABELS: Record<DisputeKind, string> = {
  NEIGHBOUR: '邻里纠纷',
  FAMILY: '婚姻家庭纠纷',
  LAND: '土地山林纠纷',
  DEBT: '债务纠纷',
  LABOUR: '劳务（劳资）纠纷',
  CONTRACT: '合同纠纷',
  DAMAGE: '损害赔偿纠纷',
  OTHER: '其他纠纷',
};

export const DISPUTE_OUTCOMES = ['AGREED_WRITTEN', 'AGREED_ORAL', 'FAILED_REFERRED'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export const DISPUTE_OUTCOME_LABELS: Record<DisputeOutcome, string> = {
  AGREED_WRITTEN: '调解成功（书面协议）',
  AGREED_ORAL: '调解成功（口头协议）',
  FAILED_REFERRED: '调解不成，已引导或移送',
};

/** A dispute is resolved when the parties agreed (书面 or 口头); the report counts these. */
export function isResolved(status: string): boolean {
  return status === 'AGREED_WRITTEN' || status === 'AGREED_ORAL';
}

/** A dispute's intake: a grid event's dispute names the event; no other source does. */
export function validateDisputeIntake(options: { source: DisputeSource; gridEventId: string | null }): RuleViolation[] {
  if (options.source === 'GRID_EVENT' && !options.gridEventId) {
    return [{ code: 'DISPUTE_EVENT_REQUIRED', path: 'gridEventId', message: '来源为网格事件的纠纷须注明“532”事件编号' }];
  }
  if (options.source !== 'GRID_EVENT' && options.gridEventId) {
    return [{ code: 'DISPUTE_EVENT_REQUIRED', path: 'source', message: '关联了“532”事件的纠纷，来源应为“网格事件转入”' }];
  }
  return [];
}

/** The outcome: failed mediations say where the parties were referred (诉讼、仲裁、信访、行政机关…). */
export function validateDisputeOutcome(options: { outcome: DisputeOutcome; referredTo: string | null; note: string }): RuleViolation[] {
  if (options.outcome === 'FAILED_REFERRED' && !options.referredTo?.trim()) {
    return [{ code: 'DISPUTE_OUTCOME_INVALID', path: 'referredTo', message: '调解不成的，须写明引导或移送的去向（如：引导诉讼、移送派出所）' }];
  }
  if (options.outcome === 'AGREED_WRITTEN' && !options.note.trim()) {
    return [{ code: 'DISPUTE_OUTCOME_INVALID', path: 'note', message: '书面协议须写明协议的主要内容' }];
  }
  return [];
}

/** Phone and ID numbers of parties are shown only to these roles, in the detail (never in lists). */
export const PARTY_DATA_ROLES = ['COORDINATOR', 'LEADER'] as const;

// ---------------------------------------------------------------------------------------------
// 规范性文件合法性审核意见书: the model of the DOCX and the elements it must carry.

export const NORMATIVE_REVIEW_OPINION_TITLE = '规范性文件合法性审核意见书';

export interface NormativeReviewOpinionModel {
  documentTitle: string;
  draftingOffice: string;
  submittedOn: string;
  round: number;
  reviewerName: string;
  decision: LegalityDecision;
  opinion: string;
  decidedOn: string;
  reviewDueOn: string | null;
  late: boolean;
}

/** What the opinion cannot be issued without (as domain/documents.ts missingElements). */
export function normativeReviewOpinionMissing(model: NormativeReviewOpinionModel): { element: string; label: string }[] {
  const blank = (v: string | null | undefined) => !v || v.trim().length === 0;
  const missing: { element: string; label: string }[] = [];
  if (blank(model.documentTitle)) missing.push({ element: 'documentTitle', label: '送审文件名称' });
  if (blank(model.draftingOffice)) missing.push({ element: 'draftingOffice', label: '起草单位' });
  if (blank(model.reviewerName)) missing.push({ element: 'reviewerName', label: '审核人' });
  if (blank(model.opinion)) missing.push({ element: 'opinion', label: '审核意见' });
  if (blank(model.decidedOn)) missing.push({ element: 'decidedOn', label: '审核日期' });
  return missing;
}

// ---------------------------------------------------------------------------------------------
// 普法, 法律明白人, study sessions of officials

export const PUBLICITY_KINDS = ['STREET_CAMPAIGN', 'VILLAGE_LECTURE', 'BOARD', 'ENFORCEMENT_VISIT', 'OTHER'] as const;
export type PublicityKind = (typeof PUBLICITY_KINDS)[number];
export const PUBLICITY_KIND_LABELS: Record<PublicityKind, string> = {
  STREET_CAMPAIGN: '街头集中普法宣传',
  VILLAGE_LECTURE: '进村入社法治宣讲',
  BOARD: '法治宣传专栏',
  ENFORCEMENT_VISIT: '执法过程中普法（谁执法谁普法）',
  OTHER: '其他普法活动',
};

export const LIAISON_RECORD_KINDS = ['TRAINING', 'ASSESSMENT'] as const;
export type LiaisonRecordKind = (typeof LIAISON_RECORD_KINDS)[number];
export const ASSESSMENT_RESULTS = ['EXCELLENT', 'QUALIFIED', 'UNQUALIFIED'] as const;
export type AssessmentResult = (typeof ASSESSMENT_RESULTS)[number];
export const ASSESSMENT_RESULT_LABELS: Record<AssessmentResult, string> = { EXCELLENT: '优秀', QUALIFIED: '合格', UNQUALIFIED: '不合格' };

/** An assessment has a result; a training has none (its hours are optional). */
export function validateLiaisonRecord(options: { kind: LiaisonRecordKind; result: AssessmentResult | null }): RuleViolation[] {
  if (options.kind === 'ASSESSMENT' && !options.result) {
    return [{ code: 'LIAISON_RECORD_INVALID', path: 'result', message: '年度考核须填写考核结果（优秀、合格、不合格）' }];
  }
  if (options.kind === 'TRAINING' && options.result) {
    return [{ code: 'LIAISON_RECORD_INVALID', path: 'result', message: '培训记录不填写考核结果' }];
  }
  return [];
}

export const STUDY_SESSION_KINDS = ['LEADERSHIP_MEETING', 'CENTRAL_GROUP', 'STAFF', 'CADRE_TRAINING', 'RULE_OF_LAW_MEETING'] as const;
export type StudySessionKind = (typeof STUDY_SESSION_KINDS)[number];
export const STUDY_SESSION_KIND_LABELS: Record<StudySessionKind, string> = {
  LEADERSHIP_MEETING: '班子会学法',
  CENTRAL_GROUP: '党委理论学习中心组学法',
  STAFF: '全镇干部职工学法',
  CADRE_TRAINING: '镇村两级干部法治培训',
  RULE_OF_LAW_MEETING: '法治政府建设专题会',
};

// ---------------------------------------------------------------------------------------------
// 行政复议 and 行政诉讼: the ledger of challenges of the township's acts

export const CHALLENGE_KINDS = ['RECONSIDERATION', 'LITIGATION'] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];
export const CHALLENGE_KIND_LABELS: Record<ChallengeKind, string> = { RECONSIDERATION: '行政复议', LITIGATION: '行政诉讼' };

/**
 * What the reviewing organ or the court decided. 行政复议法 (2023) §63 变更, §64 撤销, §65 确认违法,
 * §66 责令履行, §68 维持, §69 驳回; §73 调解, §74 撤回. 行政诉讼法 §69 驳回, §70 撤销, §72 责令履行,
 * §74 确认违法, §77 变更, §60 调解 (赔偿、补偿、自由裁量), §62 撤诉.
 */
export const CHALLENGE_OUTCOMES = ['UPHELD', 'REVOKED', 'CHANGED', 'CONFIRMED_UNLAWFUL', 'ORDERED_TO_PERFORM', 'SETTLED_OR_WITHDRAWN'] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];
export const CHALLENGE_OUTCOME_LABELS: Record<ChallengeOutcome, string> = {
  UPHELD: '维持或驳回',
  REVOKED: '撤销',
  CHANGED: '变更',
  CONFIRMED_UNLAWFUL: '确认违法',
  ORDERED_TO_PERFORM: '责令履行',
  SETTLED_OR_WITHDRAWN: '调解或撤回',
};

/** 纠错: the organ's act was found wrong (revoked, changed, confirmed unlawful, ordered to act); the 纠错率 counts these. */
export function isCorrected(outcome: ChallengeOutcome): boolean {
  return outcome === 'REVOKED' || outcome === 'CHANGED' || outcome === 'CONFIRMED_UNLAWFUL' || outcome === 'ORDERED_TO_PERFORM';
}

/** The outcomes that take a case's penalty decision away or replace it: its 执法公示 is withdrawn (行政处罚法 §48). */
export function withdrawsDecision(outcome: ChallengeOutcome): outcome is 'REVOKED' | 'CHANGED' {
  return outcome === 'REVOKED' || outcome === 'CHANGED';
}

export interface LegalChallengePolicy {
  /** 行政复议法 (2023) §20: the application within 60 days of knowing of the act. */
  reconsiderationApplicationDays: number;
  /**
   * §48: the organ answers (书面答复) within 10 days of receiving the copy of the application;
   * §88 makes the law's 三日、五日、七日、十日 working days.
   */
  reconsiderationAnswerWorkingDays: number;
  /** §62: the decision within 60 days of acceptance (普通程序), extendable once by at most 30 days. */
  reconsiderationDecisionDays: number;
  reconsiderationExtensionDays: number;
  /** 行政诉讼法 §46: suit within 6 months of knowing of the act (direct suit). */
  litigationFilingMonths: number;
  /** §67: the defendant answers (答辩状, with the evidence and the norms) within 15 days of receiving the copy of the complaint. */
  litigationAnswerDays: number;
  /** §81: the first-instance judgment within 6 months of 立案. */
  litigationJudgmentMonths: number;
}

export const DEFAULT_LEGAL_CHALLENGE_POLICY: LegalChallengePolicy = {
  reconsiderationApplicationDays: 60,
  reconsiderationAnswerWorkingDays: 10,
  reconsiderationDecisionDays: 60,
  reconsiderationExtensionDays: 30,
  litigationFilingMonths: 6,
  litigationAnswerDays: 15,
  litigationJudgmentMonths: 6,
};

/** The same day `months` later; a day the month lacks is its last day (民法典 §202: 期间最后一月的对应日). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day to apply or sue after knowing of the act; a later application is marked, not refused (the organ or court rules on it). */
export function challengeFilingDeadline(kind: ChallengeKind, knownOn: string, policy: LegalChallengePolicy, addDays: (date: string, days: number) => string): string {
  return kind === 'RECONSIDERATION' ? addDays(knownOn, policy.reconsiderationApplicationDays) : addMonths(knownOn, policy.litigationFilingMonths);
}

/** The last day for the reviewing organ's decision or the first-instance judgment, from acceptance (复议 with its extension). */
export function challengeDecisionDue(kind: ChallengeKind, acceptedOn: string, extended: boolean, policy: LegalChallengePolicy, addDays: (date: string, days: number) => string): string {
  if (kind === 'LITIGATION') return addMonths(acceptedOn, policy.litigationJudgmentMonths);
  return addDays(acceptedOn, policy.reconsiderationDecisionDays + (extended ? policy.reconsiderationExtensionDays : 0));
}

/** The dates of a challenge in their order: applied ≤ accepted ≤ received (the copy follows acceptance), known ≤ applied. */
export function validateChallengeDates(dates: { knownOn: string | null; appliedOn: string; acceptedOn: string; receivedOn: string }): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (dates.knownOn && dates.knownOn > dates.appliedOn) problems.push({ code: 'CHALLENGE_DATES_INVALID', path: 'knownOn', message: '知道行政行为的日期不能晚于申请（起诉）日期' });
  if (dates.acceptedOn < dates.appliedOn) problems.push({ code: 'CHALLENGE_DATES_INVALID', path: 'acceptedOn', message: '受理（立案）日期不能早于申请（起诉）日期' });
  if (dates.receivedOn < dates.acceptedOn) problems.push({ code: 'CHALLENGE_DATES_INVALID', path: 'receivedOn', message: '收到申请书（起诉状）副本的日期不能早于受理（立案）日期' });
  return problems;
}

/**
 * An outcome: 调解/撤回 and 驳回 need no new decision text; 变更 of a case's penalty decision says
 * what it became (the case's revocation records the changed decision); a hearing-less 诉讼 is fine
 * (书面审理 happens on appeal), so hearings are not required here.
 */
export function validateChallengeOutcome(options: { outcome: ChallengeOutcome; linkedToCase: boolean; changedDecisionText: string | null; decidedOn: string; acceptedOn: string }): RuleViolation[] {
  if (options.decidedOn < options.acceptedOn) {
    return [{ code: 'CHALLENGE_DATES_INVALID', path: 'decidedOn', message: `决定（裁判）日期不能早于受理（立案）日期（${options.acceptedOn}）` }];
  }
  if (options.outcome === 'CHANGED' && options.linkedToCase && !options.changedDecisionText?.trim()) {
    return [{ code: 'CHALLENGE_OUTCOME_INVALID', path: 'changedDecisionText', message: '处罚决定被变更的，须写明变更后的处罚决定内容' }];
  }
  if (options.outcome !== 'CHANGED' && options.changedDecisionText) {
    return [{ code: 'CHALLENGE_OUTCOME_INVALID', path: 'changedDecisionText', message: '只有“变更”的结果才填写变更后的决定内容' }];
  }
  return [];
}

/** 纠错率: corrected over concluded, in per cent with one decimal (null: nothing concluded). */
export function correctionRate(corrected: number, concluded: number): number | null {
  return concluded === 0 ? null : Math.round((corrected / concluded) * 1000) / 10;
}
