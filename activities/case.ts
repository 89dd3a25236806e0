/**
 * Database writes of the case workflow. Each activity is idempotent: it carries a key
 * (workflow id + step) and writes its rows and one AuditEvent in one transaction (writeOnce),
 * so a retried activity writes nothing twice — a clock warning is recorded exactly once.
 */
import type { CalendarDeadline } from '../domain/calendar';
import type { ReviewDecision } from '../domain/inspection';
import type { CaseInput } from '../contracts/case';
import type { ActorRef } from '../contracts/inspection';
import { createCalendarLookups, writeOnce, type PrismaClient } from '../db';

export interface CaseActivityDeps {
  prisma: PrismaClient;
}

/** The columns of EnforcementCase a step may set (JSON-safe, so a workflow can pass them). */
export interface CaseRowUpdate {
  status: string;
  decisionDueOn: string;
  suspended: boolean;
  suspendedDays: number;
  reviewDueOn: string | null;
  /** CalendarDeadline JSON of reviewDueOn; absent when the workflow predates it (kept as is). */
  reviewDueBasisJson?: string;
  major?: boolean;
  penaltyKind?: string;
  fineAmount?: number | null;
  proposalJson?: string;
  decisionOverdue?: boolean;
  reviewOverdue?: boolean;
  decisionText?: string;
  decidedAt?: string;
  decisionLate?: boolean;
  servedAt?: string;
  serviceMethod?: string;
  closedAt?: string;
}

function rowData(row: CaseRowUpdate, at: Date) {
  const { decidedAt, servedAt, closedAt, ...rest } = row;
  return {
    ...rest,
    ...(decidedAt ? { decidedAt: new Date(decidedAt) } : {}),
    ...(servedAt ? { servedAt: new Date(servedAt) } : {}),
    ...(closedAt ? { closedAt: new Date(closedAt) } : {}),
    updatedAt: at,
  };
}

export function createCaseActivities(deps: CaseActivityDeps) {
  const { prisma } = deps;
  const calendar = createCalendarLookups({ prisma });

  return {
    /** Legal review due date, date only: what histories before the basis recorded (agency side). */
    caseWorkingDayDeadline: (input: { from: string; workingDays: number }) => calendar.workingDayDeadline({ ...input, kind: 'legalReview' }),

    /** Legal review due date with its calendar basis: the agency's own period (DEADLINE_SIDES). */
    legalReviewDeadline: (input: { from: string; workingDays: number }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline({ ...input, kind: 'legalReview' }),

    async recordCaseFiled(step: { key: string; input: CaseInput; filedAt: string; dueDate: string }): Promise<void> {
      const { input } = step;
      const at = new Date(step.filedAt);
      await writeOnce(
        prisma,
        step.key,
        {
          actor: input.filedBy,
          action: 'CASE_FILED',
          subjectType: 'EnforcementCase',
          subjectId: input.caseId,
          at,
          payload: { inspectionId: input.inspectionId, findingId: input.findingId, decisionDueOn: step.dueDate },
        },
        async (tx) => {
          await tx.enforcementCase.create({
            data: {
              id: input.caseId,
              title: input.title,
              inspectionId: input.inspectionId,
              findingId: input.findingId,
              departmentCode: input.departmentCode,
              status: 'FILED',
              filedById: input.filedBy.officerId,
              filedAt: at,
              decisionDueOn: step.dueDate,
              updatedAt: at,
            },
          });
        },
      );
    },

    async recordCaseInvestigators(step: {
      key: string;
      caseId: string;
      actor: ActorRef;
      officerIds: string[];
      row: CaseRowUpdate;
      at: string;
    }): Promise<void> {
      const at = new Date(step.at);
      await writeOnce(
        prisma,
        step.key,
        {
          actor: step.actor,
          action: 'CASE_INVESTIGATORS_ASSIGNED',
          subjectType: 'EnforcementCase',
          subjectId: step.caseId,
          at,
          payload: { officerIds: step.officerIds },
        },
        async (tx) => {
          await tx.caseInvestigator.deleteMany({ where: { caseId: step.caseId } });
          await tx.caseInvestigator.createMany({
            data: step.officerIds.map((officerId) => ({ caseId: step.caseId, officerId, assignedAt: at })),
          });
          await tx.enforcementCase.update({ where: { id: step.caseId }, data: rowData(step.row, at) });
        },
      );
    },

    async recordCaseReview(step: {
      key: string;
      caseId: string;
      round: number;
      reviewer: ActorRef;
      decision: ReviewDecision;
      opinion: string;
      decidedAt: string;
      late: boolean;
      row: CaseRowUpdate;
    }): Promise<void> {
      const at = new Date(step.decidedAt);
      await writeOnce(
        prisma,
        step.key,
        {
          actor: step.reviewer,
          action: `CASE_REVIEW_${step.decision}`,
          subjectType: 'EnforcementCase',
          subjectId: step.caseId,
          at,
          payload: { round: step.round, opinion: step.opinion, late: step.late },
        },
        async (tx) => {
          await tx.caseReview.create({
            data: {
              caseId: step.caseId,
              round: step.round,
              reviewerId: step.reviewer.officerId,
              decision: step.decision,
              opinion: step.opinion,
              late: step.late,
              decidedAt: at,
            },
          });
          await tx.enforcementCase.update({ where: { id: step.caseId }, data: rowData(step.row, at) });
        },
      );
    },

    /** Any other step: a CaseEvent (clock records included), the case row, the audit event. */
    async recordCaseStep(step: {
      key: string;
      caseId: string;
      kind: string;
      actor: ActorRef | null;
      detail: unknown;
      row: CaseRowUpdate;
      at: string;
    }): Promise<void> {
      const at = new Date(step.at);
      await writeOnce(
        prisma,
        step.key,
        {
          actor: step.actor,
          action: `CASE_${step.kind}`,
          subjectType: 'EnforcementCase',
          subjectId: step.caseId,
          at,
          payload: step.detail,
        },
        async (tx) => {
          await tx.caseEvent.create({
            data: {
              caseId: step.caseId,
              kind: step.kind,
              actorId: step.actor?.officerId ?? null,
              at,
              detailJson: JSON.stringify(step.detail ?? {}),
            },
          });
          await tx.enforcementCase.update({ where: { id: step.caseId }, data: rowData(step.row, at) });
        },
      );
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
