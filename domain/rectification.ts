/**
 * Rectification (责令改正) of a finding: the order with its deadline in working days, its
 * extensions, the re-inspection (复查) when the deadline has passed, and what follows a failed
 * re-inspection. Also the 首违不罚 suggestion (《中华人民共和国行政处罚法》第三十三条).
 * Pure: no I/O, no clock — the workflow and the API pass dates and history in.
 */
import type { CalendarDeadline } from './calendar';
import type { Severity } from './catalog';
import type { RuleViolation } from './rules';

/**
 * ORDERED: the order is in force, deadline not yet passed. DUE: the deadline passed, the
 * re-inspection is due. RECHECK_SCHEDULED: a joint visit to re-check the item exists.
 * PASSED and ESCALATED end the order (a failed re-check is FAILED only for the moment it
 * takes to record the follow-up).
 */
export const RECTIFICATION_STATUSES = ['ORDERED', 'DUE', 'RECHECK_SCHEDULED', 'PASSED', 'FAILED', 'ESCALATED'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECHECK_RESULTS = ['PASSED', 'FAILED'] as const;
export type RecheckResult = (typeof RECHECK_RESULTS)[number];

/** After a failed re-check: a second rectification order, or filing a case (立案). */
export const ESCALATION_KINDS = ['SECOND_ORDER', 'CASE'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

/** Configurable local practice, carried in the workflow input. */
export interface RectificationPolicy {
  /** Deadline of an order when the officer does not set one, in working days. */
  defaultWorkingDays: number;
  /** Extensions allowed per order. */
  maxExtensions: number;
  /** Working days one extension adds when the request does not say. */
  defaultExtensionWorkingDays: number;
  /** Upper bound on any deadline or extension an officer may set, in working days. */
  maxWorkingDays: number;
  /**
   * A due re-check joins a visit of the same business already scheduled within this many
   * working days after the deadline (进一次门); otherwise it gets a visit of its own. Optional
   * only because orders started before it existed do not carry it.
   */
  recheckMergeWorkingDays?: number;
}

export const DEFAULT_RECTIFICATION_POLICY: RectificationPolicy = {
  defaultWorkingDays: 10,
  maxExtensions: 2,
  defaultExtensionWorkingDays: 5,
  maxWorkingDays: 60,
  recheckMergeWorkingDays: 5,
};

export interface ExtensionRecord {
  reason: string;
  workingDays: number;
  previousDeadline: string;
  newDeadline: string;
  at: string;
  /** The calendar newDeadline was counted on (absent on extensions made before it was kept). */
  basis?: CalendarDeadline;
}

export function isEnded(status: RectificationStatus): boolean {
  return status === 'PASSED' || status === 'ESCALATED';
}

/** What decides whether a finding may receive a rectification order (责令改正). */
export interface OrderCandidate {
  proposedAction: 'RECTIFY' | 'PENALTY';
  /** The finding's end state, if it has one. */
  outcome: string | null;
  /** It re-checks an order whose failed re-check was sent on to a case (立案). */
  escalatedToCase: boolean;
  /** An order was made for it already: one per finding, ever. */
  alreadyOrdered: boolean;
}

/**
 * Who may receive an order: a finding whose proposal is correction, that has not ended, whose
 * matter has not gone on to a case, and that has no order yet. The first refusal decides.
 */
export function validateOrderEligibility(candidate: OrderCandidate): RuleViolation[] {
  if (candidate.proposedAction !== 'RECTIFY') {
    return [{ code: 'RECTIFICATION_NOT_PROPOSED', message: '该检查发现的处理建议不是责令改正，不能下达整改通知' }];
  }
  if (candidate.outcome) return [{ code: 'FINDING_ALREADY_RESOLVED', message: '该检查发现已有处理结果' }];
  if (candidate.escalatedToCase) {
    return [{ code: 'FINDING_ALREADY_DISPOSED', message: '该事项此前已责令改正且复查不合格并决定移送立案，应立案查处，不能再次责令改正' }];
  }
  if (candidate.alreadyOrdered) {
    return [{ code: 'RECTIFICATION_ALREADY_ORDERED', message: '该检查发现已下达过责令改正，每个发现只能下达一次' }];
  }
  return [];
}

/** A deadline in working days within the policy's bounds. */
export function validateWorkingDays(workingDays: number, policy: RectificationPolicy): RuleViolation[] {
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > policy.maxWorkingDays) {
    return [
      {
        code: 'RECTIFICATION_DEADLINE_INVALID',
        message: `整改期限须为 1 至 ${policy.maxWorkingDays} 个工作日的整数`,
        path: 'workingDays',
      },
    ];
  }
  return [];
}

/**
 * An extension is allowed while the order is in force and its deadline has not passed
 * (`today` ≤ deadline, China dates), with a reason, up to `maxExtensions` times.
 */
export function validateExtension(options: {
  status: RectificationStatus;
  deadline: string;
  today: string;
  extensions: number;
  reason: string;
  workingDays: number;
  policy: RectificationPolicy;
}): RuleViolation[] {
  const { policy } = options;
  if (options.status !== 'ORDERED' || options.today > options.deadline) {
    return [{ code: 'RECTIFICATION_DEADLINE_PASSED', message: `整改期限（${options.deadline}）已过，不能再延期` }];
  }
  if (options.extensions >= policy.maxExtensions) {
    return [{ code: 'RECTIFICATION_EXTENSIONS_EXHAUSTED', message: `整改期限最多可延长 ${policy.maxExtensions} 次，已延长 ${options.extensions} 次` }];
  }
  if (options.reason.trim().length === 0) {
    return [{ code: 'REASON_REQUIRED', message: '延长整改期限必须说明理由', path: 'reason' }];
  }
  return validateWorkingDays(options.workingDays, policy);
}

/** The follow-up of a failed re-check: a second order first, a case once an earlier order failed. */
export function escalationFor(options: { priorFailedOrders: number; requested?: EscalationKind }): EscalationKind {
  if (options.requested) return options.requested;
  return options.priorFailedOrders > 0 ? 'CASE' : 'SECOND_ORDER';
}

export interface NoPenaltyFinding {
  severity: Severity;
  itemCode: string;
  /** On the county's 首违不罚 list in effect on the visit's day (db/county-rules.ts noPenaltyListedOn). */
  listed: boolean;
  targetId: string;
  /** China date the finding was made (YYYY-MM-DD). */
  foundOn: string;
}

/** Earlier findings on the same target, as the caller found them in the database. */
export interface EarlierFinding {
  itemCode: string;
  foundOn: string;
}

export interface NoPenaltySuggestion {
  suggested: boolean;
  legalBasis: string;
  reasons: string[];
  /** Always a suggestion: "corrected in time" is only known later and the decision is the officer's. */
  note: string;
}

export const NO_PENALTY_LEGAL_BASIS =
  '《中华人民共和国行政处罚法》第三十三条第一款：初次违法且危害后果轻微并及时改正的，可以不予行政处罚。';

/**
 * 首违不罚 suggestion: the item is on the county's no-penalty list in effect, its severity is MINOR
 * ("minor harm") and there was no earlier finding of the same item for this target in the same
 * calendar year ("first offence").
 */
export function suggestNoPenalty(finding: NoPenaltyFinding, history: EarlierFinding[]): NoPenaltySuggestion {
  const year = finding.foundOn.slice(0, 4);
  const repeats = history.filter((h) => h.itemCode === finding.itemCode && h.foundOn.slice(0, 4) === year && h.foundOn < finding.foundOn);
  const reasons: string[] = [];
  const minor = finding.severity === 'MINOR';
  reasons.push(finding.listed ? '该事项列入首违不罚（轻微违法行为不予处罚）清单' : '该事项未列入首违不罚（轻微违法行为不予处罚）清单');
  reasons.push(minor ? '问题等级为轻微（危害后果轻微）' : `问题等级为${finding.severity === 'MAJOR' ? '严重' : '一般'}，不属于危害后果轻微`);
  reasons.push(
    repeats.length === 0
      ? `本年度该检查对象此前未发现同一事项（${finding.itemCode}）的问题（初次违法）`
      : `本年度该检查对象此前已发现同一事项（${finding.itemCode}）的问题 ${repeats.length} 次，不属于初次违法`,
  );
  return {
    suggested: finding.listed && minor && repeats.length === 0,
    legalBasis: NO_PENALTY_LEGAL_BASIS,
    reasons,
    note: '仅为建议：还须当事人在责令改正期限内及时改正，是否不予处罚由执法人员依法决定。',
  };
}
