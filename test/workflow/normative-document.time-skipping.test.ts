/**
 * The normative-document (规范性文件) workflow on the Java time-skipping server with the real
 * activities and database: a draft through a changes-required round to filing, the gates
 * (eligible reviewer, discussion before publication), and both clocks — the legality review term
 * in working days and the filing term after publication — each flagged overdue exactly once.
 * Pinned start (Monday 2 March 2026, 09:00 China time), so every date below is a fixed one.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { BUILT_IN_CALENDAR_DATA, addCalendarDays, createWorkingDayCalendar } from '../../domain/calendar';
import { DEFAULT_NORMATIVE_DOCUMENT_POLICY } from '../../domain/rule-of-law';
import type { ReviewerCredentials } from '../../domain/inspection';
import type { normativeDocumentWorkflow } from '../../workflows/normative-document';
import * as contract from '../../contracts/normative-document';
import type { ActorRef } from '../../contracts/inspection';
import { actorRef, officerByKey } from '../support/factories';
import { DAY, eventually, expectRule, useTimeSkippingStack } from '../support/harness';
import { chinaDate, startOfChinaDate } from '../../domain/dates';

const START_DATE = '2026-03-02';
const calendar = createWorkingDayCalendar(BUILT_IN_CALENDAR_DATA);
const stack = useTimeSkippingStack('normative-ts', { startAt: `${START_DATE}T09:00:00+08:00` });
const { db, env, taskQueue } = stack;
let drafter: ActorRef;
let leader: ActorRef;
let reviewer: ReviewerCredentials;
let townshipId: string;

beforeAll(async () => {
  drafter = await actorRef(db.prisma, 'coordinator-2');
  leader = await actorRef(db.prisma, 'leader-1');
  const r = await officerByKey(db.prisma, 'reviewer-1');
  reviewer = { officerId: r.id, name: r.name, isLegalReviewer: true, legalQualified: true };
  townshipId = (await db.prisma.township.findUniqueOrThrow({ where: { name: '包鸾镇' } })).id;
});

async function submit(options: { discussion?: boolean } = {}): Promise<{ id: string; handle: WorkflowHandle<typeof normativeDocumentWorkflow> }> {
  const id = randomUUID();
  const handle = await env.client.workflow.start<typeof normativeDocumentWorkflow>('normativeDocumentWorkflow', {
    taskQueue,
    workflowId: contract.normativeDocumentWorkflowId(id),
    args: [
      {
        documentId: id,
        townshipId,
        title: '包鸾镇农村人居环境整治管理办法',
        draftingOffice: '平安法治办',
        collectiveDiscussionRequired: options.discussion ?? false,
        submittedBy: drafter,
        policy: DEFAULT_NORMATIVE_DOCUMENT_POLICY,
      },
    ],
  });
  await eventually(async () => expect((await handle.query(contract.normativeDocumentStateQuery)).persisted).toBe(true));
  return { id, handle };
}

const review = (handle: WorkflowHandle, decision: 'APPROVED' | 'CHANGES_REQUIRED', opinion: string, who: ReviewerCredentials = reviewer) =>
  handle.executeUpdate(contract.normativeReviewUpdate, { args: [{ reviewer: who, decision, opinion }] });
/** Waits for the run's end without the client's result(), which lets the server skip time on its own. */
const completed = (handle: WorkflowHandle) => eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
/** The China date on the server's (and, pinned, this process's) clock. */
const today = () => chinaDate(new Date().toISOString());
const events = (documentId: string, kind: string) => db.prisma.normativeDocumentEvent.findMany({ where: { documentId, kind } });

