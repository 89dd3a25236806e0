/**
 * Property-based tests of the merge planner (fast-check) and of the 双随机 draw.
 */
import fc from 'fast-check';
import { runDraw, type DrawInput } from '../../domain/draw';
import {
  CAP_EXEMPT_REASONS,
  DEFAULT_FREQUENCY_CAPS,
  REQUEST_REASONS,
  minimumVisits,
  planVisits,
  type CheckRequestInput,
  type FrequencyCaps,
  type TeamCapacity,
} from '../../domain/planning';
import { dayNumber, dayString } from '../../domain/dates';

const DEPARTMENTS = ['MARKET', 'FIRE', 'HEALTH', 'ECOENV', 'SAFETY'];
const BASE_DAY = dayNumber('2027-03-01');

const requestArb = (targets: number) =>
  fc
    .record({
      target: fc.integer({ min: 0, max: targets - 1 }),
      department: fc.constantFrom(...DEPARTMENTS),
      start: fc.integer({ min: 0, max: 60 }),
      length: fc.integer({ min: 0, max: 30 }),
      reason: fc.constantFrom(...REQUEST_REASONS),
      item: fc.integer({ min: 1, max: 4 }),
    })
    .map((r) => ({
      targetId: `T${r.target}`,
      departmentCode: r.department,
      itemCodes: [`${r.department}-0${r.item}`],
      windowStart: dayString(BASE_DAY + r.start),
      windowEnd: dayString(BASE_DAY + r.start + r.length),
      reason: r.reason,
    }));

const requestsArb = (targets = 6, max = 60) =>
  fc
    .array(requestArb(targets), { minLength: 1, maxLength: max })
    .map((list) => list.map((r, i): CheckRequestInput => ({ ...r, id: `R${i}` })));

const capsArb: fc.Arbitrary<FrequencyCaps> = fc.record({
  perDepartment: fc.dictionary(fc.constantFrom(...DEPARTMENTS), fc.integer({ min: 0, max: 3 })),
  defaultPerDepartment: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  visitsPerTarget: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
});

const capacityArb: fc.Arbitrary<TeamCapacity> = fc.record({
  visitsPerDay: fc.integer({ min: 1, max: 4 }),
  checksPerDepartmentPerDay: fc.dictionary(fc.constantFrom(...DEPARTMENTS), fc.integer({ min: 1, max: 3 })),
  defaultChecksPerDepartmentPerDay: fc.integer({ min: 1, max: 3 }),
});

const ledgerArb = fc.dictionary(
  fc.constantFrom('T0', 'T1', 'T2'),
  fc.record({ visits: fc.integer({ min: 0, max: 3 }), checksByDepartment: fc.dictionary(fc.constantFrom(...DEPARTMENTS), fc.integer({ min: 0, max: 2 })) }),
);

const UNLIMITED: FrequencyCaps = { perDepartment: {}, defaultPerDepartment: null, visitsPerTarget: null };
const AMPLE: TeamCapacity = { visitsPerDay: 10_000, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 10_000 };

