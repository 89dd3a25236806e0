/**
 * The rules of the rule-of-law registers (domain/rule-of-law.ts) on their own: which decisions
 * the 三重一大 rule covers, the order of its refusals, quorum and majority at their edges, the
 * legality reviewer, publication, the mediation intake and outcome; the 行政复议 and 行政诉讼 terms
 * (months at a month's end), the order of a challenge's dates, its outcomes and the 纠错率.
 */
import { addDays } from '../../domain/dates';
import {
  DEFAULT_LEGAL_CHALLENGE_POLICY,
  addMonths,
  challengeDecisionDue,
  challengeFilingDeadline,
  correctionRate,
  isCorrected,
  validateChallengeDates,
  validateChallengeOutcome,
  withdrawsDecision,
  DEFAULT_MAJOR_DECISION_POLICY as policy,
  isSubjectToMajorDecisionRule,
  meetingRecordProblems,
  validateDisputeIntake,
  validateDisputeOutcome,
  validateLegalityReviewer,
  validateMajorDecisionTaken,
  validatePublication,
  type MeetingRecord,
} from '../../domain/rule-of-law';

const meeting = (attendees: number, votesFor: number, membersTotal = 9): MeetingRecord => ({
  membersTotal,
  attendees: Array.from({ length: attendees }, (_, i) => `成员${i + 1}`),
  votesFor,
  votesAgainst: 0,
  votesAbstain: 0,
  minutes: '纪要',
});
const codes = (violations: { code: string }[]) => violations.map((v) => v.code);

test('kinds and thresholds: projects and funds from their thresholds, matters and appointments always', () => {
  expect(isSubjectToMajorDecisionRule('MAJOR_MATTER', null, policy)).toBe(true);
  expect(isSubjectToMajorDecisionRule('APPOINTMENT', null, policy)).toBe(true);
  expect(isSubjectToMajorDecisionRule('PROJECT', policy.projectThreshold - 1, policy)).toBe(false);
  expect(isSubjectToMajorDecisionRule('PROJECT', policy.projectThreshold, policy)).toBe(true);
  expect(isSubjectToMajorDecisionRule('LARGE_FUNDS', policy.fundsThreshold, policy)).toBe(true);
  expect(isSubjectToMajorDecisionRule('LARGE_FUNDS', null, policy)).toBe(false);
});

test('a major decision: opinion first, then a lawful one, then the meeting, its quorum and its majority', () => {
  const taken = (legalConclusion: 'LAWFUL' | 'UNLAWFUL' | null, m: MeetingRecord | null) =>
    codes(validateMajorDecisionTaken({ subjectToRule: true, legalConclusion, meeting: m, policy }));
  expect(taken(null, meeting(9, 9))).toEqual(['MAJOR_DECISION_LEGAL_OPINION_REQUIRED']);
  expect(taken('UNLAWFUL', meeting(9, 9))).toEqual(['MAJOR_DECISION_UNLAWFUL']);
  expect(taken('LAWFUL', null)).toEqual(['MAJOR_DECISION_MEETING_REQUIRED']);
  // 2/3 of 9 is 6: five present is no quorum, six is.
  expect(taken('LAWFUL', meeting(5, 5))).toEqual(['MAJOR_DECISION_QUORUM_NOT_MET']);
  expect(taken('LAWFUL', meeting(6, 4))).toEqual([]);
  // More than half of those present: 3 of 6 is not enough.
  expect(taken('LAWFUL', meeting(6, 3))).toEqual(['MAJOR_DECISION_NOT_PASSED']);
  expect(codes(validateMajorDecisionTaken({ subjectToRule: false, legalConclusion: null, meeting: null, policy }))).toEqual([]);
});

test('a meeting record counts only its attendees', () => {
  expect(codes(meetingRecordProblems(meeting(10, 5)))).toEqual(['MEETING_RECORD_INVALID']);
  expect(codes(meetingRecordProblems({ ...meeting(3, 3), votesAgainst: 1 }))).toEqual(['MEETING_RECORD_INVALID']);
  expect(meetingRecordProblems(meeting(6, 4))).toEqual([]);
});

test('the legality reviewer is a qualified legal adviser who did not submit the draft; publication after approval and discussion', () => {
  const reviewer = { officerId: 'r', name: '审核人', isLegalReviewer: true, legalQualified: true };
  expect(validateLegalityReviewer({ reviewer, submitterId: 'd' })).toEqual([]);
  expect(codes(validateLegalityReviewer({ reviewer: { ...reviewer, legalQualified: false }, submitterId: 'd' }))).toEqual(['REVIEWER_NOT_QUALIFIED']);
  expect(codes(validateLegalityReviewer({ reviewer, submitterId: 'r' }))).toEqual(['REVIEWER_IN_TEAM']);
  expect(codes(validatePublication({ status: 'SUBMITTED', discussionRequired: false, discussedOn: null }))).toEqual(['NORMATIVE_DOCUMENT_NOT_APPROVED']);
  expect(codes(validatePublication({ status: 'APPROVED', discussionRequired: true, discussedOn: null }))).toEqual(['NORMATIVE_DISCUSSION_REQUIRED']);
  expect(validatePublication({ status: 'APPROVED', discussionRequired: true, discussedOn: '2026-03-02' })).toEqual([]);
});

