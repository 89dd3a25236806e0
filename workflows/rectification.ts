/**
 * One rectification order (责令改正) of a finding: the deadline in working days on a durable
 * timer, extensions, the re-inspection (复查) as a joint visit once the deadline has passed,
 * and the follow-up of a failed re-check. Orchestration only: the rules are in
 * domain/rectification.ts, every write is an idempotent activity keyed by workflow id + step.
 */
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { RectificationActivities } from '../activities/rectification';
import { DEFAULT_RECTIFICATION_POLICY, escalationFor, isEnded, validateExtension } from '../domain/rectification';
import type { RuleCode } from '../domain/rules';
import type { ActorRef } from '../contracts/inspection';
import { jointInspectionChildOptions } from '../contracts/inspection';
import type { jointInspectionWorkflow } from './joint-inspection';
import {
  extendRectificationUpdate,
  recheckObservedSignal,
  recordRecheckUpdate,
  rectificationStateQuery,
  rectificationWorkflowId,
  type RecordRecheckRequest,
  type RectificationInput,
  type RectificationState,
} from '../contracts/rectification';
import { createReadModel } from './read-model';
import {
  createGuardedUpdates,
  createWriteTracker,
  dayPassedAt,
  msUntil,
  notifyFindingResolved,
  nowIso,
  reject,
  stepKey,
  workflowActivities,
} from './common';
import { chinaDate } from '../domain/dates';
import type { NotificationDraft } from '../domain/notifications';
import { createNotificationDelivery } from './notify';

const orderActivities = workflowActivities<RectificationActivities>();

