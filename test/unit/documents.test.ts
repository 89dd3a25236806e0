/**
 * Required elements of the four enforcement documents (文书): a complete model passes, and each
 * missing element is named, in Chinese, at its place in the model.
 */
import {
  chineseNumeral,
  documentNumber,
  formatChineseDateTime,
  missingElements,
  remediesStatement,
  type InspectionRecordModel,
  type LegalReviewOpinionModel,
  type PenaltyDecisionModel,
  type RectificationOrderModel,
} from '../../domain/documents';

const party = { name: '包鸾镇老王家常菜馆', creditCode: '92500230MA61XK3A7G', address: '重庆市丰都县包鸾镇包鸾社区新街52号' };
const officer = (name: string, certificateNo: string | null, certificateExpiresOn: string | null = '2028-06-30') => ({
  name,
  departmentName: '市场监管',
  certificateNo,
  certificateExpiresOn,
});
const finding = {
  departmentName: '市场监管所',
  itemTitle: '持有营业执照',
  facts: '未将营业执照置于经营场所醒目位置',
  legalBasis: '《中华人民共和国市场主体登记管理条例》第三十六条',
  proposedAction: 'PENALTY' as const,
};

function inspectionRecord(overrides: Partial<InspectionRecordModel> = {}): InspectionRecordModel {
  return {
    inspectionId: 'i-1',
    party,
    scenarioName: '餐饮店',
    checkInAt: '2026-11-26T02:05:00.000Z',
    place: party.address,
    officers: [officer('张建国', '渝执法字第500230240101号'), officer('陈志强', '渝执法字第500230240201号')],
    departments: [
      {
        departmentName: '消防工作站',
        items: [
          {
            code: 'FIRE-01',
            title: '灭火器压力',
            legalBasis: '《中华人民共和国消防法》第十六条',
            outcome: 'COMPLIANT',
            measured: true,
            measuredValue: 1.2,
            unit: 'MPa',
            limit: '1–1.4 MPa',
            note: null,
          },
        ],
      },
    ],
    findings: [finding],
    ...overrides,
  };
}

const elements = (list: { element: string }[]) => list.map((m) => m.element);

describe('现场检查笔录 (INSPECTION_RECORD)', () => {
  test('a complete record has no missing element', () => {
    expect(missingElements('INSPECTION_RECORD', inspectionRecord())).toEqual([]);
  });

  test('one officer → refused, naming the officer element', () => {
    const missing = missingElements('INSPECTION_RECORD', inspectionRecord({ officers: [officer('张建国', '渝执法字第500230240101号')] }));
    expect(elements(missing)).toEqual(['officers']);
    expect(missing[0].label).toContain('至少2名执法人员');
    expect(missing[0].label).toContain('现有1名');
  });

  test('an officer without a certificate number, or with one expired on the day, does not count', () => {
    const noNumber = missingElements('INSPECTION_RECORD', inspectionRecord({ officers: [officer('张建国', 'A1'), officer('陈志强', null)] }));
    expect(elements(noNumber)).toEqual(['officers']);
    expect(noNumber[0].label).toContain('陈志强');
    const expired = missingElements(
      'INSPECTION_RECORD',
      inspectionRecord({ officers: [officer('张建国', 'A1'), officer('王德明', 'A2', '2026-11-25')] }),
    );
    expect(elements(expired)).toEqual(['officers']);
    // The policy may require more than two.
    expect(elements(missingElements('INSPECTION_RECORD', inspectionRecord(), { minimumCertifiedOfficers: 3 }))).toEqual(['officers']);
  });

  test('missing or invalid credit code, address, time and place are each named', () => {
    const missing = missingElements(
      'INSPECTION_RECORD',
      inspectionRecord({ party: { ...party, creditCode: '', address: ' ' }, checkInAt: null, place: '' }),
    );
    expect(elements(missing)).toEqual(expect.arrayContaining(['party.creditCode', 'party.address', 'checkInAt', 'place']));
    expect(missing.find((m) => m.element === 'party.creditCode')!.label).toBe('统一社会信用代码');
    // Check character wrong (G → H): the code exists but is not valid (GB 32100-2015).
    const invalid = missingElements('INSPECTION_RECORD', inspectionRecord({ party: { ...party, creditCode: '92500230MA61XK3A7H' } }));
    expect(elements(invalid)).toEqual(['party.creditCode']);
    expect(invalid[0].label).toContain('校验位');
  });

  test('a finding without legal basis, an item without result or measured value', () => {
    const model = inspectionRecord({ findings: [{ ...finding, legalBasis: '' }] });
    model.departments[0].items.push({ ...model.departments[0].items[0], code: 'FIRE-02', outcome: null });
    model.departments[0].items.push({ ...model.departments[0].items[0], code: 'FIRE-03', measuredValue: null });
    const missing = missingElements('INSPECTION_RECORD', model);
    expect(elements(missing)).toEqual([
      'departments[0].items[1].outcome',
      'departments[0].items[2].measuredValue',
      'findings[0].legalBasis',
    ]);
    expect(missing[2].label).toBe('第1项问题（持有营业执照）的法律依据');
  });

  test('no items at all', () => {
    expect(elements(missingElements('INSPECTION_RECORD', inspectionRecord({ departments: [] })))).toEqual(['departments']);
  });
});

