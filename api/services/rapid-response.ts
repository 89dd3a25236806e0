/**
 * "532" events as the API sees them: who may see and do what, what only the database can
 * answer (do these officers and departments exist, who is free), then the change goes to the
 * event's workflow, which enforces the order of the work and writes the records.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { ASSIGNMENT_INCLUDE, assignmentOf, officersServing, ownTownshipWithin, type AuthenticatedOfficer, type Prisma, type PrismaClient } from '../../db';
import { servesTownship, type TownshipScope } from '../../domain/townships';
import { townshipOfNew } from './townships';
import {
  DEFAULT_CLOCK_POLICY,
  EVENT_CATEGORIES,
  EVENT_STATUS_LABELS,
  OPEN_EVENT_STATUSES,
  RESPONSE_STAGES,
  STAGE_LABELS,
  clockOutcome,
  currentStage,
  emptyTally,
  isEventClosed,
  median,
  onTimeRate,
  percentile,
  suggestedDepartments,
  tallyOutcome,
  timeLeftMs,
  type ClockPolicy,
  type EventCategory,
  type EventStatus,
  type OnTimeTally,
  type ResponseStage,
} from '../../domain/rapid-response';
import type { rapidResponseWorkflow } from '../../workflows/rapid-response';
import {
  convertEventUpdate,
  dispatchEventUpdate,
  eventCheckInUpdate,
  eventFeedbackUpdate,
  eventWorkflowId,
  resolveEventUpdate,
  type EventState,
  type RapidResponseInput,
} from '../../contracts/rapid-response';
import { reporterScope } from '../policies';
import { AppError, fromTemporal, type ErrorIssue } from '../errors';
import type {
  ConvertEventBody,
  DispatchEventBody,
  EventCheckInBody,
  EventFeedbackBody,
  ListEventsQuery,
  RapidResponseStatsQuery,
  ReportEventBody,
  ResolveEventBody,
} from '../routes/rapid-response/schema';
import type { InspectionService } from './inspections';
import { startSettled, storedWorkflowState } from './read-model';
import { addDays, chinaDate, dateOfColumn, startOfChinaDate } from '../../domain/dates';

export interface RapidResponseServiceDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  clockPolicy?: ClockPolicy;
  inspections: InspectionService;
}

const actorOf = (officer: AuthenticatedOfficer) => ({ officerId: officer.officerId, name: officer.name });
const eventNotFound = (id: string) => new AppError('EVENT_NOT_FOUND', `事件 ${id} 不存在`);
const chinaDayStart = (date: string) => new Date(startOfChinaDate(date));
const chinaDayEnd = (date: string) => new Date(startOfChinaDate(addDays(date, 1)));

const EVENT_INCLUDE = { breaches: true, departments: true, responders: true } as const;
type EventRow = Prisma.GridEventGetPayload<{ include: typeof EVENT_INCLUDE }>;

const STAGE_FIELDS: Record<ResponseStage, { due: 'dispatchDueAt' | 'onSiteDueAt' | 'feedbackDueAt'; done: 'dispatchedAt' | 'onSiteAt' | 'feedbackAt' }> = {
  DISPATCH: { due: 'dispatchDueAt', done: 'dispatchedAt' },
  ON_SITE: { due: 'onSiteDueAt', done: 'onSiteAt' },
  FEEDBACK: { due: 'feedbackDueAt', done: 'feedbackAt' },
};

function clocksOf(row: EventRow, now: string) {
  return RESPONSE_STAGES.map((stage) => {
    const due = row[STAGE_FIELDS[stage].due].toISOString();
    const doneAt = row[STAGE_FIELDS[stage].done]?.toISOString() ?? null;
    const breach = row.breaches.find((b) => b.stage === stage);
    return {
      stage,
      label: STAGE_LABELS[stage],
      dueAt: due,
      doneAt,
      outcome: clockOutcome({ due, doneAt, now }),
      timeLeftMs: doneAt === null && !isEventClosed(row.status) ? timeLeftMs(due, now) : null,
      breach: breach
        ? {
            breachedAt: breach.breachedAt.toISOString(),
            recordedAt: breach.recordedAt.toISOString(),
            escalatedAt: breach.escalatedAt?.toISOString() ?? null,
            escalationChannel: breach.escalationChannel,
            escalationFailed: breach.escalationFailed,
          }
        : null,
    };
  });
}

function eventView(row: EventRow, now: string) {
  const stage = currentStage(row.status);
  return {
    id: row.id,
    workflowId: row.workflowId,
    status: row.status,
    statusLabel: EVENT_STATUS_LABELS[row.status],
    category: row.category,
    categoryLabel: EVENT_CATEGORIES[row.category as EventCategory]?.label ?? row.category,
    village: row.village,
    location: row.location,
    description: row.description,
    evidence: JSON.parse(row.evidenceJson) as string[],
    reporterId: row.reporterId,
    reportedAt: row.reportedAt.toISOString(),
    currentStage: stage,
    clocks: clocksOf(row, now),
    instruction: row.instruction,
    departmentCodes: row.departments.map((d) => d.departmentCode),
    responders: row.responders.map((r) => ({
      officerId: r.officerId,
      departmentCode: r.departmentCode,
      checkedInAt: r.checkedInAt?.toISOString() ?? null,
      late: r.checkInLate,
    })),
    feedbackResult: row.feedbackResult,
    closedAt: row.closedAt?.toISOString() ?? null,
    closingNote: row.closingNote,
    link: row.linkKind
      ? { kind: row.linkKind, inspectionId: row.linkedInspectionId, caseRef: row.linkedCaseRef }
      : null,
  };
}

/**
 * The 532 figures of a period (reportedAt in [from, to)) in the townships of `townships`: the one
 * place they are counted, for GET /api/stats/532 (the dashboard's 532 panel) and the annual report.
 * `now` decides whether an unfinished clock is still running or already breached.
 */
