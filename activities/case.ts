/**
 * Database writes of the case workflow. Each activity is idempotent: it carries a key
 * (workflow id + step) and writes its rows and one AuditEvent in one transaction (db/steps.ts),
 * so a retried activity writes nothing twice — a clock warning is recorded exactly once.
 */
import type { CalendarDeadline } from '../domain/calendar';
import type { ReviewDecision } from '../domain/inspection';
import type { NotificationDraft } from '../domain/notifications';
import type { CaseInput } from '../contracts/case';
import type { ActorRef } from '../contracts/inspection';
import { createCalendarLookups, type PrismaClient, type Tx } from '../db';
import { stepRecorder } from '../db/steps';

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
  // The penalty procedure's figures (workflows/case-procedure.ts), for worklists and counts.
  noticeServedOn?: string | null;
  statementEndsOn?: string | null;
  hearingStatus?: string | null;
  paymentDueOn?: string | null;
  amountPaid?: number | null;
  surchargeAmount?: number | null;
  paymentOverdue?: boolean;
  executedAt?: string | null;
}

/** What every step after filing carries: its key, the case, and the case row as the workflow has it. */
interface CaseStepOrigin {
  key: string;
  caseId: string;
  row: CaseRowUpdate;
  /** Who must hear of the step (inbox rows in the step's transaction, db/steps.ts). */
  notify?: NotificationDraft[];
}

/** The case row as a step leaves it. */
async function updateCase(tx: Tx, caseId: string, row: CaseRowUpdate, at: Date): Promise<void> {
  const { decidedAt, servedAt, closedAt, executedAt, ...rest } = row;
  await tx.enforcementCase.update({
    where: { id: caseId },
    data: {
      ...rest,
      ...(decidedAt ? { decidedAt: new Date(decidedAt) } : {}),
      ...(servedAt ? { servedAt: new Date(servedAt) } : {}),
      ...(closedAt ? { closedAt: new Date(closedAt) } : {}),
      ...(executedAt ? { executedAt: new Date(executedAt) } : {}),
      updatedAt: at,
    },
  });
}

/** What a step does to the case's public row (PublishedDecision). */
export type PublicationWrite =
  | { publish: { title: string; text: string; decidedOn: string; publishedById: string } }
  | { withdraw: { reason: string } };

async function writePublication(tx: Tx, caseId: string, write: PublicationWrite, at: Date): Promise<void> {
  if ('publish' in write) {
    const row = await tx.enforcementCase.findUnique({ where: { id: caseId }, select: { townshipId: true } });
    const data = { ...write.publish, townshipId: row?.townshipId ?? null, publishedAt: at, withdrawnAt: null, withdrawReason: null };
    await tx.publishedDecision.upsert({ where: { caseId }, create: { caseId, ...data }, update: data });
  } else {
    await tx.publishedDecision.updateMany({ where: { caseId, withdrawnAt: null }, data: { withdrawnAt: at, withdrawReason: write.withdraw.reason } });
  }
}

export function createCaseActivities(deps: CaseActivityDeps) {
  const { prisma } = deps;
  const calendar = createCalendarLookups({ prisma });
  const record = stepRecorder(prisma, 'EnforcementCase');
  /** A step after filing: its audit event, its own rows, and the case row as the workflow has it now. */
  const recordCase = (
    step: CaseStepOrigin,
    audit: { actor: ActorRef | null; action: string; at: Date; payload: unknown },
    rows: (tx: Tx) => Promise<void>,
  ) =>
    record({
      key: step.key,
      subjectId: step.caseId,
      notify: step.notify,
      ...audit,
      write: async (tx) => {
        await rows(tx);
        await updateCase(tx, step.caseId, step.row, audit.at);
      },
    });

  return {
    /** Legal review due date, date only: what histories before the basis recorded (agency side). */
    caseWorkingDayDeadline: (input: { from: string; workingDays: number }) => calendar.workingDayDeadline({ ...input, kind: 'legalReview' }),

    /** Legal review due date with its calendar basis: the agency's own period (DEADLINE_SIDES). */
    legalReviewDeadline: (input: { from: string; workingDays: number }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline({ ...input, kind: 'legalReview' }),

    /** A period of the penalty procedure in working days (§85), on the side DEADLINE_SIDES gives its kind. */
    procedureDeadline: (input: { from: string; workingDays: number; kind: 'statement' | 'hearingNotice' | 'decisionService' | 'publicity' }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline(input),

    async recordCaseFiled(step: { key: string; input: CaseInput; filedAt: string; dueDate: string }): Promise<void> {
      const { input } = step;
      const at = new Date(step.filedAt);
      await record.at(step, input.caseId, at, {
        actor: input.filedBy,
        action: 'CASE_FILED',
        payload: { inspectionId: input.inspectionId, findingId: input.findingId, decisionDueOn: step.dueDate },
        write: async (tx) => {
          // The case belongs to its business's township (for every list and access check).
          const inspection = await tx.jointInspection.findUnique({ where: { id: input.inspectionId }, select: { target: { select: { townshipId: true } } } });
          await tx.enforcementCase.create({
            data: {
              id: input.caseId,
              townshipId: inspection?.target.townshipId ?? null,
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
      });
    },

    /** The investigators as they now are: assigned, or one withdrawn on recusal (`action`, `detail`). */
    async recordCaseInvestigators(step: CaseStepOrigin & { actor: ActorRef; officerIds: string[]; at: string; action?: string; detail?: unknown }): Promise<void> {
      const at = new Date(step.at);
      const action = step.action ?? 'CASE_INVESTIGATORS_ASSIGNED';
      const payload = { officerIds: step.officerIds, ...(step.detail ? { detail: step.detail } : {}) };
      await recordCase(step, { actor: step.actor, action, at, payload }, async (tx) => {
        await tx.caseInvestigator.deleteMany({ where: { caseId: step.caseId } });
        await tx.caseInvestigator.createMany({
          data: step.officerIds.map((officerId) => ({ caseId: step.caseId, officerId, assignedAt: at })),
        });
      });
    },

    async recordCaseReview(
      step: CaseStepOrigin & { round: number; reviewer: ActorRef; decision: ReviewDecision; opinion: string; decidedAt: string; late: boolean },
    ): Promise<void> {
      const at = new Date(step.decidedAt);
      const payload = { round: step.round, opinion: step.opinion, late: step.late };
      await recordCase(step, { actor: step.reviewer, action: `CASE_REVIEW_${step.decision}`, at, payload }, async (tx) => {
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
      });
    },

    /**
     * Any other step: a CaseEvent (clock records included), the case row, the audit event — and,
     * for 执法公示, the public row published or withdrawn in the same transaction.
     */
    async recordCaseStep(
      step: CaseStepOrigin & { kind: string; actor: ActorRef | null; detail: unknown; at: string; publication?: PublicationWrite },
    ): Promise<void> {
      const at = new Date(step.at);
      await recordCase(step, { actor: step.actor, action: `CASE_${step.kind}`, at, payload: step.detail }, async (tx) => {
        if (step.publication) await writePublication(tx, step.caseId, step.publication, at);
        await tx.caseEvent.create({
          data: {
            caseId: step.caseId,
            kind: step.kind,
            actorId: step.actor?.officerId ?? null,
            at,
            detailJson: JSON.stringify(step.detail ?? {}),
          },
        });
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
