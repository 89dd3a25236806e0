/**
 * The clocks of the penalty procedure (workflows/case.ts): the statement period after the
 * §44 notice, the §61 term for serving a decision not handed over on the spot, and the §67
 * payment term of each instalment. Each runs as its own line of the case workflow, fires
 * once per due date, and records its step (no actor: the system's own) through `record`.
 * They run only in cases started with the procedure (patched 'penalty-procedure').
 */
import type { CaseState } from '../contracts/case';
import type { ReadModel } from './read-model';
import type { CaseClockStep } from './case-clocks';
import { dayPassedAt, msUntil, nowIso } from './common';
import { addDays, chinaDate, startOfChinaDate } from '../domain/dates';
import { openInstalments, paymentAccount } from '../domain/penalty-procedure';

export interface PenaltyClocks {
  state: CaseState;
  waitFor: ReadModel<unknown>['waitFor'];
  /** The daily surcharge rate (§72), for the figures a step records. */
  surchargeRate: number;
  /** Calendar days before the publication term ends that the warning fires. */
  publicationWarningDaysBefore: number;
  record(step: Omit<CaseClockStep, 'kind'> & { kind: PenaltyClockKind }): Promise<void>;
}

export type PenaltyClockKind = 'STATEMENT_PERIOD_ENDED' | 'DECISION_SERVICE_OVERDUE' | 'PAYMENT_OVERDUE' | 'PUBLICATION_DUE_SOON' | 'PUBLICATION_OVERDUE';

const closed = (state: CaseState) => state.status === 'CLOSED';

/** Waits until the day `date` has passed, or `interrupt` holds; true when the day passed. */
async function untilDayPassed(waitFor: PenaltyClocks['waitFor'], date: string, interrupt: () => boolean): Promise<boolean> {
  const wait = msUntil(dayPassedAt(date));
  if (wait <= 0) return !interrupt();
  return !(await waitFor(interrupt, wait));
}

/** §45/§62: the statement period of each notice ends once, recorded so the investigators know they may decide. */
export async function runStatementClock({ state, waitFor, record }: PenaltyClocks): Promise<void> {
  const fired = new Set<number>();
  for (;;) {
    await waitFor(() => closed(state) || state.decision !== null || (!!state.notice?.periodEndsOn && !fired.has(state.notice.round)));
    if (closed(state) || state.decision !== null) return;
    const notice = state.notice!;
    fired.add(notice.round);
    const passed = await untilDayPassed(waitFor, notice.periodEndsOn!, () => state.decision !== null || closed(state) || state.notice !== notice);
    if (!passed || state.notice !== notice) continue;
    notice.periodEnded = true;
    await record({
      step: `statement-period-ended:n${notice.round}`,
      kind: 'STATEMENT_PERIOD_ENDED',
      detail: { round: notice.round, periodEndsOn: notice.periodEndsOn, statements: state.statements?.length ?? 0, hearing: state.hearing?.status ?? null },
      row: {},
      at: nowIso(),
      notify: [{ kind: 'STATEMENT_PERIOD_ENDED', subjectId: state.caseId, params: { caseTitle: state.title, dueDate: notice.periodEndsOn } }],
    });
  }
}

/** §61: a decision not served within its term is flagged once. */
export async function runDecisionServiceClock({ state, waitFor, record }: PenaltyClocks): Promise<void> {
  await waitFor(() => closed(state) || !!state.decision?.serviceDueOn);
  if (closed(state)) return;
  const decision = state.decision!;
  const served = () => state.service !== null || closed(state);
  const passed = await untilDayPassed(waitFor, decision.serviceDueOn!, served);
  if (!passed || served()) return;
  decision.serviceOverdue = true;
  await record({
    step: 'decision-service-overdue',
    kind: 'DECISION_SERVICE_OVERDUE',
    detail: { decidedAt: decision.decidedAt, serviceDueOn: decision.serviceDueOn },
    row: {},
    at: nowIso(),
    notify: [{ kind: 'DECISION_SERVICE_OVERDUE', subjectId: state.caseId, params: { caseTitle: state.title, dueDate: decision.serviceDueOn } }],
  });
}

