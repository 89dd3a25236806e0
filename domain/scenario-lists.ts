/**
 * Scenario lists (场景清单) as versioned, published lists. A draft picks catalog items; the
 * legal reviewer checks it (法制审核) and approves or returns it with an opinion; a leader
 * publishes it with an effective date. A published version never changes: a change is a new
 * version. The version in effect on a day is the published one with the latest effective date on
 * or before that day, so a visit scheduled under one version keeps its items when the next is
 * published, and 清单之外无检查 is checked against the version of the visit's day.
 */

export const SCENARIO_LIST_STATUSES = ['DRAFT', 'SUBMITTED', 'REVIEWED', 'RETURNED', 'PUBLISHED'] as const;
export type ScenarioListStatus = (typeof SCENARIO_LIST_STATUSES)[number];

export const SCENARIO_LIST_STATUS_LABELS: Record<ScenarioListStatus, string> = {
  DRAFT: '草稿',
  SUBMITTED: '待法制审核',
  REVIEWED: '审核通过待发布',
  RETURNED: '审核退回',
  PUBLISHED: '已发布',
};

export type ScenarioListAction = 'EDIT' | 'SUBMIT' | 'APPROVE' | 'RETURN' | 'PUBLISH';

/** Where each step may start from; everything else is refused. */
const ALLOWED_FROM: Record<ScenarioListAction, readonly ScenarioListStatus[]> = {
  // A returned draft is revised and submitted again.
  EDIT: ['DRAFT', 'RETURNED'],
  SUBMIT: ['DRAFT', 'RETURNED'],
  APPROVE: ['SUBMITTED'],
  RETURN: ['SUBMITTED'],
  PUBLISH: ['REVIEWED'],
};

const RESULT_OF: Record<ScenarioListAction, ScenarioListStatus> = {
  EDIT: 'DRAFT',
  SUBMIT: 'SUBMITTED',
  APPROVE: 'REVIEWED',
  RETURN: 'RETURNED',
  PUBLISH: 'PUBLISHED',
};

/**
 * The version 1 every scenario got from the catalog's list when versions were introduced (the
 * migration and the seed): in effect from a day before any visit the system can hold.
 */
export const INITIAL_LIST_EFFECTIVE_FROM = '2000-01-01';

export type ScenarioListRefusal =
  | { code: 'SCENARIO_LIST_PUBLISHED'; message: string }
  | { code: 'SCENARIO_LIST_INVALID_STATE'; message: string };

/**
 * The status after `action` for any published list (场景清单, 首违不罚清单, 频次上限 — one
 * procedure), or why it is refused: PUBLISHED whatever the step, since a published version is the
 * record decisions were taken under; INVALID_STATE when the step does not start from here.
 * `listName` names the list in the message.
 */
export function listVersionTransition(
  from: ScenarioListStatus,
  action: ScenarioListAction,
  listName: string,
): { ok: true; to: ScenarioListStatus } | { ok: false; reason: 'PUBLISHED' | 'INVALID_STATE'; message: string } {
  if (from === 'PUBLISHED') {
    return { ok: false, reason: 'PUBLISHED', message: `该版本已发布，已发布的${listName}不能再修改或重新发布；如需调整，请新建版本` };
  }
  if (!ALLOWED_FROM[action].includes(from)) {
    const allowed = ALLOWED_FROM[action].map((s) => SCENARIO_LIST_STATUS_LABELS[s]).join('或');
    return {
      ok: false,
      reason: 'INVALID_STATE',
      message: `该版本当前为“${SCENARIO_LIST_STATUS_LABELS[from]}”，只有“${allowed}”的版本才能${ACTION_LABELS[action]}`,
    };
  }
  return { ok: true, to: RESULT_OF[action] };
}

/** listVersionTransition for a scenario list, with the scenario lists' refusal codes. */
export function scenarioListTransition(
  from: ScenarioListStatus,
  action: ScenarioListAction,
): { ok: true; to: ScenarioListStatus } | ({ ok: false } & ScenarioListRefusal) {
  const result = listVersionTransition(from, action, '场景清单');
  if (result.ok) return result;
  return { ok: false, code: result.reason === 'PUBLISHED' ? 'SCENARIO_LIST_PUBLISHED' : 'SCENARIO_LIST_INVALID_STATE', message: result.message };
}

const ACTION_LABELS: Record<ScenarioListAction, string> = {
  EDIT: '修改',
  SUBMIT: '提交法制审核',
  APPROVE: '审核通过',
  RETURN: '审核退回',
  PUBLISH: '发布',
};

export interface PublishedVersionRef {
  id: string;
  version: number;
  status: string;
  effectiveFrom: string | null;
}

/**
 * The version in effect on `date` (YYYY-MM-DD): the published one with the latest effective date
 * on or before it; of two published for the same day, the later version. None before the first.
 */
