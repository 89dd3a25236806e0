/**
 * Messages of the rectification (责令改正) workflow, defined once and shared by the workflow
 * and its clients. JSON-safe only: ISO strings for instants, YYYY-MM-DD for China dates.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarDeadline } from '../domain/calendar';
import type { Severity } from '../domain/catalog';
import type { InspectionPolicy } from '../domain/inspection';
import type {
  EscalationKind,
  ExtensionRecord,
  RecheckResult,
  RectificationPolicy,
  RectificationStatus,
} from '../domain/rectification';
import type { ActorRef } from './inspection';

export function rectificationWorkflowId(findingId: string): string {
  return `rectification-${findingId}`;
}

/** What the order is about: a snapshot of the finding, so the workflow needs no lookups. */
export interface RectificationFinding {
  findingId: string;
  inspectionId: string;
  targetId: string;
  scenarioCode: string;
  departmentCode: string;
  itemCode: string;
  itemTitle: string;
  severity: Severity;
  description: string;
}

export interface RectificationInput {
  finding: RectificationFinding;
  requirement: string;
  orderedBy: ActorRef;
  /** China date the order was made. */
  orderedOn: string;
  workingDays: number;
  /** Computed by the calendar activity before the start (holidays, 调休). */
  deadline: string;
  /** The calendar `deadline` was counted on (absent in orders started before it was kept). */
  deadlineBasis?: CalendarDeadline;
  policy: RectificationPolicy;
  /** For the re-inspection joint visit the workflow starts. */
  inspectionPolicy: InspectionPolicy;
  /** Earlier orders of the same item on the same target that ended ESCALATED (decides the follow-up). */
  priorFailedOrders: number;
}

export interface RectificationState {
  findingId: string;
  status: RectificationStatus;
  persisted: boolean;
  requirement: string;
  orderedOn: string;
  deadline: string;
  /** Basis of the current deadline: the notices' 文号, or provisional (暂按法定节假日推算). */
  deadlineBasis?: CalendarDeadline | null;
  extensions: ExtensionRecord[];
  dueAt: string | null;
  recheckInspectionId: string | null;
  /** The re-check was added to a scenario-list plan's visit not started yet (PlannedVisit id). */
  recheckPlannedVisitId?: string | null;
  recheck: { result: RecheckResult; inspectionId: string; note: string; recordedBy: ActorRef; at: string } | null;
  escalation: { kind: EscalationKind; at: string } | null;
  /** The follow-up started for a SECOND_ORDER escalation: the re-check visit's finding's order. */
  followUpOrderFindingId?: string | null;
}

export interface ExtendRectificationRequest {
  actor: ActorRef;
  reason: string;
  /** Working days to add; the policy's default when absent. */
  workingDays?: number;
}

export interface RecordRecheckRequest {
  actor: ActorRef;
  result: RecheckResult;
  inspectionId: string;
  note: string;
  /** Follow-up of a FAILED re-check; a second order first, a case after an earlier failure. */
  escalation?: EscalationKind;
}

/** The re-check visit's result for the order's item, sent by that visit when its checks are done. */
export interface RecheckObservation {
  inspectionId: string;
  result: RecheckResult;
  note: string;
  recordedBy: ActorRef;
  at: string;
}

export const rectificationStateQuery = defineQuery<RectificationState>('rectificationState');
export const extendRectificationUpdate = defineUpdate<RectificationState, [ExtendRectificationRequest]>('extendRectification');
export const recordRecheckUpdate = defineUpdate<RectificationState, [RecordRecheckRequest]>('recordRecheck');
export const recheckObservedSignal = defineSignal<[RecheckObservation]>('recheckObserved');
