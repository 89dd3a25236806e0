import { z } from 'zod';
import { NOTIFICATION_KIND_NAMES } from '../../../domain/notifications';

const id = z.string().min(1).max(64);
const flag = z.enum(['true', 'false'], '应为 true 或 false').transform((v) => v === 'true');

export const NotificationIdParams = z.strictObject({ id }).meta({ id: 'NotificationIdParams' });
export type NotificationIdParams = z.infer<typeof NotificationIdParams>;

export const ListNotificationsQuery = z
  .strictObject({
    unread: flag.optional().describe('true：只列未读'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: 'ListNotificationsQuery' });
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;

export const NotificationView = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KIND_NAMES),
    title: z.string(),
    body: z.string(),
    subject: z.object({ type: z.string(), id: z.string() }),
    townshipId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    deliveredAt: z.string().nullable().describe('送达消息渠道的时间；未送达为 null（站内提醒照常可见）'),
  })
  .meta({ id: 'Notification' });

export const NotificationList = z
  .object({ items: z.array(NotificationView), page: z.number(), pageSize: z.number(), total: z.number(), unread: z.number() })
  .meta({ id: 'NotificationList' });

export const ReadAllResponse = z.object({ marked: z.number().describe('本次标记为已读的条数') }).meta({ id: 'NotificationsReadAll' });
