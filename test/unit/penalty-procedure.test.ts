/** The pure rules of the penalty procedure (domain/penalty-procedure.ts). */
import {
  DEFAULT_PENALTY_PROCEDURE_POLICY as policy,
  addMonths,
  courtEnforcementFrom,
  hearingGrounds,
  heavierThan,
  partyKindOfCreditCode,
  paymentAccount,
  validatePaymentArrangement,
  validatePriorNoticeGate,
  validateService,
} from '../../domain/penalty-procedure';
import { personalDataIn, redactForPublication, validatePublication } from '../../domain/publicity';

describe('§63 hearing right', () => {
  test('thresholds differ for a person and an organisation, and per organ', () => {
    const fine = (fineAmount: number) => ({ penaltyKind: '罚款', fineAmount });
    expect(hearingGrounds({ penalty: fine(10_000), partyKind: 'PERSON', departmentCode: 'MARKET', policy })).toHaveLength(1);
    expect(hearingGrounds({ penalty: fine(9_999), partyKind: 'PERSON', departmentCode: 'MARKET', policy })).toEqual([]);
    expect(hearingGrounds({ penalty: fine(50_000), partyKind: 'ORGANISATION', departmentCode: 'MARKET', policy })).toEqual([]);
    const local = { ...policy, hearingFineThresholds: { ...policy.hearingFineThresholds, FIRE: { PERSON: 5_000, ORGANISATION: 50_000 } } };
    expect(hearingGrounds({ penalty: fine(50_000), partyKind: 'ORGANISATION', departmentCode: 'FIRE', policy: local })).toHaveLength(1);
    expect(hearingGrounds({ penalty: { penaltyKind: '责令停产停业' }, partyKind: 'PERSON', departmentCode: null, policy })[0]).toContain('责令停产停业');
    expect(hearingGrounds({ penalty: { penaltyKind: '没收违法所得', confiscationAmount: 120_000 }, partyKind: 'ORGANISATION', departmentCode: null, policy })[0]).toContain('没收');
  });

  test('a 个体工商户 (credit code 92…) answers as a natural person', () => {
    expect(partyKindOfCreditCode('92500230MA5U8XXXXX')).toBe('PERSON');
    expect(partyKindOfCreditCode('91500230MA5U8XXXXX')).toBe('ORGANISATION');
    expect(partyKindOfCreditCode(null)).toBe('ORGANISATION');
  });
});

describe('§45 no heavier penalty', () => {
  test('a higher fine, a heavier kind or an unknown kind is heavier; a lighter one is not', () => {
    expect(heavierThan({ penaltyKind: '罚款', fineAmount: 3000 }, { penaltyKind: '罚款', fineAmount: 2000 })).toContain('3000');
    expect(heavierThan({ penaltyKind: '责令停产停业' }, { penaltyKind: '罚款', fineAmount: 2000 })).toContain('责令停产停业');
    expect(heavierThan({ penaltyKind: '某种处罚' }, { penaltyKind: '警告' })).not.toBeNull();
    expect(heavierThan({ penaltyKind: '警告' }, { penaltyKind: '罚款', fineAmount: 2000 })).toBeNull();
    expect(heavierThan({ penaltyKind: '罚款', fineAmount: 1000 }, { penaltyKind: '罚款', fineAmount: 2000 })).toBeNull();
  });
});

describe('§62 gate', () => {
  const served = { servedOn: '2026-03-02', periodEndsOn: '2026-03-09', waived: false, hearingStatus: null };
  test('no notice, not served, period running, hearing pending: refused; ended, waived or heard: allowed', () => {
    expect(validatePriorNoticeGate(null, '2026-03-10')[0].code).toBe('PRIOR_NOTICE_REQUIRED');
    expect(validatePriorNoticeGate({ ...served, servedOn: null, periodEndsOn: null }, '2026-03-10')[0].code).toBe('PRIOR_NOTICE_NOT_SERVED');
    expect(validatePriorNoticeGate(served, '2026-03-09')[0].code).toBe('STATEMENT_PERIOD_RUNNING');
    expect(validatePriorNoticeGate(served, '2026-03-10')).toEqual([]);
    expect(validatePriorNoticeGate({ ...served, waived: true }, '2026-03-03')).toEqual([]);
    expect(validatePriorNoticeGate({ ...served, hearingStatus: 'SCHEDULED' }, '2026-03-20')[0].code).toBe('HEARING_PENDING');
    expect(validatePriorNoticeGate({ ...served, hearingStatus: 'HELD' }, '2026-03-05')).toEqual([]);
  });
});

