/**
 * Database side of the rectification (责令改正) workflow. Each write carries a key (workflow id
 * + step) and writes its row and one AuditEvent in one transaction (db/steps.ts), so a retried
 * activity writes nothing twice — the deadline passing is recorded exactly once.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { addCalendarDays, type CalendarDeadline } from '../domain/calendar';
import type { PlannedDepartmentCheck } from '../domain/planning';
import { type InspectionPolicy } from '../domain/inspection';
import { validateOrderEligibility, type RectificationPolicy } from '../domain/rectification';
import type { NotificationDraft } from '../domain/notifications';
import type { RectificationFinding, RectificationInput } from '../contracts/rectification';
import {
  addCheckItemsUpdate,
  inspectionWorkflowId,
  jointInspectionStartOptions,
  type ActorRef,
  type AddCheckItemsRequest,
  type JointInspectionInput,
  type RecheckRef,
} from '../contracts/inspection';
import { createCalendarLookups, priorFailedOrdersOf, rectificationFindingOf, type PrismaClient } from '../db';
import { stepRecorder } from '../db/steps';
import { loadVisitInput } from './planning';
import { chinaDate, columnOfDate, dateOfColumn } from '../domain/dates';

export interface RectificationActivityDeps {
  prisma: PrismaClient;
}

/** The columns of RectificationOrder a step may set (JSON-safe, so a workflow can pass them). */
export interface RectificationRowUpdate {
  status: string;
  deadlineOn: string;
  extensionsJson: string;
  recheckInspectionId: string | null;
  result: string | null;
  escalation: string | null;
  /** CalendarDeadline JSON of deadlineOn; absent when the workflow predates it (kept as is). */
  deadlineBasisJson?: string;
}

