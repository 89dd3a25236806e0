/**
 * Who may see and act on which objects — one module for every route. `route()` (api/route.ts)
 * applies the same steps to each: grid workers only where the route's policy admits them, then
 * the declared roles, then the policy's check on the parsed request. Services keep the business
 * rules; the workflow validators keep the procedure.
 */
import type { AuthenticatedOfficer, Prisma, PrismaClient } from '../db';
import { type Role, ROLE_LABELS } from '../domain/roles';
import { DOCUMENT_TITLES, type GeneratedDocumentKind } from '../domain/documents';
import { withinTownships } from '../domain/townships';
import { AppError, notFound } from './errors';
import type { ReadCache } from './read-cache';

export interface Access<P = unknown, Q = unknown, B = unknown> {
  readonly actor: AuthenticatedOfficer;
  params: P;
  query: Q;
  body: B;
}

export interface Policy<P = unknown, Q = unknown, B = unknown> {
  /** Grid workers may use the route; every route whose policy does not say so refuses them. */
  gridWorkers?: boolean;
  /** Throws the AppError (404/403) when the caller may not see or act on this object. */
  check?: (access: Access<P, Q, B>) => void | Promise<void>;
}

export function hasRole(officer: AuthenticatedOfficer, ...roles: readonly Role[]): boolean {
  return roles.some((role) => officer.roles.includes(role));
}

/** Grid workers are outside the enforcement team: they report events and read their own. */
export function isGridWorkerOnly(officer: AuthenticatedOfficer): boolean {
  return hasRole(officer, 'GRID_WORKER') && officer.roles.every((r) => r === 'GRID_WORKER');
}

/** Inspectors (without a wider role) work only on their own department's inspections and cases. */
export function isDepartmentBound(officer: AuthenticatedOfficer): boolean {
  return hasRole(officer, 'INSPECTOR') && !hasRole(officer, 'COORDINATOR', 'LEADER', 'ADMIN', 'LEGAL_REVIEWER');
}

/** The department a caller's lists are limited to, or null for callers who see every department. */
export function departmentScope(officer: AuthenticatedOfficer): string | null {
  return isDepartmentBound(officer) ? (officer.departmentCode ?? '') : null;
}

/** The reporter a caller's event lists are limited to, or null for the enforcement team. */
export function reporterScope(officer: AuthenticatedOfficer): string | null {
  return isGridWorkerOnly(officer) ? officer.officerId : null;
}

/** The steps before validation: the grid-worker scope, then the route's roles (401/403). */
export function admit(officer: AuthenticatedOfficer, roles: readonly Role[], policy: Policy<never, never, never> | undefined): void {
  if (isGridWorkerOnly(officer) && !policy?.gridWorkers) {
    throw new AppError('FORBIDDEN', '网格员只能上报事件和查看本人上报的事件');
  }
  if (!hasRole(officer, ...roles)) {
    throw new AppError('FORBIDDEN', `此操作仅限${roles.map((r) => ROLE_LABELS[r]).join('或')}办理`);
  }
}

/** Who may have a document issued. Leaders only read; reviewers write only their own opinion. */
const DOCUMENT_ISSUERS: Record<GeneratedDocumentKind, Role[]> = {
  INSPECTION_RECORD: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
  LEGAL_REVIEW_OPINION: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'ADMIN'],
  RECTIFICATION_ORDER: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
  PENALTY_DECISION: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
  PRIOR_NOTICE: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
  HEARING_NOTICE: ['COORDINATOR', 'INSPECTOR', 'LEADER', 'ADMIN'],
  // The presiding officer may be a legal reviewer.
  HEARING_RECORD: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'],
  // Made on the spot by the deciding officer (an inspector of the team), or by the coordinator.
  ON_THE_SPOT_PENALTY_DECISION: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
};

type Id = { id: string };

/** Runs each check in turn (township reach first, then the department's). */
function all<P, Q, B>(...checks: ((access: Access<P, Q, B>) => void | Promise<void>)[]) {
  return async (access: Access<P, Q, B>) => {
    for (const check of checks) await check(access);
  };
}

