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
  withdrawInvestigatorUpdate,
  type CaseInput,
  type CaseState,
  type ServeRequest,
} from '../contracts/case';
import {
  LAW,
  SERVED_DOCUMENT_LABELS,
  openInstalments,
  SERVICE_METHOD_LABELS,
  paymentDueOn,
  procedurePolicyOf,
  validateDecidedPenalty,
  validatePriorNoticeGate,
  validateService,
  type Penalty,
  type ServiceRecord,
} from '../domain/penalty-procedure';
import type { RuleCode } from '../domain/rules';
import { runDecisionServiceClock, runPaymentClock, runPublicationClock, runStatementClock, type PenaltyClocks } from './penalty-clocks';
import { newPublication, registerProcedureSteps } from './case-procedure';
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
  // Cases started before the procedure of notice, hearing, service and payment replay as they
  // ran: none of its clocks or calendar lookups exist in their histories.
  const procedure = patched('penalty-procedure');
  const procedurePolicy = procedurePolicyOf(policy);
  const today = () => chinaDate(nowIso());
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
    ...(procedure
      ? {
          party: input.party ?? { name: input.title, kind: 'ORGANISATION' as const },
          notice: null,
          statements: [],
          reexaminations: [],
          hearing: null,
          services: [],
          payment: null,
          execution: null,
        }
      : {}),
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
    ...(procedure ? procedureColumns() : {}),
  });
  /** The procedure's figures on the case row, for worklists and counts. */
  const procedureColumns = (): Partial<CaseRowUpdate> => ({
    noticeServedOn: state.notice?.servedOn ?? null,
    statementEndsOn: state.notice?.periodEndsOn ?? null,
    hearingStatus: state.hearing?.status ?? null,
    paymentDueOn: state.payment ? (openInstalments(state.payment.instalments, state.payment.paid)[0]?.dueOn ?? null) : null,
    amountPaid: state.payment?.paid ?? null,
    surchargeAmount: state.payment?.surcharge ?? null,
    paymentOverdue: state.payment?.overdue ?? false,
    executedAt: state.execution?.at ?? null,
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

  // §43: the head upheld a recusal; the officer leaves the case and the investigation goes on
  // (a proposal waits until the investigators meet §42 again).
  guardedUpdate(withdrawInvestigatorUpdate, {
    allowed: { when: () => state.status !== 'CLOSED', code: 'ALREADY_CLOSED', message: '案件已结案' },
    validate: (request) => {
      if (!state.investigators.some((o) => o.officerId === request.officerId)) {
        reject('NOT_A_CASE_INVESTIGATOR', '该执法人员不是本案调查人员，无需退出');
      }
    },
    apply: (request, at) => {
      state.investigators = state.investigators.filter((o) => o.officerId !== request.officerId);
      return {
        key: stepKey(`recusal:${request.conflictId}`),
        caseId: input.caseId,
        actor: request.actor,
        officerIds: state.investigators.map((o) => o.officerId),
        action: 'CASE_INVESTIGATOR_WITHDRAWN',
        detail: { officerId: request.officerId, reason: request.reason, conflictId: request.conflictId },
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
      // An investigator withdrawn (§43) may have left fewer than §42 asks: replace before proposing.
      if (procedure) {
        rejectIf('CASE_INVESTIGATORS_INSUFFICIENT', validateInvestigators({ investigators: state.investigators, onDate: today(), policy }));
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
    allowed: [notSuspended, inStatus(['COLLECTIVE_DECISION', 'IN_LEGAL_REVIEW', 'NOTIFIED', 'HEARING'], '不能记录集体讨论')],
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
    allowed: [notSuspended, inStatus(['INVESTIGATING', 'FILED', 'PROPOSED', 'IN_LEGAL_REVIEW', 'COLLECTIVE_DECISION', 'NOTIFIED', 'HEARING'], '不能作出处罚决定')],
    validate: (request) => {
      const reviewed = validateDecisionAllowed({
        major: state.major,
        reviews: state.reviews,
        collectiveDecisions: state.collectiveDecisions,
        hearingConcludedAt: state.hearing?.concludedAt ?? null,
      });
      if (reviewed[0]?.code === 'LEGAL_REVIEW_NOT_PASSED') rejectIf('LEGAL_REVIEW_NOT_PASSED', reviewed);
      // §62 (with §44, §45, §63): in cases run with the procedure; older ones keep the gates they ran under.
      if (procedure) {
        const notice = state.notice ?? null;
        if (notice && notice.round !== state.proposalRound) {
          reject('PRIOR_NOTICE_REQUIRED', `处罚建议已重新提出并审核，须就新的处罚建议重新告知当事人（${LAW}第四十四条、第六十二条）`);
        }
        const gate = validatePriorNoticeGate(
          notice && { servedOn: notice.servedOn, periodEndsOn: notice.periodEndsOn, waived: notice.waiver !== null, hearingStatus: state.hearing?.status ?? null },
          today(),
        );
        if (gate.length) rejectIf(gate[0].code as RuleCode, gate);
      }
      rejectIf('COLLECTIVE_DECISION_REQUIRED', reviewed);
      if (procedure && state.notice) {
        const covered = state.reexaminations?.at(-1)?.statementsCovered ?? 0;
        const checked = validateDecidedPenalty({
          decided: request.penalty ?? state.notice.penalty,
          notified: state.notice.penalty,
          statementsAfterReexamination: (state.statements?.length ?? 0) - covered,
        });
        if (checked.length) rejectIf(checked[0].code as RuleCode, checked);
      }
    },
    apply: async (request, at) => {
      const penalty: Penalty | undefined = procedure ? (request.penalty ?? state.notice?.penalty) : undefined;
      // §61: the last day to serve the decision when it is not handed over at once (agency side).
      const serviceDue = procedure
        ? await activities.procedureDeadline({ from: chinaDate(at), workingDays: procedurePolicy.decisionServiceWorkingDays, kind: 'decisionService' })
        : null;
      // 国办发〔2018〕118号: published within 7 working days of the decision (agency side).
      const publicationDue = procedure
        ? await activities.procedureDeadline({ from: chinaDate(at), workingDays: procedurePolicy.publicity.publishWorkingDays, kind: 'publicity' })
        : null;
      if (publicationDue) state.publication = newPublication(publicationDue.date);
      const decision = {
        text: request.decisionText,
        decidedBy: request.actor,
        decidedAt: at,
        late: state.decisionClock.expired,
        ...(penalty ? { penalty } : {}),
        ...(serviceDue ? { serviceDueOn: serviceDue.date, serviceOverdue: false } : {}),
      };
      state.decision = decision;
      state.status = 'DECIDED';
      state.decisionClock.stopped = true;
      return caseStep('decided', 'DECIDED', request.actor, decision, at, {
        decisionText: request.decisionText,
        decidedAt: at,
        decisionLate: decision.late,
        ...(penalty ? { penaltyKind: penalty.penaltyKind, fineAmount: penalty.fineAmount ?? null } : {}),
      });
    },
    persist: recordStep,
  });

  /** The document a service request is for: without `document`, the decision (the request of before). */
  const servedDocument = (request: ServeRequest) => request.document ?? 'DECISION';
  guardedUpdate(serveUpdate, {
    validate: (request) => {
      const document = servedDocument(request);
      let issuedAt: string;
      if (document === 'DECISION') {
        if (state.status !== 'DECIDED' || !state.decision) reject('INVALID_STATE', `案件当前状态为 ${state.status}，作出决定后才能送达决定书`);
        issuedAt = state.decision.decidedAt;
      } else if (document === 'PRIOR_NOTICE') {
        if (!state.notice) reject('INVALID_STATE', '尚未制作事先告知书');
        if (state.notice.servedOn) reject('ALREADY_SERVED', `事先告知书已于${state.notice.servedOn}送达`);
        issuedAt = state.notice.issuedAt;
      } else {
        if (state.hearing?.status !== 'SCHEDULED' || !state.hearing.scheduledAt) reject('INVALID_STATE', '尚未安排听证，没有听证通知书可送达');
        if (state.hearing.noticeServedOn) reject('ALREADY_SERVED', `听证通知书已于${state.hearing.noticeServedOn}送达`);
        issuedAt = state.hearing.scheduledAt;
      }
      if (request.document === undefined) return;
      rejectIf('SERVICE_INCOMPLETE', validateService(request, { today: today(), issuedOn: chinaDate(issuedAt), servedOn: chinaDate(request.servedAt) }));
    },
    apply: async (request, at) => {
      const document = servedDocument(request);
      const servedOn = chinaDate(request.servedAt);
      const method = request.document === undefined ? request.method : SERVICE_METHOD_LABELS[request.method];
      if (request.document !== undefined) {
        const { actor, ...record } = request;
        state.services?.push({ ...(record as ServiceRecord), recordedBy: actor, recordedAt: at });
      }
      const { actor, ...given } = request;
      const detail = { document, documentTitle: SERVED_DOCUMENT_LABELS[document], servedAt: request.servedAt, method, record: given };
      if (document === 'PRIOR_NOTICE') {
        const notice = state.notice!;
        // §85: the law's 五日 are working days; the party's period never ends early (party side).
        const statement = await activities.procedureDeadline({ from: servedOn, workingDays: procedurePolicy.statementWorkingDays, kind: 'statement' });
        const hearing = notice.hearingGrounds.length
          ? await activities.procedureDeadline({ from: servedOn, workingDays: procedurePolicy.hearingRequestWorkingDays, kind: 'statement' })
          : null;
        notice.servedAt = request.servedAt;
        notice.servedOn = servedOn;
        notice.hearingRequestEndsOn = hearing?.date ?? null;
        notice.periodEndsOn = hearing && hearing.date > statement.date ? hearing.date : statement.date;
        const periods = { periodEndsOn: notice.periodEndsOn, hearingRequestEndsOn: notice.hearingRequestEndsOn };
        return caseStep(`served:notice:n${notice.round}`, 'NOTICE_SERVED', actor, { ...detail, ...periods }, at);
      }
      if (document === 'HEARING_NOTICE') {
        const hearing = state.hearing!;
        // §64(2): at least 7 (working) days between the notice reaching the party and the hearing.
        const earliest = await activities.procedureDeadline({ from: servedOn, workingDays: procedurePolicy.hearingNoticeWorkingDays, kind: 'hearingNotice' });
        hearing.noticeServedOn = servedOn;
        hearing.earliestOn = earliest.date;
        return caseStep(`served:hearing-notice:${hearing.scheduledAt}`, 'HEARING_NOTICE_SERVED', actor, { ...detail, earliestOn: earliest.date }, at);
      }
      state.service = { servedAt: request.servedAt, method, recordedBy: actor };
      state.status = 'SERVED';
      const penalty = state.decision?.penalty;
      if (procedure && penalty?.fineAmount) {
        const dueOn = paymentDueOn(servedOn, procedurePolicy);
        const fine = penalty.fineAmount;
        state.payment = { fine, dueOn, instalments: [{ dueOn, amount: fine }], arrangement: null, payments: [], paid: 0, surcharge: 0, outstanding: fine, overdue: false };
      } else if (procedure && penalty && ['警告', '通报批评'].includes(penalty.penaltyKind)) {
        // A warning or a public criticism is carried out by serving the decision.
        state.execution = { how: 'NOTHING_TO_EXECUTE', note: `${penalty.penaltyKind}随决定书送达即已执行`, at, by: null };
      }
      return caseStep('served', 'SERVED', actor, { ...detail, paymentDueOn: state.payment?.dueOn ?? null }, at, {
        servedAt: request.servedAt,
        serviceMethod: method,
      });
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
    validate: (request) => {
      requireReason('结案必须说明理由（如：已执行完毕）')(request);
      // §66–§73: a case ends when its decision has been carried out or handed to the court.
      if (procedure && state.decision?.penalty && !state.execution) {
        const owed = state.payment ? `，尚欠${state.payment.outstanding}元（含加处罚款）` : '';
        reject('EXECUTION_PENDING', `处罚决定尚未执行完毕${owed}；执行完毕或申请人民法院强制执行后才能结案（${LAW}第六十六条至第七十三条）`);
      }
      if (state.publication?.status === 'PENDING') {
        reject('PUBLICATION_PENDING', `处罚决定尚未公示（应于${state.publication.dueOn}前公示；涉及未成年人的记录为不予公开），公示后才能结案`);
      }
    },
    apply: (request, at) => {
      state.status = 'CLOSED';
      state.closedAt = at;
      state.closedBy = request.actor;
      return caseStep('closed', 'CLOSED', request.actor, { reason: request.reason }, at, { closedAt: at });
    },
    persist: recordStep,
  });

  registerProcedureSteps({ state, policy: procedurePolicy, guardedUpdate, caseStep, recordStep, activities, today, notSuspended, departmentCode: input.departmentCode });

  await activities.recordCaseFiled({ key: stepKey('filed'), input, filedAt, dueDate: state.decisionClock.dueDate });
  state.persisted = true;

  const clocks: CaseClocks = {
    state,
    policy,
    waitFor: model.waitFor,
    record: ({ step, kind, detail, row: extra, at, notify }) => persist(() => recordStep({ ...caseStep(step, kind, null, detail, at, extra), notify })),
  };
  const penaltyClocks: PenaltyClocks = {
    state,
    waitFor: model.waitFor,
    surchargeRate: procedurePolicy.surchargeRatePerDay,
    publicationWarningDaysBefore: procedurePolicy.publicity.warningDaysBefore,
    record: ({ step, kind, detail, row: extra, at, notify }) => persist(() => recordStep({ ...caseStep(step, kind, null, detail, at, extra), notify })),
  };
  await Promise.all([
    runDecisionClock(clocks),
    runReviewClock(clocks),
    ...(procedure
      ? [runStatementClock(penaltyClocks), runDecisionServiceClock(penaltyClocks), runPaymentClock(penaltyClocks), runPublicationClock(penaltyClocks)]
      : []),
    model.waitFor(() => state.status === 'CLOSED'),
  ]);
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
