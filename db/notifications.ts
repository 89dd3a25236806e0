/**
 * The inbox rows of a step (domain/notifications.ts decides who and what): the subject's people
 * and facts are read in the step's transaction and one Notification per responsible officer is
 * written there too, so the step and its notifications exist together or not at all.
 */
import {
  NOTIFICATION_KINDS,
  notificationKey,
  notificationsFor,
  type NotificationDraft,
  type NotificationParams,
  type NotificationSubject,
  type SubjectPeople,
} from '../domain/notifications';
import type { Tx } from './client';

interface Subject {
  people: SubjectPeople;
  facts: NotificationParams;
  townshipId: string | null;
}

const activeWithRole = (role: 'LEADER' | 'LEGAL_REVIEWER' | 'ADMIN') => ({ active: true, roles: { some: { role } } });

/** Officers of a role serving the township; the county-wide ones when none serves it (or no township). */
async function inReach(tx: Tx, role: 'LEADER' | 'LEGAL_REVIEWER', townshipId: string | null) {
  const select = { id: true, legalQualified: true } as const;
  const local = townshipId ? await tx.officer.findMany({ where: { ...activeWithRole(role), townships: { some: { townshipId } } }, select, orderBy: { key: 'asc' } }) : [];
  if (local.length > 0) return local;
  return tx.officer.findMany({ where: { ...activeWithRole(role), countyWide: true }, select, orderBy: { key: 'asc' } });
}

async function caseSubject(tx: Tx, id: string): Promise<Subject> {
  const row = await tx.enforcementCase.findUnique({ where: { id }, select: { title: true, townshipId: true, investigators: { select: { officerId: true } } } });
  const townshipId = row?.townshipId ?? null;
  // One query at a time: an interactive transaction is one connection (PostgreSQL too).
  const leaders = await inReach(tx, 'LEADER', townshipId);
  const reviewers = await inReach(tx, 'LEGAL_REVIEWER', townshipId);
  return {
    townshipId,
    facts: { caseTitle: row?.title ?? id },
    people: {
      investigators: row?.investigators.map((i) => i.officerId) ?? [],
      townshipLeaders: leaders.map((o) => o.id),
      reviewers: reviewers.map((o) => ({ officerId: o.id, legalQualified: o.legalQualified })),
    },
  };
}

async function inspectionSubject(tx: Tx, id: string): Promise<Subject> {
  const row = await tx.jointInspection.findUnique({
    where: { id },
    select: { scheduledById: true, target: { select: { name: true, townshipId: true } }, team: { select: { officerId: true } } },
  });
  const members = await tx.officer.findMany({
    where: { id: { in: row?.team.map((m) => m.officerId) ?? [] } },
    select: { id: true, department: { select: { code: true } } },
  });
  const teamByDepartment: Record<string, string[]> = {};
  for (const m of members) if (m.department) (teamByDepartment[m.department.code] ??= []).push(m.id);
  return {
    townshipId: row?.target.townshipId ?? null,
    facts: { targetName: row?.target.name ?? '' },
    people: { coordinator: row?.scheduledById, teamByDepartment },
  };
}

async function orderSubject(tx: Tx, findingId: string): Promise<Subject> {
  const order = await tx.rectificationOrder.findUnique({ where: { findingId }, select: { orderedById: true, inspectionId: true, targetId: true, itemCode: true } });
  const target = order ? await tx.target.findUnique({ where: { id: order.targetId }, select: { name: true, townshipId: true } }) : null;
  const visit = order ? await tx.jointInspection.findUnique({ where: { id: order.inspectionId }, select: { scheduledById: true } }) : null;
  const item = order ? await tx.checkItem.findUnique({ where: { code: order.itemCode }, select: { title: true } }) : null;
  return {
    townshipId: target?.townshipId ?? null,
    facts: { targetName: target?.name ?? '', itemCode: order?.itemCode ?? '', itemTitle: item?.title ?? order?.itemCode ?? '' },
    people: { orderedBy: order?.orderedById, coordinator: visit?.scheduledById },
  };
}

async function officerSubject(tx: Tx, id: string): Promise<Subject> {
  const officer = await tx.officer.findUnique({ where: { id }, select: { name: true, certificateNo: true, townships: { select: { townshipId: true } } } });
  const admins = await tx.officer.findMany({ where: activeWithRole('ADMIN'), select: { id: true }, orderBy: { key: 'asc' } });
  return {
    townshipId: officer?.townships.length === 1 ? officer.townships[0].townshipId : null,
    facts: { officerName: officer?.name ?? '', certificateNo: officer?.certificateNo ?? '' },
    people: { officer: id, admins: admins.map((a) => a.id) },
  };
}

const SUBJECT_LOADERS: Record<NotificationSubject, (tx: Tx, id: string) => Promise<Subject>> = {
  EnforcementCase: caseSubject,
  JointInspection: inspectionSubject,
  RectificationOrder: orderSubject,
  Officer: officerSubject,
};

/** Writes the inbox rows of a step's drafts (in the step's transaction); returns how many. */
export async function writeNotifications(tx: Tx, stepKey: string, drafts: readonly NotificationDraft[], at: Date): Promise<number> {
  let written = 0;
  for (const draft of drafts) {
    const subjectType = NOTIFICATION_KINDS[draft.kind].subject;
    const subject = await SUBJECT_LOADERS[subjectType](tx, draft.subjectId);
    for (const n of notificationsFor(draft, subject.people, subject.facts)) {
      await tx.notification.create({
        data: {
          idempotencyKey: notificationKey(stepKey, n.kind, n.officerId),
          stepKey,
          officerId: n.officerId,
          kind: n.kind,
          subjectType,
          subjectId: draft.subjectId,
          townshipId: subject.townshipId,
          title: n.title,
          body: n.body,
          createdAt: at,
        },
      });
      written++;
    }
  }
  return written;
}
