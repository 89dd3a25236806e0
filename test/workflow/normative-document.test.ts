/**
 * The normative-document workflow on the dev server (real worker, real database), a whole run
 * with a changes-required round: its history is the replay fixture
 * `normative-document-returned-then-filed` (saved with ONEVISIT_SAVE_HISTORIES=1), which
 * test/workflow/durability.test.ts replays against the current code.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_NORMATIVE_DOCUMENT_POLICY } from '../../domain/rule-of-law';
import { chinaDate } from '../../domain/dates';
import * as contract from '../../contracts/normative-document';
import type { normativeDocumentWorkflow } from '../../workflows/normative-document';
import { actorRef, officerByKey } from '../support/factories';
import { eventually, saveHistoryFixture, useWorkflowStack } from '../support/harness';

const { prisma, worker, client } = useWorkflowStack();

test('a draft sent back, resubmitted, approved, published and filed ends its run with one row per step', async () => {
  const drafter = await actorRef(prisma, 'coordinator-2');
  const leader = await actorRef(prisma, 'leader-1');
  const r = await officerByKey(prisma, 'reviewer-1');
  const reviewer = { officerId: r.id, name: r.name, isLegalReviewer: true, legalQualified: true };
  const townshipId = (await prisma.township.findUniqueOrThrow({ where: { name: '包鸾镇' } })).id;
  const id = randomUUID();
  const handle = await client.workflow.start<typeof normativeDocumentWorkflow>('normativeDocumentWorkflow', {
    taskQueue: worker.taskQueue,
    workflowId: contract.normativeDocumentWorkflowId(id),
    args: [{ documentId: id, townshipId, title: '包鸾镇集镇摊位管理办法', draftingOffice: '平安法治办', collectiveDiscussionRequired: false, submittedBy: drafter, policy: DEFAULT_NORMATIVE_DOCUMENT_POLICY }],
  });
  await eventually(async () => expect((await handle.query(contract.normativeDocumentStateQuery)).persisted).toBe(true));
  await handle.executeUpdate(contract.normativeReviewUpdate, { args: [{ reviewer, decision: 'CHANGES_REQUIRED', opinion: '第七条无上位法依据' }] });
  await handle.executeUpdate(contract.resubmitNormativeDocumentUpdate, { args: [{ actor: drafter, note: '已删除第七条' }] });
  await handle.executeUpdate(contract.normativeReviewUpdate, { args: [{ reviewer, decision: 'APPROVED', opinion: '同意印发' }] });
  const today = chinaDate(new Date().toISOString());
  await handle.executeUpdate(contract.publishNormativeDocumentUpdate, { args: [{ actor: leader, documentNumber: '包鸾府发〔2026〕9号', publishedOn: today }] });
  await handle.executeUpdate(contract.fileNormativeDocumentUpdate, { args: [{ actor: drafter, filedOn: today, reference: '丰都府备〔2026〕30号' }] });
  const final = await handle.result();
  expect({ status: final.status, round: final.round, reviews: final.reviews.map((x) => x.decision) }).toEqual({ status: 'FILED', round: 2, reviews: ['CHANGES_REQUIRED', 'APPROVED'] });
  expect(await prisma.normativeDocumentEvent.count({ where: { documentId: id } })).toBe(4); // submitted, resubmitted, published, filed
  expect(await prisma.normativeDocumentReview.count({ where: { documentId: id } })).toBe(2);
  await saveHistoryFixture(handle, 'normative-document-returned-then-filed');
});
