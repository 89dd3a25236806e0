/**
 * Messages of the joint-inspection workflow, defined once and shared by the workflow and
 * its clients (the API passes these definitions, never strings). Only JSON-safe data
 * crosses the boundary: ISO strings for times, arrays and records for collections.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CheckResultInput,
  DepartmentAssignment,
  FindingDraft,
  FindingOutcome,
  FindingResolution,
  InspectionStatus,
  OfficerCredentials,
  ReviewDecision,
  ReviewerCredentials,
} from '../domain/inspection';
import type { ActorRef, JointVisitInput, RecheckRef, TargetRef, TeamMemberRef } from '../domain/visit';
import type { CalendarDeadline } from '../domain/calendar';
import type { CheckInPosition } from '../domain/check-in';
import type {
  OnTheSpotPenaltyKind,
  OnTheSpotPenaltyProposal,
  PartyAcknowledgement,
  PartyKind,
  SimpleProcedurePolicy,
} from '../domain/simple-procedure';

export const TASK_QUEUE_DEFAULT = 'onevisit';

export function inspectionWorkflowId(inspectionId: string): string {
  return `inspection-${inspectionId}`;
}

export type { ActorRef, RecheckRef, TargetRef, TeamMemberRef } from '../domain/visit';

/** The workflow's input, built by domain/visit.ts (jointVisitInput, pickVisitTeam). */
export type JointInspectionInput = JointVisitInput;

/**
 * A joint inspection started as a child (of a plan, of a rectification order): its business id
 * and its one argument, as the recorded histories started them (the server's default id reuse).
 */
export function jointInspectionChildOptions(input: JointInspectionInput) {
  return { workflowId: inspectionWorkflowId(input.inspectionId), args: [input] as [JointInspectionInput] };
}

/**
 * How every joint inspection is started — by the route, a plan, a rectification order and a
 * re-check: its business id, one argument, and an id that is never reused, not even after the
 * visit ended. A second start of a running id fails (the caller decides what that means),
 * unless `reuseExisting` (a retried request with the same Idempotency-Key) lands it on the
 * same run. Pure data: client starts take it whole; child starts take jointInspectionChildOptions.
 */
export function jointInspectionStartOptions(input: JointInspectionInput, options: { reuseExisting?: boolean } = {}) {
  return {
    ...jointInspectionChildOptions(input),
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    workflowIdConflictPolicy: options.reuseExisting ? ('USE_EXISTING' as const) : ('FAIL' as const),
  };
}

export interface DepartmentCheckState {
  departmentCode: string;
  departmentName: string;
  itemCodes: string[];
  submitted: boolean;
  submittedAt: string | null;
  submittedBy: ActorRef | null;
  revision: number;
  late: boolean;
  overdue: boolean;
  escalatedAt: string | null;
  results: CheckResultInput[] | null;
}

export type ReviewStatus = 'NOT_REQUIRED' | 'PENDING' | 'RETURNED' | 'APPROVED';

export interface LegalReviewRecord {
  round: number;
  reviewer: ActorRef;
  decision: ReviewDecision;
  opinion: string;
  decidedAt: string;
}

/** One decision of the simple procedure on the spot (§51–§52) and what followed it. */
export interface OnTheSpotPenaltyState {
  penaltyId: string;
  itemCode: string;
  departmentCode: string;
  /** The deciding officer and the certificate shown (§52). */
  officer: { officerId: string; name: string; certificateNo: string; certificateExpiresOn: string };
  partyKind: PartyKind;
  kind: OnTheSpotPenaltyKind;
  fineAmount: number | null;
  facts: string;
  legalBasis: string;
  place: string;
  decidedAt: string;
  /** Last day of the filing term (备案) and its calendar basis. */
  filingDueOn: string;
  filingDueBasis: CalendarDeadline;
  acknowledgement: PartyAcknowledgement | null;
  filedAt: string | null;
  filedBy: ActorRef | null;
  filingOverdue: boolean;
  filingOverdueAt: string | null;
}

/** The working-day deadline of the inspection's legal review, per round (like a case's). */
export interface InspectionReviewClock {
  round: number;
  dueDate: string;
  basis: CalendarDeadline;
  extended: boolean;
  extensionReason: string | null;
  overdue: boolean;
  overdueAt: string | null;
}

