/**
 * One scenario-list plan from draft to report. The coordinator's steps are Updates (refused
 * in the wrong status); once published, the plan starts each visit's joint inspection on its
 * date as a child workflow (abandoned on close: an inspection outlives its plan), waits for
 * them to end and reports planned against done.
 */
import {
  ParentClosePolicy,
  condition,
  setHandler,
  sleep,
  startChild,
  uuid4,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { PlanningActivities } from '../activities/planning';
import {
  PLAN_STEP_LABELS,
  PLAN_STATUS_LABELS,
  nextMonthPeriod,
  statusAfter,
  stepAllowed,
  visitStartInstant,
  type PlanStep,
} from '../domain/plan';
import { jointInspectionChildOptions } from '../contracts/inspection';
import type { jointInspectionWorkflow } from './joint-inspection';
import {
  addRequestsUpdate,
  approveUpdate,
  drawUpdate,
  mergeUpdate,
  planStateQuery,
  publishUpdate,
  planWorkflowId,
  type PlanState,
  type PlanWorkflowInput,
} from '../contracts/plan';
import { createReadModel } from './read-model';
import { ACTIVITY_OPTIONS, createGuardedUpdates, msUntil, nowIso, stepKey, workflowActivities, type StateGate } from './common';
import { chinaDate } from '../domain/dates';

const planActivities = workflowActivities<PlanningActivities>(ACTIVITY_OPTIONS.planning);

export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanState> {
  // First, before any other command: whether this run keeps the read model (workflows/read-model.ts).
  const model = createReadModel(planActivities, () => ({ ...state, persisted: true }));
  const activities = model.activities;
  const state: PlanState = {
    planId: input.planId,
    status: 'DRAFT',
    persisted: false,
    requestsAdded: 0,
    draws: [],
    summary: null,
    visits: [],
    report: null,
  };
  let counter = 0;
  // Updates run one at a time: each waits for the one before it to finish its write.
  let busy = false;
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  const guardedUpdate = createGuardedUpdates({ answer: () => model.answer(state) });
  const allowedTo = (step: PlanStep): StateGate => ({
    when: () => stepAllowed(step, state.status),
    message: () => `计划当前状态为“${PLAN_STATUS_LABELS[state.status]}”，不能${PLAN_STEP_LABELS[step]}`,
  });
  // Each step writes for itself, one at a time; the gate is checked again once it is its turn.
  const planStep = { serial: exclusive, recheck: true } as const;

  setHandler(planStateQuery, () => state);

  guardedUpdate(addRequestsUpdate, {
    ...planStep,
    allowed: allowedTo('addRequests'),
    apply: async (request, at) => {
      const n = ++counter;
      const requests = request.requests.map((r) => ({ ...r, id: uuid4() }));
      const status = statusAfter('addRequests', state.status);
      await activities.recordCheckRequests({ key: stepKey(`requests:${n}`), planId: input.planId, requests, status, actor: request.actor, at });
      state.requestsAdded += requests.length;
      state.status = status;
    },
  });

  guardedUpdate(drawUpdate, {
    ...planStep,
    allowed: allowedTo('draw'),
    apply: async (request, at) => {
      const n = ++counter;
      const drawId = uuid4();
      const seed = request.seed ?? uuid4();
      const result = await activities.performDraw({
        key: stepKey(`draw:${n}`),
        planId: input.planId,
        drawId,
        scenarioCode: request.scenarioCode,
        departmentCodes: request.departmentCodes,
        ratios: request.ratios,
        inspectorsPerDepartment: request.inspectorsPerDepartment,
        seed,
        windowStart: input.periodStart,
        windowEnd: input.periodEnd,
        actor: request.actor,
        at,
      });
      state.draws.push({ drawId, scenarioCode: request.scenarioCode, seed, drawnTargets: result.drawnTargets, requests: result.requests });
      state.status = statusAfter('draw', state.status);
    },
  });

  guardedUpdate(mergeUpdate, {
    ...planStep,
    allowed: allowedTo('merge'),
    apply: async (request, at) => {
      const n = ++counter;
      state.summary = await activities.mergePlan({ key: stepKey(`merge:${n}`), planId: input.planId, actor: request.actor, at });
      state.status = 'MERGED';
    },
  });

  for (const [update, step, to] of [
    [approveUpdate, 'approve', 'APPROVED'],
    [publishUpdate, 'publish', 'PUBLISHED'],
  ] as const) {
    guardedUpdate(update, {
      ...planStep,
      allowed: allowedTo(step),
      apply: async (request, at) => {
        await activities.recordPlanStatus({ key: stepKey(`status:${to}`), planId: input.planId, to, actor: request.actor, at });
        state.status = to;
      },
    });
  }

  await activities.recordPlanCreated({
    key: stepKey('created'),
    plan: {
      id: input.planId,
      name: input.name,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      caps: input.caps,
      capacity: input.capacity,
      // An activity's arguments are not compared on replay: older histories replay unchanged.
      townshipId: input.townshipId ?? null,
    },
    actor: input.createdBy,
    at: nowIso(),
  });
  state.persisted = true;

  await model.waitFor(() => state.status === 'PUBLISHED' && !busy);

  state.status = 'EXECUTING';
  await activities.recordPlanStatus({ key: stepKey('status:EXECUTING'), planId: input.planId, to: 'EXECUTING', actor: null, at: nowIso() });
  state.visits = await activities.listPlannedVisits({ planId: input.planId });

  const children: ChildWorkflowHandle<typeof jointInspectionWorkflow>[] = [];
  for (const visit of state.visits) {
    const wait = msUntil(visitStartInstant(visit.date));
    if (wait > 0) await sleep(wait);
    const inspectionId = uuid4();
    const inspection = await activities.prepareVisitInspection({
      visitId: visit.visitId,
      inspectionId,
      policy: input.policy,
      scheduledBy: input.createdBy ?? { officerId: 'system', name: '场景清单计划' },
    });
    children.push(
      await startChild<typeof jointInspectionWorkflow>('jointInspectionWorkflow', {
        ...jointInspectionChildOptions(inspection),
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    );
    await activities.linkVisitInspection({ key: stepKey(`visit:${visit.visitId}`), planId: input.planId, visitId: visit.visitId, inspectionId, at: nowIso() });
    visit.inspectionId = inspectionId;
  }

  await Promise.all(children.map((child) => child.result().catch(() => undefined)));
  state.report = await activities.reportPlan({ key: stepKey('report'), planId: input.planId, at: nowIso() });
  state.status = 'REPORTED';
  await model.finish();
  return state;
}

export interface MonthlyPlanningInput {
  caps: PlanWorkflowInput['caps'];
  capacity: PlanWorkflowInput['capacity'];
  policy: PlanWorkflowInput['policy'];
}

/**
 * Run by a Temporal Schedule (monthly): opens next month's plan so departments can add their
 * check requests and the coordinator can run the draw, merge and approve.
 */
export async function monthlyPlanningWorkflow(input: MonthlyPlanningInput): Promise<string> {
  const today = chinaDate(nowIso());
  const period = nextMonthPeriod(today);
  const planId = uuid4();
  await startChild(planWorkflow, {
    workflowId: planWorkflowId(planId),
    args: [
      {
        planId,
        name: `${period.label}场景清单计划`,
        periodStart: period.periodStart,
        periodEnd: period.periodEnd,
        caps: input.caps,
        capacity: input.capacity,
        policy: input.policy,
        createdBy: null,
      },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return planId;
}
