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

/**
 * Departments whose items never go on the 首违不罚 list: in fire safety and production safety
 * even a minor lapse can cost lives, so a first offence there is not let go.
 */
export const NO_PENALTY_EXCLUDED_DEPARTMENTS: readonly string[] = ['FIRE', 'SAFETY'];

/**
 * Why a check item may not be on the 首违不罚 list, or null: only items of minor severity
 * ("危害后果轻微", §33) and none of the excluded departments. The shipped list and every list a
 * county publishes are held to it.
 */
export function noPenaltyItemProblem(item: { code: string; departmentCode: string; severity: Severity }): string | null {
  if (NO_PENALTY_EXCLUDED_DEPARTMENTS.includes(item.departmentCode)) {
    return `检查事项 ${item.code} 属于消防或安全生产检查，轻微问题也可能危及生命安全，不得列入首违不罚清单`;
  }
  if (item.severity !== 'MINOR') {
    return `检查事项 ${item.code} 的问题等级为“${SEVERITY_LABELS[item.severity]}”，首违不罚清单只能列入问题等级为“轻微”的事项`;
  }
  return null;
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
