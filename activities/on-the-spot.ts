/**
 * Database writes of the simple procedure on the spot (当场处罚, §51–§52) and of the joint
 * inspection's legal-review deadline: each a step of the visit (its AuditEvent under the
 * JointInspection), written once per key (workflow id + step) with its rows.
 */
import type { NotificationDraft } from '../domain/notifications';
import type { ActorRef, OnTheSpotPenaltyState } from '../contracts/inspection';
import type { CalendarDeadline } from '../domain/calendar';
import type { PartyAcknowledgement } from '../domain/simple-procedure';
import { createCalendarLookups } from '../db/calendar';
import type { PrismaClient } from '../db';
import { stepRecorder } from '../db/steps';

interface Step {
  key: string;
  inspectionId: string;
  at: string;
}

export function createOnTheSpotActivities(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  const calendar = createCalendarLookups({ prisma });
  const record = stepRecorder(prisma, 'JointInspection');

  return {
    /** §52 filing term: working days after the decision, on the agency's side (DEADLINE_SIDES). */
    onTheSpotFilingDeadline: (input: { from: string; workingDays: number }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline({ ...input, kind: 'onTheSpotFiling' }),

    /** The inspection's legal review due date with its basis: the agency's own period, like a case's. */
    inspectionReviewDeadline: (input: { from: string; workingDays: number }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline({ ...input, kind: 'legalReview' }),

    async recordOnTheSpotDecision(step: Step & { actor: ActorRef; penalty: OnTheSpotPenaltyState }): Promise<void> {
      const at = new Date(step.at);
      const p = step.penalty;
      await record.at(step, step.inspectionId, at, {
        actor: step.actor,
        action: 'ON_THE_SPOT_PENALTY_DECIDED',
        payload: {
          penaltyId: p.penaltyId,
          itemCode: p.itemCode,
          departmentCode: p.departmentCode,
          officer: p.officer,
          partyKind: p.partyKind,
          kind: p.kind,
          fineAmount: p.fineAmount,
          filingDueOn: p.filingDueOn,
        },
        write: async (tx) => {
          await tx.onTheSpotPenalty.create({
            data: {
              id: p.penaltyId,
              inspectionId: step.inspectionId,
              itemCode: p.itemCode,
              departmentCode: p.departmentCode,
              officerId: p.officer.officerId,
              officerName: p.officer.name,
              certificateNo: p.officer.certificateNo,
              partyKind: p.partyKind,
              kind: p.kind,
              fineAmount: p.fineAmount,
              facts: p.facts,
              legalBasis: p.legalBasis,
              place: p.place,
              decidedAt: new Date(p.decidedAt),
              filingDueOn: p.filingDueOn,
              filingDueBasisJson: JSON.stringify(p.filingDueBasis),
              createdAt: at,
              updatedAt: at,
            },
          });
          await tx.jointInspection.update({ where: { id: step.inspectionId }, data: { updatedAt: at } });
        },
      });
    },

    async recordOnTheSpotAcknowledgement(step: Step & { actor: ActorRef; penaltyId: string; acknowledgement: PartyAcknowledgement }): Promise<void> {
      const at = new Date(step.at);
      const ack = step.acknowledgement;
      await record.at(step, step.inspectionId, at, {
        actor: step.actor,
        action: ack.kind === 'SIGNED' ? 'ON_THE_SPOT_PENALTY_SIGNED' : 'ON_THE_SPOT_PENALTY_REFUSED',
        payload: { penaltyId: step.penaltyId, acknowledgement: ack },
        write: (tx) =>
          tx.onTheSpotPenalty.update({
            where: { id: step.penaltyId },
            data: {
              acknowledgement: ack.kind,
              signerName: ack.kind === 'SIGNED' ? ack.signerName : null,
              refusalWitness: ack.kind === 'REFUSED' ? ack.witnessName : null,
              refusalNote: ack.kind === 'REFUSED' ? ack.note : null,
              acknowledgedAt: new Date(ack.kind === 'SIGNED' ? ack.signedAt : ack.at),
              updatedAt: at,
            },
          }),
      });
    },

    async recordOnTheSpotFiling(step: Step & { actor: ActorRef; penaltyId: string; note: string; late: boolean }): Promise<void> {
      const at = new Date(step.at);
      await record.at(step, step.inspectionId, at, {
        actor: step.actor,
        action: 'ON_THE_SPOT_PENALTY_FILED',
        payload: { penaltyId: step.penaltyId, note: step.note, late: step.late },
        write: (tx) =>
          tx.onTheSpotPenalty.update({
            where: { id: step.penaltyId },
            data: { filedAt: at, filedById: step.actor.officerId, filedByName: step.actor.name, filingNote: step.note, updatedAt: at },
          }),
      });
    },

    /** The clock's step: the filing term passed without a filing (kind ON_THE_SPOT_FILING_OVERDUE). */
    async recordOnTheSpotFilingOverdue(step: Step & { penaltyId: string; filingDueOn: string; notify?: NotificationDraft[] }): Promise<void> {
      const at = new Date(step.at);
      await record.at(step, step.inspectionId, at, {
        actor: null,
        notify: step.notify,
        action: 'ON_THE_SPOT_FILING_OVERDUE',
        payload: { kind: 'ON_THE_SPOT_FILING_OVERDUE', penaltyId: step.penaltyId, filingDueOn: step.filingDueOn },
        write: (tx) =>
          tx.onTheSpotPenalty.update({ where: { id: step.penaltyId }, data: { filingOverdue: true, filingOverdueAt: at, updatedAt: at } }),
      });
    },

    /** A review round's deadline (started or extended) on the inspection row. */
    async recordInspectionReviewDeadline(
      step: Step & { actor: ActorRef | null; round: number; deadline: CalendarDeadline; reason: string | null },
    ): Promise<void> {
      const at = new Date(step.at);
      await record.at(step, step.inspectionId, at, {
        actor: step.actor,
        action: step.reason === null ? 'LEGAL_REVIEW_DUE' : 'LEGAL_REVIEW_EXTENDED',
        payload: { round: step.round, dueDate: step.deadline.date, basis: step.deadline.basis, reason: step.reason },
        write: (tx) =>
          tx.jointInspection.update({
            where: { id: step.inspectionId },
            data: { reviewDueOn: step.deadline.date, reviewDueBasisJson: JSON.stringify(step.deadline), reviewOverdueAt: null, updatedAt: at },
          }),
      });
    },

    /** The review clock's step: the round passed its deadline (kind INSPECTION_REVIEW_OVERDUE). */
    async recordInspectionReviewOverdue(step: Step & { round: number; dueDate: string; notify?: NotificationDraft[] }): Promise<void> {
      const at = new Date(step.at);
      await record.at(step, step.inspectionId, at, {
        actor: null,
        notify: step.notify,
        action: 'INSPECTION_REVIEW_OVERDUE',
        payload: { kind: 'INSPECTION_REVIEW_OVERDUE', round: step.round, dueDate: step.dueDate },
        write: (tx) => tx.jointInspection.update({ where: { id: step.inspectionId }, data: { reviewOverdueAt: at, updatedAt: at } }),
      });
    },
  };
}

export type OnTheSpotActivities = ReturnType<typeof createOnTheSpotActivities>;