export interface InspectionState {
  inspectionId: string;
  status: InspectionStatus;
  persisted: boolean;
  scheduledFor: string;
  target: TargetRef;
  scenario: { code: string; name: string };
  team: TeamMemberRef[];
  onSite: OfficerCredentials[];
  checkInAt: string | null;
  /** Where the team checked in; null when the phone gave none, absent in states stored before it was asked. */
  checkInPosition?: CheckInPosition | null;
  submissionDeadlineAt: string | null;
  departments: DepartmentCheckState[];
  findings: FindingDraft[];
  review: {
    status: ReviewStatus;
    round: number;
    departmentsToRevise: string[];
    revisedDepartments: string[];
    history: LegalReviewRecord[];
  };
  checksDoneAt: string | null;
  /** The findings' end states; the visit closes when every finding has one. */
  resolutions: FindingResolution[];
  followUpSince: string | null;
  recheckOf: RecheckRef[];
  closedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** Absent in states stored before the simple procedure existed. */
  onTheSpotPenalties?: OnTheSpotPenaltyState[];
  /** The legal review's deadline; absent before it existed, null while no review is pending. */
  reviewClock?: InspectionReviewClock | null;
}

export interface CheckInRequest {
  actor: ActorRef;
  officers: OfficerCredentials[];
  /** The phone's position (range-checked by the API); absent in updates sent before it was asked. */
  position?: CheckInPosition | null;
}

export interface SubmitChecksRequest {
  actor: ActorRef & { departmentCode: string };
  departmentCode: string;
  results: CheckResultInput[];
}

export interface LegalReviewRequest {
  reviewer: ReviewerCredentials;
  decision: ReviewDecision;
  opinion: string;
}

export interface CancelRequest {
  actor: ActorRef;
  reason: string;
}

/** Sent by the rectification and case workflows when a finding of this visit has ended. */
export interface FindingResolvedSignal {
  itemCode: string;
  outcome: FindingOutcome;
  ref: string | null;
  note: string;
  actor: ActorRef | null;
  at: string;
}

export interface ResolveFindingRequest {
  actor: ActorRef;
  itemCode: string;
  outcome: Extract<FindingOutcome, 'NO_PENALTY'>;
  note: string;
}

/** Items added to a scheduled visit (a due re-check merged into it), with officers for them. */
export interface AddCheckItemsRequest {
  actor: ActorRef;
  departments: DepartmentAssignment[];
  team: TeamMemberRef[];
  recheckOf: RecheckRef[];
}

/** §51: the officer decides a penalty on the spot for a finding of this visit. */
export interface DecideOnTheSpotRequest {
  /** Chosen by the caller (a retried request names the same decision). */
  penaltyId: string;
  actor: ActorRef;
  /** The deciding officer as loaded from the register (certificate included). */
  officer: OfficerCredentials;
  /** The party's 统一社会信用代码: its kind sets §51's limit. */
  partyCreditCode: string;
  itemCode: string;
  /** The finding's order or case, if one was started for it (read from the database by the caller). */
  alreadyDisposed: 'RECTIFICATION' | 'CASE' | null;
  proposal: OnTheSpotPenaltyProposal;
  place: string;
  policy: SimpleProcedurePolicy;
}

export interface AcknowledgeOnTheSpotRequest {
  penaltyId: string;
  actor: ActorRef;
  acknowledgement: PartyAcknowledgement;
}

/** 备案: the organ records that the decision was filed with it. */
export interface FileOnTheSpotRequest {
  penaltyId: string;
  actor: ActorRef;
  note: string;
}

export interface ExtendInspectionReviewRequest {
  actor: ActorRef;
  reason: string;
}

export const inspectionStateQuery = defineQuery<InspectionState>('inspectionState');
export const checkInUpdate = defineUpdate<InspectionState, [CheckInRequest]>('checkIn');
export const submitChecksUpdate = defineUpdate<InspectionState, [SubmitChecksRequest]>('submitChecks');
export const legalReviewUpdate = defineUpdate<InspectionState, [LegalReviewRequest]>('legalReview');
export const cancelInspectionUpdate = defineUpdate<InspectionState, [CancelRequest]>('cancelInspection');
export const resolveFindingUpdate = defineUpdate<InspectionState, [ResolveFindingRequest]>('resolveFinding');
export const addCheckItemsUpdate = defineUpdate<InspectionState, [AddCheckItemsRequest]>('addCheckItems');
export const decideOnTheSpotPenaltyUpdate = defineUpdate<InspectionState, [DecideOnTheSpotRequest]>('decideOnTheSpotPenalty');
export const acknowledgeOnTheSpotPenaltyUpdate = defineUpdate<InspectionState, [AcknowledgeOnTheSpotRequest]>('acknowledgeOnTheSpotPenalty');
export const fileOnTheSpotPenaltyUpdate = defineUpdate<InspectionState, [FileOnTheSpotRequest]>('fileOnTheSpotPenalty');
export const extendInspectionReviewUpdate = defineUpdate<InspectionState, [ExtendInspectionReviewRequest]>('extendInspectionReview');
export const findingResolvedSignal = defineSignal<[FindingResolvedSignal]>('findingResolved');
