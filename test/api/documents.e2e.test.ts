/**
 * Enforcement documents (文书) end to end: a real inspection with a penalty proposal is driven
 * over HTTP to an approved legal review; its 现场检查笔录 and 法制审核意见书 are generated,
 * downloaded, opened as DOCX and read back; hashes, numbering, refusals and authorization.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { assignmentsFor, department, officerByKey, runInspectionOverHttp, type InspectionScript } from '../support/factories';
import { useTestStack } from '../support/harness';

const { prisma, api, http, tokens } = useTestStack({ officers: ['coordinator-2', 'market-1', 'fire-1', 'reviewer-1', 'leader-1', 'admin', 'health-1'] });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const restaurant = (overrides: Partial<InspectionScript> = {}): InspectionScript => ({
  targetKey: 'restaurant-1',
  scenarioCode: 'RESTAURANT',
  departments: [department('MARKET', 'PENALTY'), department('FIRE')],
  review: 'APPROVED',
  ...overrides,
});

const run = (script: InspectionScript) => runInspectionOverHttp({ http, prisma, tokens, script });

const issue = (inspectionId: string, kind: string, token: string) =>
  http('POST', `/api/inspections/${inspectionId}/documents`, { token, body: { kind } });

async function download(url: string, token: string) {
  const response = await fetch(`${api.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The text of word/document.xml with the markup taken out (runs are written whole). */
async function documentText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

const serialOf = (number: string) => Number(/第(\d+)号$/.exec(number)![1]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('an approved penalty case: 现场检查笔录 and 法制审核意见书 generated, downloaded, read back', async () => {
  const id = await run(restaurant());
  const target = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const market = await officerByKey(prisma, 'market-1');
  const fire = await officerByKey(prisma, 'fire-1');
  const reviewer = await officerByKey(prisma, 'reviewer-1');
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);

  // 现场检查笔录, by an inspector of a participating department
  const record = await issue(id, 'INSPECTION_RECORD', tokens['market-1']);
  expect(record.status).toBe(201);
  expect(record.body).toMatchObject({ kind: 'INSPECTION_RECORD', title: '现场检查笔录', inspectionId: id });
  expect(record.body.number).toMatch(/^包鸾综执检〔\d{4}〕第\d+号$/);
  expect(record.headers.get('location')).toBe(`/api/documents/${record.body.id}`);
  expect(record.body.downloadUrl).toBe(`/api/documents/${record.body.id}/file`);

  // A leader only reads: the download is the same file whose hash was recorded.
  const { response, bytes } = await download(record.body.downloadUrl, tokens['leader-1']);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(DOCX);
  const disposition = response.headers.get('content-disposition')!;
  expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(record.body.fileName)}`);
  expect(disposition).toMatch(/filename="inspection-record-[\w-]+\.docx"/);
  expect(sha256(bytes)).toBe(record.body.sha256);
  expect(bytes.length).toBe(record.body.sizeBytes);
  expect(response.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(record.body.sha256, 'hex').toString('base64')}:`);

  const text = await documentText(bytes);
  for (const expected of [
    '现场检查笔录',
    record.body.number,
    target.name,
    target.creditCode,
    target.address,
    market.name,
    market.certificateNo!,
    fire.name,
    fire.certificateNo!,
    ...marketItems.items.map((i) => i.title),
    ...fireItems.items.map((i) => i.title),
    // The finding (MARKET's first item) with its legal basis
    marketItems.items[0].legalBasis,
    '现场发现该项不符合要求',
    '当事人（法定代表人或负责人）：',
    '签名：',
  ]) {
    expect(text).toContain(expected);
  }

  // Asked again with the same data: the same document, not a new number.
  const again = await issue(id, 'INSPECTION_RECORD', tokens['coordinator-2']);
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(record.body.id);
  expect(await prisma.issuedDocument.count({ where: { inspectionId: id, kind: 'INSPECTION_RECORD' } })).toBe(1);
  expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'DOCUMENT_ISSUED' } })).toBe(1);

  // 法制审核意见书, by the reviewer
  const opinion = await issue(id, 'LEGAL_REVIEW_OPINION', tokens['reviewer-1']);
  expect(opinion.status).toBe(201);
  expect(opinion.body.number).toMatch(/^包鸾综执审〔\d{4}〕第\d+号$/);
  const meta = await http('GET', `/api/documents/${opinion.body.id}`, { token: tokens['leader-1'] });
  expect(meta.status).toBe(200);
  expect(meta.body).toEqual(opinion.body);
  const opinionFile = await download(opinion.body.downloadUrl, tokens['fire-1']);
  expect(opinionFile.response.status).toBe(200);
  expect(sha256(opinionFile.bytes)).toBe(opinion.body.sha256);
  const opinionText = await documentText(opinionFile.bytes);
  for (const expected of [
    '法制审核意见书',
    opinion.body.number,
    target.name,
    target.creditCode,
    marketItems.items[0].legalBasis,
    reviewer.name,
    '事实清楚、证据确凿、依据正确、程序合法，同意',
    '☑ 同意',
    '☐ 退回',
  ]) {
    expect(opinionText).toContain(expected);
  }

  // Both issues are in the inspection's whole-process record.
  const detail = await http('GET', `/api/inspections/${id}`, { token: tokens['coordinator-2'] });
  expect(detail.body.history.filter((h: { action: string }) => h.action === 'DOCUMENT_ISSUED')).toHaveLength(2);

  // Authorization
  const leaderIssue = await issue(id, 'INSPECTION_RECORD', tokens['leader-1']);
  expect(leaderIssue.status).toBe(403);
  const reviewerRecord = await issue(id, 'INSPECTION_RECORD', tokens['reviewer-1']);
  expect(reviewerRecord.status).toBe(403);
  expect(reviewerRecord.body.error.code).toBe('FORBIDDEN');
  const otherDepartment = await issue(id, 'INSPECTION_RECORD', tokens['health-1']);
  expect(otherDepartment.status).toBe(403);
  expect(otherDepartment.body.error.code).toBe('FORBIDDEN_DEPARTMENT');
  const otherDownload = await download(record.body.downloadUrl, tokens['health-1']);
  expect(otherDownload.response.status).toBe(403);
  const otherMeta = await http('GET', `/api/documents/${record.body.id}`, { token: tokens['health-1'] });
  expect(otherMeta.status).toBe(403);
  const anonymous = await fetch(`${api.baseUrl}${record.body.downloadUrl}`);
  expect(anonymous.status).toBe(401);

  // A penalty decision names its case (documents-decisions.e2e.test.ts); without it → 400. Unknown ids are 404.
  const later = await issue(id, 'PENALTY_DECISION', tokens['admin']);
  expect(later.status).toBe(400);
  expect((await issue('no-such-inspection', 'INSPECTION_RECORD', tokens['admin'])).status).toBe(404);
  const missingDoc = await http('GET', '/api/documents/no-such-document', { token: tokens['admin'] });
  expect(missingDoc.status).toBe(404);
  expect(missingDoc.body.error.code).toBe('DOCUMENT_NOT_FOUND');
});

