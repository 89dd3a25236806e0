/**
 * Database side of the rectification (责令改正) workflow. Each write carries a key (workflow id
 * + step) and writes its row and one AuditEvent in one transaction (writeOnce), so a retried
 * activity writes nothing twice — the deadline passing is recorded exactly once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { hasValidCertificate, type InspectionPolicy } from '../domain/inspection';
import type { RectificationFinding, RectificationInput } from '../workflows/rectification-definitions';
import type { ActorRef, JointInspectionInput } from '../workflows/definitions';
import { createCalendarActivities } from './calendar';
import { assignedItemOf, credentialsOf } from './catalog-rows';
import { writeOnce, type PrismaClient } from './db';

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
}

export function createRectificationActivities(deps: RectificationActivityDeps) {
  const { prisma } = deps;
  const calendar = createCalendarActivities();

  return {
    /** Working-day deadline of an order or an extension (holiday data from the calendar). */
    rectificationDeadline: calendar.workingDayDeadline,

    async recordRectificationOrdered(step: { key: string; input: RectificationInput; at: string }): Promise<void> {
      const { input } = step;
      const at = new Date(step.at);
      await writeOnce(
        prisma,
        step.key,
        {
          actor: input.orderedBy,
          action: 'RECTIFICATION_ORDERED',
          subjectType: 'RectificationOrder',
          subjectId: input.finding.findingId,
          at,
          payload: { requirement: input.requirement, workingDays: input.workingDays, deadlineOn: input.deadline, itemCode: input.finding.itemCode },
        },
        async (tx) => {
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
              extensionsJson: '[]',
              status: 'ORDERED',
              createdAt: at,
              updatedAt: at,
            },
          });
        },
      );
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
    }): Promise<void> {
      const at = new Date(step.at);
      await writeOnce(
        prisma,
        step.key,
        {
          actor: step.actor,
          action: `RECTIFICATION_${step.kind}`,
          subjectType: 'RectificationOrder',
          subjectId: step.findingId,
          at,
          payload: step.detail,
        },
        async (tx) => {
          await tx.rectificationOrder.update({ where: { findingId: step.findingId }, data: { ...step.row, updatedAt: at } });
        },
      );
    },

    /**
     * The re-inspection as a joint visit input, built like a planned visit's: the same target
     * and scenario, the finding's department with only the finding's item, a team of that
     * department's certified inspectors without a declared conflict, filled up to §42's minimum.
     * Read-only, so retrying is harmless; the date is the first working day after the deadline.
     */
    async prepareRecheckInspection(options: {
      inspectionId: string;
      finding: RectificationFinding;
      deadline: string;
      policy: InspectionPolicy;
      scheduledBy: ActorRef;
    }): Promise<JointInspectionInput> {
      const { finding } = options;
      const scheduledFor = await calendar.workingDayDeadline({ from: options.deadline, workingDays: 1 });
      const target = await prisma.target.findUniqueOrThrow({ where: { id: finding.targetId } });
      const scenario = await prisma.scenario.findUniqueOrThrow({ where: { code: finding.scenarioCode } });
      const item = await prisma.checkItem.findUnique({ where: { code: finding.itemCode }, include: { department: true } });
      if (!item) throw ApplicationFailure.nonRetryable(`check item ${finding.itemCode} not in the catalog`, 'CATALOG_MISMATCH');
      const conflicted = new Set(
        (await prisma.officerConflict.findMany({ where: { targetId: target.id }, select: { officerId: true } })).map((c) => c.officerId),
      );
      const pool = await prisma.officer.findMany({
        where: { active: true, department: { code: finding.departmentCode }, roles: { some: { role: 'INSPECTOR' } } },
        include: { department: true },
        orderBy: { id: 'asc' },
      });
      const team = pool
        .filter((o) => !conflicted.has(o.id) && hasValidCertificate(credentialsOf(o), scheduledFor))
        .slice(0, Math.max(options.policy.minimumCertifiedOfficers, 1));
      return {
        inspectionId: options.inspectionId,
        scheduledFor,
        scheduledBy: options.scheduledBy,
        target: { id: target.id, name: target.name, creditCode: target.creditCode, address: target.address, village: target.village },
        scenario: { code: scenario.code, name: scenario.name },
        departments: [{ departmentCode: item.department.code, departmentName: item.department.name, items: [assignedItemOf(item)] }],
        team: team.map((o, index) => ({ officerId: o.id, name: o.name, departmentCode: o.department?.code ?? null, isLead: index === 0 })),
        policy: options.policy,
      };
    },
  };
}

export type RectificationActivities = ReturnType<typeof createRectificationActivities>;
