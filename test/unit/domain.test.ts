import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from '../../domain/credit-code';
import {
  DEFAULT_INSPECTION_POLICY,
  canTransition,
  deriveFindings,
  newAssignmentItems,
  requiresLegalReview,
  unresolvedFindings,
  validateDepartmentResults,
  validateNoPenaltyDisposition,
  validateOnSiteTeam,
  validateReviewer,
  type DepartmentAssignment,
  type OfficerCredentials,
} from '../../domain/inspection';
import { suggestNoPenalty } from '../../domain/rectification';
import { chinaDate } from '../../domain/dates';

describe('unified social credit code (GB 32100-2015)', () => {
  test.each(['91110108551385082Q', '91350100M000100Y43', '914403001922038216'])('accepts the published code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  test('computes the check character over the 31-symbol alphabet', () => {
    expect(creditCodeCheckCharacter('91110108551385082')).toBe('Q');
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  test('names what is wrong', () => {
    expect(creditCodeProblem('91110108551385082')).toBe('LENGTH');
    expect(creditCodeProblem('91110108551385082QQ')).toBe('LENGTH');
    expect(creditCodeProblem('9111010855138508IQ')).toBe('CHARACTER'); // I is not in the alphabet
    expect(creditCodeProblem('91110108551385082q')).toBe('CHARACTER'); // lower case
    expect(creditCodeProblem('91110108551385082R')).toBe('CHECK_CHARACTER');
  });

  test('any single-character change of a valid code is caught', () => {
    const code = '91110108551385082Q';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }
    }
  });
});

const noise: DepartmentAssignment = {
  departmentCode: 'ECOENV',
  departmentName: '生态环境',
  items: [
    {
      code: 'ECOENV-01',
      title: '夜间施工噪声（场界）',
      legalBasis: '《中华人民共和国噪声污染防治法》第四十条',
      severity: 'MODERATE',
      measurement: { kind: 'NUMERIC', unit: 'dB(A)', limitMax: 55, validMin: 20, validMax: 140 },
    },
    {
      code: 'ECOENV-02',
      title: '建设项目环境影响评价手续',
      legalBasis: '《中华人民共和国环境影响评价法》第二十五条',
      severity: 'MAJOR',
      measurement: { kind: 'NONE' },
    },
  ],
};

describe('department results', () => {
  const codes = (results: Parameters<typeof validateDepartmentResults>[0]['results']) =>
    validateDepartmentResults({ assignment: noise, results }).map((v) => v.code);

  test('a complete, consistent submission passes', () => {
    expect(
      codes([
        { itemCode: 'ECOENV-01', outcome: 'COMPLIANT', measuredValue: 52.3, unit: 'dB(A)' },
        { itemCode: 'ECOENV-02', outcome: 'COMPLIANT' },
      ]),
    ).toEqual([]);
  });

  test('58 dB(A) at night cannot be compliant; it can be non-compliant with the facts', () => {
    expect(
      codes([
        { itemCode: 'ECOENV-01', outcome: 'COMPLIANT', measuredValue: 58, unit: 'dB(A)' },
        { itemCode: 'ECOENV-02', outcome: 'COMPLIANT' },
      ]),
    ).toEqual(['COMPLIANT_BEYOND_LIMIT']);
    expect(
      codes([
        { itemCode: 'ECOENV-01', outcome: 'NON_COMPLIANT', measuredValue: 58, note: '22:40 场界实测', proposedAction: 'PENALTY' },
        { itemCode: 'ECOENV-02', outcome: 'COMPLIANT' },
      ]),
    ).toEqual([]);
  });

  test('the limit itself is compliant (≤ 55)', () => {
    expect(
      codes([
        { itemCode: 'ECOENV-01', outcome: 'COMPLIANT', measuredValue: 55 },
        { itemCode: 'ECOENV-02', outcome: 'NOT_APPLICABLE' },
      ]),
    ).toEqual([]);
  });

  test('each problem is reported once, with where it is', () => {
    const violations = validateDepartmentResults({
      assignment: noise,
      results: [
        { itemCode: 'ECOENV-01', outcome: 'COMPLIANT', measuredValue: 400, unit: 'dB' },
        { itemCode: 'ECOENV-02', outcome: 'COMPLIANT', measuredValue: 1 },
        { itemCode: 'ECOENV-02', outcome: 'COMPLIANT' },
        { itemCode: 'FIRE-01', outcome: 'COMPLIANT' },
      ],
    });
    expect(violations.map((v) => [v.code, v.path])).toEqual([
      ['UNIT_MISMATCH', 'results[0].unit'],
      ['MEASUREMENT_OUT_OF_RANGE', 'results[0].measuredValue'],
      ['MEASUREMENT_NOT_EXPECTED', 'results[1].measuredValue'],
      ['DUPLICATE_ITEM', 'results[2].itemCode'],
      ['ITEM_NOT_ASSIGNED', 'results[3].itemCode'],
    ]);
    expect(violations.every((v) => /[\u4e00-\u9fff]/.test(v.message))).toBe(true);
  });

  test('missing items, missing values, facts and proposals', () => {
    expect(codes([{ itemCode: 'ECOENV-01', outcome: 'COMPLIANT' }])).toEqual(['MEASUREMENT_REQUIRED', 'ITEM_MISSING']);
    expect(
      codes([
        { itemCode: 'ECOENV-01', outcome: 'NOT_APPLICABLE', measuredValue: 40 },
        { itemCode: 'ECOENV-02', outcome: 'NON_COMPLIANT' },
      ]),
    ).toEqual(['MEASUREMENT_NOT_EXPECTED', 'FACTS_REQUIRED']);
    expect(
      codes([
        { itemCode: 'ECOENV-01', outcome: 'COMPLIANT', measuredValue: 40, proposedAction: 'PENALTY' },
        { itemCode: 'ECOENV-02', outcome: 'COMPLIANT' },
      ]),
    ).toEqual(['ACTION_WITHOUT_VIOLATION']);
  });

  test('findings come from non-compliant items; a penalty proposal needs legal review', () => {
    const findings = deriveFindings([noise], {
      ECOENV: [
        { itemCode: 'ECOENV-01', outcome: 'NON_COMPLIANT', measuredValue: 61, note: '夜间施工' },
        { itemCode: 'ECOENV-02', outcome: 'NON_COMPLIANT', note: '未办理环评', proposedAction: 'PENALTY' },
      ],
    });
    expect(findings.map((f) => [f.itemCode, f.severity, f.proposedAction])).toEqual([
      ['ECOENV-01', 'MODERATE', 'RECTIFY'],
      ['ECOENV-02', 'MAJOR', 'PENALTY'],
    ]);
    expect(findings[0].description).toContain('实测 61 dB(A)，限值 ≤ 55 dB(A)');
    expect(requiresLegalReview(findings)).toBe(true);
    expect(requiresLegalReview(findings.slice(0, 1))).toBe(false);
  });
});

