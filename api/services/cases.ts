/**
 * Administrative cases as the API sees them: checks what only the database can answer (the
 * finding, the officers, who may act), then hands the change to the case workflow, which
 * enforces the procedure (行政处罚法 §42 §57 §58 §60) and writes the records.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { AuthenticatedOfficer, PrismaClient } from '../../db';
import { casePolicyFor, type CasePolicy } from '../../domain/case';
import { DEFAULT_INSPECTION_POLICY, type InspectionPolicy } from '../../domain/inspection';
import type { caseWorkflow } from '../../workflows/case';
import type { CaseState } from '../../contracts/case';
import {
  assignInvestigatorsUpdate,
  caseLegalReviewUpdate,
  closeCaseUpdate,
  caseWorkflowId,
  collectiveDecisionUpdate,
  decideUpdate,
  extendReviewUpdate,
  proposePenaltyUpdate,
  resumeCaseUpdate,
  serveUpdate,
  suspendCaseUpdate,
} from '../../contracts/case';
import { hasRole, isDepartmentBound } from '../policies';
import { AppError, notFound } from '../errors';
import type {
  CaseReviewBody,
  CollectiveDecisionBody,
  DecisionBody,
  FileCaseBody,
  InvestigatorsBody,
  ListCasesQuery,
  ProposalBody,
  ReasonBody,
  ServiceBody,
} from '../routes/cases/schema';
import { credentialsOf } from './catalog';
import { startSettled, storedWorkflowState } from './read-model';

export interface CaseServiceDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  casePolicy?: CasePolicy;
  /** Carries the one §42 setting (MIN_CERTIFIED_OFFICERS): a case's investigators meet the same minimum. */
  policy?: InspectionPolicy;
}

export function createCaseService(deps: CaseServiceDeps) {
  const { prisma, temporal } = deps;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof caseWorkflow>(caseWorkflowId(id));
  const actorOf = (a: AuthenticatedOfficer) => ({ officerId: a.officerId, name: a.name });

  /** The row, or 404 (who may see it is api/policies.ts's). */
  async function loadCase(id: string) {
    const row = await prisma.enforcementCase.findUnique({ where: { id } });
    if (!row) throw notFound('案件');
    return row;
  }

  async function update<T>(id: string, run: (h: ReturnType<typeof handleOf>) => Promise<T>) {
    const row = await loadCase(id);
    if (row.status === 'CLOSED') throw new AppError('ALREADY_CLOSED', '案件已结案');
    return run(handleOf(id));
  }

  return {
    async file(options: { actor: AuthenticatedOfficer; body: FileCaseBody }) {
      const { actor, body } = options;
      const finding = await prisma.finding.findFirst({
        where: { id: body.findingId, inspectionId: body.inspectionId },
        include: { department: true, checkItem: true },
      });
      if (!finding) {
        throw new AppError('UNKNOWN_REFERENCE', '该联合检查中没有这个检查发现', [
          { code: 'UNKNOWN_REFERENCE', path: 'findingId', message: '该联合检查中没有这个检查发现' },
        ]);
      }
      const id = randomUUID();
      await startSettled<typeof caseWorkflow>(temporal, 'caseWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: caseWorkflowId(id),
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
          },
        ],
      });
      return { id, workflowId: caseWorkflowId(id) };
    },

    async get(options: { id: string }) {
      const row = await loadCase(options.id);
      // A case from before the read model has its row only.
      return (await storedWorkflowState<CaseState>(prisma, caseWorkflowId(options.id))) ?? { ...row, persisted: true };
    },

    async list(options: { actor: AuthenticatedOfficer; query: ListCasesQuery }) {
      const { actor, query } = options;
      const departmentBound = isDepartmentBound(actor);
      const items = await prisma.enforcementCase.findMany({
        where: {
          ...(query.due === 'review' ? { status: 'IN_LEGAL_REVIEW' } : {}),
          ...(query.due === 'collective' ? { status: 'COLLECTIVE_DECISION' } : {}),
          ...(departmentBound ? { departmentCode: actor.departmentCode } : {}),
        },
        // The most urgent first: review deadline for reviewers, §60 due date otherwise.
        orderBy: query.due === 'review' ? [{ reviewDueOn: 'asc' }] : [{ decisionDueOn: 'asc' }],
        take: 500,
      });
      return { items };
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
      return update(id, (h) =>
        h.executeUpdate(assignInvestigatorsUpdate, { args: [{ actor: actorOf(actor), investigators: officers.map(credentialsOf) }] }),
      );
    },

    async propose(options: { actor: AuthenticatedOfficer; id: string; body: ProposalBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(proposePenaltyUpdate, { args: [{ actor: actorOf(options.actor), ...options.body }] }),
      );
    },

    async legalReview(options: { actor: AuthenticatedOfficer; id: string; body: CaseReviewBody }) {
      const { actor } = options;
      return update(options.id, (h) =>
        h.executeUpdate(caseLegalReviewUpdate, {
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

    async extendReview(options: { actor: AuthenticatedOfficer; id: string; body: ReasonBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(extendReviewUpdate, { args: [{ actor: actorOf(options.actor), reason: options.body.reason }] }),
      );
    },

    async collectiveDecision(options: { actor: AuthenticatedOfficer; id: string; body: CollectiveDecisionBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(collectiveDecisionUpdate, { args: [{ actor: actorOf(options.actor), ...options.body }] }),
      );
    },

    async decide(options: { actor: AuthenticatedOfficer; id: string; body: DecisionBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(decideUpdate, { args: [{ actor: actorOf(options.actor), decisionText: options.body.decisionText }] }),
      );
    },

    async serve(options: { actor: AuthenticatedOfficer; id: string; body: ServiceBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(serveUpdate, { args: [{ actor: actorOf(options.actor), ...options.body }] }),
      );
    },

    async suspend(options: { actor: AuthenticatedOfficer; id: string; body: ReasonBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(suspendCaseUpdate, { args: [{ actor: actorOf(options.actor), reason: options.body.reason }] }),
      );
    },

    async close(options: { actor: AuthenticatedOfficer; id: string; body: ReasonBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(closeCaseUpdate, { args: [{ actor: actorOf(options.actor), reason: options.body.reason }] }),
      );
    },

    async resume(options: { actor: AuthenticatedOfficer; id: string; body: ReasonBody }) {
      return update(options.id, (h) =>
        h.executeUpdate(resumeCaseUpdate, { args: [{ actor: actorOf(options.actor), reason: options.body.reason }] }),
      );
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
