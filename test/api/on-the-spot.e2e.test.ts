/**
 * The simple procedure on the spot (当场处罚, 《行政处罚法》第五十一条、第五十二条) over HTTP on the
 * real stack: a 个体工商户 visited jointly gets a ¥150 fine decided on the spot by an officer of
 * the team while the visit is on site; the 当场行政处罚决定书 is generated, valid and read back;
 * the party signs; the finding ends; the decision is filed and the visit closes. Larger fines,
 * an officer outside the team and one without a valid certificate are refused; a refusal to sign
 * is recorded with its witness.
 */
import JSZip from 'jszip';
import { creditCodeCheckCharacter } from '../../domain/credit-code';
import { assignmentsFor, compliantResults, department, officerByKey, resultsWithViolation, runInspectionOverHttp } from '../support/factories';
import { eventually, saveHistoryFixture, useTestStack } from '../support/harness';

const { prisma, api, http, tokens } = useTestStack({ officers: ['coordinator-2', 'market-1', 'market-2', 'fire-1', 'reviewer-1'] });

const GETIHU_CODE = '92500230L12345678' + creditCodeCheckCharacter('92500230L12345678');

async function documentText(url: string, token: string): Promise<string> {
  const response = await fetch(`${api.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

const status = async (id: string) => (await prisma.jointInspection.findUniqueOrThrow({ where: { id } })).status;

test('a ¥150 fine on a 个体工商户 goes through the simple procedure; larger fines and ineligible officers are refused', async () => {
  // A 个体工商户 (credit code 92…) next to the demo restaurant: a natural person under §51.
  const restaurant = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  await prisma.target.create({
    data: {
      key: 'getihu-1',
      name: '包鸾镇王记小吃店',
      creditCode: GETIHU_CODE,
      address: '包鸾镇正街 8 号',
      village: restaurant.village,
      scenarioCode: 'RESTAURANT',
      townshipId: restaurant.townshipId,
    },
  });
  // On site: the market department found a violation; the fire department has not submitted yet.
  const id = await runInspectionOverHttp({
    http,
    prisma,
    tokens,
    script: { targetKey: 'getihu-1', scenarioCode: 'RESTAURANT', departments: [department('MARKET', 'RECTIFY'), department('FIRE', 'NOT_SUBMITTED')] },
  });
  expect(await status(id)).toBe('ON_SITE');
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const marketItem = marketItems.items[0].code;
  const decide = (token: string, body: Record<string, unknown>, itemCode = marketItem) =>
    http('POST', `/api/inspections/${id}/on-the-spot-penalties`, {
      token,
      body: {
        itemCode,
        factsCertain: true,
        facts: '经营场所未按规定公示食品经营许可证，经营者当场承认',
        legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款',
        kind: 'FINE',
        place: '包鸾镇正街 8 号王记小吃店',
        ...body,
      },
    });

  // §51's limits: ¥500 for a person, ¥5,000 anyway — refused this path with the article; nothing written.
  for (const amount of [500, 5000]) {
    const refused = await decide(tokens['market-1'], { fineAmount: amount });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 422, code: 'SIMPLE_PROCEDURE_NOT_ALLOWED' });
    expect(refused.body.error.message).toContain('第五十一条');
    expect(refused.body.error.message).toContain('立案');
  }
  // Facts not certain: a case, not the spot.
  expect((await decide(tokens['market-1'], { fineAmount: 100, factsCertain: false })).body.error.code).toBe('SIMPLE_PROCEDURE_NOT_ALLOWED');
  // An officer of the department but not of the visiting team.
  const outsider = await decide(tokens['market-2'], { fineAmount: 150 });
  expect({ status: outsider.status, code: outsider.body.error.code }).toEqual({ status: 403, code: 'ON_THE_SPOT_OFFICER_NOT_ELIGIBLE' });
  expect(outsider.body.error.message).toContain('不是本次联合检查的检查组成员');
  // A team member whose certificate is no longer valid shows none (§52).
  const fire = await officerByKey(prisma, 'fire-1');
  await prisma.officer.update({ where: { id: fire.id }, data: { certificateExpiresOn: new Date('2020-01-01T00:00:00Z') } });
  const uncertified = await decide(tokens['fire-1'], { fineAmount: 150 });
  await prisma.officer.update({ where: { id: fire.id }, data: { certificateExpiresOn: fire.certificateExpiresOn } });
  expect({ status: uncertified.status, code: uncertified.body.error.code }).toEqual({ status: 403, code: 'ON_THE_SPOT_OFFICER_NOT_ELIGIBLE' });
  expect(uncertified.body.error.message).toContain('第五十二条');
  expect(await prisma.onTheSpotPenalty.count({ where: { inspectionId: id } })).toBe(0);

  // ¥150 by the market officer of the team: decided on the spot.
  const market = await officerByKey(prisma, 'market-1');
  const decided = await decide(tokens['market-1'], { fineAmount: 150 });
  expect(decided.status).toBe(201);
  expect(decided.body).toMatchObject({
    inspectionId: id,
    itemCode: marketItem,
    departmentCode: 'MARKET',
    partyKind: 'NATURAL_PERSON',
    kind: 'FINE',
    fineAmount: 150,
    officer: { officerId: market.id, name: market.name, certificateNo: market.certificateNo },
    acknowledgement: null,
    filedAt: null,
    filingOverdue: false,
  });
  expect(decided.body.filingDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const penaltyId: string = decided.body.id;
  expect(decided.headers.get('location')).toBe(`/api/inspections/${id}/on-the-spot-penalties/${penaltyId}`);
  // The same finding cannot be decided twice.
  expect((await decide(tokens['market-1'], { fineAmount: 100 })).body.error.code).toBe('FINDING_ALREADY_RESOLVED');
  // The department cannot take the finding back by resubmitting it as compliant.
  const takenBack = await http('PUT', `/api/inspections/${id}/checks/MARKET`, {
    token: tokens['market-1'],
    body: { results: compliantResults(marketItems) },
  });
  expect({ status: takenBack.status, code: takenBack.body.error.code }).toEqual({ status: 409, code: 'FINDING_ALREADY_RESOLVED' });
  // One row, one audit event.
  expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'ON_THE_SPOT_PENALTY_DECIDED' } })).toBe(1);

  // The 当场行政处罚决定书: numbered, valid, every element read back.
  const issued = await http('POST', `/api/inspections/${id}/documents`, {
    token: tokens['market-1'],
    body: { kind: 'ON_THE_SPOT_PENALTY_DECISION', penaltyId },
  });
  expect(issued.status).toBe(201);
  expect(issued.body).toMatchObject({ kind: 'ON_THE_SPOT_PENALTY_DECISION', title: '当场行政处罚决定书' });
  expect(issued.body.number).toMatch(/^包鸾综执当〔\d{4}〕第\d+号$/);
  const text = await documentText(issued.body.downloadUrl, tokens['coordinator-2']);
  for (const expected of [
    '当场行政处罚决定书',
    issued.body.number,
    '包鸾镇王记小吃店',
    GETIHU_CODE,
    '经营场所未按规定公示食品经营许可证',
    '《中华人民共和国食品安全法》第一百二十六条第一款',
    '罚款人民币150元',
    '包鸾镇正街 8 号王记小吃店',
    market.name,
    market.certificateNo!,
    '六十日内',
    '六个月内',
    '丰都县包鸾镇人民政府',
    '指定的银行',
  ]) {
    expect(text).toContain(expected);
  }
  // Unknown decision: 404 with its own code.
  const unknown = await http('POST', `/api/inspections/${id}/documents`, { token: tokens['market-1'], body: { kind: 'ON_THE_SPOT_PENALTY_DECISION', penaltyId: 'nope' } });
  expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({ status: 404, code: 'ON_THE_SPOT_PENALTY_NOT_FOUND' });

  // The party signs.
  const filingBeforeSignature = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${penaltyId}/filing`, { token: tokens['coordinator-2'], body: {} });
  expect(filingBeforeSignature.status).toBe(409);
  const signed = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${penaltyId}/acknowledgement`, {
    token: tokens['market-1'],
    body: { kind: 'SIGNED', signerName: '王某某' },
  });
  expect(signed.status).toBe(200);
  expect(signed.body.acknowledgement).toMatchObject({ kind: 'SIGNED', signerName: '王某某' });
  const again = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${penaltyId}/acknowledgement`, {
    token: tokens['market-1'],
    body: { kind: 'SIGNED', signerName: '王某某' },
  });
  expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'ALREADY_ACKNOWLEDGED' });

  // The fire department finds a second violation; the checks are done; a warning for it, refused signature with a witness.
  const fireResults = resultsWithViolation(fireItems, 'RECTIFY');
  const submitted = await http('PUT', `/api/inspections/${id}/checks/FIRE`, { token: tokens['fire-1'], body: { results: fireResults } });
  expect(submitted.status).toBe(200);
  await eventually(async () => expect(await status(id)).toBe('FOLLOW_UP'));
  // The market finding decided on the spot has ended like any other outcome.
  await eventually(async () => {
    const finding = await prisma.finding.findFirstOrThrow({ where: { inspectionId: id, checkItem: { code: marketItem } } });
    expect({ outcome: finding.outcome, ref: finding.resolutionRef }).toEqual({ outcome: 'PENALIZED_ON_THE_SPOT', ref: penaltyId });
  });
  const warning = await decide(tokens['fire-1'], { kind: 'WARNING', legalBasis: '《中华人民共和国消防法》第六十条第一款' }, fireItems.items[0].code);
  expect(warning.status).toBe(201);
  expect(warning.body).toMatchObject({ kind: 'WARNING', fineAmount: null, departmentCode: 'FIRE' });
  const noWitness = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${warning.body.id}/acknowledgement`, {
    token: tokens['fire-1'],
    body: { kind: 'REFUSED', witnessName: '', note: '当事人拒绝签字' },
  });
  expect(noWitness.status).toBe(400);
  const refused = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${warning.body.id}/acknowledgement`, {
    token: tokens['fire-1'],
    body: { kind: 'REFUSED', witnessName: '村网格员刘某', note: '当事人拒绝在决定书上签字，执法记录仪全程记录' },
  });
  expect(refused.status).toBe(200);
  expect(refused.body.acknowledgement).toMatchObject({ kind: 'REFUSED', witnessName: '村网格员刘某' });
  const refusalRow = await prisma.onTheSpotPenalty.findUniqueOrThrow({ where: { id: warning.body.id } });
  expect({ ack: refusalRow.acknowledgement, witness: refusalRow.refusalWitness }).toEqual({ ack: 'REFUSED', witness: '村网格员刘某' });
  expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'ON_THE_SPOT_PENALTY_REFUSED' } })).toBe(1);

  // Filing: the visit stays open until each decision is filed, then closes.
  const filed = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${penaltyId}/filing`, { token: tokens['coordinator-2'], body: { note: '已报镇政府备案' } });
  expect(filed.status).toBe(200);
  expect(filed.body.filedAt).not.toBeNull();
  expect(await status(id)).toBe('FOLLOW_UP');
  const inspector = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${warning.body.id}/filing`, { token: tokens['fire-1'], body: {} });
  expect(inspector.status).toBe(403);
  const filedSecond = await http('POST', `/api/inspections/${id}/on-the-spot-penalties/${warning.body.id}/filing`, { token: tokens['coordinator-2'], body: {} });
  expect(filedSecond.status).toBe(200);
  await eventually(async () => expect(await status(id)).toBe('CLOSED'));

  const list = await http('GET', `/api/inspections/${id}/on-the-spot-penalties`, { token: tokens['coordinator-2'] });
  expect(list.body.items.map((p: { id: string; filedAt: string | null }) => [p.id, p.filedAt !== null])).toEqual([
    [penaltyId, true],
    [warning.body.id, true],
  ]);
  const one = await http('GET', `/api/inspections/${id}/on-the-spot-penalties/${penaltyId}`, { token: tokens['reviewer-1'] });
  expect(one.body).toMatchObject({ id: penaltyId, acknowledgement: { kind: 'SIGNED' }, filedBy: expect.any(String) });
  expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'ON_THE_SPOT_PENALTY_FILED' } })).toBe(2);
  await saveHistoryFixture({ workflowId: `inspection-${id}` }, 'on-the-spot-decided-signed-refused-filed-closed');
}, 120_000);

