/**
 * Database writes of the joint-inspection workflow. Each activity is idempotent: it carries
 * a key (workflow id + step) and writes its business rows and one AuditEvent in one
 * transaction, so a retry after a crash writes nothing twice. Status changes check the
 * current status explicitly.
 */
import type { NotificationDraft } from '../domain/notifications';
import { ApplicationFailure } from '@temporalio/common';
import { proposedActionOf, type CheckResultInput, type DepartmentAssignment, type FindingDraft, type FindingResolution, type InspectionStatus } from '../domain/inspection';
import { inspectionWorkflowId, type ActorRef, type JointInspectionInput, type RecheckRef, type TeamMemberRef } from '../contracts/inspection';
import { scenarioListInEffect, type PrismaClient, type Tx } from '../db';
import { stepRecorder } from '../db/steps';
import { columnOfDate } from '../domain/dates';
import type { CheckInPosition } from '../domain/check-in';

export interface InspectionActivityDeps {
  prisma: PrismaClient;
}

interface Step {
  key: string;
  inspectionId: string;
  at: string;
}

async function departmentIdsByCode(tx: Tx, codes: string[]): Promise<Map<string, string>> {
  const rows = await tx.department.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const map = new Map(rows.map((r) => [r.code, r.id]));
  const missing = codes.filter((c) => !map.has(c));
  if (missing.length > 0) {
    throw ApplicationFailure.nonRetryable(`unknown department codes: ${missing.join(', ')}`, 'CATALOG_MISMATCH');
  }
  return map;
}

async function checkItemIdsByCode(tx: Tx, codes: string[]): Promise<Map<string, string>> {
  const rows = await tx.checkItem.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const map = new Map(rows.map((r) => [r.code, r.id]));
  const missing = codes.filter((c) => !map.has(c));
  if (missing.length > 0) {
    throw ApplicationFailure.nonRetryable(`unknown check item codes: ${missing.join(', ')}`, 'CATALOG_MISMATCH');
  }
  return map;
}

/** Moves the inspection from one status to another, refusing if it is not where we expect. */
async function moveStatus(
  tx: Tx,
  inspectionId: string,
  from: InspectionStatus,
  to: InspectionStatus,
  extra: Record<string, unknown>,
): Promise<void> {
  const { count } = await tx.jointInspection.updateMany({
    where: { id: inspectionId, status: from },
    data: { status: to, ...extra },
  });
  if (count !== 1) {
    throw ApplicationFailure.nonRetryable(
      `inspection ${inspectionId} is not in status ${from}; cannot move to ${to}`,
      'STATUS_MISMATCH',
    );
  }
}

async function replaceFindings(tx: Tx, inspectionId: string, findings: FindingDraft[], at: Date): Promise<void> {
  const departments = await departmentIdsByCode(tx, [...new Set(findings.map((f) => f.departmentCode))]);
  const items = await checkItemIdsByCode(tx, findings.map((f) => f.itemCode));
  await tx.finding.deleteMany({
    where: { inspectionId, checkItemId: { notIn: findings.map((f) => items.get(f.itemCode)!) } },
  });
  for (const f of findings) {
    const data = {
      departmentId: departments.get(f.departmentCode)!,
      severity: f.severity,
      description: f.description,
      proposedAction: f.proposedAction,
      measuredValue: f.measuredValue ?? null,
      updatedAt: at,
    };
    await tx.finding.upsert({
      where: { inspectionId_checkItemId: { inspectionId, checkItemId: items.get(f.itemCode)! } },
      create: { inspectionId, checkItemId: items.get(f.itemCode)!, createdAt: at, ...data },
      update: data,
    });
  }
}

/**
 * The department checks and their items of a visit; adds to a department already there (a
 * re-check merged into a scheduled visit) and marks the items that re-check an order.
 */
async function writeAssignments(tx: Tx, inspectionId: string, assignments: DepartmentAssignment[], recheckOf: RecheckRef[]): Promise<void> {
  const departments = await departmentIdsByCode(tx, assignments.map((d) => d.departmentCode));
  const items = await checkItemIdsByCode(tx, assignments.flatMap((d) => d.items.map((i) => i.code)));
  for (const d of assignments) {
    const departmentId = departments.get(d.departmentCode)!;
    const check = await tx.departmentCheck.upsert({
      where: { inspectionId_departmentId: { inspectionId, departmentId } },
      create: { inspectionId, departmentId },
      update: {},
    });
    for (const item of d.items) {
      const recheck = recheckOf.find((r) => r.departmentCode === d.departmentCode && r.itemCode === item.code);
      const checkItemId = items.get(item.code)!;
      await tx.assignedItem.upsert({
        where: { departmentCheckId_checkItemId: { departmentCheckId: check.id, checkItemId } },
        create: { departmentCheckId: check.id, checkItemId, recheckOfFindingId: recheck?.findingId ?? null },
        update: recheck ? { recheckOfFindingId: recheck.findingId } : {},
      });
    }
  }
}