test('from draft to filed, through a changes-required round, with discussion before publication', async () => {
  const { id, handle } = await submit({ discussion: true });
  const first = await handle.query(contract.normativeDocumentStateQuery);
  expect(first.reviewClock?.dueDate).toBe(calendar.addWorkingDays(START_DATE, DEFAULT_NORMATIVE_DOCUMENT_POLICY.reviewWorkingDays));

  // The drafter is no legal adviser; an officer without the qualification is refused too.
  await expectRule(review(handle, 'APPROVED', '同意', { ...drafter, isLegalReviewer: false, legalQualified: false }), 'REVIEWER_NOT_ELIGIBLE');
  await expectRule(review(handle, 'CHANGES_REQUIRED', '  '), 'REVIEW_OPINION_REQUIRED');
  await expectRule(handle.executeUpdate(contract.publishNormativeDocumentUpdate, { args: [{ actor: leader, documentNumber: 'X', publishedOn: START_DATE }] }), 'NORMATIVE_DOCUMENT_NOT_APPROVED');

  const returned = await review(handle, 'CHANGES_REQUIRED', '第五条设定罚款无上位法依据，应删除');
  expect(returned.status).toBe('CHANGES_REQUIRED');
  const resubmitted = await handle.executeUpdate(contract.resubmitNormativeDocumentUpdate, { args: [{ actor: drafter, note: '已删除第五条' }] });
  expect({ status: resubmitted.status, round: resubmitted.round }).toEqual({ status: 'SUBMITTED', round: 2 });
  const approved = await review(handle, 'APPROVED', '经审核，该文件符合法律法规规定，同意印发');
  expect(approved.status).toBe('APPROVED');

  await expectRule(handle.executeUpdate(contract.publishNormativeDocumentUpdate, { args: [{ actor: leader, documentNumber: '包鸾府发〔2026〕3号', publishedOn: START_DATE }] }), 'NORMATIVE_DISCUSSION_REQUIRED');
  await handle.executeUpdate(contract.normativeDiscussionUpdate, { args: [{ actor: leader, meetingDate: START_DATE, attendees: ['镇长', '副镇长'], resolution: '同意印发' }] });
  const published = await handle.executeUpdate(contract.publishNormativeDocumentUpdate, { args: [{ actor: leader, documentNumber: '包鸾府发〔2026〕3号', publishedOn: START_DATE }] });
  expect(published.filingClock?.dueDate).toBe(addCalendarDays(START_DATE, DEFAULT_NORMATIVE_DOCUMENT_POLICY.filingDays));
  await expectRule(handle.executeUpdate(contract.fileNormativeDocumentUpdate, { args: [{ actor: drafter, filedOn: '2026-03-05', reference: '丰都府备〔2026〕12号' }] }), 'NORMATIVE_DATE_INVALID');
  const filed = await handle.executeUpdate(contract.fileNormativeDocumentUpdate, { args: [{ actor: drafter, filedOn: START_DATE, reference: '丰都府备〔2026〕12号' }] });
  expect(filed.status).toBe('FILED');
  await completed(handle);

  const row = await db.prisma.normativeDocument.findUniqueOrThrow({ where: { id }, include: { reviews: { orderBy: { round: 'asc' } } } });
  expect(row).toMatchObject({ status: 'FILED', round: 2, documentNumber: '包鸾府发〔2026〕3号', publishedOn: START_DATE, filedOn: START_DATE, discussedOn: START_DATE, reviewOverdue: false, filingOverdue: false });
  expect(row.reviews.map((r) => [r.round, r.decision, r.late])).toEqual([
    [1, 'CHANGES_REQUIRED', false],
    [2, 'APPROVED', false],
  ]);
  expect((await db.prisma.auditEvent.findMany({ where: { subjectType: 'NormativeDocument', subjectId: id } })).map((a) => a.action).sort()).toEqual(
    [
      'NORMATIVE_DOCUMENT_DISCUSSED',
      'NORMATIVE_DOCUMENT_FILED',
      'NORMATIVE_DOCUMENT_PUBLISHED',
      'NORMATIVE_DOCUMENT_RESUBMITTED',
      'NORMATIVE_DOCUMENT_SUBMITTED',
      'NORMATIVE_REVIEW_APPROVED',
      'NORMATIVE_REVIEW_CHANGES_REQUIRED',
    ].sort(),
  );
});

test('the review term and the filing term are each flagged overdue once; late steps are accepted and marked', async () => {
  const { id, handle } = await submit();
  const state = () => handle.query(contract.normativeDocumentStateQuery);
  const due = (await state()).reviewClock!.dueDate;

  await stack.skipTo(startOfChinaDate(due), DAY - 60_000);
  expect((await state()).reviewClock?.overdue).toBe(false);
  await stack.skipTo(startOfChinaDate(due), DAY + 60_000);
  await eventually(async () => expect((await state()).reviewClock?.overdue).toBe(true));
  await stack.sleep(5 * DAY);
  expect(await events(id, 'REVIEW_OVERDUE')).toHaveLength(1);
  expect((await db.prisma.normativeDocument.findUniqueOrThrow({ where: { id } })).reviewOverdue).toBe(true);

  const approved = await review(handle, 'APPROVED', '同意');
  expect(approved.reviews[0].late).toBe(true);
  await expectRule(
    handle.executeUpdate(contract.publishNormativeDocumentUpdate, { args: [{ actor: leader, documentNumber: '包鸾府发〔2026〕4号', publishedOn: '2026-04-01' }] }),
    'NORMATIVE_DATE_INVALID',
  );
  const publishedOn = today();
  const published = await handle.executeUpdate(contract.publishNormativeDocumentUpdate, { args: [{ actor: leader, documentNumber: '包鸾府发〔2026〕4号', publishedOn }] });
  const filingDue = published.filingClock!.dueDate;
  expect(filingDue).toBe(addCalendarDays(publishedOn, 15));

  await stack.skipTo(startOfChinaDate(filingDue), DAY - 60_000);
  expect((await state()).filingClock?.overdue).toBe(false);
  await stack.skipTo(startOfChinaDate(filingDue), DAY + 60_000);
  await eventually(async () => expect((await state()).filingClock?.overdue).toBe(true));
  await stack.sleep(10 * DAY);
  expect(await events(id, 'FILING_OVERDUE')).toHaveLength(1);

  await handle.executeUpdate(contract.fileNormativeDocumentUpdate, { args: [{ actor: drafter, filedOn: today(), reference: '丰都府备〔2026〕20号' }] });
  await completed(handle);
  const row = await db.prisma.normativeDocument.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ status: 'FILED', reviewOverdue: true, filingOverdue: true, filedOn: today() });
  expect(JSON.parse((await events(id, 'FILED'))[0].detailJson)).toMatchObject({ late: true });
});