test('after an approved legal review (with its deadline recorded) a penalty finding can still be decided on the spot and the visit closes', async () => {
  const id = await runInspectionOverHttp({
    http,
    prisma,
    tokens,
    script: { targetKey: 'restaurant-1', scenarioCode: 'RESTAURANT', departments: [department('MARKET', 'PENALTY'), department('FIRE')], review: 'APPROVED' },
  });
  const row = await prisma.jointInspection.findUniqueOrThrow({ where: { id } });
  expect(row.status).toBe('FOLLOW_UP');
  expect(row.reviewDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'LEGAL_REVIEW_DUE' } })).toBe(1);
  const [marketItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET']);
  // The demo restaurant is registered as a 个体工商户 (92…): ¥200, the limit itself, is on the spot.
  const decided = await http('POST', `/api/inspections/${id}/on-the-spot-penalties`, {
    token: tokens['market-1'],
    body: { itemCode: marketItems.items[0].code, factsCertain: true, facts: '销售超过保质期的食品', legalBasis: '《中华人民共和国食品安全法》第一百二十四条', kind: 'FINE', fineAmount: 200, place: '包鸾镇' },
  });
  expect({ status: decided.status, error: decided.body.error ?? null }).toEqual({ status: 201, error: null });
  expect(decided.body.partyKind).toBe('NATURAL_PERSON');
  const path = `/api/inspections/${id}/on-the-spot-penalties/${decided.body.id}`;
  expect((await http('POST', `${path}/acknowledgement`, { token: tokens['market-1'], body: { kind: 'SIGNED', signerName: '刘某' } })).status).toBe(200);
  expect((await http('POST', `${path}/filing`, { token: tokens['coordinator-2'], body: {} })).status).toBe(200);
  await eventually(async () => expect(await status(id)).toBe('CLOSED'));
  await saveHistoryFixture({ workflowId: `inspection-${id}` }, 'review-due-then-on-the-spot-filed-closed');
}, 120_000);

