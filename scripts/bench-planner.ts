/**
 * npm run bench:planner — the merge planner on a synthetic town at scale.
 *
 * 20,000 targets, 5 departments, up to 100,000 check requests of every reason type, with the
 * default frequency caps, a ledger of earlier visits and windows of realistic lengths
 * (annual plan: 1–3 months; random sampling: 1 month; complaints and re-checks: 3–10 days).
 * For each size it runs planVisits several times in this process (one core) and reports the
 * median time, the visits against the lower bound, and the cap/capacity violations found by
 * verifyPlan (must be 0).   Flags: --runs N (default 7), --sizes 1000,10000,100000
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../domain/random';
import {
  DEFAULT_FREQUENCY_CAPS,
  planVisits,
  verifyPlan,
  type CheckRequestInput,
  type PlanInput,
  type RequestReason,
  type TargetLedger,
  type TeamCapacity,
} from '../domain/planning';
import { dayNumber, dayString } from '../domain/dates';

const DEPARTMENTS = ['MARKET', 'FIRE', 'HEALTH', 'ECOENV', 'SAFETY'];
const TARGETS = 20_000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function town(requestCount: number, seed: string): Omit<PlanInput, 'capacity'> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const yearStart = dayNumber('2027-01-01');
  const reasons: [RequestReason, number][] = [
    ['ANNUAL_PLAN', 0.5],
    ['RANDOM_SAMPLING', 0.3],
    ['COMPLAINT', 0.08],
    ['RECTIFICATION_RECHECK', 0.07],
    ['ASSIGNED_CASE', 0.03],
    ['ENTITY_REQUEST', 0.02],
  ];
  const reasonOf = () => {
    let x = random();
    for (const [reason, share] of reasons) if ((x -= share) < 0) return reason;
    return 'ANNUAL_PLAN';
  };
  const requests: CheckRequestInput[] = [];
  for (let i = 0; i < requestCount; i++) {
    const reason = reasonOf();
    const department = pick(DEPARTMENTS);
    const length = reason === 'ANNUAL_PLAN' ? 30 + Math.floor(random() * 60) : reason === 'RANDOM_SAMPLING' ? 30 : 3 + Math.floor(random() * 8);
    // Departments plan by quarter, so windows of one target tend to overlap (what merging uses).
    const quarter = Math.floor(random() * 4);
    const start = yearStart + quarter * 91 + Math.floor(random() * (91 - Math.min(length, 90)));
    requests.push({
      id: `R${i}`,
      targetId: `T${Math.floor(random() * Math.min(TARGETS, Math.max(1, requestCount / 5)))}`,
      departmentCode: department,
      itemCodes: [`${department}-0${1 + Math.floor(random() * 6)}`],
      windowStart: dayString(start),
      windowEnd: dayString(Math.min(start + length, yearStart + 364)),
      reason,
    });
  }
  const ledger: Record<string, TargetLedger> = {};
  for (let t = 0; t < TARGETS / 10; t++) {
    ledger[`T${Math.floor(random() * TARGETS)}`] = { visits: Math.floor(random() * 3), checksByDepartment: { HEALTH: Math.floor(random() * 2) } };
  }
  const doNotDisturb = Array.from({ length: TARGETS / 50 }, () => `T${Math.floor(random() * TARGETS)}`);
  return { requests, caps: DEFAULT_FREQUENCY_CAPS, ledger, doNotDisturb };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const AMPLE: TeamCapacity = { visitsPerDay: 100_000, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 100_000 };
const TIGHT: TeamCapacity = { visitsPerDay: 120, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 60 };

function main() {
  const runs = Number(arg('runs', '7'));
  const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number);
  console.log(`node ${process.version}, ${runs} runs per size, ${TARGETS} targets in the directory, ${DEPARTMENTS.length} departments`);
  console.log('| requests | capacity | median ms | min ms | visits | lower bound | above bound | unplaced (caps/DND/capacity) | dept checks → visits | violations |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---|---:|');
  const medians: Record<number, number> = {};
  for (const size of sizes) {
    const base = town(size, `bench-${size}`);
    for (const [label, capacity] of [['ample', AMPLE], ['tight', TIGHT]] as const) {
      const input: PlanInput = { ...base, capacity };
      const times: number[] = [];
      let result = planVisits(input); // warm-up
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        result = planVisits(input);
        times.push(performance.now() - t0);
      }
      const violations = verifyPlan(input, result);
      const s = result.summary;
      if (label === 'ample') medians[size] = median(times);
      console.log(
        `| ${size} | ${label} | ${median(times).toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${s.visits} | ${result.lowerBound} | ${s.visitsAboveBound} | ${result.unplaced.length} | ${s.departmentChecks} → ${s.visits} | ${violations.length} |`,
      );
      if (violations.length > 0) {
        console.error(violations.slice(0, 5));
        process.exitCode = 1;
      }
    }
  }
  const first = sizes[0];
  for (const size of sizes.slice(1)) {
    console.log(`growth ${first} → ${size} requests (×${size / first}): time ×${(medians[size] / medians[first]).toFixed(1)}`);
  }
}

main();