describe('法制审核意见书 (LEGAL_REVIEW_OPINION)', () => {
  const opinion = (overrides: Partial<LegalReviewOpinionModel> = {}): LegalReviewOpinionModel => ({
    inspectionId: 'i-1',
    party,
    checkInAt: '2026-11-26T02:05:00.000Z',
    round: 1,
    proposals: [finding],
    reviewerName: '谢婷',
    decision: 'APPROVED',
    opinion: '事实清楚、证据确凿、依据正确、程序合法，同意',
    decidedOn: '2026-11-26',
    ...overrides,
  });

  test('complete', () => {
    expect(missingElements('LEGAL_REVIEW_OPINION', opinion())).toEqual([]);
  });

  test('no opinion text, no reviewer, no decision, no proposal', () => {
    const missing = missingElements('LEGAL_REVIEW_OPINION', opinion({ opinion: '  ', reviewerName: '', decision: null, proposals: [] }));
    expect(elements(missing)).toEqual(['proposals', 'reviewerName', 'decision', 'opinion']);
    expect(missing.map((m) => m.label)).toContain('审核意见');
  });

  test('a proposal without facts', () => {
    expect(elements(missingElements('LEGAL_REVIEW_OPINION', opinion({ proposals: [{ ...finding, facts: '' }] })))).toEqual([
      'proposals[0].facts',
    ]);
  });
});

describe('责令改正通知书 (RECTIFICATION_ORDER)', () => {
  const order = (overrides: Partial<RectificationOrderModel> = {}): RectificationOrderModel => ({
    party,
    violations: [{ facts: '疏散通道堆放杂物', legalBasis: '《中华人民共和国消防法》第二十八条' }],
    requirement: '立即清理疏散通道内堆放的物品',
    issuedOn: '2026-11-26',
    deadline: '2026-12-03',
    ...overrides,
  });

  test('complete', () => {
    expect(missingElements('RECTIFICATION_ORDER', order())).toEqual([]);
  });

  test('missing deadline', () => {
    const missing = missingElements('RECTIFICATION_ORDER', order({ deadline: null }));
    expect(missing).toEqual([{ element: 'deadline', label: '整改期限' }]);
  });

  test('a deadline before the order is issued is not a deadline', () => {
    expect(elements(missingElements('RECTIFICATION_ORDER', order({ deadline: '2026-11-25' })))).toEqual(['deadline']);
  });

  test('violation without legal basis, no requirement', () => {
    const missing = missingElements('RECTIFICATION_ORDER', order({ violations: [{ facts: 'x', legalBasis: '' }], requirement: '' }));
    expect(elements(missing)).toEqual(['violations[0].legalBasis', 'requirement']);
  });
});

