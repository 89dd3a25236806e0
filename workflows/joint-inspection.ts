/**
 * One joint inspection (联合检查) from schedule to closure. Orchestration only: the rules are
 * in domain/, every write is an idempotent activity keyed by workflow id + step.
 */
import { condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import type { InspectionActivities } from '../activities/inspection';
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
  addCheckItemsUpdate,
  type AddCheckItemsRequest,
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
import { createGuardedUpdates, createWriteTracker, nowIso, reject, rejectIf, stepKey, workflowActivities } from './common';
import { createReadModel } from './read-model';
import { recheckObservedSignal, rectificationWorkflowId } from '../contracts/rectification';
import { chinaDate, chinaDateTime } from '../domain/dates';
import { createNotificationDelivery } from './notify';

const inspectionActivities = workflowActivities<InspectionActivities>();

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
  };
  // The assignments grow when a due re-check is merged into this visit before check-in.
  const assignments = input.departments.map((d) => ({ ...d, items: [...d.items] }));
  let additions = 0;
  const department = (code: string) => state.departments.find((d) => d.departmentCode === code);
  const allSubmitted = () => state.departments.every((d) => d.submitted);
  const writes = createWriteTracker();
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
      state.submissionDeadlineAt = new Date(Date.parse(at) + input.policy.checkSubmissionDeadlineMs).toISOString();
      return {
        key: stepKey('check-in'),
        inspectionId: input.inspectionId,
        actor: request.actor,
        officerIds: request.officers.map((o) => o.officerId),
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
    allowed: { when: () => isCancellable(state.status), message: refusedIn('检查结果已形成，不能取消') },
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

  await activities.recordInspectionScheduled({ key: stepKey('scheduled'), input, at: nowIso() });
  state.persisted = true;

  const cancelled = () => state.status === 'CANCELLED';
  const delivery = createNotificationDelivery();
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

  if (requiresLegalReview(state.findings)) {
    state.status = 'IN_LEGAL_REVIEW';
    state.review.status = 'PENDING';
    state.review.round = 1;
    await activities.recordStatusChange(statusChange('CHECKS_DONE', 'IN_LEGAL_REVIEW', nowIso()));
    for (;;) {
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
      if (!requiresLegalReview(state.findings)) break;
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

  const closedAt = nowIso();
  const from = state.status;
  state.status = 'CLOSED';
  state.closedAt = closedAt;
  await activities.recordStatusChange(statusChange(from, 'CLOSED', closedAt));
  return finish();
}
