/**
 * One "532" event from a grid worker's report to its closure: DISPATCH → ON_SITE → FEEDBACK →
 * RESOLVED or CONVERTED. Three clocks run from the report on durable timers; a missed clock
 * is recorded when it passes and escalated once, and the late action is still accepted.
 * Orchestration only: rules in domain/, writes in idempotent activities.
 */
import { ActivityFailure, setHandler } from '@temporalio/workflow';
import type { RapidResponseActivities } from '../activities/rapid-response';
import {
  RESPONSE_STAGES,
  dueAt,
  isEventClosed,
  isLate,
  type ResponseStage,
} from '../domain/rapid-response';
import {
  convertEventUpdate,
  dispatchEventUpdate,
  eventCheckInUpdate,
  eventFeedbackUpdate,
  eventStateQuery,
  resolveEventUpdate,
  type ClockState,
  type EventState,
  type RapidResponseInput,
} from '../contracts/rapid-response';
import type { ActorRef } from '../contracts/inspection';
import { createReadModel } from './read-model';
import {
  ACTIVITY_OPTIONS,
  createGuardedUpdates,
  createWriteTracker,
  msUntil,
  nowIso,
  reject,
  stepKey,
  workflowActivities,
  type StateGate,
} from './common';

const eventActivities = workflowActivities<RapidResponseActivities>();
// An escalation that cannot be delivered must not hold the event open forever.
const notifications = workflowActivities<RapidResponseActivities>(ACTIVITY_OPTIONS.notification);

