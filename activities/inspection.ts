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
import { randomUUID } from 'node:crypto';
import { Prisma, scenarioListInEffect, type PrismaClient, type RawSql } from '../db';
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

/*
 * The lifecycle's rows are written with raw SQL, the same text on SQLite and PostgreSQL: a
 * Prisma model call compiles its query anew on every call (6.19 keeps no plan cache) and was
 * most of the worker's CPU per inspection (BENCHMARKS.md, "End to end"). New rows take a
 * random UUID where the schema's default is cuid(), which only Prisma's client fills in.
 * Parameters are never spliced into the text, only column names this file chooses.
 */

/** The ids of catalogue rows by code, refusing a code the catalogue lacks. */
async function idsByCode(tx: RawSql, table: 'Department' | 'CheckItem', codes: readonly string[], what: string): Promise<Map<string, string>> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; code: string }[]>`
    SELECT "id", "code" FROM ${Prisma.raw(`"${table}"`)} WHERE "code" IN (${Prisma.join(wanted)})`;
  const map = new Map(rows.map((r) => [r.code, r.id]));
  const missing = wanted.filter((c) => !map.has(c));
  if (missing.length > 0) {
    throw ApplicationFailure.nonRetryable(`unknown ${what} codes: ${missing.join(', ')}`, 'CATALOG_MISMATCH');
  }
  return map;
}

const departmentIdsByCode = (tx: RawSql, codes: readonly string[]) => idsByCode(tx, 'Department', codes, 'department');
const checkItemIdsByCode = (tx: RawSql, codes: readonly string[]) => idsByCode(tx, 'CheckItem', codes, 'check item');

