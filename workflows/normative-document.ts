/**
 * One normative document (规范性文件) from the drafting office's submission to its filing (备案)
 * with the county: the legal adviser's legality review within the term (working days, from the
 * calendar activity; a round may end in changes required and a resubmission), collective
 * discussion where required, signature and publication, filing within the configured days.
 * Each clock flags its overdue once. Orchestration only: the rules are in domain/rule-of-law.ts,
 * every write is an idempotent activity keyed by workflow id + step. Clean-up (清理) comes
 * later and is a register write (api/services/normative-documents.ts), not a step of this run.
 */
import { setHandler } from '@temporalio/workflow';
import type { NormativeDocumentActivities, NormativeDocumentRow } from '../activities/normative-document';
import { validateLegalityReviewer, validatePublication } from '../domain/rule-of-law';
import { addCalendarDays } from '../domain/calendar';
import { chinaDate } from '../domain/dates';
import type { ActorRef } from '../contracts/inspection';
import {
  fileNormativeDocumentUpdate,
  normativeDiscussionUpdate,
  normativeDocumentStateQuery,
  normativeReviewUpdate,
  publishNormativeDocumentUpdate,
  resubmitNormativeDocumentUpdate,
  type NormativeDocumentInput,
  type NormativeDocumentState,
} from '../contracts/normative-document';
import { createReadModel } from './read-model';
import { createGuardedUpdates, createWriteTracker, dayPassedAt, msUntil, nowIso, reject, rejectIf, stepKey, workflowActivities, type StateGate } from './common';

const documentActivities = workflowActivities<NormativeDocumentActivities>();

