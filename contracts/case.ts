/**
 * Messages of the administrative case workflow, defined once and shared by the workflow and
 * its clients. JSON-safe only: ISO strings for instants, YYYY-MM-DD for China dates.
 */
import type { CalendarDeadline } from '../domain/calendar';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CasePolicy, CaseStatus, PenaltyProposal } from '../domain/case';
import type { OfficerCredentials, ReviewDecision, ReviewerCredentials } from '../domain/inspection';
import type { HearingStatus, Instalment, PartyKind, Penalty, ServiceRecord } from '../domain/penalty-procedure';
import type { ActorRef } from './inspection';

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

export interface CaseInput {
  caseId: string;
  title: string;
  inspectionId: string;
  findingId: string | null;
  /** The finding's check item: how its visit knows which finding the closed case ends. */
  itemCode?: string | null;
  departmentCode: string | null;
  filedBy: ActorRef;
  policy: CasePolicy;
  /** The party (当事人): its kind sets the §63 hearing thresholds; absent in cases from before (an organisation). */
  party?: { name: string; kind: PartyKind };
}

export interface CaseReviewEntry {
  round: number;
  reviewer: ActorRef;
  decision: ReviewDecision;
  opinion: string;
  decidedAt: string;
  /** Given after the review deadline: accepted, and marked. */
  late: boolean;
}

export interface CollectiveDecisionEntry {
  afterReviewRound: number;
  meetingDate: string;
  attendees: string[];
  resolution: string;
  recordedBy: ActorRef;
  recordedAt: string;
}

export type DecisionClockEventKind = 'WARNING' | 'EXPIRED';

export interface DecisionClockEvent {
  kind: DecisionClockEventKind;
  /** For warnings: days before the due date. */
  daysBefore: number | null;
  /** The due date in force when the event fired. */
  dueDate: string;
  at: string;
}

export interface SuspensionEntry {
  suspendedAt: string;
  suspendedOn: string;
  reason: string;
  resumedAt: string | null;
  resumedOn: string | null;
  resumeReason: string | null;
  days: number | null;
}

/** §44 notice with its statement period (§45) and the party's written waiver (§62). */
export interface PriorNoticeEntry {
  /** The proposal round the notice announces. */
  round: number;
  penalty: Penalty;
  facts: string;
  legalBasis: string;
  /** §63 grounds; empty: the notice gives no hearing right. */
  hearingGrounds: string[];
  issuedAt: string;
  issuedBy: ActorRef;
  servedAt: string | null;
  servedOn: string | null;
  /** Last day for statements (and hearing requests, with the right): working days from service (§85). */
  periodEndsOn: string | null;
  /** Last day to request a hearing (§64(1)). */
  hearingRequestEndsOn: string | null;
  periodEnded: boolean;
  waiver: { at: string; partyRepresentative: string; declaration: string; recordedBy: ActorRef } | null;
}

export interface StatementEntry {
  kind: 'STATEMENT' | 'DEFENCE';
  content: string;
  /** Who spoke or wrote for the party. */
  by: string;
  recordedBy: ActorRef;
  at: string;
}

export interface ReexaminationEntry {
  /** Statements re-examined (the first n of `statements`). */
  statementsCovered: number;
  conclusion: string;
  adopted: boolean;
  by: ActorRef;
  at: string;
}

export interface HearingEntry {
  status: HearingStatus;
  requestedAt: string;
  requestedOn: string;
  /** When the hearing was set and its 听证通知书 made. */
  scheduledAt: string | null;
  hearingAt: string | null;
  place: string | null;
  public: boolean;
  notPublicReason: string | null;
  presiding: ActorRef | null;
  /** Presiding officers removed on the party's challenge (§64(4)). */
  challenges: { officer: ActorRef; reason: string; decision: 'UPHELD' | 'DISMISSED'; decidedBy: ActorRef; at: string }[];
  noticeServedOn: string | null;
  /** Earliest day the hearing may be held after the notice's service (§64(2)). */
  earliestOn: string | null;
  record: { summary: string; partyOpinion: string; partySigned: boolean; refusalNote: string | null; presidingSigned: boolean; at: string } | null;
  concludedAt: string | null;
}

export interface PaymentState {
  fine: number;
  dueOn: string;
  instalments: Instalment[];
  arrangement: { kind: 'DEFERRAL' | 'INSTALMENTS'; reason: string; grantedBy: ActorRef; at: string } | null;
  payments: { amount: number; paidOn: string; receiptNumber: string; bank: string; recordedBy: ActorRef; at: string }[];
  paid: number;
  surcharge: number;
  outstanding: number;
  overdue: boolean;
}