/** `"column" = value, …` for an UPDATE's SET, the names given by this file's callers. */
function setClause(values: Record<string, unknown>): Prisma.Sql {
  return Prisma.join(Object.entries(values).map(([column, value]) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`));
}

/** `(…), (…)` for a multi-row INSERT: one row of parameters per item. */
function valueRows<T>(items: readonly T[], row: (item: T) => unknown[]): Prisma.Sql {
  return Prisma.join(items.map((item) => Prisma.sql`(${Prisma.join(row(item))})`));
}

/** Moves the inspection from one status to another, refusing if it is not where we expect. */
async function moveStatus(
  tx: RawSql,
  inspectionId: string,
  from: InspectionStatus,
  to: InspectionStatus,
  extra: Record<string, unknown>,
): Promise<void> {
  const count = await tx.$executeRaw`
    UPDATE "JointInspection" SET ${setClause({ status: to, ...extra })} WHERE "id" = ${inspectionId} AND "status" = ${from}`;
  if (count !== 1) {
    throw ApplicationFailure.nonRetryable(
      `inspection ${inspectionId} is not in status ${from}; cannot move to ${to}`,
      'STATUS_MISMATCH',
    );
  }
}

const touchInspection = (tx: RawSql, inspectionId: string, at: Date) =>
  tx.$executeRaw`UPDATE "JointInspection" SET "updatedAt" = ${at} WHERE "id" = ${inspectionId}`;

/** The visit's findings become `findings`: others deleted, these inserted or updated (one per item, the last named). */
async function replaceFindings(tx: RawSql, inspectionId: string, findings: FindingDraft[], at: Date): Promise<void> {
  const departments = await departmentIdsByCode(tx, findings.map((f) => f.departmentCode));
  const items = await checkItemIdsByCode(tx, findings.map((f) => f.itemCode));
  const byItem = new Map(findings.map((f) => [items.get(f.itemCode)!, f]));
  if (byItem.size === 0) {
    await tx.$executeRaw`DELETE FROM "Finding" WHERE "inspectionId" = ${inspectionId}`;
    return;
  }
  await tx.$executeRaw`
    DELETE FROM "Finding" WHERE "inspectionId" = ${inspectionId} AND "checkItemId" NOT IN (${Prisma.join([...byItem.keys()])})`;
  await tx.$executeRaw`
    INSERT INTO "Finding" ("id", "inspectionId", "checkItemId", "departmentId", "severity", "description", "proposedAction", "measuredValue", "createdAt", "updatedAt")
    VALUES ${valueRows([...byItem], ([checkItemId, f]) => [
      randomUUID(), inspectionId, checkItemId, departments.get(f.departmentCode)!, f.severity, f.description, f.proposedAction, f.measuredValue ?? null, at, at,
    ])}
    ON CONFLICT ("inspectionId", "checkItemId") DO UPDATE SET
      "departmentId" = excluded."departmentId", "severity" = excluded."severity", "description" = excluded."description",
      "proposedAction" = excluded."proposedAction", "measuredValue" = excluded."measuredValue", "updatedAt" = excluded."updatedAt"`;
}

/**
 * The department checks and their items of a visit; adds to a department already there (a
 * re-check merged into a scheduled visit) and marks the items that re-check an order. One
 * statement for the checks and one for the items, however many there are.
 */
async function writeAssignments(tx: RawSql, inspectionId: string, assignments: DepartmentAssignment[], recheckOf: RecheckRef[]): Promise<void> {
  if (assignments.length === 0) return;
  const departments = await departmentIdsByCode(tx, assignments.map((d) => d.departmentCode));
  const items = await checkItemIdsByCode(tx, assignments.flatMap((d) => d.items.map((i) => i.code)));
  const departmentIds = [...new Set(assignments.map((d) => departments.get(d.departmentCode)!))];
  // A department already on the visit keeps its check (the no-op update lets RETURNING name it).
  const checks = await tx.$queryRaw<{ id: string; departmentId: string }[]>`
    INSERT INTO "DepartmentCheck" ("id", "inspectionId", "departmentId")
    VALUES ${valueRows(departmentIds, (departmentId) => [randomUUID(), inspectionId, departmentId])}
    ON CONFLICT ("inspectionId", "departmentId") DO UPDATE SET "inspectionId" = excluded."inspectionId"
    RETURNING "id", "departmentId"`;
  const checkOf = new Map(checks.map((c) => [c.departmentId, c.id]));
  // One row per (check, item); an item named twice is written once, with its re-check if any.
  const rows = new Map<string, { checkId: string; itemId: string; recheckOf: string | null }>();
  for (const d of assignments) {
    const checkId = checkOf.get(departments.get(d.departmentCode)!)!;
    for (const item of d.items) {
      const itemId = items.get(item.code)!;
      const recheck = recheckOf.find((r) => r.departmentCode === d.departmentCode && r.itemCode === item.code);
      const key = `${checkId} ${itemId}`;
      rows.set(key, { checkId, itemId, recheckOf: recheck?.findingId ?? rows.get(key)?.recheckOf ?? null });
    }
  }
  if (rows.size === 0) return;
  // An item already assigned keeps its row; a re-check marks it.
  await tx.$executeRaw`
    INSERT INTO "AssignedItem" ("departmentCheckId", "checkItemId", "recheckOfFindingId")
    VALUES ${valueRows([...rows.values()], (r) => [r.checkId, r.itemId, r.recheckOf])}
    ON CONFLICT ("departmentCheckId", "checkItemId")
      DO UPDATE SET "recheckOfFindingId" = COALESCE(excluded."recheckOfFindingId", "AssignedItem"."recheckOfFindingId")`;
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
        sql: async (tx) => {
          const [scenario] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Scenario" WHERE "code" = ${input.scenario.code}`;
          if (!scenario) throw new Error(`no scenario ${input.scenario.code} in the catalogue`);
          // An input from before versions carries none: the version in effect on the visit's day.
          const scenarioVersionId = input.scenarioVersionId ?? (await scenarioListInEffect(tx, scenario.id, input.scheduledFor))?.id ?? null;
          await tx.$executeRaw`
            INSERT INTO "JointInspection" ("id", "workflowId", "targetId", "scenarioId", "scenarioVersionId", "scheduledFor", "status", "scheduledById", "createdAt", "updatedAt")
            VALUES (${input.inspectionId}, ${inspectionWorkflowId(input.inspectionId)}, ${input.target.id}, ${scenario.id}, ${scenarioVersionId},
                    ${columnOfDate(input.scheduledFor)}, ${'SCHEDULED'}, ${input.scheduledBy.officerId}, ${at}, ${at})`;
          if (input.team.length > 0) {
            await tx.$executeRaw`
              INSERT INTO "TeamMember" ("inspectionId", "officerId", "isLead")
              VALUES ${valueRows(input.team, (m) => [input.inspectionId, m.officerId, m.isLead])}`;
          }
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
        sql: async (tx) => {
          await moveStatus(tx, options.inspectionId, 'SCHEDULED', 'ON_SITE', { checkInAt: at, updatedAt: at, ...place });
          const present = [...new Set(options.officerIds)];
          if (present.length === 0) return;
          await tx.$executeRaw`
            INSERT INTO "TeamMember" ("inspectionId", "officerId", "presentAtCheckIn")
            VALUES ${valueRows(present, (officerId) => [options.inspectionId, officerId, true])}
            ON CONFLICT ("inspectionId", "officerId") DO UPDATE SET "presentAtCheckIn" = excluded."presentAtCheckIn"`;
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
        sql: async (tx) => {
          const [check] = await tx.$queryRaw<{ id: string }[]>`
            SELECT c."id" FROM "DepartmentCheck" c JOIN "Department" d ON d."id" = c."departmentId"
             WHERE c."inspectionId" = ${options.inspectionId} AND d."code" = ${options.departmentCode}`;
          // The workflow submits only for departments of its visit: a missing check is a fault, retried.
          if (!check) throw new Error(`inspection ${options.inspectionId} has no ${options.departmentCode} check`);
          const items = await checkItemIdsByCode(tx, options.results.map((r) => r.itemCode));
          // A resubmission replaces the earlier results as a whole (the audit trail keeps both).
          await tx.$executeRaw`DELETE FROM "CheckResult" WHERE "departmentCheckId" = ${check.id}`;
          if (options.results.length > 0) {
            await tx.$executeRaw`
              INSERT INTO "CheckResult" ("id", "departmentCheckId", "checkItemId", "outcome", "measuredValue", "unit", "note", "evidenceJson", "proposedAction", "recordedAt")
              VALUES ${valueRows(options.results, (r) => [
                randomUUID(), check.id, items.get(r.itemCode)!, r.outcome, r.measuredValue ?? null, r.unit ?? null,
                r.note ?? null, JSON.stringify(r.evidence ?? []), proposedActionOf(r), at,
              ])}`;
          }
          await tx.$executeRaw`
            UPDATE "DepartmentCheck"
               SET "submittedAt" = ${at}, "submittedById" = ${options.actor.officerId}, "revision" = ${options.revision}, "late" = ${options.late}
             WHERE "id" = ${check.id}`;
          await touchInspection(tx, options.inspectionId, at);
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
        sql: async (tx) => {
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
        sql: (tx) => replaceFindings(tx, options.inspectionId, options.findings, at),
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
        sql: async (tx) => {
          await tx.$executeRaw`
            INSERT INTO "LegalReview" ("id", "inspectionId", "round", "reviewerId", "decision", "opinion", "decidedAt")
            VALUES (${randomUUID()}, ${options.inspectionId}, ${options.round}, ${options.reviewer.officerId}, ${options.decision}, ${options.opinion}, ${at})`;
          await touchInspection(tx, options.inspectionId, at);
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
        sql: (tx) => moveStatus(tx, options.inspectionId, options.from, options.to, extra),
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
        sql: async (tx) => {
          await writeAssignments(tx, options.inspectionId, options.departments, options.recheckOf);
          // An officer already on the team keeps his row (and his lead, if he is it).
          const officerIds = [...new Set(options.team.map((m) => m.officerId))];
          if (officerIds.length > 0) {
            await tx.$executeRaw`
              INSERT INTO "TeamMember" ("inspectionId", "officerId", "isLead")
              VALUES ${valueRows(officerIds, (officerId) => [options.inspectionId, officerId, false])}
              ON CONFLICT ("inspectionId", "officerId") DO NOTHING`;
          }
          await touchInspection(tx, options.inspectionId, at);
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
        sql: async (tx) => {
          await tx.$executeRaw`
            UPDATE "Finding"
               SET "outcome" = ${options.outcome}, "resolvedAt" = ${at}, "resolutionRef" = ${options.ref ?? null},
                   "resolutionNote" = ${options.note ?? null}, "updatedAt" = ${at}
             WHERE "inspectionId" = ${options.inspectionId} AND "outcome" IS NULL
               AND "checkItemId" IN (SELECT "id" FROM "CheckItem" WHERE "code" = ${options.itemCode})`;
          await touchInspection(tx, options.inspectionId, at);
        },
      });
    },
  };
}

export type InspectionActivities = ReturnType<typeof createInspectionActivities>;
