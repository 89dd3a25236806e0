/**
 * Notifications (提醒): what a clock or a step tells the people who must act. One table of kinds:
 * each kind names its subject, who is responsible (a pure function of the subject's people, so
 * the rule lives here and db/ only loads the people), and its Chinese title and body. Adding a
 * kind is one entry in NOTIFICATION_KINDS.
 */

/** What a notification is about; db/notifications.ts loads the people and facts of each. */
export type NotificationSubject = 'EnforcementCase' | 'JointInspection' | 'RectificationOrder' | 'Officer';

/** The people around a subject (officer ids), as db/notifications.ts loads them for its type. */
export interface SubjectPeople {
  /** Case: its investigators (调查人员). */
  investigators?: string[];
  /** Case: the leaders serving its township (county-wide leaders when it has none). */
  townshipLeaders?: string[];
  /** Case: legal reviewers in reach of the case, with their qualification (§58). */
  reviewers?: { officerId: string; legalQualified: boolean }[];
  /** Visit: the coordinator who scheduled it. */
  coordinator?: string;
  /** Visit: team members by department code. */
  teamByDepartment?: Record<string, string[]>;
  /** Order: the officer who ordered the rectification, and the coordinator of its visit. */
  orderedBy?: string;
  /** Certificate: its holder. */
  officer?: string;
  /** Certificate: the county's administrators (they keep the officer records). */
  admins?: string[];
}

/** What the text of a notification is made of: the step's params and the subject's facts. */
export type NotificationParams = Record<string, string | number | boolean | null | string[] | undefined>;

export interface NotificationKindSpec {
  subject: NotificationSubject;
  /** The officers responsible, from the subject's people and the step's params. */
  recipients(people: SubjectPeople, params: NotificationParams): string[];
  title(params: NotificationParams): string;
  body(params: NotificationParams): string;
}

const list = (value: NotificationParams[string]): string[] => (Array.isArray(value) ? value : value == null ? [] : [String(value)]);
const caseName = (p: NotificationParams) => `案件“${p.caseTitle ?? ''}”`;

/** Investigators act on the case, the township's leaders supervise it. */
const caseTeam = (p: SubjectPeople) => [...(p.investigators ?? []), ...(p.townshipLeaders ?? [])];

/** A reviewer may review the case when qualified and not one of its investigators (审核与调查分离, §58). */
export function eligibleReviewers(people: SubjectPeople): string[] {
  const investigators = new Set(people.investigators ?? []);
  return (people.reviewers ?? []).filter((r) => r.legalQualified && !investigators.has(r.officerId)).map((r) => r.officerId);
}

