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

export interface ScenarioSpec {
  code: string;
  name: string;
  description: string;
  itemCodes: string[];
}
