/**
 * The simple procedure on the spot (当场处罚, 《中华人民共和国行政处罚法》第五十一条、第五十二条):
 * during a joint visit an officer of the visiting team decides a warning or a small fine for a
 * finding whose facts are certain and whose legal basis is stated; the party signs the
 * 当场行政处罚决定书 (or the refusal is recorded with a witness); the decision is filed (备案)
 * with the organ within a term. Every other case goes to a case (立案). Pure: no I/O, no clock.
 */
import { hasValidCertificate, type OfficerCredentials } from './inspection';
import type { RuleViolation } from './rules';

/** §51's limits and the filing term; configurable, passed in by the caller. */
export interface SimpleProcedurePolicy {
  /** Yuan: the largest fine on the spot for a natural person (公民). */
  maxFineNaturalPerson: number;
  /** Yuan: the largest fine on the spot for a legal person or other organisation. */
  maxFineOrganisation: number;
  /** §52: filing with the organ within this many working days of the decision (local rules; 3 is common). */
  filingDueWorkingDays: number;
}

export const DEFAULT_SIMPLE_PROCEDURE_POLICY: SimpleProcedurePolicy = {
  maxFineNaturalPerson: 200,
  maxFineOrganisation: 3000,
  filingDueWorkingDays: 3,
};

export const ON_THE_SPOT_PENALTY_KINDS = ['WARNING', 'FINE'] as const;
export type OnTheSpotPenaltyKind = (typeof ON_THE_SPOT_PENALTY_KINDS)[number];

export const ON_THE_SPOT_PENALTY_LABELS: Record<OnTheSpotPenaltyKind, string> = { WARNING: '警告', FINE: '罚款' };

export type PartyKind = 'NATURAL_PERSON' | 'ORGANISATION';

export const PARTY_KIND_LABELS: Record<PartyKind, string> = { NATURAL_PERSON: '公民（含个体工商户）', ORGANISATION: '法人或者其他组织' };

/**
 * The party kind, from the business record's 统一社会信用代码 (GB 32100-2015): the first
 * character is the registering authority (9 = market regulation), the second the kind of
 * registrant (2 = 个体工商户). A 个体工商户 is a natural person doing business (民法典第五十四条),
 * so §51's limit for 公民 (¥200) applies to it; that is also the stricter limit, the side the law
 * favours where practice differs (the simple procedure gives the party fewer guarantees).
 * Every other code (enterprises, cooperatives, social organisations …) is an organisation.
 */
export function partyKindOf(creditCode: string): PartyKind {
  return creditCode.trim().toUpperCase().startsWith('92') ? 'NATURAL_PERSON' : 'ORGANISATION';
}

export interface OnTheSpotPenaltyProposal {
  /** 违法事实确凿: the officer states the facts are certain (and describes them). */
  factsCertain: boolean;
  facts: string;
  /** 法定依据: the provisions the penalty is imposed under. */
  legalBasis: string;
  kind: OnTheSpotPenaltyKind;
  /** Yuan; only for a fine. */
  fineAmount?: number;
}

const ARTICLE_51 = '《中华人民共和国行政处罚法》第五十一条';

/** The largest fine on the spot for the party kind. */
export function onTheSpotFineLimit(partyKind: PartyKind, policy: SimpleProcedurePolicy): number {
  return partyKind === 'NATURAL_PERSON' ? policy.maxFineNaturalPerson : policy.maxFineOrganisation;
}

/**
 * §51: certain facts, a legal basis, and a warning or a fine within the party kind's limit.
 * Each violation says what is wrong and that the matter goes to the ordinary procedure (立案).
 */
