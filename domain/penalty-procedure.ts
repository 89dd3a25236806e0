/**
 * The penalty procedure between the legal review and the case's closure (《中华人民共和国行政处罚法》
 * 2021): prior notice (§44) and the party's statements (§45), the §62 gate on the decision,
 * the hearing (§63–§65), service (§61) and payment with its surcharge (§66–§73).
 * Pure: the workflow passes dates in; working-day dates come from the calendar activity
 * (§85: the law's 五日/七日 are working days), so nothing here reads a clock or a calendar.
 */
import type { RuleViolation } from './rules';
import { addDays, daysBetween } from './dates';
import { DEFAULT_PUBLICITY_POLICY, type PublicityPolicy } from './publicity';
import { partyKindOf } from './simple-procedure';

export const LAW = '《中华人民共和国行政处罚法》';

/** 当事人: a natural person (公民) or a legal person / other organisation. */
export const PARTY_KINDS = ['PERSON', 'ORGANISATION'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/**
 * A business's party kind for §63's thresholds: the one rule of domain/simple-procedure.ts
 * (`partyKindOf`: a 个体工商户 answers as a natural person), in this module's words.
 */
export function partyKindOfCreditCode(creditCode: string | null | undefined): PartyKind {
  return partyKindOf(creditCode ?? '') === 'NATURAL_PERSON' ? 'PERSON' : 'ORGANISATION';
}

/** Amounts of one kind of party and the other (yuan). */
export interface ByPartyKind {
  PERSON: number;
  ORGANISATION: number;
}

/** Terms and thresholds of the procedure; every one configurable. */
export interface PenaltyProcedurePolicy {
  /** §44/§45: working days from service of the notice for statements and defence. */
  statementWorkingDays: number;
  /** §64(1): a hearing is requested within 5 (working, §85) days of the notice. */
  hearingRequestWorkingDays: number;
  /** §64(2): the party is told the time and place at least 7 (working) days before. */
  hearingNoticeWorkingDays: number;
  /** §61: a decision not handed over on the spot is served within 7 (working) days. */
  decisionServiceWorkingDays: number;
  /** §67: the fine is paid within 15 days of service of the decision (calendar days). */
  paymentDays: number;
  /** §72(1)1: 3 % of the fine for each day overdue, never more than the fine. */
  surchargeRatePerDay: number;
  /**
   * §63(1)1 较大数额罚款: the hearing right from these fines up, per organ (department code;
   * `default` for the others). Default: the market regulation's 听证办法 (2021) §5 —
   * ¥10,000 for a natural person, ¥100,000 for an organisation.
   */
  hearingFineThresholds: Record<string, ByPartyKind> & { default: ByPartyKind };
  /** §63(1)2 没收较大数额违法所得、较大价值非法财物: same default amounts. */
  hearingConfiscationThresholds: ByPartyKind;
  /** §63(1)3–5: kinds that always carry the hearing right. */
  hearingPenaltyKinds: string[];
  /** 执法公示 of the decision (domain/publicity.ts). */
  publicity: PublicityPolicy;
}

export const DEFAULT_PENALTY_PROCEDURE_POLICY: PenaltyProcedurePolicy = {
  statementWorkingDays: 5,
  hearingRequestWorkingDays: 5,
  hearingNoticeWorkingDays: 7,
  decisionServiceWorkingDays: 7,
  paymentDays: 15,
  surchargeRatePerDay: 0.03,
  hearingFineThresholds: { default: { PERSON: 10_000, ORGANISATION: 100_000 } },
  hearingConfiscationThresholds: { PERSON: 10_000, ORGANISATION: 100_000 },
  hearingPenaltyKinds: ['降低资质等级', '吊销许可证', '吊销许可证件', '责令停产停业', '责令关闭', '限制开展生产经营活动', '限制从业'],
  publicity: DEFAULT_PUBLICITY_POLICY,
};

/** The procedure's policy of a case: the one in its input, or the defaults for cases from before. */
export function procedurePolicyOf(policy: { procedure?: Partial<PenaltyProcedurePolicy> } | undefined): PenaltyProcedurePolicy {
  return { ...DEFAULT_PENALTY_PROCEDURE_POLICY, ...(policy?.procedure ?? {}) };
}

/** The penalty as the notice announces it and the decision imposes it. */
export interface Penalty {
  penaltyKind: string;
  /** Yuan. */
  fineAmount?: number;
  /** Yuan: value of the confiscated illegal gains or property. */
  confiscationAmount?: number;
}

/** §63: why the party may ask for a hearing (empty: no hearing right). */
export function hearingGrounds(options: { penalty: Penalty; partyKind: PartyKind; departmentCode: string | null; policy: PenaltyProcedurePolicy }): string[] {
  const { penalty, partyKind, departmentCode, policy } = options;
  const grounds: string[] = [];
  const fines = (departmentCode && policy.hearingFineThresholds[departmentCode]) || policy.hearingFineThresholds.default;
  const who = partyKind === 'PERSON' ? '公民' : '法人或者其他组织';
  if (penalty.fineAmount !== undefined && penalty.fineAmount >= fines[partyKind]) {
    grounds.push(`对${who}处以${fines[partyKind]}元以上的较大数额罚款（第六十三条第一款第一项）`);
  }
  const confiscation = policy.hearingConfiscationThresholds[partyKind];
  if (penalty.confiscationAmount !== undefined && penalty.confiscationAmount >= confiscation) {
    grounds.push(`没收${confiscation}元以上较大数额违法所得或非法财物（第六十三条第一款第二项）`);
  }
  if (policy.hearingPenaltyKinds.includes(penalty.penaltyKind)) {
    grounds.push(`${penalty.penaltyKind}（第六十三条第一款）`);
  }
  return grounds;
}

// ---- service (§61) --------------------------------------------------------------------------

export const SERVICE_METHODS = ['DIRECT', 'LEFT_AT_DOMICILE', 'POST', 'ELECTRONIC', 'PUBLIC_ANNOUNCEMENT'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = {
  DIRECT: '直接送达',
  LEFT_AT_DOMICILE: '留置送达',
  POST: '邮寄送达',
  ELECTRONIC: '电子送达',
  PUBLIC_ANNOUNCEMENT: '公告送达',
};

export const SERVED_DOCUMENTS = ['PRIOR_NOTICE', 'HEARING_NOTICE', 'DECISION'] as const;
export type ServedDocument = (typeof SERVED_DOCUMENTS)[number];
export const SERVED_DOCUMENT_LABELS: Record<ServedDocument, string> = {
  PRIOR_NOTICE: '行政处罚事先告知书',
  HEARING_NOTICE: '听证通知书',
  DECISION: '行政处罚决定书',
};

export interface ServiceRecord {
  document: ServedDocument;
  method: ServiceMethod;
  /** ISO instant the document reached the party (for a public announcement: when it took effect). */
  servedAt: string;
  /** Who received it (the party's representative, or the person it was left with). */
  recipient: string;
  /** 送达回证 number. */
  receiptNumber?: string;
  /** 留置送达: the witness who saw it left. */
  witness?: string;
  /** 电子送达: the party agreed, and where (§61: 当事人同意并签订确认书). */
  electronicAddress?: string;
  electronicConsent?: boolean;
  /** 公告送达: why the other ways failed. */
  announcementReason?: string;
}

/** What each way of service needs to stand (民事诉讼法 §87–§95 through §61). */
export function validateService(record: ServiceRecord, options: { today: string; issuedOn: string; servedOn: string }): RuleViolation[] {
  const out: RuleViolation[] = [];
  const v = (path: string, message: string) => out.push({ code: 'SERVICE_INCOMPLETE', path, message });
  if (options.servedOn > options.today) v('servedAt', '送达时间不能晚于今天');
  if (options.servedOn < options.issuedOn) v('servedAt', `送达时间不能早于文书作出之日（${options.issuedOn}）`);
  if (!record.recipient.trim()) v('recipient', '须写明受送达人');
  switch (record.method) {
    case 'DIRECT':
      if (!record.receiptNumber?.trim()) v('receiptNumber', '直接送达须有受送达人签收的送达回证（写明回证编号）');
      break;
    case 'LEFT_AT_DOMICILE':
      if (!record.witness?.trim()) v('witness', '留置送达须有见证人在场并在送达回证上签名（写明见证人）');
      break;
    case 'ELECTRONIC':
      if (record.electronicConsent !== true || !record.electronicAddress?.trim()) {
        v('electronicConsent', '电子送达须经当事人同意并签订确认书（第六十一条），写明当事人确认的电子地址');
      }
      break;
    case 'PUBLIC_ANNOUNCEMENT':
      if (!record.announcementReason?.trim()) v('announcementReason', '公告送达只能在受送达人下落不明或者用其他方式无法送达时采用，须写明理由');
      break;
    case 'POST':
      break;
  }
  return out;
}

// ---- the §62 gate ---------------------------------------------------------------------------

export const HEARING_STATUSES = ['REQUESTED', 'SCHEDULED', 'HELD', 'NO_SHOW', 'WITHDRAWN'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export interface NoticeFacts {
  servedOn: string | null;
  /** Last day for statements and, with the hearing right, for a hearing request. */
  periodEndsOn: string | null;
  waived: boolean;
  hearingStatus: HearingStatus | null;
}

/** A hearing that ended (held with its record, or the party stayed away or withdrew). */
export function hearingConcluded(status: HearingStatus | null): boolean {
  return status === 'HELD' || status === 'NO_SHOW' || status === 'WITHDRAWN';
}

/**
 * §62: no decision before the party was told (§44) and could be heard (§45, §63), unless
 * the party waived in writing. The statement period has ended once its last day has passed.
 */
export function validatePriorNoticeGate(notice: NoticeFacts | null, today: string): RuleViolation[] {
  if (!notice) {
    return [{ code: 'PRIOR_NOTICE_REQUIRED', message: `作出行政处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、要求听证的权利；未告知的，不得作出处罚决定（${LAW}第四十四条、第六十二条）` }];
  }
  if (notice.hearingStatus && !hearingConcluded(notice.hearingStatus) && !notice.waived) {
    return [{ code: 'HEARING_PENDING', message: `当事人已要求听证，听证结束后才能作出决定（${LAW}第六十三条、第六十五条）` }];
  }
  if (notice.waived) return [];
  if (!notice.servedOn || !notice.periodEndsOn) {
    return [{ code: 'PRIOR_NOTICE_NOT_SERVED', message: `事先告知书尚未送达当事人，不得作出处罚决定（${LAW}第六十二条）` }];
  }
  if (today <= notice.periodEndsOn && !hearingConcluded(notice.hearingStatus)) {
    return [{ code: 'STATEMENT_PERIOD_RUNNING', message: `当事人陈述、申辩期限至${notice.periodEndsOn}届满，期满或当事人书面放弃前不得作出处罚决定（${LAW}第六十二条）` }];
  }
  return [];
}

// ---- §45: no heavier penalty for having spoken ------------------------------------------------

/** Severity of penalty kinds, lightest first (§9's order); a kind not listed compares by fine only. */
export const PENALTY_SEVERITY = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
];

/** Why `decided` is heavier than `notified`, or null when it is not. */
export function heavierThan(decided: Penalty, notified: Penalty): string | null {
  const rank = (kind: string) => PENALTY_SEVERITY.indexOf(kind);
  if (decided.penaltyKind !== notified.penaltyKind) {
    const a = rank(decided.penaltyKind);
    const b = rank(notified.penaltyKind);
    if (a < 0 || b < 0 || a > b) return `处罚种类由“${notified.penaltyKind}”改为“${decided.penaltyKind}”`;
  }
  if ((decided.fineAmount ?? 0) > (notified.fineAmount ?? 0)) return `罚款由${notified.fineAmount ?? 0}元提高到${decided.fineAmount}元`;
  if ((decided.confiscationAmount ?? 0) > (notified.confiscationAmount ?? 0)) return `没收金额由${notified.confiscationAmount ?? 0}元提高到${decided.confiscationAmount}元`;
  return null;
}

/**
 * §45: statements are re-examined before the decision, and the penalty is not made heavier
 * because the party spoke. A heavier penalty on new facts needs a new proposal, review and notice.
 */
export function validateDecidedPenalty(options: {
  decided: Penalty;
  notified: Penalty;
  statementsAfterReexamination: number;
}): RuleViolation[] {
  if (options.statementsAfterReexamination > 0) {
    return [{ code: 'STATEMENTS_NOT_REEXAMINED', message: `当事人的陈述、申辩尚未复核；行政机关应当充分听取当事人的意见并进行复核（${LAW}第四十五条）` }];
  }
  const heavier = heavierThan(options.decided, options.notified);
  if (heavier) {
    return [{ code: 'HEAVIER_PENALTY_REFUSED', message: `${heavier}，重于事先告知的处罚；行政机关不得因当事人陈述、申辩而给予更重的处罚（${LAW}第四十五条）。如有新的事实，须重新提出处罚建议、审核并告知` }];
  }
  return [];
}

// ---- payment (§66–§73) ----------------------------------------------------------------------

export interface Instalment {
  dueOn: string;
  amount: number;
}

export interface PaymentEntry {
  amount: number;
  paidOn: string;
}

export interface PaymentAccount {
  fine: number;
  /** The schedule: one instalment (the whole fine at the §67 term) unless deferral or instalments were granted. */
  instalments: Instalment[];
  payments: PaymentEntry[];
  /** §72(1)1: the daily rate. */
  rate: number;
}

const fen = (yuan: number) => Math.round(yuan * 100) / 100;

/**
 * The account of a fine on `asOf`: what is paid, the surcharge (加处罚款) run up so far and
 * what remains. Payments settle the instalments in order; each instalment's unpaid part
 * accrues `rate` a day after its due date, until the day it is paid; the whole surcharge is
 * never above the fine (§72(1)1).
 */
export function paymentAccount(account: PaymentAccount, asOf: string): {
  paid: number;
  surcharge: number;
  outstanding: number;
  overdueDays: number;
  settled: boolean;
} {
  const payments = [...account.payments].sort((a, b) => a.paidOn.localeCompare(b.paidOn));
  let surcharge = 0;
  let overdueDays = 0;
  let pool = payments.map((p) => ({ ...p }));
  for (const instalment of [...account.instalments].sort((a, b) => a.dueOn.localeCompare(b.dueOn))) {
    let unpaid = instalment.amount;
    const next: typeof pool = [];
    for (const p of pool) {
      if (unpaid <= 0) {
        next.push(p);
        continue;
      }
      const used = Math.min(unpaid, p.amount);
      const late = Math.max(0, daysBetween(instalment.dueOn, p.paidOn));
      surcharge += used * account.rate * late;
      overdueDays = Math.max(overdueDays, late);
      unpaid -= used;
      if (p.amount > used) next.push({ ...p, amount: p.amount - used });
    }
    pool = next;
    if (unpaid > 0) {
      const late = Math.max(0, daysBetween(instalment.dueOn, asOf));
      surcharge += unpaid * account.rate * late;
      overdueDays = Math.max(overdueDays, late);
    }
  }
  const paid = fen(payments.reduce((sum, p) => sum + p.amount, 0));
  const cappedSurcharge = fen(Math.min(account.fine, surcharge));
  const outstanding = fen(Math.max(0, account.fine + cappedSurcharge - paid));
  return { paid, surcharge: cappedSurcharge, outstanding, overdueDays, settled: outstanding === 0 };
}

/**
 * The instalments not yet covered by what was paid, in due order (payments settle them in
 * order): the first is the one whose due date counts now.
 */
export function openInstalments(instalments: readonly Instalment[], paid: number): Instalment[] {
  let covered = paid;
  return [...instalments]
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
    .filter((i) => {
      covered -= i.amount;
      return covered < 0;
    });
}

/** The §67 term: `paymentDays` calendar days from service of the decision. */
export function paymentDueOn(servedOn: string, policy: PenaltyProcedurePolicy): string {
  return addDays(servedOn, policy.paymentDays);
}

/** §66: deferral or instalments, granted on the party's application with a reason; the parts add up to the fine. */
export function validatePaymentArrangement(options: { instalments: Instalment[]; fine: number; today: string; reason: string }): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!options.reason.trim()) out.push({ code: 'REASON_REQUIRED', path: 'reason', message: '延期或分期缴纳罚款须写明当事人确有经济困难的理由（第六十六条）' });
  const total = fen(options.instalments.reduce((sum, i) => sum + i.amount, 0));
  if (total !== fen(options.fine)) out.push({ code: 'INSTALMENTS_DO_NOT_ADD_UP', path: 'instalments', message: `各期金额合计${total}元，应等于罚款${options.fine}元` });
  options.instalments.forEach((i, n) => {
    if (i.dueOn < options.today) out.push({ code: 'INSTALMENT_IN_PAST', path: `instalments[${n}].dueOn`, message: `第${n + 1}期的缴纳期限${i.dueOn}已过` });
    if (i.amount <= 0) out.push({ code: 'INSTALMENT_AMOUNT_INVALID', path: `instalments[${n}].amount`, message: `第${n + 1}期金额应大于零` });
  });
  return out;
}

/** The date `months` calendar months after `date` (the last day of a shorter month when the day is missing). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The first day the organ may apply to the court for enforcement: after the six months to sue
 * (行政诉讼法 §46; the 60 days of reconsideration end earlier) from service of the decision.
 */
export function courtEnforcementFrom(servedOn: string): string {
  return addDays(addMonths(servedOn, 6), 1);
}
