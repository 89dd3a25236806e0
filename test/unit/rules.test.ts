/**
 * The rules that have one owner in domain/ (issue #11): §42's quorum, scenario membership, order
 * eligibility, the default proposal, the worklist's tasks, and how a visit's input and team are
 * built and started.
 */
import { DEFAULT_CASE_POLICY, casePolicyFor, validateInvestigators } from '../../domain/case';
import { departmentsOutsideScenario, itemsOutsideScenario, scenarioDepartments, scenarioItemsOf } from '../../domain/catalog';
import {
  DEFAULT_INSPECTION_POLICY,
  departmentTaskOf,
  proposedActionOf,
  validateCertifiedQuorum,
  type OfficerCredentials,
} from '../../domain/inspection';
import { validateOrderEligibility } from '../../domain/rectification';
import { jointVisitInput, pickVisitTeam, teamOf } from '../../domain/visit';
import { inspectionWorkflowId, jointInspectionStartOptions } from '../../contracts/inspection';

const officer = (id: string, dept: string | null, expires: string | null = '2027-12-31', cert: string | null = `C-${id}`): OfficerCredentials => ({
  officerId: id,
  name: `官${id}`,
  departmentCode: dept,
  certificateNo: cert,
  certificateExpiresOn: expires,
});

describe('§42 quorum (validateCertifiedQuorum)', () => {
  test('counts distinct officers certified on the day', () => {
    const q = validateCertifiedQuorum([officer('a', 'M'), officer('a', 'M'), officer('b', 'F', '2026-11-25'), officer('c', 'F', null)], '2026-11-26', 2);
    expect(q).toMatchObject({ met: false, minimum: 2, count: 1 });
    expect(q.certified.map((o) => o.officerId)).toEqual(['a', 'a']);
    expect(q.uncertified.map((o) => o.officerId)).toEqual(['b', 'c']);
  });

  test('a certificate valid through the day counts; the minimum is the caller’s', () => {
    expect(validateCertifiedQuorum([officer('a', 'M', '2026-11-26'), officer('b', 'F')], '2026-11-26', 2).met).toBe(true);
    expect(validateCertifiedQuorum([officer('a', 'M'), officer('b', 'F')], '2026-11-26', 3).met).toBe(false);
  });

  test('a case takes its minimum from the one setting', () => {
    expect(DEFAULT_CASE_POLICY.minimumInvestigators).toBe(DEFAULT_INSPECTION_POLICY.minimumCertifiedOfficers);
    const three = casePolicyFor({ minimumCertifiedOfficers: 3 });
    expect(three).toEqual({ ...DEFAULT_CASE_POLICY, minimumInvestigators: 3 });
    const two = [officer('a', 'M'), officer('b', 'F')];
    expect(validateInvestigators({ investigators: two, onDate: '2026-11-26', policy: DEFAULT_CASE_POLICY })).toEqual([]);
    const [refusal] = validateInvestigators({ investigators: two, onDate: '2026-11-26', policy: three });
    expect(refusal.code).toBe('TOO_FEW_CERTIFIED_INVESTIGATORS');
    expect(refusal.message).toContain('至少3名');
    expect(refusal.message).toContain('目前只有2名');
  });
});

describe('scenario membership (清单之外无检查)', () => {
  const listed = [
    { code: 'M-1', departmentCode: 'MARKET' },
    { code: 'F-1', departmentCode: 'FIRE' },
    { code: 'M-2', departmentCode: 'MARKET' },
  ];

  test('the items of a department, in the list’s order', () => {
    expect(scenarioItemsOf(listed, 'MARKET').map((i) => i.code)).toEqual(['M-1', 'M-2']);
    expect(scenarioItemsOf(listed, 'POLICE')).toEqual([]);
  });

  test('what lies outside the list', () => {
    expect(itemsOutsideScenario(listed, 'MARKET', ['M-2', 'F-1', 'X'])).toEqual(['F-1', 'X']);
    expect(scenarioDepartments(listed)).toEqual(['FIRE', 'MARKET']);
    expect(departmentsOutsideScenario(listed, ['MARKET', 'POLICE'])).toEqual(['POLICE']);
  });
});

describe('rectification order eligibility', () => {
  const open = { proposedAction: 'RECTIFY' as const, outcome: null, escalatedToCase: false, alreadyOrdered: false };
  const codeOf = (candidate: Parameters<typeof validateOrderEligibility>[0]) => validateOrderEligibility(candidate)[0]?.code;

  test('a finding proposing correction, open, not sent to a case, without an order', () => {
    expect(validateOrderEligibility(open)).toEqual([]);
  });

  test('the first refusal decides', () => {
    expect(codeOf({ ...open, proposedAction: 'PENALTY', alreadyOrdered: true })).toBe('RECTIFICATION_NOT_PROPOSED');
    expect(codeOf({ ...open, outcome: 'RECTIFIED', alreadyOrdered: true })).toBe('FINDING_ALREADY_RESOLVED');
    expect(codeOf({ ...open, escalatedToCase: true, alreadyOrdered: true })).toBe('FINDING_ALREADY_DISPOSED');
    expect(codeOf({ ...open, alreadyOrdered: true })).toBe('RECTIFICATION_ALREADY_ORDERED');
  });
});

