/**
 * Messages of the "532" rapid-response workflow, defined once and shared by the workflow and
 * its clients. Only JSON-safe data crosses the boundary: ISO strings for times, arrays for
 * collections.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ClockPolicy,
  ConversionKind,
  EventCategory,
  EventStatus,
  ResponseStage,
} from '../domain/rapid-response';
import type { ActorRef } from './inspection';

export function eventWorkflowId(eventId: string): string {
  return `event-${eventId}`;
}

export interface ResponderRef extends ActorRef {
  departmentCode: string | null;
}

export interface RapidResponseInput {
  eventId: string;
  clientKey: string;
  reportedAt: string;
  reporter: ActorRef;
  category: EventCategory;
  village: string;
  location: string;
  description: string;
  evidence: string[];
  policy: ClockPolicy;
  /** The township the event happened in (absent only in events from before townships). */
  townshipId?: string | null;
}

export interface ClockState {
  stage: ResponseStage;
  dueAt: string;
  doneAt: string | null;
  late: boolean;
  breachedAt: string | null;
  escalation: 'NONE' | 'SENT' | 'FAILED';
  escalatedAt: string | null;
}

export interface CheckInRecord {
  officerId: string;
  name: string;
  at: string;
  late: boolean;
  recordedBy: ActorRef;
}

/** The event's state: what was reported (its input but the client's key), then its course. */
export interface EventState extends Omit<RapidResponseInput, 'clientKey'> {
  status: EventStatus;
  persisted: boolean;
  clocks: ClockState[];
  dispatch: {
    by: ActorRef;
    at: string;
    instruction: string;
    departmentCodes: string[];
    responders: ResponderRef[];
  } | null;
  checkIns: CheckInRecord[];
  feedback: { by: ActorRef; at: string; result: string; evidence: string[] } | null;
  closure: {
    by: ActorRef;
    at: string;
    outcome: 'RESOLVED' | 'CONVERTED';
    note: string;
    link: { kind: ConversionKind; inspectionId: string | null; caseRef: string | null } | null;
  } | null;
}

export interface DispatchRequest {
  actor: ActorRef;
  instruction: string;
  departmentCodes: string[];
  responders: ResponderRef[];
}

export interface EventCheckInRequest {
  actor: ActorRef;
  /** The responders arriving; a responder checks in themself, a coordinator may record others. */
  officerIds: string[];
}

export interface FeedbackRequest {
  actor: ActorRef;
  result: string;
  evidence: string[];
}

export interface ResolveRequest {
  actor: ActorRef;
  note: string;
}

export interface ConvertRequest {
  actor: ActorRef;
  kind: ConversionKind;
  inspectionId: string | null;
  caseRef: string | null;
  note: string;
}

export const eventStateQuery = defineQuery<EventState>('eventState');
export const dispatchEventUpdate = defineUpdate<EventState, [DispatchRequest]>('dispatchEvent');
export const eventCheckInUpdate = defineUpdate<EventState, [EventCheckInRequest]>('eventCheckIn');
export const eventFeedbackUpdate = defineUpdate<EventState, [FeedbackRequest]>('eventFeedback');
export const resolveEventUpdate = defineUpdate<EventState, [ResolveRequest]>('resolveEvent');
export const convertEventUpdate = defineUpdate<EventState, [ConvertRequest]>('convertEvent');