describe('§61 service', () => {
  const base = { document: 'DECISION' as const, servedAt: '2026-03-02T02:00:00Z', recipient: '李四' };
  const dates = { today: '2026-03-02', issuedOn: '2026-03-02', servedOn: '2026-03-02' };
  test('each way needs what makes it stand', () => {
    expect(validateService({ ...base, method: 'DIRECT' }, dates).map((v) => v.path)).toEqual(['receiptNumber']);
    expect(validateService({ ...base, method: 'LEFT_AT_DOMICILE' }, dates).map((v) => v.path)).toEqual(['witness']);
    expect(validateService({ ...base, method: 'ELECTRONIC', electronicAddress: 'a@b.cn' }, dates).map((v) => v.path)).toEqual(['electronicConsent']);
    expect(validateService({ ...base, method: 'ELECTRONIC', electronicAddress: 'a@b.cn', electronicConsent: true }, dates)).toEqual([]);
    expect(validateService({ ...base, method: 'PUBLIC_ANNOUNCEMENT' }, dates).map((v) => v.path)).toEqual(['announcementReason']);
    expect(validateService({ ...base, method: 'POST' }, { ...dates, servedOn: '2026-03-03' }).map((v) => v.path)).toEqual(['servedAt']);
    expect(validateService({ ...base, method: 'POST' }, { ...dates, servedOn: '2026-03-01' }).map((v) => v.path)).toEqual(['servedAt']);
  });
});

describe('§67 payment and §72 surcharge', () => {
  const account = (payments: { amount: number; paidOn: string }[], instalments = [{ dueOn: '2026-03-17', amount: 10_000 }]) =>
    ({ fine: 10_000, instalments, payments, rate: 0.03 });
  test('on time nothing is added; 5 days late 15 %; the surcharge never exceeds the fine', () => {
    expect(paymentAccount(account([{ amount: 10_000, paidOn: '2026-03-17' }]), '2026-03-17')).toMatchObject({ surcharge: 0, outstanding: 0, settled: true });
    expect(paymentAccount(account([]), '2026-03-22')).toMatchObject({ surcharge: 1500, outstanding: 11_500, overdueDays: 5 });
    expect(paymentAccount(account([]), '2026-12-31')).toMatchObject({ surcharge: 10_000, outstanding: 20_000 });
  });
  test('a part paid on time stops its share of the surcharge; instalments accrue from their own dates', () => {
    expect(paymentAccount(account([{ amount: 6000, paidOn: '2026-03-10' }]), '2026-03-27')).toMatchObject({ paid: 6000, surcharge: 1200, outstanding: 5200 });
    const instalments = [
      { dueOn: '2026-04-01', amount: 5000 },
      { dueOn: '2026-05-01', amount: 5000 },
    ];
    expect(paymentAccount(account([{ amount: 5000, paidOn: '2026-04-01' }], instalments), '2026-05-03')).toMatchObject({ surcharge: 300, outstanding: 5300 });
  });
  test('an arrangement adds up to the fine, lies ahead and gives its reason (§66)', () => {
    const ok = validatePaymentArrangement({ instalments: [{ dueOn: '2026-04-01', amount: 4000 }, { dueOn: '2026-05-01', amount: 6000 }], fine: 10_000, today: '2026-03-10', reason: '经营困难' });
    expect(ok).toEqual([]);
    const bad = validatePaymentArrangement({ instalments: [{ dueOn: '2026-03-01', amount: 4000 }], fine: 10_000, today: '2026-03-10', reason: ' ' });
    expect(bad.map((v) => v.code).sort()).toEqual(['INSTALMENTS_DO_NOT_ADD_UP', 'INSTALMENT_IN_PAST', 'REASON_REQUIRED']);
  });
});

test('court enforcement opens the day after the six months to sue', () => {
  expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  expect(addMonths('2026-03-02', 6)).toBe('2026-09-02');
  expect(courtEnforcementFrom('2026-03-02')).toBe('2026-09-03');
});

describe('执法公示', () => {
  test('the draft masks other persons and removes ID, phone and account numbers; the check refuses what remains', () => {
    const text = '经营者王小明（身份证号码50023019900101123X，电话023-70612345、13912345678）由见证人王小委托，罚款打入6222 0212 3456 7890 123。';
    const draft = redactForPublication(text, ['王小明（法定代表人）', '王小']);
    expect(draft).toBe('经营者王某（身份证号码（身份证号码已隐去），电话（电话号码已隐去）、（电话号码已隐去））由见证人王某委托，罚款打入（账号已隐去）。');
    expect(personalDataIn(draft)).toEqual([]);
    expect(personalDataIn(text).map((v) => v.message.match(/含有(.+?)（/)?.[1])).toEqual(['身份证号码', '电话号码', '电话号码', '银行账号']);
    expect(validatePublication({ title: '案', text: '罚款', involvesMinor: true })[0].code).toBe('PUBLICATION_FORBIDDEN');
  });
});