describe('on-site team (行政处罚法 §42)', () => {
  const officer = (id: string, dept: string, expires: string | null, cert: string | null = 'C-1'): OfficerCredentials => ({
    officerId: id,
    name: id,
    departmentCode: dept,
    certificateNo: cert,
    certificateExpiresOn: expires,
  });
  const check = (officers: OfficerCredentials[], departmentCodes = ['MARKET', 'FIRE'], policy = DEFAULT_INSPECTION_POLICY) =>
    validateOnSiteTeam({ officers, departmentCodes, onDate: '2026-11-26', policy }).map((v) => v.code);

  test('two certified officers covering every department pass', () => {
    expect(check([officer('a', 'MARKET', '2027-01-01'), officer('b', 'FIRE', '2026-11-26')])).toEqual([]);
  });

  test('a certificate that expired yesterday does not count', () => {
    expect(check([officer('a', 'MARKET', '2027-01-01'), officer('b', 'FIRE', '2026-11-25')])).toEqual([
      'TOO_FEW_CERTIFIED_OFFICERS',
      'DEPARTMENT_NOT_REPRESENTED',
    ]);
  });

  test('no certificate number, duplicates, and a configurable minimum', () => {
    expect(check([officer('a', 'MARKET', '2027-01-01'), officer('b', 'FIRE', '2027-01-01', null)])).toContain('TOO_FEW_CERTIFIED_OFFICERS');
    expect(check([officer('a', 'MARKET', '2027-01-01'), officer('a', 'MARKET', '2027-01-01')], ['MARKET'])).toEqual([
      'DUPLICATE_OFFICER',
      'TOO_FEW_CERTIFIED_OFFICERS',
    ]);
    const three = { ...DEFAULT_INSPECTION_POLICY, minimumCertifiedOfficers: 3 };
    expect(check([officer('a', 'MARKET', '2027-01-01'), officer('b', 'FIRE', '2027-01-01')], ['MARKET', 'FIRE'], three)).toEqual([
      'TOO_FEW_CERTIFIED_OFFICERS',
    ]);
  });
});

