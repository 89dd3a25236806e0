/**
 * Recusal (回避, 行政处罚法 §43) as a decided request: declared by the officer or at the party's
 * request (PENDING), decided by the head (UPHELD or DISMISSED). Who may declare and decide and
 * whom a decision withdraws are domain/conflicts.ts's rules; this service loads the rows, keeps
 * to the caller's townships (the business's) and writes each step with its audit row (subject
 * "OfficerConflict") in one transaction. `refuseRecused` is the check the direct paths call
 * (a scheduled team, a case's investigators); the draw and the planner read the rows themselves.
 */
import type { AuthenticatedOfficer, PrismaClient, Tx } from '../../db';
import { appendAudit, conflictsOf } from '../../db';
import {
  blocksNewDeclaration,
  CONFLICT_SOURCE_LABELS,
  CONFLICT_STATUS_LABELS,
  declarationRefusal,
  decisionRefusal,
  recusedAmong,
  type ConflictSource,
  type ConflictStatus,
} from '../../domain/conflicts';
import { withinTownships } from '../../domain/townships';
import { AppError } from '../errors';
import { isDepartmentBound } from '../policies';
import type { DecideConflictBody, DeclareConflictBody, ListConflictsQuery } from '../routes/conflicts/schema';

export interface ConflictServiceDeps {
  prisma: PrismaClient;
  now?: () => Date;
  /** §43: what an upheld recusal withdraws the officer from besides new teams (the business's open cases). */
  onUpheld?: (conflict: { officerId: string; targetId: string }) => Promise<void>;
}

