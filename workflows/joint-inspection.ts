/**
 * One joint inspection (联合检查) from schedule to closure. Orchestration only: the rules are
 * in domain/, every write is an idempotent activity keyed by workflow id + step.
 */
import { condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import type { InspectionActivities } from '../activities/inspection';
import type { OnTheSpotActivities } from '../activities/on-the-spot';
import { casePolicyFor } from '../domain/case';
import { partyKindOf, validateAcknowledgement, validateNotDisposed, validateOnTheSpotOfficer, validateSimpleProcedure } from '../domain/simple-procedure';
import {
  deriveFindings,
  departmentsUnderReview,
  isCancellable,
  newAssignmentItems,
  requiresLegalReview,
  unresolvedFindings,
  validateDepartmentResults,
  validateOnSiteTeam,
  validateReviewer,
} from '../domain/inspection';
import type { DepartmentAssignment, FindingResolution, InspectionStatus } from '../domain/inspection';
import {
  acknowledgeOnTheSpotPenaltyUpdate,
  addCheckItemsUpdate,
  type AddCheckItemsRequest,
  decideOnTheSpotPenaltyUpdate,
  extendInspectionReviewUpdate,
  fileOnTheSpotPenaltyUpdate,
  type InspectionReviewClock,
  type OnTheSpotPenaltyState,
  cancelInspectionUpdate,
  checkInUpdate,
  findingResolvedSignal,
  resolveFindingUpdate,
  inspectionStateQuery,
  legalReviewUpdate,
  submitChecksUpdate,
  type ActorRef,
  type DepartmentCheckState,
  type InspectionState,
  type JointInspectionInput,
} from '../contracts/inspection';
import { createGuardedUpdates, createWriteTracker, dayPassedAt, msUntil, nowIso, reject, rejectIf, stepKey, workflowActivities } from './common';
import { createReadModel } from './read-model';
import { recheckObservedSignal, rectificationWorkflowId } from '../contracts/rectification';
import { chinaDate, chinaDateTime } from '../domain/dates';
import { createNotificationDelivery } from './notify';

const inspectionActivities = workflowActivities<InspectionActivities & OnTheSpotActivities>();

/** A department's check as it starts: assigned items, nothing submitted. */
function departmentCheckOf(d: DepartmentAssignment): DepartmentCheckState {
  return {
    departmentCode: d.departmentCode,
    departmentName: d.departmentName,
    itemCodes: d.items.map((i) => i.code),
    submitted: false,
    submittedAt: null,
    submittedBy: null,
    revision: 0,
    late: false,
    overdue: false,
    escalatedAt: null,
    results: null,
  };
}

export async function jointInspectionWorkflow(input: JointInspectionInput): Promise<InspectionState> {
  // First, before any other command: whether this run keeps the read model (workflows/read-model.ts).
  const model = createReadModel(inspectionActivities, () => ({ ...state, persisted: true }));
  const activities = model.activities;
  const state: InspectionState = {
    inspectionId: input.inspectionId,
    status: 'SCHEDULED',
    persisted: false,
    scheduledFor: input.scheduledFor,
    target: input.target,
    scenario: input.scenario,
    team: input.team,
    onSite: [],
    checkInAt: null,
    checkInPosition: null,
    submissionDeadlineAt: null,
    departments: input.departments.map(departmentCheckOf),
    findings: [],
    review: { status: 'NOT_REQUIRED', round: 0, departmentsToRevise: [], revisedDepartments: [], history: [] },
    checksDoneAt: null,
    resolutions: [],
    followUpSince: null,
    recheckOf: [...(input.recheckOf ?? [])],
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
    onTheSpotPenalties: [],
    reviewClock: null,
  };
  const penalties: OnTheSpotPenaltyState[] = state.onTheSpotPenalties!;
  // The assignments grow when a due re-check is merged into this visit before check-in.
  const assignments = input.departments.map((d) => ({ ...d, items: [...d.items] }));
  let additions = 0;
  const department = (code: string) => state.departments.find((d) => d.departmentCode === code);
  const allSubmitted = () => state.departments.every((d) => d.submitted);
  const writes = createWriteTracker();
  // Before any handler can run: the clocks of on-the-spot decisions and reviews deliver through it.
  const delivery = createNotificationDelivery();
  const persist = writes.persist;
  const guardedUpdate = createGuardedUpdates({ writes, answer: () => model.answer(state) });
  /** A status move's write (the activity checks the row is still in `from`). */
  const statusChange = (from: InspectionStatus, to: InspectionStatus, at: string, actor: ActorRef | null = null, reason?: string) => ({
    key: stepKey(`status:${to}`),
    inspectionId: input.inspectionId,
    from,
    to,
    actor,
    ...(reason === undefined ? {} : { reason }),
    at,
  });
  const refusedIn = (action: string) => () => `联合检查当前状态为 ${state.status}，${action}`;

  setHandler(inspectionStateQuery, () => state);

  guardedUpdate(checkInUpdate, {
    allowed: { when: () => state.status === 'SCHEDULED', message: refusedIn('只有已排期的检查才能开始现场检查') },
    validate: (request) =>
      rejectIf(
        'TEAM_RULE_VIOLATED',
        validateOnSiteTeam({
          officers: request.officers,
          departmentCodes: state.departments.map((d) => d.departmentCode),
          onDate: chinaDate(nowIso()),
          policy: input.policy,
        }),
      ),
    apply: (request, at) => {
      state.status = 'ON_SITE';
      state.onSite = request.officers;
      state.checkInAt = at;
      state.checkInPosition = request.position ?? null;
      state.submissionDeadlineAt = new Date(Date.parse(at) + input.policy.checkSubmissionDeadlineMs).toISOString();
      return {
        key: stepKey('check-in'),
        inspectionId: input.inspectionId,
        actor: request.actor,
        officerIds: request.officers.map((o) => o.officerId),
        position: state.checkInPosition,
        at,
      };
    },
    persist: (write) => activities.recordCheckIn(write),
  });

  guardedUpdate(submitChecksUpdate, {
    // The department is checked before the state: a department not in the visit is told so first.
    validate: (request) => {
      const check = department(request.departmentCode);
      if (!check) {
        reject('DEPARTMENT_NOT_ASSIGNED', `部门 ${request.departmentCode} 不是本次联合检查的参加部门`);
      }
      if (request.actor.departmentCode !== request.departmentCode) {
        reject('DEPARTMENT_NOT_ASSIGNED', `只能提交本部门（${request.actor.departmentCode}）的检查结果`);
      }
      const revising =
        state.status === 'IN_LEGAL_REVIEW' &&
        state.review.status === 'RETURNED' &&
        state.review.departmentsToRevise.includes(request.departmentCode) &&
        !state.review.revisedDepartments.includes(request.departmentCode);
      if (state.status === 'SCHEDULED') {
        reject('INVALID_STATE', '现场检查尚未开始（未签到），不能提交检查结果');
      }
      if (state.status !== 'ON_SITE' && !revising) {
        reject('CHECKS_ALREADY_DONE', `联合检查当前状态为 ${state.status}，检查结果已锁定，不能再修改`);
      }
      const assignment = assignments.find((d) => d.departmentCode === request.departmentCode)!;
      rejectIf('INVALID_CHECK_RESULTS', validateDepartmentResults({ assignment, results: request.results }));
      // A finding decided on the spot stays a finding: its penalty stands on it.
      for (const decided of penalties.filter((p) => p.departmentCode === request.departmentCode)) {
        if (request.results.find((r) => r.itemCode === decided.itemCode)?.outcome !== 'NON_COMPLIANT') {
          reject('FINDING_ALREADY_RESOLVED', `检查事项 ${decided.itemCode} 已当场作出行政处罚决定，重新提交时须保持“不符合”`);
        }
      }
    },
    apply: (request, at) => {
      const check = department(request.departmentCode)!;
      check.submitted = true;
      check.submittedAt = at;
      check.submittedBy = { officerId: request.actor.officerId, name: request.actor.name };
      check.revision += 1;
      check.results = request.results;
      check.late = state.submissionDeadlineAt !== null && at > state.submissionDeadlineAt;
      if (state.review.status === 'RETURNED') state.review.revisedDepartments.push(request.departmentCode);
      return {
        key: stepKey(`results:${request.departmentCode}:r${check.revision}`),
        inspectionId: input.inspectionId,
        departmentCode: request.departmentCode,
        actor: check.submittedBy,
        revision: check.revision,
        late: check.late,
        results: request.results,
        at,
      };
    },
    persist: (write) => activities.recordDepartmentResults(write),
  });

  guardedUpdate(legalReviewUpdate, {
    allowed: {
      when: () => state.status === 'IN_LEGAL_REVIEW' && state.review.status === 'PENDING',
      message: '本次联合检查当前没有待审核的处罚建议',
    },
    validate: (request) => {
      const visitingOfficerIds = [...state.team.map((m) => m.officerId), ...state.onSite.map((o) => o.officerId)];
      rejectIf('REVIEWER_NOT_ELIGIBLE', validateReviewer({ reviewer: request.reviewer, visitingOfficerIds }));
      if (request.decision === 'RETURNED' && request.opinion.trim().length === 0) {
        reject('REVIEW_OPINION_REQUIRED', '退回时必须写明审核意见，说明需要补正的内容');
      }
    },
    apply: (request, at) => {
      const record = {
        round: state.review.round,
        reviewer: { officerId: request.reviewer.officerId, name: request.reviewer.name },
        decision: request.decision,
        opinion: request.opinion,
        decidedAt: at,
      };
      state.review.history.push(record);
      state.review.status = request.decision;
      if (request.decision === 'RETURNED') {
        state.review.departmentsToRevise = departmentsUnderReview(state.findings);
        state.review.revisedDepartments = [];
      }
      return { key: stepKey(`review:r${record.round}`), inspectionId: input.inspectionId, ...record };
    },
    persist: (write) => activities.recordLegalReview(write),
  });

  guardedUpdate(cancelInspectionUpdate, {
    allowed: [
      { when: () => isCancellable(state.status), message: refusedIn('检查结果已形成，不能取消') },
      { when: () => penalties.length === 0, message: '本次检查已当场作出行政处罚决定，不能取消' },
    ],
    validate: (request) => {
      if (request.reason.trim().length === 0) reject('INVALID_STATE', '取消联合检查必须说明原因');
    },
    apply: (request, at) => {
      const from = state.status;
      state.status = 'CANCELLED';
      state.cancelledAt = at;
      state.cancelReason = request.reason;
      return statusChange(from, 'CANCELLED', at, request.actor, request.reason);
    },
    persist: (write) => activities.recordStatusChange(write),
  });

  // A finding's end state: recorded once, whoever reports it (its order, its case, an officer).
  const resolve = async (resolution: FindingResolution) => {
    if (state.resolutions.some((r) => r.itemCode === resolution.itemCode)) return;
    state.resolutions.push(resolution);
    await persist(() =>
      activities.recordFindingResolved({
        key: stepKey(`finding-resolved:${resolution.itemCode}`),
        inspectionId: input.inspectionId,
        ...resolution,
      }),
    );
  };

  setHandler(findingResolvedSignal, (signal) => resolve({ ...signal, actor: signal.actor ?? null }));

  guardedUpdate(resolveFindingUpdate, {
    allowed: { when: () => state.status === 'FOLLOW_UP', message: refusedIn('检查结果形成并完成法制审核后才能记录处理结果') },
    validate: (request) => {
      if (!state.findings.some((f) => f.itemCode === request.itemCode)) {
        reject('INVALID_STATE', `本次检查没有事项 ${request.itemCode} 的问题`);
      }
      if (state.resolutions.some((r) => r.itemCode === request.itemCode)) {
        reject('FINDING_ALREADY_RESOLVED', '该检查发现已有处理结果');
      }
      if (request.note.trim().length === 0) reject('REASON_REQUIRED', '须写明处理情况');
    },
    // Writes for itself: the same end state a signal reports.
    apply: (request, at) =>
      resolve({ itemCode: request.itemCode, outcome: request.outcome, ref: null, note: request.note, actor: request.actor, at }),
  });

  guardedUpdate(addCheckItemsUpdate, {
    allowed: { when: () => state.status === 'SCHEDULED', message: refusedIn('已开始现场检查，不能再增加检查事项') },
    validate: (request: AddCheckItemsRequest) => {
      if (request.departments.length === 0) reject('INVALID_STATE', '没有要增加的检查事项');
    },
    // Writes for itself, once the visit's own rows exist (it may wait for them).
    apply: async (request: AddCheckItemsRequest) => {
      // The visit's own rows are written first; the added items go onto them.
      await condition(() => state.persisted);
      const added = newAssignmentItems(assignments, request.departments);
      for (const addition of added) {
        const existing = assignments.find((d) => d.departmentCode === addition.departmentCode);
        if (existing) existing.items.push(...addition.items);
        else assignments.push({ ...addition, items: [...addition.items] });
        const check = department(addition.departmentCode);
        if (check) check.itemCodes.push(...addition.items.map((i) => i.code));
        else state.departments.push(departmentCheckOf(addition));
      }
      // Officers come along only for a department the team does not cover yet.
      const covered = new Set(state.team.map((t) => t.departmentCode));
      const members = request.team.filter((m) => !covered.has(m.departmentCode) && !state.team.some((t) => t.officerId === m.officerId));
      state.team.push(...members.map((m) => ({ ...m, isLead: false })));
      const refs = request.recheckOf.filter((r) => !state.recheckOf.some((x) => x.findingId === r.findingId));
      state.recheckOf.push(...refs);
      if (added.length === 0 && members.length === 0 && refs.length === 0) return;
      const n = ++additions;
      await persist(() =>
        activities.recordCheckItemsAdded({
          key: stepKey(`items-added:${n}`),
          inspectionId: input.inspectionId,
          actor: request.actor,
          departments: added,
          team: members,
          recheckOf: refs,
          // The time of the write: the wait above may have crossed workflow tasks.
          at: nowIso(),
        }),
      );
    },
  });

  // ---- the simple procedure on the spot (行政处罚法 §51–§52; rules in domain/simple-procedure.ts) ----

  const resultsNow = () => Object.fromEntries(state.departments.map((d) => [d.departmentCode, d.results ?? []]));
  /** A finding of the visit: recorded once the checks are done, before that a submitted non-compliant result. */
  const findingFor = (itemCode: string) =>
    (state.checksDoneAt !== null ? state.findings : deriveFindings(assignments, resultsNow())).find((f) => f.itemCode === itemCode);
  const penaltyOf = (penaltyId: string) => {
    const penalty = penalties.find((p) => p.penaltyId === penaltyId);
    if (!penalty) reject('ON_THE_SPOT_PENALTY_NOT_FOUND', `本次检查没有当场处罚决定 ${penaltyId}`);
    return penalty;
  };
  // The findings' rows exist once the visit has moved past CHECKS_DONE; the resolution goes onto them.
  const findingsRecorded = () => state.status === 'IN_LEGAL_REVIEW' || state.status === 'FOLLOW_UP' || state.status === 'CLOSED';

  /** The finding decided on the spot has ended, like one rectified or closed by its case. */
  const resolveDecided = async (penalty: OnTheSpotPenaltyState) => {
    await model.waitFor(findingsRecorded);
    await resolve({
      itemCode: penalty.itemCode,
      outcome: 'PENALIZED_ON_THE_SPOT',
      ref: penalty.penaltyId,
      note: `当场作出行政处罚决定：${penalty.kind === 'WARNING' ? '警告' : `罚款${penalty.fineAmount}元`}`,
      actor: { officerId: penalty.officer.officerId, name: penalty.officer.name },
      at: penalty.decidedAt,
    });
  };

  /** §52 filing clock: once the term's last day has passed without a filing, flagged once. */
  const runFilingClock = async (penalty: OnTheSpotPenaltyState) => {
    const wait = msUntil(dayPassedAt(penalty.filingDueOn));
    if (wait > 0 && (await model.waitFor(() => penalty.filedAt !== null, wait))) return;
    if (penalty.filedAt !== null || penalty.filingOverdue) return;
    const at = nowIso();
    penalty.filingOverdue = true;
    penalty.filingOverdueAt = at;
    const step = {
      key: stepKey(`on-the-spot-overdue:${penalty.penaltyId}`),
      inspectionId: input.inspectionId,
      penaltyId: penalty.penaltyId,
      filingDueOn: penalty.filingDueOn,
      at,
      notify: [{ kind: 'ON_THE_SPOT_FILING_OVERDUE' as const, subjectId: input.inspectionId, params: { officerId: penalty.officer.officerId, dueDate: penalty.filingDueOn } }],
    };
    await persist(() => activities.recordOnTheSpotFilingOverdue(step));
    delivery.after(step);
  };

  guardedUpdate(decideOnTheSpotPenaltyUpdate, {
    allowed: {
      when: () => ['ON_SITE', 'CHECKS_DONE', 'IN_LEGAL_REVIEW', 'FOLLOW_UP'].includes(state.status),
      message: refusedIn('当场处罚只能在现场检查开始后、检查办结前作出'),
    },
    validate: (request) => {
      if (penalties.some((p) => p.penaltyId === request.penaltyId)) reject('ON_THE_SPOT_ALREADY_DECIDED', '该当场处罚决定已作出');
      const finding = findingFor(request.itemCode);
      if (!finding) reject('INVALID_STATE', `本次检查没有事项 ${request.itemCode} 的检查发现：须先提交该事项“不符合”的检查结果并写明违法事实`);
      if (state.resolutions.some((r) => r.itemCode === request.itemCode) || penalties.some((p) => p.itemCode === request.itemCode)) {
        reject('FINDING_ALREADY_RESOLVED', '该检查发现已有处理结果，不能再当场处罚');
      }
      rejectIf('FINDING_ALREADY_DISPOSED', validateNotDisposed(request.alreadyDisposed));
      const visitingOfficerIds = [...state.team.map((m) => m.officerId), ...state.onSite.map((o) => o.officerId)];
      rejectIf('ON_THE_SPOT_OFFICER_NOT_ELIGIBLE', validateOnTheSpotOfficer({ officer: request.officer, visitingOfficerIds, onDate: chinaDate(nowIso()) }));
      rejectIf(
        'SIMPLE_PROCEDURE_NOT_ALLOWED',
        validateSimpleProcedure({ proposal: request.proposal, partyKind: partyKindOf(request.partyCreditCode), policy: request.policy }),
      );
    },
    // Writes for itself: the decision, then the finding's end and the filing clock run on their own.
    apply: async (request, at) => {
      const deadline = await activities.onTheSpotFilingDeadline({ from: chinaDate(at), workingDays: request.policy.filingDueWorkingDays });
      const finding = findingFor(request.itemCode)!;
      const penalty: OnTheSpotPenaltyState = {
        penaltyId: request.penaltyId,
        itemCode: request.itemCode,
        departmentCode: finding.departmentCode,
        officer: {
          officerId: request.officer.officerId,
          name: request.officer.name,
          certificateNo: request.officer.certificateNo!,
          certificateExpiresOn: request.officer.certificateExpiresOn!,
        },
        partyKind: partyKindOf(request.partyCreditCode),
        kind: request.proposal.kind,
        fineAmount: request.proposal.kind === 'FINE' ? request.proposal.fineAmount! : null,
        facts: request.proposal.facts,
        legalBasis: request.proposal.legalBasis,
        place: request.place,
        decidedAt: at,
        filingDueOn: deadline.date,
        filingDueBasis: deadline,
        acknowledgement: null,
        filedAt: null,
        filedBy: null,
        filingOverdue: false,
        filingOverdueAt: null,
      };
      penalties.push(penalty);
      await persist(() =>
        activities.recordOnTheSpotDecision({ key: stepKey(`on-the-spot:${penalty.penaltyId}`), inspectionId: input.inspectionId, actor: request.actor, penalty, at }),
      );
      void resolveDecided(penalty);
      void runFilingClock(penalty);
      return undefined;
    },
  });

  guardedUpdate(acknowledgeOnTheSpotPenaltyUpdate, {
    validate: (request) => {
      const penalty = penaltyOf(request.penaltyId);
      if (penalty.acknowledgement !== null) reject('ALREADY_ACKNOWLEDGED', '该当场处罚决定书的签收（或拒签）已记录');
      rejectIf('ACKNOWLEDGEMENT_INCOMPLETE', validateAcknowledgement(request.acknowledgement));
    },
    apply: (request, at) => {
      const penalty = penalties.find((p) => p.penaltyId === request.penaltyId)!;
      penalty.acknowledgement = request.acknowledgement;
      return {
        key: stepKey(`on-the-spot-ack:${penalty.penaltyId}`),
        inspectionId: input.inspectionId,
        actor: request.actor,
        penaltyId: penalty.penaltyId,
        acknowledgement: request.acknowledgement,
        at,
      };
    },
    persist: (write) => activities.recordOnTheSpotAcknowledgement(write),
  });

  guardedUpdate(fileOnTheSpotPenaltyUpdate, {
    validate: (request) => {
      const penalty = penaltyOf(request.penaltyId);
      if (penalty.filedAt !== null) reject('ALREADY_FILED', '该当场处罚决定已备案');
      if (penalty.acknowledgement === null) reject('INVALID_STATE', '当事人签收或拒签的情况记录后才能备案（《中华人民共和国行政处罚法》第五十二条）');
    },
    apply: (request, at) => {
      const penalty = penalties.find((p) => p.penaltyId === request.penaltyId)!;
      penalty.filedAt = at;
      penalty.filedBy = request.actor;
      return {
        key: stepKey(`on-the-spot-filed:${penalty.penaltyId}`),
        inspectionId: input.inspectionId,
        actor: request.actor,
        penaltyId: penalty.penaltyId,
        note: request.note,
        late: Date.parse(at) >= dayPassedAt(penalty.filingDueOn),
        at,
      };
    },
    persist: (write) => activities.recordOnTheSpotFiling(write),
  });

  // ---- the legal review's deadline (the case review's working days; one extension) ----

  const reviewPolicy = casePolicyFor(input.policy);
  const reviewPending = () => state.status === 'IN_LEGAL_REVIEW' && state.review.status === 'PENDING';

  guardedUpdate(extendInspectionReviewUpdate, {
    allowed: [
      {
        when: () => reviewPending() && state.reviewClock?.round === state.review.round,
        message: '本次联合检查当前没有待审核的处罚建议，无需延长审核期限',
      },
      { when: () => state.reviewClock?.extended !== true, code: 'REVIEW_ALREADY_EXTENDED', message: '本轮法制审核期限已延长过一次，不能再次延长' },
    ],
    validate: (request) => {
      if (request.reason.trim().length === 0) reject('REASON_REQUIRED', '延长审核期限必须说明理由');
    },
    apply: async (request, at) => {
      const clock = state.reviewClock!;
      const deadline = await activities.inspectionReviewDeadline({ from: clock.dueDate, workingDays: reviewPolicy.reviewExtensionWorkingDays });
      clock.extended = true;
      clock.extensionReason = request.reason;
      clock.dueDate = deadline.date;
      clock.basis = deadline;
      return {
        key: stepKey(`review-extended:r${clock.round}`),
        inspectionId: input.inspectionId,
        actor: request.actor,
        round: clock.round,
        deadline,
        reason: request.reason,
        at,
      };
    },
    persist: (write) => activities.recordInspectionReviewDeadline(write),
  });

  /** A review round's deadline, counted by the calendar activity when the round starts. */
  const startReviewRound = async () => {
    const at = nowIso();
    const deadline = await activities.inspectionReviewDeadline({ from: chinaDate(at), workingDays: reviewPolicy.reviewDueWorkingDays });
    const clock: InspectionReviewClock = {
      round: state.review.round,
      dueDate: deadline.date,
      basis: deadline,
      extended: false,
      extensionReason: null,
      overdue: false,
      overdueAt: null,
    };
    state.reviewClock = clock;
    await persist(() =>
      activities.recordInspectionReviewDeadline({
        key: stepKey(`review-due:r${clock.round}`),
        inspectionId: input.inspectionId,
        actor: null,
        round: clock.round,
        deadline,
        reason: null,
        at,
      }),
    );
  };

  /** The review clock: each pending round is flagged once when its (possibly extended) due date has passed. */
  const runReviewClock = async () => {
    const over = () => state.status !== 'IN_LEGAL_REVIEW';
    const current = () => (reviewPending() && state.reviewClock?.round === state.review.round && !state.reviewClock.overdue ? state.reviewClock : null);
    for (;;) {
      await model.waitFor(() => over() || current() !== null);
      if (over()) return;
      const clock = current()!;
      const due = clock.dueDate;
      const wait = msUntil(dayPassedAt(due));
      if (wait > 0) {
        const interrupted = await model.waitFor(() => current() !== clock || clock.dueDate !== due, wait);
        if (interrupted) {
          // Reviewed (or returned) in time: wait for the next round's clock.
          if (current() !== clock) await model.waitFor(() => over() || (state.reviewClock !== clock && current() !== null));
          continue;
        }
      }
      const at = nowIso();
      clock.overdue = true;
      clock.overdueAt = at;
      const step = {
        key: stepKey(`review-overdue:r${clock.round}`),
        inspectionId: input.inspectionId,
        round: clock.round,
        dueDate: clock.dueDate,
        at,
        notify: [{ kind: 'INSPECTION_REVIEW_OVERDUE' as const, subjectId: input.inspectionId, params: { dueDate: clock.dueDate } }],
      };
      await persist(() => activities.recordInspectionReviewOverdue(step));
      delivery.after(step);
    }
  };

  await activities.recordInspectionScheduled({ key: stepKey('scheduled'), input, at: nowIso() });
  state.persisted = true;

  const cancelled = () => state.status === 'CANCELLED';
  const finish = async () => {
    await delivery.settled();
    await model.finish(writes.idle);
    return state;
  };

  await model.waitFor(() => state.status !== 'SCHEDULED');
  if (cancelled()) return finish();

  // On site: wait for every department; at the deadline, escalate those that have not submitted.
  const inTime = await model.waitFor(() => allSubmitted() || cancelled(), input.policy.checkSubmissionDeadlineMs);
  if (!inTime) {
    const at = nowIso();
    const missing = state.departments.filter((d) => !d.submitted);
    for (const check of missing) {
      check.overdue = true;
      check.escalatedAt = at;
    }
    const departmentCodes = missing.map((d) => d.departmentCode);
    const overdue = {
      key: stepKey('overdue'),
      inspectionId: input.inspectionId,
      departmentCodes,
      deadlineAt: state.submissionDeadlineAt!,
      at,
      notify: [
        {
          kind: 'DEPARTMENT_OVERDUE' as const,
          subjectId: input.inspectionId,
          params: { departmentCodes, departmentNames: missing.map((d) => d.departmentName), deadlineAt: chinaDateTime(state.submissionDeadlineAt!) },
        },
      ],
    };
    await persist(() => activities.recordOverdueEscalation(overdue));
    delivery.after(overdue);
    await model.waitFor(() => allSubmitted() || cancelled());
  }
  await model.waitFor(() => writes.idle());
  if (cancelled()) return finish();

  const resultsByDepartment = () =>
    Object.fromEntries(state.departments.map((d) => [d.departmentCode, d.results ?? []]));

  state.status = 'CHECKS_DONE';
  state.checksDoneAt = nowIso();
  state.findings = deriveFindings(assignments, resultsByDepartment());
  await activities.recordChecksDone({
    key: stepKey('checks-done'),
    inspectionId: input.inspectionId,
    findings: state.findings,
    at: state.checksDoneAt,
  });

  // A re-check's result goes to its rectification order, which ends or escalates on it.
  for (const ref of state.recheckOf) {
    const check = department(ref.departmentCode);
    const result = check?.results?.find((r) => r.itemCode === ref.itemCode);
    if (!check?.submittedBy || !result || result.outcome === 'NOT_APPLICABLE') continue;
    const passed = result.outcome === 'COMPLIANT';
    try {
      await model.busy(getExternalWorkflowHandle(rectificationWorkflowId(ref.findingId)).signal(recheckObservedSignal, {
        inspectionId: input.inspectionId,
        result: passed ? 'PASSED' : 'FAILED',
        note: (result.note ?? '').trim() || (passed ? '复查合格' : '复查仍不符合要求'),
        recordedBy: check.submittedBy,
        at: check.submittedAt ?? state.checksDoneAt,
      }));
    } catch {
      // The order already ended (its result was entered by hand): nothing to tell it.
    }
  }

  // A finding decided on the spot (§51) needs no legal review of a proposal: the simple procedure
  // has none. Runs without such a decision call no patch and decide as they always did.
  const decidedOnTheSpot = new Set(penalties.length > 0 && patched('on-the-spot-no-review') ? penalties.map((p) => p.itemCode) : []);
  const underReview = () => state.findings.filter((f) => !decidedOnTheSpot.has(f.itemCode));
  if (requiresLegalReview(underReview())) {
    state.status = 'IN_LEGAL_REVIEW';
    state.review.status = 'PENDING';
    state.review.round = 1;
    await activities.recordStatusChange(statusChange('CHECKS_DONE', 'IN_LEGAL_REVIEW', nowIso()));
    // Reviews started before the deadline existed keep running without one.
    const reviewDeadlines = patched('inspection-review-deadline');
    if (reviewDeadlines) void runReviewClock();
    for (;;) {
      if (reviewDeadlines) await startReviewRound();
      // Read through a function: the handlers change the status while this line waits.
      const reviewStatus = () => state.review.status;
      await model.waitFor(() => reviewStatus() === 'APPROVED' || reviewStatus() === 'RETURNED');
      await model.waitFor(() => writes.idle());
      if (reviewStatus() === 'APPROVED') break;
      // Returned: the departments whose proposals were reviewed revise, then review again.
      await model.waitFor(
        () =>
          state.review.departmentsToRevise.every((code) => state.review.revisedDepartments.includes(code)) &&
          writes.idle(),
      );
      state.findings = deriveFindings(assignments, resultsByDepartment());
      await activities.recordFindings({
        key: stepKey(`findings:r${state.review.round + 1}`),
        inspectionId: input.inspectionId,
        findings: state.findings,
        at: nowIso(),
      });
      if (!requiresLegalReview(underReview())) break;
      state.review.round += 1;
      state.review.status = 'PENDING';
    }
  }

  // Every finding must reach an end state before the visit closes (rectified and re-checked,
  // 首违不罚, or its case closed). Visits that got past this point before it existed close as before.
  if (state.findings.length > 0 && patched('findings-follow-up')) {
    const at = nowIso();
    const previous = state.status;
    state.status = 'FOLLOW_UP';
    state.followUpSince = at;
    await activities.recordStatusChange(statusChange(previous, 'FOLLOW_UP', at));
    await model.waitFor(() => unresolvedFindings(state.findings, state.resolutions).length === 0 && writes.idle());
  }

  // A decision on the spot is filed with the organ (§52) before the visit closes.
  if (penalties.length > 0 && patched('on-the-spot-filing')) {
    await model.waitFor(() => penalties.every((p) => p.filedAt !== null) && writes.idle());
  }

  const closedAt = nowIso();
  const from = state.status;
  state.status = 'CLOSED';
  state.closedAt = closedAt;
  await activities.recordStatusChange(statusChange(from, 'CLOSED', closedAt));
  return finish();
}
