/**
 * The 现场检查笔录 signed on the phone, over real HTTP on a real visit: the party's drawn
 * signature and each present officer's (certificate number from the record), the signed
 * content refusing any change (409), the correction as a new version that refers to the old
 * one (both readable), a refusal without a witness refused, signature hashes in the audit
 * chain, and the DOCX of the signed version embedding the very PNG that was drawn.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import JSZip from 'jszip';
import sharp from 'sharp';
import { verifyAuditChain } from '../../db';
import { department, officerByKey, runInspectionOverHttp } from '../support/factories';
import { useTestStack } from '../support/harness';
import { expectConforms } from '../support/conforms';
import { InspectionRecordResponse } from '../../api/routes/inspection-records/schema';

const stack = useTestStack({ name: 'records', officers: ['coordinator-2', 'market-1', 'fire-1', 'health-1'] });
const { prisma, api, http, tokens } = stack;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A drawn signature as a phone canvas gives it: a PNG with a stroke, as a data URL. */
async function drawnSignature(seed: number): Promise<{ png: Buffer; dataUrl: string }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 ${60 + seed} C 80 10, 120 90, 290 ${30 + seed}" stroke="black" stroke-width="4" fill="none"/></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { png, dataUrl: `data:image/png;base64,${png.toString('base64')}` };
}

let inspectionId: string;
const base = () => `/api/inspections/${inspectionId}/records`;

