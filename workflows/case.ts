/**
 * One administrative case (立案) from filing to closure, with the law's gates and its two
 * clocks: the §60 decision clock (calendar days, paused while suspended) and the legal-review
 * deadline (working days, from the calendar activity) — both in workflows/case-clocks.ts.
 * Orchestration only: the rules are in domain/case.ts, every write is an idempotent activity
 * keyed by workflow id + step.
 */
import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities, CaseRowUpdate } from '../activities/case';
import {
  decisionDueDate,
  isMajorCase,
  isSuspendable,
  validateCaseReviewer,
  validateCollectiveDecisionAllowed,
  validateDecisionAllowed,
  validateInvestigators,
} from '../domain/case';
import type { ActorRef } from '../contracts/inspection';
import {
  assignInvestigatorsUpdate,
  caseLegalReviewUpdate,
  caseStateQuery,
  closeCaseUpdate,
  collectiveDecisionUpdate,
  decideUpdate,
  extendReviewUpdate,
  proposePenaltyUpdate,
  resumeCaseUpdate,
  serveUpdate,
  suspendCaseUpdate,
  type CaseInput,
  type CaseState,
} from '../contracts/case';
import { createReadModel } from './read-model';
import { reviewPending, runDecisionClock, runReviewClock, type CaseClocks } from './case-clocks';
import {
  createGuardedUpdates,
  createWriteTracker,
  notifyFindingResolved,
  nowIso,
  reject,
  rejectIf,
  stepKey,
  workflowActivities,
  type StateGate,
} from './common';
import { chinaDate, daysBetween } from '../domain/dates';
import type { NotificationDraft } from '../domain/notifications';
import { createNotificationDelivery } from './notify';

const caseActivities = workflowActivities<CaseActivities>();

