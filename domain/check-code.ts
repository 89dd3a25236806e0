/**
 * 检查码 (亮码检查, 国办发〔2024〕54号 扫码入企): before entering, the officers show the visit's
 * code; the business scans it without logging in and sees whether the visit is registered,
 * who may inspect (names and 执法证 numbers, nothing else of them), what may be checked and on
 * what legal basis — after the visit the results and documents. These are the rules of it; the
 * token is signed in db/check-codes.ts and served by api/services/check-codes.ts.
 */
import { startOfChinaDate } from './dates';
import type { InspectionStatus } from './inspection';

/** How long after the end of the visit's day (China time) a code still opens the visit. */
export const DEFAULT_CHECK_CODE_MARGIN_MS = 24 * 3600_000;

/** Where a business reports people at its door without a registered inspection (configurable). */
export const DEFAULT_UNREGISTERED_REPORT_HINT = '如有人员未出示有效检查码而要求入户检查，可拒绝检查，并拨打 12345 政务服务便民热线举报';

/** The last instant a visit's code opens it: the end of the visit's China calendar day plus the margin. */
export function checkCodeExpiry(visitDate: string, marginMs: number = DEFAULT_CHECK_CODE_MARGIN_MS): Date {
  const endOfDay = startOfChinaDate(visitDate) + 24 * 3600_000;
  return new Date(endOfDay + marginMs);
}

/** Whether the visit has been carried out: then the business also sees its results and documents. */
export function visitCarriedOut(status: InspectionStatus): boolean {
  return status !== 'SCHEDULED' && status !== 'ON_SITE' && status !== 'CANCELLED';
}

/** The refusals the public page shows, one message each. */
export const CHECK_CODE_MESSAGES = {
  notRegistered: (reportHint: string) => `不是登记的检查：该检查码无效，不是本县登记的联合检查。${reportHint}`,
  expired: (visitDate: string, reportHint: string) => `该检查码已过期：它属于 ${visitDate} 的检查，已不能用于入户检查。${reportHint}`,
  cancelled: (reportHint: string) => `该检查已取消，检查人员不应再以此检查入户。${reportHint}`,
};

/** What of an officer the business may see: the name and the 执法证 number, nothing else (no phone, no id). */
export interface PublicOfficer {
  name: string;
  certificateNo: string | null;
}

export function publicOfficer(officer: { name: string; certificateNo: string | null }): PublicOfficer {
  return { name: officer.name, certificateNo: officer.certificateNo };
}
