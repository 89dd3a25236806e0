/**
 * Scenario-list versions (场景清单版本) as the API sees them: a coordinator drafts a version
 * (from scratch or copied from the one in effect) and picks catalog items, the legal reviewer
 * approves or returns it, a leader publishes it with an effective date. The rules are
 * domain/scenario-lists.ts's; every change is written with its audit row in one transaction, with
 * an explicit check of the status it started from, so a published version is never touched.
 */
import { appendAudit, LIST_VERSION_INCLUDE, listedItemOf, listProcedureOf, measurementColumns, Prisma, scenarioListInEffect, type AuthenticatedOfficer, type PrismaClient, type Tx } from '../../db';
import { chinaDate } from '../../domain/dates';
import {
  checkItemCodeProblem,
  effectiveDateProblem,
  legalBasisProblem,
  listChanges,
  listItemsProblems,
  measurementProblems,
  publisherProblem,
  reviewerProblem,
  scenarioListTransition,
  versionInEffect,
  SCENARIO_LIST_STATUS_LABELS,
  type ScenarioListAction,
  type ScenarioListStatus,
} from '../../domain/scenario-lists';
import { AppError, type ErrorIssue } from '../errors';
import type {
  CreateCheckItemBody,
  CreateScenarioListBody,
  EditScenarioListBody,
  PublishScenarioListBody,
  ReviewScenarioListBody,
  ScenarioListsQuery,
} from '../routes/scenario-lists/schema';

export interface ScenarioListServiceDeps {
  prisma: PrismaClient;
}

const SUBJECT = 'ScenarioListVersion';
const OPEN_STATUSES: ScenarioListStatus[] = ['DRAFT', 'SUBMITTED', 'REVIEWED', 'RETURNED'];

const actorOf = (o: AuthenticatedOfficer) => ({ officerId: o.officerId, name: o.name });
const today = (now?: Date) => chinaDate((now ?? new Date()).toISOString());

type VersionRow = Prisma.ScenarioListVersionGetPayload<{ include: typeof LIST_VERSION_INCLUDE & { scenario: true } }>;


