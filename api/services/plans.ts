/**
 * Scenario-list plans as the API sees them: checks what only the database can answer (the
 * catalog, the targets, the period), then hands each step to the plan workflow.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { frequencyCapsInEffect, ownTownshipWithin, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { withinTownships } from '../../domain/townships';
import { townshipOfNew } from './townships';
import type { CheckRequestDraft } from '../../contracts/plan';
import { DEFAULT_TEAM_CAPACITY, REQUEST_REASON_LABELS } from '../../domain/planning';
import type { InspectionPolicy } from '../../domain/inspection';
import { departmentsOutsideScenario, itemsOutsideScenario, scenarioDepartments } from '../../domain/catalog';
import { versionLabel } from '../../domain/scenario-lists';
import { listedItemsOf, scenarioListInEffect, scenarioListsDuring } from '../../db';
import type { planWorkflow } from '../../workflows/plan';
import {
  addRequestsUpdate,
  approveUpdate,
  drawUpdate,
  mergeUpdate,
  planWorkflowId,
  publishUpdate,
  type PlanState,
} from '../../contracts/plan';
import { AppError, type ErrorIssue } from '../errors';
import type { AddRequestsBody, CreatePlanBody, DrawBody } from '../routes/plans/schema';
import { startSettled, storedWorkflowState } from './read-model';
import { dateOfColumn } from '../../domain/dates';
import type { VisitException } from '../../domain/visit';

export interface PlanServiceDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  policy: InspectionPolicy;
}


const actorOf = (o: AuthenticatedOfficer) => ({ officerId: o.officerId, name: o.name });

/** A plan row as the list shows it (the detail adds to it). */
function planSummaryOf(p: { id: string; name: string; status: string; periodStart: Date; periodEnd: Date; summaryJson: string; reportJson: string }) {
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    periodStart: dateOfColumn(p.periodStart),
    periodEnd: dateOfColumn(p.periodEnd),
    summary: JSON.parse(p.summaryJson) as unknown,
    report: JSON.parse(p.reportJson) as unknown,
  };
}