test('numbering increments per kind; no legal review → 409; not yet checked → 409', async () => {
  // Closed without legal review: a rectification proposal only.
  const rectified = await run(restaurant({ departments: [{ code: 'MARKET', officerKey: 'market-1', outcome: 'RECTIFY' }, { code: 'FIRE', officerKey: 'fire-1' }], review: undefined }));
  const first = await issue(rectified, 'INSPECTION_RECORD', tokens['coordinator-2']);
  expect(first.status).toBe(201);
  const second = await issue(await run(restaurant({ targetKey: 'restaurant-2' })), 'INSPECTION_RECORD', tokens['admin']);
  expect(second.status).toBe(201);
  expect(serialOf(second.body.number)).toBe(serialOf(first.body.number) + 1);
  expect(second.body.number.slice(0, 11)).toBe(first.body.number.slice(0, 11));

  const noReview = await issue(rectified, 'LEGAL_REVIEW_OPINION', tokens['coordinator-2']);
  expect(noReview.status).toBe(409);
  expect(noReview.body.error.code).toBe('DOCUMENT_NOT_AVAILABLE');
  expect(noReview.body.error.message).toContain('法制审核');

  const scheduled = await run(restaurant({ visit: false }));
  const early = await issue(scheduled, 'INSPECTION_RECORD', tokens['market-1']);
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('DOCUMENT_NOT_AVAILABLE');
});

test('a team that no longer shows two certified officers → 422 DOCUMENT_INCOMPLETE, nothing written', async () => {
  // The other restaurant: restaurant-1 has a visit still scheduled today (above), which a second one would have to join.
  const id = await run(restaurant({ targetKey: 'restaurant-2' }));
  const fire = await officerByKey(prisma, 'fire-1');
  const documentsBefore = await prisma.issuedDocument.count();
  const auditBefore = await prisma.auditEvent.count({ where: { action: 'DOCUMENT_ISSUED' } });
  await prisma.officer.update({ where: { id: fire.id }, data: { certificateNo: null } });
  try {
    const refused = await issue(id, 'INSPECTION_RECORD', tokens['coordinator-2']);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DOCUMENT_INCOMPLETE');
    expect(refused.body.error.issues).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_ELEMENT_MISSING', path: 'officers', message: expect.stringContaining('至少2名执法人员') }),
    ]);
    expect(refused.body.error.issues[0].message).toContain(fire.name);
    expect(await prisma.issuedDocument.count()).toBe(documentsBefore);
    expect(await prisma.auditEvent.count({ where: { action: 'DOCUMENT_ISSUED' } })).toBe(auditBefore);
  } finally {
    await prisma.officer.update({ where: { id: fire.id }, data: { certificateNo: fire.certificateNo } });
  }
  // With the certificate back, the same request succeeds.
  expect((await issue(id, 'INSPECTION_RECORD', tokens['coordinator-2'])).status).toBe(201);
});

test('the OpenAPI document lists the document routes', async () => {
  const doc = await http('GET', '/api/openapi.json');
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining(['/api/inspections/{id}/documents', '/api/documents/{id}', '/api/documents/{id}/file']),
  );
});
