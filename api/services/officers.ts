/**
 * The county's officers as an ADMIN keeps them (issue #13): who they are, where they serve,
 * which roles, 执法证 and 法律职业资格 they hold, and whether they are still in post. Officers are
 * never deleted (inspections, cases and the audit log name them); they are deactivated, which
 * ends their sessions at once and stops their API tokens. Login itself (passwords, TOTP) is
 * api/services/accounts.ts's and never leaves through here. Every change is written with its
 * audit row (subject "Officer", the changed fields before and after) in one transaction.
 * The rules are domain/officers.ts's; township reach is domain/townships.ts's.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit, containsText, type AuthenticatedOfficer, type Prisma, type PrismaClient, type Tx } from '../../db';
import { addDays, chinaDate, columnOfDate, dateOfColumn } from '../../domain/dates';
import {
  assignmentRefusals,
  CERTIFICATE_STATE_LABELS,
  certificateStatus,
  DEFAULT_CERTIFICATE_WARNING_DAYS,
  mergedTownships,
  officerRecordProblems,
  officerWithinReach,
  type OfficerRecord,
  type RecordProblem,
} from '../../domain/officers';
import type { Role } from '../../domain/roles';
import type { TownshipScope } from '../../domain/townships';
import { AppError } from '../errors';
import type {
  CreateOfficerBody,
  DeactivateBody,
  ExpiringQuery,
  ListOfficersQuery,
  ReactivateBody,
  UpdateOfficerBody,
} from '../routes/officers/schema';

export interface OfficerServiceDeps {
  prisma: PrismaClient;
  /** CERTIFICATE_WARNING_DAYS: a certificate this close to its last day is "expiring". */
  certificateWarningDays?: number;
  now?: () => Date;
}

/** Only what an ADMIN keeps: no username, password hash, TOTP secret or any other part of the login. */
const OFFICER_SELECT = {
  id: true,
  name: true,
  countyWide: true,
  certificateNo: true,
  certificateIssuer: true,
  certificateExpiresOn: true,
  legalQualified: true,
  legalQualificationNo: true,
  phone: true,
  active: true,
  deactivatedAt: true,
  createdAt: true,
  updatedAt: true,
  department: { select: { code: true, name: true, townshipId: true } },
  roles: { select: { role: true } },
  townships: { select: { township: { select: { id: true, name: true } } } },
} satisfies Prisma.OfficerSelect;

type OfficerRow = Prisma.OfficerGetPayload<{ select: typeof OFFICER_SELECT }>;

/** The fields an edit compares and the audit payload carries (the record, not the login). */
type Snapshot = OfficerRecord & {
  name: string;
  certificateIssuer: string | null;
  phone: string | null;
};

const SNAPSHOT_FIELDS = [
  'name',
  'departmentCode',
  'townshipIds',
  'countyWide',
  'roles',
  'certificateNo',
  'certificateIssuer',
  'certificateExpiresOn',
  'legalQualified',
  'legalQualificationNo',
  'phone',
] as const satisfies readonly (keyof Snapshot)[];

function snapshotOf(row: OfficerRow): Snapshot {
  return {
    name: row.name,
    departmentCode: row.department?.code ?? null,
    townshipIds: row.townships.map((t) => t.township.id).sort(),
    countyWide: row.countyWide,
    roles: row.roles.map((r) => r.role).sort(),
    certificateNo: row.certificateNo,
    certificateIssuer: row.certificateIssuer,
    certificateExpiresOn: row.certificateExpiresOn ? dateOfColumn(row.certificateExpiresOn) : null,
    legalQualified: row.legalQualified,
    legalQualificationNo: row.legalQualificationNo,
    phone: row.phone,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changed fields, each with its value before and after. */
function changesOf(before: Snapshot, after: Snapshot): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of SNAPSHOT_FIELDS) {
    if (!same(before[field], after[field])) changes[field] = { before: before[field], after: after[field] };
  }
  return changes;
}

/**
 * The officers a caller reaches, as a query: the same rule as domain/officers.ts
 * officerWithinReach (a township ADMIN: officers assigned to, or of a department of, one of
 * their townships; never county-wide officers), in SQL so that lists page in the database.
 */
function reachWhere(scope: TownshipScope): Prisma.OfficerWhereInput {
  if (scope === null) return {};
  const ids = [...scope];
  return { countyWide: false, OR: [{ townships: { some: { townshipId: { in: ids } } } }, { department: { townshipId: { in: ids } } }] };
}

const placementOf = (row: OfficerRow) => ({
  countyWide: row.countyWide,
  townshipIds: row.townships.map((t) => t.township.id),
  departmentTownshipId: row.department?.townshipId ?? null,
});