export function createPlanService(deps: PlanServiceDeps) {
  const { prisma, temporal } = deps;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof planWorkflow>(planWorkflowId(id));

  async function loadPlan(id: string) {
    const plan = await prisma.plan.findUnique({ where: { id } });
    if (!plan) throw new AppError('NOT_FOUND', `计划 ${id} 不存在`);
    return plan;
  }

  return {
    async create(options: { actor: AuthenticatedOfficer; body: CreatePlanBody }) {
      const id = randomUUID();
      const { body } = options;
      const townshipId = await townshipOfNew(prisma, options.actor, body.townshipId, 'body.townshipId');
      // Without caps of its own the plan takes the county's published caps in effect when it begins.
      const caps = body.caps ?? (await frequencyCapsInEffect(prisma, body.periodStart));
      await startSettled<typeof planWorkflow>(temporal, 'planWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: planWorkflowId(id),
        args: [
          {
            planId: id,
            name: body.name,
            periodStart: body.periodStart,
            periodEnd: body.periodEnd,
            caps,
            capacity: body.capacity ?? DEFAULT_TEAM_CAPACITY,
            policy: deps.policy,
            createdBy: actorOf(options.actor),
            ...(townshipId ? { townshipId } : {}),
          },
        ],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return { id, workflowId: planWorkflowId(id), status: 'DRAFT' as const };
    },

    async list(options: { actor: AuthenticatedOfficer }) {
      const plans = await prisma.plan.findMany({ where: ownTownshipWithin(options.actor.townships), orderBy: { createdAt: 'desc' }, take: 200 });
      return plans.map(planSummaryOf);
    },

    async get(options: { id: string }) {
      const plan = await loadPlan(options.id);
      const state = await storedWorkflowState<PlanState>(prisma, planWorkflowId(plan.id));
      const [visits, unplaced, draws, requestCount] = await Promise.all([
        prisma.plannedVisit.findMany({
          where: { planId: plan.id },
          orderBy: [{ date: 'asc' }, { key: 'asc' }],
          include: { target: { select: { name: true, village: true } }, requests: { select: { id: true, reason: true } } },
        }),
        prisma.checkRequest.findMany({
          where: { planId: plan.id, status: 'UNPLACED' },
          include: { target: { select: { name: true } }, department: { select: { code: true } } },
          orderBy: { id: 'asc' },
        }),
        prisma.draw.findMany({ where: { planId: plan.id }, orderBy: { createdAt: 'asc' } }),
        prisma.checkRequest.count({ where: { planId: plan.id } }),
      ]);
      return {
        plan: {
          ...planSummaryOf(plan),
          caps: JSON.parse(plan.capsJson) as unknown,
          capacity: JSON.parse(plan.capacityJson) as unknown,
          requests: requestCount,
          approvedAt: plan.approvedAt?.toISOString() ?? null,
          publishedAt: plan.publishedAt?.toISOString() ?? null,
        },
        state,
        visits: visits.map((v) => ({
          id: v.id,
          date: dateOfColumn(v.date),
          target: { id: v.targetId, name: v.target.name, village: v.target.village },
          departments: JSON.parse(v.departmentsJson) as unknown,
          reasons: [...new Set(v.requests.map((r) => r.reason))],
          capExceptions: JSON.parse(v.capExceptionsJson) as unknown,
          aboveBoundReason: v.aboveBoundReason,
          inspectionId: v.inspectionId,
          scenarioVersionId: v.scenarioVersionId,
        })),
        unplaced: unplaced.map((r) => ({
          requestId: r.id,
          target: { id: r.targetId, name: r.target.name },
          departmentCode: r.department.code,
          reason: r.reason,
          code: r.unplacedCode,
          message: r.unplacedMessage,
        })),
        draws: draws.map((d) => ({
          id: d.id,
          scenarioCode: d.scenarioCode,
          seed: d.seed,
          algorithm: d.algorithm,
          publishedAt: d.publishedAt?.toISOString() ?? null,
          publicUrl: `/api/public/draws/${d.id}`,
        })),
      };
    },

    /**
     * A department's requests: only catalog items of the target's scenario for that department
     * (清单之外无检查), windows inside the plan's period; a scenario request expands to every
     * target of the scenario.
     */
    async addRequests(options: { actor: AuthenticatedOfficer; id: string; body: AddRequestsBody }) {
      const { actor, body } = options;
      const plan = await loadPlan(options.id);
      const periodStart = dateOfColumn(plan.periodStart);
      const periodEnd = dateOfColumn(plan.periodEnd);
      const issues: ErrorIssue[] = [];
      const drafts: Omit<CheckRequestDraft, 'id'>[] = [];
      const scenarios = await prisma.scenario.findMany({ select: { id: true, code: true, name: true } });
      // The scenario lists in effect on some day of the window: a visit may fall on any of them.
      const listsDuring = new Map<string, Awaited<ReturnType<typeof scenarioListsDuring>>>();
      const listsOf = async (scenarioCode: string | null, from: string, to: string) => {
        const scenario = scenarios.find((s) => s.code === scenarioCode);
        if (!scenario) return [];
        const key = `${scenario.id}:${from}:${to}`;
        if (!listsDuring.has(key)) listsDuring.set(key, await scenarioListsDuring(prisma, scenario.id, from, to));
        return listsDuring.get(key)!.map((list) => ({ label: versionLabel(scenario.name, list.version), listed: listedItemsOf(list) }));
      };
      for (const [index, r] of body.requests.entries()) {
        const path = `body.requests[${index}]`;
        if (r.windowStart < periodStart || r.windowEnd > periodEnd) {
          issues.push({ code: 'WINDOW_OUTSIDE_PERIOD', path, message: `时间窗口须在计划期间 ${periodStart}～${periodEnd} 之内` });
          continue;
        }
        let targets: { id: string; scenarioCode: string | null }[];
        if (r.targetId) {
          const target = await prisma.target.findUnique({ where: { id: r.targetId }, select: { id: true, scenarioCode: true, townshipId: true } });
          // A plan of a township takes that township's businesses only.
          if (!target || !withinTownships(actor.townships, target.townshipId) || (plan.townshipId !== null && target.townshipId !== plan.townshipId)) {
            issues.push({ code: 'UNKNOWN_REFERENCE', path: `${path}.targetId`, message: `检查对象 ${r.targetId} 不存在` });
            continue;
          }
          targets = [target];
        } else {
          if (!scenarios.some((s) => s.code === r.scenarioCode)) {
            issues.push({ code: 'UNKNOWN_REFERENCE', path: `${path}.scenarioCode`, message: `场景 ${r.scenarioCode} 不存在` });
            continue;
          }
          targets = await prisma.target.findMany({
            where: { scenarioCode: r.scenarioCode, ...(plan.townshipId !== null ? { townshipId: plan.townshipId } : ownTownshipWithin(actor.townships)) },
            select: { id: true, scenarioCode: true },
          });
        }
        for (const target of targets) {
          const lists = await listsOf(target.scenarioCode, r.windowStart, r.windowEnd);
          const refusal = (lists.length === 0 ? [{ label: '该检查对象所属场景的清单', listed: [] }] : lists)
            .map(({ label, listed }) => ({ label, outside: itemsOutsideScenario(listed, r.departmentCode, r.itemCodes) }))
            .find((l) => l.outside.length > 0);
          if (refusal) {
            issues.push({
              code: 'ITEM_NOT_IN_SCENARIO',
              path: `${path}.itemCodes`,
              message: `检查事项 ${refusal.outside.join('、')} 不在${refusal.label}中部门 ${r.departmentCode} 的检查事项内（清单之外无检查）`,
            });
            break;
          }
          drafts.push({
            targetId: target.id,
            departmentCode: r.departmentCode,
            itemCodes: [...new Set(r.itemCodes)],
            windowStart: r.windowStart,
            windowEnd: r.windowEnd,
            reason: r.reason,
          });
        }
      }
      if (issues.length > 0) {
        const codes = new Set(issues.map((i) => i.code));
        const code = codes.size === 1 ? (issues[0].code as 'ITEM_NOT_IN_SCENARIO' | 'UNKNOWN_REFERENCE' | 'WINDOW_OUTSIDE_PERIOD') : 'UNPROCESSABLE';
        throw new AppError(code, issues.map((i) => i.message).join('；'), issues);
      }
      if (drafts.length === 0) throw new AppError('UNPROCESSABLE', '没有可添加的检查需求（该场景下没有检查对象）');
      return handleOf(plan.id).executeUpdate(addRequestsUpdate, { args: [{ actor: actorOf(actor), requests: drafts }] });
    },

    async draw(options: { actor: AuthenticatedOfficer; id: string; body: DrawBody }) {
      const { body } = options;
      const plan = await loadPlan(options.id);
      const scenario = await prisma.scenario.findUnique({ where: { code: body.scenarioCode } });
      if (!scenario) {
        throw new AppError('UNKNOWN_REFERENCE', `场景 ${body.scenarioCode} 不存在`, [
          { code: 'UNKNOWN_REFERENCE', path: 'body.scenarioCode', message: `场景 ${body.scenarioCode} 不存在` },
        ]);
      }
      // The draw's requests take the list in effect when the plan's period opens (performDraw).
      const list = await scenarioListInEffect(prisma, scenario.id, dateOfColumn(plan.periodStart));
      const listed = list ? listedItemsOf(list) : [];
      const departmentCodes = body.departmentCodes ?? scenarioDepartments(listed);
      const outside = departmentsOutsideScenario(listed, departmentCodes);
      if (outside.length > 0) {
        throw new AppError('ITEM_NOT_IN_SCENARIO', `场景“${scenario.name}”的检查清单中没有部门 ${outside.join('、')} 的检查事项`);
      }
      return handleOf(plan.id).executeUpdate(drawUpdate, {
        args: [
          {
            actor: actorOf(options.actor),
            scenarioCode: body.scenarioCode,
            departmentCodes,
            ratios: body.ratios,
            inspectorsPerDepartment: body.inspectorsPerDepartment,
            seed: body.seed,
          },
        ],
      });
    },

    async step(options: { actor: AuthenticatedOfficer; id: string; step: 'merge' | 'approve' | 'publish' }) {
      const plan = await loadPlan(options.id);
      const update = { merge: mergeUpdate, approve: approveUpdate, publish: publishUpdate }[options.step];
      return handleOf(plan.id).executeUpdate(update, { args: [{ actor: actorOf(options.actor) }] });
    },

    /** The public record of a published draw: enough to re-run it and check the result. */
    async publicDraw(options: { id: string }) {
      const draw = await prisma.draw.findUnique({ where: { id: options.id } });
      if (!draw || !draw.publishedAt) throw new AppError('NOT_FOUND', '抽取记录不存在或尚未公示');
      return {
        id: draw.id,
        scenarioCode: draw.scenarioCode,
        algorithm: draw.algorithm,
        seed: draw.seed,
        onDate: dateOfColumn(draw.onDate),
        publishedAt: draw.publishedAt.toISOString(),
        inputs: JSON.parse(draw.inputsJson) as unknown,
        result: JSON.parse(draw.resultJson) as unknown,
        howToVerify:
          '以公布的 seed 和 inputs 调用 runDraw（domain/draw.ts，算法 xmur3+sfc32）即可复现同一结果：输入按 ID 排序后，先按风险等级 HIGH、MEDIUM、LOW 抽取检查对象，再按抽中顺序逐个部门抽取执法人员。',
      };
    },

    /** Every visit and department check a target received in a year, with the reasons behind them. */
    async ledger(options: { targetId: string; year: number }) {
      const target = await prisma.target.findUnique({ where: { id: options.targetId } });
      if (!target) throw new AppError('NOT_FOUND', `检查对象 ${options.targetId} 不存在`);
      const inspections = await prisma.jointInspection.findMany({
        where: {
          targetId: target.id,
          scheduledFor: { gte: new Date(Date.UTC(options.year, 0, 1)), lt: new Date(Date.UTC(options.year + 1, 0, 1)) },
        },
        orderBy: { scheduledFor: 'asc' },
        include: { checks: { include: { department: true } }, scenario: true },
      });
      const visits = await prisma.plannedVisit.findMany({
        where: { inspectionId: { in: inspections.map((i) => i.id) } },
        include: { requests: { include: { department: true } } },
      });
      // A direct visit made under a typed exception (domain/scheduling.ts) carries it in its scheduling record.
      const scheduled = await prisma.auditEvent.findMany({
        where: { subjectType: 'JointInspection', subjectId: { in: inspections.map((i) => i.id) }, action: 'INSPECTION_SCHEDULED' },
        select: { subjectId: true, payloadJson: true },
      });
      const exceptions = new Map(
        scheduled.flatMap((e) => {
          const exception = (JSON.parse(e.payloadJson) as { exception?: VisitException }).exception;
          return exception ? [[e.subjectId, exception] as const] : [];
        }),
      );
      const exceptionOf = (inspectionId: string) => {
        const exception = exceptions.get(inspectionId);
        return exception ? { ...exception, reasonLabel: REQUEST_REASON_LABELS[exception.reason] } : null;
      };
      const reasonsOf = (inspectionId: string, departmentCode: string) => {
        const visit = visits.find((v) => v.inspectionId === inspectionId);
        const exception = exceptions.get(inspectionId);
        if (!visit) return [exception?.reason ?? 'AD_HOC'];
        return [...new Set(visit.requests.filter((r) => r.department.code === departmentCode).map((r) => r.reason))];
      };
      const entries = inspections.map((i) => ({
        inspectionId: i.id,
        date: dateOfColumn(i.scheduledFor),
        status: i.status,
        scenario: i.scenario.name,
        exception: exceptionOf(i.id),
        checks: i.checks.map((c) => {
          const reasons = reasonsOf(i.id, c.department.code);
          return {
            departmentCode: c.department.code,
            departmentName: c.department.name,
            reasons,
            reasonLabels: reasons.map((r) => (r === 'AD_HOC' ? '直接排期' : REQUEST_REASON_LABELS[r as keyof typeof REQUEST_REASON_LABELS])),
          };
        }),
      }));
      const counted = entries.filter((e) => e.status !== 'CANCELLED');
      return {
        target: { id: target.id, name: target.name, creditCode: target.creditCode, doNotDisturb: target.doNotDisturb },
        year: options.year,
        visits: counted.length,
        checksByDepartment: counted
          .flatMap((e) => e.checks)
          .reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.departmentCode]: (acc[c.departmentCode] ?? 0) + 1 }), {}),
        entries,
      };
    },

    /** Department checks requested vs visits made ("visits saved"), and plan vs actual. */
    async stats(options: { actor: AuthenticatedOfficer; year: number }) {
      const from = new Date(Date.UTC(options.year, 0, 1));
      const to = new Date(Date.UTC(options.year + 1, 0, 1));
      const ofYear = { periodStart: { gte: from, lt: to }, ...ownTownshipWithin(options.actor.townships) };
      const plans = await prisma.plan.findMany({ where: ofYear });
      const requests = await prisma.checkRequest.groupBy({
        by: ['status', 'reason'],
        where: { plan: ofYear },
        _count: { _all: true },
      });
      const visits = await prisma.plannedVisit.findMany({
        where: { plan: ofYear },
        select: { departmentsJson: true, inspectionId: true, aboveBoundReason: true },
      });
      const inspections = await prisma.jointInspection.findMany({
        where: { id: { in: visits.map((v) => v.inspectionId).filter((i): i is string => Boolean(i)) } },
        select: { status: true },
      });
      const plannedDepartmentChecks = visits.reduce((n, v) => n + (JSON.parse(v.departmentsJson) as unknown[]).length, 0);
      const byReason: Record<string, { requested: number; placed: number; unplaced: number }> = {};
      for (const r of requests) {
        const entry = (byReason[r.reason] ??= { requested: 0, placed: 0, unplaced: 0 });
        entry.requested += r._count._all;
        if (r.status === 'PLACED') entry.placed += r._count._all;
        if (r.status === 'UNPLACED') entry.unplaced += r._count._all;
      }
      return {
        year: options.year,
        plans: plans.length,
        requests: Object.values(byReason).reduce((n, r) => n + r.requested, 0),
        byReason,
        plannedVisits: visits.length,
        plannedDepartmentChecks,
        visitsSaved: plannedDepartmentChecks - visits.length,
        visitsAboveBound: visits.filter((v) => v.aboveBoundReason).length,
        startedVisits: inspections.length,
        completedVisits: inspections.filter((i) => i.status === 'CLOSED').length,
      };
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