export function createInspectionActivities({ prisma }: InspectionActivityDeps) {
  const record = stepRecorder(prisma, 'JointInspection');
  return {
    async recordInspectionScheduled(options: { key: string; input: JointInspectionInput; at: string }): Promise<void> {
      const { key, input } = options;
      const at = new Date(options.at);
      await record({
        key: key,
        actor: input.scheduledBy,
        action: 'INSPECTION_SCHEDULED',
        subjectId: input.inspectionId,
        at,
        payload: {
          scheduledFor: input.scheduledFor,
          targetId: input.target.id,
          scenario: input.scenario.code,
          departments: input.departments.map((d) => ({ code: d.departmentCode, items: d.items.map((i) => i.code) })),
          team: input.team.map((m) => m.officerId),
          policy: input.policy,
          recheckOf: input.recheckOf,
          scenarioVersionId: input.scenarioVersionId,
          // The typed exception a direct visit was made under (the ledger shows it).
          exception: input.exception,
        },
        write: async (tx) => {
          const scenario = await tx.scenario.findUniqueOrThrow({ where: { code: input.scenario.code } });
          // An input from before versions carries none: the version in effect on the visit's day.
          const scenarioVersionId = input.scenarioVersionId ?? (await scenarioListInEffect(tx, scenario.id, input.scheduledFor))?.id ?? null;
          await tx.jointInspection.create({
            data: {
              id: input.inspectionId,
              workflowId: inspectionWorkflowId(input.inspectionId),
              targetId: input.target.id,
              scenarioId: scenario.id,
              scenarioVersionId,
              scheduledFor: columnOfDate(input.scheduledFor),
              status: 'SCHEDULED',
              scheduledById: input.scheduledBy.officerId,
              createdAt: at,
              updatedAt: at,
              team: {
                create: input.team.map((m) => ({ officerId: m.officerId, isLead: m.isLead })),
              },
            },
          });
          await writeAssignments(tx, input.inspectionId, input.departments, input.recheckOf ?? []);
        },
      });
    },

    async recordCheckIn(options: Step & { actor: ActorRef; officerIds: string[]; position?: CheckInPosition | null }): Promise<void> {
      const at = new Date(options.at);
      // Absent: a check-in from a history recorded before the place was asked — its columns stay null.
      const place =
        options.position === undefined
          ? {}
          : {
              checkInPlaceAsked: true,
              checkInLatitude: options.position?.latitude ?? null,
              checkInLongitude: options.position?.longitude ?? null,
              checkInAccuracyMeters: options.position?.accuracyMeters ?? null,
            };
      await record.at(options, options.inspectionId, at, {
        actor: options.actor,
        action: 'INSPECTION_CHECKED_IN',
        payload: { officerIds: options.officerIds, ...(options.position === undefined ? {} : { position: options.position }) },
        write: async (tx) => {
          await moveStatus(tx, options.inspectionId, 'SCHEDULED', 'ON_SITE', { checkInAt: at, updatedAt: at, ...place });
          for (const officerId of options.officerIds) {
            await tx.teamMember.upsert({
              where: { inspectionId_officerId: { inspectionId: options.inspectionId, officerId } },
              create: { inspectionId: options.inspectionId, officerId, presentAtCheckIn: true },
              update: { presentAtCheckIn: true },
            });
          }
        },
      });
    },

    async recordDepartmentResults(
      options: Step & {
        departmentCode: string;
        actor: ActorRef;
        revision: number;
        late: boolean;
        results: CheckResultInput[];
      },
    ): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.inspectionId, at, {
        actor: options.actor,
        action: options.revision === 1 ? 'DEPARTMENT_CHECKS_SUBMITTED' : 'DEPARTMENT_CHECKS_REVISED',
        payload: {
          departmentCode: options.departmentCode,
          revision: options.revision,
          late: options.late,
          results: options.results,
        },
        write: async (tx) => {
          const department = await tx.department.findUniqueOrThrow({ where: { code: options.departmentCode } });
          const check = await tx.departmentCheck.findUniqueOrThrow({
            where: { inspectionId_departmentId: { inspectionId: options.inspectionId, departmentId: department.id } },
          });
          const items = await checkItemIdsByCode(tx, options.results.map((r) => r.itemCode));
          // A resubmission replaces the earlier results as a whole (the audit trail keeps both).
          await tx.checkResult.deleteMany({ where: { departmentCheckId: check.id } });
          await tx.checkResult.createMany({
            data: options.results.map((r) => ({
              departmentCheckId: check.id,
              checkItemId: items.get(r.itemCode)!,
              outcome: r.outcome,
              measuredValue: r.measuredValue ?? null,
              unit: r.unit ?? null,
              note: r.note ?? null,
              evidenceJson: JSON.stringify(r.evidence ?? []),
              proposedAction: proposedActionOf(r),
              recordedAt: at,
            })),
          });
          await tx.departmentCheck.update({
            where: { id: check.id },
            data: { submittedAt: at, submittedById: options.actor.officerId, revision: options.revision, late: options.late },
          });
          await tx.jointInspection.update({ where: { id: options.inspectionId }, data: { updatedAt: at } });
        },
      });
    },

    async recordOverdueEscalation(options: Step & { departmentCodes: string[]; deadlineAt: string; notify?: NotificationDraft[] }): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.inspectionId, at, {
        action: 'DEPARTMENT_CHECKS_OVERDUE',
        payload: { departmentCodes: options.departmentCodes, deadlineAt: options.deadlineAt },
        notify: options.notify,
        write: async (tx) => {
          const departments = await departmentIdsByCode(tx, options.departmentCodes);
          await tx.departmentCheck.updateMany({
            where: { inspectionId: options.inspectionId, departmentId: { in: [...departments.values()] } },
            data: { overdue: true, escalatedAt: at },
          });
        },
      });
    },

    async recordChecksDone(options: Step & { findings: FindingDraft[] }): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.inspectionId, at, {
        action: 'INSPECTION_CHECKS_DONE',
        payload: { findings: options.findings },
        write: async (tx) => {
          await moveStatus(tx, options.inspectionId, 'ON_SITE', 'CHECKS_DONE', { checksDoneAt: at, updatedAt: at });
          await replaceFindings(tx, options.inspectionId, options.findings, at);
        },
      });
    },

    async recordFindings(options: Step & { findings: FindingDraft[] }): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.inspectionId, at, {
        action: 'FINDINGS_REVISED',
        payload: { findings: options.findings },
        write: (tx) => replaceFindings(tx, options.inspectionId, options.findings, at),
      });
    },

    async recordLegalReview(
      options: Omit<Step, 'at'> & {
        round: number;
        reviewer: ActorRef;
        decision: 'APPROVED' | 'RETURNED';
        opinion: string;
        decidedAt: string;
      },
    ): Promise<void> {
      const at = new Date(options.decidedAt);
      await record.at(options, options.inspectionId, at, {
        actor: options.reviewer,
        action: options.decision === 'APPROVED' ? 'LEGAL_REVIEW_APPROVED' : 'LEGAL_REVIEW_RETURNED',
        payload: { round: options.round, opinion: options.opinion },
        write: async (tx) => {
          await tx.legalReview.create({
            data: {
              inspectionId: options.inspectionId,
              round: options.round,
              reviewerId: options.reviewer.officerId,
              decision: options.decision,
              opinion: options.opinion,
              decidedAt: at,
            },
          });
          await tx.jointInspection.update({ where: { id: options.inspectionId }, data: { updatedAt: at } });
        },
      });
    },

    async recordStatusChange(
      options: Step & { from: InspectionStatus; to: InspectionStatus; actor: ActorRef | null; reason?: string },
    ): Promise<void> {
      const at = new Date(options.at);
      const extra: Record<string, unknown> = { updatedAt: at };
      if (options.to === 'CLOSED') extra.closedAt = at;
      if (options.to === 'CANCELLED') {
        extra.cancelledAt = at;
        extra.cancelReason = options.reason ?? null;
      }
      await record.at(options, options.inspectionId, at, {
        actor: options.actor,
        action: `INSPECTION_${options.to}`,
        payload: { from: options.from, to: options.to, reason: options.reason },
        write: (tx) => moveStatus(tx, options.inspectionId, options.from, options.to, extra),
      });
    },

    /** Items merged into a scheduled visit (a due re-check), with the officers who check them. */
    async recordCheckItemsAdded(
      options: Step & { actor: ActorRef; departments: DepartmentAssignment[]; team: TeamMemberRef[]; recheckOf: RecheckRef[] },
    ): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.inspectionId, at, {
        actor: options.actor,
        action: 'INSPECTION_ITEMS_ADDED',
        payload: {
          departments: options.departments.map((d) => ({ code: d.departmentCode, items: d.items.map((i) => i.code) })),
          team: options.team.map((m) => m.officerId),
          recheckOf: options.recheckOf,
        },
        write: async (tx) => {
          await writeAssignments(tx, options.inspectionId, options.departments, options.recheckOf);
          for (const m of options.team) {
            await tx.teamMember.upsert({
              where: { inspectionId_officerId: { inspectionId: options.inspectionId, officerId: m.officerId } },
              create: { inspectionId: options.inspectionId, officerId: m.officerId, isLead: false },
              update: {},
            });
          }
          await tx.jointInspection.update({ where: { id: options.inspectionId }, data: { updatedAt: at } });
        },
      });
    },

    /** A finding reached its end state (rectified, 首违不罚, case closed, escalated). */
    async recordFindingResolved(options: Omit<Step, 'at'> & FindingResolution): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.inspectionId, at, {
        actor: options.actor,
        action: `FINDING_${options.outcome}`,
        payload: { itemCode: options.itemCode, outcome: options.outcome, ref: options.ref, note: options.note },
        write: async (tx) => {
          await tx.finding.updateMany({
            where: { inspectionId: options.inspectionId, checkItem: { code: options.itemCode }, outcome: null },
            data: { outcome: options.outcome, resolvedAt: at, resolutionRef: options.ref, resolutionNote: options.note, updatedAt: at },
          });
          await tx.jointInspection.update({ where: { id: options.inspectionId }, data: { updatedAt: at } });
        },
      });
    },
  };
}

export type InspectionActivities = ReturnType<typeof createInspectionActivities>;