/** The policies of every route, over the one database the objects live in. */
export function createPolicies(deps: { prisma: PrismaClient; readCache?: ReadCache }) {
  const { prisma, readCache } = deps;

  // ---- Township reach (domain/townships.ts): an object of a township beyond the caller's reach
  // answers as if it did not exist — 404 with the object's own code, so nothing about other
  // townships' businesses leaks (BOLA across townships). County-wide callers skip the lookup.
  const inspectionTownship = async (id: string) => {
    // Every read of an inspection's detail asks this: a prepared statement on the read-only side
    // connection where there is one (SQLite, api/read-cache.ts), Prisma otherwise.
    const read = readCache?.inspectionTownship(id) ?? null;
    if (read !== null) return read === 'missing' ? undefined : read;
    return (await prisma.jointInspection.findUnique({ where: { id }, select: { target: { select: { townshipId: true } } } }))?.target;
  };
  const caseTownship = async (id: string) => {
    const row = await prisma.enforcementCase.findUnique({ where: { id }, select: { townshipId: true, inspectionId: true } });
    return row && (row.townshipId ? row : await inspectionTownship(row.inspectionId));
  };
  const findingTownship = async (id: string) =>
    (await prisma.finding.findUnique({ where: { id }, select: { inspection: { select: { target: { select: { townshipId: true } } } } } }))?.inspection
      .target;
  const townshipLoaders = {
    inspection: { load: inspectionTownship, missing: (id: string) => new AppError('INSPECTION_NOT_FOUND', `联合检查 ${id} 不存在`) },
    case: { load: caseTownship, missing: () => notFound('案件') },
    plan: { load: (id: string) => prisma.plan.findUnique({ where: { id }, select: { townshipId: true } }), missing: () => notFound('计划') },
    event: {
      load: (id: string) => prisma.gridEvent.findUnique({ where: { id }, select: { townshipId: true } }),
      missing: (id: string) => new AppError('EVENT_NOT_FOUND', `事件 ${id} 不存在`),
    },
    finding: { load: findingTownship, missing: () => notFound('检查发现') },
    target: { load: (id: string) => prisma.target.findUnique({ where: { id }, select: { townshipId: true } }), missing: () => notFound('检查对象') },
    document: {
      load: async (id: string) => {
        const row = await prisma.issuedDocument.findUnique({ where: { id }, select: { inspectionId: true } });
        return row && inspectionTownship(row.inspectionId);
      },
      missing: (id: string) => new AppError('DOCUMENT_NOT_FOUND', `文书 ${id} 不存在`),
    },
    // The rule-of-law registers (api/services/rule-of-law.ts): each row carries its township.
    normativeDocument: {
      load: (id: string) => prisma.normativeDocument.findUnique({ where: { id }, select: { townshipId: true } }),
      missing: (id: string) => new AppError('NORMATIVE_DOCUMENT_NOT_FOUND', `规范性文件 ${id} 不存在`),
    },
    majorDecision: {
      load: (id: string) => prisma.majorDecision.findUnique({ where: { id }, select: { townshipId: true } }),
      missing: (id: string) => new AppError('MAJOR_DECISION_NOT_FOUND', `重大决策 ${id} 不存在`),
    },
    dispute: {
      load: (id: string) => prisma.dispute.findUnique({ where: { id }, select: { townshipId: true } }),
      missing: (id: string) => new AppError('DISPUTE_NOT_FOUND', `矛盾纠纷 ${id} 不存在`),
    },
    legalLiaison: {
      load: (id: string) => prisma.legalLiaison.findUnique({ where: { id }, select: { townshipId: true } }),
      missing: (id: string) => new AppError('LEGAL_LIAISON_NOT_FOUND', `法律明白人 ${id} 不存在`),
    },
    legalChallenge: {
      load: (id: string) => prisma.legalChallenge.findUnique({ where: { id }, select: { townshipId: true } }),
      missing: (id: string) => new AppError('LEGAL_CHALLENGE_NOT_FOUND', `行政复议（诉讼）案件 ${id} 不存在`),
    },
  } satisfies Record<string, { load: (id: string) => Promise<{ townshipId: string | null } | null | undefined>; missing: (id: string) => AppError }>;
  type TownshipObject = keyof typeof townshipLoaders;

  /** Refuses (404) an object of a township beyond reach; an unknown id is left to the service's own 404. */
  async function withinReach(actor: AuthenticatedOfficer, kind: TownshipObject, id: string | undefined): Promise<void> {
    if (actor.townships === null || id === undefined) return;
    const { load, missing } = townshipLoaders[kind];
    const row = await load(id);
    if (row && !withinTownships(actor.townships, row.townshipId)) throw missing(id);
  }
  /** The township check of a route whose object is named by its `id` parameter. */
  const reach =
    (kind: TownshipObject) =>
    <P extends Id, Q, B>({ actor, params }: Access<P, Q, B>) =>
      withinReach(actor, kind, params.id);

  /** 404 for an unknown inspection (for department-bound callers; the service answers the others), 403 outside the department. */
  async function inspectionDepartments(actor: AuthenticatedOfficer, inspectionId: string, refusal: string, always = false) {
    if (!always && !isDepartmentBound(actor)) return;
    // An inspector's every read of an inspection asks this: the side connection's prepared statement where there is one.
    const read = readCache?.inspectionDepartments(inspectionId) ?? null;
    const codes =
      read !== null
        ? read === 'missing'
          ? null
          : read
        : ((
            await prisma.jointInspection.findUnique({
              where: { id: inspectionId },
              select: { checks: { select: { department: { select: { code: true } } } } },
            })
          )?.checks.map((c) => c.department.code) ?? null);
    if (!codes) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${inspectionId} 不存在`);
    if (isDepartmentBound(actor) && !codes.includes(actor.departmentCode ?? '')) {
      throw new AppError('FORBIDDEN_DEPARTMENT', refusal);
    }
  }

  /**
   * A department-bound caller acts only on objects of their department: `departmentOf` loads the
   * object's (only for such callers); an unknown object is `missing`'s 404, or the service's.
   */
  async function ownDepartment(
    actor: AuthenticatedOfficer,
    departmentOf: () => Promise<string | null | undefined>,
    refusal: string,
    missing?: () => AppError,
  ) {
    if (!isDepartmentBound(actor)) return;
    const code = await departmentOf();
    if (code == null && missing) throw missing();
    if (code != null && code !== actor.departmentCode) throw new AppError('FORBIDDEN_DEPARTMENT', refusal);
  }

  const findingDepartment = async (id: string) =>
    (await prisma.finding.findUnique({ where: { id }, select: { department: { select: { code: true } } } }))?.department.code;

  /** Coordinators act on every finding; an inspector only on the finding's department's. */
  async function findingActor(actor: AuthenticatedOfficer, where: Prisma.FindingWhereInput, refusal: (departmentName: string) => string) {
    if (hasRole(actor, 'COORDINATOR')) return;
    const finding = await prisma.finding.findFirst({ where, select: { department: true } });
    if (!finding) return;
    if (!(hasRole(actor, 'INSPECTOR') && actor.departmentCode === finding.department.code)) {
      throw new AppError('FORBIDDEN_DEPARTMENT', refusal(finding.department.name));
    }
  }

  const inspection: Policy<Id> = {
    check: all(reach('inspection'), ({ actor, params }) => inspectionDepartments(actor, params.id, '本次联合检查不涉及您所在部门，无权查看或办理')),
  };

  return {
    /** The events routes that admit grid workers, who see only the events they reported (others' are 404). */
    event: {
      gridWorkers: true,
      check: all(reach('event'), async ({ actor, params }) => {
        if (!isGridWorkerOnly(actor)) return;
        const row = await prisma.gridEvent.findUnique({ where: { id: params.id }, select: { reporterId: true } });
        if (!row || row.reporterId !== actor.officerId) throw new AppError('EVENT_NOT_FOUND', `事件 ${params.id} 不存在`);
      }),
    } satisfies Policy<Id>,
    /** The coordinators' and responders' steps of an event of a township within reach. */
    eventStep: { check: reach('event') } satisfies Policy<Id>,
    /** Reporting and the (scoped) list of events. */
    events: { gridWorkers: true } satisfies Policy,
    /** A responder vouches only for themself; recording others' arrival is the coordinator's. */
    eventCheckIn: {
      check: all(reach('event'), ({ actor, body }) => {
        const officerIds = body.officerIds ?? [actor.officerId];
        if (!hasRole(actor, 'COORDINATOR') && officerIds.some((o) => o !== actor.officerId)) {
          throw new AppError('FORBIDDEN', '执法人员只能为本人签到；为他人签到须由综合执法协调员办理');
        }
      }),
    } satisfies Policy<Id, unknown, { officerIds?: string[] }>,

    inspection,
    /**
     * Submitting a department's checks: the caller must take part in the inspection; which
     * department they may submit for is the workflow validator's decision (submitChecks).
     */
    departmentChecks: inspection as Policy<{ id: string; department: string }>,
    departmentTasks: {
      check({ actor, params }) {
        if (isDepartmentBound(actor) && actor.departmentCode !== params.code) {
          throw new AppError('FORBIDDEN_DEPARTMENT', '只能查看本部门的待办');
        }
      },
    } satisfies Policy<{ code: string }>,

    /** The review and collective-decision worklists belong to those who decide them. */
    caseList: {
      check({ actor, query }) {
        if (query.due === 'review' && !hasRole(actor, 'LEGAL_REVIEWER', 'ADMIN')) {
          throw new AppError('FORBIDDEN', '待法制审核清单仅供法制审核人员查看');
        }
        if (query.due === 'collective' && !hasRole(actor, 'LEADER', 'ADMIN')) {
          throw new AppError('FORBIDDEN', '待集体讨论清单仅供负责人查看');
        }
      },
    } satisfies Policy<unknown, { due?: string }>,
    /** A case is filed by a coordinator or by an inspector of the finding's department. */
    fileCase: {
      check: all(
        ({ actor, body }) => withinReach(actor, 'inspection', body.inspectionId),
        ({ actor, body }) =>
          findingActor(actor, { id: body.findingId, inspectionId: body.inspectionId }, (department) => `只有综合执法协调人员或${department}的执法人员可以立案`),
      ),
    } satisfies Policy<unknown, unknown, { findingId: string; inspectionId: string }>,
    /** Department inspectors see and act on their department's cases only. */
    case: {
      check: all(reach('case'), ({ actor, params }) =>
        ownDepartment(
          actor,
          async () => (await prisma.enforcementCase.findUnique({ where: { id: params.id }, select: { departmentCode: true } }))?.departmentCode,
          '只能查看和办理本部门的案件',
          () => notFound('案件'),
        ),
      ),
    } satisfies Policy<Id>,

    /** A plan of a township within reach (county-wide plans: county roles only). */
    plan: { check: reach('plan') } satisfies Policy<Id>,
    /** A business's ledger, within reach. */
    target: { check: reach('target') } satisfies Policy<Id>,
    /** The rule-of-law registers: an object of a township beyond reach is 404. */
    normativeDocument: { check: reach('normativeDocument') } satisfies Policy<Id>,
    majorDecision: { check: reach('majorDecision') } satisfies Policy<Id>,
    dispute: { check: reach('dispute') } satisfies Policy<Id>,
    legalLiaison: { check: reach('legalLiaison') } satisfies Policy<Id>,
    legalChallenge: { check: reach('legalChallenge') } satisfies Policy<Id>,

    /** A department's inspector adds requests for their own department only. */
    planRequests: {
      check: all(reach('plan'), ({ actor, body }) => {
        if (hasRole(actor, 'COORDINATOR', 'ADMIN')) return;
        if (body.requests.some((r) => r.departmentCode !== actor.departmentCode)) {
          throw new AppError('FORBIDDEN_DEPARTMENT', `只能为本部门（${actor.departmentCode ?? '无'}）提出检查需求`);
        }
      }),
    } satisfies Policy<Id, unknown, { requests: { departmentCode: string }[] }>,

    /** Orders and 首违不罚 are the coordinator's or the finding's department's. */
    findingAction: {
      check: all(reach('finding'), ({ actor, params }) =>
        findingActor(actor, { id: params.id }, (department) => `只有综合执法协调人员或${department}的执法人员可以办理该整改`),
      ),
    } satisfies Policy<Id>,
    finding: {
      check: all(reach('finding'), ({ actor, params }) => ownDepartment(actor, () => findingDepartment(params.id), '只能查看本部门的检查发现')),
    } satisfies Policy<Id>,
    /** Department inspectors see and act on their department's orders only. */
    rectification: {
      check: all(({ actor, params }) => withinReach(actor, 'finding', params.findingId), ({ actor, params }) =>
        ownDepartment(
          actor,
          async () =>
            (await prisma.rectificationOrder.findUnique({ where: { findingId: params.findingId }, select: { departmentCode: true } }))?.departmentCode,
          '只能查看和办理本部门的整改',
          () => notFound('整改记录'),
        ),
      ),
    } satisfies Policy<{ findingId: string }>,
    /**
     * Who issues which document; an inspector only for inspections of their department, and an
     * order or a decision only of their own department's finding or case (unknown ids are 404 later).
     */
    issueDocument: {
      async check({ actor, params, body }) {
        await withinReach(actor, 'inspection', params.id);
        const issuers = DOCUMENT_ISSUERS[body.kind];
        if (!hasRole(actor, ...issuers)) {
          throw new AppError('FORBIDDEN', `${DOCUMENT_TITLES[body.kind]}仅限${issuers.map((r) => ROLE_LABELS[r]).join('、')}制作`);
        }
        await inspectionDepartments(actor, params.id, '本次联合检查不涉及您所在部门，无权制作或查看其文书', true);
        const { findingId, caseId, penaltyId } = body;
        const subjectDepartment = async () =>
          findingId
            ? findingDepartment(findingId)
            : caseId
              ? (await prisma.enforcementCase.findUnique({ where: { id: caseId }, select: { departmentCode: true } }))?.departmentCode
              : penaltyId
                ? (await prisma.onTheSpotPenalty.findUnique({ where: { id: penaltyId }, select: { departmentCode: true } }))?.departmentCode
                : null;
        await ownDepartment(actor, subjectDepartment, '只能制作本部门的责令改正通知书和行政处罚决定书');
      },
    } satisfies Policy<Id, unknown, { kind: GeneratedDocumentKind; findingId?: string; caseId?: string; penaltyId?: string }>,
    /**
     * Evidence of a check result: the inspection within reach; a department-bound inspector
     * only for their own department's results (403 for another department's).
     */
    checkResultEvidence: {
      check: all(reach('inspection'), ({ actor, params }) => {
        if (isDepartmentBound(actor) && actor.departmentCode !== params.department) {
          throw new AppError('FORBIDDEN_DEPARTMENT', '只能查看和上传本部门检查结果的证据');
        }
      }),
    } satisfies Policy<{ id: string; department: string }>,
    /**
     * An evidence file is seen by whoever may see what it belongs to: the same township reach
     * and department rules as its check result, finding, event or case. Beyond the township it
     * does not exist (404 with the evidence's own code, nothing of the object named).
     */
    evidence: {
      gridWorkers: true,
      async check({ actor, params }) {
        const missing = () => new AppError('EVIDENCE_NOT_FOUND', `证据 ${params.id} 不存在`);
        const row = await prisma.evidence.findUnique({
          where: { id: params.id },
          select: { subjectType: true, inspectionId: true, departmentCode: true, findingId: true, eventId: true, caseId: true },
        });
        if (!row) throw missing();
        const reachOf = async (kind: TownshipObject, id: string | null) => {
          try {
            await withinReach(actor, kind, id ?? undefined);
          } catch (error) {
            if (error instanceof AppError && error.status === 404) throw missing();
            throw error;
          }
        };
        if (row.subjectType === 'EVENT') {
          await reachOf('event', row.eventId);
          if (isGridWorkerOnly(actor)) {
            const event = await prisma.gridEvent.findUnique({ where: { id: row.eventId! }, select: { reporterId: true } });
            if (event?.reporterId !== actor.officerId) throw missing();
          }
          return;
        }
        if (isGridWorkerOnly(actor)) throw missing();
        if (row.subjectType === 'CASE') await reachOf('case', row.caseId);
        else if (row.subjectType === 'FINDING') await reachOf('finding', row.findingId);
        else await reachOf('inspection', row.inspectionId);
        if (isDepartmentBound(actor) && row.departmentCode != null && row.departmentCode !== actor.departmentCode) {
          throw new AppError('FORBIDDEN_DEPARTMENT', '只能查看本部门的证据');
        }
      },
    } satisfies Policy<Id>,
    /**
     * The signed 现场检查笔录 (api/services/inspection-records.ts): the coordinators and the
     * officers of the visit's team; any other officer is refused (403).
     */
    inspectionRecord: {
      check: all(reach('inspection'), async ({ actor, params }) => {
        if (hasRole(actor, 'COORDINATOR')) return;
        const member = await prisma.teamMember.findUnique({ where: { inspectionId_officerId: { inspectionId: params.id, officerId: actor.officerId } } });
        if (member) return;
        const exists = await prisma.jointInspection.findUnique({ where: { id: params.id }, select: { id: true } });
        if (!exists) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${params.id} 不存在`);
        throw new AppError('FORBIDDEN', '现场检查笔录仅限本次检查的执法人员和综合执法协调员查看、签名');
      }),
    } satisfies Policy<Id>,
    /** A document is read by whoever may see its inspection. */
    document: {
      async check({ actor, params }) {
        const document = await prisma.issuedDocument.findUnique({ where: { id: params.id }, select: { inspectionId: true } });
        if (!document) throw new AppError('DOCUMENT_NOT_FOUND', `文书 ${params.id} 不存在`);
        await withinReach(actor, 'document', params.id);
        await inspectionDepartments(actor, document.inspectionId, '本次联合检查不涉及您所在部门，无权制作或查看其文书', true);
      },
    } satisfies Policy<Id>,
  };
}

export type Policies = ReturnType<typeof createPolicies>;

/** The caller's own account (who am I, login, password, second factor): every role, grid workers too. */
export const OWN_ACCOUNT: Policy = { gridWorkers: true };