describe('the default proposal', () => {
  test('the inspector’s, else an order for a non-compliant item, else none', () => {
    expect(proposedActionOf({ outcome: 'NON_COMPLIANT', proposedAction: 'PENALTY' })).toBe('PENALTY');
    expect(proposedActionOf({ outcome: 'NON_COMPLIANT' })).toBe('RECTIFY');
    expect(proposedActionOf({ outcome: 'COMPLIANT' })).toBeNull();
  });
});

describe('worklist tasks (departmentTaskOf)', () => {
  const base = { status: 'SCHEDULED' as const, submittedAt: null, lastReview: null, findings: [] };
  const returned = { decision: 'RETURNED' as const, decidedAt: '2026-11-26T05:00:00.000Z' };
  const penalty = [{ proposedAction: 'PENALTY' as const, outcome: null }];

  test('prepare, submit, revise, handle', () => {
    expect(departmentTaskOf(base)).toBe('PREPARE_VISIT');
    expect(departmentTaskOf({ ...base, status: 'ON_SITE' })).toBe('SUBMIT_CHECKS');
    expect(departmentTaskOf({ ...base, status: 'ON_SITE', submittedAt: '2026-11-26T03:00:00.000Z' })).toBeNull();
    expect(departmentTaskOf({ ...base, status: 'IN_LEGAL_REVIEW', lastReview: returned, findings: penalty, submittedAt: '2026-11-26T03:00:00.000Z' })).toBe(
      'REVISE_AFTER_REVIEW',
    );
    expect(departmentTaskOf({ ...base, status: 'IN_LEGAL_REVIEW', lastReview: returned, findings: penalty, submittedAt: '2026-11-26T06:00:00.000Z' })).toBeNull();
    expect(departmentTaskOf({ ...base, status: 'IN_LEGAL_REVIEW', lastReview: returned, findings: [{ proposedAction: 'RECTIFY', outcome: null }] })).toBeNull();
    expect(departmentTaskOf({ ...base, status: 'FOLLOW_UP', findings: [{ proposedAction: 'RECTIFY', outcome: null }] })).toBe('HANDLE_FINDINGS');
    expect(departmentTaskOf({ ...base, status: 'FOLLOW_UP', findings: [{ proposedAction: 'RECTIFY', outcome: 'RECTIFIED' }] })).toBeNull();
  });
});

describe('a visit: its team, its input, its start', () => {
  const pool = [officer('f1', 'FIRE'), officer('m1', 'MARKET', '2026-01-01'), officer('m2', 'MARKET'), officer('m3', 'MARKET'), officer('f2', 'FIRE')];

  test('one eligible officer per department, filled up to §42’s minimum, the first leading', () => {
    const team = pickVisitTeam({ pool, departmentCodes: ['MARKET'], onDate: '2026-11-26', minimum: 2, conflictedOfficerIds: ['m2'] });
    expect(team).toEqual([
      { officerId: 'm3', name: '官m3', departmentCode: 'MARKET', isLead: true },
      { officerId: 'f1', name: '官f1', departmentCode: 'FIRE', isLead: false },
    ]);
  });

  test('the draw’s officers where there was a draw', () => {
    const team = pickVisitTeam({ pool, departmentCodes: ['MARKET', 'FIRE'], onDate: '2026-11-26', minimum: 2, drawnOfficerIds: { FIRE: ['f2'] } });
    expect(team.map((m) => m.officerId)).toEqual(['m2', 'f2']);
    expect(pickVisitTeam({ pool, departmentCodes: ['MARKET'], onDate: '2026-11-26', minimum: 3 }).map((m) => m.officerId)).toEqual(['m2', 'f1', 'm3']);
  });

  test('the input keeps only refs; the start holds the id and its policies', () => {
    const input = jointVisitInput({
      inspectionId: 'i-1',
      scheduledFor: '2026-12-01',
      scheduledBy: { officerId: 'c', name: '协调员' },
      target: { id: 't', name: '店', creditCode: 'X', address: '路', village: '村', ...{ riskClass: 'HIGH' } },
      scenario: { code: 'S', name: '场景', ...{ description: '…' } },
      departments: [],
      team: teamOf([pool[0]]),
      policy: DEFAULT_INSPECTION_POLICY,
    });
    expect(input.target).toEqual({ id: 't', name: '店', creditCode: 'X', address: '路', village: '村' });
    expect(input.scenario).toEqual({ code: 'S', name: '场景' });
    expect('recheckOf' in input).toBe(false);
    expect(jointInspectionStartOptions(input)).toEqual({
      workflowId: inspectionWorkflowId('i-1'),
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    expect(jointInspectionStartOptions(input, { reuseExisting: true }).workflowIdConflictPolicy).toBe('USE_EXISTING');
  });
});