export function validateSimpleProcedure(options: {
  proposal: OnTheSpotPenaltyProposal;
  partyKind: PartyKind;
  policy: SimpleProcedurePolicy;
}): RuleViolation[] {
  const { proposal, partyKind, policy } = options;
  const violations: RuleViolation[] = [];
  const toCase = '，应按普通程序立案查处';
  if (!proposal.factsCertain || proposal.facts.trim().length === 0) {
    violations.push({
      code: 'SIMPLE_PROCEDURE_NOT_ALLOWED',
      message: `违法事实须确凿并写明，方可当场作出行政处罚决定（${ARTICLE_51}）${toCase}`,
      path: 'facts',
    });
  }
  if (proposal.legalBasis.trim().length === 0) {
    violations.push({
      code: 'SIMPLE_PROCEDURE_NOT_ALLOWED',
      message: `当场处罚须有法定依据，请写明处罚依据的条款（${ARTICLE_51}）`,
      path: 'legalBasis',
    });
  }
  if (proposal.kind === 'WARNING') {
    if (proposal.fineAmount !== undefined) {
      violations.push({ code: 'SIMPLE_PROCEDURE_NOT_ALLOWED', message: '警告不附罚款金额；并处罚款的不适用当场处罚', path: 'fineAmount' });
    }
    return violations;
  }
  const amount = proposal.fineAmount;
  const limit = onTheSpotFineLimit(partyKind, policy);
  if (amount === undefined || !Number.isFinite(amount) || amount <= 0) {
    violations.push({ code: 'SIMPLE_PROCEDURE_NOT_ALLOWED', message: '罚款须写明金额（元）', path: 'fineAmount' });
  } else if (amount > limit) {
    violations.push({
      code: 'SIMPLE_PROCEDURE_NOT_ALLOWED',
      message:
        `对${PARTY_KIND_LABELS[partyKind]}当场罚款不得超过${limit}元（${ARTICLE_51}），` +
        `拟罚款${amount}元超出当场处罚的范围${toCase}`,
      path: 'fineAmount',
    });
  }
  return violations;
}

/**
 * §52: the deciding officer is one of the visiting team (or checked in on site) and shows a
 * valid enforcement certificate (执法证) on the day of the decision.
 */
export function validateOnTheSpotOfficer(options: {
  officer: OfficerCredentials;
  visitingOfficerIds: string[];
  onDate: string;
}): RuleViolation[] {
  const { officer, visitingOfficerIds, onDate } = options;
  const violations: RuleViolation[] = [];
  if (!visitingOfficerIds.includes(officer.officerId)) {
    violations.push({
      code: 'NOT_A_VISITING_OFFICER',
      message: `${officer.name} 不是本次联合检查的检查组成员，不能当场作出行政处罚决定`,
    });
  }
  if (!hasValidCertificate(officer, onDate)) {
    violations.push({
      code: 'CERTIFICATE_REQUIRED',
      message: `${officer.name} 没有有效的执法证，当场处罚须向当事人出示执法证件（《中华人民共和国行政处罚法》第五十二条）`,
    });
  }
  return violations;
}

/**
 * A finding already under a rectification order or a case ends that way; deciding it again on
 * the spot would be a second path for one violation (一事不再罚, §29).
 */
export function validateNotDisposed(alreadyDisposed: 'RECTIFICATION' | 'CASE' | null): RuleViolation[] {
  if (alreadyDisposed === 'RECTIFICATION') {
    return [{ code: 'FINDING_ALREADY_DISPOSED', message: '该检查发现已下达责令改正，以复查结果结束，不能再当场处罚' }];
  }
  if (alreadyDisposed === 'CASE') {
    return [{ code: 'FINDING_ALREADY_DISPOSED', message: '该检查发现已立案查处，不能再适用简易程序当场处罚（《中华人民共和国行政处罚法》第二十九条）' }];
  }
  return [];
}

/** How the party answered the 决定书: signed it, or refused with a witness present. */
export type PartyAcknowledgement =
  | { kind: 'SIGNED'; signerName: string; signedAt: string }
  | { kind: 'REFUSED'; witnessName: string; note: string; at: string };

/** §52: a signature names the signer; a refusal is recorded with its witness (全过程记录, §47). */
export function validateAcknowledgement(ack: PartyAcknowledgement): RuleViolation[] {
  if (ack.kind === 'SIGNED') {
    return ack.signerName.trim().length === 0 ? [{ code: 'ACKNOWLEDGEMENT_INCOMPLETE', message: '须写明签收人姓名', path: 'signerName' }] : [];
  }
  const violations: RuleViolation[] = [];
  if (ack.witnessName.trim().length === 0) {
    violations.push({ code: 'ACKNOWLEDGEMENT_INCOMPLETE', message: '当事人拒绝签收的，须写明在场见证人姓名', path: 'witnessName' });
  }
  if (ack.note.trim().length === 0) {
    violations.push({ code: 'ACKNOWLEDGEMENT_INCOMPLETE', message: '须写明拒绝签收的情况（时间、经过）', path: 'note' });
  }
  return violations;
}

/** 罚款人民币一百五十元 / 警告: the penalty as the decision states it. */
export function onTheSpotPenaltyContent(proposal: Pick<OnTheSpotPenaltyProposal, 'kind' | 'fineAmount'>): string {
  return proposal.kind === 'WARNING' ? '警告' : `罚款人民币${proposal.fineAmount}元`;
}
