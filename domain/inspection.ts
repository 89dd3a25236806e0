/**
 * The joint inspection (联合检查): its states, the rules for the on-site team, for each
 * department's check results, for findings and for legal review. Pure functions only —
 * the workflow calls them in its update validators, the API and activities reuse them.
 */
import type { Measurement, Severity } from './catalog';
import type { RuleViolation } from './rules';

export const INSPECTION_STATUSES = [
  'SCHEDULED',
  'ON_SITE',
  'CHECKS_DONE',
  'IN_LEGAL_REVIEW',
  'FOLLOW_UP',
  'CLOSED',
  'CANCELLED',
] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  SCHEDULED: '已排期',
  ON_SITE: '现场检查中',
  CHECKS_DONE: '检查完成',
  IN_LEGAL_REVIEW: '法制审核中',
  FOLLOW_UP: '问题处理中',
  CLOSED: '已办结',
  CANCELLED: '已取消',
};

const TRANSITIONS: Record<InspectionStatus, readonly InspectionStatus[]> = {
  SCHEDULED: ['ON_SITE', 'CANCELLED'],
  ON_SITE: ['CHECKS_DONE', 'CANCELLED'],
  CHECKS_DONE: ['IN_LEGAL_REVIEW', 'FOLLOW_UP', 'CLOSED'],
  IN_LEGAL_REVIEW: ['FOLLOW_UP', 'CLOSED'],
  // Findings are being handled (rectification, 首违不罚, case); closes when every one has ended.
  FOLLOW_UP: ['CLOSED'],
  CLOSED: [],
  CANCELLED: [],
};

