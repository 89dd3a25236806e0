/**
 * The county's organisation as an ADMIN keeps it: townships (乡镇/街道) with their villages
 * (村/社区), and departments of the county or of a township. Who reaches which township is
 * domain/townships.ts; every change is audited in the transaction that makes it.
 */
import { appendAudit, type AuthenticatedOfficer, type PrismaClient, type Tx } from '../../db';
import { townshipOfNewRecord, withinTownships, type TownshipKind, type TownshipScope, type VillageKind } from '../../domain/townships';
import { AppError } from '../errors';
import type { CreateDepartmentBody, CreateTownshipBody, UpdateTownshipBody } from '../routes/townships/schema';

type Actor = Pick<AuthenticatedOfficer, 'officerId' | 'name' | 'townships'>;

const townshipNotFound = (id: string) => new AppError('TOWNSHIP_NOT_FOUND', `乡镇（街道）${id} 不存在`);

/**
 * The township a new plan or event belongs to (domain/townships.ts townshipOfNewRecord), checked
 * to exist: a caller serving several townships must say which.
 */
export async function townshipOfNew(prisma: PrismaClient, actor: Actor, requested: string | undefined, path: string): Promise<string | null> {
  const choice = townshipOfNewRecord(actor.townships, requested);
  if (!choice.ok && choice.reason === 'REQUIRED') {
    throw new AppError('TOWNSHIP_REQUIRED', '您服务多个乡镇（街道），请指明所属乡镇', [{ code: 'TOWNSHIP_REQUIRED', path, message: '请选择乡镇（街道）' }]);
  }
  const townshipId = choice.ok ? choice.townshipId : requested!;
  if (townshipId && (!choice.ok || !(await prisma.township.findUnique({ where: { id: townshipId }, select: { id: true } })))) {
    // Beyond reach reads as unknown: nothing about other townships leaks.
    throw new AppError('UNKNOWN_TOWNSHIP', `乡镇（街道）${townshipId} 不存在`, [{ code: 'UNKNOWN_TOWNSHIP', path, message: '乡镇（街道）不存在' }]);
  }
  return townshipId;
}

/**
 * Whose figures a caller reads: one township when asked (and within reach; a county leader's
 * figures per township), else everything within reach.
 */
export function figuresScope(actor: Pick<AuthenticatedOfficer, 'townships'>, townshipId: string | undefined): TownshipScope {
  if (townshipId === undefined) return actor.townships;
  if (!withinTownships(actor.townships, townshipId)) throw townshipNotFound(townshipId);
  return [townshipId];
}

function townshipView(t: {
  id: string;
  code: string;
  name: string;
  kind: string;
  villages: { id: string; name: string; kind: string }[];
  _count?: { targets: number; officers: number };
}) {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    kind: t.kind as TownshipKind,
    villages: t.villages.map((v) => ({ id: v.id, name: v.name, kind: v.kind as VillageKind })),
    ...(t._count ? { businesses: t._count.targets, officers: t._count.officers } : {}),
  };
}

const WITH_VILLAGES = { villages: { orderBy: { name: 'asc' } }, _count: { select: { targets: true, officers: true } } } as const;

