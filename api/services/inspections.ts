/**
 * Joint inspections as the API sees them: checks what only the database can answer
 * (does the target exist, are these the scenario's items, who are these officers), then
 * hands the change to the workflow, which enforces the procedure and writes the records.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { assignmentOf, inspectionHead, scenarioByCode, targetById, teamOfficers, visitsOfTargetBetween, inspectionsWithin, scopeKey, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { servesTownship, withinTownships } from '../../domain/townships';
import {
  departmentTaskOf,
  isTerminal,
  validateOnSiteTeam,
  type DepartmentAssignment,
  type InspectionPolicy,
  type InspectionStatus,
} from '../../domain/inspection';
import type { jointInspectionWorkflow } from '../../workflows/joint-inspection';
import {
  addCheckItemsUpdate,
  cancelInspectionUpdate,
  checkInUpdate,
  inspectionWorkflowId,
  jointInspectionStartOptions,
  legalReviewUpdate,
  submitChecksUpdate,
  type InspectionState,
} from '../../contracts/inspection';
import { itemsOutsideScenario, scenarioItemsOf } from '../../domain/catalog';
import { jointVisitInput } from '../../domain/visit';
import { versionLabel } from '../../domain/scenario-lists';
import { frequencyCapsInEffect, scenarioListInEffect, targetLedgers } from '../../db';
import { CAP_EXCEPTION_REASONS, REQUEST_REASON_LABELS, capReachedMessage, type CapReached, type TargetLedger } from '../../domain/planning';
import { DEFAULT_JOIN_WINDOW_DAYS, checkFrequencyCaps, decideDirectVisit, type ScheduledVisitRef } from '../../domain/scheduling';
import type { VisitException } from '../../domain/visit';
import { hasRole, isDepartmentBound } from '../policies';
import { AppError, type ErrorIssue } from '../errors';
import type { ReadCache } from '../read-cache';
import { inspectionListWithPrisma, type InspectionListFilter } from '../../db/inspection-list';
import type {
  CancelBody,
  CheckInBody,
  JoinInspectionBody,
  LegalReviewBody,
  ListInspectionsQuery,
  ScheduleInspectionBody,
  SubmitChecksBody,
} from '../routes/inspections/schema';
import { assignedItemOf, credentialsOf } from './catalog';
import { refuseRecused } from './conflicts';
import { startSettled, storedWorkflowState } from './read-model';
import { addDays, chinaDate, columnOfDate, dateOfColumn } from '../../domain/dates';
import { checkInFlags, checkInPositionProblems } from '../../domain/check-in';
import { DEFAULT_EVIDENCE_POLICY } from '../../domain/evidence';

export interface InspectionServiceDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  policy: InspectionPolicy;
  /** Answers unchanged details from memory (api/read-cache.ts); every read goes to the database without it. */
  readCache?: ReadCache;
  /** JOIN_WINDOW_DAYS: calendar days either side inside which a second visit of a business is refused (domain/scheduling.ts default). */
  joinWindowDays?: number;
  /** EVIDENCE_MAX_DISTANCE_M: a check-in further than this from the business's registered place is flagged (domain/evidence.ts default). */
  maxDistanceMeters?: number;
}

const unknownReference = (message: string, path: string) =>
  new AppError('UNKNOWN_REFERENCE', message, [{ code: 'UNKNOWN_REFERENCE', path, message }]);

type ListInEffect = NonNullable<Awaited<ReturnType<typeof scenarioListInEffect>>>;

