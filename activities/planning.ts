/**
 * Database side of scenario-list planning: requests, the 双随机 draw and its public record, the
 * merge into planned visits, the inputs of the joint inspections a plan starts, and the report.
 * Writes are recorded steps (db/steps.ts, key = workflow id + step), so retries never write twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { runDraw, type SamplingRatios } from '../domain/draw';
import { doNotDisturbDuring, samplingClassOf } from '../domain/business';
import { barsAssignment, excludedFromDraw } from '../domain/conflicts';
import type { InspectionPolicy } from '../domain/inspection';
import { jointVisitInput, pickVisitTeam } from '../domain/visit';
import type { PlanStatus } from '../domain/plan';
import {
  planVisits,
  type CheckRequestInput,
  type FrequencyCaps,
  type PlannedDepartmentCheck,
  type TeamCapacity,
} from '../domain/planning';
import type { ActorRef, JointInspectionInput, RecheckRef } from '../contracts/inspection';
import type { CheckRequestDraft, PlanSummary } from '../contracts/plan';
import { assignedItemOf, credentialsOf, officersServing, scenarioListInEffect, targetLedgers, type PrismaClient, type Tx } from '../db';
import { stepRecorder } from '../db/steps';
import { columnOfDate, dateOfColumn } from '../domain/dates';

export interface PlanningActivityDeps {
  prisma: PrismaClient;
}


async function moveStatus(tx: Tx, planId: string, to: PlanStatus, at: Date, extra: Record<string, unknown> = {}) {
  await tx.plan.update({ where: { id: planId }, data: { status: to, updatedAt: at, ...extra } });
}

async function departmentIds(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx.department.findMany({ select: { id: true, code: true } });
  return new Map(rows.map((r) => [r.code, r.id]));
}


/**
 * The one read behind every visit nobody picked by hand (a planned visit, a re-check): the
 * target, its scenario (the target's own unless given), the requested items of each department
 * as the catalog has them, and the pool of inspectors with their declared conflicts; the input
 * and the team are built by domain/visit.ts. Read-only, so a retried activity is harmless.
 */
export async function loadVisitInput(
  db: PrismaClient,
  options: {
    inspectionId: string;
    scheduledFor: string;
    scheduledBy: ActorRef;
    targetId: string;
    scenarioCode?: string;
    departments: { departmentCode: string; itemCodes: string[] }[];
    drawnOfficerIds?: Record<string, string[]>;
    policy: InspectionPolicy;
    recheckOf: RecheckRef[];
    /** The scenario-list version the visit was planned under; the one in effect on its day otherwise. */
    scenarioVersionId?: string | null;
  },
): Promise<JointInspectionInput> {
  const target = await db.target.findUniqueOrThrow({ where: { id: options.targetId } });
  const scenarioCode = options.scenarioCode ?? target.scenarioCode;
  if (!scenarioCode) throw ApplicationFailure.nonRetryable(`target ${target.id} has no scenario`, 'CATALOG_MISMATCH');
  const scenario = await db.scenario.findUniqueOrThrow({ where: { code: scenarioCode } });
  const scenarioVersionId = options.scenarioVersionId ?? (await scenarioListInEffect(db, scenario.id, options.scheduledFor))?.id;
  const departmentCodes = options.departments.map((d) => d.departmentCode);
  const items = await db.checkItem.findMany({
    where: { code: { in: options.departments.flatMap((d) => d.itemCodes) } },
    include: { department: true },
  });
  // Only decided withdrawals bar the team (§43: a pending request does not stop the work).
  const conflicts = (await db.officerConflict.findMany({ where: { targetId: target.id }, select: { officerId: true, status: true } })).filter((c) =>
    barsAssignment(c.status),
  );
  const pool = await db.officer.findMany({
    where: { active: true, department: { code: { in: departmentCodes } }, roles: { some: { role: 'INSPECTOR' } }, ...officersServing(target.townshipId) },
    include: { department: true },
    orderBy: { id: 'asc' },
  });
  return jointVisitInput({
    inspectionId: options.inspectionId,
    scheduledFor: options.scheduledFor,
    scheduledBy: options.scheduledBy,
    target,
    scenario,
    departments: options.departments.map((d) => {
      const own = items.filter((i) => i.department.code === d.departmentCode && d.itemCodes.includes(i.code));
      return { departmentCode: d.departmentCode, departmentName: own[0]?.department.name ?? d.departmentCode, items: own.map(assignedItemOf) };
    }),
    team: pickVisitTeam({
      pool: pool.map(credentialsOf),
      departmentCodes,
      onDate: options.scheduledFor,
      minimum: options.policy.minimumCertifiedOfficers,
      conflictedOfficerIds: conflicts.map((c) => c.officerId),
      drawnOfficerIds: options.drawnOfficerIds,
    }),
    policy: options.policy,
    recheckOf: options.recheckOf,
    scenarioVersionId: scenarioVersionId ?? undefined,
  });
}

