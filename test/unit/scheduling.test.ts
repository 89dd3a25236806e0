/**
 * Direct scheduling under the planner's rules (domain/scheduling.ts): caps against the ledger,
 * typed exceptions, and the join window (拼团). Also: the planner and direct scheduling answer
 * "does this cap allow one more" with the same function.
 */
import fc from 'fast-check';
import {
  CAP_EXCEPTION_REASONS,
  DEFAULT_FREQUENCY_CAPS,
  REQUEST_REASONS,
  planVisits,
  type FrequencyCaps,
  type TargetLedger,
} from '../../domain/planning';
import { checkFrequencyCaps, decideDirectVisit, visitsToJoin, type ScheduledVisitRef } from '../../domain/scheduling';

const noVisits: TargetLedger = { visits: 0, checksByDepartment: {} };

describe('checkFrequencyCaps', () => {
  it('allows a visit below every cap, lifting nothing', () => {
    expect(checkFrequencyCaps({ caps: DEFAULT_FREQUENCY_CAPS, ledger: noVisits, departmentCodes: ['HEALTH', 'MARKET'], opensVisit: true })).toEqual({
      allowed: true,
      lifted: [],
    });
  });

  it('refuses HEALTH after two checks this year, naming the cap and the count', () => {
    const ledger = { visits: 2, checksByDepartment: { HEALTH: 2, MARKET: 1 } };
    expect(checkFrequencyCaps({ caps: DEFAULT_FREQUENCY_CAPS, ledger, departmentCodes: ['MARKET', 'HEALTH'], opensVisit: true })).toEqual({
      allowed: false,
      reached: [{ cap: 'DEPARTMENT', departmentCode: 'HEALTH', limit: 2, used: 2 }],
    });
  });

  it('refuses a fifth visit a year, but not a department joining a visit already counted', () => {
    const ledger = { visits: 4, checksByDepartment: { MARKET: 4 } };
    expect(checkFrequencyCaps({ caps: DEFAULT_FREQUENCY_CAPS, ledger, departmentCodes: ['FIRE'], opensVisit: true })).toEqual({
      allowed: false,
      reached: [{ cap: 'VISITS_PER_TARGET', limit: 4, used: 4 }],
    });
    expect(checkFrequencyCaps({ caps: DEFAULT_FREQUENCY_CAPS, ledger, departmentCodes: ['FIRE'], opensVisit: false })).toEqual({ allowed: true, lifted: [] });
  });

  it('lets every typed exception lift the caps (and says which), and no other reason', () => {
    const ledger = { visits: 4, checksByDepartment: { ECOENV: 2 } };
    const reached = [
      { cap: 'VISITS_PER_TARGET', limit: 4, used: 4 },
      { cap: 'DEPARTMENT', departmentCode: 'ECOENV', limit: 2, used: 2 },
    ];
    for (const reason of REQUEST_REASONS) {
      const result = checkFrequencyCaps({ caps: DEFAULT_FREQUENCY_CAPS, ledger, departmentCodes: ['ECOENV'], opensVisit: true, exception: { reason: reason as never } });
      if ((CAP_EXCEPTION_REASONS as readonly string[]).includes(reason)) expect(result).toEqual({ allowed: true, lifted: reached });
      else expect(result).toEqual({ allowed: false, reached });
    }
  });

  it('answers exactly as the planner does for one request on a ledger (property)', () => {
    const caps: FrequencyCaps = { perDepartment: { HEALTH: 2, ECOENV: 1 }, defaultPerDepartment: 3, visitsPerTarget: 2 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('HEALTH', 'ECOENV', 'MARKET'),
        fc.constantFrom(...REQUEST_REASONS),
        (visits, checks, departmentCode, reason) => {
          const ledger = { visits, checksByDepartment: { [departmentCode]: checks } };
          const planned = planVisits({
            requests: [{ id: 'r', targetId: 't', departmentCode, itemCodes: ['X'], windowStart: '2026-03-02', windowEnd: '2026-03-06', reason }],
            caps,
            capacity: { visitsPerDay: 5, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 5 },
            ledger: { t: ledger },
          });
          const direct = checkFrequencyCaps({ caps, ledger, departmentCodes: [departmentCode], opensVisit: true, exception: { reason: reason as never } });
          expect(direct.allowed).toBe(planned.visits.length === 1);
          if (direct.allowed) {
            expect(direct.lifted.map((c) => c.cap).sort()).toEqual(planned.visits[0].capExceptions.map((e) => e.cap).sort());
          }
        },
      ),
    );
  });
});

describe('the join window (拼团)', () => {
  const first: ScheduledVisitRef = { id: 'v1', date: '2026-03-10', status: 'SCHEDULED', departmentCodes: ['FIRE', 'MARKET'] };

  it('finds a scheduled visit within the window either side, inclusive, and ignores started or far ones', () => {
    const visits: ScheduledVisitRef[] = [
      first,
      { id: 'v2', date: '2026-03-12', status: 'ON_SITE', departmentCodes: ['MARKET'] },
      { id: 'v3', date: '2026-03-21', status: 'SCHEDULED', departmentCodes: ['MARKET'] },
    ];
    expect(visitsToJoin(visits, '2026-03-11', 10).map((v) => v.id)).toEqual(['v1', 'v3']);
    expect(visitsToJoin(visits, '2026-02-28', 10).map((v) => v.id)).toEqual(['v1']);
    expect(visitsToJoin(visits, '2026-02-27', 10)).toEqual([]);
    expect(visitsToJoin(visits, '2026-03-20', 0).map((v) => v.id)).toEqual([]);
  });

  it('refuses a second visit inside the window naming the first; a COMPLAINT exception makes it and names it', () => {
    const base = { caps: DEFAULT_FREQUENCY_CAPS, ledger: { visits: 1, checksByDepartment: { MARKET: 1, FIRE: 1 } }, departmentCodes: ['HEALTH'], date: '2026-03-15', scheduledVisits: [first], windowDays: 10 };
    expect(decideDirectVisit(base)).toEqual({ allowed: false, code: 'VISIT_EXISTS_IN_WINDOW', visits: [first] });
    expect(decideDirectVisit({ ...base, exception: { reason: 'COMPLAINT', note: '投诉' } })).toEqual({ allowed: true, lifted: [], besideVisits: [first] });
    expect(decideDirectVisit({ ...base, date: '2026-03-21' })).toEqual({ allowed: true, lifted: [], besideVisits: [] });
  });

  it('refuses a visit over a cap outside the window', () => {
    const ledger = { visits: 2, checksByDepartment: { HEALTH: 2 } };
    expect(decideDirectVisit({ caps: DEFAULT_FREQUENCY_CAPS, ledger, departmentCodes: ['HEALTH'], date: '2026-06-01', scheduledVisits: [first], windowDays: 10 })).toEqual({
      allowed: false,
      code: 'FREQUENCY_CAP_REACHED',
      reached: [{ cap: 'DEPARTMENT', departmentCode: 'HEALTH', limit: 2, used: 2 }],
    });
  });
});
