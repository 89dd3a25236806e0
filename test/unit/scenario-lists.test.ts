import {
  checkItemCodeProblem,
  effectiveDateProblem,
  legalBasisProblem,
  listChanges,
  listItemsProblems,
  measurementProblems,
  publisherProblem,
  reviewerProblem,
  scenarioListTransition,
  SCENARIO_LIST_STATUSES,
  versionInEffect,
  versionsInEffectDuring,
  type ScenarioListAction,
} from '../../domain/scenario-lists';

const published = (id: string, version: number, effectiveFrom: string) => ({ id, version, status: 'PUBLISHED', effectiveFrom });

describe('scenario-list transitions', () => {
  test('draft → submitted → reviewed → published, and returned back to draft', () => {
    expect(scenarioListTransition('DRAFT', 'SUBMIT')).toEqual({ ok: true, to: 'SUBMITTED' });
    expect(scenarioListTransition('SUBMITTED', 'APPROVE')).toEqual({ ok: true, to: 'REVIEWED' });
    expect(scenarioListTransition('SUBMITTED', 'RETURN')).toEqual({ ok: true, to: 'RETURNED' });
    expect(scenarioListTransition('RETURNED', 'EDIT')).toEqual({ ok: true, to: 'DRAFT' });
    expect(scenarioListTransition('RETURNED', 'SUBMIT')).toEqual({ ok: true, to: 'SUBMITTED' });
    expect(scenarioListTransition('REVIEWED', 'PUBLISH')).toEqual({ ok: true, to: 'PUBLISHED' });
  });

  test('a published version never changes, whatever the step', () => {
    for (const action of ['EDIT', 'SUBMIT', 'APPROVE', 'RETURN', 'PUBLISH'] as ScenarioListAction[]) {
      expect(scenarioListTransition('PUBLISHED', action)).toMatchObject({ ok: false, code: 'SCENARIO_LIST_PUBLISHED' });
    }
  });

  test('steps out of order are refused with the status it is in', () => {
    expect(scenarioListTransition('DRAFT', 'PUBLISH')).toMatchObject({ ok: false, code: 'SCENARIO_LIST_INVALID_STATE' });
    expect(scenarioListTransition('DRAFT', 'APPROVE')).toMatchObject({ ok: false, code: 'SCENARIO_LIST_INVALID_STATE' });
    expect(scenarioListTransition('SUBMITTED', 'EDIT')).toMatchObject({ ok: false, message: expect.stringContaining('待法制审核') });
    expect(scenarioListTransition('REVIEWED', 'EDIT')).toMatchObject({ ok: false, code: 'SCENARIO_LIST_INVALID_STATE' });
    // Every (status, action) pair has an answer.
    for (const status of SCENARIO_LIST_STATUSES) {
      for (const action of ['EDIT', 'SUBMIT', 'APPROVE', 'RETURN', 'PUBLISH'] as ScenarioListAction[]) {
        expect(typeof scenarioListTransition(status, action).ok).toBe('boolean');
      }
    }
  });
});

describe('the version in effect on a day', () => {
  const versions = [
    published('v1', 1, '2000-01-01'),
    published('v2', 2, '2026-08-01'),
    { id: 'v3', version: 3, status: 'REVIEWED', effectiveFrom: null },
    published('v4', 4, '2026-10-01'),
  ];

  test('is the published one with the latest effective date on or before the day', () => {
    expect(versionInEffect(versions, '2026-07-31')?.id).toBe('v1');
    expect(versionInEffect(versions, '2026-08-01')?.id).toBe('v2');
    expect(versionInEffect(versions, '2026-09-30')?.id).toBe('v2');
    expect(versionInEffect(versions, '2027-01-01')?.id).toBe('v4');
  });

  test('none before the first; drafts and reviewed versions never count', () => {
    expect(versionInEffect(versions, '1999-12-31')).toBeUndefined();
    expect(versionInEffect([{ id: 'd', version: 1, status: 'DRAFT', effectiveFrom: '2000-01-01' }], '2026-01-01')).toBeUndefined();
  });

  test('of two published for the same day, the later version', () => {
    expect(versionInEffect([published('a', 2, '2026-08-01'), published('b', 3, '2026-08-01')], '2026-08-02')?.id).toBe('b');
  });

  test('a window sees the version of its first day and each one starting inside it', () => {
    expect(versionsInEffectDuring(versions, '2026-07-01', '2026-07-31').map((v) => v.id)).toEqual(['v1']);
    expect(versionsInEffectDuring(versions, '2026-07-01', '2026-10-01').map((v) => v.id)).toEqual(['v1', 'v2', 'v4']);
    expect(versionsInEffectDuring(versions, '2026-08-01', '2026-08-31').map((v) => v.id)).toEqual(['v2']);
  });
});