interface ConflictRow {
  id: string;
  officerId: string;
  targetId: string;
  reason: string;
  declaredAt: Date;
  source: string;
  declaredById: string | null;
  status: string;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

/**
 * Refuses (422 OFFICER_RECUSED, naming each officer) a team or investigators of `targetId` with
 * an officer withdrawn by a decided recusal. A pending one does not refuse (§43: the work goes
 * on while the head decides).
 */
export async function refuseRecused(
  db: PrismaClient | Tx,
  options: { targetId: string; officers: readonly { id: string; name: string }[]; path: string },
): Promise<void> {
  const ids = options.officers.map((o) => o.id);
  const conflicts = await conflictsOf(db, options.targetId, ids);
  const recused = recusedAmong(conflicts, ids, options.targetId);
  if (recused.length === 0) return;
  const issues = recused.map((officerId) => {
    const index = ids.indexOf(officerId);
    return {
      code: 'OFFICER_RECUSED',
      path: `${options.path}[${index}]`,
      message: `${options.officers[index].name}已被决定对该检查对象回避（《行政处罚法》第四十三条），不能参加`,
    };
  });
  throw new AppError('OFFICER_RECUSED', issues.map((i) => i.message).join('；'), issues);
}

const actorRef = (actor: AuthenticatedOfficer) => ({ officerId: actor.officerId, name: actor.name });

export function createConflictService(deps: ConflictServiceDeps) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  /** The rows with the names of their officers and businesses (people read names, not ids). */
  async function viewsOf(rows: ConflictRow[]) {
    const officerIds = [...new Set(rows.flatMap((r) => [r.officerId, r.declaredById, r.decidedById]).filter((id): id is string => id !== null))];
    const [officers, targets] = await Promise.all([
      prisma.officer.findMany({ where: { id: { in: officerIds } }, select: { id: true, name: true } }),
      prisma.target.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.targetId))] } }, select: { id: true, name: true } }),
    ]);
    const names = new Map([...officers, ...targets].map((o) => [o.id, o.name]));
    const ref = (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? id });
    return rows.map((r) => ({
      id: r.id,
      officer: ref(r.officerId)!,
      target: ref(r.targetId)!,
      reason: r.reason,
      source: r.source as ConflictSource,
      sourceLabel: CONFLICT_SOURCE_LABELS[r.source as ConflictSource] ?? r.source,
      status: r.status as ConflictStatus,
      statusLabel: CONFLICT_STATUS_LABELS[r.status as ConflictStatus] ?? r.status,
      declaredAt: r.declaredAt.toISOString(),
      declaredBy: ref(r.declaredById),
      decidedBy: ref(r.decidedById),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
    }));
  }

  const audit = (tx: Tx, actor: AuthenticatedOfficer, action: string, subjectId: string, at: Date, payload: unknown) =>
    appendAudit(tx, { actor: actorRef(actor), action, subjectType: 'OfficerConflict', subjectId, at, payload });

  return {
    async declare(options: { actor: AuthenticatedOfficer; body: DeclareConflictBody }) {
      const { actor, body } = options;
      const at = now();
      const refusal = declarationRefusal(actor, body);
      if (refusal) throw new AppError('CONFLICT_DECLARANT_NOT_ALLOWED', refusal);
      const officer = await prisma.officer.findUnique({ where: { id: body.officerId }, select: { id: true, name: true, active: true } });
      if (!officer || !officer.active) {
        const message = `执法人员 ${body.officerId} 不存在或已停用`;
        throw new AppError('UNKNOWN_OFFICER', message, [{ code: 'UNKNOWN_OFFICER', path: 'body.officerId', message }]);
      }
      const target = await prisma.target.findUnique({ where: { id: body.targetId }, select: { id: true, name: true, townshipId: true } });
      // A business of another township answers as unknown: its existence is not the caller's to learn.
      if (!target || !withinTownships(actor.townships, target.townshipId)) {
        const message = `检查对象 ${body.targetId} 不存在`;
        throw new AppError('UNKNOWN_TARGET', message, [{ code: 'UNKNOWN_TARGET', path: 'body.targetId', message }]);
      }
      const row = await prisma.$transaction(async (tx) => {
        const open = await tx.officerConflict.findFirst({
          where: { officerId: body.officerId, targetId: body.targetId, status: { in: ['PENDING', 'UPHELD'] } },
          orderBy: { declaredAt: 'desc' },
        });
        if (open && blocksNewDeclaration(open.status)) {
          throw new AppError(
            'CONFLICT_ALREADY_DECLARED',
            open.status === 'PENDING'
              ? `${officer.name}对“${target.name}”的回避申请尚待负责人决定，不必重复申请`
              : `${officer.name}已被决定对“${target.name}”回避`,
          );
        }
        const created = await tx.officerConflict.create({
          data: {
            officerId: body.officerId,
            targetId: body.targetId,
            reason: body.reason,
            source: body.source,
            declaredAt: at,
            declaredById: actor.officerId,
            status: 'PENDING',
          },
        });
        await audit(tx, actor, 'CONFLICT_DECLARED', created.id, at, {
          after: { officerId: created.officerId, targetId: created.targetId, reason: created.reason, source: created.source, status: created.status },
        });
        return created;
      });
      return (await viewsOf([row]))[0];
    },

    async decide(options: { actor: AuthenticatedOfficer; id: string; body: DecideConflictBody }) {
      const { actor, id, body } = options;
      const at = now();
      const row = await prisma.officerConflict.findUnique({ where: { id } });
      const target = row && (await prisma.target.findUnique({ where: { id: row.targetId }, select: { townshipId: true } }));
      if (!row || !target || !withinTownships(actor.townships, target.townshipId)) {
        throw new AppError('CONFLICT_NOT_FOUND', `回避申请 ${id} 不存在`);
      }
      const refusal = decisionRefusal(actor.officerId, row);
      if (refusal) throw new AppError(refusal.code, refusal.message);
      const decided = await prisma.$transaction(async (tx) => {
        // Decided once: of two heads deciding at the same moment, the second finds it decided.
        const changed = await tx.officerConflict.updateMany({
          where: { id, status: 'PENDING' },
          data: { status: body.decision, decidedById: actor.officerId, decidedAt: at, decisionNote: body.note },
        });
        if (changed.count !== 1) throw new AppError('CONFLICT_ALREADY_DECIDED', '该回避申请已有决定，不能再次决定');
        await audit(tx, actor, 'CONFLICT_DECIDED', id, at, {
          note: body.note,
          changes: { status: { before: 'PENDING', after: body.decision } },
        });
        return tx.officerConflict.findUniqueOrThrow({ where: { id } });
      });
      if (decided.status === 'UPHELD') await deps.onUpheld?.({ officerId: decided.officerId, targetId: decided.targetId });
      return (await viewsOf([decided]))[0];
    },

    async list(options: { actor: AuthenticatedOfficer; query: ListConflictsQuery }) {
      const { actor, query } = options;
      // A department inspector (no wider role) sees the declarations about themself only.
      const officerId = isDepartmentBound(actor) ? actor.officerId : query.officerId;
      if (isDepartmentBound(actor) && query.officerId && query.officerId !== actor.officerId) return { items: [] };
      const scope = actor.townships;
      const rows = await prisma.officerConflict.findMany({
        where: {
          ...(officerId ? { officerId } : {}),
          ...(query.targetId ? { targetId: query.targetId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(scope === null
            ? {}
            : { targetId: { in: (await prisma.target.findMany({ where: { townshipId: { in: [...scope] }, ...(query.targetId ? { id: query.targetId } : {}) }, select: { id: true } })).map((t) => t.id) } }),
        },
        orderBy: [{ declaredAt: 'desc' }, { id: 'asc' }],
        take: 500,
      });
      return { items: await viewsOf(rows) };
    },
  };
}

export type ConflictService = ReturnType<typeof createConflictService>;
