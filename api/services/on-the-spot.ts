/**
 * The simple procedure on the spot (当场处罚, 行政处罚法 §51–§52) as the API sees it: the
 * officer's decision, the party's signature or refusal, the organ's filing, and the inspection
 * legal review's one extension. The inspection workflow's validators decide every step (domain/
 * simple-procedure.ts); this service loads the people and the party and reads the rows back.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { AuthenticatedOfficer, PrismaClient } from '../../db';
import {
  acknowledgeOnTheSpotPenaltyUpdate,
  decideOnTheSpotPenaltyUpdate,
  extendInspectionReviewUpdate,
  fileOnTheSpotPenaltyUpdate,
  inspectionWorkflowId,
} from '../../contracts/inspection';
import type { CalendarDeadline } from '../../domain/calendar';
import { isTerminal, type InspectionStatus } from '../../domain/inspection';
import { DEFAULT_SIMPLE_PROCEDURE_POLICY, type PartyKind, type OnTheSpotPenaltyKind, type SimpleProcedurePolicy } from '../../domain/simple-procedure';
import type { jointInspectionWorkflow } from '../../workflows/joint-inspection';
import { AppError } from '../errors';
import type { AcknowledgementBody, DecideOnTheSpotBody, ExtendReviewBody, FilingBody, OnTheSpotPenaltyResponse } from '../routes/on-the-spot/schema';
import { credentialsOf } from './catalog';

type PenaltyRow = NonNullable<Awaited<ReturnType<PrismaClient['onTheSpotPenalty']['findUnique']>>>;

function responseOf(row: PenaltyRow): OnTheSpotPenaltyResponse {
  const basis = JSON.parse(row.filingDueBasisJson) as CalendarDeadline;
  return {
    id: row.id,
    inspectionId: row.inspectionId,
    itemCode: row.itemCode,
    departmentCode: row.departmentCode,
    officer: { officerId: row.officerId, name: row.officerName, certificateNo: row.certificateNo },
    partyKind: row.partyKind as PartyKind,
    kind: row.kind as OnTheSpotPenaltyKind,
    fineAmount: row.fineAmount,
    facts: row.facts,
    legalBasis: row.legalBasis,
    place: row.place,
    decidedAt: row.decidedAt.toISOString(),
    filingDueOn: row.filingDueOn,
    filingDueBasis: basis.basis,
    acknowledgement:
      row.acknowledgement === null
        ? null
        : {
            kind: row.acknowledgement as 'SIGNED' | 'REFUSED',
            signerName: row.signerName,
            witnessName: row.refusalWitness,
            note: row.refusalNote,
            at: (row.acknowledgedAt ?? row.updatedAt).toISOString(),
          },
    filedAt: row.filedAt?.toISOString() ?? null,
    filedBy: row.filedByName,
    filingOverdue: row.filingOverdue,
    filingOverdueAt: row.filingOverdueAt?.toISOString() ?? null,
  };
}

export function createOnTheSpotService(deps: { prisma: PrismaClient; temporal: Client; simpleProcedure?: SimpleProcedurePolicy }) {
  const { prisma, temporal } = deps;
  const policy = deps.simpleProcedure ?? DEFAULT_SIMPLE_PROCEDURE_POLICY;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof jointInspectionWorkflow>(inspectionWorkflowId(id));
  const actorRef = (actor: AuthenticatedOfficer) => ({ officerId: actor.officerId, name: actor.name });

  async function openInspection(id: string) {
    const row = await prisma.jointInspection.findUnique({ where: { id }, include: { target: true } });
    if (!row) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${id} 不存在`);
    if (isTerminal(row.status as InspectionStatus)) {
      throw new AppError('ALREADY_CLOSED', row.status === 'CLOSED' ? '联合检查已办结，不能再办理' : '联合检查已取消，不能再办理');
    }
    return row;
  }

  async function penaltyRow(inspectionId: string, penaltyId: string) {
    const row = await prisma.onTheSpotPenalty.findUnique({ where: { id: penaltyId } });
    if (!row || row.inspectionId !== inspectionId) {
      throw new AppError('ON_THE_SPOT_PENALTY_NOT_FOUND', `联合检查 ${inspectionId} 中没有当场处罚决定 ${penaltyId}`);
    }
    return row;
  }

  return {
    /** §51: the caller decides on the spot; the workflow checks the team, the certificate and the limits. */
    async decide(options: { actor: AuthenticatedOfficer; id: string; body: DecideOnTheSpotBody }) {
      const { actor, id, body } = options;
      const inspection = await openInspection(id);
      const officer = await prisma.officer.findUniqueOrThrow({ where: { id: actor.officerId }, include: { department: true } });
      const penaltyId = randomUUID();
      // Whether the finding already went another way: the workflow's validator decides on it.
      const finding = await prisma.finding.findFirst({ where: { inspectionId: id, checkItem: { code: body.itemCode } }, select: { id: true } });
      const [order, enforcementCase] = finding
        ? await Promise.all([
            prisma.rectificationOrder.findUnique({ where: { findingId: finding.id }, select: { findingId: true } }),
            prisma.enforcementCase.findFirst({ where: { findingId: finding.id }, select: { id: true } }),
          ])
        : [null, null];
      await handleOf(id).executeUpdate(decideOnTheSpotPenaltyUpdate, {
        args: [
          {
            penaltyId,
            actor: actorRef(actor),
            officer: credentialsOf(officer),
            partyCreditCode: inspection.target.creditCode,
            itemCode: body.itemCode,
            alreadyDisposed: enforcementCase ? 'CASE' : order ? 'RECTIFICATION' : null,
            proposal: {
              factsCertain: body.factsCertain,
              facts: body.facts,
              legalBasis: body.legalBasis,
              kind: body.kind,
              ...(body.fineAmount === undefined ? {} : { fineAmount: body.fineAmount }),
            },
            place: body.place,
            policy,
          },
        ],
      });
      return responseOf(await penaltyRow(id, penaltyId));
    },

    async acknowledge(options: { actor: AuthenticatedOfficer; id: string; penaltyId: string; body: AcknowledgementBody }) {
      const { actor, id, penaltyId, body } = options;
      await openInspection(id);
      await penaltyRow(id, penaltyId);
      const at = new Date().toISOString();
      await handleOf(id).executeUpdate(acknowledgeOnTheSpotPenaltyUpdate, {
        args: [
          {
            penaltyId,
            actor: actorRef(actor),
            acknowledgement:
              body.kind === 'SIGNED'
                ? { kind: 'SIGNED', signerName: body.signerName, signedAt: body.signedAt ? new Date(body.signedAt).toISOString() : at }
                : { kind: 'REFUSED', witnessName: body.witnessName, note: body.note, at },
          },
        ],
      });
      return responseOf(await penaltyRow(id, penaltyId));
    },

    async file(options: { actor: AuthenticatedOfficer; id: string; penaltyId: string; body: FilingBody }) {
      const { actor, id, penaltyId, body } = options;
      await openInspection(id);
      await penaltyRow(id, penaltyId);
      await handleOf(id).executeUpdate(fileOnTheSpotPenaltyUpdate, { args: [{ penaltyId, actor: actorRef(actor), note: body.note }] });
      return responseOf(await penaltyRow(id, penaltyId));
    },

    async list(options: { id: string }) {
      const rows = await prisma.onTheSpotPenalty.findMany({ where: { inspectionId: options.id }, orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }] });
      return { items: rows.map(responseOf) };
    },

    async get(options: { id: string; penaltyId: string }) {
      return responseOf(await penaltyRow(options.id, options.penaltyId));
    },

    /** One extension of the pending review round's deadline, with its reason (like a case's). */
    async extendReview(options: { actor: AuthenticatedOfficer; id: string; body: ExtendReviewBody }) {
      const { actor, id, body } = options;
      await openInspection(id);
      return handleOf(id).executeUpdate(extendInspectionReviewUpdate, { args: [{ actor: actorRef(actor), reason: body.reason }] });
    },
  };
}

export type OnTheSpotService = ReturnType<typeof createOnTheSpotService>;
