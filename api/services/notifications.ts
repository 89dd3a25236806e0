/**
 * The officer's inbox (提醒): rows written by the workflows' steps (db/steps.ts `notify`). Only
 * the caller's own rows exist for them: another officer's id answers 404, as an unknown one.
 */
import type { AuthenticatedOfficer, Prisma, PrismaClient } from '../../db';
import type { NotificationKind } from '../../domain/notifications';
import { AppError } from '../errors';
import type { ListNotificationsQuery } from '../routes/notifications/schema';

function viewOf(row: Prisma.NotificationGetPayload<object>) {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    subject: { type: row.subjectType, id: row.subjectId },
    townshipId: row.townshipId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

export function createNotificationService(deps: { prisma: PrismaClient; now?: () => Date }) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async list(options: { actor: AuthenticatedOfficer; query: ListNotificationsQuery }) {
      const { actor, query } = options;
      const own = { officerId: actor.officerId };
      const where = { ...own, ...(query.unread ? { readAt: null } : {}) };
      const [rows, total, unread] = await Promise.all([
        prisma.notification.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: (query.page - 1) * query.pageSize,
          take: query.pageSize,
        }),
        prisma.notification.count({ where }),
        prisma.notification.count({ where: { ...own, readAt: null } }),
      ]);
      return { items: rows.map(viewOf), page: query.page, pageSize: query.pageSize, total, unread };
    },

    async read(options: { actor: AuthenticatedOfficer; id: string }) {
      const { actor, id } = options;
      // Marked only while unread, so the first reading time stays.
      await prisma.notification.updateMany({ where: { id, officerId: actor.officerId, readAt: null }, data: { readAt: now() } });
      const row = await prisma.notification.findFirst({ where: { id, officerId: actor.officerId } });
      if (!row) throw new AppError('NOTIFICATION_NOT_FOUND', `提醒 ${id} 不存在`);
      return viewOf(row);
    },

    async readAll(options: { actor: AuthenticatedOfficer }) {
      const { count } = await prisma.notification.updateMany({ where: { officerId: options.actor.officerId, readAt: null }, data: { readAt: now() } });
      return { marked: count };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
