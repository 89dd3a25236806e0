/**
 * The simple procedure's rules (行政处罚法 §51–§52, domain/simple-procedure.ts) and the
 * required elements of the 当场行政处罚决定书 (domain/documents.ts).
 */
import { creditCodeCheckCharacter } from '../../domain/credit-code';
import { DEFAULT_REMEDIES, missingElements, type OnTheSpotPenaltyDecisionModel } from '../../domain/documents';
import {
  DEFAULT_SIMPLE_PROCEDURE_POLICY as policy,
  partyKindOf,
  validateAcknowledgement,
  validateNotDisposed,
  validateOnTheSpotOfficer,
  validateSimpleProcedure,
  type OnTheSpotPenaltyProposal,
} from '../../domain/simple-procedure';

const code = (first17: string) => first17 + creditCodeCheckCharacter(first17);
const fine = (fineAmount: number, overrides: Partial<OnTheSpotPenaltyProposal> = {}): OnTheSpotPenaltyProposal => ({
  factsCertain: true,
  facts: '未按规定公示食品经营许可证',
  legalBasis: '《中华人民共和国食品安全法》第一百二十六条',
  kind: 'FINE',
  fineAmount,
  ...overrides,
});

test('the party kind comes from the credit code: 个体工商户 (92…) is a natural person, the rest organisations', () => {
  expect(partyKindOf(code('92500230L12345678'))).toBe('NATURAL_PERSON');
  expect(partyKindOf(code('91500230L12345678'))).toBe('ORGANISATION');
  expect(partyKindOf(code('93500230L12345678'))).toBe('ORGANISATION');
});

test('§51: ¥200 for a person and ¥3,000 for an organisation are the limits; a warning always fits', () => {
  const check = (proposal: OnTheSpotPenaltyProposal, partyKind: 'NATURAL_PERSON' | 'ORGANISATION') =>
    validateSimpleProcedure({ proposal, partyKind, policy }).map((v) => v.code);
  expect(check(fine(150), 'NATURAL_PERSON')).toEqual([]);
  expect(check(fine(200), 'NATURAL_PERSON')).toEqual([]);
  expect(check(fine(500), 'NATURAL_PERSON')).toEqual(['SIMPLE_PROCEDURE_NOT_ALLOWED']);
  expect(check(fine(3000), 'ORGANISATION')).toEqual([]);
  expect(check(fine(5000), 'ORGANISATION')).toEqual(['SIMPLE_PROCEDURE_NOT_ALLOWED']);
  expect(check({ ...fine(0), kind: 'WARNING', fineAmount: undefined }, 'ORGANISATION')).toEqual([]);
  const [refusal] = validateSimpleProcedure({ proposal: fine(500), partyKind: 'NATURAL_PERSON', policy });
  expect(refusal.message).toContain('第五十一条');
  expect(refusal.message).toContain('立案');
  // Uncertain facts or no legal basis: not on the spot, whatever the amount.
  expect(check(fine(50, { factsCertain: false }), 'NATURAL_PERSON')).toEqual(['SIMPLE_PROCEDURE_NOT_ALLOWED']);
  expect(check(fine(50, { legalBasis: ' ' }), 'NATURAL_PERSON')).toEqual(['SIMPLE_PROCEDURE_NOT_ALLOWED']);
  // The limits are settings.
  expect(validateSimpleProcedure({ proposal: fine(150), partyKind: 'NATURAL_PERSON', policy: { ...policy, maxFineNaturalPerson: 100 } })).toHaveLength(1);
});

test('§52: the officer is of the visiting team and holds a certificate valid on the day', () => {
  const officer = { officerId: 'o1', name: '张建国', departmentCode: 'MARKET', certificateNo: '240101', certificateExpiresOn: '2026-12-31' };
  expect(validateOnTheSpotOfficer({ officer, visitingOfficerIds: ['o1'], onDate: '2026-12-06' })).toEqual([]);
  expect(validateOnTheSpotOfficer({ officer, visitingOfficerIds: ['o2'], onDate: '2026-12-06' }).map((v) => v.code)).toEqual(['NOT_A_VISITING_OFFICER']);
  expect(validateOnTheSpotOfficer({ officer, visitingOfficerIds: ['o1'], onDate: '2027-01-01' }).map((v) => v.code)).toEqual(['CERTIFICATE_REQUIRED']);
  expect(validateOnTheSpotOfficer({ officer: { ...officer, certificateNo: null }, visitingOfficerIds: ['o1'], onDate: '2026-12-06' })).toHaveLength(1);
});

test('a finding under an order or a case is not decided again on the spot', () => {
  expect(validateNotDisposed(null)).toEqual([]);
  expect(validateNotDisposed('CASE').map((v) => v.code)).toEqual(['FINDING_ALREADY_DISPOSED']);
  expect(validateNotDisposed('RECTIFICATION').map((v) => v.code)).toEqual(['FINDING_ALREADY_DISPOSED']);
});

test('a refusal to sign needs its witness and what happened', () => {
  expect(validateAcknowledgement({ kind: 'SIGNED', signerName: '王某', signedAt: '2026-12-06T02:00:00Z' })).toEqual([]);
  expect(validateAcknowledgement({ kind: 'REFUSED', witnessName: '', note: '拒绝签字', at: '2026-12-06T02:00:00Z' }).map((v) => v.path)).toEqual(['witnessName']);
});

test('a 当场行政处罚决定书 missing a required element is not issued', () => {
  const model: OnTheSpotPenaltyDecisionModel = {
    party: { name: '包鸾镇王记小吃店', creditCode: code('92500230L12345678'), address: '包鸾镇正街 8 号' },
    partyKindLabel: '公民（含个体工商户）',
    facts: '未按规定公示食品经营许可证',
    legalBasis: '《中华人民共和国食品安全法》第一百二十六条',
    penalty: { kind: '罚款', content: '罚款人民币150元', fineAmount: 150 },
    decidedAt: '2026-12-06T02:00:00Z',
    place: '包鸾镇正街 8 号',
    officers: [{ name: '张建国', certificateNo: '240101' }],
    remedies: DEFAULT_REMEDIES,
    organ: '丰都县包鸾镇人民政府',
    payment: '十五日内到指定银行缴纳',
    acknowledgement: null,
  };
  expect(missingElements('ON_THE_SPOT_PENALTY_DECISION', model)).toEqual([]);
  const missing = (changed: Partial<OnTheSpotPenaltyDecisionModel>) =>
    missingElements('ON_THE_SPOT_PENALTY_DECISION', { ...model, ...changed }).map((m) => m.element);
  expect(missing({ officers: [{ name: '张建国', certificateNo: null }] })).toEqual(['officers']);
  expect(missing({ payment: '' })).toEqual(['payment']);
  expect(missing({ remedies: { ...DEFAULT_REMEDIES, reconsiderationDays: 30 } })).toEqual(['remedies']);
  expect(missing({ place: '', legalBasis: '' })).toEqual(['legalBasis', 'place']);
  // A warning has no fine to pay.
  expect(missing({ penalty: { kind: '警告', content: '警告', fineAmount: null }, payment: '' })).toEqual([]);
});
