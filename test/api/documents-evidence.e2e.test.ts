/**
 * Documents list the evidence of their subject with its hash: the 现场检查笔录 the files of the
 * visit's check results and findings, a case document (here the 行政处罚事先告知书) the files of
 * the case and of the finding it was filed from — name, kind, time and SHA-256 in a table — and
 * never a file of another subject.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, expect, test } from '@jest/globals';
import JSZip from 'jszip';
import { formatChineseDateTime } from '../../domain/documents';
import { eventually, useTestStack } from '../support/harness';
import { inspectionWithMarketFinding, officerByKey } from '../support/factories';

const stack = useTestStack({ name: 'doc-evidence', officers: ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1'] });
const { prisma, http, tokens } = stack;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);

async function upload(path: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${stack.api.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tokens['market-1']}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; sha256: string };
}

async function issuedText(inspectionId: string, body: Record<string, unknown>): Promise<string> {
  const issued = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['market-1'], body });
  expect([issued.status, issued.body.error]).toEqual([201, undefined]);
  const res = await fetch(`${stack.api.baseUrl}${issued.body.downloadUrl}`, { headers: { authorization: `Bearer ${tokens['market-1']}` } });
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

let inspectionId: string;
let caseId: string;
const files: Record<string, { name: string; bytes: Buffer; id?: string }> = {
  checkResult: { name: '冷藏柜温度记录.pdf', bytes: pdf() },
  finding: { name: '过期食品标签.pdf', bytes: pdf() },
  case: { name: '询问笔录扫描件.pdf', bytes: pdf() },
};

beforeAll(async () => {
  const visit = await inspectionWithMarketFinding({ prisma, http, tokens, proposedAction: 'PENALTY' });
  inspectionId = visit.inspectionId;
  const reviewed = await http('POST', `/api/inspections/${inspectionId}/legal-review`, { token: tokens['reviewer-1'], body: { decision: 'APPROVED', opinion: '事实清楚，同意' } });
  expect(reviewed.status).toBe(200);
  const filed = await http('POST', '/api/cases', { token: tokens['market-1'], body: { inspectionId, findingId: visit.findingId, title: '销售超过保质期的食品案' } });
  expect(filed.status).toBe(202);
  caseId = filed.body.id;
  await eventually(async () => expect(await prisma.enforcementCase.count({ where: { id: caseId } })).toBe(1));

  const finding = await prisma.finding.findUniqueOrThrow({ where: { id: visit.findingId! }, include: { checkItem: true } });
  files.checkResult.id = (await upload(`/api/inspections/${inspectionId}/checks/MARKET/items/${finding.checkItem.code}/evidence`, files.checkResult.bytes, files.checkResult.name)).id;
  files.finding.id = (await upload(`/api/findings/${finding.id}/evidence`, files.finding.bytes, files.finding.name)).id;
  files.case.id = (await upload(`/api/cases/${caseId}/evidence`, files.case.bytes, files.case.name)).id;

  const market1 = await officerByKey(prisma, 'market-1');
  const market2 = await officerByKey(prisma, 'market-2');
  const step = async (path: string, token: string, body: unknown) => {
    const res = await http('POST', `/api/cases/${caseId}/${path}`, { token, body });
    expect([path, res.status]).toEqual([path, 200]);
  };
  await step('investigators', tokens['coordinator-2'], { officerIds: [market1.id, market2.id] });
  await step('proposal', tokens['market-1'], {
    facts: '当事人在后厨冷藏柜内存放超过保质期的食品3批次',
    evidence: ['现场检查笔录', '现场照片'],
    legalBasis: '《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条',
    penaltyKind: '罚款',
    fineAmount: 2000,
  });
  await step('legal-review', tokens['reviewer-1'], { decision: 'APPROVED', opinion: '事实清楚，证据确凿，同意' });
  await step('notice', tokens['market-1'], {});
}, 180_000);

const uploadedAt = async (id: string) => formatChineseDateTime((await prisma.evidence.findUniqueOrThrow({ where: { id } })).uploadedAt.toISOString());

test('the 现场检查笔录 lists the files of the check results and findings: name, kind, time, SHA-256', async () => {
  const text = await issuedText(inspectionId, { kind: 'INSPECTION_RECORD' });
  expect(text).toContain('三、证据材料');
  for (const file of [files.checkResult, files.finding]) {
    for (const expected of [file.name, sha256(file.bytes), await uploadedAt(file.id!)]) expect(text).toContain(expected);
  }
  expect(text).toContain('PDF 文件');
  // The case's own file is the case documents', not the visit's.
  expect(text).not.toContain(sha256(files.case.bytes));
});

test('the 行政处罚事先告知书 of the case lists the case’s and its finding’s files with their hashes', async () => {
  const text = await issuedText(inspectionId, { kind: 'PRIOR_NOTICE', caseId });
  expect(text).toContain('电子证据材料及其 SHA-256 校验值如下');
  for (const file of [files.case, files.finding]) {
    for (const expected of [file.name, sha256(file.bytes), await uploadedAt(file.id!)]) expect(text).toContain(expected);
  }
  expect(text).not.toContain(sha256(files.checkResult.bytes));
});