/** A stable id for a visit the re-check scheduling creates, so a retried activity finds its own. */
function visitIdFor(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createRectificationActivities(deps: RectificationActivityDeps) {
  const { prisma } = deps;
  const calendar = createCalendarLookups({ prisma });
  const record = stepRecorder(prisma, 'RectificationOrder');

  /**
   * The re-inspection as a joint visit input, built like a planned visit's (loadVisitInput): the
   * same target and scenario, the finding's department with only the finding's item, a team of
   * that department's certified inspectors without a declared conflict, filled up to §42's
   * minimum. Read-only, so retrying is harmless; the date is the first working day after the deadline.
   */
  async function prepareRecheckInspection(options: {
    inspectionId: string;
    finding: RectificationFinding;
    deadline: string;
    policy: InspectionPolicy;
    scheduledBy: ActorRef;
  }): Promise<JointInspectionInput> {
    const { finding } = options;
    const visit = await loadVisitInput(prisma, {
      inspectionId: options.inspectionId,
      scheduledFor: await recheckDay(options.deadline),
      scheduledBy: options.scheduledBy,
      targetId: finding.targetId,
      scenarioCode: finding.scenarioCode,
      departments: [{ departmentCode: finding.departmentCode, itemCodes: [finding.itemCode] }],
      policy: options.policy,
      recheckOf: [
        { findingId: finding.findingId, inspectionId: finding.inspectionId, departmentCode: finding.departmentCode, itemCode: finding.itemCode },
      ],
    });
    if (visit.departments[0].items.length === 0) {
      throw ApplicationFailure.nonRetryable(`check item ${finding.itemCode} not in the catalog`, 'CATALOG_MISMATCH');
    }
    return visit;
  }

  /**
   * The first working day after the deadline, on the party's side of the calendar where next
   * year's notice is missing: a day that is certainly a working day, so the team works and the
   * business is open, and never before the party's period can have ended. Planning only.
   */
  async function recheckDay(deadline: string): Promise<string> {
    return (await calendar.calendarDeadline({ from: deadline, workingDays: 1, kind: 'rectification' })).date;
  }

  /**
   * The last day a scheduled visit may be on to take the re-check, counted like the re-check
   * day (party side, the wider window where a notice is missing): it only widens the search.
   */
  async function mergeWindowEnd(earliest: string, workingDays: number): Promise<string> {
    if (workingDays <= 0) return earliest;
    return (await calendar.calendarDeadline({ from: earliest, workingDays, kind: 'rectification' })).date;
  }

  /**
   * A visit of the business in a published scenario-list plan, in the window and not started
   * yet: the item (and its re-check reference) is written onto the planned visit, and the plan
   * starts the visit with it on its date. Only visits from tomorrow on, so the plan cannot be
   * starting that visit while this writes; the write is guarded by "not started" and adds the
   * item once however often it is retried.
   */
  async function addToPlannedVisit(visit: JointInspectionInput, earliest: string, latest: string): Promise<{ id: string; date: string } | null> {
    const tomorrow = addCalendarDays(chinaDate(new Date().toISOString()), 1);
    const from = earliest > tomorrow ? earliest : tomorrow;
    if (from > latest) return null;
    const candidates = await prisma.plannedVisit.findMany({
      where: {
        targetId: visit.target.id,
        inspectionId: null,
        plan: { status: { in: ['PUBLISHED', 'EXECUTING'] } },
        date: { gte: columnOfDate(from), lte: columnOfDate(latest) },
      },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
    });
    for (const candidate of candidates) {
      const departments = JSON.parse(candidate.departmentsJson) as PlannedDepartmentCheck[];
      for (const d of visit.departments) {
        const existing = departments.find((x) => x.departmentCode === d.departmentCode);
        const codes = d.items.map((i) => i.code);
        if (existing) existing.itemCodes = [...new Set([...existing.itemCodes, ...codes])];
        else departments.push({ departmentCode: d.departmentCode, itemCodes: codes, requestIds: [] });
      }
      const refs = JSON.parse(candidate.recheckOfJson) as RecheckRef[];
      for (const ref of visit.recheckOf ?? []) if (!refs.some((r) => r.findingId === ref.findingId)) refs.push(ref);
      const { count } = await prisma.plannedVisit.updateMany({
        where: { id: candidate.id, inspectionId: null },
        data: { departmentsJson: JSON.stringify(departments), recheckOfJson: JSON.stringify(refs) },
      });
      if (count === 1) return { id: candidate.id, date: dateOfColumn(candidate.date) };
    }
    return null;
  }

  return {
    prepareRecheckInspection,

    /**
     * Finds or makes the visit that re-checks a due order (进一次门): first a visit of the same
     * business already scheduled within `mergeWorkingDays` working days after the deadline (the
     * item is added to it while it has not started); else the one re-check visit of the business
     * for the first working day after the deadline, shared by every order falling due then (its
     * id is derived from business + day, so orders due together cannot make two); else, when
     * that visit has already started, a visit of its own. Additions carry the step key as the
     * update id and visits derive their id from it, so a retried activity repeats nothing.
     */
    async scheduleRecheck(options: {
      key: string;
      finding: RectificationFinding;
      deadline: string;
      policy: InspectionPolicy;
      scheduledBy: ActorRef;
      mergeWorkingDays: number;
    }): Promise<{ inspectionId: string | null; plannedVisitId: string | null; scheduledFor: string; merged: boolean }> {
      const { client, info } = Context.current();
      const visit = await prepareRecheckInspection({ ...options, inspectionId: visitIdFor(options.key) });
      const earliest = visit.scheduledFor;
      const latest = await mergeWindowEnd(earliest, options.mergeWorkingDays);
      const addition: AddCheckItemsRequest = {
        actor: options.scheduledBy,
        departments: visit.departments,
        team: visit.team,
        recheckOf: visit.recheckOf ?? [],
      };
      const tryAdd = async (inspectionId: string) => {
        try {
          await client.workflow
            .getHandle(inspectionWorkflowId(inspectionId))
            .executeUpdate(addCheckItemsUpdate, { updateId: options.key, args: [addition] });
          return true;
        } catch (error) {
          // Started meanwhile (the validator refuses) or already over: try the next one.
          if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) return false;
          throw error;
        }
      };
      const start = async (inspectionId: string) => {
        try {
          await client.workflow.start('jointInspectionWorkflow', {
            taskQueue: info.taskQueue,
            ...jointInspectionStartOptions({ ...visit, inspectionId }),
          });
          return true;
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
          throw error;
        }
      };

      const scheduled = await prisma.jointInspection.findMany({
        where: {
          targetId: options.finding.targetId,
          status: 'SCHEDULED',
          scheduledFor: { gte: columnOfDate(earliest), lte: columnOfDate(latest) },
        },
        orderBy: [{ scheduledFor: 'asc' }, { id: 'asc' }],
        select: { id: true, scheduledFor: true },
      });
      for (const candidate of scheduled) {
        if (await tryAdd(candidate.id)) {
          return { inspectionId: candidate.id, plannedVisitId: null, scheduledFor: dateOfColumn(candidate.scheduledFor), merged: true };
        }
      }
      const planned = await addToPlannedVisit(visit, earliest, latest);
      if (planned) return { inspectionId: null, plannedVisitId: planned.id, scheduledFor: planned.date, merged: true };
      const own = (inspectionId: string, merged: boolean) => ({ inspectionId, plannedVisitId: null, scheduledFor: earliest, merged });
      const shared = visitIdFor(`recheck:${options.finding.targetId}:${earliest}`);
      if (await start(shared)) return own(shared, false);
      if (await tryAdd(shared)) return own(shared, true);
      await start(visit.inspectionId);
      return own(visit.inspectionId, false);
    },

    /**
     * The second order after a failed re-check: for the re-check visit's own finding of the
     * item, when it proposes rectification and has no order yet; null otherwise (the officers
     * then decide — a penalty proposal goes to legal review with that visit).
     */
    async prepareFollowUpOrder(options: {
      recheckInspectionId: string;
      itemCode: string;
      /** China date of the order (the workflow's clock). */
      orderedOn: string;
      requirement: string;
      orderedBy: ActorRef;
      policy: RectificationPolicy;
      inspectionPolicy: InspectionPolicy;
    }): Promise<RectificationInput | null> {
      const row = await prisma.finding.findFirst({
        where: { inspectionId: options.recheckInspectionId, checkItem: { code: options.itemCode } },
        select: { id: true, proposedAction: true, outcome: true },
      });
      if (!row) return null;
      const ordered = await prisma.rectificationOrder.findUnique({ where: { findingId: row.id }, select: { findingId: true } });
      // The same rule as an officer's order; this follows a SECOND_ORDER escalation, never a case's.
      const refusals = validateOrderEligibility({ proposedAction: row.proposedAction, outcome: row.outcome, escalatedToCase: false, alreadyOrdered: Boolean(ordered) });
      if (refusals.length > 0) return null;
      const found = await rectificationFindingOf(prisma, row.id);
      if (!found) return null;
      const { orderedOn } = options;
      const workingDays = options.policy.defaultWorkingDays;
      const deadline = await calendar.calendarDeadline({ from: orderedOn, workingDays, kind: 'rectification' });
      return {
        finding: found.snapshot,
        requirement: options.requirement.startsWith('再次责令改正') ? options.requirement : `再次责令改正：${options.requirement}`,
        orderedBy: options.orderedBy,
        orderedOn,
        workingDays,
        deadline: deadline.date,
        deadlineBasis: deadline,
        policy: options.policy,
        inspectionPolicy: options.inspectionPolicy,
        priorFailedOrders: await priorFailedOrdersOf(prisma, found.snapshot),
      };
    },

    /** Working-day deadline of an extension, date only: what histories before the basis recorded. */
    rectificationDeadline: (input: { from: string; workingDays: number }) => calendar.workingDayDeadline({ ...input, kind: 'rectification' }),

    /** Working-day deadline of an order or an extension with its calendar basis (party side). */
    rectificationCalendarDeadline: (input: { from: string; workingDays: number }): Promise<CalendarDeadline> =>
      calendar.calendarDeadline({ ...input, kind: 'rectification' }),

    async recordRectificationOrdered(step: { key: string; input: RectificationInput; at: string }): Promise<void> {
      const { input } = step;
      const at = new Date(step.at);
      await record.at(step, input.finding.findingId, at, {
        actor: input.orderedBy,
        action: 'RECTIFICATION_ORDERED',
        payload: {
          requirement: input.requirement,
          workingDays: input.workingDays,
          deadlineOn: input.deadline,
          deadlineBasis: input.deadlineBasis ?? null,
          itemCode: input.finding.itemCode,
        },
        write: async (tx) => {
          await tx.rectificationOrder.create({
            data: {
              findingId: input.finding.findingId,
              inspectionId: input.finding.inspectionId,
              targetId: input.finding.targetId,
              departmentCode: input.finding.departmentCode,
              itemCode: input.finding.itemCode,
              requirement: input.requirement,
              workingDays: input.workingDays,
              orderedOn: input.orderedOn,
              orderedById: input.orderedBy.officerId,
              deadlineOn: input.deadline,
              deadlineBasisJson: input.deadlineBasis ? JSON.stringify(input.deadlineBasis) : null,
              extensionsJson: '[]',
              status: 'ORDERED',
              createdAt: at,
              updatedAt: at,
            },
          });
        },
      });
    },

    /** Any later step: the order row and its audit event (the audit trail is the history). */
    async recordRectificationStep(step: {
      key: string;
      findingId: string;
      kind: string;
      actor: ActorRef | null;
      detail: unknown;
      row: RectificationRowUpdate;
      at: string;
      /** Who must hear of the step (inbox rows in the step's transaction, db/steps.ts). */
      notify?: NotificationDraft[];
    }): Promise<void> {
      const at = new Date(step.at);
      await record.at(step, step.findingId, at, {
        actor: step.actor,
        action: `RECTIFICATION_${step.kind}`,
        payload: step.detail,
        notify: step.notify,
        write: async (tx) => {
          await tx.rectificationOrder.update({ where: { findingId: step.findingId }, data: { ...step.row, updatedAt: at } });
        },
      });
    },
  };
}

export type RectificationActivities = ReturnType<typeof createRectificationActivities>;