export async function caseWorkflow(input: CaseInput): Promise<CaseState> {
  // First, before any other command: whether this run keeps the read model (workflows/read-model.ts).
  const model = createReadModel(caseActivities, () => ({ ...state, persisted: true }));
  const activities = model.activities;
  const { policy } = input;
  const filedAt = nowIso();
  const filedOn = chinaDate(filedAt);
  const state: CaseState = {
    caseId: input.caseId,
    status: 'FILED',
    persisted: false,
    title: input.title,
    inspectionId: input.inspectionId,
    findingId: input.findingId,
    filedAt,
    filedOn,
    investigators: [],
    proposal: null,
    proposalRound: 0,
    major: false,
    reviews: [],
    collectiveDecisions: [],
    decision: null,
    service: null,
    closedAt: null,
    decisionClock: {
      dueDate: decisionDueDate(filedOn, policy, 0),
      suspended: false,
      suspendedDays: 0,
      suspensions: [],
      events: [],
      expired: false,
      stopped: false,
    },
    reviewClock: null,
  };
  const actorOf = (a: { officerId: string; name: string }) => ({ officerId: a.officerId, name: a.name });
  const writes = createWriteTracker();
  const persist = writes.persist;
  const guardedUpdate = createGuardedUpdates({ writes, answer: () => model.answer(state) });
  let assignments = 0;
  const row = (): CaseRowUpdate => ({
    status: state.status,
    decisionDueOn: state.decisionClock.dueDate,
    suspended: state.decisionClock.suspended,
    suspendedDays: state.decisionClock.suspendedDays,
    reviewDueOn: state.reviewClock?.dueDate ?? null,
    ...(state.reviewClock?.basis ? { reviewDueBasisJson: JSON.stringify(state.reviewClock.basis) } : {}),
  });
  /** A step of the case: its event, the case row as the state has it now (and `extra`). */
  const caseStep = (step: string, kind: string, actor: ActorRef | null, detail: unknown, at: string, extra: Partial<CaseRowUpdate> = {}) => ({
    key: stepKey(step),
    caseId: input.caseId,
    kind,
    actor,
    detail,
    row: { ...row(), ...extra },
    at,
  });
  const delivery = createNotificationDelivery();
  /** A step's write; with `notify` its notifications are written with it and then delivered. */
  const recordStep = async (step: ReturnType<typeof caseStep> & { notify?: NotificationDraft[] }) => {
    await activities.recordCaseStep(step);
    delivery.after(step);
  };

  const notSuspended: StateGate = {
    when: () => !state.decisionClock.suspended,
    code: 'CASE_SUSPENDED',
    message: '案件已中止，恢复后才能继续办理',
  };
  const inStatus = (allowed: CaseState['status'][], action: string): StateGate => ({
    when: () => allowed.includes(state.status),
    message: () => `案件当前状态为 ${state.status}，${action}`,
  });
  const requireReason = (message: string) => (request: { reason: string }) => {
    if (request.reason.trim().length === 0) reject('REASON_REQUIRED', message);
  };

  setHandler(caseStateQuery, () => state);

  guardedUpdate(assignInvestigatorsUpdate, {
    allowed: inStatus(['FILED', 'INVESTIGATING'], '处罚建议提出后不能再更换调查人员'),
    validate: (request) =>
      rejectIf(
        'CASE_INVESTIGATORS_INSUFFICIENT',
        validateInvestigators({ investigators: request.investigators, onDate: chinaDate(nowIso()), policy }),
      ),
    apply: (request, at) => {
      state.investigators = request.investigators;
      if (state.status === 'FILED') state.status = 'INVESTIGATING';
      return {
        key: stepKey(`investigators:${++assignments}`),
        caseId: input.caseId,
        actor: request.actor,
        officerIds: request.investigators.map((o) => o.officerId),
        row: row(),
        at,
      };
    },
    persist: (write) => activities.recordCaseInvestigators(write),
  });

  guardedUpdate(proposePenaltyUpdate, {
    allowed: [notSuspended, inStatus(['INVESTIGATING', 'PROPOSED'], '不能提出处罚建议')],
    validate: (request) => {
      if (!state.investigators.some((o) => o.officerId === request.actor.officerId)) {
        reject('NOT_A_CASE_INVESTIGATOR', `${request.actor.name} 不是本案调查人员，不能提出处罚建议`);
      }
    },
    apply: async (request, at) => {
      const { actor, ...proposal } = request;
      const startedOn = chinaDate(at);
      // The date is the calendar's (holidays, 调休): asked of an activity, so the workflow
      // stays deterministic and a year configured later is seen. Asked before any state
      // changes, so nobody sees a review round without its deadline.
      // Since deadlines keep their calendar basis, the agency-side activity answers date and basis.
      const counted = patched('calendar-basis')
        ? await activities.legalReviewDeadline({ from: startedOn, workingDays: policy.reviewDueWorkingDays })
        : null;
      const dueDate = counted?.date ?? (await activities.caseWorkingDayDeadline({ from: startedOn, workingDays: policy.reviewDueWorkingDays }));
      state.proposal = proposal;
      state.major = isMajorCase(proposal, policy);
      state.proposalRound += 1;
      state.status = 'IN_LEGAL_REVIEW';
      const round = state.proposalRound;
      state.reviewClock = {
        round,
        startedOn,
        dueDate,
        extended: false,
        extensionReason: null,
        overdue: false,
        overdueAt: null,
        ...(counted ? { basis: counted } : {}),
      };
      return caseStep(`proposal:r${round}`, 'PROPOSED', actor, { round, proposal, major: state.major, reviewDueDate: dueDate }, at, {
        major: state.major,
        penaltyKind: proposal.penaltyKind,
        fineAmount: proposal.fineAmount ?? null,
        proposalJson: JSON.stringify(proposal),
      });
    },
    persist: recordStep,
  });

  guardedUpdate(caseLegalReviewUpdate, {
    allowed: [notSuspended, { when: () => reviewPending(state), message: '本案当前没有待审核的处罚建议' }],
    validate: (request) => {
      rejectIf(
        'REVIEWER_NOT_ELIGIBLE',
        validateCaseReviewer({ reviewer: request.reviewer, investigatorIds: state.investigators.map((o) => o.officerId) }),
      );
      if (request.decision === 'RETURNED' && request.opinion.trim().length === 0) {
        reject('REVIEW_OPINION_REQUIRED', '退回时必须写明审核意见，说明需要补正的内容');
      }
    },
    apply: (request, at) => {
      const entry = {
        round: state.proposalRound,
        reviewer: actorOf(request.reviewer),
        decision: request.decision,
        opinion: request.opinion,
        decidedAt: at,
        late: state.reviewClock!.overdue,
      };
      state.reviews.push(entry);
      state.status = request.decision === 'RETURNED' ? 'PROPOSED' : state.major ? 'COLLECTIVE_DECISION' : 'IN_LEGAL_REVIEW';
      return { key: stepKey(`review:r${entry.round}`), caseId: input.caseId, ...entry, row: row() };
    },
    persist: (write) => activities.recordCaseReview(write),
  });

  guardedUpdate(extendReviewUpdate, {
    allowed: [
      {
        when: () => reviewPending(state) && state.reviewClock !== null,
        message: '本案当前没有待审核的处罚建议，无需延长审核期限',
      },
      {
        when: () => state.reviewClock?.extended !== true,
        code: 'REVIEW_ALREADY_EXTENDED',
        message: '本轮法制审核期限已延长过一次，不能再次延长',
      },
    ],
    validate: requireReason('延长审核期限必须说明理由'),
    apply: async (request, at) => {
      const clock = state.reviewClock!;
      clock.extended = true;
      clock.extensionReason = request.reason;
      const counted = patched('calendar-basis')
        ? await activities.legalReviewDeadline({ from: clock.dueDate, workingDays: policy.reviewExtensionWorkingDays })
        : null;
      const dueDate = counted?.date ?? (await activities.caseWorkingDayDeadline({ from: clock.dueDate, workingDays: policy.reviewExtensionWorkingDays }));
      clock.dueDate = dueDate;
      if (counted) clock.basis = counted;
      return caseStep(`review-extended:r${clock.round}`, 'REVIEW_EXTENDED', request.actor, { round: clock.round, reason: request.reason, dueDate }, at);
    },
    persist: recordStep,
  });

  guardedUpdate(collectiveDecisionUpdate, {
    allowed: [notSuspended, inStatus(['COLLECTIVE_DECISION', 'IN_LEGAL_REVIEW'], '不能记录集体讨论')],
    validate: () =>
      rejectIf('COLLECTIVE_DECISION_NOT_ALLOWED', validateCollectiveDecisionAllowed({ major: state.major, reviews: state.reviews })),
    apply: (request, at) => {
      const entry = {
        afterReviewRound: state.reviews.at(-1)!.round,
        meetingDate: request.meetingDate,
        attendees: request.attendees,
        resolution: request.resolution,
        recordedBy: request.actor,
        recordedAt: at,
      };
      state.collectiveDecisions.push(entry);
      return caseStep(`collective:r${entry.afterReviewRound}:${state.collectiveDecisions.length}`, 'COLLECTIVE_DECISION', request.actor, entry, at);
    },
    persist: recordStep,
  });

  guardedUpdate(decideUpdate, {
    allowed: [notSuspended, inStatus(['INVESTIGATING', 'FILED', 'PROPOSED', 'IN_LEGAL_REVIEW', 'COLLECTIVE_DECISION'], '不能作出处罚决定')],
    validate: () => {
      const violations = validateDecisionAllowed({
        major: state.major,
        reviews: state.reviews,
        collectiveDecisions: state.collectiveDecisions,
      });
      rejectIf(violations[0]?.code === 'COLLECTIVE_DECISION_REQUIRED' ? 'COLLECTIVE_DECISION_REQUIRED' : 'LEGAL_REVIEW_NOT_PASSED', violations);
    },
    apply: (request, at) => {
      const decision = { text: request.decisionText, decidedBy: request.actor, decidedAt: at, late: state.decisionClock.expired };
      state.decision = decision;
      state.status = 'DECIDED';
      state.decisionClock.stopped = true;
      return caseStep('decided', 'DECIDED', request.actor, decision, at, {
        decisionText: request.decisionText,
        decidedAt: at,
        decisionLate: decision.late,
      });
    },
    persist: recordStep,
  });

  guardedUpdate(serveUpdate, {
    allowed: inStatus(['DECIDED'], '作出决定后才能送达'),
    apply: (request, at) => {
      const service = { servedAt: request.servedAt, method: request.method, recordedBy: request.actor };
      state.service = service;
      state.status = 'SERVED';
      return caseStep('served', 'SERVED', request.actor, service, at, { servedAt: request.servedAt, serviceMethod: request.method });
    },
    persist: recordStep,
  });

  guardedUpdate(suspendCaseUpdate, {
    allowed: [
      { when: () => !state.decisionClock.suspended, code: 'CASE_SUSPENDED', message: '案件已中止' },
      { when: () => isSuspendable(state.status), message: () => `案件当前状态为 ${state.status}，不能中止` },
    ],
    validate: requireReason('中止案件必须说明理由'),
    apply: (request, at) => {
      const clock = state.decisionClock;
      clock.suspended = true;
      clock.suspensions.push({ suspendedAt: at, suspendedOn: chinaDate(at), reason: request.reason, resumedAt: null, resumedOn: null, resumeReason: null, days: null });
      return caseStep(`suspended:${clock.suspensions.length}`, 'SUSPENDED', request.actor, { reason: request.reason }, at);
    },
    persist: recordStep,
  });

  guardedUpdate(resumeCaseUpdate, {
    allowed: { when: () => state.decisionClock.suspended, message: '案件未中止，无需恢复' },
    validate: requireReason('恢复办理必须说明理由'),
    apply: (request, at) => {
      const clock = state.decisionClock;
      const entry = clock.suspensions.at(-1)!;
      entry.resumedAt = at;
      entry.resumedOn = chinaDate(at);
      entry.resumeReason = request.reason;
      entry.days = daysBetween(entry.suspendedOn, entry.resumedOn);
      clock.suspendedDays += entry.days;
      clock.dueDate = decisionDueDate(filedOn, policy, clock.suspendedDays);
      clock.suspended = false;
      const detail = { reason: request.reason, days: entry.days, dueDate: clock.dueDate };
      return caseStep(`resumed:${clock.suspensions.length}`, 'RESUMED', request.actor, detail, at);
    },
    persist: recordStep,
  });

  guardedUpdate(closeCaseUpdate, {
    allowed: inStatus(['SERVED'], '送达后才能结案'),
    validate: requireReason('结案必须说明理由（如：已执行完毕）'),
    apply: (request, at) => {
      state.status = 'CLOSED';
      state.closedAt = at;
      state.closedBy = request.actor;
      return caseStep('closed', 'CLOSED', request.actor, { reason: request.reason }, at, { closedAt: at });
    },
    persist: recordStep,
  });

  await activities.recordCaseFiled({ key: stepKey('filed'), input, filedAt, dueDate: state.decisionClock.dueDate });
  state.persisted = true;

  const clocks: CaseClocks = {
    state,
    policy,
    waitFor: model.waitFor,
    record: ({ step, kind, detail, row: extra, at, notify }) => persist(() => recordStep({ ...caseStep(step, kind, null, detail, at, extra), notify })),
  };
  await Promise.all([runDecisionClock(clocks), runReviewClock(clocks), model.waitFor(() => state.status === 'CLOSED')]);
  await model.waitFor(() => writes.idle());
  // The finding the case was filed for has ended; its visit may close once all of its have.
  if (input.itemCode && patched('finding-resolution')) {
    await model.busy(notifyFindingResolved(input.inspectionId, {
      itemCode: input.itemCode,
      outcome: 'CASE_CLOSED',
      ref: workflowInfo().workflowId,
      note: `案件“${input.title}”已结案`,
      actor: state.closedBy ?? null,
      at: state.closedAt ?? nowIso(),
    }));
  }
  await delivery.settled();
  await model.finish();
  return state;
}
