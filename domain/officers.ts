/**
 * The county's officers as records (who holds which 执法证 until when), apart from login
 * (domain/accounts.ts) and the §42 count (domain/inspection.ts validateCertifiedQuorum).
 */
import { daysBetween } from './dates';
import { withinTownships, type TownshipScope } from './townships';

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

// ---- the county's officer records as an ADMIN keeps them (api/services/officers.ts) ----

/** What an officer record must hold together, whichever fields an edit changed. */
export interface OfficerRecord {
  roles: readonly string[];
  departmentCode: string | null;
  countyWide: boolean;
  townshipIds: readonly string[];
  certificateNo: string | null;
  certificateExpiresOn: string | null;
  legalQualified: boolean;
  legalQualificationNo: string | null;
}

export interface RecordProblem {
  code: string;
  path: string;
  message: string;
}

/**
 * The record's own consistency: an INSPECTOR enforces for a department with a 执法证 (§42); a
 * certificate is its number and its last valid day together; a legal qualification is claimed
 * with its certificate number (§58 asks first-time reviewers for it, and a reviewer without it
 * stays a valid record: the review step refuses them, REVIEWER_NOT_ELIGIBLE); an officer serves
 * at least one township or the whole county, else they could reach nothing.
 */
export function officerRecordProblems(record: OfficerRecord): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const hasNo = Boolean(record.certificateNo);
  const hasExpiry = Boolean(record.certificateExpiresOn);
  if (hasNo && !hasExpiry) problems.push({ code: 'CERTIFICATE_INCOMPLETE', path: 'certificateExpiresOn', message: '填写执法证号时须填写执法证有效期至' });
  if (!hasNo && hasExpiry) problems.push({ code: 'CERTIFICATE_INCOMPLETE', path: 'certificateNo', message: '填写执法证有效期时须填写执法证号' });
  if (record.roles.includes('INSPECTOR')) {
    if (!record.departmentCode) problems.push({ code: 'INSPECTOR_DEPARTMENT_REQUIRED', path: 'departmentCode', message: '部门执法人员须属于一个执法部门' });
    if (!hasNo) problems.push({ code: 'INSPECTOR_CERTIFICATE_REQUIRED', path: 'certificateNo', message: '部门执法人员须持有执法证（《行政处罚法》第四十二条），请填写执法证号和有效期' });
  }
  if (record.legalQualified && !record.legalQualificationNo) {
    problems.push({ code: 'LEGAL_QUALIFICATION_NO_REQUIRED', path: 'legalQualificationNo', message: '具备法律职业资格的，须填写法律职业资格证书编号' });
  }
  if (!record.legalQualified && record.legalQualificationNo) {
    problems.push({ code: 'LEGAL_QUALIFICATION_NO_REQUIRED', path: 'legalQualified', message: '填写了法律职业资格证书编号，legalQualified 须为 true' });
  }
  if (!record.countyWide && record.townshipIds.length === 0) {
    problems.push({ code: 'TOWNSHIP_REQUIRED', path: 'townshipIds', message: '请至少指定一个服务的乡镇（街道），或设为全县范围' });
  }
  return problems;
}

/** Where an officer works, as township reach sees it (domain/townships.ts TownshipAssignment). */
export interface OfficerPlacement {
  countyWide: boolean;
  townshipIds: readonly string[];
  departmentTownshipId: string | null;
}

/**
 * Whether an ADMIN of `scope` manages this officer: county-wide ADMINs everyone; a township
 * ADMIN those serving one of the ADMIN's townships, never a county-wide officer (a county
 * leader is the county's to manage, not one township's).
 */
export function officerWithinReach(scope: TownshipScope, officer: OfficerPlacement): boolean {
  if (scope === null) return true;
  if (officer.countyWide) return false;
  return [...officer.townshipIds, officer.departmentTownshipId].some((id) => id != null && withinTownships(scope, id));
}

/**
 * The townships an edit may set: only those within the ADMIN's reach, and countyWide only by a
 * county-wide ADMIN. Problems name the townships out of reach.
 */
export function assignmentRefusals(scope: TownshipScope, requested: { countyWide?: boolean; townshipIds?: readonly string[] }): RecordProblem[] {
  if (scope === null) return [];
  const problems: RecordProblem[] = [];
  if (requested.countyWide) problems.push({ code: 'TOWNSHIP_OUT_OF_REACH', path: 'countyWide', message: '只有全县范围的系统管理员可以设置全县范围人员' });
  for (const id of requested.townshipIds ?? []) {
    if (!withinTownships(scope, id)) problems.push({ code: 'TOWNSHIP_OUT_OF_REACH', path: 'townshipIds', message: `乡镇 ${id} 不在您的管理范围内` });
  }
  return problems;
}

/**
 * A township ADMIN's list replaces only the part of the officer's townships they reach; the
 * townships of others stay (another township's ADMIN assigned them).
 */
export function mergedTownships(scope: TownshipScope, current: readonly string[], requested: readonly string[]): string[] {
  const kept = scope === null ? [] : current.filter((id) => !withinTownships(scope, id));
  return [...new Set([...kept, ...requested])].sort();
}
