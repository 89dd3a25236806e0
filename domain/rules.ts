/**
 * Stable codes for the rules the system enforces. Workflows throw them (as ApplicationFailure
 * types), the API maps them to HTTP by their kind. A person reads the message; a program
 * reads the code.
 */
export type RuleKind = 'conflict' | 'unprocessable' | 'forbidden' | 'not_found';

export const RULE_CODES = {
  INVALID_STATE: 'conflict',
  CHECKS_ALREADY_DONE: 'conflict',
  ALREADY_CLOSED: 'conflict',
  TEAM_RULE_VIOLATED: 'unprocessable',
  DEPARTMENT_NOT_ASSIGNED: 'unprocessable',
  INVALID_CHECK_RESULTS: 'unprocessable',
  REVIEW_OPINION_REQUIRED: 'unprocessable',
  REVIEWER_NOT_ELIGIBLE: 'forbidden',
  // 532 rapid response
  EVENT_NOT_FOUND: 'not_found',
  EVENT_ALREADY_CLOSED: 'conflict',
  NOT_A_RESPONDER: 'forbidden',
  ALREADY_CHECKED_IN: 'conflict',
  RESPONDERS_REQUIRED: 'unprocessable',
  // Administrative cases (立案)
  CASE_INVESTIGATORS_INSUFFICIENT: 'unprocessable',
  NOT_A_CASE_INVESTIGATOR: 'forbidden',
  LEGAL_REVIEW_NOT_PASSED: 'conflict',
  COLLECTIVE_DECISION_REQUIRED: 'conflict',
  COLLECTIVE_DECISION_NOT_ALLOWED: 'conflict',
  REVIEW_ALREADY_EXTENDED: 'conflict',
  CASE_SUSPENDED: 'conflict',
  REASON_REQUIRED: 'unprocessable',
  // The penalty procedure (domain/penalty-procedure.ts): notice, statements, hearing, service, payment
  PRIOR_NOTICE_REQUIRED: 'conflict',
  PRIOR_NOTICE_NOT_SERVED: 'conflict',
  STATEMENT_PERIOD_RUNNING: 'conflict',
  NOTICE_ALREADY_ISSUED: 'conflict',
  ALREADY_WAIVED: 'conflict',
  WAIVER_INCOMPLETE: 'unprocessable',
  STATEMENT_INCOMPLETE: 'unprocessable',
  NOTHING_TO_REEXAMINE: 'conflict',
  STATEMENTS_NOT_REEXAMINED: 'conflict',
  HEAVIER_PENALTY_REFUSED: 'unprocessable',
  NO_HEARING_RIGHT: 'unprocessable',
  HEARING_ALREADY_REQUESTED: 'conflict',
  HEARING_REQUEST_LATE: 'unprocessable',
  HEARING_PENDING: 'conflict',
  HEARING_NOTICE_TOO_SHORT: 'unprocessable',
  HEARING_NOTICE_NOT_SERVED: 'conflict',
  HEARING_NOTICE_TOO_LATE: 'conflict',
  HEARING_INCOMPLETE: 'unprocessable',
  HEARING_RECORD_UNSIGNED: 'unprocessable',
  PRESIDING_OFFICER_INELIGIBLE: 'unprocessable',
  NOT_PRESIDING_OFFICER: 'forbidden',
  SERVICE_INCOMPLETE: 'unprocessable',
  ALREADY_SERVED: 'conflict',
  PAYMENT_INVALID: 'unprocessable',
  PAYMENT_EXCEEDS_OUTSTANDING: 'unprocessable',
  ARRANGEMENT_EXISTS: 'conflict',
  ARRANGEMENT_AFTER_PAYMENT: 'conflict',
  PAYMENT_ALREADY_OVERDUE: 'conflict',
  INSTALMENTS_DO_NOT_ADD_UP: 'unprocessable',
  EXECUTION_BY_PAYMENT: 'conflict',
  EXECUTION_PENDING: 'conflict',
  ENFORCEMENT_NOT_DUE: 'conflict',
  // 执法公示 (domain/publicity.ts)
  PUBLICATION_INCOMPLETE: 'unprocessable',
  PUBLICATION_CONTAINS_PERSONAL_DATA: 'unprocessable',
  PUBLICATION_PENDING: 'conflict',
  DECISION_REVOKED: 'conflict',
  // Rectification (责令改正)
  RECTIFICATION_DEADLINE_INVALID: 'unprocessable',
  RECTIFICATION_DEADLINE_PASSED: 'conflict',
  RECTIFICATION_EXTENSIONS_EXHAUSTED: 'conflict',
  RECTIFICATION_NOT_PROPOSED: 'unprocessable',
  RECTIFICATION_ALREADY_ORDERED: 'conflict',
  // Findings to closure
  FINDING_ALREADY_RESOLVED: 'conflict',
  FINDING_ALREADY_DISPOSED: 'conflict',
  NO_PENALTY_NOT_APPLICABLE: 'unprocessable',
  // Simple procedure on the spot (当场处罚, 行政处罚法 §51–§52; domain/simple-procedure.ts)
  SIMPLE_PROCEDURE_NOT_ALLOWED: 'unprocessable',
  ON_THE_SPOT_OFFICER_NOT_ELIGIBLE: 'forbidden',
  ON_THE_SPOT_PENALTY_NOT_FOUND: 'not_found',
  ON_THE_SPOT_ALREADY_DECIDED: 'conflict',
  ACKNOWLEDGEMENT_INCOMPLETE: 'unprocessable',
  ALREADY_ACKNOWLEDGED: 'conflict',
  ALREADY_FILED: 'conflict',
  // Rule-of-law registers (domain/rule-of-law.ts)
  NORMATIVE_DOCUMENT_NOT_APPROVED: 'conflict',
  NORMATIVE_DISCUSSION_REQUIRED: 'conflict',
  NORMATIVE_DATE_INVALID: 'unprocessable',
  MAJOR_DECISION_LEGAL_OPINION_REQUIRED: 'unprocessable',
  MAJOR_DECISION_UNLAWFUL: 'unprocessable',
  MAJOR_DECISION_MEETING_REQUIRED: 'unprocessable',
  MAJOR_DECISION_QUORUM_NOT_MET: 'unprocessable',
  MAJOR_DECISION_NOT_PASSED: 'unprocessable',
  MAJOR_DECISION_ALREADY_TAKEN: 'conflict',
  MAJOR_DECISION_KIND_FROM_CASE: 'unprocessable',
  MEETING_RECORD_INVALID: 'unprocessable',
  DISPUTE_EVENT_REQUIRED: 'unprocessable',
  DISPUTE_EVENT_ALREADY_LINKED: 'conflict',
  DISPUTE_OUTCOME_INVALID: 'unprocessable',
  DISPUTE_ALREADY_CLOSED: 'conflict',
  LIAISON_RECORD_INVALID: 'unprocessable',
  CHALLENGE_DATES_INVALID: 'unprocessable',
  CHALLENGE_ACT_REQUIRED: 'unprocessable',
  CHALLENGE_OUTCOME_INVALID: 'unprocessable',
  CHALLENGE_ALREADY_CONCLUDED: 'conflict',
  CHALLENGE_NOT_EXTENDABLE: 'conflict',
} as const satisfies Record<string, RuleKind>;

export type RuleCode = keyof typeof RULE_CODES;

/** One thing wrong with a request, in words a person can act on. */
export interface RuleViolation {
  code: string;
  message: string;
  /** Where in the request, e.g. `results[2].measuredValue`. */
  path?: string;
}

export function isRuleCode(value: string): value is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULE_CODES, value);
}