/** The requested departments' items, each from the list in effect (清单之外无检查); 422 naming every one outside it. */
function assignmentsOf(list: ListInEffect, listName: string, requestedDepartments: { code: string; itemCodes?: string[] }[]): DepartmentAssignment[] {
  const listed = list.items.map(({ checkItem }) => ({ ...checkItem, departmentCode: checkItem.department.code }));
  const issues: ErrorIssue[] = [];
  const departments: DepartmentAssignment[] = [];
  const seen = new Set<string>();
  requestedDepartments.forEach((requested, index) => {
    const path = `body.departments[${index}]`;
    if (seen.has(requested.code)) {
      issues.push({ code: 'DUPLICATE_DEPARTMENT', path, message: `部门 ${requested.code} 重复` });
      return;
    }
    seen.add(requested.code);
    const items = scenarioItemsOf(listed, requested.code);
    if (items.length === 0) {
      issues.push({
        code: 'ITEM_NOT_IN_SCENARIO',
        path: `${path}.code`,
        message: `${listName}中没有部门 ${requested.code} 的检查事项`,
      });
      return;
    }
    const chosen = requested.itemCodes ?? items.map((i) => i.code);
    for (const c of itemsOutsideScenario(listed, requested.code, chosen)) {
      issues.push({
        code: 'ITEM_NOT_IN_SCENARIO',
        path: `${path}.itemCodes`,
        message: `检查事项 ${c} 不在${listName}中部门 ${requested.code} 的检查事项内（清单之外无检查）`,
      });
    }
    if (new Set(chosen).size !== chosen.length) {
      issues.push({ code: 'DUPLICATE_ITEM', path: `${path}.itemCodes`, message: '检查事项重复' });
    }
    departments.push({
      departmentCode: requested.code,
      departmentName: items[0].department.name,
      items: items.filter((item) => chosen.includes(item.code)).map(assignedItemOf),
    });
  });
  if (issues.length > 0) throw new AppError('ITEM_NOT_IN_SCENARIO', issues.map((i) => i.message).join('；'), issues);
  return departments;
}

/** 422 FREQUENCY_CAP_REACHED naming each cap with its limit and count (the planner's words). */
function capRefusal(reached: CapReached[], hint: string, departmentCodes: string[]): AppError {
  const issues = reached.map((r) => ({
    code: r.cap === 'VISITS_PER_TARGET' ? 'CAP_VISITS_PER_TARGET' : 'CAP_DEPARTMENT',
    path: r.cap === 'VISITS_PER_TARGET' ? 'body.scheduledFor' : `body.departments[${departmentCodes.indexOf(r.departmentCode!)}].code`,
    message: capReachedMessage(r),
  }));
  return new AppError('FREQUENCY_CAP_REACHED', `${issues.map((i) => i.message).join('；')}。${hint}`, issues, {
    caps: reached.map((r) => ({ cap: r.cap, departmentCode: r.departmentCode ?? null, limit: r.limit, used: r.used })),
    exceptionReasons: [...CAP_EXCEPTION_REASONS],
  });
}

const EXCEPTION_HINT = `如确有${CAP_EXCEPTION_REASONS.map((r) => REQUEST_REASON_LABELS[r]).join('、')}等法定例外情形，请在 exception 中注明原因（${CAP_EXCEPTION_REASONS.join('/')}）和说明后再排期`;

