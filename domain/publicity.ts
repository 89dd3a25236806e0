/**
 * 执法公示 of penalty decisions: 国办发〔2018〕118号 (within 7 working days of the decision),
 * 《行政处罚法》§48 (a decision changed or revoked is withdrawn within 3 days), and the personal
 * data that never goes public (names of natural persons other than the party, ID numbers,
 * phone numbers, bank accounts; cases of minors not at all). Pure.
 */
import type { RuleViolation } from './rules';

export interface PublicityPolicy {
  /** Working days from the decision to its publication (agency side). */
  publishWorkingDays: number;
  /** A warning this many calendar days before the publication term ends. */
  warningDaysBefore: number;
  /** §48: working days (§85) to withdraw a changed or revoked decision. */
  withdrawWorkingDays: number;
}

export const DEFAULT_PUBLICITY_POLICY: PublicityPolicy = { publishWorkingDays: 7, warningDaysBefore: 2, withdrawWorkingDays: 3 };

// 18-digit resident ID (last may be X) and the old 15-digit one.
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
// Mobile numbers, and landlines with an area code (023-12345678, 02312345678).
const PHONE = /(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/g;
// Bank card and account numbers: 16–19 digits, possibly in groups of four.
const BANK_ACCOUNT = /(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)/g;

/** What personal data a text still holds, as violations naming the kind and where it starts. */
export function personalDataIn(text: string): RuleViolation[] {
  const found: RuleViolation[] = [];
  const scan = (pattern: RegExp, label: string) => {
    for (const match of text.matchAll(pattern)) {
      found.push({ code: 'PUBLICATION_CONTAINS_PERSONAL_DATA', path: `text[${match.index}]`, message: `公示内容含有${label}（第${(match.index ?? 0) + 1}个字符起），须删除后才能公示` });
    }
  };
  scan(ID_NUMBER, '身份证号码');
  scan(PHONE, '电话号码');
  // An ID number also looks like an account: count a digit run once.
  const withoutIds = text.replace(ID_NUMBER, (m) => 'x'.repeat(m.length));
  for (const match of withoutIds.matchAll(BANK_ACCOUNT)) {
    found.push({ code: 'PUBLICATION_CONTAINS_PERSONAL_DATA', path: `text[${match.index}]`, message: `公示内容含有银行账号（第${(match.index ?? 0) + 1}个字符起），须删除后才能公示` });
  }
  return found;
}

/** 张三 → 张某: the surname stays, as published decisions write it. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  return trimmed.length <= 1 ? '某' : `${trimmed[0]}某`;
}

/**
 * The text of a decision made fit to publish: numbers that identify a person removed, and the
 * names of the natural persons other than the party (witnesses, representatives, recipients)
 * masked. What cannot be recognised by pattern is for the publisher to remove; the check of
 * `personalDataIn` runs again on what is published.
 */
export function redactForPublication(text: string, otherPersons: string[]): string {
  let out = text.replace(ID_NUMBER, '（身份证号码已隐去）').replace(PHONE, '（电话号码已隐去）').replace(BANK_ACCOUNT, '（账号已隐去）');
  // Longest names first, so 王小明 is not left as 王某明 by a 王小 before it.
  for (const name of [...new Set(otherPersons.map((n) => n.replace(/（.*?）|\(.*?\)/g, '').trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length)) {
    out = out.split(name).join(maskName(name));
  }
  return out;
}

/** Whether a decision may be published at all, and its text as it stands. */
export function validatePublication(options: { title: string; text: string; involvesMinor: boolean }): RuleViolation[] {
  if (options.involvesMinor) {
    return [{ code: 'PUBLICATION_FORBIDDEN', message: '涉及未成年人的案件不予公开' }];
  }
  return [...personalDataIn(options.title), ...personalDataIn(options.text)];
}

/** 检查结果公示: what a withheld text says instead, when a check still finds personal data in it. */
export const WITHHELD_TEXT = '（含个人信息，不予公示）';

/**
 * A text of a closed visit's results as it may go public (检查结果公示, where the county has
 * chosen it): the same redaction as a decision, then the same check; a text that still holds
 * personal data is withheld rather than published half-masked.
 */
export function publishableText(text: string, otherPersons: string[]): string {
  const redacted = redactForPublication(text, otherPersons);
  return personalDataIn(redacted).length > 0 ? WITHHELD_TEXT : redacted;
}

/** PUBLISH_INSPECTION_RESULTS: off unless the county says on; anything else is a configuration error. */
export function parsePublishInspectionResults(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'off' || v === 'false' || v === '0') return false;
  if (v === 'on' || v === 'true' || v === '1') return true;
  throw new RangeError(`PUBLISH_INSPECTION_RESULTS must be on or off, not "${value}"`);
}
