/**
 * The county's officers as records (who holds which 执法证 until when), apart from login
 * (domain/accounts.ts) and the §42 count (domain/inspection.ts validateCertifiedQuorum).
 */
import { daysBetween } from './dates';

/** Warn this many days before an enforcement certificate expires (configurable: CERTIFICATE_WARNING_DAYS). */
export const DEFAULT_CERTIFICATE_WARNING_DAYS = 30;

export type CertificateState = 'NONE' | 'VALID' | 'EXPIRING' | 'EXPIRED';

export const CERTIFICATE_STATE_LABELS: Record<CertificateState, string> = {
  NONE: '无执法证',
  VALID: '有效',
  EXPIRING: '即将到期',
  EXPIRED: '已过期',
};

export interface CertificateStatus {
  state: CertificateState;
  /** Days from onDate to the expiry date (0: expires today, negative: expired); null without a certificate. */
  daysLeft: number | null;
}

/** The certificate's state on a China date: EXPIRING within `warningDays` of its last valid day (inclusive). */
export function certificateStatus(
  officer: { certificateNo: string | null; certificateExpiresOn: string | null },
  onDate: string,
  warningDays: number = DEFAULT_CERTIFICATE_WARNING_DAYS,
): CertificateStatus {
  if (!officer.certificateNo || !officer.certificateExpiresOn) return { state: 'NONE', daysLeft: null };
  const daysLeft = daysBetween(onDate.slice(0, 10), officer.certificateExpiresOn.slice(0, 10));
  if (daysLeft < 0) return { state: 'EXPIRED', daysLeft };
  return { state: daysLeft <= warningDays ? 'EXPIRING' : 'VALID', daysLeft };
}

/** 中国大陆手机号 or a landline with area code. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
