/**
 * The county's published rules besides the scenario lists (#13): the 首违不罚 list (items whose
 * first, minor, corrected offence may go unpunished, 行政处罚法 §33) and the frequency caps of
 * visits per business (频次上限, 国办发〔2024〕54号). Each is a versioned list published the way
 * scenario lists are (domain/scenario-lists.ts: draft → 法制审核 → a leader publishes with an
 * effective date; a published version never changes) — the procedure's rules are taken from there,
 * not copied. This file holds what differs: the kinds, their content and what a version changes.
 */
import { listVersionTransition, type ScenarioListAction, type ScenarioListStatus } from './scenario-lists';
import type { FrequencyCaps } from './planning';

export const COUNTY_RULE_KINDS = ['NO_PENALTY_LIST', 'FREQUENCY_CAPS'] as const;
export type CountyRuleKind = (typeof COUNTY_RULE_KINDS)[number];

export const COUNTY_RULE_LABELS: Record<CountyRuleKind, string> = {
  NO_PENALTY_LIST: '首违不罚清单',
  FREQUENCY_CAPS: '检查频次上限',
};

/** The kind's segment in /api/county-rules/<segment>/versions. */
export const COUNTY_RULE_SEGMENTS: Record<CountyRuleKind, string> = {
  NO_PENALTY_LIST: 'no-penalty-list',
  FREQUENCY_CAPS: 'frequency-caps',
};

/**
 * What a version holds. The 首违不罚 list is a set of check-item codes, kept sorted so the same
 * list is the same text whoever wrote it (migration, seed or API).
 */
export type CountyRuleContent = { kind: 'NO_PENALTY_LIST'; itemCodes: string[] } | { kind: 'FREQUENCY_CAPS'; caps: FrequencyCaps };

export type CountyRuleRefusal = { code: 'COUNTY_RULE_PUBLISHED' | 'COUNTY_RULE_INVALID_STATE'; message: string };

/** The scenario lists' procedure with this kind's name and the county rules' refusal codes. */
export function countyRuleTransition(
  kind: CountyRuleKind,
  from: ScenarioListStatus,
  action: ScenarioListAction,
): { ok: true; to: ScenarioListStatus } | ({ ok: false } & CountyRuleRefusal) {
  const result = listVersionTransition(from, action, COUNTY_RULE_LABELS[kind]);
  if (result.ok) return result;
  return { ok: false, code: result.reason === 'PUBLISHED' ? 'COUNTY_RULE_PUBLISHED' : 'COUNTY_RULE_INVALID_STATE', message: result.message };
}

/** "首违不罚清单第2版" — how messages name a version. */
export function countyRuleVersionLabel(kind: CountyRuleKind, version: number): string {
  return `${COUNTY_RULE_LABELS[kind]}第${version}版`;
}

/** The stored text of a version's content (CountyRuleVersion.contentJson). */
export function contentJsonOf(content: CountyRuleContent): string {
  return content.kind === 'NO_PENALTY_LIST'
    ? JSON.stringify([...new Set(content.itemCodes)].sort())
    : JSON.stringify({
        perDepartment: Object.fromEntries(Object.entries(content.caps.perDepartment).sort(([a], [b]) => a.localeCompare(b))),
        defaultPerDepartment: content.caps.defaultPerDepartment,
        visitsPerTarget: content.caps.visitsPerTarget,
      });
}

/** A stored version's content, read back. */
export function contentOf(kind: CountyRuleKind, contentJson: string): CountyRuleContent {
  const value = JSON.parse(contentJson) as unknown;
  return kind === 'NO_PENALTY_LIST' ? { kind, itemCodes: value as string[] } : { kind, caps: value as FrequencyCaps };
}

export interface CapsChange {
  /** perDepartment.<code>, defaultPerDepartment or visitsPerTarget */
  field: string;
  label: string;
  before: number | null;
  after: number | null;
}

/** Each cap that differs between two versions (a department's cap dropped reads as null: the default applies). */
export function capsChanges(before: FrequencyCaps, after: FrequencyCaps): CapsChange[] {
  const changes: CapsChange[] = [];
  const departments = [...new Set([...Object.keys(before.perDepartment), ...Object.keys(after.perDepartment)])].sort();
  for (const d of departments) {
    const was = before.perDepartment[d] ?? null;
    const is = after.perDepartment[d] ?? null;
    if (was !== is) changes.push({ field: `perDepartment.${d}`, label: `${d} 部门每年检查次数上限`, before: was, after: is });
  }
  if (before.defaultPerDepartment !== after.defaultPerDepartment) {
    changes.push({ field: 'defaultPerDepartment', label: '其他部门每年检查次数上限', before: before.defaultPerDepartment, after: after.defaultPerDepartment });
  }
  if (before.visitsPerTarget !== after.visitsPerTarget) {
    changes.push({ field: 'visitsPerTarget', label: '每个检查对象每年联合检查次数上限', before: before.visitsPerTarget, after: after.visitsPerTarget });
  }
  return changes;
}
