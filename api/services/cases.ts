/**
 * Administrative cases as the API sees them: checks what only the database can answer (the
 * finding, the officers, who may act), then hands the change to the case workflow, which
 * enforces the procedure (行政处罚法 §42 §57 §58 §60) and writes the records.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ASSIGNMENT_INCLUDE, assignmentOf, ownTownshipWithin, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { servesTownship, type TownshipScope } from '../../domain/townships';
import { casePolicyFor, type CasePolicy, type CaseStatus, type PenaltyProposal } from '../../domain/case';
import { DEFAULT_INSPECTION_POLICY, type InspectionPolicy, type ReviewDecision } from '../../domain/inspection';
import type { caseWorkflow } from '../../workflows/case';
import * as contract from '../../contracts/case';
import type { CaseState } from '../../contracts/case';
import type { ActorRef } from '../../contracts/inspection';
import type { UpdateDefinition } from '@temporalio/common';
import { hasRole, isDepartmentBound } from '../policies';
import { AppError, notFound } from '../errors';
import type { CaseReviewBody, FileCaseBody, HearingScheduleBody, InvestigatorsBody, ListCasesQuery } from '../routes/cases/schema';
import { partyKindOfCreditCode } from '../../domain/penalty-procedure';
import { redactForPublication } from '../../domain/publicity';
import { chinaDate, startOfChinaDate } from '../../domain/dates';
import { credentialsOf } from './catalog';
import { refuseRecused } from './conflicts';
import { startSettled, storedWorkflowState } from './read-model';

export interface CaseServiceDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  casePolicy?: CasePolicy;
  /** Carries the one §42 setting (MIN_CERTIFIED_OFFICERS): a case's investigators meet the same minimum. */
  policy?: InspectionPolicy;
}

/**
 * The year's case figures for the annual report, from the case rows and their recorded steps:
 * each figure counts what happened in the year (China time), whatever year the case was filed.
 * Fines collected are the payments recorded in the year (fine and any §72 surcharge), so a fine
 * decided in December and paid in January is collected in January's year.
 */
export async function caseYearFigures(prisma: PrismaClient, year: number, scope: TownshipScope) {
  const within = { gte: new Date(startOfChinaDate(`${year}-01-01`)), lt: new Date(startOfChinaDate(`${year + 1}-01-01`)) };
  const own = ownTownshipWithin(scope);
  const [filed, decided, closed, steps] = await Promise.all([
    prisma.enforcementCase.count({ where: { filedAt: within, ...own } }),
    // A decision with a penalty: the decision step writes penaltyKind (and the fine) on the row.
    prisma.enforcementCase.findMany({ where: { decidedAt: within, penaltyKind: { not: null }, ...own }, select: { fineAmount: true } }),
    prisma.enforcementCase.count({ where: { closedAt: within, ...own } }),
    prisma.caseEvent.findMany({
      where: { at: within, kind: { in: ['COLLECTIVE_DECISION', 'HEARING_HELD', 'PAYMENT_RECORDED'] }, case: own },
      select: { kind: true, detailJson: true },
    }),
  ]);
  const yuan = (amounts: number[]) => Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100;
  const payments = steps.filter((s) => s.kind === 'PAYMENT_RECORDED').map((s) => Number((JSON.parse(s.detailJson) as { amount?: number }).amount ?? 0));
  return {
    filed,
    penaltyDecisions: decided.length,
    finesDecided: yuan(decided.map((c) => c.fineAmount ?? 0)),
    payments: payments.length,
    finesCollected: yuan(payments),
    closed,
    collectiveDecisions: steps.filter((s) => s.kind === 'COLLECTIVE_DECISION').length,
    hearingsHeld: steps.filter((s) => s.kind === 'HEARING_HELD').length,
  };
}

export type CaseYearFigures = Awaited<ReturnType<typeof caseYearFigures>>;