describe('merge planner properties', () => {
  test('every placed request is covered by exactly one visit, on a date inside its window, with its items', () => {
    fc.assert(
      fc.property(requestsArb(), capsArb, capacityArb, ledgerArb, (requests, caps, capacity, ledger) => {
        const plan = planVisits({ requests, caps, capacity, ledger });
        const byId = new Map(requests.map((r) => [r.id, r]));
        const covered = new Map<string, number>();
        for (const visit of plan.visits) {
          for (const id of visit.requestIds) {
            covered.set(id, (covered.get(id) ?? 0) + 1);
            const r = byId.get(id)!;
            expect(r.targetId).toBe(visit.targetId);
            expect(visit.date >= r.windowStart && visit.date <= r.windowEnd).toBe(true);
            const check = visit.departments.find((d) => d.departmentCode === r.departmentCode)!;
            expect(check.requestIds).toContain(id);
            for (const item of r.itemCodes) expect(check.itemCodes).toContain(item);
          }
        }
        for (const count of covered.values()) expect(count).toBe(1);
        // Every request is either placed once or reported with a reason — never silently lost.
        const unplaced = new Set(plan.unplaced.map((u) => u.requestId));
        for (const r of requests) expect(covered.has(r.id) !== unplaced.has(r.id)).toBe(true);
        for (const u of plan.unplaced) expect(u.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  test('no cap is exceeded except by a typed exception, which is recorded', () => {
    fc.assert(
      fc.property(requestsArb(4, 80), capsArb, capacityArb, ledgerArb, (requests, caps, capacity, ledger) => {
        const plan = planVisits({ requests, caps, capacity, ledger });
        const byId = new Map(requests.map((r) => [r.id, r]));
        const visitsByTarget = new Map<string, typeof plan.visits>();
        for (const v of plan.visits) visitsByTarget.set(v.targetId, [...(visitsByTarget.get(v.targetId) ?? []), v]);
        for (const [targetId, visits] of visitsByTarget) {
          const base = ledger[targetId] ?? { visits: 0, checksByDepartment: {} };
          const sorted = [...visits].sort((a, b) => (a.date < b.date ? -1 : 1));
          // Visits beyond the cap must each carry a recorded exception from an exempt request.
          if (caps.visitsPerTarget !== null) {
            // (the ledger may already be past the cap: only the plan's own visits count against it)
            const beyond = base.visits + sorted.length - Math.max(caps.visitsPerTarget, base.visits);
            const excepted = sorted.filter((v) => v.capExceptions.some((e) => e.cap === 'VISITS_PER_TARGET'));
            expect(excepted.length).toBeGreaterThanOrEqual(Math.max(0, beyond));
          }
          for (const code of DEPARTMENTS) {
            const cap = caps.perDepartment[code] ?? caps.defaultPerDepartment;
            if (cap === null) continue;
            const checks = sorted.filter((v) => v.departments.some((d) => d.departmentCode === code));
            const used = base.checksByDepartment[code] ?? 0;
            const beyond = used + checks.length - Math.max(cap, used);
            const excepted = checks.filter((v) => v.capExceptions.some((e) => e.cap === 'DEPARTMENT' && e.departmentCode === code));
            expect(excepted.length).toBeGreaterThanOrEqual(Math.max(0, beyond));
          }
        }
        for (const v of plan.visits) {
          for (const e of v.capExceptions) expect(CAP_EXEMPT_REASONS.has(byId.get(e.requestId)!.reason)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('team capacity per day is respected', () => {
    fc.assert(
      fc.property(requestsArb(8, 80), capacityArb, (requests, capacity) => {
        const plan = planVisits({ requests, caps: UNLIMITED, capacity });
        const perDay = new Map<string, number>();
        const perDepartmentDay = new Map<string, number>();
        for (const v of plan.visits) {
          perDay.set(v.date, (perDay.get(v.date) ?? 0) + 1);
          for (const d of v.departments) {
            const key = `${d.departmentCode}|${v.date}`;
            perDepartmentDay.set(key, (perDepartmentDay.get(key) ?? 0) + 1);
          }
        }
        for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(capacity.visitsPerDay);
        for (const [key, n] of perDepartmentDay) {
          const code = key.split('|')[0];
          expect(n).toBeLessThanOrEqual(capacity.checksPerDepartmentPerDay[code] ?? capacity.defaultChecksPerDepartmentPerDay);
        }
        // Visits above the bound exist only where capacity forced a split, and say so.
        expect(plan.visits.length).toBeGreaterThanOrEqual(plan.lowerBound);
        expect(plan.visits.filter((v) => v.aboveBoundReason).length).toBe(plan.visits.length - plan.lowerBound);
      }),
      { numRuns: 300 },
    );
  });

  test('unconstrained: the number of visits equals the lower bound and every request is placed', () => {
    fc.assert(
      fc.property(requestsArb(10, 120), (requests) => {
        const plan = planVisits({ requests, caps: UNLIMITED, capacity: AMPLE });
        expect(plan.unplaced).toEqual([]);
        expect(plan.visits.length).toBe(plan.lowerBound);
        expect(plan.lowerBound).toBe(plan.lowerBoundAllRequests);
      }),
      { numRuns: 300 },
    );
  });

  test('the lower bound is a true bound: no assignment of dates does better (brute force on small inputs)', () => {
    fc.assert(
      fc.property(requestsArb(1, 7), (requests) => {
        const intervals = requests.map((r) => ({ start: dayNumber(r.windowStart), end: dayNumber(r.windowEnd) }));
        // Candidate dates: window ends suffice for an optimal stabbing.
        const candidates = [...new Set(intervals.map((i) => i.end))];
        let best = Infinity;
        for (let mask = 1; mask < 1 << candidates.length; mask++) {
          const chosen = candidates.filter((_, i) => mask & (1 << i));
          if (intervals.every((i) => chosen.some((d) => d >= i.start && d <= i.end))) best = Math.min(best, chosen.length);
        }
        expect(minimumVisits(intervals)).toBe(best);
      }),
      { numRuns: 300 },
    );
  });
});

describe('merge planner examples', () => {
  const request = (id: string, department: string, start: string, end: string, reason: CheckRequestInput['reason'] = 'ANNUAL_PLAN', target = 'T'): CheckRequestInput => ({
    id,
    targetId: target,
    departmentCode: department,
    itemCodes: [`${department}-01`],
    windowStart: start,
    windowEnd: end,
    reason,
  });

  test('three departments with overlapping windows → one visit on a common date', () => {
    const plan = planVisits({
      requests: [
        request('a', 'MARKET', '2027-04-01', '2027-04-30'),
        request('b', 'FIRE', '2027-04-10', '2027-05-10'),
        request('c', 'HEALTH', '2027-04-20', '2027-06-30'),
      ],
      caps: DEFAULT_FREQUENCY_CAPS,
      capacity: AMPLE,
    });
    expect(plan.visits).toHaveLength(1);
    expect(plan.visits[0].date >= '2027-04-20' && plan.visits[0].date <= '2027-04-30').toBe(true);
    expect(plan.summary).toMatchObject({ departmentChecks: 3, visits: 1, visitsSaved: 2 });
  });

  test('the yearly cap stops random sampling but not a complaint, which is recorded as an exception', () => {
    const plan = planVisits({
      requests: [
        request('sampling', 'HEALTH', '2027-04-01', '2027-04-05', 'RANDOM_SAMPLING'),
        request('complaint', 'HEALTH', '2027-05-01', '2027-05-02', 'COMPLAINT'),
      ],
      caps: DEFAULT_FREQUENCY_CAPS,
      capacity: AMPLE,
      ledger: { T: { visits: 4, checksByDepartment: { HEALTH: 2 } } },
    });
    expect(plan.unplaced).toEqual([expect.objectContaining({ requestId: 'sampling', code: 'CAP_VISITS_PER_TARGET' })]);
    expect(plan.visits).toHaveLength(1);
    expect(plan.visits[0].capExceptions.map((e) => e.cap).sort()).toEqual(['DEPARTMENT', 'VISITS_PER_TARGET']);
  });

  test('do-not-disturb targets are left out of random sampling only', () => {
    const plan = planVisits({
      requests: [request('s', 'MARKET', '2027-04-01', '2027-04-05', 'RANDOM_SAMPLING'), request('e', 'FIRE', '2027-04-01', '2027-04-05', 'ENTITY_REQUEST')],
      caps: DEFAULT_FREQUENCY_CAPS,
      capacity: AMPLE,
      doNotDisturb: ['T'],
    });
    expect(plan.unplaced.map((u) => [u.requestId, u.code])).toEqual([['s', 'DO_NOT_DISTURB']]);
    expect(plan.visits.map((v) => v.requestIds)).toEqual([['e']]);
  });

  test('when no day has room for the whole team the visit is split, and the extra visit explains itself', () => {
    const plan = planVisits({
      requests: [
        request('m1', 'MARKET', '2027-04-01', '2027-04-01', 'ANNUAL_PLAN', 'A'),
        request('m2', 'MARKET', '2027-04-01', '2027-04-02', 'ANNUAL_PLAN', 'B'),
        request('f2', 'FIRE', '2027-04-01', '2027-04-01', 'ANNUAL_PLAN', 'B'),
      ],
      caps: DEFAULT_FREQUENCY_CAPS,
      capacity: { visitsPerDay: 5, checksPerDepartmentPerDay: { MARKET: 1 }, defaultChecksPerDepartmentPerDay: 5 },
    });
    expect(plan.lowerBound).toBe(2);
    expect(plan.visits).toHaveLength(3);
    const extra = plan.visits.filter((v) => v.aboveBoundReason);
    expect(extra).toHaveLength(1);
    expect(extra[0].aboveBoundReason).toContain('分开入企');
  });
});

describe('双随机 draw', () => {
  const officers = Array.from({ length: 12 }, (_, i) => ({
    officerId: `O${String(i).padStart(2, '0')}`,
    name: `执法员${i}`,
    departmentCode: i % 2 === 0 ? 'MARKET' : 'FIRE',
    certificateNo: i === 10 ? null : `C${i}`,
    certificateExpiresOn: i === 8 ? '2026-01-01' : '2029-12-31',
  }));
  const input: DrawInput = {
    seed: '2027-03-plan-RESTAURANT',
    onDate: '2027-03-01',
    targets: Array.from({ length: 40 }, (_, i) => ({ id: `T${String(i).padStart(2, '0')}`, riskClass: (['LOW', 'MEDIUM', 'HIGH'] as const)[i % 3] })),
    ratios: { HIGH: 1, MEDIUM: 0.5, LOW: 0.25 },
    doNotDisturb: ['T03'],
    departmentCodes: ['MARKET', 'FIRE'],
    officers,
    inspectorsPerDepartment: 1,
    conflicts: [{ officerId: 'O00', targetId: 'T02' }],
  };

  test('same seed and inputs → the same draw, whatever the input order', () => {
    const a = runDraw(input);
    const b = runDraw({ ...input, targets: [...input.targets].reverse(), officers: [...officers].reverse() });
    expect(b).toEqual(a);
  });

  test('a different seed → a different draw', () => {
    const a = runDraw(input);
    const b = runDraw({ ...input, seed: 'another seed' });
    expect(b.drawn.map((d) => d.targetId)).not.toEqual(a.drawn.map((d) => d.targetId));
  });

  test('sampling ratios per risk class, do-not-disturb excluded, pools published', () => {
    const result = runDraw(input);
    const counts = { HIGH: 0, MEDIUM: 0, LOW: 0 };
    for (const d of result.drawn) counts[d.riskClass]++;
    expect(result.pools.targetsByClass.HIGH).toHaveLength(13);
    expect(counts).toEqual({ HIGH: 13, MEDIUM: Math.ceil(13 * 0.5), LOW: Math.ceil(13 * 0.25) });
    expect(result.drawn.map((d) => d.targetId)).not.toContain('T03');
    expect(result.pools.excludedDoNotDisturb).toEqual(['T03']);
    // Officers without a certificate or with an expired one are not in the pool.
    expect(result.pools.officersByDepartment.MARKET).not.toContain('O08');
    expect(result.pools.officersByDepartment.MARKET).not.toContain('O10');
    expect(result.algorithm).toBe('xmur3+sfc32');
  });

  test('recusal: an officer is never drawn for a target they declared a conflict with', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (seed) => {
        const result = runDraw({
          ...input,
          seed,
          targets: [{ id: 'T02', riskClass: 'HIGH' }],
          officers: officers.filter((o) => ['O00', 'O02', 'O01'].includes(o.officerId)),
          conflicts: [{ officerId: 'O00', targetId: 'T02' }],
        });
        const market = result.drawn[0].inspectors.find((i) => i.departmentCode === 'MARKET')!;
        expect(market.officerIds).toEqual(['O02']);
      }),
      { numRuns: 100 },
    );
  });
});
