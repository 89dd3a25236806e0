/**
 * The county's 首违不罚 list and frequency caps as versioned, published lists, as the API sees
 * them: a coordinator drafts a version (from scratch or copied from the one in effect), the legal
 * reviewer approves or returns it, a leader publishes it with an effective date. The procedure's
 * rules are domain/scenario-lists.ts's, the kinds' own rules domain/county-rules.ts's and
 * domain/catalog.ts's (which items may be on the 首违不罚 list). Every change is written with its
 * audit row in one transaction, from the status it was read in, so a published version is never
 * touched.
 */
import { appendAudit, countyRuleInEffect, listProcedureOf, Prisma, type AuthenticatedOfficer, type PrismaClient, type Tx } from '../../db';
import { noPenaltyItemProblem, type Severity } from '../../domain/catalog';
import {
  capsChanges,
  contentJsonOf,
  contentOf,
  countyRuleTransition,
  countyRuleVersionLabel,
  COUNTY_RULE_LABELS,
  type CountyRuleContent,
  type CountyRuleKind,
} from '../../domain/county-rules';
import { chinaDate } from '../../domain/dates';
import type { FrequencyCaps } from '../../domain/planning';
import {
  effectiveDateProblem,
  listChanges,
  listItemsProblems,
  publisherProblem,
  reviewerProblem,
  versionInEffect,
  SCENARIO_LIST_STATUS_LABELS,
  type ScenarioListAction,
  type ScenarioListStatus,
} from '../../domain/scenario-lists';
import { AppError, type ErrorIssue } from '../errors';
import type { PublishScenarioListBody, ReviewScenarioListBody } from '../routes/scenario-lists/schema';

export interface CountyRuleServiceDeps {
  prisma: PrismaClient;
}

const SUBJECT = 'CountyRuleVersion';
const OPEN_STATUSES: ScenarioListStatus[] = ['DRAFT', 'SUBMITTED', 'REVIEWED', 'RETURNED'];

/** A draft's or an edit's content as the routes parse it; omitted on create: copy the version in effect. */
export type CountyRuleContentInput = { itemCodes: string[] } | { caps: FrequencyCaps };

const actorOf = (o: AuthenticatedOfficer) => ({ officerId: o.officerId, name: o.name });
const today = (now?: Date) => chinaDate((now ?? new Date()).toISOString());

