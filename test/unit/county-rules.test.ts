import { noPenaltyItemProblem } from '../../domain/catalog';
import { capsChanges, contentJsonOf, contentOf, countyRuleTransition } from '../../domain/county-rules';
import { DEFAULT_FREQUENCY_CAPS } from '../../domain/planning';
import { reviewerProblem, scenarioListTransition } from '../../domain/scenario-lists';

describe('the 首违不罚 list admits only minor items outside fire and production safety', () => {
  test.each([
    [{ code: 'MARKET-11', departmentCode: 'MARKET', severity: 'MINOR' as const }, null],
    [{ code: 'MARKET-01', departmentCode: 'MARKET', severity: 'MODERATE' as const }, '问题等级为“一般”'],
    [{ code: 'FIRE-05', departmentCode: 'FIRE', severity: 'MINOR' as const }, '消防或安全生产'],
    [{ code: 'SAFETY-02', departmentCode: 'SAFETY', severity: 'MINOR' as const }, '消防或安全生产'],
  ])('%o', (item, reason) => {
    const problem = noPenaltyItemProblem(item);
    if (reason === null) expect(problem).toBeNull();
    else expect(problem).toContain(reason);
  });
});

test('county rules follow the scenario lists’ procedure under their own name and codes', () => {
  expect(countyRuleTransition('FREQUENCY_CAPS', 'DRAFT', 'SUBMIT')).toEqual({ ok: true, to: 'SUBMITTED' });
  expect(countyRuleTransition('NO_PENALTY_LIST', 'RETURNED', 'EDIT')).toEqual({ ok: true, to: 'DRAFT' });
  const published = countyRuleTransition('NO_PENALTY_LIST', 'PUBLISHED', 'EDIT');
  expect(published).toMatchObject({ ok: false, code: 'COUNTY_RULE_PUBLISHED', message: expect.stringContaining('已发布的首违不罚清单不能再修改') });
  expect(countyRuleTransition('FREQUENCY_CAPS', 'SUBMITTED', 'PUBLISH')).toMatchObject({ ok: false, code: 'COUNTY_RULE_INVALID_STATE' });
  // The scenario lists keep their codes and words.
  expect(scenarioListTransition('PUBLISHED', 'EDIT')).toMatchObject({ ok: false, code: 'SCENARIO_LIST_PUBLISHED', message: expect.stringContaining('场景清单') });
  expect(reviewerProblem({ roles: ['LEGAL_REVIEWER'], legalQualified: true }, '检查频次上限')).toBeNull();
  expect(reviewerProblem({ roles: ['LEADER'], legalQualified: true }, '检查频次上限')).toBe('检查频次上限的法制审核须由法制审核人员办理');
});

test('a caps version’s changes name each cap that moved; content is stored as one canonical text', () => {
  const after = { perDepartment: { HEALTH: 3 }, defaultPerDepartment: 2, visitsPerTarget: 4 };
  expect(capsChanges(DEFAULT_FREQUENCY_CAPS, after)).toEqual([
    { field: 'perDepartment.ECOENV', label: expect.any(String), before: 2, after: null },
    { field: 'perDepartment.HEALTH', label: expect.any(String), before: 2, after: 3 },
    { field: 'defaultPerDepartment', label: expect.any(String), before: null, after: 2 },
  ]);
  expect(capsChanges(DEFAULT_FREQUENCY_CAPS, DEFAULT_FREQUENCY_CAPS)).toEqual([]);
  expect(contentJsonOf({ kind: 'NO_PENALTY_LIST', itemCodes: ['MARKET-11', 'HEALTH-04'] })).toBe('["HEALTH-04","MARKET-11"]');
  const caps = { kind: 'FREQUENCY_CAPS' as const, caps: { visitsPerTarget: 4, defaultPerDepartment: null, perDepartment: { HEALTH: 2, ECOENV: 2 } } };
  expect(contentJsonOf(caps)).toBe('{"perDepartment":{"ECOENV":2,"HEALTH":2},"defaultPerDepartment":null,"visitsPerTarget":4}');
  expect(contentOf('FREQUENCY_CAPS', contentJsonOf(caps))).toEqual(caps);
});