export async function rapidResponseStats(
  prisma: PrismaClient,
  options: { from?: Date; to?: Date; townships: TownshipScope; now: string },
) {
  const { from, to, townships, now } = options;
  const rows = await prisma.gridEvent.findMany({
    where: { reportedAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) }, ...ownTownshipWithin(townships) },
    include: EVENT_INCLUDE,
  });

  type StageTallies = Record<ResponseStage, OnTimeTally>;
  const tallies = (): StageTallies => ({ DISPATCH: emptyTally(), ON_SITE: emptyTally(), FEEDBACK: emptyTally() });
  const overall = tallies();
  const durations: Record<ResponseStage, number[]> = { DISPATCH: [], ON_SITE: [], FEEDBACK: [] };
  const groups = { category: new Map<string, StageTallies>(), village: new Map<string, StageTallies>(), department: new Map<string, StageTallies>() };
  const groupOf = (map: Map<string, StageTallies>, key: string) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = tallies()));
    return t;
  };
  const byStatus: Partial<Record<EventStatus, number>> = {};
  let escalated = 0;
  let escalationFailed = 0;

  for (const row of rows) {
    byStatus[row.status as EventStatus] = (byStatus[row.status as EventStatus] ?? 0) + 1;
    escalated += row.breaches.filter((b) => b.escalatedAt !== null).length;
    escalationFailed += row.breaches.filter((b) => b.escalationFailed).length;
    const targets = [
      overall,
      groupOf(groups.category, row.category),
      groupOf(groups.village, row.village),
      ...row.departments.map((d) => groupOf(groups.department, d.departmentCode)),
    ];
    for (const stage of RESPONSE_STAGES) {
      const due = row[STAGE_FIELDS[stage].due].toISOString();
      const doneAt = row[STAGE_FIELDS[stage].done]?.toISOString() ?? null;
      // A closed event's unfinished later stage cannot happen (closing needs feedback).
      const outcome = clockOutcome({ due, doneAt, now });
      for (const t of targets) tallyOutcome(t[stage], outcome);
      if (doneAt) durations[stage].push(Date.parse(doneAt) - row.reportedAt.getTime());
    }
  }

  const stageView = (t: StageTallies) =>
    RESPONSE_STAGES.map((stage) => ({ stage, label: STAGE_LABELS[stage], ...t[stage], onTimeRate: onTimeRate(t[stage]) }));
  const groupView = (map: Map<string, StageTallies>, label: (key: string) => string) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, t]) => ({ key, label: label(key), stages: stageView(t) }));
  const departmentNames = new Map(
    (await prisma.department.findMany({ select: { code: true, shortName: true } })).map((d) => [d.code, d.shortName]),
  );
  return {
    period: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
    events: rows.length,
    byStatus,
    escalations: { sent: escalated, failed: escalationFailed },
    stages: stageView(overall).map((s) => ({
      ...s,
      medianMs: median(durations[s.stage]),
      p90Ms: percentile(durations[s.stage], 90),
    })),
    byCategory: groupView(groups.category, (k) => EVENT_CATEGORIES[k as EventCategory]?.label ?? k),
    byVillage: groupView(groups.village, (k) => k),
    byDepartment: groupView(groups.department, (k) => departmentNames.get(k) ?? k),
  };
}

