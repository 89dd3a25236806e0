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
  InspectionPolicy,
  InspectionStatus,
  OfficerCredentials,
  ReviewDecision,
  ReviewerCredentials,
} from '../domain/inspection';

export const TASK_QUEUE_DEFAULT = 'onevisit';

export function inspectionWorkflowId(inspectionId: string): string {
  return `inspection-${inspectionId}`;
}

export interface ActorRef {
  officerId: string;
  name: string;
}

export interface TargetRef {
  id: string;
  name: string;
  creditCode: string;
  address: string;
  village: string;
}

export interface TeamMemberRef extends ActorRef {
  departmentCode: string | null;
  isLead: boolean;
}

export interface JointInspectionInput {
  inspectionId: string;
  scheduledFor: string; // YYYY-MM-DD
  scheduledBy: ActorRef;
  target: TargetRef;
  scenario: { code: string; name: string };
  departments: DepartmentAssignment[];
  team: TeamMemberRef[];
  policy: InspectionPolicy;
  /** Items of this visit that re-check a rectification order (复查); their result ends or escalates it. */
  recheckOf?: RecheckRef[];
}

/** An item carried forward from a rectification order into a visit. */
export interface RecheckRef {
  findingId: string;
  /** The visit where the finding was made. */
  inspectionId: string;
  departmentCode: string;
  itemCode: string;
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
}

export interface CheckInRequest {
  actor: ActorRef;
  officers: OfficerCredentials[];
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

export const inspectionStateQuery = defineQuery<InspectionState>('inspectionState');
export const checkInUpdate = defineUpdate<InspectionState, [CheckInRequest]>('checkIn');
export const submitChecksUpdate = defineUpdate<InspectionState, [SubmitChecksRequest]>('submitChecks');
export const legalReviewUpdate = defineUpdate<InspectionState, [LegalReviewRequest]>('legalReview');
export const cancelInspectionUpdate = defineUpdate<InspectionState, [CancelRequest]>('cancelInspection');
export const resolveFindingUpdate = defineUpdate<InspectionState, [ResolveFindingRequest]>('resolveFinding');
export const addCheckItemsUpdate = defineUpdate<InspectionState, [AddCheckItemsRequest]>('addCheckItems');
export const findingResolvedSignal = defineSignal<[FindingResolvedSignal]>('findingResolved');
