/**
 * The rules of the rule-of-law registers (domain/rule-of-law.ts) on their own: which decisions
 * the 三重一大 rule covers, the order of its refusals, quorum and majority at their edges, the
 * legality reviewer, publication, the mediation intake and outcome.
 */
import {
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
