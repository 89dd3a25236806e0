/**
 * npm run bench:planner — the merge planner on a synthetic town at scale (issue #16's goal:
 * 100,000 requests < 250 ms, 1,000,000 < 3 s on one core).
 *
 * 20,000 targets, 5 departments, check requests of every reason type (scripts/planner-town.ts),
 * with the default frequency caps, a ledger of earlier visits and windows of realistic lengths.
 * Each size is planned with ample team capacity (only the caps bind) and with a tight one. For
 * each it reports the median and minimum wall time of `planVisits` alone and its CPU time (this
 * process; less disturbed than wall time when the machine is shared), the heap the plan keeps
 * and the process's peak RSS, the visits against the lower bound, and the cap/capacity
 * violations found by verifyPlan (must be 0).
 *
 * With --reference the planner as it was before the speed work (test/support/planning-
 * reference.ts) is timed in the same run, runs alternating, and the ratio printed: the
 * before/after figures of BENCHMARKS.md come from one run on the same machine state.
 *
 * Flags: --runs N (default 5), --warmup N (plans before the timed ones, default 8; the first is reported as the cold plan), --sizes 10000,100000,1000000, --reference.
 * Run with --expose-gc (as `npm run bench:planner` does) so every timed run starts from a
 * collected heap instead of paying for the previous run's garbage.
 */
import { performance } from 'node:perf_hooks';
import { planVisits, verifyPlan, type PlanInput, type PlanResult, type TeamCapacity } from '../domain/planning';
import { planVisitsReference } from '../test/support/planning-reference';
import { DEPARTMENTS, TARGETS, town } from './planner-town';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const AMPLE: TeamCapacity = { visitsPerDay: 100_000, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 100_000 };
const TIGHT: TeamCapacity = { visitsPerDay: 120, checksPerDepartmentPerDay: {}, defaultChecksPerDepartmentPerDay: 60 };

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(0);

interface Timing {
  wall: number[];
  cpu: number[];
  heap: number[];
  result?: PlanResult;
}

/** One timed run: wall and CPU time of the call, and the heap the plan holds once the garbage is gone. */
function timeOnce(plan: (input: PlanInput) => PlanResult, input: PlanInput, into: Timing) {
  into.result = undefined;
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = plan(input);
  into.wall.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  into.cpu.push((cpu.user + cpu.system) / 1000);
  collect();
  into.heap.push(process.memoryUsage().heapUsed - heapBefore);
  into.result = result;
}

function main() {
  const runs = Number(arg('runs', '5'));
  const sizes = arg('sizes', '10000,100000,1000000').split(',').map(Number);
  const withReference = process.argv.includes('--reference');
  const warmup = Math.max(1, Number(arg('warmup', '8')));
  if (!(globalThis as { gc?: unknown }).gc) console.warn('(no --expose-gc: runs also pay for earlier runs’ garbage)');
  console.log(
    `node ${process.version}, ${warmup} warm-up and ${runs} timed runs per size${withReference ? ' (each: before, after, alternating)' : ''}, ${TARGETS} targets in the directory, ${DEPARTMENTS.length} departments, ${new Date().toISOString()}`,
  );
  console.log(
    `| requests | capacity | planner | median ms | min ms | CPU ms (median) | plan heap MB | visits | lower bound | above bound | unplaced | dept checks → visits | violations |`,
  );
  console.log('|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  const medians: Record<number, number> = {};
  const colds: string[] = [];
  for (const size of sizes) {
    const base = town(size, `bench-${size}`);
    for (const [label, capacity] of [['ample', AMPLE], ['tight', TIGHT]] as const) {
      const input: PlanInput = { ...base, capacity };
      const after: Timing = { wall: [], cpu: [], heap: [] };
      const before: Timing = { wall: [], cpu: [], heap: [] };
      // Warm-up: on one core V8 needs several whole plans before the planner's code is
      // optimised for good (at 100k the first six or seven take 350–780 ms, then ~210): the
      // timed runs measure that steady state. The first plan of all is timed on its own and
      // reported as the cold plan, what a worker's first merge after a start costs.
      const cold = performance.now();
      planVisits(input);
      colds.push(`${size} ${label}: ${(performance.now() - cold).toFixed(0)} ms`);
      if (withReference) planVisitsReference(input);
      for (let i = 1; i < warmup; i++) {
        planVisits(input);
        if (withReference) planVisitsReference(input);
      }
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first, so neither always follows the other's garbage or the machine's mood.
        if (withReference && i % 2 === 0) timeOnce(planVisitsReference, input, before);
        timeOnce(planVisits, input, after);
        if (withReference && i % 2 === 1) timeOnce(planVisitsReference, input, before);
      }
      const rows: [string, Timing][] = withReference ? [['before', before], ['after', after]] : [['after', after]];
      for (const [name, timing] of rows) {
        const result = timing.result!;
        const violations = verifyPlan(input, result);
        const s = result.summary;
        console.log(
          `| ${size} | ${label} | ${name} | ${median(timing.wall).toFixed(1)} | ${Math.min(...timing.wall).toFixed(1)} | ${median(timing.cpu).toFixed(1)} | ${mb(median(timing.heap))} | ${s.visits} | ${result.lowerBound} | ${s.visitsAboveBound} | ${result.unplaced.length} | ${s.departmentChecks} → ${s.visits} | ${violations.length} |`,
        );
        if (violations.length > 0) {
          console.error(violations.slice(0, 5));
          process.exitCode = 1;
        }
      }
      if (withReference) {
        const same = JSON.stringify(before.result) === JSON.stringify(after.result);
        console.log(`|  |  | after ÷ before | ${(median(after.wall) / median(before.wall)).toFixed(2)} |  | ${(median(after.cpu) / median(before.cpu)).toFixed(2)} |  | ${same ? 'same plan' : 'PLANS DIFFER'} |`);
        if (!same) process.exitCode = 1;
      }
      if (label === 'ample') medians[size] = median(after.wall);
      after.result = before.result = undefined;
    }
  }
  const first = sizes[0];
  for (const size of sizes.slice(1)) {
    console.log(`growth ${first} → ${size} requests (×${size / first}): time ×${(medians[size] / medians[first]).toFixed(1)}`);
  }
  console.log(`cold plan (the first of each size and capacity; the earlier ones' compiled code carries over): ${colds.join(', ')}`);
  console.log(`peak RSS of the process: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
}

main();
