/**
 * The two documents that follow an inspection's findings, end to end with the real worker,
 * time-skipping server (pinned to a day) and database: a 责令改正通知书 from a rectification order (with an extension) and a
 * 行政处罚决定书 from a decided case. The data is driven over HTTP; each document is refused
 * with 409 before its data exists, generated, downloaded, opened as DOCX and read back for its
 * required elements. A decision whose approving legal review is gone is refused with 422.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import type { CalendarDeadline } from '../../domain/calendar';
import { formatChineseDate, provisionalDeadlineNote } from '../../domain/documents';
import { directService, inspectionWithMarketFinding, officerByKey, WAIVER } from '../support/factories';
import { eventually, useTestStack } from '../support/harness';
import { chinaDate } from '../../domain/dates';

const stack = useTestStack({
  officers: ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1', 'leader-1', 'admin'],
  // Orders and review clocks count working days from this pinned day, not the real today.
  startAt: '2026-06-15T09:00:00+08:00',
});
const { prisma, http, tokens } = stack;

const issue = (inspectionId: string, body: Record<string, unknown>, token: string) =>
  http('POST', `/api/inspections/${inspectionId}/documents`, { token, body });

/** Downloads a document and returns the text of word/document.xml with the markup taken out. */
async function documentText(downloadUrl: string, token: string, sha256: string): Promise<string> {
  const response = await fetch(`${stack.api.baseUrl}${downloadUrl}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

test('责令改正通知书: 409 before the order, then violation, legal basis, requirement and the extended deadline', async () => {
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'RECTIFY' });
  const finding = await prisma.finding.findUniqueOrThrow({ where: { id: findingId! }, include: { checkItem: true } });
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });

  // The kind decides which id it needs: without the finding the request is malformed.
  expect((await issue(inspectionId, { kind: 'RECTIFICATION_ORDER' }, tokens['market-1'])).status).toBe(400);
  expect((await issue(inspectionId, { kind: 'RECTIFICATION_ORDER', findingId: 'nope' }, tokens['market-1'])).status).toBe(404);

  const early = await issue(inspectionId, { kind: 'RECTIFICATION_ORDER', findingId }, tokens['market-1']);
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('DOCUMENT_NOT_AVAILABLE');
  expect(early.body.error.message).toContain('尚未下达责令改正');

  const requirement = '立即下架过期食品，建立进货查验记录';
  const ordered = await http('POST', `/api/findings/${findingId}/rectification`, { token: tokens['market-1'], body: { requirement, workingDays: 5 } });
  expect(ordered.status).toBe(202);
  await eventually(async () => expect(await prisma.rectificationOrder.count({ where: { findingId: findingId! } })).toBe(1));
  const extended = await http('POST', `/api/rectifications/${findingId}/extend`, {
    token: tokens['market-1'],
    body: { reason: '当事人申请：需更换冷藏设备', workingDays: 3 },
  });
  expect(extended.status).toBe(200);
  await eventually(async () =>
    expect((await prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId: findingId! } })).deadlineOn).toBe(extended.body.deadline),
  );
  const order = await prisma.rectificationOrder.findUniqueOrThrow({ where: { findingId: findingId! } });

  // The fire inspector took part in the visit but the order is the market department's.
  const foreign = await issue(inspectionId, { kind: 'RECTIFICATION_ORDER', findingId }, tokens['fire-1']);
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.code).toBe('FORBIDDEN_DEPARTMENT');
  expect((await issue(inspectionId, { kind: 'RECTIFICATION_ORDER', findingId }, tokens['leader-1'])).status).toBe(403);

  const notice = await issue(inspectionId, { kind: 'RECTIFICATION_ORDER', findingId }, tokens['market-1']);
  expect(notice.status).toBe(201);
  expect(notice.body).toMatchObject({ kind: 'RECTIFICATION_ORDER', title: '责令改正通知书', inspectionId });
  expect(notice.body.number).toMatch(/^包鸾综执改〔\d{4}〕第\d+号$/);

  const text = await documentText(notice.body.downloadUrl, tokens['leader-1'], notice.body.sha256);
  // A deadline counted before next year's notice says so (on some days of the year).
  const note = provisionalDeadlineNote((JSON.parse(order.deadlineBasisJson!) as CalendarDeadline).provisional);
  for (const expected of [
    '丰都县包鸾镇人民政府',
    '责令改正通知书',
    notice.body.number,
    target.name,
    target.creditCode,
    finding.description,
    `上述行为违反了${finding.checkItem.legalBasis}的规定。`,
    requirement,
    `现责令你（单位）于${formatChineseDate(order.deadlineOn)}${note}前改正上述违法行为`,
    `经第1次延期（当事人申请：需更换冷藏设备），整改期限延长至${formatChineseDate(order.deadlineOn)}${note}。`,
    formatChineseDate(order.orderedOn),
  ]) {
    expect(text).toContain(expected);
  }

  // Asked again with the same data: the same document, not a second number.
  const again = await issue(inspectionId, { kind: 'RECTIFICATION_ORDER', findingId }, tokens['coordinator-2']);
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(notice.body.id);
  const audit = await prisma.auditEvent.findMany({ where: { action: 'DOCUMENT_ISSUED', subjectId: inspectionId } });
  expect(audit).toHaveLength(1);
});

test('行政处罚决定书: 409 before the decision, 422 without an approving review, then facts, penalty and remedies', async () => {
  const { inspectionId, findingId } = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
  const finding = await prisma.finding.findUniqueOrThrow({ where: { id: findingId! }, include: { checkItem: true } });
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });

  expect((await issue(inspectionId, { kind: 'PENALTY_DECISION' }, tokens['coordinator-2'])).status).toBe(400);
  expect((await issue(inspectionId, { kind: 'PENALTY_DECISION', caseId: 'nope' }, tokens['coordinator-2'])).status).toBe(404);

  const filed = await http('POST', '/api/cases', { token: tokens['market-1'], body: { inspectionId, findingId, title: '销售超过保质期的食品案' } });
  expect(filed.status).toBe(202);
  const caseId = filed.body.id as string;
  await eventually(async () => expect(await prisma.enforcementCase.count({ where: { id: caseId } })).toBe(1));

  const undecided = await issue(inspectionId, { kind: 'PENALTY_DECISION', caseId }, tokens['coordinator-2']);
  expect(undecided.status).toBe(409);
  expect(undecided.body.error.code).toBe('DOCUMENT_NOT_AVAILABLE');
  expect(undecided.body.error.message).toContain('尚未作出行政处罚决定');

  const market1 = await officerByKey(prisma, 'market-1');
  const market2 = await officerByKey(prisma, 'market-2');
  const step = async (path: string, token: string, body: unknown) => {
    const res = await http('POST', `/api/cases/${caseId}/${path}`, { token, body });
    expect([path, res.status]).toEqual([path, 200]);
  };
  const facts = '当事人在后厨冷藏柜内存放超过保质期的食品3批次';
  const evidence = ['现场检查笔录', '现场照片P-001至P-003'];
  const legalBasis = '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条';
  const decisionText = '对当事人罚款人民币贰仟元整';
  await step('investigators', tokens['coordinator-2'], { officerIds: [market1.id, market2.id] });
  await step('proposal', tokens['market-1'], { facts, evidence, legalBasis, penaltyKind: '罚款', fineAmount: 2000 });
  await step('legal-review', tokens['reviewer-1'], { decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' });
  await step('notice', tokens['market-1'], {});
  await step('service', tokens['market-1'], { ...directService(), document: 'PRIOR_NOTICE' });
  await step('waiver', tokens['market-1'], WAIVER);
  await step('decision', tokens['coordinator-2'], { decisionText });
  await eventually(async () => expect((await prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } })).decidedAt).not.toBeNull());
  const decided = await prisma.enforcementCase.findUniqueOrThrow({ where: { id: caseId } });
  const review = await prisma.caseReview.findFirstOrThrow({ where: { caseId } });

  // The approving review's record gone (e.g. data repaired by hand): refused, nothing written.
  const documentsBefore = await prisma.issuedDocument.count();
  await prisma.caseReview.delete({ where: { id: review.id } });
  try {
    const incomplete = await issue(inspectionId, { kind: 'PENALTY_DECISION', caseId }, tokens['coordinator-2']);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error.code).toBe('DOCUMENT_INCOMPLETE');
    expect(incomplete.body.error.issues).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_ELEMENT_MISSING', path: 'legalReviewApprovedOn', message: expect.stringContaining('法制审核') }),
    ]);
    expect(await prisma.issuedDocument.count()).toBe(documentsBefore);
  } finally {
    await prisma.caseReview.create({ data: review });
  }

  expect((await issue(inspectionId, { kind: 'PENALTY_DECISION', caseId }, tokens['fire-1'])).status).toBe(403);
  const decision = await issue(inspectionId, { kind: 'PENALTY_DECISION', caseId }, tokens['coordinator-2']);
  expect(decision.status).toBe(201);
  expect(decision.body).toMatchObject({ kind: 'PENALTY_DECISION', title: '行政处罚决定书', inspectionId });
  expect(decision.body.number).toMatch(/^包鸾综执罚〔\d{4}〕第\d+号$/);

  const text = await documentText(decision.body.downloadUrl, tokens['leader-1'], decision.body.sha256);
  for (const expected of [
    '行政处罚决定书',
    decision.body.number,
    target.name,
    target.creditCode,
    facts,
    ...evidence,
    `当事人的上述行为违反了${finding.checkItem.legalBasis}的规定。`,
    `依据${legalBasis}的规定`,
    '处罚种类：罚款',
    `处罚内容：${decisionText}`,
    '十五日内',
    `于${formatChineseDate(chinaDate(review.decidedAt.toISOString()))}审核通过`,
    '当事人如不服本决定，可以在收到本决定书之日起六十日内向丰都县人民政府申请行政复议，或者在六个月内依法向丰都县人民法院提起行政诉讼。',
    formatChineseDate(chinaDate(decided.decidedAt!.toISOString())),
  ]) {
    expect(text).toContain(expected);
  }
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'DOCUMENT_ISSUED', subjectId: inspectionId } });
  expect(JSON.parse(audit.payloadJson)).toMatchObject({ kind: 'PENALTY_DECISION', number: decision.body.number, source: `case:${caseId}` });
});
