/**
 * Who hears of what (domain/notifications.ts): each kind's responsible officers from the
 * subject's people, once each; the reviewers a case may have (qualified, not an investigator);
 * every kind has a subject and Chinese text.
 */
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_NAMES, eligibleReviewers, notificationKey, notificationsFor } from '../../domain/notifications';

const casePeople = {
  investigators: ['inv-a', 'inv-b'],
  townshipLeaders: ['leader', 'inv-a'],
  reviewers: [
    { officerId: 'rev-ok', legalQualified: true },
    { officerId: 'rev-unqualified', legalQualified: false },
    { officerId: 'inv-b', legalQualified: true },
  ],
};

test('a case warning goes to the investigators and the township leaders, each once', () => {
  const out = notificationsFor({ kind: 'CASE_DECISION_WARNING', subjectId: 'c1', params: { daysBefore: 5, dueDate: '2026-05-31' } }, casePeople, { caseTitle: '某案' });
  expect(out.map((n) => n.officerId)).toEqual(['inv-a', 'inv-b', 'leader']);
  expect(out[0].title).toBe('办案期限提醒：还有5天');
  expect(out[0].body).toContain('案件“某案”应于 2026-05-31 前');
});

test('a review overdue goes to qualified reviewers who are not investigators, and the leaders', () => {
  expect(eligibleReviewers(casePeople)).toEqual(['rev-ok']);
  const out = notificationsFor({ kind: 'CASE_REVIEW_OVERDUE', subjectId: 'c1', params: { round: 1, dueDate: '2026-03-11' } }, casePeople);
  expect(out.map((n) => n.officerId)).toEqual(['rev-ok', 'leader', 'inv-a']);
});

test('an overdue department reaches the coordinator and only the late departments’ members', () => {
  const people = { coordinator: 'coord', teamByDepartment: { MARKET: ['m1'], FIRE: ['f1', 'f2'] } };
  const out = notificationsFor({ kind: 'DEPARTMENT_OVERDUE', subjectId: 'v1', params: { departmentCodes: ['FIRE'], departmentNames: ['消防'], deadlineAt: '2026-03-02 11:00' } }, people);
  expect(out.map((n) => n.officerId)).toEqual(['coord', 'f1', 'f2']);
  expect(out[0].body).toContain('消防未在期限（2026-03-02 11:00）内提交');
});

test('a certificate warning reaches its holder and the administrators; nobody without people', () => {
  expect(notificationsFor({ kind: 'CERTIFICATE_EXPIRING', subjectId: 'o1', params: { expiresOn: '2026-03-20', daysLeft: 18 } }, { officer: 'o1', admins: ['a1'] }).map((n) => n.officerId)).toEqual(['o1', 'a1']);
  expect(notificationsFor({ kind: 'RECTIFICATION_DUE', subjectId: 'f1', params: { deadline: '2026-03-09' } }, {})).toEqual([]);
});

test('every kind has a subject and Chinese text; keys tell kinds and officers apart', () => {
  for (const kind of NOTIFICATION_KIND_NAMES) {
    const spec = NOTIFICATION_KINDS[kind];
    expect(['EnforcementCase', 'JointInspection', 'RectificationOrder', 'Officer']).toContain(spec.subject);
    expect(spec.title({})).toMatch(/[\u4e00-\u9fa5]/);
    expect(spec.body({})).toMatch(/[\u4e00-\u9fa5]/);
  }
  expect(notificationKey('case-1:decision-clock:expired', 'CASE_DECISION_OVERDUE', 'o1')).toBe('case-1:decision-clock:expired:CASE_DECISION_OVERDUE:o1');
});