function invalidRecord(problems: RecordProblem[]): AppError {
  return new AppError(
    'OFFICER_RECORD_INVALID',
    problems.map((p) => p.message).join('；'),
    problems.map((p) => ({ code: p.code, path: `body.${p.path}`, message: p.message })),
  );
}

const actorRef = (actor: AuthenticatedOfficer) => ({ officerId: actor.officerId, name: actor.name });

export function createOfficerService(deps: OfficerServiceDeps) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());
  const warningDays = deps.certificateWarningDays ?? DEFAULT_CERTIFICATE_WARNING_DAYS;

  function viewOf(row: OfficerRow, onDate: string) {
    const expiresOn = row.certificateExpiresOn ? dateOfColumn(row.certificateExpiresOn) : null;
    const status = certificateStatus({ certificateNo: row.certificateNo, certificateExpiresOn: expiresOn }, onDate, warningDays);
    return {
      id: row.id,
      name: row.name,
      department: row.department ? { code: row.department.code, name: row.department.name } : null,
      townships: row.townships.map((t) => t.township).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
      countyWide: row.countyWide,
      roles: row.roles.map((r) => r.role).sort(),
      certificateNo: row.certificateNo,
      certificateIssuer: row.certificateIssuer,
      certificateExpiresOn: expiresOn,
      certificate: { state: status.state, label: CERTIFICATE_STATE_LABELS[status.state], daysLeft: status.daysLeft },
      legalQualified: row.legalQualified,
      legalQualificationNo: row.legalQualificationNo,
      phone: row.phone,
      active: row.active,
      deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt?.toISOString() ?? null,
    };
  }

  const today = () => chinaDate(now().toISOString());

  /** The officer, or 404 when unknown or outside the caller's townships (not revealed). */
  async function loadWithin(db: PrismaClient | Tx, actor: AuthenticatedOfficer, id: string): Promise<OfficerRow> {
    const row = await db.officer.findUnique({ where: { id }, select: OFFICER_SELECT });
    if (!row || !officerWithinReach(actor.townships, placementOf(row))) {
      throw new AppError('OFFICER_NOT_FOUND', `执法人员 ${id} 不存在`);
    }
    return row;
  }

  async function departmentIdOf(code: string | null): Promise<string | null> {
    if (code === null) return null;
    const department = await prisma.department.findUnique({ where: { code }, select: { id: true } });
    if (!department) {
      const message = `部门 ${code} 不存在`;
      throw new AppError('UNKNOWN_DEPARTMENT', message, [{ code: 'UNKNOWN_DEPARTMENT', path: 'body.departmentCode', message }]);
    }
    return department.id;
  }

  async function requireTownships(ids: readonly string[]): Promise<void> {
    const found = new Set((await prisma.township.findMany({ where: { id: { in: [...ids] } }, select: { id: true } })).map((t) => t.id));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      const message = `乡镇（街道）不存在：${unknown.join('、')}`;
      throw new AppError('UNKNOWN_TOWNSHIP', message, [{ code: 'UNKNOWN_TOWNSHIP', path: 'body.townshipIds', message }]);
    }
  }

  function refuseOutOfScope(scope: TownshipScope, requested: { countyWide?: boolean; townshipIds?: readonly string[] }): void {
    const refusals = assignmentRefusals(scope, requested);
    if (refusals.length > 0) {
      throw new AppError(
        'TOWNSHIP_OUT_OF_REACH',
        refusals.map((r) => r.message).join('；'),
        refusals.map((r) => ({ code: r.code, path: `body.${r.path}`, message: r.message })),
      );
    }
  }

  /** 执法证号 is one person's: no two active officers hold the same number (checked in the write's transaction). */
  async function refuseTakenCertificate(tx: Tx, certificateNo: string | null, exceptId?: string): Promise<void> {
    if (!certificateNo) return;
    const holder = await tx.officer.findFirst({
      where: { certificateNo, active: true, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    });
    if (holder) {
      throw new AppError('CERTIFICATE_NO_TAKEN', `执法证号 ${certificateNo} 已登记在另一名在岗执法人员名下`, [
        { code: 'CERTIFICATE_NO_TAKEN', path: 'body.certificateNo', message: '执法证号已被使用' },
      ]);
    }
  }

  const audit = (tx: Tx, actor: AuthenticatedOfficer, action: string, subjectId: string, at: Date, payload: unknown) =>
    appendAudit(tx, { actor: actorRef(actor), action, subjectType: 'Officer', subjectId, at, payload });

  /** The record's own columns; the department only when given (an edit that leaves it alone). */
  const columnsOf = (record: Snapshot, departmentId: string | null | undefined) => ({
    name: record.name,
    ...(departmentId !== undefined ? { departmentId } : {}),
    countyWide: record.countyWide,
    certificateNo: record.certificateNo,
    certificateIssuer: record.certificateIssuer,
    certificateExpiresOn: record.certificateExpiresOn ? columnOfDate(record.certificateExpiresOn) : null,
    legalQualified: record.legalQualified,
    legalQualificationNo: record.legalQualificationNo,
    phone: record.phone,
  });

  return {
    warningDays,

    async list(options: { actor: AuthenticatedOfficer; query: ListOfficersQuery }) {
      const { actor, query } = options;
      const where: Prisma.OfficerWhereInput = {
        AND: [
          reachWhere(actor.townships),
          query.departmentCode ? { department: { code: query.departmentCode } } : {},
          query.townshipId
            ? { countyWide: false, OR: [{ townships: { some: { townshipId: query.townshipId } } }, { department: { townshipId: query.townshipId } }] }
            : {},
          query.role ? { roles: { some: { role: query.role } } } : {},
          query.active !== undefined ? { active: query.active } : {},
          query.q ? { OR: [{ name: containsText(prisma, query.q) }, { certificateNo: containsText(prisma, query.q) }] } : {},
        ],
      };
      const [total, rows] = await prisma.$transaction([
        prisma.officer.count({ where }),
        prisma.officer.findMany({
          where,
          select: OFFICER_SELECT,
          orderBy: [{ active: 'desc' }, { name: 'asc' }, { id: 'asc' }],
          skip: (query.page - 1) * query.pageSize,
          take: query.pageSize,
        }),
      ]);
      const on = today();
      return { items: rows.map((r) => viewOf(r, on)), page: query.page, pageSize: query.pageSize, total };
    },

    async get(options: { actor: AuthenticatedOfficer; id: string }) {
      return viewOf(await loadWithin(prisma, options.actor, options.id), today());
    },

    async create(options: { actor: AuthenticatedOfficer; body: CreateOfficerBody }) {
      const { actor, body } = options;
      const at = now();
      const departmentId = await departmentIdOf(body.departmentCode);
      await requireTownships(body.townshipIds);
      refuseOutOfScope(actor.townships, body);
      const record: Snapshot = {
        name: body.name,
        departmentCode: body.departmentCode,
        townshipIds: [...new Set(body.townshipIds)].sort(),
        countyWide: body.countyWide,
        roles: [...new Set(body.roles)].sort(),
        certificateNo: body.certificateNo,
        certificateIssuer: body.certificateIssuer,
        certificateExpiresOn: body.certificateExpiresOn,
        legalQualified: body.legalQualified,
        legalQualificationNo: body.legalQualificationNo,
        phone: body.phone,
      };
      const problems = officerRecordProblems(record);
      if (problems.length > 0) throw invalidRecord(problems);
      const id = await prisma.$transaction(async (tx) => {
        await refuseTakenCertificate(tx, record.certificateNo);
        const created = await tx.officer.create({
          data: {
            // A stable key for imports and the seed; officers made here get their own.
            key: `officer-${randomUUID()}`,
            ...columnsOf(record, departmentId),
            roles: { create: record.roles.map((role) => ({ role: role as Role })) },
            townships: { create: record.townshipIds.map((townshipId) => ({ townshipId })) },
            createdAt: at,
            updatedAt: at,
          },
          select: { id: true },
        });
        await audit(tx, actor, 'OFFICER_CREATED', created.id, at, { after: record });
        return created.id;
      });
      return viewOf(await loadWithin(prisma, actor, id), chinaDate(at.toISOString()));
    },

    async update(options: { actor: AuthenticatedOfficer; id: string; body: UpdateOfficerBody }) {
      const { actor, id, body } = options;
      const at = now();
      const row = await loadWithin(prisma, actor, id);
      const before = snapshotOf(row);
      if (body.townshipIds) await requireTownships(body.townshipIds);
      refuseOutOfScope(actor.townships, { countyWide: body.countyWide === true && !before.countyWide, townshipIds: body.townshipIds });
      const after: Snapshot = {
        ...before,
        ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
        townshipIds: body.townshipIds ? mergedTownships(actor.townships, before.townshipIds, body.townshipIds) : before.townshipIds,
        roles: body.roles ? [...new Set(body.roles)].sort() : before.roles,
      };
      const changes = changesOf(before, after);
      // Nothing changed: nothing written, nothing audited.
      if (Object.keys(changes).length === 0) return viewOf(row, chinaDate(at.toISOString()));
      const departmentId = 'departmentCode' in changes ? await departmentIdOf(after.departmentCode) : undefined;
      const problems = officerRecordProblems(after);
      if (problems.length > 0) throw invalidRecord(problems);
      await prisma.$transaction(async (tx) => {
        if ('certificateNo' in changes && row.active) await refuseTakenCertificate(tx, after.certificateNo, id);
        // The row as read is the row changed: a concurrent edit in between makes this one retry.
        const updated = await tx.officer.updateMany({
          where: { id, updatedAt: row.updatedAt },
          data: { ...columnsOf(after, departmentId), updatedAt: at },
        });
        if (updated.count !== 1) throw new AppError('CONFLICT', '该人员信息刚被他人修改，请刷新后重试');
        if ('roles' in changes) {
          await tx.officerRole.deleteMany({ where: { officerId: id } });
          await tx.officerRole.createMany({ data: after.roles.map((role) => ({ officerId: id, role: role as Role })) });
        }
        if ('townshipIds' in changes) {
          await tx.officerTownship.deleteMany({ where: { officerId: id } });
          await tx.officerTownship.createMany({ data: after.townshipIds.map((townshipId) => ({ officerId: id, townshipId })) });
        }
        await audit(tx, actor, 'OFFICER_UPDATED', id, at, { changes });
      });
      // An edit may move the officer out of a township ADMIN's reach (a transfer): answer with the record all the same.
      const updated = await prisma.officer.findUniqueOrThrow({ where: { id }, select: OFFICER_SELECT });
      return viewOf(updated, chinaDate(at.toISOString()));
    },

    async deactivate(options: { actor: AuthenticatedOfficer; id: string; body: DeactivateBody }) {
      const { actor, id, body } = options;
      const at = now();
      if (id === actor.officerId) {
        throw new AppError('OFFICER_SELF_DEACTIVATION', '不能停用本人账号，请由其他系统管理员办理');
      }
      const row = await loadWithin(prisma, actor, id);
      if (!row.active) throw new AppError('OFFICER_ALREADY_DEACTIVATED', `${row.name}已于 ${row.deactivatedAt?.toISOString() ?? '此前'} 停用`);
      await prisma.$transaction(async (tx) => {
        const changed = await tx.officer.updateMany({ where: { id, active: true }, data: { active: false, deactivatedAt: at, updatedAt: at } });
        if (changed.count !== 1) throw new AppError('OFFICER_ALREADY_DEACTIVATED', `${row.name}已停用`);
        // Logged in right now: out at once, not at the next timeout. API tokens check `active` on each use.
        const ended = await tx.session.updateMany({ where: { officerId: id, endedAt: null }, data: { endedAt: at, endReason: 'DEACTIVATED' } });
        await audit(tx, actor, 'OFFICER_DEACTIVATED', id, at, {
          reason: body.reason,
          changes: { active: { before: true, after: false } },
          sessionsEnded: ended.count,
        });
      });
      return viewOf(await loadWithin(prisma, actor, id), chinaDate(at.toISOString()));
    },

    async reactivate(options: { actor: AuthenticatedOfficer; id: string; body: ReactivateBody }) {
      const { actor, id, body } = options;
      const at = now();
      const row = await loadWithin(prisma, actor, id);
      if (row.active) throw new AppError('OFFICER_ALREADY_ACTIVE', `${row.name}在岗，无需恢复`);
      await prisma.$transaction(async (tx) => {
        // Someone else may hold the number by now (a re-issued certificate): the record must be corrected first.
        await refuseTakenCertificate(tx, row.certificateNo, id);
        const changed = await tx.officer.updateMany({ where: { id, active: false }, data: { active: true, deactivatedAt: null, updatedAt: at } });
        if (changed.count !== 1) throw new AppError('OFFICER_ALREADY_ACTIVE', `${row.name}在岗，无需恢复`);
        await audit(tx, actor, 'OFFICER_REACTIVATED', id, at, {
          ...(body.reason ? { reason: body.reason } : {}),
          changes: { active: { before: false, after: true } },
        });
      });
      return viewOf(await loadWithin(prisma, actor, id), chinaDate(at.toISOString()));
    },

    /** Active officers whose 执法证 has expired or expires within the warning days of `on`, soonest first. */
    async expiring(options: { actor: AuthenticatedOfficer; query: ExpiringQuery }) {
      const { actor, query } = options;
      const on = query.on ?? today();
      const rows = await prisma.officer.findMany({
        where: {
          AND: [reachWhere(actor.townships), { active: true, certificateNo: { not: null }, certificateExpiresOn: { lte: columnOfDate(addDays(on, warningDays)) } }],
        },
        select: OFFICER_SELECT,
        orderBy: [{ certificateExpiresOn: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      });
      const items = rows.map((r) => viewOf(r, on)).filter((v) => v.certificate.state === 'EXPIRING' || v.certificate.state === 'EXPIRED');
      return { on, warningDays, items };
    },
  };
}

export type OfficerService = ReturnType<typeof createOfficerService>;