/**
 * §67/§72: each instalment's due date passing unpaid is flagged once (the surcharge runs from
 * the next day); a deferral or instalments granted move the dates and the clock follows them.
 */
export async function runPaymentClock({ state, waitFor, surchargeRate, record }: PenaltyClocks): Promise<void> {
  const fired = new Set<string>();
  await waitFor(() => closed(state) || !!state.payment);
  const settled = () => closed(state) || !!state.execution;
  for (;;) {
    if (settled()) return;
    const payment = state.payment!;
    const paidSoFar = payment.paid;
    // The first instalment not fully covered by what has been paid, not yet flagged.
    const open = openInstalments(payment.instalments, paidSoFar).find((i) => !fired.has(i.dueOn));
    if (!open) {
      await waitFor(() => settled() || state.payment !== payment || payment.instalments.some((i) => !fired.has(i.dueOn)));
      if (settled()) return;
      continue;
    }
    const schedule = payment.instalments;
    const passed = await untilDayPassed(waitFor, open.dueOn, () => settled() || payment.instalments !== schedule || payment.paid !== paidSoFar);
    if (settled()) return;
    if (!passed) continue;
    fired.add(open.dueOn);
    const today = chinaDate(nowIso());
    const account = paymentAccount({ fine: payment.fine, instalments: payment.instalments, payments: payment.payments, rate: surchargeRate }, today);
    payment.overdue = true;
    payment.surcharge = account.surcharge;
    payment.outstanding = account.outstanding;
    await record({
      step: `payment-overdue:${open.dueOn}`,
      kind: 'PAYMENT_OVERDUE',
      detail: { dueOn: open.dueOn, amount: open.amount, paid: account.paid, outstanding: account.outstanding, ratePerDay: surchargeRate },
      row: { paymentOverdue: true },
      at: nowIso(),
      notify: [{ kind: 'PAYMENT_OVERDUE', subjectId: state.caseId, params: { caseTitle: state.title, dueDate: open.dueOn } }],
    });
  }
}

/**
 * 执法公示: a warning before the 7-working-day term ends and the overdue once it has passed,
 * each once per term (a changed decision starts a new term).
 */
export async function runPublicationClock({ state, waitFor, publicationWarningDaysBefore, record }: PenaltyClocks): Promise<void> {
  const fired = new Set<string>();
  for (;;) {
    await waitFor(() => closed(state) || (state.publication?.status === 'PENDING' && !fired.has(state.publication.dueOn)));
    if (closed(state)) return;
    const publication = state.publication!;
    const dueOn = publication.dueOn;
    fired.add(dueOn);
    const settled = () => closed(state) || state.publication !== publication || publication.status !== 'PENDING';
    const warnAt = startOfChinaDate(addDays(dueOn, -publicationWarningDaysBefore));
    if (publicationWarningDaysBefore > 0 && msUntil(warnAt) > 0) {
      const interrupted = await waitFor(settled, msUntil(warnAt));
      if (interrupted) continue;
      publication.warned = true;
      const notify = [{ kind: 'PUBLICATION_DUE_SOON' as const, subjectId: state.caseId, params: { caseTitle: state.title, dueDate: dueOn } }];
      await record({ step: `publication-due-soon:${dueOn}`, kind: 'PUBLICATION_DUE_SOON', detail: { dueOn }, row: {}, at: nowIso(), notify });
    }
    const passed = await untilDayPassed(waitFor, dueOn, settled);
    if (!passed || settled()) continue;
    publication.overdue = true;
    const notify = [{ kind: 'PUBLICATION_OVERDUE' as const, subjectId: state.caseId, params: { caseTitle: state.title, dueDate: dueOn } }];
    await record({ step: `publication-overdue:${dueOn}`, kind: 'PUBLICATION_OVERDUE', detail: { dueOn }, row: {}, at: nowIso(), notify });
  }
}
