/**
 * 回避 (行政处罚法 §43): an officer with a direct interest in a business, or another relation that
 * may affect fair enforcement, is withdrawn — on the officer's own initiative or at the party's
 * request; the head of the organ (负责人) decides; the investigation continues meanwhile.
 */
export const CONFLICT_SOURCES = ['OFFICER', 'PARTY'] as const;
export type ConflictSource = (typeof CONFLICT_SOURCES)[number];
export const CONFLICT_SOURCE_LABELS: Record<ConflictSource, string> = { OFFICER: '本人申请回避', PARTY: '当事人申请回避' };

export const CONFLICT_STATUSES = ['PENDING', 'UPHELD', 'DISMISSED'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
export const CONFLICT_STATUS_LABELS: Record<ConflictStatus, string> = { PENDING: '待负责人决定', UPHELD: '决定回避', DISMISSED: '决定不予回避' };

/**
 * The random draw leaves out officers under a pending declaration too: picking someone who may
 * have to withdraw costs a re-draw later, leaving them out costs nothing.
 */
export function excludedFromDraw(status: string): boolean {
  return status === 'PENDING' || status === 'UPHELD';
}

/**
 * A decided withdrawal bars the officer from the business's visit team and its case. A pending
 * one does not (§43: the investigation is not stopped while the head decides).
 */
export function barsAssignment(status: string): boolean {
  return status === 'UPHELD';
}