function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export function createScenarioListService(deps: ScenarioListServiceDeps) {
  const { prisma } = deps;

  async function load(id: string): Promise<VersionRow> {
    const row = await prisma.scenarioListVersion.findUnique({ where: { id }, include: { ...LIST_VERSION_INCLUDE, scenario: true } });
    if (!row) throw new AppError('SCENARIO_LIST_NOT_FOUND', `场景清单版本 ${id} 不存在`);
    return row;
  }

  /** The id of the version in effect today for each scenario (to mark it in lists). */
  async function inEffectIds(scenarioIds: string[], onDate: string): Promise<Set<string>> {
    const published = await prisma.scenarioListVersion.findMany({
      where: { scenarioId: { in: scenarioIds }, status: 'PUBLISHED', effectiveFrom: { lte: onDate } },
      select: { id: true, scenarioId: true, version: true, status: true, effectiveFrom: true },
    });
    return new Set(scenarioIds.map((s) => versionInEffect(published.filter((v) => v.scenarioId === s), onDate)?.id).filter((id): id is string => Boolean(id)));
  }

  function summaryOf(row: Omit<VersionRow, 'items'> & { _count?: { items: number }; items?: unknown[] }, inEffect: boolean) {
    return {
      id: row.id,
      scenarioCode: row.scenario.code,
      scenarioName: row.scenario.name,
      version: row.version,
      itemCount: row._count?.items ?? row.items?.length ?? 0,
      ...listProcedureOf(row, inEffect),
    };
  }

  /** The step's new status, or the domain's refusal as a 409. */
  function transition(status: string, action: ScenarioListAction): ScenarioListStatus {
    const result = scenarioListTransition(status as ScenarioListStatus, action);
    if (!result.ok) throw new AppError(result.code, result.message);
    return result.to;
  }

  /** The catalog items of `codes` (in order), or 422 naming each unknown code. */
  async function catalogItems(codes: string[], path: string): Promise<string[]> {
    const problems = listItemsProblems(codes);
    if (problems.length > 0) {
      throw new AppError('UNPROCESSABLE', problems.join('；'), problems.map((message) => ({ code: 'UNPROCESSABLE', path, message })));
    }
    const rows = await prisma.checkItem.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    const issues: ErrorIssue[] = codes.flatMap((c, index) =>
      byCode.has(c) ? [] : [{ code: 'UNKNOWN_REFERENCE', path: `${path}[${index}]`, message: `检查事项 ${c} 不在检查事项目录中（可先新增检查事项）` }],
    );
    if (issues.length > 0) throw new AppError('UNKNOWN_REFERENCE', issues.map((i) => i.message).join('；'), issues);
    return codes.map((c) => byCode.get(c)!);
  }

  /**
   * Moves the version from the status it was read in (a concurrent step is a 409, nothing
   * written) and writes the audit row in the same transaction.
   */
  async function step(
    tx: Tx,
    row: VersionRow,
    to: ScenarioListStatus,
    data: Prisma.ScenarioListVersionUpdateManyMutationInput,
    audit: { actor: AuthenticatedOfficer; action: string; at: Date; payload?: unknown },
  ): Promise<void> {
    const { count } = await tx.scenarioListVersion.updateMany({ where: { id: row.id, status: row.status }, data: { ...data, status: to, updatedAt: audit.at } });
    if (count !== 1) throw new AppError('SCENARIO_LIST_INVALID_STATE', '该版本刚被他人办理，请刷新后重试');
    await appendAudit(tx, { actor: actorOf(audit.actor), action: audit.action, subjectType: SUBJECT, subjectId: row.id, at: audit.at, payload: audit.payload });
  }

  async function detail(id: string, now?: Date) {
    const row = await load(id);
    const [effective, based, history] = await Promise.all([
      inEffectIds([row.scenarioId], today(now)),
      row.basedOnId ? prisma.scenarioListVersion.findUnique({ where: { id: row.basedOnId }, include: LIST_VERSION_INCLUDE }) : null,
      prisma.auditEvent.findMany({ where: { subjectType: SUBJECT, subjectId: id }, orderBy: [{ at: 'asc' }, { seq: 'asc' }, { id: 'asc' }] }),
    ]);
    const codes = row.items.map((i) => i.checkItem.code);
    return {
      version: summaryOf(row, effective.has(row.id)),
      items: row.items.map((i) => listedItemOf(i.checkItem)),
      changes: based ? listChanges(based.items.map((i) => i.checkItem.code), codes) : null,
      history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, actorName: h.actorName, payload: JSON.parse(h.payloadJson) as unknown })),
    };
  }

  return {
    async list(options: { query: ScenarioListsQuery; now?: Date }) {
      const rows = await prisma.scenarioListVersion.findMany({
        where: options.query.scenarioCode ? { scenario: { code: options.query.scenarioCode } } : {},
        include: { scenario: true, _count: { select: { items: true } } },
        orderBy: [{ scenario: { code: 'asc' } }, { version: 'desc' }],
      });
      const effective = await inEffectIds([...new Set(rows.map((r) => r.scenarioId))], today(options.now));
      return rows.map((r) => summaryOf(r, effective.has(r.id)));
    },

    get: (options: { id: string; now?: Date }) => detail(options.id, options.now),

    /** A new draft: the items given, or a copy of the version in effect today. One open draft per scenario. */
    async create(options: { actor: AuthenticatedOfficer; body: CreateScenarioListBody; now?: Date }) {
      const { actor, body } = options;
      const at = options.now ?? new Date();
      const scenario = await prisma.scenario.findUnique({ where: { code: body.scenarioCode } });
      if (!scenario) {
        throw new AppError('UNKNOWN_REFERENCE', `场景 ${body.scenarioCode} 不存在`, [
          { code: 'UNKNOWN_REFERENCE', path: 'body.scenarioCode', message: `场景 ${body.scenarioCode} 不存在` },
        ]);
      }
      const basedOn = body.itemCodes ? null : await scenarioListInEffect(prisma, scenario.id, today(at));
      if (!body.itemCodes && !basedOn) {
        throw new AppError('SCENARIO_LIST_NOT_IN_EFFECT', `场景“${scenario.name}”今日没有生效的清单版本可供复制，请列出检查事项（itemCodes）`);
      }
      const checkItemIds = body.itemCodes ? await catalogItems(body.itemCodes, 'body.itemCodes') : basedOn!.items.map((i) => i.checkItemId);
      let id: string;
      try {
        id = await prisma.$transaction(async (tx) => {
          const open = await tx.scenarioListVersion.findFirst({ where: { scenarioId: scenario.id, status: { in: OPEN_STATUSES } } });
          if (open) {
            throw new AppError(
              'SCENARIO_LIST_DRAFT_EXISTS',
              `场景“${scenario.name}”已有未发布的第${open.version}版（${SCENARIO_LIST_STATUS_LABELS[open.status as ScenarioListStatus]}），请在该版本上修改`,
            );
          }
          const last = await tx.scenarioListVersion.aggregate({ where: { scenarioId: scenario.id }, _max: { version: true } });
          const version = (last._max.version ?? 0) + 1;
          const created = await tx.scenarioListVersion.create({
            data: {
              scenarioId: scenario.id,
              version,
              status: 'DRAFT',
              note: body.note ?? null,
              basedOnId: basedOn?.id ?? null,
              createdById: actor.officerId,
              createdAt: at,
              updatedAt: at,
              items: { create: checkItemIds.map((checkItemId, position) => ({ checkItemId, position })) },
            },
          });
          await appendAudit(tx, {
              actor: actorOf(actor),
              action: 'SCENARIO_LIST_DRAFTED',
              subjectType: SUBJECT,
              subjectId: created.id,
              at,
              payload: { scenarioCode: scenario.code, version, basedOnId: basedOn?.id ?? null, items: checkItemIds.length, note: body.note ?? null },
            });
          return created.id;
        });
      } catch (error) {
        // Two drafts started at once: the (scenario, version) key lets one through.
        if (isUniqueViolation(error)) throw new AppError('SCENARIO_LIST_DRAFT_EXISTS', `场景“${scenario.name}”刚有人新建了版本，请刷新后在该版本上修改`);
        throw error;
      }
      return detail(id, at);
    },

    /** Replaces a draft's items (DRAFT or RETURNED; a returned draft becomes a draft again). */
    async editItems(options: { actor: AuthenticatedOfficer; id: string; body: EditScenarioListBody; now?: Date }) {
      const { actor, body } = options;
      const at = options.now ?? new Date();
      const row = await load(options.id);
      const to = transition(row.status, 'EDIT');
      const checkItemIds = await catalogItems(body.itemCodes, 'body.itemCodes');
      const changes = listChanges(row.items.map((i) => i.checkItem.code), body.itemCodes);
      await prisma.$transaction(async (tx) => {
        await step(tx, row, to, body.note ? { note: body.note } : {}, { actor, action: 'SCENARIO_LIST_ITEMS_CHANGED', at, payload: { ...changes, items: body.itemCodes } });
        await tx.scenarioListVersionItem.deleteMany({ where: { versionId: row.id } });
        await tx.scenarioListVersionItem.createMany({ data: checkItemIds.map((checkItemId, position) => ({ versionId: row.id, checkItemId, position })) });
      });
      return detail(row.id, at);
    },

    async submit(options: { actor: AuthenticatedOfficer; id: string; now?: Date }) {
      const at = options.now ?? new Date();
      const row = await load(options.id);
      const to = transition(row.status, 'SUBMIT');
      await prisma.$transaction((tx) =>
        step(tx, row, to, { submittedById: options.actor.officerId, submittedAt: at }, { actor: options.actor, action: 'SCENARIO_LIST_SUBMITTED', at }),
      );
      return detail(row.id, at);
    },

    /** 法制审核: a qualified legal reviewer approves or returns with an opinion. */
    async review(options: { actor: AuthenticatedOfficer; id: string; body: ReviewScenarioListBody; now?: Date }) {
      const { actor, body } = options;
      const at = options.now ?? new Date();
      const problem = reviewerProblem({ roles: actor.roles, legalQualified: actor.legalQualified });
      if (problem) throw new AppError('REVIEWER_NOT_ELIGIBLE', problem);
      const row = await load(options.id);
      const to = transition(row.status, body.decision === 'APPROVED' ? 'APPROVE' : 'RETURN');
      await prisma.$transaction((tx) =>
        step(
          tx,
          row,
          to,
          { reviewedById: actor.officerId, reviewedAt: at, reviewOpinion: body.opinion },
          { actor, action: body.decision === 'APPROVED' ? 'SCENARIO_LIST_APPROVED' : 'SCENARIO_LIST_RETURNED', at, payload: { opinion: body.opinion } },
        ),
      );
      return detail(row.id, at);
    },

    /** A leader publishes a reviewed version from an effective date on (not before today). */
    async publish(options: { actor: AuthenticatedOfficer; id: string; body: PublishScenarioListBody; now?: Date }) {
      const { actor, body } = options;
      const at = options.now ?? new Date();
      const problem = publisherProblem(actor);
      if (problem) throw new AppError('FORBIDDEN', problem);
      const row = await load(options.id);
      const to = transition(row.status, 'PUBLISH');
      const latest = await prisma.scenarioListVersion.findFirst({
        where: { scenarioId: row.scenarioId, status: 'PUBLISHED' },
        orderBy: { effectiveFrom: 'desc' },
        select: { effectiveFrom: true },
      });
      const dateProblem = effectiveDateProblem(body.effectiveFrom, today(at), latest?.effectiveFrom);
      if (dateProblem) throw new AppError(dateProblem.code, dateProblem.message, [{ ...dateProblem, path: 'body.effectiveFrom' }]);
      await prisma.$transaction((tx) =>
        step(
          tx,
          row,
          to,
          { effectiveFrom: body.effectiveFrom, publishedById: actor.officerId, publishedAt: at },
          { actor, action: 'SCENARIO_LIST_PUBLISHED', at, payload: { effectiveFrom: body.effectiveFrom, items: row.items.map((i) => i.checkItem.code) } },
        ),
      );
      return detail(row.id, at);
    },

    /** A new catalog item with its legal basis, method, severity and measurement, to be put on lists. */
    async addCheckItem(options: { actor: AuthenticatedOfficer; body: CreateCheckItemBody; now?: Date }) {
      const { actor, body } = options;
      const at = options.now ?? new Date();
      const department = await prisma.department.findUnique({ where: { code: body.departmentCode } });
      if (!department) {
        throw new AppError('UNKNOWN_REFERENCE', `部门 ${body.departmentCode} 不存在`, [
          { code: 'UNKNOWN_REFERENCE', path: 'body.departmentCode', message: `部门 ${body.departmentCode} 不存在` },
        ]);
      }
      const basisProblem = legalBasisProblem(body.legalBasis);
      if (basisProblem) throw new AppError('LEGAL_BASIS_INVALID', basisProblem, [{ code: 'LEGAL_BASIS_INVALID', path: 'body.legalBasis', message: basisProblem }]);
      const problems: ErrorIssue[] = [
        ...[checkItemCodeProblem(body.code, body.departmentCode)].filter((m): m is string => m !== null).map((message) => ({ path: 'body.code', message })),
        ...measurementProblems(body.measurement).map((message) => ({ path: 'body.measurement', message })),
      ].map((p) => ({ code: 'CHECK_ITEM_INVALID', ...p }));
      if (problems.length > 0) throw new AppError('CHECK_ITEM_INVALID', problems.map((p) => p.message).join('；'), problems);
      const m = body.measurement;
      const exists = () => new AppError('CHECK_ITEM_EXISTS', `检查事项编码 ${body.code} 已存在，请换一个编码`);
      if (await prisma.checkItem.findUnique({ where: { code: body.code }, select: { id: true } })) throw exists();
      try {
        const item = await prisma.$transaction(async (tx) => {
          const created = await tx.checkItem.create({
            data: {
              code: body.code,
              departmentId: department.id,
              title: body.title,
              legalBasis: body.legalBasis,
              method: body.method,
              severity: body.severity,
              ...measurementColumns(m),
            },
            include: { department: true },
          });
          // The county's own item: a digest no row can have, so a later shipped catalog with the
          // same code keeps it (prisma/seed.ts keeps rows whose digest differs from its record).
          await tx.seedRecord.upsert({
            where: { model_key: { model: 'CheckItem', key: body.code } },
            create: { model: 'CheckItem', key: body.code, digest: 'county', updatedAt: at },
            update: { digest: 'county', updatedAt: at },
          });
          await appendAudit(tx, { actor: actorOf(actor), action: 'CHECK_ITEM_CREATED', subjectType: 'CheckItem', subjectId: created.id, at, payload: body });
          return created;
        });
        return listedItemOf(item);
      } catch (error) {
        if (isUniqueViolation(error)) throw exists();
        throw error;
      }
    },
  };
}

export type ScenarioListService = ReturnType<typeof createScenarioListService>;