describe('who reviews and publishes, and from when', () => {
  test('法制审核 by a legally qualified legal reviewer', () => {
    expect(reviewerProblem({ roles: ['LEGAL_REVIEWER'], legalQualified: true })).toBeNull();
    expect(reviewerProblem({ roles: ['LEGAL_REVIEWER'], legalQualified: false })).toContain('法律职业资格');
    expect(reviewerProblem({ roles: ['COORDINATOR'], legalQualified: true })).toContain('法制审核人员');
  });

  test('a leader publishes', () => {
    expect(publisherProblem({ roles: ['LEADER'] })).toBeNull();
    expect(publisherProblem({ roles: ['ADMIN', 'COORDINATOR'] })).toContain('领导');
  });

  test('effective from the day of publication or later, never before', () => {
    expect(effectiveDateProblem('2026-07-06', '2026-07-06')).toBeNull();
    expect(effectiveDateProblem('2026-08-01', '2026-07-06')).toBeNull();
    expect(effectiveDateProblem('2026-07-05', '2026-07-06')).toMatchObject({ code: 'EFFECTIVE_DATE_IN_PAST', message: expect.stringContaining('早于发布当日') });
  });

  test('not before a version already published for the scenario', () => {
    expect(effectiveDateProblem('2026-08-01', '2026-07-06', '2026-08-01')).toBeNull();
    expect(effectiveDateProblem('2026-07-20', '2026-07-06', '2026-08-01')).toMatchObject({ code: 'EFFECTIVE_DATE_BEFORE_PUBLISHED' });
    expect(effectiveDateProblem('2026-07-20', '2026-07-06', '2000-01-01')).toBeNull();
  });
});

describe('items and new catalog items', () => {
  test('a list has items, none twice; changes are items added and removed', () => {
    expect(listItemsProblems([])).toHaveLength(1);
    expect(listItemsProblems(['A-01', 'A-02', 'A-01'])).toEqual(['检查事项 A-01 重复']);
    expect(listChanges(['A-01', 'A-02', 'B-01'], ['A-01', 'B-01', 'C-01'])).toEqual({ added: ['C-01'], removed: ['A-02'] });
  });

  test('a legal basis names the law in 《》 and the article 第…条', () => {
    expect(legalBasisProblem('《中华人民共和国食品安全法》第五十五条')).toBeNull();
    expect(legalBasisProblem('食品安全法第五十五条')).toContain('《》');
    expect(legalBasisProblem('《中华人民共和国食品安全法》')).toContain('第五十五条');
    expect(legalBasisProblem('《中华人民共和国食品安全法》第55条')).not.toBeNull();
  });

  test('item codes are the department code and a number', () => {
    expect(checkItemCodeProblem('MARKET-21', 'MARKET')).toBeNull();
    expect(checkItemCodeProblem('FIRE-21', 'MARKET')).toContain('MARKET-');
    expect(checkItemCodeProblem('MARKET21', 'MARKET')).not.toBeNull();
  });

  test('a measured item has a unit, an instrument range and a limit inside it', () => {
    expect(measurementProblems({ kind: 'NONE' })).toEqual([]);
    expect(measurementProblems({ kind: 'NUMERIC', unit: 'dB(A)', limitMax: 55, validMin: 20, validMax: 140 })).toEqual([]);
    expect(measurementProblems({ kind: 'NUMERIC', unit: 'dB(A)', validMin: 20, validMax: 140 })).toEqual(['计量型检查事项须至少写明一个限值']);
    expect(measurementProblems({ kind: 'NUMERIC', unit: 'dB(A)', limitMax: 200, validMin: 20, validMax: 140 })[0]).toContain('超出仪器可测范围');
    expect(measurementProblems({ kind: 'NUMERIC', unit: ' ', limitMax: 5, validMin: 10, validMax: 1 })).toHaveLength(2);
  });
});
