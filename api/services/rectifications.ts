/**
 * Rectification orders (责令改正) as the API sees them: checks what only the database can
 * answer (the finding, its department, whether an order exists), computes the deadline on the
 * working-day calendar, then hands the order to its workflow, which keeps the deadline, the
 * extensions and the re-inspection and writes the records.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import { type AuthenticatedOfficer, createCalendarLookups, noPenaltyListedOn, type PrismaClient } from '../../db';
import {
  DEFAULT_INSPECTION_POLICY,
  validateNoPenaltyDisposition,
  type InspectionPolicy,
} from '../../domain/inspection';
import {
  DEFAULT_RECTIFICATION_POLICY,
  NO_PENALTY_LEGAL_BASIS,
  isEnded,
  suggestNoPenalty,
  validateOrderEligibility,
  validateWorkingDays,
  type EscalationKind,
  type ExtensionRecord,
  type OrderCandidate,
  type RectificationPolicy,
  type RectificationStatus,
} from '../../domain/rectification';
import type { CalendarDeadline } from '../../domain/calendar';
import type { rectificationWorkflow } from '../../workflows/rectification';
import {
  extendRectificationUpdate,
  recordRecheckUpdate,
  rectificationWorkflowId,
  type RectificationState,
} from '../../contracts/rectification';
import { AppError, notFound, type AppErrorCode } from '../errors';
import type { ExtendRectificationBody, NoPenaltyBody, OrderRectificationBody, RecheckResultBody } from '../routes/rectifications/schema';
import { priorFailedOrdersOf, rectificationFindingOf } from '../../db';
import { inspectionWorkflowId, resolveFindingUpdate } from '../../contracts/inspection';
import type { jointInspectionWorkflow } from '../../workflows/joint-inspection';
import { startSettled, storedWorkflowState } from './read-model';
import { chinaDate, dateOfColumn } from '../../domain/dates';

export interface RectificationServiceDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  policy?: InspectionPolicy;
  rectificationPolicy?: RectificationPolicy;
}

export function createRectificationService(deps: RectificationServiceDeps) {
  const { prisma, temporal } = deps;
  const policy = deps.rectificationPolicy ?? DEFAULT_RECTIFICATION_POLICY;
  const calendar = createCalendarLookups({ prisma });
  const handleOf = (findingId: string) => temporal.workflow.getHandle<typeof rectificationWorkflow>(rectificationWorkflowId(findingId));
  const actorOf = (a: AuthenticatedOfficer) => ({ officerId: a.officerId, name: a.name });

  async function loadFinding(findingId: string) {
    const finding = await prisma.finding.findUnique({
      where: { id: findingId },
      include: { department: true, checkItem: true, inspection: { include: { scenario: true } } },
    });
    if (!finding) throw notFound('检查发现');
    return finding;
  }

  /** The order rule's first refusal, with its code and message (domain/rectification.ts). */
  function refuseOrder(candidate: OrderCandidate): void {
    const [refusal] = validateOrderEligibility(candidate);
    if (refusal) throw new AppError(refusal.code as AppErrorCode, refusal.message);
  }

  /** For changes: an ended order's workflow has completed, so the row answers with a 409. */
  async function loadOpenOrder(findingId: string) {
    const row = await loadOrder(findingId);
    if (isEnded(row.status as RectificationStatus)) throw new AppError('ALREADY_CLOSED', `整改已结束（${row.status === 'PASSED' ? '复查合格' : '已转后续处理'}）`);
    return row;
  }

  /** The row, or 404 (who may see it is api/policies.ts's). */
  async function loadOrder(findingId: string) {
    const row = await prisma.rectificationOrder.findUnique({ where: { findingId } });
    if (!row) throw notFound('整改记录');
    return row;
  }

  /**
   * 首违不罚 (§33) for a loaded finding: its item on the county's list in effect on the visit's day
   * (the day the team checked in, else the day it was scheduled for), its severity and this year's
   * history of the target.
   */
  async function suggestionFor(finding: Awaited<ReturnType<typeof loadFinding>>) {
    const visitDay = finding.inspection.checkInAt ? chinaDate(finding.inspection.checkInAt.toISOString()) : dateOfColumn(finding.inspection.scheduledFor);
    const [earlier, listed] = await Promise.all([
      prisma.finding.findMany({
        where: { id: { not: finding.id }, checkItemId: finding.checkItemId, inspection: { targetId: finding.inspection.targetId } },
        select: { createdAt: true },
      }),
      noPenaltyListedOn(prisma, finding.checkItem.code, visitDay),
    ]);
    return suggestNoPenalty(
      {
        severity: finding.severity,
        itemCode: finding.checkItem.code,
        listed,
        targetId: finding.inspection.targetId,
        foundOn: chinaDate(finding.createdAt.toISOString()),
      },
      earlier.map((e) => ({ itemCode: finding.checkItem.code, foundOn: chinaDate(e.createdAt.toISOString()) })),
    );
  }

  /** An order was made: its row, or its workflow just started (the row is its first write). */
  async function orderExists(findingId: string): Promise<boolean> {
    if (await prisma.rectificationOrder.findUnique({ where: { findingId }, select: { findingId: true } })) return true;
    try {
      await handleOf(findingId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /** The finding re-checks an order whose failed re-check was escalated to a case. */
  async function escalatedToCase(inspectionId: string, itemCode: string): Promise<boolean> {
    const recheck = await prisma.assignedItem.findFirst({
      where: { departmentCheck: { inspectionId }, checkItem: { code: itemCode }, recheckOfFindingId: { not: null } },
      select: { recheckOfFindingId: true },
    });
    if (!recheck?.recheckOfFindingId) return false;
    const order = await prisma.rectificationOrder.findUnique({ where: { findingId: recheck.recheckOfFindingId }, select: { escalation: true } });
    return order?.escalation === 'CASE';
  }

  async function deadlineAfter(from: string, workingDays: number) {
    try {
      return await calendar.calendarDeadline({ from, workingDays, kind: 'rectification' });
    } catch (error) {
      if (error instanceof ApplicationFailure && error.type === 'CALENDAR_YEAR_UNKNOWN') throw new AppError('CALENDAR_YEAR_UNKNOWN', error.message);
      throw error;
    }
  }

  return {
    async order(options: { actor: AuthenticatedOfficer; findingId: string; body: OrderRectificationBody; now?: Date }) {
      const { actor, findingId, body } = options;
      const finding = await loadFinding(findingId);
      const [escalated, ordered] = await Promise.all([
        escalatedToCase(finding.inspectionId, finding.checkItem.code),
        prisma.rectificationOrder.findUnique({ where: { findingId }, select: { findingId: true } }),
      ]);
      refuseOrder({ proposedAction: finding.proposedAction, outcome: finding.outcome, escalatedToCase: escalated, alreadyOrdered: Boolean(ordered) });
      const workingDays = body.workingDays ?? policy.defaultWorkingDays;
      const invalid = validateWorkingDays(workingDays, policy);
      if (invalid.length > 0) throw new AppError('RECTIFICATION_DEADLINE_INVALID', invalid[0].message, invalid);
      const orderedOn = chinaDate((options.now ?? new Date()).toISOString());
      const deadline = await deadlineAfter(orderedOn, workingDays);
      const snapshot = (await rectificationFindingOf(prisma, findingId))!.snapshot;
      const priorFailedOrders = await priorFailedOrdersOf(prisma, snapshot);
      try {
        await startSettled<typeof rectificationWorkflow>(temporal, 'rectificationWorkflow', {
          taskQueue: deps.taskQueue,
          workflowId: rectificationWorkflowId(findingId),
          // One order per finding, ever: a finished order's id is not reused either.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [
            {
              finding: snapshot,
              requirement: body.requirement,
              orderedBy: actorOf(actor),
              orderedOn,
              workingDays,
              deadline: deadline.date,
              deadlineBasis: deadline,
              policy,
              inspectionPolicy: deps.policy ?? DEFAULT_INSPECTION_POLICY,
              priorFailedOrders,
            },
          ],
        });
      } catch (error) {
        // Two requests racing past the row check: the workflow id settles it.
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          refuseOrder({ proposedAction: 'RECTIFY', outcome: null, escalatedToCase: false, alreadyOrdered: true });
        }
        throw error;
      }
      return { findingId, workflowId: rectificationWorkflowId(findingId), deadline: deadline.date, deadlineBasis: deadline };
    },

    async get(options: { findingId: string }) {
      const row = await loadOrder(options.findingId);
      const state = await storedWorkflowState<RectificationState>(prisma, rectificationWorkflowId(options.findingId));
      if (state) return state;
      // An order from before the read model has its row only: answered in the state's shape with
      // what the row keeps (the re-check's note and recorder are in its audit events only).
      const legacy: RectificationState = {
        findingId: row.findingId,
        status: row.status as RectificationStatus,
        persisted: true,
        requirement: row.requirement,
        orderedOn: row.orderedOn,
        deadline: row.deadlineOn,
        deadlineBasis: row.deadlineBasisJson ? (JSON.parse(row.deadlineBasisJson) as CalendarDeadline) : null,
        extensions: JSON.parse(row.extensionsJson) as ExtensionRecord[],
        dueAt: null,
        recheckInspectionId: row.recheckInspectionId,
        recheck: null,
        escalation: row.escalation ? { kind: row.escalation as EscalationKind, at: row.updatedAt.toISOString() } : null,
      };
      return legacy;
    },

    async extend(options: { actor: AuthenticatedOfficer; findingId: string; body: ExtendRectificationBody }) {
      await loadOpenOrder(options.findingId);
      return handleOf(options.findingId).executeUpdate(extendRectificationUpdate, {
        args: [{ actor: actorOf(options.actor), reason: options.body.reason, workingDays: options.body.workingDays }],
      });
    },

    async recheckResult(options: { actor: AuthenticatedOfficer; findingId: string; body: RecheckResultBody }) {
      const { body } = options;
      const row = await loadOpenOrder(options.findingId);
      const inspection = await prisma.jointInspection.findUnique({ where: { id: body.inspectionId }, select: { targetId: true } });
      if (!inspection || inspection.targetId !== row.targetId) {
        throw new AppError('UNKNOWN_REFERENCE', '复查的联合检查不存在或不是对同一检查对象的检查', [
          { code: 'UNKNOWN_REFERENCE', path: 'inspectionId', message: '复查的联合检查不存在或不是对同一检查对象的检查' },
        ]);
      }
      return handleOf(options.findingId).executeUpdate(recordRecheckUpdate, {
        args: [{ actor: actorOf(options.actor), result: body.result, inspectionId: body.inspectionId, note: body.note, escalation: body.escalation }],
      });
    },

    /**
     * 首违不罚 (§33) as the finding's end state: only when the suggestion's conditions hold,
     * with the correction described, after legal review (the visit is in follow-up), and not
     * for a finding already under an order or a case.
     */
    async recordNoPenalty(options: { actor: AuthenticatedOfficer; findingId: string; body: NoPenaltyBody }) {
      const { actor, findingId, body } = options;
      const finding = await loadFinding(findingId);
      if (finding.outcome) throw new AppError('FINDING_ALREADY_RESOLVED', '该检查发现已有处理结果');
      const [order, filed] = await Promise.all([
        orderExists(findingId),
        prisma.enforcementCase.findFirst({ where: { findingId }, select: { id: true } }),
      ]);
      const suggestion = await suggestionFor(finding);
      const violations = validateNoPenaltyDisposition({
        suggestion,
        correction: body.correction,
        alreadyDisposed: order ? 'RECTIFICATION' : filed ? 'CASE' : null,
      });
      if (violations.length > 0) {
        const code = violations[0].code as 'FINDING_ALREADY_DISPOSED' | 'NO_PENALTY_NOT_APPLICABLE' | 'REASON_REQUIRED';
        throw new AppError(code, violations.map((v) => v.message).join('；'), violations);
      }
      const state = await temporal.workflow
        .getHandle<typeof jointInspectionWorkflow>(inspectionWorkflowId(finding.inspectionId))
        .executeUpdate(resolveFindingUpdate, {
          args: [{ actor: actorOf(actor), itemCode: finding.checkItem.code, outcome: 'NO_PENALTY', note: `${NO_PENALTY_LEGAL_BASIS} 改正情况：${body.correction.trim()}` }],
        });
      return { findingId, outcome: 'NO_PENALTY' as const, inspectionStatus: state.status };
    },

    /** 首违不罚 (§33): a suggestion from the finding's severity and this year's history of the target. */
    async noPenaltySuggestion(options: { findingId: string }) {
      const finding = await loadFinding(options.findingId);
      const suggestion = await suggestionFor(finding);
      return { findingId: finding.id, ...suggestion };
    },
  };
}

export type RectificationService = ReturnType<typeof createRectificationService>;