export function createPlanningActivities({ prisma }: PlanningActivityDeps) {
  const record = stepRecorder(prisma, 'Plan');
  return {
    async recordPlanCreated(options: {
      key: string;
      plan: { id: string; name: string; periodStart: string; periodEnd: string; caps: FrequencyCaps; capacity: TeamCapacity; townshipId?: string | null };
      actor: ActorRef | null;
      at: string;
    }): Promise<void> {
      const at = new Date(options.at);
      const { plan } = options;
      await record.at(options, plan.id, at, {
        actor: options.actor,
        action: 'PLAN_CREATED',
        payload: plan,
        write: async (tx) => {
          await tx.plan.create({
            data: {
              id: plan.id,
              name: plan.name,
              periodStart: columnOfDate(plan.periodStart),
              periodEnd: columnOfDate(plan.periodEnd),
              status: 'DRAFT',
              createdById: options.actor?.officerId ?? 'system',
              capsJson: JSON.stringify(plan.caps),
              capacityJson: JSON.stringify(plan.capacity),
              townshipId: plan.townshipId ?? null,
              createdAt: at,
              updatedAt: at,
            },
          });
        },
      });
    },

    async recordCheckRequests(options: {
      key: string;
      planId: string;
      requests: CheckRequestDraft[];
      status: PlanStatus;
      actor: ActorRef;
      at: string;
    }): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.planId, at, {
        actor: options.actor,
        action: 'PLAN_REQUESTS_ADDED',
        payload: { requests: options.requests },
        write: async (tx) => {
          const departments = await departmentIds(tx);
          await tx.checkRequest.createMany({
            data: options.requests.map((r) => ({
              id: r.id,
              planId: options.planId,
              targetId: r.targetId,
              departmentId: departments.get(r.departmentCode)!,
              reason: r.reason,
              windowStart: columnOfDate(r.windowStart),
              windowEnd: columnOfDate(r.windowEnd),
              itemCodesJson: JSON.stringify(r.itemCodes),
              createdById: options.actor.officerId,
              createdAt: at,
            })),
          });
          await moveStatus(tx, options.planId, options.status, at);
        },
      });
    },

    /**
     * Runs the 双随机 draw on the directory and pools as they are now, stores its public record
     * (seed, algorithm, canonical inputs, result) and adds a random-sampling request for every
     * drawn target and department, with the scenario's items of that department.
     */
    async performDraw(options: {
      key: string;
      planId: string;
      drawId: string;
      scenarioCode: string;
      departmentCodes: string[];
      ratios: SamplingRatios;
      inspectorsPerDepartment: number;
      seed: string;
      windowStart: string;
      windowEnd: string;
      actor: ActorRef;
      at: string;
    }): Promise<{ drawId: string; drawnTargets: number; requests: number }> {
      const at = new Date(options.at);
      const scenario = await prisma.scenario.findUnique({ where: { code: options.scenarioCode } });
      if (!scenario) throw ApplicationFailure.nonRetryable(`unknown scenario ${options.scenarioCode}`, 'CATALOG_MISMATCH');
      // A township's plan draws from its own businesses and the officers who serve it.
      const { townshipId } = await prisma.plan.findUniqueOrThrow({ where: { id: options.planId }, select: { townshipId: true } });
      // The drawn requests carry the items of the scenario list in effect when the window opens.
      const list = await scenarioListInEffect(prisma, scenario.id, options.windowStart);
      const targets = await prisma.target.findMany({
        where: { scenarioCode: options.scenarioCode, ...(townshipId ? { townshipId } : {}) },
        select: { id: true, riskClass: true, creditGrade: true, doNotDisturb: true, doNotDisturbFrom: true, doNotDisturbUntil: true },
      });
      const officers = await prisma.officer.findMany({
        where: { active: true, department: { code: { in: options.departmentCodes } }, roles: { some: { role: 'INSPECTOR' } }, ...officersServing(townshipId) },
        include: { department: true },
      });
      const conflicts = (
        await prisma.officerConflict.findMany({
          where: { targetId: { in: targets.map((t) => t.id) } },
          select: { officerId: true, targetId: true, status: true },
        })
      )
        .filter((c) => excludedFromDraw(c.status))
        .map(({ officerId, targetId }) => ({ officerId, targetId }));
      const drawInput = {
        seed: options.seed,
        onDate: options.windowStart,
        targets: targets.map((t) => ({ id: t.id, riskClass: samplingClassOf(t) })),
        ratios: options.ratios,
        doNotDisturb: targets.filter((t) => doNotDisturbDuring(t, options.windowStart, options.windowEnd)).map((t) => t.id),
        departmentCodes: options.departmentCodes,
        officers: officers.map(credentialsOf),
        inspectorsPerDepartment: options.inspectorsPerDepartment,
        conflicts,
      };
      const result = runDraw(drawInput);
      const itemsByDepartment = new Map<string, string[]>();
      for (const { checkItem } of list?.items ?? []) {
        const list = itemsByDepartment.get(checkItem.department.code) ?? [];
        list.push(checkItem.code);
        itemsByDepartment.set(checkItem.department.code, list);
      }
      const requests = result.drawn.flatMap((drawn, t) =>
        options.departmentCodes
          .filter((code) => itemsByDepartment.has(code))
          .map((code, d) => ({
            id: `${options.drawId}-${t}-${d}`,
            planId: options.planId,
            targetId: drawn.targetId,
            departmentCode: code,
            itemCodes: itemsByDepartment.get(code)!,
          })),
      );
      await record.at(options, options.planId, at, {
        actor: options.actor,
        action: 'PLAN_DRAW_PERFORMED',
        payload: { drawId: options.drawId, scenarioCode: options.scenarioCode, seed: options.seed, drawn: result.drawn.length },
        write: async (tx) => {
          const departments = await departmentIds(tx);
          await tx.draw.create({
            data: {
              id: options.drawId,
              planId: options.planId,
              scenarioCode: options.scenarioCode,
              seed: options.seed,
              algorithm: result.algorithm,
              onDate: columnOfDate(options.windowStart),
              inputsJson: JSON.stringify(drawInput),
              resultJson: JSON.stringify(result),
              createdAt: at,
            },
          });
          await tx.checkRequest.createMany({
            data: requests.map((r) => ({
              id: r.id,
              planId: r.planId,
              targetId: r.targetId,
              departmentId: departments.get(r.departmentCode)!,
              reason: 'RANDOM_SAMPLING' as const,
              windowStart: columnOfDate(options.windowStart),
              windowEnd: columnOfDate(options.windowEnd),
              itemCodesJson: JSON.stringify(r.itemCodes),
              drawId: options.drawId,
              createdById: options.actor.officerId,
              createdAt: at,
            })),
          });
          await moveStatus(tx, options.planId, 'DRAWN', at);
        },
      });
      const stored = await prisma.draw.findUniqueOrThrow({ where: { id: options.drawId } });
      const drawn = (JSON.parse(stored.resultJson) as { drawn: unknown[] }).drawn.length;
      return { drawId: stored.id, drawnTargets: drawn, requests: await prisma.checkRequest.count({ where: { drawId: stored.id } }) };
    },

    /** Merges every request of the plan into joint visits (replacing an earlier merge). */
    async mergePlan(options: { key: string; planId: string; actor: ActorRef; at: string }): Promise<PlanSummary> {
      const at = new Date(options.at);
      const plan = await prisma.plan.findUniqueOrThrow({ where: { id: options.planId } });
      const rows = await prisma.checkRequest.findMany({
        where: { planId: options.planId },
        include: {
          department: { select: { code: true } },
          target: { select: { doNotDisturb: true, doNotDisturbFrom: true, doNotDisturbUntil: true, scenarioCode: true } },
        },
        orderBy: { id: 'asc' },
      });
      const requests: CheckRequestInput[] = rows.map((r) => ({
        id: r.id,
        targetId: r.targetId,
        departmentCode: r.department.code,
        itemCodes: JSON.parse(r.itemCodesJson) as string[],
        windowStart: dateOfColumn(r.windowStart),
        windowEnd: dateOfColumn(r.windowEnd),
        reason: r.reason,
      }));
      const targetIds = [...new Set(rows.map((r) => r.targetId))];
      const ledger = await targetLedgers(prisma, targetIds, plan.periodStart.getUTCFullYear());
      const result = planVisits({
        requests,
        caps: JSON.parse(plan.capsJson) as FrequencyCaps,
        capacity: JSON.parse(plan.capacityJson) as TeamCapacity,
        ledger,
        doNotDisturb: [
          ...new Set(rows.filter((r) => doNotDisturbDuring(r.target, dateOfColumn(plan.periodStart), dateOfColumn(plan.periodEnd))).map((r) => r.targetId)),
        ],
      });
      const summary: PlanSummary = {
        requests: result.summary.requests,
        placed: result.summary.placed,
        unplaced: result.unplaced.length,
        visits: result.summary.visits,
        lowerBound: result.lowerBound,
        lowerBoundAllRequests: result.lowerBoundAllRequests,
        visitsAboveBound: result.summary.visitsAboveBound,
        departmentChecks: result.summary.departmentChecks,
        visitsSaved: result.summary.visitsSaved,
      };
      // Each visit records the scenario-list version in effect on its day; the visit started from it
      // keeps that version's items even if another is published before the day comes.
      // Looked up once per target and once per scenario and day, not per visit: a county's month
      // has tens of thousands of visits over a few scenarios and some thirty days.
      const scenarioIds = new Map((await prisma.scenario.findMany({ select: { id: true, code: true } })).map((s) => [s.code, s.id]));
      const scenarioOfTarget = new Map(rows.map((r) => [r.targetId, scenarioIds.get(r.target.scenarioCode ?? '')]));
      const versionsOnDay = new Map<string, string | null>();
      const versionOf = async (visit: { targetId: string; date: string }) => {
        const scenarioId = scenarioOfTarget.get(visit.targetId);
        if (!scenarioId) return null;
        const key = `${scenarioId}|${visit.date}`;
        if (!versionsOnDay.has(key)) versionsOnDay.set(key, (await scenarioListInEffect(prisma, scenarioId, visit.date))?.id ?? null);
        return versionsOnDay.get(key)!;
      };
      const visitVersions = new Map<string, string | null>();
      for (const visit of result.visits) visitVersions.set(visit.key, await versionOf(visit));
      await record.at(options, options.planId, at, {
        actor: options.actor,
        action: 'PLAN_MERGED',
        payload: summary,
        write: async (tx) => {
          await tx.checkRequest.updateMany({
            where: { planId: options.planId },
            data: { status: 'PENDING', plannedVisitId: null, unplacedCode: null, unplacedMessage: null },
          });
          await tx.plannedVisit.deleteMany({ where: { planId: options.planId } });
          for (const visit of result.visits) {
            const created = await tx.plannedVisit.create({
              data: {
                planId: options.planId,
                key: visit.key,
                targetId: visit.targetId,
                date: columnOfDate(visit.date),
                departmentsJson: JSON.stringify(visit.departments),
                capExceptionsJson: JSON.stringify(visit.capExceptions),
                aboveBoundReason: visit.aboveBoundReason ?? null,
                scenarioVersionId: visitVersions.get(visit.key) ?? null,
              },
            });
            await tx.checkRequest.updateMany({
              where: { id: { in: [...visit.requestIds] } },
              data: { status: 'PLACED', plannedVisitId: created.id },
            });
          }
          for (const u of result.unplaced) {
            await tx.checkRequest.update({
              where: { id: u.requestId },
              data: { status: 'UNPLACED', unplacedCode: u.code, unplacedMessage: u.message },
            });
          }
          await moveStatus(tx, options.planId, 'MERGED', at, { summaryJson: JSON.stringify(summary) });
        },
      });
      const stored = await prisma.plan.findUniqueOrThrow({ where: { id: options.planId } });
      return JSON.parse(stored.summaryJson) as PlanSummary;
    },

    async recordPlanStatus(options: { key: string; planId: string; to: PlanStatus; actor: ActorRef | null; at: string }): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.planId, at, {
        actor: options.actor,
        action: `PLAN_${options.to}`,
        write: async (tx) => {
          const extra: Record<string, unknown> = {};
          if (options.to === 'APPROVED') Object.assign(extra, { approvedById: options.actor?.officerId, approvedAt: at });
          if (options.to === 'PUBLISHED') {
            extra.publishedAt = at;
            // Publishing the plan publishes its draws (双随机、一公开).
            await tx.draw.updateMany({ where: { planId: options.planId }, data: { publishedAt: at } });
          }
          await moveStatus(tx, options.planId, options.to, at, extra);
        },
      });
    },

    async listPlannedVisits(options: { planId: string }): Promise<{ visitId: string; date: string; inspectionId: string | null }[]> {
      const visits = await prisma.plannedVisit.findMany({ where: { planId: options.planId }, orderBy: [{ date: 'asc' }, { key: 'asc' }] });
      return visits.map((v) => ({ visitId: v.id, date: dateOfColumn(v.date), inspectionId: v.inspectionId }));
    },

    /**
     * The joint-inspection input for a planned visit: the target's scenario, each department's
     * requested items, and a team — the officers the draw picked where there was a draw,
     * otherwise certified officers of each department (never one with a declared conflict).
     */
    async prepareVisitInspection(options: {
      visitId: string;
      inspectionId: string;
      policy: InspectionPolicy;
      scheduledBy: ActorRef;
    }): Promise<JointInspectionInput> {
      const visit = await prisma.plannedVisit.findUniqueOrThrow({
        where: { id: options.visitId },
        include: { requests: { select: { drawId: true } } },
      });
      const drawnOfficerIds: Record<string, string[]> = {};
      for (const drawId of new Set(visit.requests.map((r) => r.drawId).filter((id): id is string => Boolean(id)))) {
        const draw = await prisma.draw.findUniqueOrThrow({ where: { id: drawId } });
        const result = JSON.parse(draw.resultJson) as { drawn: { targetId: string; inspectors: { departmentCode: string; officerIds: string[] }[] }[] };
        for (const i of result.drawn.find((d) => d.targetId === visit.targetId)?.inspectors ?? []) {
          drawnOfficerIds[i.departmentCode] = i.officerIds;
        }
      }
      return loadVisitInput(prisma, {
        inspectionId: options.inspectionId,
        scheduledFor: dateOfColumn(visit.date),
        scheduledBy: options.scheduledBy,
        targetId: visit.targetId,
        departments: JSON.parse(visit.departmentsJson) as PlannedDepartmentCheck[],
        drawnOfficerIds,
        policy: options.policy,
        // Re-checks merged into the visit while it was planned report back to their orders.
        recheckOf: JSON.parse(visit.recheckOfJson) as RecheckRef[],
        scenarioVersionId: visit.scenarioVersionId,
      });
    },

    async linkVisitInspection(options: { key: string; planId: string; visitId: string; inspectionId: string; at: string }): Promise<void> {
      const at = new Date(options.at);
      await record.at(options, options.planId, at, {
        action: 'PLAN_VISIT_STARTED',
        payload: { visitId: options.visitId, inspectionId: options.inspectionId },
        write: async (tx) => {
          await tx.plannedVisit.update({ where: { id: options.visitId }, data: { inspectionId: options.inspectionId } });
        },
      });
    },

    /** Planned against done: visits and department checks, once every started inspection ended. */
    async reportPlan(options: { key: string; planId: string; at: string }): Promise<Record<string, number>> {
      const at = new Date(options.at);
      const visits = await prisma.plannedVisit.findMany({ where: { planId: options.planId }, select: { inspectionId: true, departmentsJson: true } });
      const inspections = await prisma.jointInspection.findMany({
        where: { id: { in: visits.map((v) => v.inspectionId).filter((id): id is string => Boolean(id)) } },
        select: { status: true, _count: { select: { checks: true, findings: true } } },
      });
      const report = {
        plannedVisits: visits.length,
        startedVisits: inspections.length,
        closedVisits: inspections.filter((i) => i.status === 'CLOSED').length,
        cancelledVisits: inspections.filter((i) => i.status === 'CANCELLED').length,
        plannedDepartmentChecks: visits.reduce((n, v) => n + (JSON.parse(v.departmentsJson) as unknown[]).length, 0),
        doneDepartmentChecks: inspections.filter((i) => i.status === 'CLOSED').reduce((n, i) => n + i._count.checks, 0),
        findings: inspections.reduce((n, i) => n + i._count.findings, 0),
      };
      await record.at(options, options.planId, at, {
        action: 'PLAN_REPORTED',
        payload: report,
        write: (tx) => moveStatus(tx, options.planId, 'REPORTED', at, { reportJson: JSON.stringify(report), reportedAt: at }),
      });
      return report;
    },
  };
}

export type PlanningActivities = ReturnType<typeof createPlanningActivities>;
