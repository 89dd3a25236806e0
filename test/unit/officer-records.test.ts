import { blocksNewDeclaration, declarationRefusal, decisionRefusal, recusedAmong } from '../../domain/conflicts';
import { assignmentRefusals, mergedTownships, officerRecordProblems, officerWithinReach, type OfficerRecord } from '../../domain/officers';

const inspector: OfficerRecord = {
  roles: ['INSPECTOR'],
  departmentCode: 'MARKET',
  countyWide: false,
  townshipIds: ['t-a'],
  certificateNo: '渝执法字第001号',
  certificateExpiresOn: '2028-06-30',
  legalQualified: false,
  legalQualificationNo: null,
};
const codes = (record: OfficerRecord) => officerRecordProblems(record).map((p) => `${p.code}@${p.path}`);

describe('officer records', () => {
  test('a complete inspector record has no problems', () => {
    expect(officerRecordProblems(inspector)).toEqual([]);
  });

  test('an inspector needs a department and a certificate; a certificate is number and expiry together', () => {
    expect(codes({ ...inspector, departmentCode: null, certificateNo: null, certificateExpiresOn: null })).toEqual([
      'INSPECTOR_DEPARTMENT_REQUIRED@departmentCode',
      'INSPECTOR_CERTIFICATE_REQUIRED@certificateNo',
    ]);
    expect(codes({ ...inspector, certificateExpiresOn: null })).toEqual(['CERTIFICATE_INCOMPLETE@certificateExpiresOn']);
    expect(codes({ ...inspector, roles: ['LEADER'], certificateNo: null })).toEqual(['CERTIFICATE_INCOMPLETE@certificateNo']);
    // A leader needs neither department nor certificate.
    expect(codes({ ...inspector, roles: ['LEADER'], departmentCode: null, certificateNo: null, certificateExpiresOn: null })).toEqual([]);
  });

  test('a legal qualification goes with its certificate number; an officer serves somewhere', () => {
    expect(codes({ ...inspector, roles: ['LEGAL_REVIEWER'], legalQualified: true })).toEqual(['LEGAL_QUALIFICATION_NO_REQUIRED@legalQualificationNo']);
    expect(codes({ ...inspector, legalQualificationNo: 'A2020' })).toEqual(['LEGAL_QUALIFICATION_NO_REQUIRED@legalQualified']);
    expect(codes({ ...inspector, roles: ['LEGAL_REVIEWER'], legalQualified: true, legalQualificationNo: 'A2020' })).toEqual([]);
    expect(codes({ ...inspector, townshipIds: [] })).toEqual(['TOWNSHIP_REQUIRED@townshipIds']);
    expect(codes({ ...inspector, townshipIds: [], countyWide: true })).toEqual([]);
  });
});

describe('township reach of an ADMIN', () => {
  const placed = (townshipIds: string[], departmentTownshipId: string | null = null, countyWide = false) => ({ townshipIds, departmentTownshipId, countyWide });

  test('county-wide reaches everyone; a township ADMIN those serving one of their townships, never county-wide officers', () => {
    expect(officerWithinReach(null, placed([], null, true))).toBe(true);
    expect(officerWithinReach(['t-a'], placed(['t-b', 't-a']))).toBe(true);
    expect(officerWithinReach(['t-a'], placed([], 't-a'))).toBe(true);
    expect(officerWithinReach(['t-a'], placed(['t-b'], 't-c'))).toBe(false);
    expect(officerWithinReach(['t-a'], placed(['t-a'], null, true))).toBe(false);
    expect(officerWithinReach([], placed(['t-a']))).toBe(false);
  });

  test('a township ADMIN assigns only their townships and never county-wide', () => {
    expect(assignmentRefusals(null, { countyWide: true, townshipIds: ['t-z'] })).toEqual([]);
    expect(assignmentRefusals(['t-a'], { townshipIds: ['t-a'] })).toEqual([]);
    expect(assignmentRefusals(['t-a'], { countyWide: true, townshipIds: ['t-a', 't-b'] }).map((p) => `${p.path}:${p.message}`)).toEqual([
      'countyWide:只有全县范围的系统管理员可以设置全县范围人员',
      'townshipIds:乡镇 t-b 不在您的管理范围内',
    ]);
  });

  test("a township ADMIN's list replaces only the townships they reach", () => {
    expect(mergedTownships(['t-a', 't-b'], ['t-a', 't-c'], ['t-b'])).toEqual(['t-b', 't-c']);
    expect(mergedTownships(null, ['t-a', 't-c'], ['t-b'])).toEqual(['t-b']);
    expect(mergedTownships(['t-a'], ['t-a'], [])).toEqual([]);
  });
});

describe('recusal (回避, §43)', () => {
  const conflicts = [
    { officerId: 'o1', targetId: 'shop', status: 'UPHELD' },
    { officerId: 'o2', targetId: 'shop', status: 'PENDING' },
    { officerId: 'o3', targetId: 'shop', status: 'DISMISSED' },
    { officerId: 'o4', targetId: 'other', status: 'UPHELD' },
  ];

  test('only a decided withdrawal for this business bars an officer, in the order asked', () => {
    expect(recusedAmong(conflicts, ['o4', 'o3', 'o2', 'o1'], 'shop')).toEqual(['o1']);
    expect(recusedAmong(conflicts, ['o4', 'o1'], 'other')).toEqual(['o4']);
    expect(recusedAmong([], ['o1'], 'shop')).toEqual([]);
  });

  test('pending and upheld block a new declaration; a dismissal does not', () => {
    expect(['PENDING', 'UPHELD', 'DISMISSED'].map(blocksNewDeclaration)).toEqual([true, true, false]);
  });

  test("the officer declares their own, or an ADMIN/COORDINATOR records it; a party's request is recorded by the team", () => {
    const own = { officerId: 'o1', source: 'OFFICER' as const };
    expect(declarationRefusal({ officerId: 'o1', roles: ['INSPECTOR'] }, own)).toBeNull();
    expect(declarationRefusal({ officerId: 'c1', roles: ['COORDINATOR'] }, own)).toBeNull();
    expect(declarationRefusal({ officerId: 'a1', roles: ['ADMIN'] }, own)).toBeNull();
    expect(declarationRefusal({ officerId: 'o2', roles: ['INSPECTOR'] }, own)).toContain('本人');
    const party = { officerId: 'o1', source: 'PARTY' as const };
    expect(declarationRefusal({ officerId: 'o2', roles: ['INSPECTOR'] }, party)).toBeNull();
    expect(declarationRefusal({ officerId: 'l1', roles: ['LEADER'] }, party)).toContain('当事人');
  });

  test('never the officer concerned decides, and only a pending declaration', () => {
    expect(decisionRefusal('o1', { officerId: 'o1', status: 'PENDING' })?.code).toBe('CONFLICT_SELF_DECISION');
    expect(decisionRefusal('l1', { officerId: 'o1', status: 'UPHELD' })?.code).toBe('CONFLICT_ALREADY_DECIDED');
    expect(decisionRefusal('l1', { officerId: 'o1', status: 'PENDING' })).toBeNull();
  });
});
