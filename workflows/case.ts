/**
 * One administrative case (立案) from filing to closure, with the law's gates and its two
 * clocks: the §60 decision clock (calendar days, paused while suspended) and the legal-review
 * deadline (working days, from the calendar activity). Orchestration only: the rules are in
 * domain/case.ts, every write is an idempotent activity keyed by workflow id + step.
 */
import {
  ApplicationFailure,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities/case';
import {
  calendarDaysBetween,
  decisionDueDate,
  decisionWarningDates,
  isMajorCase,
  isSuspendable,
  startOfChinaDate,
  validateCaseReviewer,
  validateCollectiveDecisionAllowed,
  validateDecisionAllowed,
  validateInvestigators,
} from '../domain/case';
import { chinaDate } from '../domain/inspection';
import type { RuleCode, RuleViolation } from '../domain/rules';
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
import { createWriteTracker, notifyFindingResolved, stepKey } from './common';

const workflowActivities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function reject(code: RuleCode, message: string, violations: RuleViolation[] = []): never {
  throw ApplicationFailure.create({ type: code, message, details: [violations], nonRetryable: true });
}

function rejectIf(code: RuleCode, violations: RuleViolation[]): void {
  if (violations.length > 0) reject(code, violations.map((v) => v.message).join('；'), violations);
}

function nowIso(): string {
  return new Date().toISOString();
}

export async function caseWorkflow(input: CaseInput): Promise<CaseState> {
  // First, before any other command: whether this run keeps the read model (workflows/read-model.ts).
  const model = createReadModel(workflowActivities, () => ({ ...state, persisted: true }));
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
  let assignments = 0;
  const row = () => ({
    status: state.status,
    decisionDueOn: state.decisionClock.dueDate,
    suspended: state.decisionClock.suspended,
    suspendedDays: state.decisionClock.suspendedDays,
    reviewDueOn: state.reviewClock?.dueDate ?? null,
    ...(state.reviewClock?.basis ? { reviewDueBasisJson: JSON.stringify(state.reviewClock.basis) } : {}),
  });
  const refuseWhenSuspended = () => {
    if (state.decisionClock.suspended) reject('CASE_SUSPENDED', '案件已中止，恢复后才能继续办理');
  };

  setHandler(caseStateQuery, () => state);

  setHandler(
    assignInvestigatorsUpdate,
    async (request) => {
      const at = nowIso();
      state.investigators = request.investigators;
      if (state.status === 'FILED') state.status = 'INVESTIGATING';
      const n = ++assignments;
      await persist(() =>
        activities.recordCaseInvestigators({
          key: stepKey(`investigators:${n}`),
          caseId: input.caseId,
          actor: request.actor,
          officerIds: request.investigators.map((o) => o.officerId),
          row: row(),
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        if (state.status !== 'FILED' && state.status !== 'INVESTIGATING') {
          reject('INVALID_STATE', `案件当前状态为 ${state.status}，处罚建议提出后不能再更换调查人员`);
        }
        rejectIf(
          'CASE_INVESTIGATORS_INSUFFICIENT',
          validateInvestigators({ investigators: request.investigators, onDate: chinaDate(nowIso()), policy }),
        );
      },
    },
  );

  setHandler(
    proposePenaltyUpdate,
    async (request) => {
      const at = nowIso();
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
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`proposal:r${round}`),
          caseId: input.caseId,
          kind: 'PROPOSED',
          actor,
          detail: { round, proposal, major: state.major, reviewDueDate: dueDate },
          row: { ...row(), major: state.major, penaltyKind: proposal.penaltyKind, fineAmount: proposal.fineAmount ?? null, proposalJson: JSON.stringify(proposal) },
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        refuseWhenSuspended();
        if (state.status !== 'INVESTIGATING' && state.status !== 'PROPOSED') {
          reject('INVALID_STATE', `案件当前状态为 ${state.status}，不能提出处罚建议`);
        }
        if (!state.investigators.some((o) => o.officerId === request.actor.officerId)) {
          reject('NOT_A_CASE_INVESTIGATOR', `${request.actor.name} 不是本案调查人员，不能提出处罚建议`);
        }
      },
    },
  );

  setHandler(
    caseLegalReviewUpdate,
    async (request) => {
      const at = nowIso();
      const clock = state.reviewClock!;
      const entry = {
        round: state.proposalRound,
        reviewer: actorOf(request.reviewer),
        decision: request.decision,
        opinion: request.opinion,
        decidedAt: at,
        late: clock.overdue,
      };
      state.reviews.push(entry);
      state.status = request.decision === 'RETURNED' ? 'PROPOSED' : state.major ? 'COLLECTIVE_DECISION' : 'IN_LEGAL_REVIEW';
      await persist(() =>
        activities.recordCaseReview({ key: stepKey(`review:r${entry.round}`), caseId: input.caseId, ...entry, row: row() }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        refuseWhenSuspended();
        const pending = state.status === 'IN_LEGAL_REVIEW' && state.reviews.at(-1)?.round !== state.proposalRound;
        if (!pending) reject('INVALID_STATE', '本案当前没有待审核的处罚建议');
        rejectIf(
          'REVIEWER_NOT_ELIGIBLE',
          validateCaseReviewer({ reviewer: request.reviewer, investigatorIds: state.investigators.map((o) => o.officerId) }),
        );
        if (request.decision === 'RETURNED' && request.opinion.trim().length === 0) {
          reject('REVIEW_OPINION_REQUIRED', '退回时必须写明审核意见，说明需要补正的内容');
        }
      },
    },
  );

  setHandler(
    extendReviewUpdate,
    async (request) => {
      const at = nowIso();
      const clock = state.reviewClock!;
      clock.extended = true;
      clock.extensionReason = request.reason;
      const counted = patched('calendar-basis')
        ? await activities.legalReviewDeadline({ from: clock.dueDate, workingDays: policy.reviewExtensionWorkingDays })
        : null;
      const dueDate = counted?.date ?? (await activities.caseWorkingDayDeadline({ from: clock.dueDate, workingDays: policy.reviewExtensionWorkingDays }));
      clock.dueDate = dueDate;
      if (counted) clock.basis = counted;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`review-extended:r${clock.round}`),
          caseId: input.caseId,
          kind: 'REVIEW_EXTENDED',
          actor: request.actor,
          detail: { round: clock.round, reason: request.reason, dueDate },
          row: row(),
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        const pending = state.status === 'IN_LEGAL_REVIEW' && state.reviews.at(-1)?.round !== state.proposalRound;
        if (!pending || !state.reviewClock) reject('INVALID_STATE', '本案当前没有待审核的处罚建议，无需延长审核期限');
        if (state.reviewClock.extended) reject('REVIEW_ALREADY_EXTENDED', '本轮法制审核期限已延长过一次，不能再次延长');
        if (request.reason.trim().length === 0) reject('REASON_REQUIRED', '延长审核期限必须说明理由');
      },
    },
  );

  setHandler(
    collectiveDecisionUpdate,
    async (request) => {
      const at = nowIso();
      const entry = {
        afterReviewRound: state.reviews.at(-1)!.round,
        meetingDate: request.meetingDate,
        attendees: request.attendees,
        resolution: request.resolution,
        recordedBy: request.actor,
        recordedAt: at,
      };
      state.collectiveDecisions.push(entry);
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`collective:r${entry.afterReviewRound}:${state.collectiveDecisions.length}`),
          caseId: input.caseId,
          kind: 'COLLECTIVE_DECISION',
          actor: request.actor,
          detail: entry,
          row: row(),
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (_request) => {
        refuseWhenSuspended();
        if (state.status !== 'COLLECTIVE_DECISION' && state.status !== 'IN_LEGAL_REVIEW') {
          reject('INVALID_STATE', `案件当前状态为 ${state.status}，不能记录集体讨论`);
        }
        rejectIf('COLLECTIVE_DECISION_NOT_ALLOWED', validateCollectiveDecisionAllowed({ major: state.major, reviews: state.reviews }));
      },
    },
  );

  setHandler(
    decideUpdate,
    async (request) => {
      const at = nowIso();
      state.decision = { text: request.decisionText, decidedBy: request.actor, decidedAt: at, late: state.decisionClock.expired };
      state.status = 'DECIDED';
      state.decisionClock.stopped = true;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey('decided'),
          caseId: input.caseId,
          kind: 'DECIDED',
          actor: request.actor,
          detail: state.decision,
          row: { ...row(), decisionText: request.decisionText, decidedAt: at, decisionLate: state.decision!.late },
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (_request) => {
        refuseWhenSuspended();
        if (!['INVESTIGATING', 'FILED', 'PROPOSED', 'IN_LEGAL_REVIEW', 'COLLECTIVE_DECISION'].includes(state.status)) {
          reject('INVALID_STATE', `案件当前状态为 ${state.status}，不能作出处罚决定`);
        }
        const violations = validateDecisionAllowed({
          major: state.major,
          reviews: state.reviews,
          collectiveDecisions: state.collectiveDecisions,
        });
        rejectIf(violations[0]?.code === 'COLLECTIVE_DECISION_REQUIRED' ? 'COLLECTIVE_DECISION_REQUIRED' : 'LEGAL_REVIEW_NOT_PASSED', violations);
      },
    },
  );

  setHandler(
    serveUpdate,
    async (request) => {
      const at = nowIso();
      state.service = { servedAt: request.servedAt, method: request.method, recordedBy: request.actor };
      state.status = 'SERVED';
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey('served'),
          caseId: input.caseId,
          kind: 'SERVED',
          actor: request.actor,
          detail: state.service,
          row: { ...row(), servedAt: request.servedAt, serviceMethod: request.method },
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (_request) => {
        if (state.status !== 'DECIDED') reject('INVALID_STATE', `案件当前状态为 ${state.status}，作出决定后才能送达`);
      },
    },
  );

  setHandler(
    suspendCaseUpdate,
    async (request) => {
      const at = nowIso();
      const clock = state.decisionClock;
      clock.suspended = true;
      clock.suspensions.push({ suspendedAt: at, suspendedOn: chinaDate(at), reason: request.reason, resumedAt: null, resumedOn: null, resumeReason: null, days: null });
      const n = clock.suspensions.length;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`suspended:${n}`),
          caseId: input.caseId,
          kind: 'SUSPENDED',
          actor: request.actor,
          detail: { reason: request.reason },
          row: row(),
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        if (state.decisionClock.suspended) reject('CASE_SUSPENDED', '案件已中止');
        if (!isSuspendable(state.status)) reject('INVALID_STATE', `案件当前状态为 ${state.status}，不能中止`);
        if (request.reason.trim().length === 0) reject('REASON_REQUIRED', '中止案件必须说明理由');
      },
    },
  );

  setHandler(
    resumeCaseUpdate,
    async (request) => {
      const at = nowIso();
      const clock = state.decisionClock;
      const entry = clock.suspensions.at(-1)!;
      entry.resumedAt = at;
      entry.resumedOn = chinaDate(at);
      entry.resumeReason = request.reason;
      entry.days = calendarDaysBetween(entry.suspendedOn, entry.resumedOn);
      clock.suspendedDays += entry.days;
      clock.dueDate = decisionDueDate(filedOn, policy, clock.suspendedDays);
      clock.suspended = false;
      const n = clock.suspensions.length;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`resumed:${n}`),
          caseId: input.caseId,
          kind: 'RESUMED',
          actor: request.actor,
          detail: { reason: request.reason, days: entry.days, dueDate: clock.dueDate },
          row: row(),
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        if (!state.decisionClock.suspended) reject('INVALID_STATE', '案件未中止，无需恢复');
        if (request.reason.trim().length === 0) reject('REASON_REQUIRED', '恢复办理必须说明理由');
      },
    },
  );

  setHandler(
    closeCaseUpdate,
    async (request) => {
      const at = nowIso();
      state.status = 'CLOSED';
      state.closedAt = at;
      state.closedBy = request.actor;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey('closed'),
          caseId: input.caseId,
          kind: 'CLOSED',
          actor: request.actor,
          detail: { reason: request.reason },
          row: { ...row(), closedAt: at },
          at,
        }),
      );
      return model.answer(state);
    },
    {
      validator: (request) => {
        if (state.status !== 'SERVED') reject('INVALID_STATE', `案件当前状态为 ${state.status}，送达后才能结案`);
        if (request.reason.trim().length === 0) reject('REASON_REQUIRED', '结案必须说明理由（如：已执行完毕）');
      },
    },
  );

  await activities.recordCaseFiled({ key: stepKey('filed'), input, filedAt, dueDate: state.decisionClock.dueDate });
  state.persisted = true;

  // §60 clock: reminders at the configured days before the due date, escalation once the
  // due date has passed. Each fires once; suspension pauses it and pushes the due date.
  const decisionClock = async () => {
    const clock = state.decisionClock;
    const fired = new Set<string>();
    for (;;) {
      if (clock.stopped || state.status === 'CLOSED') return;
      if (clock.suspended) {
        await model.waitFor(() => !clock.suspended || clock.stopped);
        continue;
      }
      const next = [
        ...decisionWarningDates(clock.dueDate, policy).map((w) => ({
          id: `warning:${w.daysBefore}`,
          kind: 'WARNING' as const,
          daysBefore: w.daysBefore as number | null,
          fireAt: startOfChinaDate(w.date),
        })),
        // The due date is the last day on time; it has passed at the start of the next day.
        { id: 'expired', kind: 'EXPIRED' as const, daysBefore: null, fireAt: startOfChinaDate(clock.dueDate) + 86_400_000 },
      ].find((e) => !fired.has(e.id));
      if (!next) return;
      const wait = next.fireAt - Date.now();
      if (wait > 0) {
        // Woken early by a suspension or a decision: recompute.
        const interrupted = await model.waitFor(() => clock.suspended || clock.stopped, wait);
        if (interrupted) continue;
      }
      fired.add(next.id);
      const at = nowIso();
      clock.events.push({ kind: next.kind, daysBefore: next.daysBefore, dueDate: clock.dueDate, at });
      if (next.kind === 'EXPIRED') clock.expired = true;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`decision-clock:${next.id}`),
          caseId: input.caseId,
          kind: next.kind === 'EXPIRED' ? 'DECISION_OVERDUE' : 'DECISION_WARNING',
          actor: null,
          detail: { daysBefore: next.daysBefore, dueDate: clock.dueDate },
          row: { ...row(), decisionOverdue: clock.expired },
          at,
        }),
      );
    }
  };

  // Legal-review clock of each round: overdue once the (possibly extended) due date passed.
  const reviewClock = async () => {
    const reviewPending = () => state.status === 'IN_LEGAL_REVIEW' && state.reviews.at(-1)?.round !== state.proposalRound;
    for (;;) {
      await model.waitFor(() => state.status === 'CLOSED' || state.status === 'DECIDED' || (reviewPending() && state.reviewClock !== null && state.reviewClock.round === state.proposalRound && !state.reviewClock.overdue));
      if (state.status === 'CLOSED' || state.status === 'DECIDED') return;
      const clock = state.reviewClock!;
      const due = clock.dueDate;
      const wait = startOfChinaDate(due) + 86_400_000 - Date.now();
      if (wait > 0) {
        const interrupted = await model.waitFor(() => !reviewPending() || clock.dueDate !== due, wait);
        if (interrupted) {
          if (reviewPending()) continue;
          // Reviewed in time: wait for the next round.
          await model.waitFor(() => state.proposalRound !== clock.round || state.status === 'CLOSED' || state.status === 'DECIDED');
          continue;
        }
      }
      const overdueAt = nowIso();
      clock.overdue = true;
      clock.overdueAt = overdueAt;
      await persist(() =>
        activities.recordCaseStep({
          key: stepKey(`review-overdue:r${clock.round}`),
          caseId: input.caseId,
          kind: 'REVIEW_OVERDUE',
          actor: null,
          detail: { round: clock.round, dueDate: clock.dueDate },
          row: { ...row(), reviewOverdue: true },
          at: overdueAt,
        }),
      );
    }
  };

  await Promise.all([decisionClock(), reviewClock(), model.waitFor(() => state.status === 'CLOSED')]);
  await model.waitFor(() => writes.idle());
  // The finding the case was filed for has ended; its visit may close once all of its have.
  if (input.itemCode && patched('finding-resolution')) {
    await model.busy(notifyFindingResolved(input.inspectionId, {
      itemCode: input.itemCode,
      outcome: 'CASE_CLOSED',
      ref: workflowInfo().workflowId,
      note: `案件“${input.title}”已结案`,
      actor: state.closedBy ?? null,
      at: state.closedAt ?? new Date().toISOString(),
    }));
  }
  await model.finish();
  return state;
}