describe('reviewer and states', () => {
  test('the reviewer must be qualified and independent of the team', () => {
    const reviewer = { officerId: 'r', name: '审核员', isLegalReviewer: true, legalQualified: true };
    expect(validateReviewer({ reviewer, visitingOfficerIds: ['a', 'b'] })).toEqual([]);
    expect(validateReviewer({ reviewer, visitingOfficerIds: ['r'] }).map((v) => v.code)).toEqual(['REVIEWER_IN_TEAM']);
    expect(validateReviewer({ reviewer: { ...reviewer, legalQualified: false }, visitingOfficerIds: [] }).map((v) => v.code)).toEqual([
      'REVIEWER_NOT_QUALIFIED',
    ]);
  });

  test('transitions', () => {
    expect(canTransition('SCHEDULED', 'ON_SITE')).toBe(true);
    expect(canTransition('SCHEDULED', 'CLOSED')).toBe(false);
    expect(canTransition('CHECKS_DONE', 'CANCELLED')).toBe(false);
    expect(canTransition('IN_LEGAL_REVIEW', 'CLOSED')).toBe(true);
  });

  test('dates in law are China dates (UTC+8)', () => {
    expect(chinaDate('2026-11-26T15:59:59.000Z')).toBe('2026-11-26');
    expect(chinaDate('2026-11-26T16:00:00.000Z')).toBe('2026-11-27');
  });
});

describe('首违不罚 suggestion (行政处罚法 §33)', () => {
  const finding = { severity: 'MINOR' as const, itemCode: 'URBAN-01', listed: true, targetId: 't1', foundOn: '2026-06-10' };

  test('suggested for a listed minor item found for the first time this year', () => {
    const s = suggestNoPenalty(finding, [{ itemCode: 'URBAN-01', foundOn: '2025-12-30' }]);
    expect(s.suggested).toBe(true);
    expect(s.reasons.join('；')).toContain('列入首违不罚');
  });

  test('not suggested when the item is not on the list, not minor, or found earlier this year', () => {
    expect(suggestNoPenalty({ ...finding, listed: false }, []).reasons.join('；')).toContain('未列入');
    expect(suggestNoPenalty({ ...finding, listed: false }, []).suggested).toBe(false);
    expect(suggestNoPenalty({ ...finding, severity: 'MODERATE' }, []).suggested).toBe(false);
    const repeat = suggestNoPenalty(finding, [{ itemCode: 'URBAN-01', foundOn: '2026-03-01' }]);
    expect(repeat.suggested).toBe(false);
    expect(repeat.reasons.join('；')).toContain('不属于初次违法');
  });
});

describe('findings to closure', () => {
  test('a visit is open while any finding has no end state', () => {
    const f = (itemCode: string) => ({ departmentCode: 'URBAN', itemCode, itemTitle: '', legalBasis: '', severity: 'MINOR' as const, proposedAction: 'RECTIFY' as const, description: '' });
    const ended = { outcome: 'RECTIFIED' as const, ref: null, note: '', actor: null, at: '2026-06-10T00:00:00Z' };
    expect(unresolvedFindings([f('A'), f('B')], [{ ...ended, itemCode: 'A' }]).map((x) => x.itemCode)).toEqual(['B']);
    expect(unresolvedFindings([f('A')], [{ ...ended, itemCode: 'A' }])).toEqual([]);
  });

  test('首违不罚 needs the suggestion, the correction, and no order or case already', () => {
    const yes = { suggested: true, reasons: [] };
    expect(validateNoPenaltyDisposition({ suggestion: yes, correction: '已改正', alreadyDisposed: null })).toEqual([]);
    expect(validateNoPenaltyDisposition({ suggestion: yes, correction: ' ', alreadyDisposed: null }).map((v) => v.code)).toEqual(['REASON_REQUIRED']);
    expect(validateNoPenaltyDisposition({ suggestion: { suggested: false, reasons: ['未列入'] }, correction: '已改正', alreadyDisposed: null })[0].code).toBe('NO_PENALTY_NOT_APPLICABLE');
    expect(validateNoPenaltyDisposition({ suggestion: yes, correction: '已改正', alreadyDisposed: 'CASE' })[0].code).toBe('FINDING_ALREADY_DISPOSED');
  });

  test('merging a re-check adds only what the visit lacks', () => {
    const item = (code: string) => ({ code, title: code, legalBasis: '', severity: 'MINOR' as const, measurement: { kind: 'NONE' as const } });
    const current = [{ departmentCode: 'FIRE', departmentName: '消防', items: [item('FIRE-01')] }];
    expect(
      newAssignmentItems(current, [
        { departmentCode: 'FIRE', departmentName: '消防', items: [item('FIRE-01'), item('FIRE-02')] },
        { departmentCode: 'MARKET', departmentName: '市场', items: [item('MARKET-01')] },
      ]).map((d) => [d.departmentCode, d.items.map((i) => i.code)]),
    ).toEqual([
      ['FIRE', ['FIRE-02']],
      ['MARKET', ['MARKET-01']],
    ]);
  });
});
