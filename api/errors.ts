/**
 * One error type for the API. Every error leaves as `{ error: { code, message, issues? } }`
 * with a status from its code; an unexpected error is a 500 that leaks nothing.
 */
import type { ErrorRequestHandler } from 'express';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { isRuleCode, RULE_CODES, type RuleViolation } from '../domain/rules';
import { ENGINE_RETRY_AFTER_SECONDS, isEngineUnreachable } from './engine';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FORBIDDEN_DEPARTMENT: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INSPECTION_NOT_FOUND: 404,
  DEPARTMENT_NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  IDEMPOTENCY_KEY_MISMATCH: 422,
  UNKNOWN_REFERENCE: 422,
  ITEM_NOT_IN_SCENARIO: 422,
  SCHEDULED_IN_PAST: 422,
  WINDOW_OUTSIDE_PERIOD: 422,
  CALENDAR_YEAR_UNKNOWN: 422,
  CALENDAR_DATA_INVALID: 422,
  SERVICE_UNAVAILABLE: 503,
  ENGINE_UNAVAILABLE: 503,
  INTERNAL: 500,
  // Enforcement documents (文书)
  DOCUMENT_NOT_FOUND: 404,
  DOCUMENT_NOT_AVAILABLE: 409,
  DOCUMENT_INCOMPLETE: 422,
  // Satisfaction ratings (满意度): one anonymous rating per closed inspection
  INSPECTION_NOT_CLOSED: 409,
  RATING_LINK_EXISTS: 409,
  RATING_LINK_NOT_FOUND: 404,
  RATING_LINK_EXPIRED: 410,
  RATING_ALREADY_SUBMITTED: 409,
  // 检查码 (亮码检查): the business scans the visit's code (api/services/check-codes.ts)
  CHECK_CODE_NOT_REGISTERED: 404,
  CHECK_CODE_EXPIRED: 410,
  CHECK_CODE_CANCELLED: 410,
  CHECK_CODE_NOT_AVAILABLE: 409,
  // Accounts and login
  LOGIN_FAILED: 401,
  SECOND_FACTOR_REQUIRED: 401,
  ACCOUNT_DISABLED: 403,
  ACCOUNT_LOCKED: 423,
  // The county's organisation (townships)
  TOWNSHIP_NOT_FOUND: 404,
  TOWNSHIP_EXISTS: 409,
  TOWNSHIP_REQUIRED: 422,
  OFFICER_NOT_SERVING_TOWNSHIP: 422,
  DEPARTMENT_EXISTS: 409,
  PASSWORD_TOO_WEAK: 422,
  PASSWORD_CHANGE_REQUIRED: 403,
  SECOND_FACTOR_ENROLMENT_REQUIRED: 403,
  CSRF_TOKEN_INVALID: 403,
  TOTP_ALREADY_ENABLED: 409,
  TOTP_NOT_STARTED: 409,
  TOTP_INVALID: 422,
  USERNAME_TAKEN: 409,
  TOKEN_SCOPE_INVALID: 422,
  TOO_MANY_REQUESTS: 429,
  // The county's officers (api/services/officers.ts)
  OFFICER_NOT_FOUND: 404,
  OFFICER_RECORD_INVALID: 422,
  UNKNOWN_DEPARTMENT: 422,
  UNKNOWN_TOWNSHIP: 422,
  TOWNSHIP_OUT_OF_REACH: 403,
  CERTIFICATE_NO_TAKEN: 409,
  OFFICER_ALREADY_DEACTIVATED: 409,
  OFFICER_ALREADY_ACTIVE: 409,
  OFFICER_SELF_DEACTIVATION: 422,
  // Recusal (回避, 行政处罚法 §43; api/services/conflicts.ts)
  CONFLICT_NOT_FOUND: 404,
  // The officer's own inbox (提醒; api/services/notifications.ts)
  NOTIFICATION_NOT_FOUND: 404,
  CONFLICT_ALREADY_DECLARED: 409,
  CONFLICT_ALREADY_DECIDED: 409,
  CONFLICT_SELF_DECISION: 403,
  CONFLICT_DECLARANT_NOT_ALLOWED: 403,
  UNKNOWN_OFFICER: 422,
  UNKNOWN_TARGET: 422,
  CHECK_IN_POSITION_INVALID: 422,
  OFFICER_RECUSED: 422,
  // Businesses (检查对象) and the register import (api/services/businesses.ts)
  BUSINESS_NOT_FOUND: 404,
  BUSINESS_INVALID: 422,
  CREDIT_CODE_INVALID: 422,
  CREDIT_CODE_TAKEN: 409,
  VILLAGE_NOT_IN_TOWNSHIP: 422,
  UNKNOWN_SCENARIO: 422,
  PHONE_INVALID: 422,
  DATE_INVALID: 422,
  DO_NOT_DISTURB_REASON_REQUIRED: 422,
  DO_NOT_DISTURB_PERIOD_INVALID: 422,
  DO_NOT_DISTURB_NOT_SET: 422,
  COORDINATES_INCOMPLETE: 422,
  COORDINATE_OUT_OF_RANGE: 422,
  FILE_MISSING: 400,
  IMPORT_FILE_TYPE_UNSUPPORTED: 415,
  IMPORT_FILE_UNREADABLE: 422,
  IMPORT_HEADERS_INVALID: 422,
  IMPORT_TOO_MANY_ROWS: 422,
  IMPORT_HAS_ERRORS: 422,
  // Scenario-list versions (场景清单版本, domain/scenario-lists.ts)
  SCENARIO_LIST_NOT_FOUND: 404,
  SCENARIO_LIST_PUBLISHED: 409,
  SCENARIO_LIST_INVALID_STATE: 409,
  SCENARIO_LIST_DRAFT_EXISTS: 409,
  SCENARIO_LIST_NOT_IN_EFFECT: 422,
  EFFECTIVE_DATE_IN_PAST: 422,
  EFFECTIVE_DATE_BEFORE_PUBLISHED: 422,
  CHECK_ITEM_EXISTS: 409,
  CHECK_ITEM_INVALID: 422,
  LEGAL_BASIS_INVALID: 422,
  // The county's 首违不罚 list and frequency caps as published versions (domain/county-rules.ts)
  COUNTY_RULE_NOT_FOUND: 404,
  COUNTY_RULE_PUBLISHED: 409,
  COUNTY_RULE_INVALID_STATE: 409,
  COUNTY_RULE_DRAFT_EXISTS: 409,
  COUNTY_RULE_NOT_IN_EFFECT: 422,
  NO_PENALTY_ITEM_NOT_ALLOWED: 422,
  // Direct scheduling: the caps, the ledger and visits to join (domain/scheduling.ts)
  VISIT_EXISTS_IN_WINDOW: 409,
  FREQUENCY_CAP_REACHED: 422,
  // Rule-of-law registers (domain/rule-of-law.ts)
  NORMATIVE_DOCUMENT_NOT_FOUND: 404,
  MAJOR_DECISION_NOT_FOUND: 404,
  DISPUTE_NOT_FOUND: 404,
  LEGAL_LIAISON_NOT_FOUND: 404,
  LEGAL_CHALLENGE_NOT_FOUND: 404,
  LAW_EXPLANATION_EXISTS: 409,
  // Evidence files (api/services/evidence.ts)
  EVIDENCE_NOT_FOUND: 404,
  EVIDENCE_UPLOAD_INVALID: 400,
  // A well-formed upload whose content cannot be taken: an empty file, a place out of range or half given.
  EVIDENCE_FILE_EMPTY: 422,
  EVIDENCE_SITE_INVALID: 422,
  EVIDENCE_TOO_LARGE: 413,
  EVIDENCE_TYPE_UNSUPPORTED: 415,
  EVIDENCE_STORAGE_UNAVAILABLE: 503,
  // The same Idempotency-Key sent again with another file (api/services/evidence.ts)
  EVIDENCE_KEY_REUSED: 409,
  // The signed 现场检查笔录 (domain/inspection-record.ts)
  RECORD_NOT_FOUND: 404,
  RECORD_EXISTS: 409,
  RECORD_SIGNED: 409,
  RECORD_SUPERSEDED: 409,
  RECORD_NOT_SIGNED: 409,
  RECORD_ALREADY_SIGNED: 409,
  RECORD_SIGNER_NOT_PRESENT: 403,
  RECORD_WITNESS_REQUIRED: 422,
  RECORD_SIGNATURE_REQUIRED: 422,
  SIGNATURE_IMAGE_INVALID: 422,
  SIGNATURE_IMAGE_TOO_LARGE: 413,
  // 检查结果公示, where the county has chosen it (PUBLISH_INSPECTION_RESULTS)
  RESULTS_PUBLICATION_NOT_ENABLED: 404,
} as const;

