import { checkItems, departments, noPenaltyList, officers, scenarios, targets, villages } from '../../prisma/seed-data/catalog';
import { noPenaltyItemProblem, SEVERITIES } from '../../domain/catalog';
import { ROLES } from '../../domain/roles';
import { isValidCreditCode } from '../../domain/credit-code';

const CERTIFICATE_CUTOFF = '2026-12-31';

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

describe('seed catalog', () => {
  const departmentCodes = new Set(departments.map((d) => d.code));
  const itemsByCode = new Map(checkItems.map((i) => [i.code, i]));

  test('the no-penalty list (首违不罚清单) names catalog items of minor severity, none of fire or production safety', () => {
    expect(noPenaltyList.length).toBeGreaterThan(0);
    expect(duplicates([...noPenaltyList])).toEqual([]);
    for (const code of noPenaltyList) {
      const item = itemsByCode.get(code);
      expect({ code, known: item !== undefined }).toEqual({ code, known: true });
      expect({ code, problem: noPenaltyItemProblem(item!) }).toEqual({ code, problem: null });
    }
  });

  test('has enough departments, items, scenarios, targets, officers and villages', () => {
    expect(departments.length).toBeGreaterThanOrEqual(6);
    expect(checkItems.length).toBeGreaterThanOrEqual(40);
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    expect(villages.length).toBeGreaterThanOrEqual(5);
    expect(targets.length).toBeGreaterThanOrEqual(2 * scenarios.length);
    expect(officers.length).toBeGreaterThan(0);
  });

  test('codes and keys are unique', () => {
    expect(duplicates(departments.map((d) => d.code))).toEqual([]);
    expect(duplicates(checkItems.map((i) => i.code))).toEqual([]);
    expect(duplicates(scenarios.map((s) => s.code))).toEqual([]);
    expect(duplicates(targets.map((t) => t.key))).toEqual([]);
    expect(duplicates(officers.map((o) => o.key))).toEqual([]);
    expect(duplicates(villages)).toEqual([]);
    for (const s of scenarios) expect(duplicates(s.itemCodes)).toEqual([]);
  });

  test('departments have uppercase ASCII codes and short names of 2–4 characters', () => {
    for (const d of departments) {
      expect(d.code).toMatch(/^[A-Z]+$/);
      expect(d.name.length).toBeGreaterThan(d.shortName.length);
      expect([...d.shortName].length).toBeGreaterThanOrEqual(2);
      expect([...d.shortName].length).toBeLessThanOrEqual(4);
    }
  });

  test('item codes follow <DEPT>-<NN> and reference an existing department', () => {
    for (const item of checkItems) {
      expect(departmentCodes.has(item.departmentCode)).toBe(true);
      expect(item.code).toMatch(new RegExp(`^${item.departmentCode}-\\d{2}$`));
      expect(SEVERITIES).toContain(item.severity);
      expect(item.title.trim()).not.toBe('');
      expect(item.method.trim()).not.toBe('');
    }
  });

  test('every department has at least 4 check items', () => {
    for (const d of departments) {
      expect(checkItems.filter((i) => i.departmentCode === d.code).length).toBeGreaterThanOrEqual(4);
    }
  });

  test('every legal basis names a law in 《》 and an article (第…条)', () => {
    for (const item of checkItems) {
      expect(item.legalBasis).toContain('《');
      expect(item.legalBasis).toContain('》');
      expect(item.legalBasis).toContain('第');
      expect(item.legalBasis).toMatch(/第[零一二三四五六七八九十百]+条/);
    }
  });

  test('numeric items have a unit, a valid range and limits inside it', () => {
    const numericItems = checkItems.filter((i) => i.measurement.kind === 'NUMERIC');
    expect(numericItems.length).toBeGreaterThanOrEqual(8);
    for (const item of numericItems) {
      const m = item.measurement;
      if (m.kind !== 'NUMERIC') throw new Error('unreachable');
      expect(m.unit.trim()).not.toBe('');
      expect(m.validMin).toBeLessThan(m.validMax);
      expect(m.limitMin !== undefined || m.limitMax !== undefined).toBe(true);
      if (m.limitMin !== undefined) {
        expect(m.limitMin).toBeGreaterThanOrEqual(m.validMin);
        expect(m.limitMin).toBeLessThanOrEqual(m.validMax);
      }
      if (m.limitMax !== undefined) {
        expect(m.limitMax).toBeGreaterThanOrEqual(m.validMin);
        expect(m.limitMax).toBeLessThanOrEqual(m.validMax);
      }
      if (m.limitMin !== undefined && m.limitMax !== undefined) expect(m.limitMin).toBeLessThan(m.limitMax);
    }
  });

  test('night-time construction noise limit is 55 dB(A)', () => {
    const night = checkItems.find((i) => i.title.includes('夜间') && i.measurement.kind === 'NUMERIC' && i.measurement.unit === 'dB(A)');
    expect(night).toBeDefined();
    expect(night!.measurement).toMatchObject({ kind: 'NUMERIC', unit: 'dB(A)', limitMax: 55 });
  });

  test('scenarios reference existing items, 6–14 of them, from at least 3 departments', () => {
    for (const s of scenarios) {
      expect(s.itemCodes.length).toBeGreaterThanOrEqual(6);
      expect(s.itemCodes.length).toBeLessThanOrEqual(14);
      for (const code of s.itemCodes) expect(itemsByCode.has(code)).toBe(true);
      const depts = new Set(s.itemCodes.map((code) => itemsByCode.get(code)?.departmentCode));
      expect(depts.size).toBeGreaterThanOrEqual(3);
      expect(s.description.trim()).not.toBe('');
    }
  });

  test('targets have valid, unique credit codes and reference a scenario and a village', () => {
    const scenarioCodes = new Set(scenarios.map((s) => s.code));
    for (const t of targets) {
      expect(isValidCreditCode(t.creditCode)).toBe(true);
      expect(scenarioCodes.has(t.scenarioCode)).toBe(true);
      expect(villages).toContain(t.village);
      expect(t.address).toContain(t.village);
      expect(['LOW', 'MEDIUM', 'HIGH']).toContain(t.riskClass);
    }
    expect(duplicates(targets.map((t) => t.creditCode))).toEqual([]);
    for (const s of scenarios) expect(targets.filter((t) => t.scenarioCode === s.code).length).toBeGreaterThanOrEqual(2);
  });

  test('officers reference existing departments, known roles and ISO dates', () => {
    for (const o of officers) {
      if (o.departmentCode !== null) expect(departmentCodes.has(o.departmentCode)).toBe(true);
      expect(o.roles.length).toBeGreaterThan(0);
      for (const r of o.roles) expect(ROLES).toContain(r);
      if (o.certificateExpiresOn !== null) {
        expect(o.certificateExpiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Number.isNaN(Date.parse(`${o.certificateExpiresOn}T00:00:00Z`))).toBe(false);
      }
      if (o.roles.includes('INSPECTOR')) {
        expect(o.departmentCode).not.toBeNull();
        expect(o.certificateNo).not.toBeNull();
      }
    }
  });

  test('every department has at least 2 certified inspectors valid beyond 2026', () => {
    for (const d of departments) {
      const certified = officers.filter(
        (o) =>
          o.departmentCode === d.code &&
          o.roles.includes('INSPECTOR') &&
          o.certificateNo !== null &&
          o.certificateExpiresOn !== null &&
          o.certificateExpiresOn > CERTIFICATE_CUTOFF,
      );
      expect(certified.length).toBeGreaterThanOrEqual(2);
    }
  });

  test('demo edge cases exist: expired certificate, unqualified reviewer, coordinators, leader, admin', () => {
    const byKey = new Map(officers.map((o) => [o.key, o]));
    const expired = byKey.get('market-expired');
    expect(expired).toMatchObject({ departmentCode: 'MARKET', certificateExpiresOn: '2025-06-30' });
    expect(expired!.roles).toContain('INSPECTOR');

    expect(byKey.get('reviewer-unqualified')).toMatchObject({ legalQualified: false, roles: ['LEGAL_REVIEWER'] });
    const qualifiedReviewers = officers.filter((o) => o.roles.includes('LEGAL_REVIEWER') && o.legalQualified);
    expect(qualifiedReviewers.length).toBeGreaterThanOrEqual(2);

    const coordinators = officers.filter((o) => o.roles.includes('COORDINATOR'));
    expect(coordinators.length).toBeGreaterThanOrEqual(2);
    for (const c of coordinators) expect(c.departmentCode).toBe('URBAN');

    expect(officers.filter((o) => o.roles.includes('LEADER')).length).toBeGreaterThanOrEqual(1);
    expect(byKey.get('admin')?.roles).toContain('ADMIN');
  });
});
