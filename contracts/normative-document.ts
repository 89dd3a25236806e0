/**
 * Messages of the normative-document workflow (规范性文件: legality review, publication, filing),
 * defined once and shared by the workflow and its clients. JSON-safe only.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalendarDeadline } from '../domain/calendar';
import type { ReviewerCredentials } from '../domain/inspection';
import type { LegalityDecision, NormativeDocumentPolicy, NormativeDocumentStatus } from '../domain/rule-of-law';
import type { ActorRef } from './inspection';

export function normativeDocumentWorkflowId(documentId: string): string {
  return `normative-document-${documentId}`;
}

export interface NormativeDocumentInput {
  documentId: string;
  townshipId: string;
  title: string;
  draftingOffice: string;
  /** Whether the document must be decided by collective discussion before publication. */
  collectiveDiscussionRequired: boolean;
  submittedBy: ActorRef;
  policy: NormativeDocumentPolicy;
}

export interface NormativeReviewEntry {
  round: number;
  reviewer: ActorRef;
  decision: LegalityDecision;
  opinion: string;
  decidedAt: string;
  /** Given after the review term: accepted, and marked. */
  late: boolean;
}

export interface NormativeDocumentState {
  documentId: string;
  townshipId: string;
  title: string;
  draftingOffice: string;
  submittedBy: ActorRef;
  submittedAt: string;
  persisted: boolean;
  status: NormativeDocumentStatus;
  round: number;
  collectiveDiscussionRequired: boolean;
  reviews: NormativeReviewEntry[];
  /** Legality review term of the current round, in working days. */
  reviewClock: { round: number; startedOn: string; dueDate: string; overdue: boolean; overdueAt: string | null; basis: CalendarDeadline } | null;
  discussion: { meetingDate: string; attendees: string[]; resolution: string; recordedBy: ActorRef; recordedAt: string } | null;
  publication: { documentNumber: string; publishedOn: string; recordedBy: ActorRef; recordedAt: string } | null;
  /** Filing (备案) term from publication, in calendar days. */
  filingClock: { dueDate: string; overdue: boolean; overdueAt: string | null } | null;
  filing: { filedOn: string; reference: string; recordedBy: ActorRef; recordedAt: string } | null;
}

export interface NormativeReviewRequest {
  reviewer: ReviewerCredentials;
  decision: LegalityDecision;
  opinion: string;
}

export interface ResubmitRequest {
  actor: ActorRef;
  note: string;
}

export interface DiscussionRequest {
  actor: ActorRef;
  meetingDate: string;
  attendees: string[];
  resolution: string;
}

export interface PublishRequest {
  actor: ActorRef;
  documentNumber: string;
  publishedOn: string;
}

export interface FileRequest {
  actor: ActorRef;
  filedOn: string;
  reference: string;
}

export const normativeDocumentStateQuery = defineQuery<NormativeDocumentState>('normativeDocumentState');
export const normativeReviewUpdate = defineUpdate<NormativeDocumentState, [NormativeReviewRequest]>('normativeReview');
export const resubmitNormativeDocumentUpdate = defineUpdate<NormativeDocumentState, [ResubmitRequest]>('resubmitNormativeDocument');
export const normativeDiscussionUpdate = defineUpdate<NormativeDocumentState, [DiscussionRequest]>('normativeDiscussion');
export const publishNormativeDocumentUpdate = defineUpdate<NormativeDocumentState, [PublishRequest]>('publishNormativeDocument');
export const fileNormativeDocumentUpdate = defineUpdate<NormativeDocumentState, [FileRequest]>('fileNormativeDocument');
