/**
 * The fast planner (issue #16) makes the same plans as the straightforward one it replaced
 * (test/support/planning-reference.ts): field for field and in the same order, on the
 * benchmark's generated towns, on random small towns that hit every rule (caps, exceptions,
 * do-not-disturb, splits, ties, odd dates), and by a recorded digest of a 100,000-request plan.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { REQUEST_REASONS, planVisits, type CheckRequestInput, type FrequencyCaps, type PlanInput, type TeamCapacity } from '../../domain/planning';
import { dayNumber, dayString } from '../../domain/dates';
import { town } from '../../scripts/planner-town';
import { planVisitsReference } from '../support/planning-reference';

const AMPLE: TeamCapacity = { visitsPerDay: 100_000, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 100_000 };
const TIGHT: TeamCapacity = { visitsPerDay: 120, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 60 };

/** The same plan, and serialised the same way (so key order and absent fields count too). */
function expectSamePlan(input: PlanInput) {
  const plan = planVisits(input);
  const reference = planVisitsReference(input);
  expect(plan).toEqual(reference);
  expect(JSON.stringify(plan)).toBe(JSON.stringify(reference));
}

const digest = (input: PlanInput) => createHash('sha256').update(JSON.stringify(planVisits(input))).digest('hex');

describe('the fast planner plans exactly as before', () => {
  test.each([
    ['ample', AMPLE],
    ['tight', TIGHT],
  ])('the benchmark town, 30,000 requests, %s capacity', (_label, capacity) => {
    expectSamePlan({ ...town(30_000, 'speed-test'), capacity });
  });

  // Recorded from the planner before the speed work (planVisitsReference gives the same digests):
  // a change that alters any 100,000-request plan fails here even if the reference were edited.
  test.each([
    ['ample', AMPLE, 'be58339e30eaff20397702d38636f323593e98f32888076a89a4d4c773b10531'],
    ['tight', TIGHT, 'a55e16019becaecd30cbebdc96d5de329291776d2e562df643a9e41c97aa0100'],
  ])('the benchmark town of 100,000 requests, %s capacity, has its recorded digest', (_label, capacity, expected) => {
    expect(digest({ ...town(100_000, 'bench-100000'), capacity })).toBe(expected);
  });

  const DEPARTMENTS = ['MARKET', 'FIRE', 'HEALTH', 'ECOENV', 'SAFETY', 'B', 'a'];
  const BASE_DAY = dayNumber('2027-03-01');
  const requestArb = fc.record({
    target: fc.integer({ min: 0, max: 7 }),
    department: fc.constantFrom(...DEPARTMENTS),
    start: fc.integer({ min: -3, max: 40 }),
    length: fc.integer({ min: -2, max: 25 }),
    reason: fc.constantFrom(...REQUEST_REASONS),
    items: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
    id: fc.integer({ min: 0, max: 1_000_000 }),
  });
  const inputArb = fc.record({
    requests: fc.uniqueArray(requestArb, { minLength: 1, maxLength: 80, selector: (r) => r.id }),
    caps: fc.record({
      perDepartment: fc.dictionary(fc.constantFrom(...DEPARTMENTS), fc.integer({ min: 0, max: 3 })),
      defaultPerDepartment: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      visitsPerTarget: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    }) as fc.Arbitrary<FrequencyCaps>,
    capacity: fc.record({
      visitsPerDay: fc.integer({ min: 0, max: 4 }),
      checksPerDepartmentPerDay: fc.dictionary(fc.constantFrom(...DEPARTMENTS), fc.integer({ min: 0, max: 3 })),
      defaultChecksPerDepartmentPerDay: fc.integer({ min: 1, max: 3 }),
    }),
    ledger: fc.dictionary(
      fc.constantFrom('T0', 'T1', 'T2', 'T3'),
      fc.record({ visits: fc.integer({ min: 0, max: 4 }), checksByDepartment: fc.dictionary(fc.constantFrom(...DEPARTMENTS), fc.integer({ min: 0, max: 2 })) }),
    ),
    doNotDisturb: fc.array(fc.constantFrom('T0', 'T4', 'T5'), { maxLength: 2 }),
  });

  test('random small towns: caps, exceptions, do-not-disturb, splits, tied windows, invalid windows', () => {
    fc.assert(
      fc.property(inputArb, ({ requests, caps, capacity, ledger, doNotDisturb }) => {
        const checkRequests = requests.map(
          (r): CheckRequestInput => ({
            // ids in no particular order, so ties of window are broken by id, not by position
            id: `R${r.id}`,
            targetId: `T${r.target}`,
            departmentCode: r.department,
            itemCodes: r.items.map((n) => `${r.department}-0${n}`),
            windowStart: dayString(BASE_DAY + r.start),
            windowEnd: dayString(BASE_DAY + r.start + r.length),
            reason: r.reason,
          }),
        );
        expectSamePlan({ requests: checkRequests, caps, capacity, ledger, doNotDisturb });
      }),
      { numRuns: 400 },
    );
  });

  test('odd dates and a calendar too wide for day-indexed arrays plan as before', () => {
    const request = (id: string, targetId: string, departmentCode: string, windowStart: string, windowEnd: string): CheckRequestInput => ({
      id,
      targetId,
      departmentCode,
      itemCodes: [`${departmentCode}-01`],
      windowStart,
      windowEnd,
      reason: 'ANNUAL_PLAN',
    });
    const capacity: TeamCapacity = { visitsPerDay: 1, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 1 };
    const caps: FrequencyCaps = { perDepartment: {}, defaultPerDepartment: null, visitsPerTarget: null };
    const odd = [
      request('A', 'T1', 'FIRE', '0099-01-01', '0099-01-03'), // Date.UTC reads year 99 as 1999
      request('B', 'T1', 'MARKET', '1999-01-02', '1999-01-02'),
      request('C', 'T2', 'FIRE', '2027-02-30', '2027-03-02'), // 30 February is 2 March
      request('D', 'T2', 'FIRE', '2027/03/01', '2027/03/05'),
      request('E', 'T3', 'FIRE', 'not a date', '2027-01-01'),
      request('F', 'T3', 'FIRE', '2027-13-01', '2028-01-05'),
    ];
    expectSamePlan({ requests: odd, caps, capacity });
    // '1e5 -01-01' is year 100,000 to Date.UTC: a span of 36 million days (Maps, comparison sorts).
    const wide = [...odd, request('G', 'T4', 'FIRE', '2027-01-01', '1e5 -01-01'), request('H', 'T4', 'HEALTH', '2027-01-01', '2027-01-01')];
    expect(dayNumber('1e5 -01-01') - dayNumber('0099-01-01')).toBeGreaterThan(1 << 22);
    expectSamePlan({ requests: wide, caps, capacity });
  });
});

test('dayNumber counts every date as Date.UTC did (the planner reads two per request)', () => {
  const byDateUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const dates: string[] = ['', '2027', '2027-1-1', '2027-01-01T10:00', ' 2027-01-01', '2027/01/01', 'abcd-ef-gh', '2027-01-1x', '+02027-01-01', '2027-01-.5'];
  for (let year = 0; year <= 9999; year += year < 2200 ? 1 : 97) {
    for (let month = 0; month <= 13; month++) for (const day of [0, 1, 15, 28, 29, 30, 31, 32, 99]) dates.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
  }
  const different = dates.filter((date) => !Object.is(dayNumber(date), byDateUtc(date)));
  expect(different).toEqual([]);
});
