/**
 * The two clocks of a case (workflows/case.ts): the §60 decision clock (calendar days, paused
 * while the case is suspended) and the legal-review clock of each proposal round (working
 * days, counted by an activity when the round starts). Each runs as its own line of the case
 * workflow until the case is decided or closed; the people's steps move their dates.
 */
import { decisionWarningDates, type CasePolicy } from '../domain/case';
import type { CaseRowUpdate } from '../activities/case';
import type { NotificationDraft } from '../domain/notifications';
import type { CaseState } from '../contracts/case';
import type { ReadModel } from './read-model';
import { dayPassedAt, msUntil, nowIso } from './common';
import { startOfChinaDate } from '../domain/dates';

export interface CaseClockStep {
  /** The step part of the write's key (workflow id + step). */
  step: string;
  kind: 'DECISION_WARNING' | 'DECISION_OVERDUE' | 'REVIEW_OVERDUE';
  detail: unknown;
  /** Set on the case row besides what the state gives. */
  row: Partial<CaseRowUpdate>;
  at: string;
  /** Who must hear of it: the clock's notification (domain/notifications.ts). */
  notify: NotificationDraft[];
}

export interface CaseClocks {
  state: CaseState;
  policy: CasePolicy;
  waitFor: ReadModel<unknown>['waitFor'];
  /** Writes a clock's step (no actor: the system's own), tracked like every other write. */
  record(step: CaseClockStep): Promise<void>;
}

/** A proposal waits for its legal review in the current round. */
export function reviewPending(state: CaseState): boolean {
  return state.status === 'IN_LEGAL_REVIEW' && state.reviews.at(-1)?.round !== state.proposalRound;
}

/**
 * §60 clock: reminders at the configured days before the due date, escalation once the due
 * date has passed. Each fires once; suspension pauses it and pushes the due date.
 */
export async function runDecisionClock({ state, policy, waitFor, record }: CaseClocks): Promise<void> {
  const clock = state.decisionClock;
  const fired = new Set<string>();
  for (;;) {
    if (clock.stopped || state.status === 'CLOSED') return;
    if (clock.suspended) {
      await waitFor(() => !clock.suspended || clock.stopped);
      continue;
    }
    const next = [
      ...decisionWarningDates(clock.dueDate, policy).map((w) => ({
        id: `warning:${w.daysBefore}`,
        kind: 'WARNING' as const,
        daysBefore: w.daysBefore as number | null,
        fireAt: startOfChinaDate(w.date),
      })),
      // The due date is the last day on time; it has passed at the start of the next day.
      { id: 'expired', kind: 'EXPIRED' as const, daysBefore: null, fireAt: dayPassedAt(clock.dueDate) },
    ].find((e) => !fired.has(e.id));
    if (!next) return;
    const wait = msUntil(next.fireAt);
    if (wait > 0) {
      // Woken early by a suspension or a decision: recompute.
      const interrupted = await waitFor(() => clock.suspended || clock.stopped, wait);
      if (interrupted) continue;
    }
    fired.add(next.id);
    const at = nowIso();
    clock.events.push({ kind: next.kind, daysBefore: next.daysBefore, dueDate: clock.dueDate, at });
    if (next.kind === 'EXPIRED') clock.expired = true;
    const detail = { daysBefore: next.daysBefore, dueDate: clock.dueDate };
    await record({
      step: `decision-clock:${next.id}`,
      kind: next.kind === 'EXPIRED' ? 'DECISION_OVERDUE' : 'DECISION_WARNING',
      detail,
      row: { decisionOverdue: clock.expired },
      at,
      notify: [{ kind: next.kind === 'EXPIRED' ? 'CASE_DECISION_OVERDUE' : 'CASE_DECISION_WARNING', subjectId: state.caseId, params: { ...detail, caseTitle: state.title } }],
    });
  }
}

/** Legal-review clock of each round: overdue once the (possibly extended) due date passed. */
export async function runReviewClock({ state, waitFor, record }: CaseClocks): Promise<void> {
  const pending = () => reviewPending(state);
  const over = () => state.status === 'CLOSED' || state.status === 'DECIDED';
  for (;;) {
    await waitFor(() => over() || (pending() && state.reviewClock !== null && state.reviewClock.round === state.proposalRound && !state.reviewClock.overdue));
    if (over()) return;
    const clock = state.reviewClock!;
    const due = clock.dueDate;
    const wait = msUntil(dayPassedAt(due));
    if (wait > 0) {
      const interrupted = await waitFor(() => !pending() || clock.dueDate !== due, wait);
      if (interrupted) {
        if (pending()) continue;
        // Reviewed in time: wait for the next round.
        await waitFor(() => state.proposalRound !== clock.round || over());
        continue;
      }
    }
    const overdueAt = nowIso();
    clock.overdue = true;
    clock.overdueAt = overdueAt;
    const detail = { round: clock.round, dueDate: clock.dueDate };
    await record({
      step: `review-overdue:r${clock.round}`,
      kind: 'REVIEW_OVERDUE',
      detail,
      row: { reviewOverdue: true },
      at: overdueAt,
      notify: [{ kind: 'CASE_REVIEW_OVERDUE', subjectId: state.caseId, params: { ...detail, caseTitle: state.title } }],
    });
  }
}