export function createRapidResponseService(deps: RapidResponseServiceDeps) {
  const { prisma, temporal } = deps;
  const clockPolicy = deps.clockPolicy ?? DEFAULT_CLOCK_POLICY;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof rapidResponseWorkflow>(eventWorkflowId(id));
  const include = EVENT_INCLUDE;

  /** The row, or 404 (who may see it — a grid worker only their own — is api/policies.ts's). */
  async function loadEvent(id: string): Promise<EventRow> {
    const row = await prisma.gridEvent.findUnique({ where: { id }, include });
    if (!row) throw eventNotFound(id);
    return row;
  }

  function refuseIfClosed(status: EventStatus) {
    if (isEventClosed(status)) {
      throw new AppError('EVENT_ALREADY_CLOSED', status === 'RESOLVED' ? '事件已办结，不能再办理' : '事件已转办，不能再办理');
    }
  }

  /** Runs a workflow update, with the event's own words for a workflow that is gone. */
  async function update<T>(id: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new AppError('EVENT_ALREADY_CLOSED', `事件 ${id} 的处置流程已结束`);
      throw fromTemporal(error);
    }
  }

  const liveState = (id: string) => storedWorkflowState<EventState>(prisma, eventWorkflowId(id));

  return {
    async report(options: { actor: AuthenticatedOfficer; body: ReportEventBody; idempotencyKey?: string }) {
      const { actor, body } = options;
      // Both well formed, but they contradict each other: a 422 (the request's parts disagree), not a 400.
      if (options.idempotencyKey && body.clientKey && options.idempotencyKey !== body.clientKey) {
        throw new AppError('IDEMPOTENCY_KEY_MISMATCH', 'Idempotency-Key 请求头与 clientKey 不一致：两者只需给一个，或给同一个值', [
          { path: 'body.clientKey', message: '与 Idempotency-Key 请求头不一致' },
        ]);
      }
      const clientKey = body.clientKey ?? options.idempotencyKey;
      const townshipId = await townshipOfNew(prisma, actor, body.townshipId, 'body.townshipId');
      const id = clientKey
        ? `ev${createHash('sha256').update(`${actor.officerId}:${clientKey}`).digest('hex').slice(0, 24)}`
        : randomUUID();
      const input: RapidResponseInput = {
        eventId: id,
        clientKey: clientKey ?? id,
        reportedAt: new Date().toISOString(),
        reporter: actorOf(actor),
        category: body.category,
        village: body.village,
        location: body.location,
        description: body.description,
        evidence: body.evidence,
        policy: clockPolicy,
        ...(townshipId ? { townshipId } : {}),
      };
      const workflowId = eventWorkflowId(id);
      try {
        await startSettled<typeof rapidResponseWorkflow>(temporal, 'rapidResponseWorkflow', {
          taskQueue: deps.taskQueue,
          workflowId,
          args: [input],
          // A resubmission with the same key lands on the same run (the first report wins).
          workflowIdConflictPolicy: clientKey ? 'USE_EXISTING' : 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        // The same key after the event was already closed: still the same event.
        if (!(clientKey && error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return { id, workflowId, status: 'REPORTED' as const };
    },

    async list(options: { actor: AuthenticatedOfficer; query: ListEventsQuery }) {
      const { actor, query } = options;
      const where: Prisma.GridEventWhereInput = ownTownshipWithin(actor.townships);
      const reporterId = reporterScope(actor);
      if (reporterId) where.reporterId = reporterId;
      if (query.status) where.status = query.status;
      if (query.category) where.category = query.category;
      if (query.village) where.village = query.village;
      if (query.from || query.to) {
        where.reportedAt = {
          ...(query.from ? { gte: chinaDayStart(query.from) } : {}),
          ...(query.to ? { lt: chinaDayEnd(query.to) } : {}),
        };
      }
      const now = new Date().toISOString();
      const [total, rows] = await prisma.$transaction([
        prisma.gridEvent.count({ where }),
        prisma.gridEvent.findMany({
          where,
          orderBy: [{ reportedAt: 'desc' }, { id: 'asc' }],
          skip: (query.page - 1) * query.pageSize,
          take: query.pageSize,
          include,
        }),
      ]);
      return { items: rows.map((r) => eventView(r, now)), page: query.page, pageSize: query.pageSize, total };
    },

    /** Open events, the most urgent clock first. */
    async live(options: { actor: AuthenticatedOfficer }) {
      const now = new Date().toISOString();
      const rows = await prisma.gridEvent.findMany({
        where: { status: { in: [...OPEN_EVENT_STATUSES] }, ...ownTownshipWithin(options.actor.townships) },
        include,
      });
      const items = rows.map((row) => {
        const view = eventView(row, now);
        const clock = view.clocks.find((c) => c.stage === view.currentStage) ?? null;
        return {
          id: view.id,
          status: view.status,
          statusLabel: view.statusLabel,
          category: view.category,
          categoryLabel: view.categoryLabel,
          village: view.village,
          location: view.location,
          reportedAt: view.reportedAt,
          currentStage: view.currentStage,
          currentStageLabel: view.currentStage ? STAGE_LABELS[view.currentStage] : null,
          dueAt: clock?.dueAt ?? null,
          timeLeftMs: clock?.timeLeftMs ?? null,
          overdue: clock !== null && clock.timeLeftMs !== null && clock.timeLeftMs < 0,
          breachedStages: view.clocks.filter((c) => c.breach !== null).map((c) => c.stage),
        };
      });
      // Awaiting closure (no running clock) goes last.
      items.sort((a, b) => (a.timeLeftMs ?? Number.POSITIVE_INFINITY) - (b.timeLeftMs ?? Number.POSITIVE_INFINITY));
      return { now, items };
    },

    async get(options: { id: string }) {
      const row = await loadEvent(options.id);
      const [state, history] = await Promise.all([
        liveState(options.id),
        prisma.auditEvent.findMany({
          where: { subjectType: 'GridEvent', subjectId: options.id },
          orderBy: [{ at: 'asc' }, { seq: 'asc' }, { id: 'asc' }],
        }),
      ]);
      return {
        event: eventView(row, new Date().toISOString()),
        state,
        history: history.map((h) => ({
          at: h.at.toISOString(),
          action: h.action,
          actorName: h.actorName,
          payload: JSON.parse(h.payloadJson) as unknown,
        })),
      };
    },

    /**
     * Departments for the category and their inspectors; available = not assigned to an open
     * event that still needs them on site, and not on site in a joint inspection.
     */
    async suggestions(options: { id: string }) {
      const row = await loadEvent(options.id);
      const category = row.category as EventCategory;
      const codes = suggestedDepartments(category);
      const departments = await prisma.department.findMany({
        where: { code: { in: codes } },
        include: {
          officers: {
            where: { active: true, roles: { some: { role: 'INSPECTOR' } }, ...officersServing(row.townshipId) },
            orderBy: { key: 'asc' },
          },
        },
      });
      const officerIds = departments.flatMap((d) => d.officers.map((o) => o.id));
      const [onEvents, onInspections] = await Promise.all([
        prisma.eventResponder.findMany({
          where: { officerId: { in: officerIds }, event: { status: { in: ['DISPATCHED', 'ON_SITE'] } } },
          select: { officerId: true, eventId: true },
        }),
        prisma.teamMember.findMany({
          where: { officerId: { in: officerIds }, inspection: { status: 'ON_SITE' } },
          select: { officerId: true, inspectionId: true },
        }),
      ]);
      const today = chinaDate(new Date().toISOString());
      return {
        eventId: row.id,
        category,
        categoryLabel: EVENT_CATEGORIES[category]?.label ?? category,
        departments: codes
          .map((code) => departments.find((d) => d.code === code))
          .filter((d) => d !== undefined)
          .map((d) => ({
            code: d.code,
            name: d.name,
            shortName: d.shortName,
            officers: d.officers
              .map((o) => {
                const busyWith = [
                  ...onEvents.filter((e) => e.officerId === o.id).map((e) => ({ kind: 'EVENT' as const, id: e.eventId })),
                  ...onInspections
                    .filter((t) => t.officerId === o.id)
                    .map((t) => ({ kind: 'JOINT_INSPECTION' as const, id: t.inspectionId })),
                ];
                const certified =
                  o.certificateNo !== null && o.certificateExpiresOn !== null && dateOfColumn(o.certificateExpiresOn) >= today;
                return { officerId: o.id, name: o.name, certified, available: busyWith.length === 0, busyWith };
              })
              // Free, certified officers first: the coordinator's first pick is on top.
              .sort((a, b) => Number(b.available) - Number(a.available) || Number(b.certified) - Number(a.certified)),
          })),
      };
    },

    async dispatch(options: { actor: AuthenticatedOfficer; id: string; body: DispatchEventBody }) {
      const { actor, id, body } = options;
      const row = await loadEvent(id);
      refuseIfClosed(row.status);
      if (new Set(body.responderIds).size !== body.responderIds.length) {
        throw new AppError('VALIDATION_FAILED', '处置人员重复', [{ path: 'body.responderIds', message: '处置人员重复' }]);
      }
      const officers = await prisma.officer.findMany({
        where: { id: { in: body.responderIds }, active: true },
        include: { ...ASSIGNMENT_INCLUDE, roles: true },
      });
      const issues: ErrorIssue[] = [];
      body.responderIds.forEach((officerId, index) => {
        const officer = officers.find((o) => o.id === officerId);
        if (!officer) {
          issues.push({ code: 'UNKNOWN_REFERENCE', path: `body.responderIds[${index}]`, message: `人员 ${officerId} 不存在或已停用` });
        } else if (!servesTownship(assignmentOf(officer), row.townshipId)) {
          issues.push({ code: 'OFFICER_NOT_SERVING_TOWNSHIP', path: `body.responderIds[${index}]`, message: `${officer.name} 未被指派到事件所在乡镇，不能指派处置` });
        } else if (!officer.roles.some((r) => r.role === 'INSPECTOR')) {
          issues.push({ code: 'NOT_AN_INSPECTOR', path: `body.responderIds[${index}]`, message: `${officer.name} 不是执法人员，不能指派处置` });
        }
      });
      const departmentCodes =
        body.departmentCodes ?? [...new Set(officers.map((o) => o.department?.code).filter((c): c is string => !!c))];
      const known = await prisma.department.findMany({ where: { code: { in: departmentCodes } }, select: { code: true } });
      departmentCodes.forEach((code, index) => {
        if (!known.some((d) => d.code === code)) {
          issues.push({ code: 'UNKNOWN_REFERENCE', path: `body.departmentCodes[${index}]`, message: `部门 ${code} 不存在` });
        }
      });
      if (new Set(departmentCodes).size !== departmentCodes.length) {
        issues.push({ code: 'DUPLICATE_DEPARTMENT', path: 'body.departmentCodes', message: '部门重复' });
      }
      if (issues.length > 0) throw new AppError('UNKNOWN_REFERENCE', issues.map((i) => i.message).join('；'), issues);
      return update(id, () =>
        handleOf(id).executeUpdate(dispatchEventUpdate, {
          args: [
            {
              actor: actorOf(actor),
              instruction: body.instruction,
              departmentCodes,
              responders: body.responderIds.map((officerId) => {
                const o = officers.find((x) => x.id === officerId)!;
                return { officerId, name: o.name, departmentCode: o.department?.code ?? null };
              }),
            },
          ],
        }),
      );
    },

    async checkIn(options: { actor: AuthenticatedOfficer; id: string; body: EventCheckInBody }) {
      const { actor, id, body } = options;
      const row = await loadEvent(id);
      refuseIfClosed(row.status);
      const officerIds = body.officerIds ?? [actor.officerId];
      return update(id, () =>
        handleOf(id).executeUpdate(eventCheckInUpdate, { args: [{ actor: actorOf(actor), officerIds }] }),
      );
    },

    async feedback(options: { actor: AuthenticatedOfficer; id: string; body: EventFeedbackBody }) {
      const { actor, id, body } = options;
      const row = await loadEvent(id);
      refuseIfClosed(row.status);
      return update(id, () =>
        handleOf(id).executeUpdate(eventFeedbackUpdate, {
          args: [{ actor: actorOf(actor), result: body.result, evidence: body.evidence }],
        }),
      );
    },

    async resolve(options: { actor: AuthenticatedOfficer; id: string; body: ResolveEventBody }) {
      const { actor, id, body } = options;
      const row = await loadEvent(id);
      refuseIfClosed(row.status);
      return update(id, () => handleOf(id).executeUpdate(resolveEventUpdate, { args: [{ actor: actorOf(actor), note: body.note }] }));
    },

    /**
     * Converts the event into a joint inspection (scheduled through the inspection service,
     * with a key derived from the event so a retried conversion finds the same inspection)
     * or into a case reference. The event keeps only the link.
     */
    async convert(options: { actor: AuthenticatedOfficer; id: string; body: ConvertEventBody }) {
      const { actor, id, body } = options;
      const row = await loadEvent(id);
      refuseIfClosed(row.status);
      const state = await liveState(id);
      if (!state || isEventClosed(state.status)) throw new AppError('EVENT_ALREADY_CLOSED', '事件已办结或转办，不能再转办');
      if (state.status !== 'FED_BACK') throw new AppError('INVALID_STATE', '须先反馈初步结果，才能转为联合检查或案件');
      let inspection: { id: string; location: string } | null = null;
      if (body.kind === 'JOINT_INSPECTION') {
        const scheduled = await deps.inspections.schedule({
          actor,
          body: body.inspection,
          idempotencyKey: `event-conversion:${id}`,
        });
        inspection = { id: scheduled.id, location: `/api/inspections/${scheduled.id}` };
      }
      const next = await update(id, () =>
        handleOf(id).executeUpdate(convertEventUpdate, {
          args: [
            {
              actor: actorOf(actor),
              kind: body.kind,
              inspectionId: inspection?.id ?? null,
              caseRef: body.kind === 'CASE' ? body.caseRef : null,
              note: body.note,
            },
          ],
        }),
      );
      return { state: next, inspection };
    },

    /** On-time rates per stage (overall, by category, village, department) and times per stage. */
    async stats(options: { actor: AuthenticatedOfficer; query: RapidResponseStatsQuery }) {
      const { query } = options;
      const now = new Date().toISOString();
      const year = query.year ?? (query.from || query.to ? undefined : Number(chinaDate(now).slice(0, 4)));
      const from = year !== undefined ? chinaDayStart(`${year}-01-01`) : query.from ? chinaDayStart(query.from) : undefined;
      const to = year !== undefined ? chinaDayStart(`${year + 1}-01-01`) : query.to ? chinaDayEnd(query.to) : undefined;
      return { ...(await rapidResponseStats(prisma, { from, to, townships: options.actor.townships, now })), clockPolicy };
    },
  };
}

export type RapidResponseService = ReturnType<typeof createRapidResponseService>;
