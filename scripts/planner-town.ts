/**
 * The synthetic town of the planner benchmark (scripts/bench-planner.ts), also planned by the
 * speed test (test/unit/planning-speed.test.ts): seeded, so a size and seed always give the
 * same requests, ledger and do-not-disturb list.
 */
import { seededRandom } from '../domain/random';
import { DEFAULT_FREQUENCY_CAPS, type CheckRequestInput, type PlanInput, type RequestReason, type TargetLedger } from '../domain/planning';
import { dayNumber, dayString } from '../domain/dates';

export const DEPARTMENTS = ['MARKET', 'FIRE', 'HEALTH', 'ECOENV', 'SAFETY'];
export const TARGETS = 20_000;

export function town(requestCount: number, seed: string): Omit<PlanInput, 'capacity'> {
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