test('a penalty proposal decided on the spot while on site needs no legal review: the visit goes straight to follow-up', async () => {
  const restaurant = await prisma.target.findUniqueOrThrow({ where: { key: 'restaurant-1' } });
  const code = '92500230L12345679'.slice(0, 17);
  await prisma.target.create({
    data: {
      key: 'getihu-2',
      name: '包鸾镇李记面馆',
      creditCode: code + creditCodeCheckCharacter(code),
      address: '包鸾镇正街 10 号',
      village: restaurant.village,
      scenarioCode: 'RESTAURANT',
      townshipId: restaurant.townshipId,
    },
  });
  const id = await runInspectionOverHttp({
    http,
    prisma,
    tokens,
    script: { targetKey: 'getihu-2', scenarioCode: 'RESTAURANT', departments: [department('MARKET', 'PENALTY'), department('FIRE', 'NOT_SUBMITTED')] },
  });
  const [marketItems, fireItems] = await assignmentsFor(prisma, 'RESTAURANT', ['MARKET', 'FIRE']);
  const decided = await http('POST', `/api/inspections/${id}/on-the-spot-penalties`, {
    token: tokens['market-1'],
    body: { itemCode: marketItems.items[0].code, factsCertain: true, facts: '未公示许可证', legalBasis: '《中华人民共和国食品安全法》第一百二十六条', kind: 'FINE', fineAmount: 100, place: '包鸾镇' },
  });
  expect(decided.status).toBe(201);
  expect((await http('PUT', `/api/inspections/${id}/checks/FIRE`, { token: tokens['fire-1'], body: { results: compliantResults(fireItems) } })).status).toBe(200);
  await eventually(async () => expect(await status(id)).toBe('FOLLOW_UP'));
  expect(await prisma.auditEvent.count({ where: { subjectId: id, action: 'INSPECTION_IN_LEGAL_REVIEW' } })).toBe(0);
  const path = `/api/inspections/${id}/on-the-spot-penalties/${decided.body.id}`;
  expect((await http('POST', `${path}/acknowledgement`, { token: tokens['market-1'], body: { kind: 'SIGNED', signerName: '李某' } })).status).toBe(200);
  expect((await http('POST', `${path}/filing`, { token: tokens['coordinator-2'], body: {} })).status).toBe(200);
  await eventually(async () => expect(await status(id)).toBe('CLOSED'));
  await saveHistoryFixture({ workflowId: `inspection-${id}` }, 'on-the-spot-penalty-proposal-without-review-closed');
}, 120_000);
