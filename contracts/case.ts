/**
 * Messages of the administrative case workflow, defined once and shared by the workflow and
 * its clients. JSON-safe only: ISO strings for instants, YYYY-MM-DD for China dates.
 */
import type { CalendarDeadline } from '../domain/calendar';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CasePolicy, CaseStatus, PenaltyProposal } from '../domain/case';
import type { OfficerCredentials, ReviewDecision, ReviewerCredentials } from '../domain/inspection';
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
  decision: { text: string; decidedBy: ActorRef; decidedAt: string; late: boolean } | null;
  service: { servedAt: string; method: string; recordedBy: ActorRef } | null;
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
}

export interface ServeRequest {
  actor: ActorRef;
  servedAt: string;
  method: string;
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
