/**
 * Messages of the joint-inspection workflow, defined once and shared by the workflow and
 * its clients (the API passes these definitions, never strings). Only JSON-safe data
 * crosses the boundary: ISO strings for times, arrays and records for collections.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CheckResultInput,
  DepartmentAssignment,
  FindingDraft,
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

export const inspectionStateQuery = defineQuery<InspectionState>('inspectionState');
export const checkInUpdate = defineUpdate<InspectionState, [CheckInRequest]>('checkIn');
export const submitChecksUpdate = defineUpdate<InspectionState, [SubmitChecksRequest]>('submitChecks');
export const legalReviewUpdate = defineUpdate<InspectionState, [LegalReviewRequest]>('legalReview');
export const cancelInspectionUpdate = defineUpdate<InspectionState, [CancelRequest]>('cancelInspection');