beforeAll(async () => {
  inspectionId = await runInspectionOverHttp({
    http,
    prisma,
    tokens,
    script: { targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', departments: [department('MARKET'), department('FIRE')] },
  });
});

describe('a record signed by the party', () => {
  let party: { png: Buffer; dataUrl: string };

  test('made, changed while unsigned, signed by the party and both officers; then any change is refused (409)', async () => {
    const market = await officerByKey(prisma, 'market-1');
    const fire = await officerByKey(prisma, 'fire-1');
    party = await drawnSignature(0);

    const made = await http('POST', base(), { token: tokens['market-1'], body: { partyOpinion: '无异议' } });
    expect(made.status).toBe(201);
    expectConforms(InspectionRecordResponse, made.body);
    expect(made.body).toMatchObject({ version: 1, supersedesVersion: null, status: 'UNSIGNED', partyOpinion: '无异议', partySigned: false });
    expect(made.body.officersToSign.map((o: { officerId: string }) => o.officerId).sort()).toEqual([market.id, fire.id].sort());
    expect((await http('POST', base(), { token: tokens['coordinator-2'], body: {} })).body.error.code).toBe('RECORD_EXISTS');

    // Nobody has signed yet: the opinion may still change.
    const changed = await http('PUT', `${base()}/1`, { token: tokens['market-1'], body: { partyOpinion: '对检查结果无异议' } });
    expect(changed.status).toBe(200);
    expect(changed.body.contentSha256).not.toBe(made.body.contentSha256);

    const partySigned = await http('POST', `${base()}/1/signatures`, { token: tokens['market-1'], body: { role: 'PARTY', signerName: '王老板', image: party.dataUrl } });
    expect(partySigned.status).toBe(201);
    expect(partySigned.body).toMatchObject({ status: 'PARTLY_SIGNED', partySigned: true });
    expect(partySigned.body.signatures[0]).toMatchObject({ role: 'PARTY', signerName: '王老板', imageSha256: sha256(party.png), contentSha256: changed.body.contentSha256 });

    const refused = await http('PUT', `${base()}/1`, { token: tokens['market-1'], body: { partyOpinion: '改一下' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RECORD_SIGNED');
    expect(refused.body.error.message).toContain('更正版本');
    const again = await http('POST', `${base()}/1/signatures`, { token: tokens['fire-1'], body: { role: 'PARTY', signerName: '李某', image: party.dataUrl } });
    expect(again.body.error.code).toBe('RECORD_ALREADY_SIGNED');

    // Each officer signs as themself; the certificate number is the officer record's, not typed.
    const marketSigned = await http('POST', `${base()}/1/signatures`, { token: tokens['market-1'], body: { role: 'OFFICER', image: (await drawnSignature(5)).dataUrl } });
    expect(marketSigned.status).toBe(201);
    const fireSigned = await http('POST', `${base()}/1/signatures`, { token: tokens['fire-1'], body: { role: 'OFFICER', image: (await drawnSignature(9)).dataUrl } });
    expect(fireSigned.status).toBe(201);
    expect(fireSigned.body).toMatchObject({ status: 'SIGNED', statusLabel: '已签名', officersToSign: [] });
    const certificates = Object.fromEntries(fireSigned.body.signatures.filter((s: { role: string }) => s.role === 'OFFICER').map((s: { officerId: string; certificateNo: string }) => [s.officerId, s.certificateNo]));
    expect(certificates).toEqual({ [market.id]: market.certificateNo, [fire.id]: fire.certificateNo });

    // The coordinator is not of the team present: may read, may not sign as an officer.
    const coordinator = await http('POST', `${base()}/1/signatures`, { token: tokens['coordinator-2'], body: { role: 'OFFICER' } });
    expect(coordinator.status).toBe(403);
    expect(coordinator.body.error.code).toBe('RECORD_SIGNER_NOT_PRESENT');
    // An inspector outside the visit may not even read it.
    expect((await http('GET', `${base()}/1`, { token: tokens['health-1'] })).status).toBe(403);

    // The hashes of the drawn signatures are in the audit chain, and the chain holds.
    const audits = await prisma.auditEvent.findMany({ where: { subjectId: inspectionId, action: 'RECORD_SIGNED' } });
    const hashes = audits.map((a) => (JSON.parse(a.payloadJson) as { imageSha256: string }).imageSha256);
    expect(hashes).toContain(sha256(party.png));
    expect(hashes).toHaveLength(3);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  test('the correction is a new version referring to the old one; both stay readable, the old one untouched', async () => {
    const before = await http('GET', `${base()}/1`, { token: tokens['coordinator-2'] });
    const corrected = await http('POST', `${base()}/1/corrections`, { token: tokens['market-1'], body: { reason: '当事人意见记录有误', partyOpinion: '对第2项有异议' } });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('location')).toBe(`${base()}/2`);
    expect(corrected.body).toMatchObject({ version: 2, supersedesVersion: 1, correctionReason: '当事人意见记录有误', partyOpinion: '对第2项有异议', status: 'UNSIGNED', signatures: [] });

    const old = await http('GET', `${base()}/1`, { token: tokens['fire-1'] });
    expect(old.status).toBe(200);
    expect(old.body).toEqual({ ...before.body, supersededByVersion: 2 });
    const list = await http('GET', base(), { token: tokens['coordinator-2'] });
    expect(list.body.map((r: { version: number }) => r.version)).toEqual([1, 2]);

    // The old version is closed: no more signatures, no second correction of it.
    expect((await http('POST', `${base()}/1/signatures`, { token: tokens['coordinator-2'], body: { role: 'PARTY', signerName: '王老板', image: party.dataUrl } })).body.error.code).toBe(
      'RECORD_SUPERSEDED',
    );
    expect((await http('POST', `${base()}/1/corrections`, { token: tokens['market-1'], body: { reason: '再改' } })).status).toBe(409);
    // An unsigned version is changed, not corrected.
    expect((await http('POST', `${base()}/2/corrections`, { token: tokens['market-1'], body: { reason: '再改' } })).body.error.code).toBe('RECORD_NOT_SIGNED');
  });

  test('a refusal needs a witness: without one 422, with a described witness it is recorded', async () => {
    const noWitness = await http('POST', `${base()}/2/signatures`, { token: tokens['market-1'], body: { role: 'PARTY_REFUSED', witnessName: '', refusalReason: '不愿签字' } });
    expect(noWitness.status).toBe(422);
    expect(noWitness.body.error.code).toBe('RECORD_WITNESS_REQUIRED');
    const nameOnly = await http('POST', `${base()}/2/signatures`, { token: tokens['market-1'], body: { role: 'PARTY_REFUSED', witnessName: '赵某' } });
    expect(nameOnly.status).toBe(422);
    expect(await prisma.recordSignature.count({ where: { record: { inspectionId, version: 2 } } })).toBe(0);

    const witnessed = await http('POST', `${base()}/2/signatures`, {
      token: tokens['market-1'],
      body: { role: 'PARTY_REFUSED', witnessName: '赵某', witnessDescription: '包鸾社区居委会工作人员', refusalReason: '不愿签字' },
    });
    expect(witnessed.status).toBe(201);
    expect(witnessed.body).toMatchObject({ partySigned: true, status: 'PARTLY_SIGNED' });
    expect((await http('PUT', `${base()}/2`, { token: tokens['market-1'], body: { remarks: '补充' } })).body.error.code).toBe('RECORD_SIGNED');
  });

  test('the image must be a PNG by its content, and not too large', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#000' } }).jpeg().toBuffer();
    const disguised = await http('POST', `${base()}/2/signatures`, { token: tokens['fire-1'], body: { role: 'OFFICER', image: `data:image/png;base64,${jpeg.toString('base64')}` } });
    expect(disguised.status).toBe(422);
    expect(disguised.body.error.code).toBe('SIGNATURE_IMAGE_INVALID');
    // Noise does not compress: about 270 KB of PNG, over the 200 KB limit.
    const noise = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } }).png().toBuffer();
    const large = await http('POST', `${base()}/2/signatures`, { token: tokens['fire-1'], body: { role: 'OFFICER', image: noise.toString('base64') } });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('SIGNATURE_IMAGE_TOO_LARGE');
    expect(await prisma.recordSignature.count({ where: { record: { inspectionId, version: 2 }, role: 'OFFICER' } })).toBe(0);
  });

  test('the DOCX of the signed version embeds the party’s drawn signature and names the officers’ certificate numbers', async () => {
    const market = await officerByKey(prisma, 'market-1');
    const fire = await officerByKey(prisma, 'fire-1');
    const issued = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['market-1'], body: { kind: 'INSPECTION_RECORD', recordVersion: 1 } });
    expect(issued.status).toBe(201);
    const response = await fetch(`${api.baseUrl}${issued.body.downloadUrl}`, { headers: { authorization: `Bearer ${tokens['market-1']}` } });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(sha256(bytes)).toBe(issued.body.sha256);
    const zip = await JSZip.loadAsync(bytes);
    const media = zip.file(/^word\/media\/.+\.png$/);
    expect(media.length).toBe(3);
    const embedded = await Promise.all(media.map(async (f) => sha256(await f.async('nodebuffer'))));
    const signatures = await prisma.recordSignature.findMany({ where: { record: { inspectionId, version: 1 } } });
    expect(embedded.sort()).toEqual(signatures.map((s) => s.imageSha256!).sort());
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const expected of ['第1版', '王老板', '对检查结果无异议', `执法证号：${market.certificateNo}`, `执法证号：${fire.certificateNo}`]) expect(text).toContain(expected);

    // The corrected version refers to the old one; its refusal is printed with the witness.
    const second = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['coordinator-2'], body: { kind: 'INSPECTION_RECORD', recordVersion: 2 } });
    expect(second.status).toBe(201);
    const secondBytes = Buffer.from(await (await fetch(`${api.baseUrl}${second.body.downloadUrl}`, { headers: { authorization: `Bearer ${tokens['market-1']}` } })).arrayBuffer());
    const secondText = (await (await JSZip.loadAsync(secondBytes)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const expected of ['第2版，更正第1版（更正原因：当事人意见记录有误）', '当事人拒绝签名（不愿签字）', '见证人：赵某（包鸾社区居委会工作人员）']) expect(secondText).toContain(expected);

    const unknown = await http('POST', `/api/inspections/${inspectionId}/documents`, { token: tokens['market-1'], body: { kind: 'INSPECTION_RECORD', recordVersion: 9 } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RECORD_NOT_FOUND');
  });
});
