/**
 * Where a major decision (三重一大) stands: the next step it waits for is the first refusal of
 * domain/'s validateMajorDecisionTaken — the rule the API applies when the decision is recorded
 * (there with the township's configured quorum and majority; here with the defaults).
 */
import {
  DEFAULT_MAJOR_DECISION_POLICY,
  validateMajorDecisionTaken,
  type MeetingRecord,
} from '../../domain/rule-of-law';
import type { RuleViolation } from '../../domain/rules';
import type { Schemas } from './api/client';

export type MajorDecision = Schemas['MajorDecision'];

export function meetingOf(d: MajorDecision): MeetingRecord | null {
  if (!d.meetingRecordedAt || d.membersTotal === null || !d.attendees) return null;
  return { membersTotal: d.membersTotal, attendees: d.attendees, votesFor: d.votesFor ?? 0, votesAgainst: d.votesAgainst ?? 0, votesAbstain: d.votesAbstain ?? 0, minutes: d.minutes ?? '' };
}

/** What is still missing before the decision can be recorded (empty: only the leader's record of it). */
export function missingSteps(d: MajorDecision): RuleViolation[] {
  if (d.status === 'TAKEN') return [];
  return validateMajorDecisionTaken({ subjectToRule: d.subjectToRule, legalConclusion: d.legalConclusion, meeting: meetingOf(d), policy: DEFAULT_MAJOR_DECISION_POLICY });
}

const STATE_LABELS: Record<string, string> = {
  MAJOR_DECISION_LEGAL_OPINION_REQUIRED: '待合法性审查',
  MAJOR_DECISION_UNLAWFUL: '审查意见为不合法',
  MAJOR_DECISION_MEETING_REQUIRED: '待集体讨论',
  MAJOR_DECISION_QUORUM_NOT_MET: '会议出席不足',
  MAJOR_DECISION_NOT_PASSED: '会议未通过',
};

/** A short state for the list: 已决策, the step it waits for, or 待记录决定. */
export function stateOf(d: MajorDecision): { code: string; label: string } {
  if (d.status === 'TAKEN') return { code: 'TAKEN', label: '已决策' };
  const first = missingSteps(d)[0];
  return first ? { code: first.code, label: STATE_LABELS[first.code] ?? first.message } : { code: 'READY', label: '待记录决定' };
}