export async function rectificationWorkflow(input: RectificationInput): Promise<RectificationState> {
  const { policy, finding } = input;
  // First, before any other command: whether this run keeps the read model (workflows/read-model.ts).
  const model = createReadModel(orderActivities, () => ({ ...state, persisted: true }));
  const activities = model.activities;
  const state: RectificationState = {
    findingId: finding.findingId,
    status: 'ORDERED',
    persisted: false,
    requirement: input.requirement,
    orderedOn: input.orderedOn,
    deadline: input.deadline,
    deadlineBasis: input.deadlineBasis ?? null,
    extensions: [],
    dueAt: null,
    recheckInspectionId: null,
    recheck: null,
    escalation: null,
  };
  const writes = createWriteTracker();
  const persist = writes.persist;
  const row = () => ({
    status: state.status,
    deadlineOn: state.deadline,
    ...(state.deadlineBasis ? { deadlineBasisJson: JSON.stringify(state.deadlineBasis) } : {}),
    extensionsJson: JSON.stringify(state.extensions),
    recheckInspectionId: state.recheckInspectionId,
    result: state.recheck?.result ?? null,
    escalation: state.escalation?.kind ?? null,
  });

  const guardedUpdate = createGuardedUpdates({ writes, answer: () => model.answer(state) });
  /** A later step of the order: its audit event and the order row as the state has it now. */
  const orderStep = (step: string, kind: string, actor: ActorRef | null, detail: unknown, at: string) => ({
    key: stepKey(step),
    findingId: finding.findingId,
    kind,
    actor,
    detail,
    row: row(),
    at,
  });
  const delivery = createNotificationDelivery();
  /** A step's write; with `notify` its notifications are written with it and then delivered. */
  const recordStep = async (step: ReturnType<typeof orderStep> & { notify?: NotificationDraft[] }) => {
    await activities.recordRectificationStep(step);
    delivery.after(step);
  };

  setHandler(rectificationStateQuery, () => state);

  /** The extension rule against the order as it is now. */
  const extensionViolations = (reason: string, workingDays: number) =>
    validateExtension({
      status: state.status,
      deadline: state.deadline,
      today: chinaDate(nowIso()),
      extensions: state.extensions.length,
      reason,
      workingDays,
      policy,
    });

  guardedUpdate(extendRectificationUpdate, {
    validate: (request) => {
      const violations = extensionViolations(request.reason, request.workingDays ?? policy.defaultExtensionWorkingDays);
      if (violations.length > 0) {
        const code = violations[0].code;
        const ruleCode: RuleCode =
          code === 'REASON_REQUIRED' || code === 'RECTIFICATION_DEADLINE_INVALID' || code === 'RECTIFICATION_EXTENSIONS_EXHAUSTED'
            ? code
            : 'RECTIFICATION_DEADLINE_PASSED';
        reject(ruleCode, violations.map((v) => v.message).join('；'), violations);
      }
    },
    apply: async (request, at) => {
      const workingDays = request.workingDays ?? policy.defaultExtensionWorkingDays;
      const previousDeadline = state.deadline;
      // The calendar (holidays, 调休) is asked of an activity so the workflow stays deterministic.
      // Since deadlines keep their calendar basis the activity answers date and basis.
      const counted = patched('calendar-basis')
        ? await activities.rectificationCalendarDeadline({ from: previousDeadline, workingDays })
        : { date: await activities.rectificationDeadline({ from: previousDeadline, workingDays }) };
      const newDeadline = counted.date;
      // Checked again after the await: the deadline may have passed or a second extension landed.
      const late = extensionViolations(request.reason, workingDays);
      if (late.length > 0 || state.deadline !== previousDeadline) {
        reject('RECTIFICATION_DEADLINE_PASSED', late[0]?.message ?? '整改期限已变更，请刷新后重试', late);
      }
      const entry = { reason: request.reason, workingDays, previousDeadline, newDeadline, at, ...('side' in counted ? { basis: counted } : {}) };
      state.extensions.push(entry);
      state.deadline = newDeadline;
      if ('side' in counted) state.deadlineBasis = counted;
      return orderStep(`extended:${state.extensions.length}`, 'EXTENDED', request.actor, entry, at);
    },
    persist: recordStep,
  });

  // A re-check result, entered by an officer or reported by the re-check visit itself.
  const recordRecheck = async (request: RecordRecheckRequest, at: string) => {
    state.recheck = { result: request.result, inspectionId: request.inspectionId, note: request.note, recordedBy: request.actor, at };
    state.status = request.result;
    await persist(() => recordStep(orderStep('recheck', `RECHECK_${request.result}`, request.actor, state.recheck, at)));
    if (request.result === 'PASSED') return;
    // A failed re-check never stays open: the follow-up is recorded at once.
    const kind = escalationFor({ priorFailedOrders: input.priorFailedOrders, requested: request.escalation });
    state.escalation = { kind, at };
    state.status = 'ESCALATED';
    await persist(() =>
      recordStep(orderStep('escalated', 'ESCALATED', request.actor, { escalation: kind, priorFailedOrders: input.priorFailedOrders }, at)),
    );
  };

  // One result per order: the first one recorded (by hand or by the visit) stands.
  const recheckRecorded = () => isEnded(state.status) || state.status === 'FAILED' || state.recheck !== null;

  guardedUpdate(recordRecheckUpdate, {
    allowed: { when: () => !recheckRecorded(), message: () => `整改当前状态为 ${state.status}，已记录复查结果` },
    validate: (request) => {
      if (request.note.trim().length === 0 && request.result === 'FAILED') {
        reject('REASON_REQUIRED', '复查不合格必须写明情况');
      }
    },
    apply: recordRecheck,
  });

  setHandler(recheckObservedSignal, async (observation) => {
    if (recheckRecorded()) return;
    const request = { actor: observation.recordedBy, result: observation.result, inspectionId: observation.inspectionId, note: observation.note };
    await recordRecheck(request, nowIso());
    await model.answer(state);
  });

  await activities.recordRectificationOrdered({ key: stepKey('ordered'), input, at: nowIso() });
  state.persisted = true;

  /** The re-check visit's day, once it is scheduled. */
  let recheckDay: string | null = null;
  // The deadline is the last day to rectify; it has passed at 00:00 China time the next day.
  // An extension moves it, so the wait is recomputed whenever the deadline changes.
  for (;;) {
    if (state.recheck) break;
    const deadline = state.deadline;
    const wait = msUntil(dayPassedAt(deadline));
    if (wait > 0) {
      const interrupted = await model.waitFor(() => state.deadline !== deadline || state.recheck !== null, wait);
      if (interrupted) continue;
    }
    await model.waitFor(() => writes.idle());
    if (state.recheck) break;
    const dueAt = nowIso();
    state.status = 'DUE';
    state.dueAt = dueAt;
    const due: NotificationDraft = { kind: 'RECTIFICATION_DUE', subjectId: finding.findingId, params: { deadline: state.deadline, itemTitle: finding.itemTitle } };
    await persist(() => recordStep({ ...orderStep('due', 'DUE', null, { deadline: state.deadline }, dueAt), notify: [due] }));

    // The re-check joins a visit of the business already scheduled soon after the deadline, or
    // the one visit shared by every order of the business falling due that day (进一次门); only
    // when neither can take it does it get a visit of its own. Orders that reached this point
    // before merging existed started their own visit as a child.
    let inspectionId: string | null;
    let plannedVisitId: string | null = null;
    let scheduledFor: string;
    let merged = false;
    if (patched('recheck-merge')) {
      const visit = await activities.scheduleRecheck({
        key: stepKey('recheck-visit'),
        finding,
        deadline: state.deadline,
        policy: input.inspectionPolicy,
        scheduledBy: input.orderedBy,
        mergeWorkingDays: policy.recheckMergeWorkingDays ?? DEFAULT_RECTIFICATION_POLICY.recheckMergeWorkingDays!,
      });
      ({ inspectionId, plannedVisitId, scheduledFor, merged } = visit);
    } else {
      const ownId = uuid4();
      inspectionId = ownId;
      const inspection = await activities.prepareRecheckInspection({
        inspectionId: ownId,
        finding,
        deadline: state.deadline,
        policy: input.inspectionPolicy,
        scheduledBy: input.orderedBy,
      });
      scheduledFor = inspection.scheduledFor;
      if (state.recheck) break;
      await model.busy(
        startChild<typeof jointInspectionWorkflow>('jointInspectionWorkflow', {
          ...jointInspectionChildOptions(inspection),
          // The visit outlives this order: a re-check result ends the order, not the visit.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        }),
      );
    }
    if (state.status === 'DUE') state.status = 'RECHECK_SCHEDULED';
    // A planned visit of a scenario-list plan gets its inspection id when the plan starts it.
    state.recheckInspectionId = inspectionId;
    state.recheckPlannedVisitId = plannedVisitId;
    const scheduledAt = nowIso();
    const detail = { inspectionId, plannedVisitId, scheduledFor, merged, itemCode: finding.itemCode };
    await persist(() => recordStep(orderStep('recheck-scheduled', 'RECHECK_SCHEDULED', null, detail, scheduledAt)));
    recheckDay = scheduledFor;
    break;
  }

  // The re-check is overdue once its day has passed without a result: the officer who ordered it
  // and the visit's coordinator are told, once. Runs from before this clock skip it.
  if (recheckDay !== null && patched('recheck-overdue')) {
    const day = recheckDay;
    const resulted = () => state.recheck !== null || isEnded(state.status);
    const wait = msUntil(dayPassedAt(day));
    const inTime = wait > 0 ? await model.waitFor(resulted, wait) : resulted();
    if (!inTime) {
      const at = nowIso();
      const overdue: NotificationDraft = {
        kind: 'RECTIFICATION_OVERDUE',
        subjectId: finding.findingId,
        params: { deadline: state.deadline, recheckDay: day, itemTitle: finding.itemTitle },
      };
      await persist(() => recordStep({ ...orderStep('recheck-overdue', 'RECHECK_OVERDUE', null, { recheckDay: day }, at), notify: [overdue] }));
    }
  }

  await model.waitFor(() => isEnded(state.status));
  await model.waitFor(() => writes.idle());

  if (patched('finding-resolution')) {
    const recheck = state.recheck!;
    // A failed re-check of a first order: the re-check visit's own finding of the item gets the
    // second order at once (a case after that is the officers' filing, 立案 needs approval).
    if (state.escalation?.kind === 'SECOND_ORDER') {
      const followUp = await activities.prepareFollowUpOrder({
        recheckInspectionId: recheck.inspectionId,
        itemCode: finding.itemCode,
        orderedOn: chinaDate(nowIso()),
        requirement: state.requirement,
        orderedBy: input.orderedBy,
        policy,
        inspectionPolicy: input.inspectionPolicy,
      });
      if (followUp) {
        try {
          await model.busy(
            startChild<typeof rectificationWorkflow>('rectificationWorkflow', {
              workflowId: rectificationWorkflowId(followUp.finding.findingId),
              args: [followUp],
              workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
              parentClosePolicy: ParentClosePolicy.ABANDON,
            }),
          );
          state.followUpOrderFindingId = followUp.finding.findingId;
        } catch {
          // An officer ordered it already: one order per finding.
        }
      }
    }
    // The finding has ended here; the visit it came from may close once all of its have.
    await model.busy(notifyFindingResolved(finding.inspectionId, {
      itemCode: finding.itemCode,
      outcome: state.status === 'PASSED' ? 'RECTIFIED' : 'ESCALATED',
      ref: workflowInfo().workflowId,
      note:
        state.status === 'PASSED'
          ? `复查合格（复查检查 ${recheck.inspectionId}）`
          : `复查不合格，${state.escalation?.kind === 'CASE' ? '移送立案查处' : '再次责令改正'}（复查检查 ${recheck.inspectionId}）`,
      actor: recheck.recordedBy,
      at: recheck.at,
    }));
  }
  await delivery.settled();
  await model.finish();
  return state;
}