describe('行政处罚决定书 (PENALTY_DECISION)', () => {
  const remedies = { reconsiderationOrgan: '丰都县人民政府', reconsiderationDays: 60, court: '丰都县人民法院', litigationMonths: 6 };
  const decision = (overrides: Partial<PenaltyDecisionModel> = {}): PenaltyDecisionModel => ({
    party,
    facts: '2026年11月26日检查发现当事人未按规定配置灭火器',
    evidence: ['现场检查笔录', '现场照片3张'],
    violatedBasis: '《中华人民共和国消防法》第十六条',
    penaltyBasis: '《中华人民共和国消防法》第六十条第一款第（一）项',
    penalty: { kind: '罚款', content: '罚款人民币伍仟元整（¥5000）' },
    performance: '自收到本决定书之日起十五日内缴至指定银行',
    remedies,
    decidedOn: '2026-11-30',
    legalReviewApprovedOn: '2026-11-28',
    ...overrides,
  });

  test('complete', () => {
    expect(missingElements('PENALTY_DECISION', decision())).toEqual([]);
  });

  test('missing remedies → refused, naming 行政复议 and 行政诉讼', () => {
    const missing = missingElements('PENALTY_DECISION', decision({ remedies: null }));
    expect(elements(missing)).toEqual(['remedies']);
    expect(missing[0].label).toContain('行政复议');
    expect(missing[0].label).toContain('行政诉讼');
  });

  test('remedies shorter than the law allows are refused', () => {
    expect(elements(missingElements('PENALTY_DECISION', decision({ remedies: { ...remedies, reconsiderationDays: 30 } })))).toEqual([
      'remedies',
    ]);
    expect(elements(missingElements('PENALTY_DECISION', decision({ remedies: { ...remedies, litigationMonths: 3 } })))).toEqual([
      'remedies',
    ]);
  });

  test('no evidence, no basis, no penalty, no legal review', () => {
    const missing = missingElements(
      'PENALTY_DECISION',
      decision({ evidence: [' '], penaltyBasis: '', penalty: { kind: '', content: '' }, legalReviewApprovedOn: null }),
    );
    expect(elements(missing)).toEqual(['evidence', 'penaltyBasis', 'penalty.kind', 'penalty.content', 'legalReviewApprovedOn']);
  });

  test('the remedies sentence states both routes with their periods', () => {
    expect(remediesStatement(remedies)).toBe(
      '当事人如不服本决定，可以在收到本决定书之日起六十日内向丰都县人民政府申请行政复议，或者在六个月内依法向丰都县人民法院提起行政诉讼。',
    );
  });
});

describe('numbering and wording', () => {
  test('document numbers per kind', () => {
    expect(documentNumber({ kind: 'INSPECTION_RECORD', year: 2026, serial: 1 })).toBe('包鸾综执检〔2026〕第1号');
    expect(documentNumber({ kind: 'LEGAL_REVIEW_OPINION', year: 2026, serial: 12 })).toBe('包鸾综执审〔2026〕第12号');
    expect(documentNumber({ kind: 'RECTIFICATION_ORDER', year: 2027, serial: 3 })).toBe('包鸾综执改〔2027〕第3号');
    expect(documentNumber({ kind: 'PENALTY_DECISION', year: 2027, serial: 3, authority: { name: 'x', numberPrefix: '某' } })).toBe(
      '某罚〔2027〕第3号',
    );
    expect(() => documentNumber({ kind: 'PENALTY_DECISION', year: 2027, serial: 0 })).toThrow(RangeError);
  });

  test('Chinese numerals and China time', () => {
    expect([1, 6, 10, 15, 20, 60, 99].map(chineseNumeral)).toEqual(['一', '六', '十', '十五', '二十', '六十', '九十九']);
    // 18:30 UTC is the next morning in China.
    expect(formatChineseDateTime('2026-11-25T18:30:00.000Z')).toBe('2026年11月26日 02时30分');
  });
});