export function createTownshipService(deps: { prisma: PrismaClient; now?: () => Date }) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  const audit = (tx: Tx, actor: Actor, action: string, subjectType: string, subjectId: string, at: Date, payload: unknown) =>
    appendAudit(tx, { actor: { officerId: actor.officerId, name: actor.name }, action, subjectType, subjectId, at, payload });

  /** A unique name or code already taken → 409 naming it. */
  async function refuseTaken(tx: Tx, body: { code?: string; name?: string }, exceptId?: string) {
    const taken = await tx.township.findFirst({
      where: { OR: [...(body.code ? [{ code: body.code }] : []), ...(body.name ? [{ name: body.name }] : [])], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    });
    if (taken) throw new AppError('TOWNSHIP_EXISTS', `已有乡镇（街道）“${taken.name}”（区划代码 ${taken.code}）`);
  }

  return {
    /** The townships within the caller's reach, with their villages. */
    async list(actor: Actor) {
      const rows = await prisma.township.findMany({
        where: actor.townships === null ? {} : { id: { in: [...actor.townships] } },
        include: WITH_VILLAGES,
        orderBy: { code: 'asc' },
      });
      return { items: rows.map(townshipView) };
    },

    async get(actor: Actor, id: string) {
      if (!withinTownships(actor.townships, id)) throw townshipNotFound(id);
      const row = await prisma.township.findUnique({ where: { id }, include: WITH_VILLAGES });
      if (!row) throw townshipNotFound(id);
      return townshipView(row);
    },

    async create(actor: Actor, body: CreateTownshipBody) {
      // A township is part of the county's organisation: only a county-wide administrator sets one up.
      if (actor.townships !== null) throw new AppError('FORBIDDEN', '乡镇（街道）须由县级系统管理员设立');
      const at = now();
      return prisma.$transaction(async (tx) => {
        await refuseTaken(tx, body);
        const row = await tx.township.create({
          data: { code: body.code, name: body.name, kind: body.kind, updatedAt: at, villages: { create: body.villages ?? [] } },
          include: WITH_VILLAGES,
        });
        await audit(tx, actor, 'TOWNSHIP_CREATED', 'Township', row.id, at, body);
        return townshipView(row);
      });
    },

    /** Renames, and adds villages (never removes one: businesses and events name it). */
    async update(actor: Actor, id: string, body: UpdateTownshipBody) {
      if (!withinTownships(actor.townships, id)) throw townshipNotFound(id);
      const at = now();
      return prisma.$transaction(async (tx) => {
        const before = await tx.township.findUnique({ where: { id }, include: { villages: true } });
        if (!before) throw townshipNotFound(id);
        await refuseTaken(tx, body, id);
        const known = new Set(before.villages.map((v) => v.name));
        const added = (body.addVillages ?? []).filter((v) => !known.has(v.name));
        const row = await tx.township.update({
          where: { id },
          data: {
            ...(body.name ? { name: body.name } : {}),
            ...(body.code ? { code: body.code } : {}),
            ...(body.kind ? { kind: body.kind } : {}),
            updatedAt: at,
            villages: { create: added },
          },
          include: WITH_VILLAGES,
        });
        await audit(tx, actor, 'TOWNSHIP_UPDATED', 'Township', id, at, {
          before: { name: before.name, code: before.code, kind: before.kind },
          after: { name: row.name, code: row.code, kind: row.kind },
          villagesAdded: added.map((v) => v.name),
        });
        return townshipView(row);
      });
    },

    async listDepartments(actor: Actor) {
      const rows = await prisma.department.findMany({
        // County organs serve every township; a township's own organ only its township.
        where: actor.townships === null ? {} : { OR: [{ townshipId: null }, { townshipId: { in: [...actor.townships] } }] },
        include: { township: { select: { id: true, name: true } } },
        orderBy: { code: 'asc' },
      });
      return {
        items: rows.map((d) => ({ code: d.code, name: d.name, shortName: d.shortName, township: d.township ? { id: d.township.id, name: d.township.name } : null })),
      };
    },

    async createDepartment(actor: Actor, body: CreateDepartmentBody) {
      // Only a county-wide administrator sets up a county organ; a township's for its township.
      if (body.townshipId ? !withinTownships(actor.townships, body.townshipId) : actor.townships !== null) {
        throw new AppError('FORBIDDEN', body.townshipId ? '只能为本人服务的乡镇设立部门' : '县级部门须由县级系统管理员设立');
      }
      const at = now();
      return prisma.$transaction(async (tx) => {
        if (body.townshipId && !(await tx.township.findUnique({ where: { id: body.townshipId } }))) throw townshipNotFound(body.townshipId);
        const taken = await tx.department.findUnique({ where: { code: body.code } });
        if (taken) throw new AppError('DEPARTMENT_EXISTS', `部门代码 ${body.code} 已被“${taken.name}”使用`);
        const row = await tx.department.create({
          data: { code: body.code, name: body.name, shortName: body.shortName, townshipId: body.townshipId ?? null },
          include: { township: { select: { id: true, name: true } } },
        });
        await audit(tx, actor, 'DEPARTMENT_CREATED', 'Department', row.id, at, body);
        return { code: row.code, name: row.name, shortName: row.shortName, township: row.township ? { id: row.township.id, name: row.township.name } : null };
      });
    },
  };
}

export type TownshipService = ReturnType<typeof createTownshipService>;