export const NOTIFICATION_KINDS = {
  CASE_DECISION_WARNING: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: (p) => `办案期限提醒：还有${p.daysBefore}天`,
    body: (p) => `${caseName(p)}应于 ${p.dueDate} 前作出处理决定（《行政处罚法》第六十条），距期限还有${p.daysBefore}天，请抓紧办理。`,
  },
  CASE_DECISION_OVERDUE: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '办案期限已超期',
    body: (p) => `${caseName(p)}已超过作出处理决定的期限（${p.dueDate}，《行政处罚法》第六十条），请立即办理并报告延期情况。`,
  },
  CASE_REVIEW_OVERDUE: {
    subject: 'EnforcementCase',
    recipients: (people) => [...eligibleReviewers(people), ...(people.townshipLeaders ?? [])],
    title: () => '法制审核已超期',
    body: (p) => `${caseName(p)}第${p.round}轮处罚建议的法制审核期限（${p.dueDate}）已过，请尽快完成审核。`,
  },
  DEPARTMENT_OVERDUE: {
    subject: 'JointInspection',
    // The coordinator chases, the late departments' team members must submit.
    recipients: (people, p) => [
      ...(people.coordinator ? [people.coordinator] : []),
      ...list(p.departmentCodes).flatMap((code) => people.teamByDepartment?.[code] ?? []),
    ],
    title: () => '部门检查结果逾期未提交',
    body: (p) => `对“${p.targetName ?? ''}”的联合检查中，${list(p.departmentNames).join('、')}未在期限（${p.deadlineAt}）内提交检查结果，请立即提交。`,
  },
  RECTIFICATION_DUE: {
    subject: 'RectificationOrder',
    recipients: (people) => [...(people.orderedBy ? [people.orderedBy] : []), ...(people.coordinator ? [people.coordinator] : [])],
    title: () => '整改期限已届满，请复查',
    body: (p) => `“${p.targetName ?? ''}”的整改事项“${p.itemTitle ?? p.itemCode ?? ''}”整改期限（${p.deadline}）已届满，请安排复查。`,
  },
  RECTIFICATION_OVERDUE: {
    subject: 'RectificationOrder',
    recipients: (people) => [...(people.orderedBy ? [people.orderedBy] : []), ...(people.coordinator ? [people.coordinator] : [])],
    title: () => '整改复查逾期未记录结果',
    body: (p) =>
      `“${p.targetName ?? ''}”的整改事项“${p.itemTitle ?? p.itemCode ?? ''}”整改期限（${p.deadline}）已过，复查日（${p.recheckDay ?? ''}）已过仍未记录复查结果，请尽快复查并记录。`,
  },
  CERTIFICATE_EXPIRING: {
    subject: 'Officer',
    recipients: (people) => [...(people.officer ? [people.officer] : []), ...(people.admins ?? [])],
    title: (p) => `执法证即将到期：${p.officerName ?? ''}`,
    body: (p) =>
      `${p.officerName ?? ''}的执法证（${p.certificateNo ?? ''}）将于 ${p.expiresOn} 到期（还有${p.daysLeft}天），请及时办理换证；到期后不能参加执法检查（《行政处罚法》第四十二条）。`,
  },
  // Kinds of the case procedure steps being added (statement, hearing, payment): text ready, hooks to come.
  STATEMENT_PERIOD_ENDED: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '陈述申辩期已届满',
    body: (p) => `${caseName(p)}当事人陈述、申辩期限（${p.dueDate ?? ''}）已届满，可以继续办理。`,
  },
  HEARING_SCHEDULED: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: (p) => `听证定于 ${p.hearingDate ?? ''}`,
    body: (p) => `${caseName(p)}听证定于 ${p.hearingDate ?? ''} 举行（${p.place ?? ''}），请做好准备。`,
  },
  PAYMENT_DUE: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '罚款缴纳期限将至',
    body: (p) => `${caseName(p)}罚款应于 ${p.dueDate ?? ''} 前缴纳，请督促当事人按期缴纳。`,
  },
  PAYMENT_OVERDUE: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '罚款逾期未缴纳',
    body: (p) => `${caseName(p)}罚款缴纳期限（${p.dueDate ?? ''}）已过，当事人尚未缴纳，可依法加处罚款（《行政处罚法》第七十二条）。`,
  },
  DECISION_SERVICE_OVERDUE: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '处罚决定书逾期未送达',
    body: (p) => `${caseName(p)}的行政处罚决定书应于 ${p.dueDate ?? ''} 前送达当事人（《行政处罚法》第六十一条），尚未记录送达，请立即送达。`,
  },
  PUBLICATION_DUE_SOON: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '处罚决定公示期限将至',
    body: (p) => `${caseName(p)}的行政处罚决定应于 ${p.dueDate ?? ''} 前公示（决定之日起七个工作日内），请尽快公示。`,
  },
  PUBLICATION_OVERDUE: {
    subject: 'EnforcementCase',
    recipients: caseTeam,
    title: () => '处罚决定逾期未公示',
    body: (p) => `${caseName(p)}的行政处罚决定公示期限（${p.dueDate ?? ''}）已过，尚未公示，请立即公示。`,
  },
  ON_THE_SPOT_FILING_OVERDUE: {
    subject: 'JointInspection',
    // The deciding officer must file; the coordinator sees that it is done.
    recipients: (people, p) => [...list(p.officerId), ...(people.coordinator ? [people.coordinator] : [])],
    title: () => '当场处罚决定逾期未备案',
    body: (p) => `对“${p.targetName ?? ''}”当场作出的行政处罚决定应于 ${p.dueDate ?? ''} 前报所属行政机关备案（《行政处罚法》第五十二条），尚未备案，请立即办理。`,
  },
  INSPECTION_REVIEW_OVERDUE: {
    subject: 'JointInspection',
    recipients: (people) => (people.coordinator ? [people.coordinator] : []),
    title: () => '检查结果法制审核已超期',
    body: (p) => `对“${p.targetName ?? ''}”的联合检查，法制审核期限（${p.dueDate ?? ''}）已过，请督促完成审核。`,
  },
} satisfies Record<string, NotificationKindSpec>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/**
 * What a step asks to be notified: the kind, its subject and the step's own facts. The step
 * recorder (db/steps.ts) turns it into one inbox row per responsible officer, in the step's
 * transaction. JSON-safe, so a workflow can pass it to an activity.
 */
export interface NotificationDraft {
  kind: NotificationKind;
  subjectId: string;
  params?: NotificationParams;
}

/** One inbox row's content, before it is written. */
export interface NotificationContent {
  kind: NotificationKind;
  officerId: string;
  title: string;
  body: string;
}

/** The responsible officers of a draft (once each, in order) and the text each of them gets. */
export function notificationsFor(draft: NotificationDraft, people: SubjectPeople, facts: NotificationParams = {}): NotificationContent[] {
  const spec: NotificationKindSpec = NOTIFICATION_KINDS[draft.kind];
  const params = { ...facts, ...draft.params };
  const officers = [...new Set(spec.recipients(people, params))];
  const title = spec.title(params);
  const body = spec.body(params);
  return officers.map((officerId) => ({ kind: draft.kind, officerId, title, body }));
}

/** The inbox row's idempotency key: the step's key, the kind and the officer (a step may notify several kinds). */
export function notificationKey(stepKey: string, kind: NotificationKind, officerId: string): string {
  return `${stepKey}:${kind}:${officerId}`;
}
