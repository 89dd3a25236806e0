/**
 * One joint inspection (联合检查) from schedule to closure. Orchestration only: the rules are
 * in domain/, every write is an idempotent activity keyed by workflow id + step.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { InspectionActivities } from '../activities/inspection';
import {
  chinaDate,
  deriveFindings,
  departmentsUnderReview,
  isCancellable,
  requiresLegalReview,
  validateDepartmentResults,
  validateOnSiteTeam,
  validateReviewer,
} from '../domain/inspection';
import type { RuleCode, RuleViolation } from '../domain/rules';
import {
  cancelInspectionUpdate,
  checkInUpdate,
  inspectionStateQuery,
  legalReviewUpdate,
  submitChecksUpdate,
  type DepartmentCheckState,
  type InspectionState,
  type JointInspectionInput,
} from './definitions';
import { createWriteTracker, stepKey } from './common';

const activities = proxyActivities<InspectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function reject(code: RuleCode, message: string, violations: RuleViolation[] = []): never {
  throw ApplicationFailure.create({ type: code, message, details: [violations], nonRetryable: true });
}

function nowIso(): string {
  return new Date().toISOString();
}

export async function jointInspectionWorkflow(input: JointInspectionInput): Promise<InspectionState> {
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
    departments: input.departments.map(
      (d): DepartmentCheckState => ({
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
      }),
    ),
    findings: [],
    review: { status: 'NOT_REQUIRED', round: 0, departmentsToRevise: [], revisedDepartments: [], history: [] },
    checksDoneAt: null,
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
  };
  const department = (code: string) => state.departments.find((d) => d.departmentCode === code);
  const allSubmitted = () => state.departments.every((d) => d.submitted);
  const writes = createWriteTracker();
  const persist = writes.persist;

  setHandler(inspectionStateQuery, () => state);

  setHandler(
    checkInUpdate,
    async (request) => {
      const at = nowIso();
      state.status = 'ON_SITE';
      state.onSite = request.officers;
      state.checkInAt = at;
      state.submissionDeadlineAt = new Date(Date.parse(at) + input.policy.checkSubmissionDeadlineMs).toISOString();
      await persist(() =>
        activities.recordCheckIn({
          key: stepKey('check-in'),
          inspectionId: input.inspectionId,
          actor: request.actor,
          officerIds: request.officers.map((o) => o.officerId),
          at,
        }),
      );
      return state;
    },
    {
      validator: (request) => {
        if (state.status !== 'SCHEDULED') {
          reject('INVALID_STATE', `联合检查当前状态为 ${state.status}，只有已排期的检查才能开始现场检查`);
        }
        const violations = validateOnSiteTeam({
          officers: request.officers,
          departmentCodes: state.departments.map((d) => d.departmentCode),
          onDate: chinaDate(nowIso()),
          policy: input.policy,
        });
        if (violations.length > 0) {
          reject('TEAM_RULE_VIOLATED', violations.map((v) => v.message).join('；'), violations);
        }
      },
    },
  );

  setHandler(
    submitChecksUpdate,
    async (request) => {
      const at = nowIso();
      const check = department(request.departmentCode)!;
      check.submitted = true;
      check.submittedAt = at;
      check.submittedBy = { officerId: request.actor.officerId, name: request.actor.name };
      check.revision += 1;
      check.results = request.results;
      check.late = state.submissionDeadlineAt !== null && at > state.submissionDeadlineAt;
      if (state.review.status === 'RETURNED') state.review.revisedDepartments.push(request.departmentCode);
      const revision = check.revision;
      await persist(() =>
        activities.recordDepartmentResults({
          key: stepKey(`results:${request.departmentCode}:r${revision}`),
          inspectionId: input.inspectionId,
          departmentCode: request.departmentCode,
          actor: check.submittedBy!,
          revision,
          late: check.late,
          results: request.results,
          at,
        }),
      );
      return state;
    },
    {
      validator: (request) => {
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
        const assignment = input.departments.find((d) => d.departmentCode === request.departmentCode)!;
        const violations = validateDepartmentResults({ assignment, results: request.results });
        if (violations.length > 0) {
          reject('INVALID_CHECK_RESULTS', violations.map((v) => v.message).join('；'), violations);
        }
      },
    },
  );

  setHandler(
    legalReviewUpdate,
    async (request) => {
      const at = nowIso();
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
      await persist(() =>
        activities.recordLegalReview({
          key: stepKey(`review:r${record.round}`),
          inspectionId: input.inspectionId,
          ...record,
        }),
      );
      return state;
    },
    {
      validator: (request) => {
        if (state.status !== 'IN_LEGAL_REVIEW' || state.review.status !== 'PENDING') {
          reject('INVALID_STATE', '本次联合检查当前没有待审核的处罚建议');
        }
        const visitingOfficerIds = [...state.team.map((m) => m.officerId), ...state.onSite.map((o) => o.officerId)];
        const violations = validateReviewer({ reviewer: request.reviewer, visitingOfficerIds });
        if (violations.length > 0) {
          reject('REVIEWER_NOT_ELIGIBLE', violations.map((v) => v.message).join('；'), violations);
        }
        if (request.decision === 'RETURNED' && request.opinion.trim().length === 0) {
          reject('REVIEW_OPINION_REQUIRED', '退回时必须写明审核意见，说明需要补正的内容');
        }
      },
    },
  );

  setHandler(
    cancelInspectionUpdate,
    async (request) => {
      const from = state.status;
      const at = nowIso();
      state.status = 'CANCELLED';
      state.cancelledAt = at;
      state.cancelReason = request.reason;
      await persist(() =>
        activities.recordStatusChange({
          key: stepKey('status:CANCELLED'),
          inspectionId: input.inspectionId,
          from,
          to: 'CANCELLED',
          actor: request.actor,
          reason: request.reason,
          at,
        }),
      );
      return state;
    },
    {
      validator: (request) => {
        if (!isCancellable(state.status)) {
          reject('INVALID_STATE', `联合检查当前状态为 ${state.status}，检查结果已形成，不能取消`);
        }
        if (request.reason.trim().length === 0) {
          reject('INVALID_STATE', '取消联合检查必须说明原因');
        }
      },
    },
  );

  await activities.recordInspectionScheduled({ key: stepKey('scheduled'), input, at: nowIso() });
  state.persisted = true;

  const cancelled = () => state.status === 'CANCELLED';
  const finish = async () => {
    await condition(() => writes.idle() && allHandlersFinished());
    return state;
  };

  await condition(() => state.status !== 'SCHEDULED');
  if (cancelled()) return finish();

  // On site: wait for every department; at the deadline, escalate those that have not submitted.
  const inTime = await condition(() => allSubmitted() || cancelled(), input.policy.checkSubmissionDeadlineMs);
  if (!inTime) {
    const at = nowIso();
    const missing = state.departments.filter((d) => !d.submitted);
    for (const check of missing) {
      check.overdue = true;
      check.escalatedAt = at;
    }
    await persist(() =>
      activities.recordOverdueEscalation({
        key: stepKey('overdue'),
        inspectionId: input.inspectionId,
        departmentCodes: missing.map((d) => d.departmentCode),
        deadlineAt: state.submissionDeadlineAt!,
        at,
      }),
    );
    await condition(() => allSubmitted() || cancelled());
  }
  await condition(() => writes.idle());
  if (cancelled()) return finish();

  const resultsByDepartment = () =>
    Object.fromEntries(state.departments.map((d) => [d.departmentCode, d.results ?? []]));

  state.status = 'CHECKS_DONE';
  state.checksDoneAt = nowIso();
  state.findings = deriveFindings(input.departments, resultsByDepartment());
  await activities.recordChecksDone({
    key: stepKey('checks-done'),
    inspectionId: input.inspectionId,
    findings: state.findings,
    at: state.checksDoneAt,
  });

  if (requiresLegalReview(state.findings)) {
    state.status = 'IN_LEGAL_REVIEW';
    state.review.status = 'PENDING';
    state.review.round = 1;
    await activities.recordStatusChange({
      key: stepKey('status:IN_LEGAL_REVIEW'),
      inspectionId: input.inspectionId,
      from: 'CHECKS_DONE',
      to: 'IN_LEGAL_REVIEW',
      actor: null,
      at: nowIso(),
    });
    for (;;) {
      // Read through a function: the handlers change the status while this line waits.
      const reviewStatus = () => state.review.status;
      await condition(() => reviewStatus() === 'APPROVED' || reviewStatus() === 'RETURNED');
      await condition(() => writes.idle());
      if (reviewStatus() === 'APPROVED') break;
      // Returned: the departments whose proposals were reviewed revise, then review again.
      await condition(
        () =>
          state.review.departmentsToRevise.every((code) => state.review.revisedDepartments.includes(code)) &&
          writes.idle(),
      );
      state.findings = deriveFindings(input.departments, resultsByDepartment());
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

  const closedAt = nowIso();
  const from = state.status;
  state.status = 'CLOSED';
  state.closedAt = closedAt;
  await activities.recordStatusChange({
    key: stepKey('status:CLOSED'),
    inspectionId: input.inspectionId,
    from,
    to: 'CLOSED',
    actor: null,
    at: closedAt,
  });
  return finish();
}