export function createCaseService(deps: CaseServiceDeps) {
  const { prisma, temporal } = deps;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof caseWorkflow>(contract.caseWorkflowId(id));
  const actorOf = (a: AuthenticatedOfficer) => ({ officerId: a.officerId, name: a.name });

  /** The row, or 404 (who may see it is api/policies.ts's). */
  async function loadCase(id: string) {
    const row = await prisma.enforcementCase.findUnique({ where: { id } });
    if (!row) throw notFound('案件');
    return row;
  }

  /**
   * A step that takes the caller and the request's fields as they are (the body schemas are strict).
   * With an `updateId` the step happens once: Temporal answers a repeat of a completed update id
   * with the first answer, so a caller that retries after a failure of its own later write does
   * not record the step twice.
   */
  function action<R extends { actor: ActorRef }>(definition: UpdateDefinition<CaseState, [R], string>) {
    return (options: { actor: AuthenticatedOfficer; id: string; body: Omit<R, 'actor'>; updateId?: string }) =>
      update(options.id, (h) =>
        h.executeUpdate(definition, { args: [{ actor: actorOf(options.actor), ...options.body } as R], ...(options.updateId ? { updateId: options.updateId } : {}) }),
      );
  }

  /**
   * A case from before the read model has its rows only: answered in the state's shape with what
   * they keep — investigators, review rounds, the decision, its service and the closure with who
   * recorded them (from the case's events); the procedure's later parts did not exist then.
   */
  async function legacyState(row: Awaited<ReturnType<typeof loadCase>>): Promise<CaseState> {
    const [investigators, reviews, events] = await Promise.all([
      prisma.caseInvestigator.findMany({ where: { caseId: row.id }, orderBy: { assignedAt: 'asc' } }),
      prisma.caseReview.findMany({ where: { caseId: row.id }, orderBy: { round: 'asc' } }),
      prisma.caseEvent.findMany({ where: { caseId: row.id, kind: { in: ['DECIDED', 'SERVED', 'CLOSED'] } }, orderBy: { at: 'asc' } }),
    ]);
    const officerIds = [...investigators.map((i) => i.officerId), ...reviews.map((r) => r.reviewerId), ...events.flatMap((e) => (e.actorId ? [e.actorId] : []))];
    const officers = await prisma.officer.findMany({ where: { id: { in: officerIds } }, include: { department: true } });
    const actorRef = (officerId: string | null): ActorRef => ({ officerId: officerId ?? '', name: officers.find((o) => o.id === officerId)?.name ?? '' });
    const stepBy = (kind: string) => actorRef([...events].reverse().find((e) => e.kind === kind)?.actorId ?? null);
    const filedAt = row.filedAt.toISOString();
    return {
      caseId: row.id,
      status: row.status as CaseStatus,
      persisted: true,
      title: row.title,
      inspectionId: row.inspectionId,
      findingId: row.findingId,
      filedAt,
      filedOn: chinaDate(filedAt),
      investigators: investigators.flatMap((i) => {
        const officer = officers.find((o) => o.id === i.officerId);
        return officer ? [credentialsOf(officer)] : [];
      }),
      proposal: row.proposalJson ? (JSON.parse(row.proposalJson) as PenaltyProposal) : null,
      proposalRound: reviews.length,
      major: row.major,
      reviews: reviews.map((r) => ({
        round: r.round,
        reviewer: actorRef(r.reviewerId),
        decision: r.decision as ReviewDecision,
        opinion: r.opinion,
        decidedAt: r.decidedAt.toISOString(),
        late: r.late,
      })),
      collectiveDecisions: [],
      decision:
        row.decisionText !== null && row.decidedAt
          ? { text: row.decisionText, decidedBy: stepBy('DECIDED'), decidedAt: row.decidedAt.toISOString(), late: row.decisionLate }
          : null,
      service: row.servedAt && row.serviceMethod ? { servedAt: row.servedAt.toISOString(), method: row.serviceMethod, recordedBy: stepBy('SERVED') } : null,
      closedAt: row.closedAt?.toISOString() ?? null,
      ...(row.closedAt ? { closedBy: stepBy('CLOSED') } : {}),
      decisionClock: {
        dueDate: row.decisionDueOn,
        suspended: row.suspended,
        suspendedDays: row.suspendedDays,
        suspensions: [],
        events: [],
        expired: row.decisionOverdue,
        stopped: row.decidedAt !== null || row.closedAt !== null,
      },
      reviewClock: null,
    };
  }

  async function update<T>(id: string, run: (h: ReturnType<typeof handleOf>) => Promise<T>) {
    const row = await loadCase(id);
    if (row.status === 'CLOSED') throw new AppError('ALREADY_CLOSED', '案件已结案');
    await withdrawRecused(id);
    return run(handleOf(id));
  }

  /**
   * §43: an investigator whose recusal from the case's business was upheld leaves the case. Sent
   * when the head decides, and again before every step of the case, so a decision whose sending
   * was cut off still takes effect; one update id per conflict, so it happens once.
   */
  async function withdrawRecused(caseId: string): Promise<void> {
    const row = await prisma.enforcementCase.findUnique({ where: { id: caseId }, select: { inspectionId: true, status: true, investigators: { select: { officerId: true } } } });
    if (!row || row.status === 'CLOSED' || row.investigators.length === 0) return;
    const inspection = await prisma.jointInspection.findUnique({ where: { id: row.inspectionId }, select: { targetId: true } });
    if (!inspection) return;
    const conflicts = await prisma.officerConflict.findMany({
      where: { targetId: inspection.targetId, status: 'UPHELD', officerId: { in: row.investigators.map((i) => i.officerId) } },
    });
    for (const conflict of conflicts) {
      const head = conflict.decidedById ? await prisma.officer.findUnique({ where: { id: conflict.decidedById }, select: { id: true, name: true } }) : null;
      await handleOf(caseId).executeUpdate(contract.withdrawInvestigatorUpdate, {
        updateId: `recusal:${conflict.id}`,
        args: [{ actor: { officerId: head?.id ?? conflict.officerId, name: head?.name ?? '' }, officerId: conflict.officerId, reason: conflict.decisionNote ?? conflict.reason, conflictId: conflict.id }],
      });
    }
  }

  return {
    /** §43: the upheld recusal of `officerId` from `targetId` takes the officer off that business's open cases. */
    async withdrawFromCases(options: { officerId: string; targetId: string }): Promise<void> {
      const cases = await prisma.enforcementCase.findMany({
        where: { status: { not: 'CLOSED' }, investigators: { some: { officerId: options.officerId } } },
        select: { id: true, inspectionId: true },
      });
      const ofTarget = await prisma.jointInspection.findMany({ where: { id: { in: cases.map((c) => c.inspectionId) }, targetId: options.targetId }, select: { id: true } });
      const inspections = new Set(ofTarget.map((i) => i.id));
      for (const c of cases.filter((c) => inspections.has(c.inspectionId))) await withdrawRecused(c.id);
    },

    async file(options: { actor: AuthenticatedOfficer; body: FileCaseBody }) {
      const { actor, body } = options;
      const finding = await prisma.finding.findFirst({
        where: { id: body.findingId, inspectionId: body.inspectionId },
        include: { department: true, checkItem: true, inspection: { select: { target: { select: { name: true, creditCode: true } } } } },
      });
      if (!finding) {
        throw new AppError('UNKNOWN_REFERENCE', '该联合检查中没有这个检查发现', [
          { code: 'UNKNOWN_REFERENCE', path: 'findingId', message: '该联合检查中没有这个检查发现' },
        ]);
      }
      const id = randomUUID();
      await startSettled<typeof caseWorkflow>(temporal, 'caseWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: contract.caseWorkflowId(id),
        args: [
          {
            caseId: id,
            title: body.title,
            inspectionId: body.inspectionId,
            findingId: body.findingId,
            itemCode: finding.checkItem.code,
            departmentCode: finding.department.code,
            filedBy: actorOf(actor),
            policy: casePolicyFor(deps.policy ?? DEFAULT_INSPECTION_POLICY, deps.casePolicy),
            // §63's thresholds differ for a natural person and an organisation.
            party: { name: finding.inspection.target.name, kind: partyKindOfCreditCode(finding.inspection.target.creditCode) },
          },
        ],
      });
      return { id, workflowId: contract.caseWorkflowId(id) };
    },

    async get(options: { id: string }): Promise<CaseState> {
      const row = await loadCase(options.id);
      const state = await storedWorkflowState<CaseState>(prisma, contract.caseWorkflowId(options.id));
      return state ?? legacyState(row);
    },

    async list(options: { actor: AuthenticatedOfficer; query: ListCasesQuery }) {
      const { actor, query } = options;
      const departmentBound = isDepartmentBound(actor);
      const items = await prisma.enforcementCase.findMany({
        where: {
          ...(query.due === 'review' ? { status: 'IN_LEGAL_REVIEW' } : {}),
          ...(query.due === 'collective' ? { status: 'COLLECTIVE_DECISION' } : {}),
          ...(departmentBound ? { departmentCode: actor.departmentCode } : {}),
          ...ownTownshipWithin(actor.townships),
        },
        // The most urgent first: review deadline for reviewers, §60 due date otherwise.
        orderBy: query.due === 'review' ? [{ reviewDueOn: 'asc' }] : [{ decisionDueOn: 'asc' }],
        take: 500,
      });
      // A reviewer's queue shows how long each proposal has waited: the round's PROPOSED step.
      const requested = new Map<string, string>();
      if (query.due === 'review' && items.length > 0) {
        const proposed = await prisma.caseEvent.findMany({
          where: { caseId: { in: items.map((c) => c.id) }, kind: 'PROPOSED' },
          select: { caseId: true, at: true },
          orderBy: { at: 'asc' },
        });
        for (const p of proposed) requested.set(p.caseId, p.at.toISOString());
      }
      return { items: items.map((c) => ({ ...c, reviewRequestedAt: requested.get(c.id) ?? null })) };
    },

    async assignInvestigators(options: { actor: AuthenticatedOfficer; id: string; body: InvestigatorsBody }) {
      const { actor, id, body } = options;
      const officers = await prisma.officer.findMany({ where: { id: { in: body.officerIds }, active: true }, include: { department: true } });
      const missing = body.officerIds.filter((o) => !officers.some((r) => r.id === o));
      if (missing.length) {
        throw new AppError('UNKNOWN_REFERENCE', `执法人员不存在：${missing.join('、')}`, [
          { code: 'UNKNOWN_REFERENCE', path: 'officerIds', message: `执法人员不存在：${missing.join('、')}` },
        ]);
      }
      // 回避 (§43): an officer withdrawn from the business does not investigate its case.
      const inspection = await prisma.jointInspection.findUnique({ where: { id: (await loadCase(id)).inspectionId }, select: { targetId: true } });
      if (inspection) {
        const investigators = body.officerIds.map((o) => officers.find((r) => r.id === o)!);
        await refuseRecused(prisma, { targetId: inspection.targetId, officers: investigators, path: 'officerIds' });
      }
      return update(id, (h) =>
        h.executeUpdate(contract.assignInvestigatorsUpdate, { args: [{ actor: actorOf(actor), investigators: officers.map(credentialsOf) }] }),
      );
    },

    propose: action(contract.proposePenaltyUpdate),

    async legalReview(options: { actor: AuthenticatedOfficer; id: string; body: CaseReviewBody }) {
      const { actor } = options;
      return update(options.id, (h) =>
        h.executeUpdate(contract.caseLegalReviewUpdate, {
          args: [
            {
              reviewer: { ...actorOf(actor), isLegalReviewer: hasRole(actor, 'LEGAL_REVIEWER'), legalQualified: actor.legalQualified },
              decision: options.body.decision,
              opinion: options.body.opinion,
            },
          ],
        }),
      );
    },

    extendReview: action(contract.extendReviewUpdate),

    collectiveDecision: action(contract.collectiveDecisionUpdate),

    decide: action(contract.decideUpdate),

    serve: action(contract.serveUpdate),

    issueNotice: action(contract.issueNoticeUpdate),
    waive: action(contract.waiveUpdate),
    recordStatement: action(contract.statementUpdate),
    reexamine: action(contract.reexamineUpdate),
    requestHearing: action(contract.requestHearingUpdate),

    /** The presiding officer is an active officer serving the case's township (the workflow checks §64(4)). */
    async scheduleHearing(options: { actor: AuthenticatedOfficer; id: string; body: HearingScheduleBody }) {
      const { actor, id, body } = options;
      const row = await loadCase(id);
      const presiding = await prisma.officer.findFirst({ where: { id: body.presidingOfficerId, active: true }, include: ASSIGNMENT_INCLUDE });
      if (!presiding || !servesTownship(assignmentOf(presiding), row.townshipId)) {
        throw new AppError('UNKNOWN_REFERENCE', '听证主持人不存在或不在本案所属乡镇任职', [
          { code: 'UNKNOWN_REFERENCE', path: 'presidingOfficerId', message: '听证主持人不存在或不在本案所属乡镇任职' },
        ]);
      }
      const { hearingAt, place, public: open, notPublicReason } = body;
      const request = { actor: actorOf(actor), presiding: { officerId: presiding.id, name: presiding.name }, hearingAt, place, public: open, notPublicReason };
      return update(id, (h) =>
        h.executeUpdate(contract.scheduleHearingUpdate, { args: [request] }),
      );
    },

    challengePresiding: action(contract.challengeHearingUpdate),
    recordHearing: action(contract.hearingRecordUpdate),
    recordPayment: action(contract.paymentUpdate),
    arrangePayment: action(contract.paymentArrangementUpdate),
    recordExecution: action(contract.executionUpdate),
    publish: action(contract.publicationUpdate),
    revoke: action(contract.revocationUpdate),

    /** The decision as a text fit to publish: personal data of others taken out (domain/publicity.ts). */
    async publicationDraft(options: { id: string }) {
      const row = await loadCase(options.id);
      const state = await storedWorkflowState<CaseState>(prisma, contract.caseWorkflowId(options.id));
      if (!state?.decision) throw new AppError('INVALID_STATE', '尚未作出处罚决定，没有可公示的内容');
      const inspection = await prisma.jointInspection.findUnique({ where: { id: row.inspectionId }, include: { target: true } });
      const target = inspection?.target;
      const others = [
        ...(state.statements ?? []).map((s) => s.by),
        ...(state.services ?? []).flatMap((s) => [s.recipient, s.witness ?? '']),
        state.notice?.waiver?.partyRepresentative ?? '',
        target?.legalRepresentative ?? '',
      ];
      const proposal = state.proposal;
      const lines = [
        `当事人：${target?.name ?? ''}（统一社会信用代码：${target?.creditCode ?? ''}）`,
        `违法事实：${proposal?.facts ?? ''}`,
        `处罚依据：${proposal?.legalBasis ?? ''}`,
        `处罚决定：${state.decision.text}`,
        `作出决定日期：${chinaDate(state.decision.decidedAt)}`,
      ];
      return { title: redactForPublication(row.title, others), text: redactForPublication(lines.join('\n'), others), dueOn: state.publication?.dueOn ?? null };
    },

    /** The public page's list: published and not withdrawn, newest first. */
    async publicDecisions(options: { townshipId?: string }) {
      const rows = await prisma.publishedDecision.findMany({
        where: { withdrawnAt: null, ...(options.townshipId ? { townshipId: options.townshipId } : {}) },
        orderBy: [{ publishedAt: 'desc' }, { caseId: 'asc' }],
        take: 200,
      });
      const townships = await prisma.township.findMany({ where: { id: { in: rows.flatMap((r) => (r.townshipId ? [r.townshipId] : [])) } }, select: { id: true, name: true } });
      const nameOf = new Map(townships.map((t) => [t.id, t.name]));
      return {
        items: rows.map((r) => ({
          caseId: r.caseId,
          title: r.title,
          text: r.text,
          decidedOn: r.decidedOn,
          publishedAt: r.publishedAt.toISOString(),
          township: r.townshipId ? (nameOf.get(r.townshipId) ?? null) : null,
        })),
      };
    },
    applyCourtEnforcement: action(contract.courtEnforcementUpdate),

    suspend: action(contract.suspendCaseUpdate),

    close: action(contract.closeCaseUpdate),

    resume: action(contract.resumeCaseUpdate),
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