export interface ExecutionEntry {
  how: 'PAID' | 'CARRIED_OUT' | 'COURT_ENFORCEMENT' | 'NOTHING_TO_EXECUTE';
  note: string;
  at: string;
  by: ActorRef | null;
  court?: { court: string; appliedOn: string; reference: string };
}

/** 执法公示 of the decision (domain/publicity.ts). */
export interface PublicationEntry {
  /** Last day to publish: 7 working days from the decision (agency side). */
  dueOn: string;
  status: 'PENDING' | 'PUBLISHED' | 'EXEMPT' | 'WITHDRAWN';
  warned: boolean;
  overdue: boolean;
  title: string | null;
  publishedAt: string | null;
  publishedBy: ActorRef | null;
  /** Why it is not published (a minor's case). */
  exemptReason: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

export interface CaseState {
  caseId: string;
  status: CaseStatus;
  persisted: boolean;
  title: string;
  inspectionId: string;
  findingId: string | null;
  filedAt: string;
  filedOn: string;
  investigators: OfficerCredentials[];
  proposal: PenaltyProposal | null;
  proposalRound: number;
  major: boolean;
  reviews: CaseReviewEntry[];
  collectiveDecisions: CollectiveDecisionEntry[];
  decision: { text: string; decidedBy: ActorRef; decidedAt: string; late: boolean; penalty?: Penalty; serviceDueOn?: string; serviceOverdue?: boolean } | null;
  /** The decision's service (kept as before; every document's service is in `services`). */
  service: { servedAt: string; method: string; recordedBy: ActorRef } | null;
  /** The procedure between review and closure; absent in cases from before it. */
  party?: { name: string; kind: PartyKind };
  notice?: PriorNoticeEntry | null;
  statements?: StatementEntry[];
  reexaminations?: ReexaminationEntry[];
  hearing?: HearingEntry | null;
  services?: (ServiceRecord & { recordedBy: ActorRef; recordedAt: string })[];
  payment?: PaymentState | null;
  execution?: ExecutionEntry | null;
  publication?: PublicationEntry | null;
  /** The decision revoked or changed after it was made (reconsideration, litigation, the organ's own correction). */
  revocation?: { kind: 'REVOKED' | 'CHANGED'; reason: string; by: ActorRef; at: string; previousText: string } | null;
  closedAt: string | null;
  closedBy?: ActorRef | null;
  /** §60 clock, in calendar days; suspended days push the due date. */
  decisionClock: {
    dueDate: string;
    suspended: boolean;
    suspendedDays: number;
    suspensions: SuspensionEntry[];
    events: DecisionClockEvent[];
    expired: boolean;
    stopped: boolean;
  };
  /** Legal review clock of the current round, in working days. */
  reviewClock: {
    round: number;
    startedOn: string;
    dueDate: string;
    extended: boolean;
    extensionReason: string | null;
    overdue: boolean;
    overdueAt: string | null;
    /** The calendar dueDate was counted on (agency side); absent in cases from before it was kept. */
    basis?: CalendarDeadline;
  } | null;
}

export interface AssignInvestigatorsRequest {
  actor: ActorRef;
  investigators: OfficerCredentials[];
}

/** §43: an investigator withdrawn from the case by an upheld recusal; the investigation goes on. */
export interface WithdrawInvestigatorRequest {
  actor: ActorRef;
  officerId: string;
  reason: string;
  /** The OfficerConflict decided. */
  conflictId: string;
}

export interface ProposePenaltyRequest extends PenaltyProposal {
  actor: ActorRef;
}

export interface CaseLegalReviewRequest {
  reviewer: ReviewerCredentials;
  decision: ReviewDecision;
  opinion: string;
}

export interface ExtendReviewRequest {
  actor: ActorRef;
  reason: string;
}

export interface CollectiveDecisionRequest {
  actor: ActorRef;
  meetingDate: string;
  attendees: string[];
  resolution: string;
}

export interface DecideRequest {
  actor: ActorRef;
  decisionText: string;
  /** The penalty imposed; the notified one when absent. */
  penalty?: Penalty;
}

/** Service of one of the case's documents (§61); without `document`, the decision (as before). */
export type ServeRequest = { actor: ActorRef } & (
  | ({ document?: undefined; servedAt: string; method: string } & Partial<Omit<ServiceRecord, 'document' | 'servedAt' | 'method'>>)
  | ServiceRecord
);

export interface IssueNoticeRequest {
  actor: ActorRef;
}

export interface WaiveRequest {
  actor: ActorRef;
  partyRepresentative: string;
  declaration: string;
}

export interface StatementRequest {
  actor: ActorRef;
  kind: 'STATEMENT' | 'DEFENCE';
  content: string;
  by: string;
}

export interface ReexamineRequest {
  actor: ActorRef;
  conclusion: string;
  adopted: boolean;
}

export interface HearingRequestRequest {
  actor: ActorRef;
}

export interface ScheduleHearingRequest {
  actor: ActorRef;
  hearingAt: string;
  place: string;
  presiding: ActorRef;
  public: boolean;
  notPublicReason?: string;
}

export interface HearingChallengeRequest {
  actor: ActorRef;
  reason: string;
  decision: 'UPHELD' | 'DISMISSED';
}

export interface HearingRecordRequest {
  actor: ActorRef;
  outcome: 'HELD' | 'NO_SHOW' | 'WITHDRAWN';
  summary?: string;
  partyOpinion?: string;
  partySigned?: boolean;
  refusalNote?: string;
}

export interface PaymentRequest {
  actor: ActorRef;
  amount: number;
  paidOn: string;
  receiptNumber: string;
  bank: string;
}

export interface PaymentArrangementRequest {
  actor: ActorRef;
  kind: 'DEFERRAL' | 'INSTALMENTS';
  reason: string;
  instalments: Instalment[];
}

export interface ExecutionRequest {
  actor: ActorRef;
  note: string;
}

export interface PublicationRequest {
  actor: ActorRef;
  /** A minor's case is never published: recorded as exempt. */
  involvesMinor: boolean;
  title?: string;
  text?: string;
}

export interface RevocationRequest {
  actor: ActorRef;
  kind: 'REVOKED' | 'CHANGED';
  reason: string;
  /** CHANGED: the decision as changed (never heavier, §45 applies to the new text too). */
  decisionText?: string;
}

export interface CourtEnforcementRequest {
  actor: ActorRef;
  court: string;
  appliedOn: string;
  reference: string;
}

export interface CaseReasonRequest {
  actor: ActorRef;
  reason: string;
}

export const caseStateQuery = defineQuery<CaseState>('caseState');
export const assignInvestigatorsUpdate = defineUpdate<CaseState, [AssignInvestigatorsRequest]>('assignInvestigators');
export const proposePenaltyUpdate = defineUpdate<CaseState, [ProposePenaltyRequest]>('proposePenalty');
export const caseLegalReviewUpdate = defineUpdate<CaseState, [CaseLegalReviewRequest]>('caseLegalReview');
export const extendReviewUpdate = defineUpdate<CaseState, [ExtendReviewRequest]>('extendReview');
export const collectiveDecisionUpdate = defineUpdate<CaseState, [CollectiveDecisionRequest]>('collectiveDecision');
export const decideUpdate = defineUpdate<CaseState, [DecideRequest]>('decide');
export const serveUpdate = defineUpdate<CaseState, [ServeRequest]>('serve');
export const suspendCaseUpdate = defineUpdate<CaseState, [CaseReasonRequest]>('suspendCase');
export const resumeCaseUpdate = defineUpdate<CaseState, [CaseReasonRequest]>('resumeCase');
export const closeCaseUpdate = defineUpdate<CaseState, [CaseReasonRequest]>('closeCase');
export const withdrawInvestigatorUpdate = defineUpdate<CaseState, [WithdrawInvestigatorRequest]>('withdrawInvestigator');
export const issueNoticeUpdate = defineUpdate<CaseState, [IssueNoticeRequest]>('issuePriorNotice');
export const waiveUpdate = defineUpdate<CaseState, [WaiveRequest]>('waiveStatements');
export const statementUpdate = defineUpdate<CaseState, [StatementRequest]>('recordStatement');
export const reexamineUpdate = defineUpdate<CaseState, [ReexamineRequest]>('reexamineStatements');
export const requestHearingUpdate = defineUpdate<CaseState, [HearingRequestRequest]>('requestHearing');
export const scheduleHearingUpdate = defineUpdate<CaseState, [ScheduleHearingRequest]>('scheduleHearing');
export const challengeHearingUpdate = defineUpdate<CaseState, [HearingChallengeRequest]>('challengePresiding');
export const hearingRecordUpdate = defineUpdate<CaseState, [HearingRecordRequest]>('recordHearing');
export const paymentUpdate = defineUpdate<CaseState, [PaymentRequest]>('recordPayment');
export const paymentArrangementUpdate = defineUpdate<CaseState, [PaymentArrangementRequest]>('arrangePayment');
export const executionUpdate = defineUpdate<CaseState, [ExecutionRequest]>('recordExecution');
export const publicationUpdate = defineUpdate<CaseState, [PublicationRequest]>('publishDecision');
export const revocationUpdate = defineUpdate<CaseState, [RevocationRequest]>('revokeDecision');
export const courtEnforcementUpdate = defineUpdate<CaseState, [CourtEnforcementRequest]>('applyCourtEnforcement');