export async function rapidResponseWorkflow(input: RapidResponseInput): Promise<EventState> {
  // First, before any other command: whether this run keeps the read model (workflows/read-model.ts).
  const model = createReadModel(eventActivities, () => ({ ...state, persisted: true }));
  const activities = model.activities;
  const escalations = model.wrap(notifications);
  const state: EventState = {
    eventId: input.eventId,
    status: 'REPORTED',
    persisted: false,
    reportedAt: input.reportedAt,
    reporter: input.reporter,
    category: input.category,
    village: input.village,
    location: input.location,
    description: input.description,
    evidence: input.evidence,
    policy: input.policy,
    clocks: RESPONSE_STAGES.map(
      (stage): ClockState => ({
        stage,
        dueAt: dueAt(input.reportedAt, input.policy, stage),
        doneAt: null,
        late: false,
        breachedAt: null,
        escalation: 'NONE',
        escalatedAt: null,
      }),
    ),
    dispatch: null,
    checkIns: [],
    feedback: null,
    closure: null,
  };
  const clock = (stage: ResponseStage) => state.clocks.find((c) => c.stage === stage)!;
  const complete = (stage: ResponseStage, at: string) => {
    const c = clock(stage);
    c.doneAt = at;
    c.late = isLate(at, c.dueAt);
    return c.late;
  };
  /** A responder's step as its activity records it: the step's key, who, what, whether late, when. */
  const stepOf = <F extends object>(step: string, actor: ActorRef, fields: F, late: boolean, at: string) => ({
    key: stepKey(step),
    eventId: input.eventId,
    actor,
    ...fields,
    late,
    at,
  });

  // Writes run one after another in the order the handlers ran, starting after the event's
  // own row exists, so the database never sees a later step before an earlier one.
  const reported = activities.recordEventReported({ key: stepKey('reported'), input });
  const writes = createWriteTracker({
    inOrder: {
      after: reported.then(() => {
        state.persisted = true;
      }),
    },
  });
  const guardedUpdate = createGuardedUpdates({ writes, answer: () => model.answer(state) });

  /** The event is open and in one of `expected`. */
  const inStatus = (expected: EventState['status'][], action: string): StateGate[] => [
    {
      when: () => !isEventClosed(state.status),
      code: 'EVENT_ALREADY_CLOSED',
      message: () => `事件已${state.status === 'RESOLVED' ? '办结' : '转办'}，不能再${action}`,
    },
    { when: () => expected.includes(state.status), message: () => `事件当前状态为 ${state.status}，不能${action}` },
  ];
  const fedBack = (message: string): StateGate => ({
    when: () => !(state.status === 'REPORTED' || state.status === 'DISPATCHED' || state.status === 'ON_SITE'),
    message,
  });
  const isResponder = (officerId: string) => state.dispatch?.responders.some((r) => r.officerId === officerId) ?? false;

  setHandler(eventStateQuery, () => state);

  guardedUpdate(dispatchEventUpdate, {
    allowed: inStatus(['REPORTED'], '派单'),
    validate: (request) => {
      if (request.responders.length === 0) reject('RESPONDERS_REQUIRED', '派单须指定至少一名处置人员');
      if (request.instruction.trim().length === 0) reject('INVALID_STATE', '派单须写明处置指令');
    },
    apply: (request, at) => {
      state.status = 'DISPATCHED';
      state.dispatch = {
        by: request.actor,
        at,
        instruction: request.instruction,
        departmentCodes: request.departmentCodes,
        responders: request.responders,
      };
      const { instruction, departmentCodes, responders } = request;
      return stepOf('dispatch', request.actor, { instruction, departmentCodes, responders }, complete('DISPATCH', at), at);
    },
    persist: (write) => activities.recordDispatch(write),
  });

  guardedUpdate(eventCheckInUpdate, {
    allowed: inStatus(['DISPATCHED', 'ON_SITE', 'FED_BACK'], '签到'),
    validate: (request) => {
      if (request.officerIds.length === 0) reject('RESPONDERS_REQUIRED', '签到须至少有一名处置人员');
      for (const officerId of request.officerIds) {
        if (!isResponder(officerId)) reject('NOT_A_RESPONDER', `人员 ${officerId} 不是本事件指派的处置人员`);
        if (state.checkIns.some((c) => c.officerId === officerId)) reject('ALREADY_CHECKED_IN', `人员 ${officerId} 已签到`);
      }
      if (new Set(request.officerIds).size !== request.officerIds.length) reject('ALREADY_CHECKED_IN', '签到人员重复');
    },
    apply: (request, at) => {
      const firstArrival = state.status === 'DISPATCHED';
      if (firstArrival) {
        state.status = 'ON_SITE';
        complete('ON_SITE', at);
      }
      const late = isLate(at, clock('ON_SITE').dueAt);
      for (const officerId of request.officerIds) {
        const responder = state.dispatch!.responders.find((r) => r.officerId === officerId)!;
        state.checkIns.push({ officerId, name: responder.name, at, late, recordedBy: request.actor });
      }
      return {
        key: stepKey(`check-in:${state.checkIns.length}`),
        eventId: input.eventId,
        actor: request.actor,
        officerIds: request.officerIds,
        firstArrival,
        late,
        at,
      };
    },
    persist: (write) => activities.recordEventCheckIn(write),
  });

  guardedUpdate(eventFeedbackUpdate, {
    allowed: [
      { when: () => state.status !== 'DISPATCHED', message: '处置人员尚未到场签到，不能反馈结果' },
      ...inStatus(['ON_SITE'], '反馈初步结果'),
    ],
    validate: (request) => {
      if (!isResponder(request.actor.officerId)) reject('NOT_A_RESPONDER', '只有本事件指派的处置人员才能反馈结果');
      if (request.result.trim().length === 0) reject('INVALID_STATE', '反馈须写明初步处置结果');
    },
    apply: (request, at) => {
      state.status = 'FED_BACK';
      state.feedback = { by: request.actor, at, result: request.result, evidence: request.evidence };
      return stepOf('feedback', request.actor, { result: request.result, evidence: request.evidence }, complete('FEEDBACK', at), at);
    },
    persist: (write) => activities.recordFeedback(write),
  });

  const close = (
    outcome: 'RESOLVED' | 'CONVERTED',
    request: { actor: EventState['reporter']; note: string },
    link: NonNullable<EventState['closure']>['link'],
    at: string,
  ) => {
    state.status = outcome;
    state.closure = { by: request.actor, at, outcome, note: request.note, link };
    return { key: stepKey(`closed:${outcome}`), eventId: input.eventId, actor: request.actor, outcome, note: request.note, link, at };
  };

  guardedUpdate(resolveEventUpdate, {
    allowed: [fedBack('须先反馈初步结果，才能办结'), ...inStatus(['FED_BACK'], '办结')],
    apply: (request, at) => close('RESOLVED', request, null, at),
    persist: (write) => activities.recordEventClosed(write),
  });

  guardedUpdate(convertEventUpdate, {
    allowed: [fedBack('须先反馈初步结果，才能转为联合检查或案件'), ...inStatus(['FED_BACK'], '转办')],
    validate: (request) => {
      if (request.kind === 'JOINT_INSPECTION' && !request.inspectionId) reject('INVALID_STATE', '转为联合检查须关联检查编号');
      if (request.kind === 'CASE' && !request.caseRef) reject('INVALID_STATE', '转为案件须关联案件编号');
    },
    apply: (request, at) =>
      close('CONVERTED', request, { kind: request.kind, inspectionId: request.inspectionId, caseRef: request.caseRef }, at),
    persist: (write) => activities.recordEventClosed(write),
  });

  /**
   * One clock: wait until its stage is done or it is due. A clock that passes (or whose
   * stage is done after the due instant) is recorded as breached and escalated, once.
   */
  const watch = async (stage: ResponseStage) => {
    const c = clock(stage);
    const done = () => c.doneAt !== null;
    const remaining = msUntil(c.dueAt);
    const inTime = done() || (remaining > 0 && (await model.waitFor(done, remaining)));
    if (inTime && !c.late) return;
    c.breachedAt = nowIso();
    await reported;
    await activities.recordClockBreach({
      key: stepKey(`breach:${stage}`),
      eventId: input.eventId,
      stage,
      dueAt: c.dueAt,
      breachedAt: c.breachedAt,
    });
    try {
      const sent = await escalations.notifyEscalation({
        key: stepKey(`escalate:${stage}`),
        eventId: input.eventId,
        stage,
        category: input.category,
        village: input.village,
        location: input.location,
        reportedAt: input.reportedAt,
        dueAt: c.dueAt,
        breachedAt: c.breachedAt,
      });
      c.escalation = 'SENT';
      c.escalatedAt = sent.sentAt;
      // Sending writes no row of the event's own: the state says it was sent.
      await model.store();
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      c.escalation = 'FAILED';
      await activities.recordEscalationFailed({
        key: stepKey(`escalation-failed:${stage}`),
        eventId: input.eventId,
        stage,
        error: error.cause?.message ?? error.message,
        at: nowIso(),
      });
    }
  };

  const clocks = Promise.all(RESPONSE_STAGES.map((stage) => watch(stage)));
  await reported;
  await model.waitFor(() => isEventClosed(state.status));
  // The stages happen in order and closing needs feedback, so every clock has settled here;
  // the wait is for their breach and escalation writes.
  await clocks;
  await writes.drained();
  await model.finish();
  return state;
}