export function canTransition(from: InspectionStatus, to: InspectionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Cancelling is allowed until the checks are done; after that the findings must be handled. */
export function isCancellable(status: InspectionStatus): boolean {
  return canTransition(status, 'CANCELLED');
}

export function isTerminal(status: InspectionStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export const CHECK_OUTCOMES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** What the inspector proposes for a non-compliant item: an order to correct, or a penalty. */
export const PROPOSED_ACTIONS = ['RECTIFY', 'PENALTY'] as const;
export type ProposedAction = (typeof PROPOSED_ACTIONS)[number];

export const REVIEW_DECISIONS = ['APPROVED', 'RETURNED'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Thresholds that come from law or local practice; configurable, carried in the workflow input. */
export interface InspectionPolicy {
  /** 行政处罚法 §42: at least two officers holding enforcement status. */
  minimumCertifiedOfficers: number;
  /** How long after check-in every department must have submitted its results. */
  checkSubmissionDeadlineMs: number;
}

export const DEFAULT_INSPECTION_POLICY: InspectionPolicy = {
  minimumCertifiedOfficers: 2,
  checkSubmissionDeadlineMs: 8 * 60 * 60 * 1000,
};

export interface AssignedCheckItem {
  code: string;
  title: string;
  legalBasis: string;
  severity: Severity;
  measurement: Measurement;
}

export interface DepartmentAssignment {
  departmentCode: string;
  departmentName: string;
  items: AssignedCheckItem[];
}

/** An officer as the rules need to see them (loaded from the database by the caller). */
export interface OfficerCredentials {
  officerId: string;
  name: string;
  departmentCode: string | null;
  certificateNo: string | null;
  /** ISO date (YYYY-MM-DD) the enforcement certificate (执法证) expires on, inclusive. */
  certificateExpiresOn: string | null;
}

/** What §42 needs to know of an officer: who, and the enforcement certificate (执法证). */
export type CertificateHolder = Pick<OfficerCredentials, 'officerId' | 'certificateNo' | 'certificateExpiresOn'>;

export function hasValidCertificate(officer: CertificateHolder, onDate: string): boolean {
  return Boolean(
    officer.certificateNo &&
      officer.certificateExpiresOn &&
      officer.certificateExpiresOn.slice(0, 10) >= onDate.slice(0, 10),
  );
}

export interface CertifiedQuorum<T extends CertificateHolder> {
  met: boolean;
  minimum: number;
  /** Distinct officers with a valid certificate on the day. */
  count: number;
  certified: T[];
  uncertified: T[];
}

/**
 * 行政处罚法 §42: enforcement is done by at least `minimum` distinct officers holding a
 * certificate valid on `onDate` (the one minimum is InspectionPolicy.minimumCertifiedOfficers).
 * The one place the rule is counted — at check-in, for a case's investigators, in a document,
 * for a planned team; each caller words the refusal for its setting.
 */
export function validateCertifiedQuorum<T extends CertificateHolder>(officers: readonly T[], onDate: string, minimum: number): CertifiedQuorum<T> {
  const certified = officers.filter((o) => hasValidCertificate(o, onDate));
  const count = new Set(certified.map((o) => o.officerId)).size;
  return { met: count >= minimum, minimum, count, certified, uncertified: officers.filter((o) => !certified.includes(o)) };
}

/**
 * Check-in rule: at least `minimumCertifiedOfficers` officers with unexpired enforcement
 * certificates are present, and every participating department is represented.
 */
export function validateOnSiteTeam(options: {
  officers: OfficerCredentials[];
  departmentCodes: string[];
  onDate: string;
  policy: InspectionPolicy;
}): RuleViolation[] {
  const { officers, departmentCodes, onDate, policy } = options;
  const violations: RuleViolation[] = [];
  const ids = new Set<string>();
  officers.forEach((officer, index) => {
    if (ids.has(officer.officerId)) {
      violations.push({
        code: 'DUPLICATE_OFFICER',
        message: `执法人员 ${officer.name} 重复登记`,
        path: `officerIds[${index}]`,
      });
    }
    ids.add(officer.officerId);
  });
  const quorum = validateCertifiedQuorum(officers, onDate, policy.minimumCertifiedOfficers);
  if (!quorum.met) {
    const names = quorum.uncertified.map((o) => o.name).join('、');
    violations.push({
      code: 'TOO_FEW_CERTIFIED_OFFICERS',
      message:
        `现场须有至少${quorum.minimum}名持有效执法证的执法人员（《中华人民共和国行政处罚法》第四十二条），` +
        `目前只有${quorum.certified.length}名` +
        (names ? `；${names} 无执法证或执法证已过期` : ''),
    });
  }
  const represented = new Set(quorum.certified.map((o) => o.departmentCode));
  for (const code of departmentCodes) {
    if (!represented.has(code)) {
      violations.push({
        code: 'DEPARTMENT_NOT_REPRESENTED',
        message: `参加部门 ${code} 没有持有效执法证的人员到场，不能开始联合检查`,
      });
    }
  }
  return violations;
}

export interface CheckResultInput {
  itemCode: string;
  outcome: CheckOutcome;
  measuredValue?: number;
  unit?: string;
  note?: string;
  evidence?: string[];
  proposedAction?: ProposedAction;
}

/**
 * The proposal a result stands for: the inspector's, else an order to correct (责令改正) for a
 * non-compliant item — the default every finding and every stored result takes; none otherwise.
 */
export function proposedActionOf(result: Pick<CheckResultInput, 'outcome' | 'proposedAction'>): ProposedAction | null {
  return result.proposedAction ?? (result.outcome === 'NON_COMPLIANT' ? 'RECTIFY' : null);
}

export function isBeyondLimit(measurement: Measurement, value: number): boolean {
  if (measurement.kind !== 'NUMERIC') return false;
  if (measurement.limitMax !== undefined && value > measurement.limitMax) return true;
  if (measurement.limitMin !== undefined && value < measurement.limitMin) return true;
  return false;
}

export function describeLimit(measurement: Measurement): string {
  if (measurement.kind !== 'NUMERIC') return '';
  const { limitMin, limitMax, unit } = measurement;
  if (limitMin !== undefined && limitMax !== undefined) return `${limitMin}–${limitMax} ${unit}`;
  if (limitMax !== undefined) return `≤ ${limitMax} ${unit}`;
  if (limitMin !== undefined) return `≥ ${limitMin} ${unit}`;
  return unit;
}

/**
 * A department's results must cover exactly its assigned items, measured values must fit the
 * item (unit and the instrument's range), and a value beyond the legal limit cannot be
 * marked compliant.
 */
export function validateDepartmentResults(options: {
  assignment: DepartmentAssignment;
  results: CheckResultInput[];
}): RuleViolation[] {
  const { assignment, results } = options;
  const violations: RuleViolation[] = [];
  const byCode = new Map(assignment.items.map((item) => [item.code, item]));
  const seen = new Set<string>();

  results.forEach((result, index) => {
    const path = `results[${index}]`;
    const item = byCode.get(result.itemCode);
    if (!item) {
      violations.push({
        code: 'ITEM_NOT_ASSIGNED',
        message: `检查事项 ${result.itemCode} 不在本部门本次检查的清单内（清单之外无检查）`,
        path: `${path}.itemCode`,
      });
      return;
    }
    if (seen.has(item.code)) {
      violations.push({ code: 'DUPLICATE_ITEM', message: `检查事项 ${item.code} 重复提交`, path: `${path}.itemCode` });
      return;
    }
    seen.add(item.code);
    violations.push(...validateOneResult(item, result, path));
  });

  const missing = assignment.items.filter((item) => !seen.has(item.code));
  for (const item of missing) {
    violations.push({
      code: 'ITEM_MISSING',
      message: `缺少检查事项 ${item.code}（${item.title}）的结果；不适用的事项请标记为“不适用”`,
      path: 'results',
    });
  }
  return violations;
}

function validateOneResult(item: AssignedCheckItem, result: CheckResultInput, path: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const m = item.measurement;
  const hasValue = result.measuredValue !== undefined;

  if (m.kind === 'NONE') {
    if (hasValue || result.unit !== undefined) {
      violations.push({
        code: 'MEASUREMENT_NOT_EXPECTED',
        message: `检查事项 ${item.code}（${item.title}）不需要测量数值`,
        path: `${path}.measuredValue`,
      });
    }
  } else if (result.outcome !== 'NOT_APPLICABLE') {
    if (!hasValue) {
      violations.push({
        code: 'MEASUREMENT_REQUIRED',
        message: `检查事项 ${item.code}（${item.title}）须填写实测值，单位 ${m.unit}`,
        path: `${path}.measuredValue`,
      });
    } else {
      const value = result.measuredValue as number;
      if (result.unit !== undefined && result.unit !== m.unit) {
        violations.push({
          code: 'UNIT_MISMATCH',
          message: `检查事项 ${item.code} 的单位应为 ${m.unit}，收到的是 ${result.unit}`,
          path: `${path}.unit`,
        });
      }
      if (!Number.isFinite(value) || value < m.validMin || value > m.validMax) {
        violations.push({
          code: 'MEASUREMENT_OUT_OF_RANGE',
          message: `检查事项 ${item.code} 的实测值 ${value} ${m.unit} 超出仪器可测范围（${m.validMin}–${m.validMax} ${m.unit}），请核对读数`,
          path: `${path}.measuredValue`,
        });
      } else if (result.outcome === 'COMPLIANT' && isBeyondLimit(m, value)) {
        violations.push({
          code: 'COMPLIANT_BEYOND_LIMIT',
          message: `检查事项 ${item.code}（${item.title}）实测值 ${value} ${m.unit} 不符合限值（${describeLimit(m)}），不能判定为“符合”`,
          path: `${path}.outcome`,
        });
      }
    }
  } else if (hasValue) {
    violations.push({
      code: 'MEASUREMENT_NOT_EXPECTED',
      message: `检查事项 ${item.code} 标记为“不适用”时不应填写实测值`,
      path: `${path}.measuredValue`,
    });
  }

  if (result.outcome === 'NON_COMPLIANT') {
    if (!result.note || result.note.trim().length === 0) {
      violations.push({
        code: 'FACTS_REQUIRED',
        message: `检查事项 ${item.code} 判定为“不符合”时须在备注中写明违法事实`,
        path: `${path}.note`,
      });
    }
  } else if (result.proposedAction !== undefined) {
    violations.push({
      code: 'ACTION_WITHOUT_VIOLATION',
      message: `检查事项 ${item.code} 未判定为“不符合”，不能提出处理意见`,
      path: `${path}.proposedAction`,
    });
  }
  return violations;
}

export interface FindingDraft {
  departmentCode: string;
  itemCode: string;
  itemTitle: string;
  legalBasis: string;
  severity: Severity;
  proposedAction: ProposedAction;
  description: string;
  measuredValue?: number;
}

/** Every non-compliant item becomes a finding; the inspector's proposal decides the path. */
export function deriveFindings(
  assignments: DepartmentAssignment[],
  resultsByDepartment: Record<string, CheckResultInput[] | undefined>,
): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const assignment of assignments) {
    const results = resultsByDepartment[assignment.departmentCode] ?? [];
    const items = new Map(assignment.items.map((item) => [item.code, item]));
    for (const result of results) {
      const item = items.get(result.itemCode);
      if (!item || result.outcome !== 'NON_COMPLIANT') continue;
      const measured =
        result.measuredValue !== undefined && item.measurement.kind === 'NUMERIC'
          ? `（实测 ${result.measuredValue} ${item.measurement.unit}，限值 ${describeLimit(item.measurement)}）`
          : '';
      findings.push({
        departmentCode: assignment.departmentCode,
        itemCode: item.code,
        itemTitle: item.title,
        legalBasis: item.legalBasis,
        severity: item.severity,
        proposedAction: proposedActionOf(result)!,
        description: `${item.title}：${(result.note ?? '').trim()}${measured}`,
        measuredValue: result.measuredValue,
      });
    }
  }
  return findings;
}

/**
 * How a finding ended. RECTIFIED: re-checked and found corrected. NO_PENALTY: 首违不罚
 * (行政处罚法 §33) recorded with the correction. CASE_CLOSED: the case filed for it was closed.
 * ESCALATED: the re-check failed and the matter went on as a finding of the re-check visit
 * (a second order or a case), which keeps that visit open instead. PENALIZED_ON_THE_SPOT: decided
 * on the spot under the simple procedure (行政处罚法 §51, domain/simple-procedure.ts).
 */
export const FINDING_OUTCOMES = ['RECTIFIED', 'NO_PENALTY', 'CASE_CLOSED', 'ESCALATED', 'PENALIZED_ON_THE_SPOT'] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

export const FINDING_OUTCOME_LABELS: Record<FindingOutcome, string> = {
  RECTIFIED: '复查合格，整改完成',
  NO_PENALTY: '首违不罚（已及时改正）',
  CASE_CLOSED: '立案查处，已结案',
  ESCALATED: '复查不合格，已转后续处理',
  PENALIZED_ON_THE_SPOT: '当场作出行政处罚决定（简易程序）',
};

export interface FindingResolution {
  itemCode: string;
  outcome: FindingOutcome;
  /** What ended it: the rectification order's or the case's workflow id, or null. */
  ref: string | null;
  note: string;
  actor: { officerId: string; name: string } | null;
  at: string;
}

/** Findings that have not reached an end state yet; the visit stays open while any is left. */
export function unresolvedFindings(findings: FindingDraft[], resolutions: FindingResolution[]): FindingDraft[] {
  const ended = new Set(resolutions.map((r) => r.itemCode));
  return findings.filter((f) => !ended.has(f.itemCode));
}

/**
 * A 首违不罚 disposition (§33 first paragraph) needs the suggestion's conditions met (minor,
 * first offence this year) and the correction described; it is not open to a finding already
 * under a rectification order or a case (that path ends it instead).
 */
export function validateNoPenaltyDisposition(options: {
  suggestion: { suggested: boolean; reasons: string[] };
  correction: string;
  alreadyDisposed: 'RECTIFICATION' | 'CASE' | null;
}): RuleViolation[] {
  if (options.alreadyDisposed === 'RECTIFICATION') {
    return [{ code: 'FINDING_ALREADY_DISPOSED', message: '该检查发现已下达责令改正，以复查结果结束，不能再记录首违不罚' }];
  }
  if (options.alreadyDisposed === 'CASE') {
    return [{ code: 'FINDING_ALREADY_DISPOSED', message: '该检查发现已立案查处，以案件结案结束，不能再记录首违不罚' }];
  }
  const violations: RuleViolation[] = [];
  if (!options.suggestion.suggested) {
    violations.push({
      code: 'NO_PENALTY_NOT_APPLICABLE',
      message: `不符合首违不罚条件：${options.suggestion.reasons.join('；')}`,
    });
  }
  if (options.correction.trim().length === 0) {
    violations.push({ code: 'REASON_REQUIRED', message: '须写明当事人及时改正的情况（首违不罚以及时改正为前提）', path: 'correction' });
  }
  return violations;
}

/** The departments and items of `additions` not yet in `current` (merging a re-check into a visit). */
export function newAssignmentItems(current: DepartmentAssignment[], additions: DepartmentAssignment[]): DepartmentAssignment[] {
  const added: DepartmentAssignment[] = [];
  for (const addition of additions) {
    const have = new Set(current.find((d) => d.departmentCode === addition.departmentCode)?.items.map((i) => i.code) ?? []);
    const items = addition.items.filter((i) => !have.has(i.code) && !added.some((a) => a.items.some((x) => x.code === i.code)));
    if (items.length > 0) added.push({ ...addition, items });
  }
  return added;
}

/** What a department's worklist asks of it on one visit. */
export const DEPARTMENT_TASKS = ['PREPARE_VISIT', 'SUBMIT_CHECKS', 'REVISE_AFTER_REVIEW', 'HANDLE_FINDINGS'] as const;
export type DepartmentTask = (typeof DEPARTMENT_TASKS)[number];

/**
 * The department's task on a visit, or null: prepare a scheduled visit, submit its results on
 * site, revise them after legal review returned a penalty proposal (until resubmitted), or see
 * its findings' order, 首违不罚 or case through to their end while the visit is in follow-up.
 * Times are ISO instants; `findings` are the department's own.
 */
export function departmentTaskOf(options: {
  status: InspectionStatus;
  submittedAt: string | null;
  lastReview: { decision: ReviewDecision; decidedAt: string } | null;
  findings: { proposedAction: ProposedAction; outcome: string | null }[];
}): DepartmentTask | null {
  const { status, submittedAt, lastReview, findings } = options;
  if (status === 'SCHEDULED') return 'PREPARE_VISIT';
  if (status === 'ON_SITE') return submittedAt === null ? 'SUBMIT_CHECKS' : null;
  if (status === 'IN_LEGAL_REVIEW') {
    const returned = lastReview?.decision === 'RETURNED' && findings.some((f) => f.proposedAction === 'PENALTY');
    return returned && (submittedAt === null || submittedAt < lastReview.decidedAt) ? 'REVISE_AFTER_REVIEW' : null;
  }
  if (status === 'FOLLOW_UP') return findings.some((f) => f.outcome === null) ? 'HANDLE_FINDINGS' : null;
  return null;
}

/** 行政处罚法 §58: a penalty proposal must pass legal review before any decision. */
export function requiresLegalReview(findings: FindingDraft[]): boolean {
  return findings.some((f) => f.proposedAction === 'PENALTY');
}

/** Departments whose findings are under legal review (they revise when it is returned). */
export function departmentsUnderReview(findings: FindingDraft[]): string[] {
  return [...new Set(findings.filter((f) => f.proposedAction === 'PENALTY').map((f) => f.departmentCode))];
}

export interface ReviewerCredentials {
  officerId: string;
  name: string;
  isLegalReviewer: boolean;
  legalQualified: boolean;
}

/** A reviewer holds the legal qualification and is not a member of the visiting team. */
export function validateReviewer(options: {
  reviewer: ReviewerCredentials;
  visitingOfficerIds: string[];
}): RuleViolation[] {
  const { reviewer, visitingOfficerIds } = options;
  const violations: RuleViolation[] = [];
  if (!reviewer.isLegalReviewer || !reviewer.legalQualified) {
    violations.push({
      code: 'REVIEWER_NOT_QUALIFIED',
      message: `${reviewer.name} 不具备法制审核资格（须取得法律职业资格），不能进行法制审核`,
    });
  }
  if (visitingOfficerIds.includes(reviewer.officerId)) {
    violations.push({
      code: 'REVIEWER_IN_TEAM',
      message: `${reviewer.name} 是本次检查组成员，不能审核本案（审核与执法分离）`,
    });
  }
  return violations;
}

