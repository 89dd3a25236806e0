/**
 * Messages of the plan workflow (场景清单计划), shared by the workflow and the API.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SamplingRatios } from '../domain/draw';
import type { InspectionPolicy } from '../domain/inspection';
import type { PlanStatus } from '../domain/plan';
import type { CheckRequestInput, FrequencyCaps, TeamCapacity } from '../domain/planning';
import type { ActorRef } from './inspection';

/** A check request as the plan collects it: the planner's input (domain/planning.ts). */
export type CheckRequestDraft = CheckRequestInput;

export interface PlanSummary {
  requests: number;
  placed: number;
  unplaced: number;
  visits: number;
  lowerBound: number;
  lowerBoundAllRequests: number;
  visitsAboveBound: number;
  departmentChecks: number;
  visitsSaved: number;
}

export function planWorkflowId(planId: string): string {
  return `plan-${planId}`;
}

export interface PlanWorkflowInput {
  planId: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  caps: FrequencyCaps;
  capacity: TeamCapacity;
  /** Rules for the joint inspections the plan starts. */
  policy: InspectionPolicy;
  createdBy: ActorRef | null;
  /** The township planned for (absent: a county-wide plan, and every plan from before townships). */
  townshipId?: string | null;
}

export interface PlanVisitState {
  visitId: string;
  date: string;
  inspectionId: string | null;
}

export interface PlanState {
  planId: string;
  status: PlanStatus;
  persisted: boolean;
  requestsAdded: number;
  draws: { drawId: string; scenarioCode: string; seed: string; drawnTargets: number; requests: number }[];
  summary: PlanSummary | null;
  visits: PlanVisitState[];
  report: Record<string, number> | null;
}

export interface AddRequestsRequest {
  actor: ActorRef;
  requests: Omit<CheckRequestDraft, 'id'>[];
}

export interface DrawRequest {
  actor: ActorRef;
  scenarioCode: string;
  departmentCodes: string[];
  ratios: SamplingRatios;
  inspectorsPerDepartment: number;
  /** Published with the draw; a random one is chosen when absent. */
  seed?: string;
}

export interface PlanActorRequest {
  actor: ActorRef;
}

export const planStateQuery = defineQuery<PlanState>('planState');
export const addRequestsUpdate = defineUpdate<PlanState, [AddRequestsRequest]>('addRequests');
export const drawUpdate = defineUpdate<PlanState, [DrawRequest]>('draw');
export const mergeUpdate = defineUpdate<PlanState, [PlanActorRequest]>('merge');
export const approveUpdate = defineUpdate<PlanState, [PlanActorRequest]>('approve');
export const publishUpdate = defineUpdate<PlanState, [PlanActorRequest]>('publish');
