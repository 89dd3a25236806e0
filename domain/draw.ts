/**
 * 双随机: targets drawn at random from a scenario's directory (a sampling ratio per risk class),
 * inspectors drawn at random from each department's pool of officers with valid certificates,
 * leaving out officers with a declared conflict with the target (回避, 行政处罚法 §43).
 *
 * Reproducible by anyone: the inputs are put in canonical order (ids ascending), and one
 * generator seeded with the published seed is consumed in a fixed order — first the targets
 * of each risk class (HIGH, MEDIUM, LOW), then for each drawn target (in drawn order) each
 * department (code ascending). The same seed and inputs give the same draw.
 */
import { hasValidCertificate, type OfficerCredentials } from './inspection';
import { RANDOM_ALGORITHM, sampleWithoutReplacement, seededRandom } from './random';

export const RISK_CLASSES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/** Share of each risk class drawn (e.g. 25 % / 50 % / 100 %); configurable per plan. */
export type SamplingRatios = Record<RiskClass, number>;
export const DEFAULT_SAMPLING_RATIOS: SamplingRatios = { HIGH: 1, MEDIUM: 0.5, LOW: 0.25 };

export interface DrawInput {
  seed: string;
  /** The date the drawn inspectors must hold a valid certificate on. */
  onDate: string;
  targets: { id: string; riskClass: RiskClass }[];
  ratios: SamplingRatios;
  doNotDisturb: string[];
  departmentCodes: string[];
  officers: OfficerCredentials[];
  inspectorsPerDepartment: number;
  /** Declared conflicts of interest (回避). */
  conflicts: { officerId: string; targetId: string }[];
}

export interface DrawnTarget {
  targetId: string;
  riskClass: RiskClass;
  inspectors: { departmentCode: string; officerIds: string[] }[];
  /** Departments whose eligible pool was smaller than needed for this target. */
  understaffed: string[];
}

export interface DrawResult {
  algorithm: string;
  seed: string;
  pools: {
    targetsByClass: Record<RiskClass, string[]>;
    excludedDoNotDisturb: string[];
    officersByDepartment: Record<string, string[]>;
  };
  drawn: DrawnTarget[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function drawCount(poolSize: number, ratio: number): number {
  return Math.min(poolSize, Math.ceil(poolSize * Math.max(0, Math.min(1, ratio)) - 1e-9));
}

export function runDraw(input: DrawInput): DrawResult {
  const random = seededRandom(input.seed);
  const doNotDisturb = new Set(input.doNotDisturb);
  const targets = [...input.targets].sort(byId);
  const targetsByClass = { HIGH: [], MEDIUM: [], LOW: [] } as Record<RiskClass, string[]>;
  for (const t of targets) if (!doNotDisturb.has(t.id)) targetsByClass[t.riskClass].push(t.id);

  const departments = [...new Set(input.departmentCodes)].sort();
  const officers = [...input.officers].sort((a, b) => (a.officerId < b.officerId ? -1 : a.officerId > b.officerId ? 1 : 0));
  const officersByDepartment: Record<string, string[]> = {};
  for (const code of departments) {
    officersByDepartment[code] = officers
      .filter((o) => o.departmentCode === code && hasValidCertificate(o, input.onDate))
      .map((o) => o.officerId);
  }
  const conflicts = new Set(input.conflicts.map((c) => `${c.officerId}|${c.targetId}`));

  const drawn: DrawnTarget[] = [];
  for (const riskClass of RISK_CLASSES) {
    const pool = targetsByClass[riskClass];
    for (const targetId of sampleWithoutReplacement(pool, drawCount(pool.length, input.ratios[riskClass]), random)) {
      drawn.push({ targetId, riskClass, inspectors: [], understaffed: [] });
    }
  }
  for (const target of drawn) {
    for (const code of departments) {
      const eligible = officersByDepartment[code].filter((id) => !conflicts.has(`${id}|${target.targetId}`));
      const officerIds = sampleWithoutReplacement(eligible, input.inspectorsPerDepartment, random);
      target.inspectors.push({ departmentCode: code, officerIds });
      if (officerIds.length < input.inspectorsPerDepartment) target.understaffed.push(code);
    }
  }
  return {
    algorithm: RANDOM_ALGORITHM,
    seed: input.seed,
    pools: {
      targetsByClass,
      excludedDoNotDisturb: targets.filter((t) => doNotDisturb.has(t.id)).map((t) => t.id),
      officersByDepartment,
    },
    drawn,
  };
}