export function versionInEffect<T extends PublishedVersionRef>(versions: readonly T[], date: string): T | undefined {
  let best: T | undefined;
  for (const v of versions) {
    if (v.status !== 'PUBLISHED' || v.effectiveFrom === null || v.effectiveFrom > date) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom! || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  return best;
}

/**
 * Every version in effect at some day of [from, to]: the one in effect on `from` and each
 * published to start inside the window. A request for a window must fit all of them.
 */
export function versionsInEffectDuring<T extends PublishedVersionRef>(versions: readonly T[], from: string, to: string): T[] {
  const first = versionInEffect(versions, from);
  const later = versions.filter((v) => v.status === 'PUBLISHED' && v.effectiveFrom !== null && v.effectiveFrom > from && v.effectiveFrom <= to);
  return [...(first ? [first] : []), ...later.sort((a, b) => a.effectiveFrom!.localeCompare(b.effectiveFrom!) || a.version - b.version)];
}

/** "场景“餐饮店”清单第2版" — how messages name a version. */
export function versionLabel(scenarioName: string, version: number): string {
  return `场景“${scenarioName}”清单第${version}版`;
}

export interface ListReviewer {
  roles: readonly string[];
  legalQualified: boolean;
}

/** 法制审核 is done by a legal reviewer who holds the national legal qualification (行政处罚法 §58). */
export function reviewerProblem(reviewer: ListReviewer, listName = '场景清单'): string | null {
  if (!reviewer.roles.includes('LEGAL_REVIEWER')) return `${listName}的法制审核须由法制审核人员办理`;
  if (!reviewer.legalQualified) return '办理法制审核的人员须取得国家统一法律职业资格';
  return null;
}

/** Publication is a leader's decision. */
export function publisherProblem(publisher: { roles: readonly string[] }, listName = '场景清单'): string | null {
  return publisher.roles.includes('LEADER') ? null : `${listName}须由领导发布`;
}

/**
 * A list takes effect on or after the day it is published (China date), never retroactively, and
 * not before a version already published for the scenario (`latestPublishedFrom`): versions take
 * effect in the order they are published, so a published version's period is never cut short
 * from behind.
 */
export function effectiveDateProblem(
  effectiveFrom: string,
  publishedOn: string,
  latestPublishedFrom?: string | null,
): { code: 'EFFECTIVE_DATE_IN_PAST' | 'EFFECTIVE_DATE_BEFORE_PUBLISHED'; message: string } | null {
  if (effectiveFrom < publishedOn) {
    return { code: 'EFFECTIVE_DATE_IN_PAST', message: `生效日期 ${effectiveFrom} 早于发布当日（${publishedOn}），已发布的清单不能溯及既往` };
  }
  if (latestPublishedFrom && effectiveFrom < latestPublishedFrom) {
    return {
      code: 'EFFECTIVE_DATE_BEFORE_PUBLISHED',
      message: `生效日期 ${effectiveFrom} 早于已发布版本的生效日期（${latestPublishedFrom}），请选择 ${latestPublishedFrom} 或以后的日期`,
    };
  }
  return null;
}

/**
 * A version's items: no code twice and, for a scenario list, at least one (a scenario without
 * items could not be inspected; an empty 首违不罚 list is a county's lawful choice).
 */
export function listItemsProblems(itemCodes: readonly string[], options: { listName?: string; allowEmpty?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (itemCodes.length === 0 && !options.allowEmpty) problems.push(`${options.listName ?? '场景清单'}至少应包含一个检查事项`);
  const seen = new Set<string>();
  for (const code of itemCodes) {
    if (seen.has(code)) problems.push(`检查事项 ${code} 重复`);
    seen.add(code);
  }
  return problems;
}

/** What a version changes against another: items added and removed (by code). */
export function listChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const is = new Set(after);
  return { added: after.filter((c) => !was.has(c)), removed: before.filter((c) => !is.has(c)) };
}

/**
 * A check item's legal basis must name the law (in 《》) and the article (第…条), so an officer
 * can look it up: the same rule the shipped catalog is held to.
 */
export function legalBasisProblem(legalBasis: string): string | null {
  if (!/《[^《》]+》/.test(legalBasis)) return '法律依据须写明法律法规名称（用《》括起）';
  if (!/第[零一二三四五六七八九十百千]+条/.test(legalBasis)) return '法律依据须写明条款（如“第五十五条”）';
  return null;
}

/** A new catalog item's code: the department's code, a dash and two or three digits, e.g. MARKET-12. */
export function checkItemCodeProblem(code: string, departmentCode: string): string | null {
  return new RegExp(`^${departmentCode}-\\d{2,3}$`).test(code) ? null : `检查事项编码须为“${departmentCode}-序号”，如 ${departmentCode}-21`;
}

/** A measured item's limits must be readable by the instrument: the same rule as the shipped catalog. */
export function measurementProblems(m: {
  kind: 'NONE' | 'NUMERIC';
  unit?: string;
  limitMin?: number;
  limitMax?: number;
  validMin?: number;
  validMax?: number;
}): string[] {
  if (m.kind === 'NONE') return [];
  const problems: string[] = [];
  if (!m.unit?.trim()) problems.push('计量型检查事项须写明计量单位');
  if (m.validMin === undefined || m.validMax === undefined || !(m.validMin < m.validMax)) {
    problems.push('计量型检查事项须写明仪器可测范围（下限小于上限）');
    return problems;
  }
  if (m.limitMin === undefined && m.limitMax === undefined) problems.push('计量型检查事项须至少写明一个限值');
  for (const [name, value] of [['下限值', m.limitMin], ['上限值', m.limitMax]] as const) {
    if (value !== undefined && (value < m.validMin || value > m.validMax)) problems.push(`${name} ${value} 超出仪器可测范围（${m.validMin}–${m.validMax}）`);
  }
  if (m.limitMin !== undefined && m.limitMax !== undefined && !(m.limitMin < m.limitMax)) problems.push('下限值须小于上限值');
  return problems;
}
