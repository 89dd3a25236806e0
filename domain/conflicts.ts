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

// ---- who declares and decides, and who is withdrawn (api/services/conflicts.ts, inspections, cases) ----

export interface ConflictRecord {
  officerId: string;
  targetId: string;
  status: string;
}

/**
 * The officers of `officerIds` withdrawn from `targetId` by a decided recusal, in the order
 * asked — the one rule behind a directly scheduled team and a case's investigators.
 */
export function recusedAmong(conflicts: readonly ConflictRecord[], officerIds: readonly string[], targetId: string): string[] {
  const barred = new Set(conflicts.filter((c) => c.targetId === targetId && barsAssignment(c.status)).map((c) => c.officerId));
  return officerIds.filter((id) => barred.has(id));
}

/**
 * A new declaration is pointless while one is pending (the head has not yet decided) or upheld
 * (the officer is already withdrawn); after a dismissal new facts may be declared again.
 */
export function blocksNewDeclaration(status: string): boolean {
  return status === 'PENDING' || status === 'UPHELD';
}

export interface Declarant {
  officerId: string;
  roles: readonly string[];
}

/**
 * Who may record a declaration (§43 names two ways in): the officer's own, by the officer or
 * recorded for them by an ADMIN/COORDINATOR; the party's request, by whoever receives it in
 * the team (COORDINATOR, INSPECTOR) or an ADMIN. Null when allowed, else the refusal's words.
 */
export function declarationRefusal(declarant: Declarant, declaration: { officerId: string; source: ConflictSource }): string | null {
  const has = (...roles: string[]) => roles.some((r) => declarant.roles.includes(r));
  if (declaration.source === 'OFFICER') {
    if (declarant.officerId === declaration.officerId || has('ADMIN', 'COORDINATOR')) return null;
    return '本人申请回避须由该执法人员本人提出，或由综合执法协调员、系统管理员代为登记';
  }
  if (has('COORDINATOR', 'INSPECTOR', 'ADMIN')) return null;
  return '当事人的回避申请须由综合执法协调员、执法人员或系统管理员登记';
}

export type DecisionRefusal = { code: 'CONFLICT_SELF_DECISION' | 'CONFLICT_ALREADY_DECIDED'; message: string };

/**
 * The head decides (§43): never the officer concerned, and only a pending declaration — a
 * decided one stands (a new declaration is the way to raise new facts).
 */
export function decisionRefusal(deciderId: string, conflict: { officerId: string; status: string }): DecisionRefusal | null {
  if (deciderId === conflict.officerId) {
    return { code: 'CONFLICT_SELF_DECISION', message: '回避申请涉及您本人，不能由您决定，须由其他负责人决定' };
  }
  if (conflict.status !== 'PENDING') {
    const label = CONFLICT_STATUS_LABELS[conflict.status as ConflictStatus] ?? conflict.status;
    return { code: 'CONFLICT_ALREADY_DECIDED', message: `该回避申请已有决定（${label}），不能再次决定` };
  }
  return null;
}