type VersionRow = Prisma.CountyRuleVersionGetPayload<object>;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export function createCountyRuleService(deps: CountyRuleServiceDeps) {
  const { prisma } = deps;

  /** The version of this kind, or 404 (an id of the other kind is not found here either). */
  async function load(kind: CountyRuleKind, id: string): Promise<VersionRow> {
    const row = await prisma.countyRuleVersion.findUnique({ where: { id } });
    if (!row || row.kind !== kind) throw new AppError('COUNTY_RULE_NOT_FOUND', `${COUNTY_RULE_LABELS[kind]}版本 ${id} 不存在`);
    return row;
  }

  async function inEffectId(kind: CountyRuleKind, onDate: string): Promise<string | null> {
    const published = await prisma.countyRuleVersion.findMany({
      where: { kind, status: 'PUBLISHED', effectiveFrom: { lte: onDate } },
      select: { id: true, version: true, status: true, effectiveFrom: true },
    });
    return versionInEffect(published, onDate)?.id ?? null;
  }

  function summaryOf(row: VersionRow, inEffect: boolean) {
    return {
      id: row.id,
      kind: row.kind as CountyRuleKind,
      version: row.version,
      label: countyRuleVersionLabel(row.kind as CountyRuleKind, row.version),
      ...listProcedureOf(row, inEffect),
    };
  }

  /** The step's new status, or the domain's refusal as a 409. */
  function transition(kind: CountyRuleKind, status: string, action: ScenarioListAction): ScenarioListStatus {
    const result = countyRuleTransition(kind, status as ScenarioListStatus, action);
    if (!result.ok) throw new AppError(result.code, result.message);
    return result.to;
  }

  /**
   * The 首违不罚 list's items: known catalog items (422 UNKNOWN_REFERENCE) that may be on the list
   * (422 NO_PENALTY_ITEM_NOT_ALLOWED with the reason per item), no code twice.
   */
  async function checkNoPenaltyItems(codes: string[]): Promise<void> {
    const problems = listItemsProblems(codes, { listName: COUNTY_RULE_LABELS.NO_PENALTY_LIST, allowEmpty: true });
    if (problems.length > 0) {
      throw new AppError('UNPROCESSABLE', problems.join('；'), problems.map((message) => ({ code: 'UNPROCESSABLE', path: 'body.itemCodes', message })));
    }
    const rows = await prisma.checkItem.findMany({ where: { code: { in: codes } }, select: { code: true, severity: true, department: { select: { code: true } } } });
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const unknown: ErrorIssue[] = codes.flatMap((c, index) =>
      byCode.has(c) ? [] : [{ code: 'UNKNOWN_REFERENCE', path: `body.itemCodes[${index}]`, message: `检查事项 ${c} 不在检查事项目录中` }],
    );
    if (unknown.length > 0) throw new AppError('UNKNOWN_REFERENCE', unknown.map((i) => i.message).join('；'), unknown);
    const refused: ErrorIssue[] = codes.flatMap((c, index) => {
      const item = byCode.get(c)!;
      const problem = noPenaltyItemProblem({ code: c, departmentCode: item.department.code, severity: item.severity as Severity });
      return problem ? [{ code: 'NO_PENALTY_ITEM_NOT_ALLOWED', path: `body.itemCodes[${index}]`, message: problem }] : [];
    });
    if (refused.length > 0) throw new AppError('NO_PENALTY_ITEM_NOT_ALLOWED', refused.map((i) => i.message).join('；'), refused);
  }

  /** Caps may name only departments the county has (a typo would silently cap nothing). */
  async function checkCaps(caps: FrequencyCaps): Promise<void> {
    const codes = Object.keys(caps.perDepartment);
    const known = new Set((await prisma.department.findMany({ where: { code: { in: codes } }, select: { code: true } })).map((d) => d.code));
    const unknown: ErrorIssue[] = codes
      .filter((c) => !known.has(c))
      .map((c) => ({ code: 'UNKNOWN_REFERENCE', path: `body.caps.perDepartment.${c}`, message: `部门 ${c} 不存在` }));
    if (unknown.length > 0) throw new AppError('UNKNOWN_REFERENCE', unknown.map((i) => i.message).join('；'), unknown);
  }

  /** The content of the input for `kind`, checked. */
  async function checkedContent(kind: CountyRuleKind, input: CountyRuleContentInput): Promise<CountyRuleContent> {
    if (kind === 'NO_PENALTY_LIST' && 'itemCodes' in input) {
      await checkNoPenaltyItems(input.itemCodes);
      return { kind, itemCodes: input.itemCodes };
    }
    if (kind === 'FREQUENCY_CAPS' && 'caps' in input) {
      await checkCaps(input.caps);
      return { kind, caps: input.caps };
    }
    // The routes give each kind its own body schema; this is a wiring mistake, not bad input.
    throw new Error(`content of the wrong kind for ${kind}`);
  }

  /** What a version changes against another of its kind. */
  function changesBetween(kind: CountyRuleKind, beforeJson: string, afterJson: string) {
    const before = contentOf(kind, beforeJson);
    const after = contentOf(kind, afterJson);
    if (before.kind === 'NO_PENALTY_LIST' && after.kind === 'NO_PENALTY_LIST') return { ...listChanges(before.itemCodes, after.itemCodes), caps: [] };
    if (before.kind === 'FREQUENCY_CAPS' && after.kind === 'FREQUENCY_CAPS') return { added: [], removed: [], caps: capsChanges(before.caps, after.caps) };
    return null;
  }

  /**
   * Moves the version from the status it was read in (a concurrent step is a 409, nothing
   * written) and writes the audit row in the same transaction.
   */
  async function step(
    tx: Tx,
    row: VersionRow,
    to: ScenarioListStatus,
    data: Prisma.CountyRuleVersionUpdateManyMutationInput,
    audit: { actor: AuthenticatedOfficer; action: string; at: Date; payload?: unknown },
  ): Promise<void> {
    const { count } = await tx.countyRuleVersion.updateMany({ where: { id: row.id, status: row.status }, data: { ...data, status: to, updatedAt: audit.at } });
    if (count !== 1) throw new AppError('COUNTY_RULE_INVALID_STATE', '该版本刚被他人办理，请刷新后重试');
    await appendAudit(tx, { actor: actorOf(audit.actor), action: audit.action, subjectType: SUBJECT, subjectId: row.id, at: audit.at, payload: { kind: row.kind, ...(audit.payload as object) } });
  }

  async function detail(kind: CountyRuleKind, id: string, now?: Date) {
    const row = await load(kind, id);
    const [effective, based, history] = await Promise.all([
      inEffectId(kind, today(now)),
      row.basedOnId ? prisma.countyRuleVersion.findUnique({ where: { id: row.basedOnId } }) : null,
      prisma.auditEvent.findMany({ where: { subjectType: SUBJECT, subjectId: id }, orderBy: [{ at: 'asc' }, { seq: 'asc' }, { id: 'asc' }] }),
    ]);
    const content = contentOf(kind, row.contentJson);
    const items =
      content.kind === 'NO_PENALTY_LIST'
        ? (
            await prisma.checkItem.findMany({ where: { code: { in: content.itemCodes } }, include: { department: true }, orderBy: { code: 'asc' } })
          ).map((i) => ({ code: i.code, departmentCode: i.department.code, departmentName: i.department.name, title: i.title, severity: i.severity as Severity }))
        : null;
    return {
      version: summaryOf(row, effective === row.id),
      itemCodes: content.kind === 'NO_PENALTY_LIST' ? content.itemCodes : null,
      items,
      caps: content.kind === 'FREQUENCY_CAPS' ? content.caps : null,
      changes: based ? changesBetween(kind, based.contentJson, row.contentJson) : null,
      history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, actorName: h.actorName, payload: JSON.parse(h.payloadJson) as unknown })),
    };
  }

  return {
    async list(options: { kind: CountyRuleKind; now?: Date }) {
      const rows = await prisma.countyRuleVersion.findMany({ where: { kind: options.kind }, orderBy: { version: 'desc' } });
      const effective = await inEffectId(options.kind, today(options.now));
      return rows.map((r) => summaryOf(r, r.id === effective));
    },

    get: (options: { kind: CountyRuleKind; id: string; now?: Date }) => detail(options.kind, options.id, options.now),

    /** A new draft: the content given, or a copy of the version in effect today. One open draft per kind. */
    async create(options: { kind: CountyRuleKind; actor: AuthenticatedOfficer; content?: CountyRuleContentInput; note?: string; now?: Date }) {
      const { kind, actor } = options;
      const at = options.now ?? new Date();
      const basedOn = await countyRuleInEffect(prisma, kind, today(at));
      if (!options.content && !basedOn) {
        throw new AppError('COUNTY_RULE_NOT_IN_EFFECT', `今日没有生效的${COUNTY_RULE_LABELS[kind]}可供复制，请写明新版本的内容`);
      }
      const contentJson = options.content ? contentJsonOf(await checkedContent(kind, options.content)) : basedOn!.contentJson;
      let id: string;
      try {
        id = await prisma.$transaction(async (tx) => {
          const open = await tx.countyRuleVersion.findFirst({ where: { kind, status: { in: OPEN_STATUSES } } });
          if (open) {
            throw new AppError(
              'COUNTY_RULE_DRAFT_EXISTS',
              `${COUNTY_RULE_LABELS[kind]}已有未发布的第${open.version}版（${SCENARIO_LIST_STATUS_LABELS[open.status as ScenarioListStatus]}），请在该版本上修改`,
            );
          }
          const last = await tx.countyRuleVersion.aggregate({ where: { kind }, _max: { version: true } });
          const version = (last._max.version ?? 0) + 1;
          const created = await tx.countyRuleVersion.create({
            data: {
              kind,
              version,
              status: 'DRAFT',
              contentJson,
              note: options.note ?? null,
              basedOnId: basedOn?.id ?? null,
              createdById: actor.officerId,
              createdAt: at,
              updatedAt: at,
            },
          });
          await appendAudit(tx, {
              actor: actorOf(actor),
              action: 'COUNTY_RULE_DRAFTED',
              subjectType: SUBJECT,
              subjectId: created.id,
              at,
              payload: { kind, version, basedOnId: basedOn?.id ?? null, content: JSON.parse(contentJson) as unknown, note: options.note ?? null },
            });
          return created.id;
        });
      } catch (error) {
        // Two drafts started at once: the (kind, version) key lets one through.
        if (isUniqueViolation(error)) throw new AppError('COUNTY_RULE_DRAFT_EXISTS', `${COUNTY_RULE_LABELS[kind]}刚有人新建了版本，请刷新后在该版本上修改`);
        throw error;
      }
      return detail(kind, id, at);
    },

    /** Replaces a draft's content (DRAFT or RETURNED; a returned draft becomes a draft again). */
    async edit(options: { kind: CountyRuleKind; actor: AuthenticatedOfficer; id: string; content: CountyRuleContentInput; note?: string; now?: Date }) {
      const { kind, actor } = options;
      const at = options.now ?? new Date();
      const row = await load(kind, options.id);
      const to = transition(kind, row.status, 'EDIT');
      const contentJson = contentJsonOf(await checkedContent(kind, options.content));
      const changes = changesBetween(kind, row.contentJson, contentJson);
      await prisma.$transaction((tx) =>
        step(tx, row, to, { contentJson, ...(options.note ? { note: options.note } : {}) }, {
          actor,
          action: 'COUNTY_RULE_CHANGED',
          at,
          payload: { changes, content: JSON.parse(contentJson) as unknown },
        }),
      );
      return detail(kind, row.id, at);
    },

    async submit(options: { kind: CountyRuleKind; actor: AuthenticatedOfficer; id: string; now?: Date }) {
      const at = options.now ?? new Date();
      const row = await load(options.kind, options.id);
      const to = transition(options.kind, row.status, 'SUBMIT');
      await prisma.$transaction((tx) =>
        step(tx, row, to, { submittedById: options.actor.officerId, submittedAt: at }, { actor: options.actor, action: 'COUNTY_RULE_SUBMITTED', at }),
      );
      return detail(options.kind, row.id, at);
    },

    /** 法制审核: a qualified legal reviewer approves or returns with an opinion. */
    async review(options: { kind: CountyRuleKind; actor: AuthenticatedOfficer; id: string; body: ReviewScenarioListBody; now?: Date }) {
      const { kind, actor, body } = options;
      const at = options.now ?? new Date();
      const problem = reviewerProblem({ roles: actor.roles, legalQualified: actor.legalQualified }, COUNTY_RULE_LABELS[kind]);
      if (problem) throw new AppError('REVIEWER_NOT_ELIGIBLE', problem);
      const row = await load(kind, options.id);
      const to = transition(kind, row.status, body.decision === 'APPROVED' ? 'APPROVE' : 'RETURN');
      await prisma.$transaction((tx) =>
        step(
          tx,
          row,
          to,
          { reviewedById: actor.officerId, reviewedAt: at, reviewOpinion: body.opinion },
          { actor, action: body.decision === 'APPROVED' ? 'COUNTY_RULE_APPROVED' : 'COUNTY_RULE_RETURNED', at, payload: { opinion: body.opinion } },
        ),
      );
      return detail(kind, row.id, at);
    },

    /** A leader publishes a reviewed version from an effective date on (not before today, not before the last published). */
    async publish(options: { kind: CountyRuleKind; actor: AuthenticatedOfficer; id: string; body: PublishScenarioListBody; now?: Date }) {
      const { kind, actor, body } = options;
      const at = options.now ?? new Date();
      const problem = publisherProblem(actor, COUNTY_RULE_LABELS[kind]);
      if (problem) throw new AppError('FORBIDDEN', problem);
      const row = await load(kind, options.id);
      const to = transition(kind, row.status, 'PUBLISH');
      const latest = await prisma.countyRuleVersion.findFirst({ where: { kind, status: 'PUBLISHED' }, orderBy: { effectiveFrom: 'desc' }, select: { effectiveFrom: true } });
      const dateProblem = effectiveDateProblem(body.effectiveFrom, today(at), latest?.effectiveFrom);
      if (dateProblem) throw new AppError(dateProblem.code, dateProblem.message, [{ ...dateProblem, path: 'body.effectiveFrom' }]);
      await prisma.$transaction((tx) =>
        step(
          tx,
          row,
          to,
          { effectiveFrom: body.effectiveFrom, publishedById: actor.officerId, publishedAt: at },
          { actor, action: 'COUNTY_RULE_PUBLISHED', at, payload: { effectiveFrom: body.effectiveFrom, content: JSON.parse(row.contentJson) as unknown } },
        ),
      );
      return detail(kind, row.id, at);
    },
  };
}

export type CountyRuleService = ReturnType<typeof createCountyRuleService>;
