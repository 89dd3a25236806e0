/**
 * The reference catalog: departments, scenarios (场景清单) and check items (检查事项).
 * Only listed items may be inspected (清单之外无检查, 国办发〔2024〕54号).
 */
export const SEVERITIES = ['MINOR', 'MODERATE', 'MAJOR'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
  MINOR: '轻微',
  MODERATE: '一般',
  MAJOR: '严重',
};

/**
 * How an item is measured. NUMERIC items carry the unit, the legal limit(s) and the range
 * a real instrument can read (validMin..validMax): a value outside that range is a typo,
 * a value outside the limit is a violation.
 */
export type Measurement =
  | { kind: 'NONE' }
  | {
      kind: 'NUMERIC';
      unit: string;
      limitMin?: number;
      limitMax?: number;
      validMin: number;
      validMax: number;
    };

export interface DepartmentSpec {
  code: string;
  name: string;
  shortName: string;
}

export interface CheckItemSpec {
  code: string;
  departmentCode: string;
  title: string;
  legalBasis: string;
  method: string;
  measurement: Measurement;
  severity: Severity;
}

/**
 * Items on the no-penalty list (首违不罚清单 / 轻微违法行为不予处罚清单): a first offence of
 * one of these, with minor harm and corrected in time, may go unpunished (行政处罚法 §33). The
 * list is the departments' published one and local; the seed's is in prisma/seed-data.
 */
export function isNoPenaltyListed(itemCode: string, list: readonly string[]): boolean {
  return list.includes(itemCode);
}

export interface ScenarioSpec {
  code: string;
  name: string;
  description: string;
  itemCodes: string[];
}

/** An item as a scenario lists it: which item, for which department. */
export interface ListedItem {
  code: string;
  departmentCode: string;
}

/**
 * 清单之外无检查: a visit checks only what its scenario lists. The items of `listed` (one
 * scenario's list, in its order) for a department; none means the department has no part in it.
 */
export function scenarioItemsOf<T extends ListedItem>(listed: readonly T[], departmentCode: string): T[] {
  return listed.filter((item) => item.departmentCode === departmentCode);
}

/** The requested item codes the scenario does not list for the department. */
export function itemsOutsideScenario(listed: readonly ListedItem[], departmentCode: string, itemCodes: readonly string[]): string[] {
  const own = new Set(scenarioItemsOf(listed, departmentCode).map((item) => item.code));
  return itemCodes.filter((code) => !own.has(code));
}

/** The departments the scenario lists items for, sorted by code. */
export function scenarioDepartments(listed: readonly ListedItem[]): string[] {
  return [...new Set(listed.map((item) => item.departmentCode))].sort();
}

/** The requested departments the scenario lists no item for. */
export function departmentsOutsideScenario(listed: readonly ListedItem[], departmentCodes: readonly string[]): string[] {
  const listing = new Set(scenarioDepartments(listed));
  return departmentCodes.filter((code) => !listing.has(code));
}