export type AppErrorCode = keyof typeof ERROR_STATUS | keyof typeof RULE_CODES;

const KIND_STATUS = { conflict: 409, unprocessable: 422, forbidden: 403, not_found: 404 } as const;

export function statusOf(code: AppErrorCode): number {
  if (isRuleCode(code)) return KIND_STATUS[RULE_CODES[code]];
  return ERROR_STATUS[code as keyof typeof ERROR_STATUS];
}

export interface ErrorIssue {
  code?: string;
  path?: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  /** Sent as Retry-After (a lockout, a rate limit). */
  retryAfterSeconds?: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** Machine-readable facts of the refusal (e.g. the visit to join), sent as `error.details`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = statusOf(code);
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在`);

/**
 * Turns a refused workflow update (a rule the workflow enforces) into an AppError with the
 * rule's stable code and the list of violations. Anything else is passed through.
 */
export function fromTemporal(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const type = failure.type ?? '';
    if (isRuleCode(type)) {
      const violations = (failure.details?.[0] as RuleViolation[] | undefined) ?? [];
      return new AppError(
        type,
        failure.message,
        violations.map((v) => ({ code: v.code, path: v.path, message: v.message })),
      );
    }
  }
  // A step whose activity could not compute a date because the holiday calendar of that year
  // is missing is a configuration gap the person can act on (the message says which year).
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ActivityFailure) {
    const inner = error.cause.cause;
    if (inner instanceof ApplicationFailure && inner.type === 'CALENDAR_YEAR_UNKNOWN') {
      return new AppError('CALENDAR_YEAR_UNKNOWN', inner.message);
    }
  }
  if (isEngineUnreachable(error)) {
    return new AppError('ENGINE_UNAVAILABLE', '流程引擎暂时无法连接，本次办理可能未完成，请稍后重试（查询不受影响）');
  }
  if (error instanceof WorkflowNotFoundError) {
    return new AppError('NOT_FOUND', '该流程不存在或已结束');
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new AppError('CONFLICT', '该联合检查已经存在');
  }
  return error;
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const mapped = fromTemporal(error);
  if (mapped instanceof AppError) {
    if (mapped.code === 'ENGINE_UNAVAILABLE') res.setHeader('Retry-After', String(ENGINE_RETRY_AFTER_SECONDS));
    if (mapped.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
    res.status(mapped.status).json({
      error: {
        code: mapped.code,
        message: mapped.message,
        ...(mapped.issues?.length ? { issues: mapped.issues } : {}),
        ...(mapped.details ? { details: mapped.details } : {}),
      },
    });
    return;
  }
  // body-parser errors carry a status and a type; they are the client's mistakes.
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' } });
    return;
  }
  if (e?.type === 'entity.too.large') {
    res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' } });
    return;
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({ error: { code: 'VALIDATION_FAILED', message: '请求无效' } });
    return;
  }
  req.log?.error({ err: error }, 'unhandled error');
  res.status(500).json({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' } });
};
