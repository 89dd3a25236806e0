/**
 * Database writes of the normative-document workflow. Each is idempotent: keyed by workflow id
 * + step, the rows and one AuditEvent in one transaction (db/steps.ts), so an overdue flag or a
 * review is written exactly once however often the activity is retried.
 */
import type { CalendarDeadline } from '../domain/calendar';
import type { NormativeDocumentInput } from '../contracts/normative-document';
import type { ActorRef } from '../contracts/inspection';
import { createCalendarLookups, type PrismaClient, type Tx } from '../db';
import { stepRecorder } from '../db/steps';

/** The columns of NormativeDocument a step may set (JSON-safe). */
export interface NormativeDocumentRow {
  status: string;
  round: number;
  reviewDueOn: string | null;
  reviewOverdue?: boolean;
  discussedOn?: string;
  documentNumber?: string;
  publishedOn?: string;
  filingDueOn?: string;
  filingOverdue?: boolean;
  filedOn?: string;
  filingReference?: string;
}

interface StepOrigin {
  key: string;
  documentId: string;
  row: NormativeDocumentRow;
}

export function createNormativeDocumentActivities({ prisma }: { prisma: PrismaClient }) {
  const calendar = createCalendarLookups({ prisma });
  const record = stepRecorder(prisma, 'NormativeDocument');
  const update = (tx: Tx, documentId: string, row: NormativeDocumentRow, at: Date) =>
    tx.normativeDocument.update({ where: { id: documentId }, data: { ...row, updatedAt: at } });

  return {
    /** The legality review term, the agency's own period (DEADLINE_SIDES.legalReview). */
    normativeReviewDeadline: (input: { from: string; workingDays: number }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline({ ...input, kind: 'legalReview' }),

    async recordNormativeDocumentSubmitted(step: { key: string; input: NormativeDocumentInput; at: string; reviewDueOn: string }): Promise<void> {
      const { input } = step;
      const at = new Date(step.at);
      await record.at(step, input.documentId, at, {
        actor: input.submittedBy,
        action: 'NORMATIVE_DOCUMENT_SUBMITTED',
        payload: { title: input.title, draftingOffice: input.draftingOffice, reviewDueOn: step.reviewDueOn },
        write: async (tx) => {
          await tx.normativeDocument.create({
            data: {
              id: input.documentId,
              townshipId: input.townshipId,
              title: input.title,
              draftingOffice: input.draftingOffice,
              submittedById: input.submittedBy.officerId,
              submittedAt: at,
              status: 'SUBMITTED',
              collectiveDiscussionRequired: input.collectiveDiscussionRequired,
              round: 1,
              reviewDueOn: step.reviewDueOn,
              updatedAt: at,
            },
          });
          await tx.normativeDocumentEvent.create({
            data: { documentId: input.documentId, kind: 'SUBMITTED', actorId: input.submittedBy.officerId, at, detailJson: JSON.stringify({ round: 1, reviewDueOn: step.reviewDueOn }) },
          });
        },
      });
    },

    async recordNormativeReview(
      step: StepOrigin & { round: number; reviewer: ActorRef; decision: string; opinion: string; decidedAt: string; late: boolean },
    ): Promise<void> {
      const at = new Date(step.decidedAt);
      await record.at(step, step.documentId, at, {
        actor: step.reviewer,
        action: `NORMATIVE_REVIEW_${step.decision}`,
        payload: { round: step.round, opinion: step.opinion, late: step.late },
        write: async (tx) => {
          await tx.normativeDocumentReview.create({
            data: { documentId: step.documentId, round: step.round, reviewerId: step.reviewer.officerId, decision: step.decision, opinion: step.opinion, late: step.late, decidedAt: at },
          });
          await update(tx, step.documentId, step.row, at);
        },
      });
    },

    /** Any other step (resubmission, discussion, publication, filing, overdue flags): an event and the row. */
    async recordNormativeDocumentStep(step: StepOrigin & { kind: string; actor: ActorRef | null; detail: unknown; at: string }): Promise<void> {
      const at = new Date(step.at);
      await record.at(step, step.documentId, at, {
        actor: step.actor,
        action: `NORMATIVE_DOCUMENT_${step.kind}`,
        payload: step.detail,
        write: async (tx) => {
          await tx.normativeDocumentEvent.create({
            data: { documentId: step.documentId, kind: step.kind, actorId: step.actor?.officerId ?? null, at, detailJson: JSON.stringify(step.detail ?? {}) },
          });
          await update(tx, step.documentId, step.row, at);
        },
      });
    },
  };
}

export type NormativeDocumentActivities = ReturnType<typeof createNormativeDocumentActivities>;