export async function normativeDocumentWorkflow(input: NormativeDocumentInput): Promise<NormativeDocumentState> {
  const model = createReadModel(documentActivities, () => ({ ...state, persisted: true }));
  const activities = model.activities;
  const { policy } = input;
  const submittedAt = nowIso();
  const state: NormativeDocumentState = {
    documentId: input.documentId,
    townshipId: input.townshipId,
    title: input.title,
    draftingOffice: input.draftingOffice,
    submittedBy: input.submittedBy,
    submittedAt,
    persisted: false,
    status: 'SUBMITTED',
    round: 1,
    collectiveDiscussionRequired: input.collectiveDiscussionRequired,
    reviews: [],
    reviewClock: null,
    discussion: null,
    publication: null,
    filingClock: null,
    filing: null,
  };
  const writes = createWriteTracker();
  const guardedUpdate = createGuardedUpdates({ writes, answer: () => model.answer(state) });
  const row = (): NormativeDocumentRow => ({ status: state.status, round: state.round, reviewDueOn: state.reviewClock?.dueDate ?? null });
  const step = (key: string, kind: string, actor: ActorRef | null, detail: unknown, at: string, extra: Partial<NormativeDocumentRow> = {}) => ({
    key: stepKey(key),
    documentId: input.documentId,
    kind,
    actor,
    detail,
    row: { ...row(), ...extra },
    at,
  });
  const recordStep = (s: ReturnType<typeof step>) => activities.recordNormativeDocumentStep(s);
  const inStatus = (allowed: NormativeDocumentState['status'][], action: string): StateGate => ({
    when: () => allowed.includes(state.status),
    message: () => `该规范性文件当前状态为 ${state.status}，${action}`,
  });
  /** The review term of a round, counted by the calendar activity (holidays, 调休). */
  const startReviewClock = async (at: string) => {
    const startedOn = chinaDate(at);
    const basis = await activities.normativeReviewDeadline({ from: startedOn, workingDays: policy.reviewWorkingDays });
    state.reviewClock = { round: state.round, startedOn, dueDate: basis.date, overdue: false, overdueAt: null, basis };
  };

  setHandler(normativeDocumentStateQuery, () => state);

  guardedUpdate(normativeReviewUpdate, {
    allowed: inStatus(['SUBMITTED'], '没有待审核的送审稿'),
    validate: (request) => {
      rejectIf('REVIEWER_NOT_ELIGIBLE', validateLegalityReviewer({ reviewer: request.reviewer, submitterId: input.submittedBy.officerId }));
      if (request.opinion.trim().length === 0) reject('REVIEW_OPINION_REQUIRED', '合法性审核须写明审核意见；退回修改的，须说明需要修改的内容');
    },
    apply: (request, at) => {
      const entry = {
        round: state.round,
        reviewer: { officerId: request.reviewer.officerId, name: request.reviewer.name },
        decision: request.decision,
        opinion: request.opinion,
        decidedAt: at,
        late: state.reviewClock?.overdue ?? false,
      };
      state.reviews.push(entry);
      state.status = request.decision === 'APPROVED' ? 'APPROVED' : 'CHANGES_REQUIRED';
      return { key: stepKey(`review:r${entry.round}`), documentId: input.documentId, ...entry, row: row() };
    },
    persist: (write) => activities.recordNormativeReview(write),
  });

  guardedUpdate(resubmitNormativeDocumentUpdate, {
    allowed: inStatus(['CHANGES_REQUIRED'], '只有退回修改的文件可以重新报送'),
    apply: async (request, at) => {
      // The new round's term is counted before the state changes: nobody sees a round without its due date.
      state.round += 1;
      await startReviewClock(at);
      state.status = 'SUBMITTED';
      return step(`resubmitted:r${state.round}`, 'RESUBMITTED', request.actor, { round: state.round, note: request.note, reviewDueOn: state.reviewClock!.dueDate }, at, { reviewOverdue: false });
    },
    persist: recordStep,
  });

  guardedUpdate(normativeDiscussionUpdate, {
    allowed: [inStatus(['APPROVED'], '须经合法性审核通过后才能提交集体讨论'), { when: () => state.discussion === null, message: '集体讨论已记录' }],
    apply: (request, at) => {
      state.discussion = { meetingDate: request.meetingDate, attendees: request.attendees, resolution: request.resolution, recordedBy: request.actor, recordedAt: at };
      return step('discussed', 'DISCUSSED', request.actor, state.discussion, at, { discussedOn: request.meetingDate });
    },
    persist: recordStep,
  });

  guardedUpdate(publishNormativeDocumentUpdate, {
    validate: (request) => {
      // The filing term runs from this date: one before the draft or still to come would move it.
      const today = chinaDate(nowIso());
      if (request.publishedOn < chinaDate(state.submittedAt) || request.publishedOn > today) {
        reject('NORMATIVE_DATE_INVALID', `公布日期须在报送日期（${chinaDate(state.submittedAt)}）与今天（${today}）之间`);
      }
      rejectIf(
        state.status === 'APPROVED' ? 'NORMATIVE_DISCUSSION_REQUIRED' : 'NORMATIVE_DOCUMENT_NOT_APPROVED',
        validatePublication({ status: state.status, discussionRequired: state.collectiveDiscussionRequired, discussedOn: state.discussion?.meetingDate ?? null }),
      );
    },
    apply: (request, at) => {
      state.publication = { documentNumber: request.documentNumber, publishedOn: request.publishedOn, recordedBy: request.actor, recordedAt: at };
      state.status = 'PUBLISHED';
      state.filingClock = { dueDate: addCalendarDays(request.publishedOn, policy.filingDays), overdue: false, overdueAt: null };
      return step('published', 'PUBLISHED', request.actor, { ...state.publication, filingDueOn: state.filingClock.dueDate }, at, {
        documentNumber: request.documentNumber,
        publishedOn: request.publishedOn,
        filingDueOn: state.filingClock.dueDate,
      });
    },
    persist: recordStep,
  });

  guardedUpdate(fileNormativeDocumentUpdate, {
    allowed: inStatus(['PUBLISHED'], '公布后才能报送备案'),
    validate: (request) => {
      const today = chinaDate(nowIso());
      if (request.filedOn < state.publication!.publishedOn || request.filedOn > today) {
        reject('NORMATIVE_DATE_INVALID', `备案日期须在公布日期（${state.publication!.publishedOn}）与今天（${today}）之间`);
      }
    },
    apply: (request, at) => {
      state.filing = { filedOn: request.filedOn, reference: request.reference, recordedBy: request.actor, recordedAt: at };
      state.status = 'FILED';
      const late = request.filedOn > state.filingClock!.dueDate;
      return step('filed', 'FILED', request.actor, { ...state.filing, late }, at, { filedOn: request.filedOn, filingReference: request.reference });
    },
    persist: recordStep,
  });

  await startReviewClock(submittedAt);
  await activities.recordNormativeDocumentSubmitted({ key: stepKey('submitted'), input, at: submittedAt, reviewDueOn: state.reviewClock!.dueDate });
  state.persisted = true;

  const record = (s: ReturnType<typeof step>) => writes.persist(() => recordStep(s));
  await Promise.all([runReviewClock(), runFilingClock(), model.waitFor(() => state.status === 'FILED')]);
  await model.finish(() => writes.idle());
  return state;

  /** Each round's legality review term: overdue once, when its due day has passed unreviewed. */
  async function runReviewClock(): Promise<void> {
    const pending = () => state.status === 'SUBMITTED';
    for (;;) {
      await model.waitFor(() => state.publication !== null || (pending() && state.reviewClock !== null && !state.reviewClock.overdue));
      if (state.publication !== null) return;
      const clock = state.reviewClock!;
      const wait = msUntil(dayPassedAt(clock.dueDate));
      if (wait > 0 && (await model.waitFor(() => !pending() || state.reviewClock !== clock, wait))) {
        // Reviewed in time: wait for a new round (or the end).
        await model.waitFor(() => state.reviewClock !== clock || state.publication !== null);
        continue;
      }
      const at = nowIso();
      clock.overdue = true;
      clock.overdueAt = at;
      await record(step(`review-overdue:r${clock.round}`, 'REVIEW_OVERDUE', null, { round: clock.round, dueDate: clock.dueDate }, at, { reviewOverdue: true }));
    }
  }

  /** The filing term from publication: overdue once, when its last day has passed unfiled. */
  async function runFilingClock(): Promise<void> {
    await model.waitFor(() => state.filingClock !== null);
    const clock = state.filingClock!;
    const wait = msUntil(dayPassedAt(clock.dueDate));
    if (wait > 0 && (await model.waitFor(() => state.filing !== null, wait))) return;
    if (state.filing !== null) return;
    const at = nowIso();
    clock.overdue = true;
    clock.overdueAt = at;
    await record(step('filing-overdue', 'FILING_OVERDUE', null, { dueDate: clock.dueDate }, at, { filingOverdue: true }));
  }
}