export function createInspectionService(deps: InspectionServiceDeps) {
  const { prisma, temporal } = deps;
  const windowDays = deps.joinWindowDays ?? DEFAULT_JOIN_WINDOW_DAYS;
  const maxDistanceMeters = deps.maxDistanceMeters ?? DEFAULT_EVIDENCE_POLICY.maxDistanceMeters;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof jointInspectionWorkflow>(inspectionWorkflowId(id));

  async function loadOfficers(ids: string[], path: string) {
    const rows = await teamOfficers(prisma, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const issues: ErrorIssue[] = [];
    ids.forEach((officerId, index) => {
      if (!byId.has(officerId)) {
        issues.push({ code: 'UNKNOWN_REFERENCE', path: `${path}[${index}]`, message: `执法人员 ${officerId} 不存在或已停用` });
      }
    });
    if (issues.length > 0) throw new AppError('UNKNOWN_REFERENCE', issues.map((i) => i.message).join('；'), issues);
    return ids.map((officerId) => byId.get(officerId)!);
  }

  /** The visit's status and business, or 404: all a command needs before its workflow decides. */
  async function headOf(id: string) {
    const head = await inspectionHead(prisma, id);
    if (!head) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${id} 不存在`);
    return head;
  }

  /** Database row with its checks and team, or 404 (who may see it is api/policies.ts's). */
  async function loadInspection(id: string) {
    const inspection = await prisma.jointInspection.findUnique({
      where: { id },
      include: { checks: { include: { department: true } }, team: true },
    });
    if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${id} 不存在`);
    return inspection;
  }

  /** The business's visits and checks in the date's year (db/ledger.ts, the planner's count). */
  async function ledgerOf(targetId: string, date: string): Promise<TargetLedger> {
    const ledgers = await targetLedgers(prisma, [targetId], Number(date.slice(0, 4)));
    return ledgers[targetId] ?? { visits: 0, checksByDepartment: {} };
  }

  /** Visits of the business not started yet within the join window of a date. */
  async function scheduledVisitsNear(targetId: string, date: string): Promise<ScheduledVisitRef[]> {
    const rows = await visitsOfTargetBetween(prisma, {
      targetId,
      status: 'SCHEDULED',
      from: columnOfDate(addDays(date, -windowDays)),
      to: columnOfDate(addDays(date, windowDays)),
    });
    return rows.map((r) => ({ id: r.id, date: dateOfColumn(r.scheduledFor), status: r.status, departmentCodes: r.departmentCodes.sort() }));
  }

  /** 409 naming the visits to join instead (id, date, departments). */
  function visitInWindowRefusal(visits: ScheduledVisitRef[]): AppError {
    const [nearest] = visits;
    return new AppError(
      'VISIT_EXISTS_IN_WINDOW',
      `该市场主体已有 ${nearest.date} 的联合检查（${nearest.id}，部门 ${nearest.departmentCodes.join('、')}）尚未开始，在前后${windowDays}天内。` +
        `请加入该次检查（POST /api/inspections/${nearest.id}/join），一次入企查多项事；如确有${CAP_EXCEPTION_REASONS.map((r) => REQUEST_REASON_LABELS[r]).join('、')}等法定例外情形须另行入企，请在 exception 中注明原因和说明`,
      visits.map((v) => ({ code: 'VISIT_EXISTS_IN_WINDOW', path: 'body.scheduledFor', message: `已排期 ${v.date} 的联合检查 ${v.id}（${v.departmentCodes.join('、')}）` })),
      {
        windowDays,
        existingVisits: visits.map((v) => ({ id: v.id, scheduledFor: v.date, departments: v.departmentCodes, join: `/api/inspections/${v.id}/join` })),
      },
    );
  }

  function refuseIfFinished(status: InspectionStatus) {
    if (isTerminal(status)) {
      throw new AppError('ALREADY_CLOSED', status === 'CLOSED' ? '联合检查已办结，不能再办理' : '联合检查已取消，不能再办理');
    }
  }

  /** Hides other departments' checks and findings from a department-bound inspector. */
  function visibleState(officer: AuthenticatedOfficer, state: InspectionState): InspectionState {
    if (!isDepartmentBound(officer)) return state;
    return {
      ...state,
      departments: state.departments.filter((d) => d.departmentCode === officer.departmentCode),
      findings: state.findings.filter((f) => f.departmentCode === officer.departmentCode),
    };
  }

  async function listPage(actor: AuthenticatedOfficer, query: ListInspectionsQuery) {
    const filter: InspectionListFilter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
      ...(query.scenarioCode ? { scenarioCode: query.scenarioCode } : {}),
      ...(query.village ? { village: query.village } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      townships: actor.townships,
      // A department-bound inspector sees only the own department's inspections, whatever was asked.
      departmentCode: (isDepartmentBound(actor) ? actor.departmentCode : query.departmentCode) || undefined,
      page: query.page,
      pageSize: query.pageSize,
    };
    return deps.readCache?.inspectionList(filter) ?? inspectionListWithPrisma(prisma, filter);
  }

  /**
   * Where the team checked in, and its flags against the business's registered place as it
   * stands now: a place corrected after the visit is what the check-in is judged by.
   */
  function checkInPlaceOf(row: {
    checkInPlaceAsked: boolean | null;
    checkInLatitude: number | null;
    checkInLongitude: number | null;
    checkInAccuracyMeters: number | null;
    target: { latitude: number | null; longitude: number | null };
  }) {
    const position =
      row.checkInLatitude !== null && row.checkInLongitude !== null
        ? { latitude: row.checkInLatitude, longitude: row.checkInLongitude, accuracyMeters: row.checkInAccuracyMeters }
        : null;
    const { latitude, longitude } = row.target;
    const businessPlace = latitude !== null && longitude !== null ? { lat: latitude, lng: longitude } : null;
    return { asked: row.checkInPlaceAsked === true, position, flags: checkInFlags({ position, businessPlace, maxDistanceMeters }) };
  }

  /** An inspection's whole detail, as every caller may see it before their own filter. */
  async function loadDetail(id: string) {
    const [full, stored, history] = await Promise.all([
      prisma.jointInspection.findUnique({
        where: { id },
        include: {
          target: true,
          scenario: true,
          team: true,
          findings: { include: { checkItem: true, department: true } },
          reviews: { orderBy: { round: 'asc' } },
        },
      }),
      storedWorkflowState<InspectionState>(prisma, inspectionWorkflowId(id)),
      prisma.auditEvent.findMany({
        where: { subjectType: 'JointInspection', subjectId: id },
        orderBy: [{ at: 'asc' }, { seq: 'asc' }, { id: 'asc' }],
      }),
    ]);
    if (!full) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${id} 不存在`);
    return {
      view: {
        inspection: {
          id: full.id,
          workflowId: full.workflowId,
          status: full.status,
          scheduledFor: dateOfColumn(full.scheduledFor),
          target: full.target,
          scenario: { code: full.scenario.code, name: full.scenario.name },
          // the scenario-list version its items were checked against (null only for rows without one)
          scenarioVersionId: full.scenarioVersionId,
          team: full.team.map((m) => ({ officerId: m.officerId, isLead: m.isLead, presentAtCheckIn: m.presentAtCheckIn })),
          checkInAt: full.checkInAt?.toISOString() ?? null,
          checkInPlace: checkInPlaceOf(full),
          checksDoneAt: full.checksDoneAt?.toISOString() ?? null,
          closedAt: full.closedAt?.toISOString() ?? null,
          cancelledAt: full.cancelledAt?.toISOString() ?? null,
          cancelReason: full.cancelReason,
          // The legal review's deadline (last day of the pending round) and when it was missed.
          reviewDueOn: full.reviewDueOn,
          reviewOverdueAt: full.reviewOverdueAt?.toISOString() ?? null,
          findings: full.findings.map((f) => ({
            id: f.id,
            itemCode: f.checkItem.code,
            departmentCode: f.department.code,
            severity: f.severity,
            proposedAction: f.proposedAction,
            description: f.description,
            outcome: f.outcome,
            resolvedAt: f.resolvedAt?.toISOString() ?? null,
            resolutionRef: f.resolutionRef,
            resolutionNote: f.resolutionNote,
          })),
          reviews: full.reviews.map((r) => ({
            round: r.round,
            reviewerId: r.reviewerId,
            decision: r.decision,
            opinion: r.opinion,
            decidedAt: r.decidedAt.toISOString(),
          })),
        },
        state: stored,
        history: history.map((h) => ({
          at: h.at.toISOString(),
          action: h.action,
          actorName: h.actorName,
          payload: JSON.parse(h.payloadJson) as unknown,
        })),
      },
    };
  }

  return {
    async schedule(options: {
      actor: AuthenticatedOfficer;
      body: ScheduleInspectionBody;
      idempotencyKey?: string;
      now?: Date;
    }): Promise<{ id: string; workflowId: string; status: InspectionStatus }> {
      const { actor, body } = options;
      const today = chinaDate((options.now ?? new Date()).toISOString());
      if (body.scheduledFor < today) {
        throw new AppError('SCHEDULED_IN_PAST', `检查日期 ${body.scheduledFor} 早于今天（${today}），不能排期`, [
          { code: 'SCHEDULED_IN_PAST', path: 'body.scheduledFor', message: '检查日期不能早于今天' },
        ]);
      }
      const target = await targetById(prisma, body.targetId);
      // A business of a township beyond reach is, to this caller, no business at all.
      if (!target || !withinTownships(actor.townships, target.townshipId)) throw unknownReference(`检查对象 ${body.targetId} 不存在`, 'body.targetId');
      const scenario = await scenarioByCode(prisma, body.scenarioCode);
      if (!scenario) throw unknownReference(`场景 ${body.scenarioCode} 不存在`, 'body.scenarioCode');
      // 清单之外无检查 against the list in effect on the visit's day, recorded on the inspection.
      const list = await scenarioListInEffect(prisma, scenario.id, body.scheduledFor);
      if (!list) {
        throw new AppError('SCENARIO_LIST_NOT_IN_EFFECT', `场景“${scenario.name}”在 ${body.scheduledFor} 没有已发布生效的检查清单，不能排期`, [
          { code: 'SCENARIO_LIST_NOT_IN_EFFECT', path: 'body.scheduledFor', message: '该日没有生效的场景清单版本' },
        ]);
      }
      const departments = assignmentsOf(list, versionLabel(scenario.name, list.version), body.departments);

      const teamIds = body.team.map((m) => m.officerId);
      if (new Set(teamIds).size !== teamIds.length) {
        throw new AppError('VALIDATION_FAILED', '检查组成员重复', [{ path: 'body.team', message: '检查组成员重复' }]);
      }
      const team = await loadOfficers(teamIds, 'body.team');
      const strangers = team.filter((o) => !servesTownship(assignmentOf(o), target.townshipId));
      if (strangers.length > 0) {
        const township = target.townshipId ? await prisma.township.findUnique({ where: { id: target.townshipId } }) : null;
        throw new AppError(
          'OFFICER_NOT_SERVING_TOWNSHIP',
          `${strangers.map((o) => o.name).join('、')} 不在${township?.name ?? '该乡镇'}执法，不能编入检查组`,
          strangers.map((o) => ({ code: 'OFFICER_NOT_SERVING_TOWNSHIP', path: `body.team[${teamIds.indexOf(o.id)}].officerId`, message: `${o.name} 未被指派到${township?.name ?? '该乡镇'}` })),
        );
      }
      // 回避 (§43): an officer withdrawn from this business by the head's decision is not on its team.
      await refuseRecused(prisma, { targetId: target.id, officers: team, path: 'body.team' });
      // The same rule as at check-in, applied to the plan: find the problem before the visit.
      const violations = validateOnSiteTeam({
        officers: team.map(credentialsOf),
        departmentCodes: departments.map((d) => d.departmentCode),
        onDate: body.scheduledFor,
        policy: deps.policy,
      });
      if (violations.length > 0) {
        throw new AppError('TEAM_RULE_VIOLATED', violations.map((v) => v.message).join('；'), violations);
      }

      const id = options.idempotencyKey
        ? `ik${createHash('sha256').update(`${actor.officerId}:${options.idempotencyKey}`).digest('hex').slice(0, 24)}`
        : randomUUID();
      // A retried request whose visit already exists is not a second visit: it lands on the same run below.
      const retried = options.idempotencyKey ? (await inspectionHead(prisma, id)) !== null : false;
      let exception: VisitException | undefined;
      if (!retried) {
        // The planner's caps and ledger, and 拼团: a visit of the business already scheduled close by is joined, not doubled.
        const [caps, ledger, scheduledVisits] = await Promise.all([
          frequencyCapsInEffect(prisma, body.scheduledFor),
          ledgerOf(target.id, body.scheduledFor),
          scheduledVisitsNear(target.id, body.scheduledFor),
        ]);
        const decision = decideDirectVisit({
          caps,
          ledger,
          departmentCodes: departments.map((d) => d.departmentCode),
          date: body.scheduledFor,
          scheduledVisits,
          windowDays,
          exception: body.exception,
        });
        if (!decision.allowed && decision.code === 'VISIT_EXISTS_IN_WINDOW') throw visitInWindowRefusal(decision.visits);
        if (!decision.allowed) throw capRefusal(decision.reached, EXCEPTION_HINT, body.departments.map((d) => d.code));
        if (body.exception) {
          exception = {
            reason: body.exception.reason,
            note: body.exception.note,
            capsLifted: decision.lifted,
            besideInspectionIds: decision.besideVisits.map((v) => v.id),
          };
        }
      }
      const input = jointVisitInput({
        inspectionId: id,
        scheduledFor: body.scheduledFor,
        scheduledBy: { officerId: actor.officerId, name: actor.name },
        target,
        scenario,
        departments,
        team: body.team.map((m, index) => ({
          officerId: m.officerId,
          name: team[index].name,
          departmentCode: team[index].department?.code ?? null,
          isLead: m.isLead ?? false,
        })),
        policy: deps.policy,
        scenarioVersionId: list.id,
        exception,
      });
      // A retried request with the same Idempotency-Key lands on the same run; otherwise an
      // existing id is an error. A finished inspection's id is never reused.
      const start = jointInspectionStartOptions(input, { reuseExisting: Boolean(options.idempotencyKey) });
      await startSettled<typeof jointInspectionWorkflow>(temporal, 'jointInspectionWorkflow', { taskQueue: deps.taskQueue, ...start });
      const { workflowId } = start;
      return { id, workflowId, status: 'SCHEDULED' };
    },

    async list(options: { actor: AuthenticatedOfficer; query: ListInspectionsQuery }) {
      const { actor, query } = options;
      // The same page for everyone who asks it: recounted only after the database changed.
      const scope = `${isDepartmentBound(actor) ? actor.departmentCode : '*'}:${scopeKey(actor.townships)}`;
      const load = () => listPage(actor, query);
      return deps.readCache ? deps.readCache.memo(`inspections:${scope}:${JSON.stringify(query)}`, load) : load();
    },

    async get(options: { actor: AuthenticatedOfficer; id: string }) {
      const { actor, id } = options;
      const stamp = deps.readCache?.inspectionStamp(id, inspectionWorkflowId(id)) ?? null;
      const detail = await (deps.readCache?.memo(`inspection:${id}`, () => loadDetail(id), { stamp }) ?? loadDetail(id));
      if (!isDepartmentBound(actor)) return detail.view;
      // A department-bound inspector sees the own department's checks, findings and history only.
      const { view } = detail;
      return {
        inspection: { ...view.inspection, findings: view.inspection.findings.filter((f) => f.departmentCode === actor.departmentCode) },
        state: view.state && visibleState(actor, view.state),
        history: view.history.filter((h) => !isOtherDepartmentsEvent(h.payload, actor.departmentCode)),
      };
    },

    async checkIn(options: { actor: AuthenticatedOfficer; id: string; body: CheckInBody }) {
      const { actor, id, body } = options;
      const row = await headOf(id);
      refuseIfFinished(row.status);
      const position = body.position ? { latitude: body.position.latitude, longitude: body.position.longitude, accuracyMeters: body.position.accuracyMeters ?? null } : null;
      const problems = position ? checkInPositionProblems(position) : [];
      if (problems.length > 0) {
        throw new AppError(
          'CHECK_IN_POSITION_INVALID',
          `签到位置无效：${problems.map((p) => p.message).join('；')}`,
          problems.map((p) => ({ code: 'CHECK_IN_POSITION_INVALID', path: `body.position.${p.field}`, message: p.message })),
        );
      }
      const officers = await loadOfficers(body.officerIds, 'body.officerIds');
      // A withdrawal decided after the visit was scheduled still keeps the officer out of it.
      await refuseRecused(prisma, { targetId: row.targetId, officers, path: 'body.officerIds' });
      const state = await handleOf(id).executeUpdate(checkInUpdate, {
        args: [{ actor: { officerId: actor.officerId, name: actor.name }, officers: officers.map(credentialsOf), position }],
      });
      return visibleState(actor, state);
    },

    async submitChecks(options: { actor: AuthenticatedOfficer; id: string; departmentCode: string; body: SubmitChecksBody; idempotencyKey?: string }) {
      const { actor, id, departmentCode, body } = options;
      const row = await headOf(id);
      refuseIfFinished(row.status);
      // The workflow decides who submits for which department (the caller's own only); its
      // refusal of a caller from another department keeps the API's 403 and wording.
      const own = actor.departmentCode ?? '';
      try {
        const state = await handleOf(id).executeUpdate(submitChecksUpdate, {
          args: [{ actor: { officerId: actor.officerId, name: actor.name, departmentCode: own }, departmentCode, results: body.results }],
          // A resend after a lost answer carries the same key: the engine runs an update id once
          // and answers the resend with the first outcome, so it is never recorded as a revision.
          ...(options.idempotencyKey
            ? { updateId: `submit-${departmentCode}-${createHash('sha256').update(`${actor.officerId}:${options.idempotencyKey}`).digest('hex').slice(0, 24)}` }
            : {}),
        });
        return visibleState(actor, state);
      } catch (error) {
        if (refusalType(error) === 'DEPARTMENT_NOT_ASSIGNED' && own !== departmentCode) {
          throw new AppError('FORBIDDEN_DEPARTMENT', `您属于部门 ${actor.departmentCode ?? '（无）'}，只能提交本部门的检查结果`);
        }
        throw error;
      }
    },

    async legalReview(options: { actor: AuthenticatedOfficer; id: string; body: LegalReviewBody }) {
      const { actor, id, body } = options;
      const row = await headOf(id);
      refuseIfFinished(row.status);
      return handleOf(id).executeUpdate(legalReviewUpdate, {
        args: [
          {
            reviewer: {
              officerId: actor.officerId,
              name: actor.name,
              isLegalReviewer: hasRole(actor, 'LEGAL_REVIEWER'),
              legalQualified: actor.legalQualified,
            },
            decision: body.decision,
            opinion: body.opinion,
          },
        ],
      });
    },

    async cancel(options: { actor: AuthenticatedOfficer; id: string; body: CancelBody }) {
      const { actor, id, body } = options;
      const row = await headOf(id);
      refuseIfFinished(row.status);
      return handleOf(id).executeUpdate(cancelInspectionUpdate, {
        args: [{ actor: { officerId: actor.officerId, name: actor.name }, reason: body.reason }],
      });
    },

    /**
     * 拼团: departments and items added to a visit not started yet, instead of a second visit.
     * The items come from the list in effect on the visit's day, new departments count against
     * their caps, the grown team must still meet the on-site rule; the workflow's addCheckItems
     * validator decides whether the visit can still take them (not once checked in).
     */
    async join(options: { actor: AuthenticatedOfficer; id: string; body: JoinInspectionBody }) {
      const { actor, id, body } = options;
      const row = await loadInspection(id);
      refuseIfFinished(row.status);
      const [target, scenario] = await Promise.all([
        prisma.target.findUniqueOrThrow({ where: { id: row.targetId } }),
        prisma.scenario.findUniqueOrThrow({ where: { id: row.scenarioId } }),
      ]);
      const date = dateOfColumn(row.scheduledFor);
      const list = await scenarioListInEffect(prisma, scenario.id, date);
      if (!list) {
        throw new AppError('SCENARIO_LIST_NOT_IN_EFFECT', `场景“${scenario.name}”在 ${date} 没有已发布生效的检查清单，不能加入检查事项`);
      }
      const departments = assignmentsOf(list, versionLabel(scenario.name, list.version), body.departments);

      const newIds = body.team.map((m) => m.officerId);
      if (new Set(newIds).size !== newIds.length) {
        throw new AppError('VALIDATION_FAILED', '检查组成员重复', [{ path: 'body.team', message: '检查组成员重复' }]);
      }
      const additions = (await loadOfficers(newIds, 'body.team')).filter((o) => !row.team.some((t) => t.officerId === o.id));
      const strangers = additions.filter((o) => !servesTownship(assignmentOf(o), target.townshipId));
      if (strangers.length > 0) {
        throw new AppError(
          'OFFICER_NOT_SERVING_TOWNSHIP',
          `${strangers.map((o) => o.name).join('、')} 不在该乡镇执法，不能编入检查组`,
          strangers.map((o) => ({ code: 'OFFICER_NOT_SERVING_TOWNSHIP', path: `body.team[${newIds.indexOf(o.id)}].officerId`, message: `${o.name} 未被指派到该乡镇` })),
        );
      }
      await refuseRecused(prisma, { targetId: target.id, officers: additions, path: 'body.team' });
      const current = await teamOfficers(prisma, row.team.map((t) => t.officerId), { activeOnly: false });
      const onVisit = new Set(row.checks.map((c) => c.department.code));
      const violations = validateOnSiteTeam({
        officers: [...current, ...additions].map(credentialsOf),
        departmentCodes: [...new Set([...onVisit, ...departments.map((d) => d.departmentCode)])],
        onDate: date,
        policy: deps.policy,
      });
      if (violations.length > 0) throw new AppError('TEAM_RULE_VIOLATED', violations.map((v) => v.message).join('；'), violations);

      // The same caps as a new visit, for the departments this visit did not have (the visit itself is counted already).
      const added = departments.map((d) => d.departmentCode).filter((code) => !onVisit.has(code));
      const caps = checkFrequencyCaps({
        caps: await frequencyCapsInEffect(prisma, date),
        ledger: await ledgerOf(target.id, date),
        departmentCodes: added,
        opensVisit: false,
      });
      if (!caps.allowed) throw capRefusal(caps.reached, `如确有法定例外情形，请以 exception 另行排期（POST /api/inspections）`, body.departments.map((d) => d.code));

      const state = await handleOf(id).executeUpdate(addCheckItemsUpdate, {
        args: [
          {
            actor: { officerId: actor.officerId, name: actor.name },
            departments,
            team: additions.map((o) => ({ officerId: o.id, name: o.name, departmentCode: o.department?.code ?? null, isLead: false })),
            recheckOf: [],
          },
        ],
      });
      return visibleState(actor, state);
    },

    /** A department's worklist: visits to prepare, results to submit, proposals to revise. */
    async departmentTasks(options: { actor: AuthenticatedOfficer; departmentCode: string }) {
      const { actor, departmentCode } = options;
      const department = await prisma.department.findUnique({ where: { code: departmentCode } });
      if (!department) throw new AppError('DEPARTMENT_NOT_FOUND', `部门 ${departmentCode} 不存在`);
      const checks = await prisma.departmentCheck.findMany({
        where: {
          departmentId: department.id,
          inspection: { status: { in: ['SCHEDULED', 'ON_SITE', 'IN_LEGAL_REVIEW', 'FOLLOW_UP'] }, ...inspectionsWithin(actor.townships) },
        },
        include: {
          items: { include: { checkItem: true } },
          inspection: {
            include: {
              target: true,
              scenario: true,
              reviews: { orderBy: { round: 'desc' }, take: 1 },
              findings: { where: { departmentId: department.id }, select: { id: true, proposedAction: true, outcome: true } },
            },
          },
        },
        orderBy: { inspection: { scheduledFor: 'asc' } },
      });
      const tasks = [];
      for (const check of checks) {
        const inspection = check.inspection;
        const last = inspection.reviews[0];
        const task = departmentTaskOf({
          status: inspection.status,
          submittedAt: check.submittedAt?.toISOString() ?? null,
          lastReview: last ? { decision: last.decision, decidedAt: last.decidedAt.toISOString() } : null,
          findings: inspection.findings,
        });
        if (!task) continue;
        tasks.push({
          inspectionId: inspection.id,
          task,
          status: inspection.status,
          scheduledFor: dateOfColumn(inspection.scheduledFor),
          target: { id: inspection.target.id, name: inspection.target.name, address: inspection.target.address, village: inspection.target.village },
          scenario: { code: inspection.scenario.code, name: inspection.scenario.name },
          // Everything the on-site checklist shows, so a phone that opened the worklist can work offline.
          items: check.items.map((i) => ({ ...assignedItemOf(i.checkItem), method: i.checkItem.method })),
          overdue: check.overdue,
          reviewOpinion: task === 'REVISE_AFTER_REVIEW' ? inspection.reviews[0]?.opinion : undefined,
        });
      }
      return { department: { code: department.code, name: department.name }, tasks };
    },
  };
}

/** The stable type of a workflow validator's refusal, or null for any other error. */
function refusalType(error: unknown): string | null {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure ? (error.cause.type ?? null) : null;
}

function isOtherDepartmentsEvent(payload: unknown, departmentCode: string | null): boolean {
  const code = (payload as { departmentCode?: unknown } | null)?.departmentCode;
  return typeof code === 'string' && code !== departmentCode;
}

export type InspectionService = ReturnType<typeof createInspectionService>;