test('a dispute names its 532 event exactly when it comes from one; a failed one says where it went', () => {
  expect(codes(validateDisputeIntake({ source: 'GRID_EVENT', gridEventId: null }))).toEqual(['DISPUTE_EVENT_REQUIRED']);
  expect(codes(validateDisputeIntake({ source: 'POLICE', gridEventId: 'e' }))).toEqual(['DISPUTE_EVENT_REQUIRED']);
  expect(validateDisputeIntake({ source: 'GRID_EVENT', gridEventId: 'e' })).toEqual([]);
  expect(codes(validateDisputeOutcome({ outcome: 'FAILED_REFERRED', referredTo: ' ', note: '' }))).toEqual(['DISPUTE_OUTCOME_INVALID']);
  expect(codes(validateDisputeOutcome({ outcome: 'AGREED_WRITTEN', referredTo: null, note: '' }))).toEqual(['DISPUTE_OUTCOME_INVALID']);
  expect(validateDisputeOutcome({ outcome: 'AGREED_ORAL', referredTo: null, note: '' })).toEqual([]);
});

describe('行政复议 and 行政诉讼 terms and outcomes', () => {
  const terms = DEFAULT_LEGAL_CHALLENGE_POLICY;

  test('months end on the same day, or on the last day of a month without it (民法典 §202)', () => {
    expect(addMonths('2025-09-02', 6)).toBe('2026-03-02');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  test('filing: 60 days for 复议 (§20), 6 months for 诉讼 (§46); decision: 60 (+30) days, judgment 6 months', () => {
    expect(challengeFilingDeadline('RECONSIDERATION', '2026-01-01', terms, addDays)).toBe('2026-03-02');
    expect(challengeFilingDeadline('LITIGATION', '2025-08-31', terms, addDays)).toBe('2026-02-28');
    expect(challengeDecisionDue('RECONSIDERATION', '2026-03-02', false, terms, addDays)).toBe('2026-05-01');
    expect(challengeDecisionDue('RECONSIDERATION', '2026-03-02', true, terms, addDays)).toBe('2026-05-31');
    expect(challengeDecisionDue('LITIGATION', '2026-01-02', false, terms, addDays)).toBe('2026-07-02');
    expect(challengeDecisionDue('RECONSIDERATION', '2026-03-02', false, { ...terms, reconsiderationDecisionDays: 30 }, addDays)).toBe('2026-04-01');
  });

  test('dates in their order: known ≤ applied ≤ accepted ≤ received', () => {
    const ok = { knownOn: '2026-01-01', appliedOn: '2026-01-02', acceptedOn: '2026-01-03', receivedOn: '2026-01-03' };
    expect(validateChallengeDates(ok)).toEqual([]);
    expect(validateChallengeDates({ ...ok, knownOn: '2026-01-05' }).map((v) => v.path)).toEqual(['knownOn']);
    expect(validateChallengeDates({ ...ok, acceptedOn: '2026-01-01' }).map((v) => v.path)).toEqual(['acceptedOn']);
    expect(validateChallengeDates({ ...ok, receivedOn: '2026-01-02' }).map((v) => v.path)).toEqual(['receivedOn']);
  });

  test('corrected outcomes, the ones that withdraw a decision, and the rate', () => {
    expect(['UPHELD', 'REVOKED', 'CHANGED', 'CONFIRMED_UNLAWFUL', 'ORDERED_TO_PERFORM', 'SETTLED_OR_WITHDRAWN'].filter((o) => isCorrected(o as never))).toEqual([
      'REVOKED',
      'CHANGED',
      'CONFIRMED_UNLAWFUL',
      'ORDERED_TO_PERFORM',
    ]);
    expect(withdrawsDecision('CONFIRMED_UNLAWFUL')).toBe(false);
    expect(withdrawsDecision('CHANGED')).toBe(true);
    expect([correctionRate(0, 0), correctionRate(1, 3), correctionRate(2, 3), correctionRate(3, 3)]).toEqual([null, 33.3, 66.7, 100]);
  });

  test('an outcome: not before acceptance; a changed case decision says what it became', () => {
    const base = { linkedToCase: true, changedDecisionText: null, decidedOn: '2026-03-02', acceptedOn: '2026-03-01' };
    expect(codes(validateChallengeOutcome({ ...base, outcome: 'UPHELD', decidedOn: '2026-02-28' }))).toEqual(['CHALLENGE_DATES_INVALID']);
    expect(codes(validateChallengeOutcome({ ...base, outcome: 'CHANGED' }))).toEqual(['CHALLENGE_OUTCOME_INVALID']);
    expect(validateChallengeOutcome({ ...base, outcome: 'CHANGED', linkedToCase: false })).toEqual([]);
    expect(validateChallengeOutcome({ ...base, outcome: 'CHANGED', changedDecisionText: '罚款五百元' })).toEqual([]);
    expect(codes(validateChallengeOutcome({ ...base, outcome: 'REVOKED', changedDecisionText: '罚款五百元' }))).toEqual(['CHALLENGE_OUTCOME_INVALID']);
  });
});
