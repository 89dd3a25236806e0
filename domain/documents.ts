/**
 * Enforcement documents (文书): the kinds, a typed model of what each must say, and the rule
 * that a document missing a required element is not issued. Pure: the models are built from
 * the database by documents/load.ts, rendered by documents/layout.ts, and checked here first.
 */
import { PROVISIONAL_BASIS } from './calendar';
import { creditCodeProblem, describeCreditCodeProblem } from './credit-code';
import {
  DEFAULT_INSPECTION_POLICY,
  validateCertifiedQuorum,
  type CheckOutcome,
  type ProposedAction,
  type ReviewDecision,
} from './inspection';
import { chinaDate, chinaDateTime } from './dates';
import type { CheckInPosition } from './check-in';

export const DOCUMENT_KINDS = [
  'INSPECTION_RECORD',
  'LEGAL_REVIEW_OPINION',
  'RECTIFICATION_ORDER',
  'PENALTY_DECISION',
  'PRIOR_NOTICE',
  'HEARING_NOTICE',
  'HEARING_RECORD',
  'ON_THE_SPOT_PENALTY_DECISION',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Kinds the system generates from its records: all of them now that orders and cases are recorded. */
export const GENERATED_DOCUMENT_KINDS = DOCUMENT_KINDS;

/** Kinds about one case of the inspection (the request names it). */
export const CASE_DOCUMENT_KINDS = ['PENALTY_DECISION', 'PRIOR_NOTICE', 'HEARING_NOTICE', 'HEARING_RECORD'] as const satisfies readonly DocumentKind[];
export type GeneratedDocumentKind = (typeof GENERATED_DOCUMENT_KINDS)[number];

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  INSPECTION_RECORD: '现场检查笔录',
  LEGAL_REVIEW_OPINION: '法制审核意见书',
  RECTIFICATION_ORDER: '责令改正通知书',
  PENALTY_DECISION: '行政处罚决定书',
  PRIOR_NOTICE: '行政处罚事先告知书',
  HEARING_NOTICE: '行政处罚听证通知书',
  HEARING_RECORD: '听证笔录',
  ON_THE_SPOT_PENALTY_DECISION: '当场行政处罚决定书',
};

/** The character in the 文书编号 that tells the kinds apart: 包鸾综执检〔2026〕第3号. */
const NUMBER_CODES: Record<DocumentKind, string> = {
  INSPECTION_RECORD: '检',
  LEGAL_REVIEW_OPINION: '审',
  RECTIFICATION_ORDER: '改',
  PENALTY_DECISION: '罚',
  PRIOR_NOTICE: '告',
  HEARING_NOTICE: '听',
  HEARING_RECORD: '录',
  ON_THE_SPOT_PENALTY_DECISION: '当',
};

/** Who issues the documents: the town government, to which enforcement powers were devolved. */
export interface IssuingAuthority {
  name: string;
  /** 机关代字 at the head of every document number. */
  numberPrefix: string;
}

export const DEFAULT_ISSUING_AUTHORITY: IssuingAuthority = { name: '丰都县包鸾镇人民政府', numberPrefix: '包鸾综执' };

/** 文书编号: sequential per kind per calendar year, e.g. 包鸾综执检〔2026〕第12号. */
export function documentNumber(options: { kind: DocumentKind; year: number; serial: number; authority?: IssuingAuthority }): string {
  const { kind, year, serial } = options;
  if (!Number.isInteger(serial) || serial < 1) throw new RangeError('serial must be a positive integer');
  const prefix = (options.authority ?? DEFAULT_ISSUING_AUTHORITY).numberPrefix;
  return `${prefix}${NUMBER_CODES[kind]}〔${year}〕第${serial}号`;
}

// ---- models ---------------------------------------------------------------------------------

/** 当事人: the inspected entity as a document names it. */
export interface DocumentParty {
  name: string;
  creditCode: string;
  address: string;
}

export interface DocumentOfficer {
  name: string;
  departmentName: string | null;
  /** 执法证号 */
  certificateNo: string | null;
  /** ISO date the certificate expires on (inclusive). */
  certificateExpiresOn: string | null;
}

export interface RecordedItem {
  code: string;
  title: string;
  legalBasis: string;
  /** null: the department recorded no result for an assigned item. */
  outcome: CheckOutcome | null;
  measured: boolean;
  measuredValue: number | null;
  unit: string | null;
  /** The limit in words, e.g. "≤ 55 dB(A)"; null for items that are not measured. */
  limit: string | null;
  note: string | null;
}

export interface RecordedDepartment {
  departmentName: string;
  items: RecordedItem[];
}

/** A finding (or, in a legal review, a penalty proposal): what was found and the law it breaks. */
export interface DocumentFinding {
  departmentName: string;
  itemTitle: string;
  facts: string;
  legalBasis: string;
  proposedAction: ProposedAction;
}

export interface InspectionRecordModel {
  inspectionId: string;
  party: DocumentParty;
  scenarioName: string;
  /** ISO instant of the check-in: the time the visit began. */
  checkInAt: string | null;
  /**
   * Where the team checked in (the phone's position), null when none was given. Absent for
   * visits checked in before the place was asked, so their records are the same documents as before.
   */
  checkInPosition?: CheckInPosition | null;
  place: string;
  /** The officers present at check-in. */
  officers: DocumentOfficer[];
  departments: RecordedDepartment[];
  findings: DocumentFinding[];
  /**
   * The evidence files of the visit's check results and findings, each with its SHA-256, so
   * the paper record names exactly the bytes kept. Absent (not empty) when there are none, so
   * the records of visits without files are the same documents as before files existed.
   */
  evidence?: RecordedEvidence[];
  /**
   * A version of the record signed on the phone (domain/inspection-record.ts): the content as
   * it was frozen, the signatures with their images. Absent: the record from the live data,
   * signed on paper.
   */
  signed?: SignedRecordPart;
}

/** A drawn signature as the document embeds it. */
export interface SignatureImage {
  pngBase64: string;
  width: number;
  height: number;
  sha256: string;
}

export interface SignedRecordPart {
  version: number;
  supersedes: { version: number; reason: string } | null;
  partyOpinion: string;
  remarks: string;
  contentSha256: string;
  party:
    | { kind: 'SIGNED'; name: string; signedAt: string; image: SignatureImage }
    | { kind: 'REFUSED'; witnessName: string; witnessImage: SignatureImage | null; witnessDescription: string | null; refusalReason: string | null; at: string }
    | null;
  /** Every officer present at check-in, signed (signedAt) or still to sign. */
  officers: { name: string; departmentName: string | null; certificateNo: string | null; signedAt: string | null; image: SignatureImage | null }[];
}

export interface RecordedEvidence {
  /** 照片, 视频, 录音, PDF 文件 */
  kindLabel: string;
  name: string;
  departmentName: string | null;
  sha256: string;
  /** ISO instant the file was received and hashed. */
  uploadedAt: string;
}

export interface LegalReviewOpinionModel {
  inspectionId: string;
  party: DocumentParty;
  checkInAt: string | null;
  round: number;
  /** The penalty proposals the reviewer decided on. */
  proposals: DocumentFinding[];
  reviewerName: string;
  decision: ReviewDecision | null;
  opinion: string;
  /** ISO date of the decision. */
  decidedOn: string | null;
}

export interface RectificationOrderModel {
  party: DocumentParty;
  violations: { facts: string; legalBasis: string }[];
  /** 整改要求 */
  requirement: string;
  issuedOn: string | null;
  /** 整改期限: ISO date by which the violation must be corrected. */
  deadline: string | null;
  /** The deadline was counted before next year's holiday notice was published. */
  deadlineProvisional?: boolean;
  /** Approved extensions, oldest first: the notice states why the deadline is not the original one. */
  extensions?: { reason: string; newDeadline: string; provisional?: boolean }[];
}

/** Printed right after a deadline counted without its year's notice (domain/calendar.ts). */
export function provisionalDeadlineNote(provisional: boolean | undefined): string {
  return provisional ? `（${PROVISIONAL_BASIS}）` : '';
}

/** 救济途径: where and within how long the party may challenge a decision. */
export interface AdministrativeRemedies {
  reconsiderationOrgan: string;
  reconsiderationDays: number;
  court: string;
  litigationMonths: number;
}

/** 行政复议法 §20: 60 days; 行政诉讼法 §46: 6 months. A document may grant more, never less. */
export const STATUTORY_RECONSIDERATION_DAYS = 60;
export const STATUTORY_LITIGATION_MONTHS = 6;

/**
 * The remedies a decision of the town government names. Configuration, not law: the organ
 * and court follow the issuing authority, so a deployment for another town passes its own
 * (createDocumentIssuer({ remedies })). The periods are the statutory minimums.
 */
export const DEFAULT_REMEDIES: AdministrativeRemedies = {
  reconsiderationOrgan: '丰都县人民政府',
  reconsiderationDays: STATUTORY_RECONSIDERATION_DAYS,
  court: '丰都县人民法院',
  litigationMonths: STATUTORY_LITIGATION_MONTHS,
};

/** 行政处罚法 §59 lists what a penalty decision must contain; the fields follow it. */
export interface PenaltyDecisionModel {
  party: DocumentParty;
  facts: string;
  evidence: string[];
  /** The provisions the conduct violates. */
  violatedBasis: string;
  /** The provisions the penalty is imposed under. */
  penaltyBasis: string;
  penalty: { kind: string; content: string };
  /** 履行方式和期限 */
  performance: string;
  remedies: AdministrativeRemedies | null;
  decidedOn: string | null;
  /** Date the legal review approved the proposal (§58); null when there was none. */
  legalReviewApprovedOn: string | null;
  /** The case's evidence files with their hashes (CaseEvidence); absent when there are none. */
  evidenceFiles?: RecordedEvidence[];
}

/** 行政处罚法 §44 (with §63 for the hearing right): what the party is told before a decision. */
export interface PriorNoticeModel {
  party: DocumentParty;
  facts: string;
  evidence: string[];
  /** The provisions the penalty would be imposed under: the reason and basis (理由、依据). */
  legalBasis: string;
  penalty: { kind: string; fineAmount: number | null; confiscationAmount: number | null };
  /** §63 grounds; empty: no hearing right is given. */
  hearingGrounds: string[];
  /** Working days (§85) for statements and, with the right, for a hearing request. */
  statementWorkingDays: number;
  hearingRequestWorkingDays: number;
  issuedOn: string | null;
  evidenceFiles?: RecordedEvidence[];
}

/** §64(2)–(4): time, place, presiding officer, public or not, the right to challenge. */
export interface HearingNoticeModel {
  party: DocumentParty;
  caseTitle: string;
  hearingAt: string | null;
  place: string;
  presidingName: string;
  public: boolean;
  notPublicReason: string | null;
  issuedOn: string | null;
  evidenceFiles?: RecordedEvidence[];
}

/** §64(8): the record of the hearing, checked and signed by the party (or the refusal noted). */
export interface HearingRecordModel {
  party: DocumentParty;
  caseTitle: string;
  hearingAt: string | null;
  place: string;
  presidingName: string;
  investigators: string[];
  summary: string;
  partyOpinion: string;
  partySigned: boolean;
  refusalNote: string | null;
  evidenceFiles?: RecordedEvidence[];
}

/**
 * 当场行政处罚决定书 (行政处罚法 §52): a form with a number, handed to the party on the spot.
 * It names the party, the facts, the basis, the penalty and amount, time and place, the
 * officer with the certificate shown, the remedies, the organ and how a fine is paid.
 */
export interface OnTheSpotPenaltyDecisionModel {
  party: DocumentParty;
  /** 公民（含个体工商户） / 法人或者其他组织 */
  partyKindLabel: string;
  facts: string;
  legalBasis: string;
  penalty: { kind: string; content: string; fineAmount: number | null };
  /** ISO instant of the decision. */
  decidedAt: string | null;
  place: string;
  officers: { name: string; certificateNo: string | null }[];
  remedies: AdministrativeRemedies | null;
  organ: string;
  /** How and where a fine is paid; not needed for a warning. */
  payment: string;
  /** The party's signature or the refusal with its witness, once recorded. */
  acknowledgement: string | null;
}

export interface DocumentModels {
  INSPECTION_RECORD: InspectionRecordModel;
  LEGAL_REVIEW_OPINION: LegalReviewOpinionModel;
  RECTIFICATION_ORDER: RectificationOrderModel;
  PENALTY_DECISION: PenaltyDecisionModel;
  PRIOR_NOTICE: PriorNoticeModel;
  HEARING_NOTICE: HearingNoticeModel;
  HEARING_RECORD: HearingRecordModel;
  ON_THE_SPOT_PENALTY_DECISION: OnTheSpotPenaltyDecisionModel;
}

// ---- required elements ----------------------------------------------------------------------

/** One required element a document lacks: where in the model, and what a person must supply. */
export interface MissingElement {
  element: string;
  label: string;
}

export interface DocumentRuleOptions {
  /** 行政处罚法 §42; the inspection policy's value. */
  minimumCertifiedOfficers?: number;
}

const blank = (value: string | null | undefined): boolean => !value || value.trim().length === 0;

function partyElements(party: DocumentParty): MissingElement[] {
  const missing: MissingElement[] = [];
  if (blank(party.name)) missing.push({ element: 'party.name', label: '当事人名称' });
  if (blank(party.creditCode)) {
    missing.push({ element: 'party.creditCode', label: '统一社会信用代码' });
  } else {
    const problem = creditCodeProblem(party.creditCode.trim());
    if (problem) missing.push({ element: 'party.creditCode', label: `有效的统一社会信用代码（${describeCreditCodeProblem(problem)}）` });
  }
  if (blank(party.address)) missing.push({ element: 'party.address', label: '当事人地址' });
  return missing;
}

function findingElements(findings: DocumentFinding[], path: string, noun: string): MissingElement[] {
  const missing: MissingElement[] = [];
  findings.forEach((f, index) => {
    const which = `第${index + 1}项${noun}（${f.itemTitle || '未命名事项'}）`;
    if (blank(f.facts)) missing.push({ element: `${path}[${index}].facts`, label: `${which}的违法事实` });
    if (blank(f.legalBasis)) missing.push({ element: `${path}[${index}].legalBasis`, label: `${which}的法律依据` });
  });
  return missing;
}

function inspectionRecordElements(model: InspectionRecordModel, options: DocumentRuleOptions): MissingElement[] {
  const missing = partyElements(model.party);
  if (blank(model.checkInAt)) missing.push({ element: 'checkInAt', label: '检查时间（现场签到时间）' });
  if (blank(model.place)) missing.push({ element: 'place', label: '检查地点' });

  // Certificates are judged on the day of the visit: a number that had expired by then does not count.
  const onDate = model.checkInAt ? chinaDate(model.checkInAt) : '';
  // The record names officers, not ids: each line is one officer, and one without a name does not count.
  const named = model.officers.map((o, index) => ({ ...o, officerId: String(index), certificateNo: blank(o.name) ? null : o.certificateNo }));
  const quorum = validateCertifiedQuorum(named, onDate, options.minimumCertifiedOfficers ?? DEFAULT_INSPECTION_POLICY.minimumCertifiedOfficers);
  if (!quorum.met) {
    const without = quorum.uncertified.map((o) => o.name || '（无姓名）');
    missing.push({
      element: 'officers',
      label:
        `至少${quorum.minimum}名执法人员的姓名和有效执法证号（现有${quorum.count}名）` +
        (without.length ? `：${without.join('、')} 无执法证号或执法证已过期` : ''),
    });
  }

  if (model.departments.length === 0 || model.departments.every((d) => d.items.length === 0)) {
    missing.push({ element: 'departments', label: '检查事项及检查结果' });
  }
  model.departments.forEach((d, di) => {
    d.items.forEach((item, ii) => {
      const path = `departments[${di}].items[${ii}]`;
      const which = `${d.departmentName}“${item.title}”`;
      if (item.outcome === null) {
        missing.push({ element: `${path}.outcome`, label: `${which}的检查结果` });
        return;
      }
      if (item.measured && item.outcome !== 'NOT_APPLICABLE') {
        if (item.measuredValue === null) missing.push({ element: `${path}.measuredValue`, label: `${which}的实测值` });
        if (blank(item.limit)) missing.push({ element: `${path}.limit`, label: `${which}的限值` });
      }
    });
  });
  missing.push(...findingElements(model.findings, 'findings', '问题'));
  return missing;
}

function legalReviewOpinionElements(model: LegalReviewOpinionModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (model.proposals.length === 0) missing.push({ element: 'proposals', label: '审核的处罚建议' });
  missing.push(...findingElements(model.proposals, 'proposals', '处罚建议'));
  if (blank(model.reviewerName)) missing.push({ element: 'reviewerName', label: '审核人' });
  if (model.decision === null) missing.push({ element: 'decision', label: '审核结论（同意或退回）' });
  if (blank(model.opinion)) missing.push({ element: 'opinion', label: '审核意见' });
  if (blank(model.decidedOn)) missing.push({ element: 'decidedOn', label: '审核日期' });
  return missing;
}

function rectificationOrderElements(model: RectificationOrderModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (model.violations.length === 0) missing.push({ element: 'violations', label: '违法行为' });
  model.violations.forEach((v, index) => {
    if (blank(v.facts)) missing.push({ element: `violations[${index}].facts`, label: `第${index + 1}项违法行为的事实` });
    if (blank(v.legalBasis)) missing.push({ element: `violations[${index}].legalBasis`, label: `第${index + 1}项违法行为的法律依据` });
  });
  if (blank(model.requirement)) missing.push({ element: 'requirement', label: '整改要求' });
  if (blank(model.issuedOn)) missing.push({ element: 'issuedOn', label: '发文日期' });
  if (blank(model.deadline)) {
    missing.push({ element: 'deadline', label: '整改期限' });
  } else if (model.issuedOn && model.deadline! < model.issuedOn) {
    missing.push({ element: 'deadline', label: '有效的整改期限（不得早于发文日期）' });
  }
  return missing;
}

function remediesElements(r: AdministrativeRemedies | null): MissingElement[] {
  if (
    !r ||
    blank(r.reconsiderationOrgan) ||
    blank(r.court) ||
    r.reconsiderationDays < STATUTORY_RECONSIDERATION_DAYS ||
    r.litigationMonths < STATUTORY_LITIGATION_MONTHS
  ) {
    return [
      {
        element: 'remedies',
        label: `救济途径和期限（${STATUTORY_RECONSIDERATION_DAYS}日内申请行政复议的机关、${STATUTORY_LITIGATION_MONTHS}个月内提起行政诉讼的法院）`,
      },
    ];
  }
  return [];
}

function onTheSpotDecisionElements(model: OnTheSpotPenaltyDecisionModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (blank(model.facts)) missing.push({ element: 'facts', label: '违法事实' });
  if (blank(model.legalBasis)) missing.push({ element: 'legalBasis', label: '行政处罚的依据' });
  if (blank(model.penalty.kind) || blank(model.penalty.content)) missing.push({ element: 'penalty', label: '行政处罚的种类和内容' });
  if (model.penalty.kind === '罚款' && !(model.penalty.fineAmount !== null && model.penalty.fineAmount > 0)) {
    missing.push({ element: 'penalty.fineAmount', label: '罚款数额' });
  }
  if (blank(model.decidedAt)) missing.push({ element: 'decidedAt', label: '作出决定的时间' });
  if (blank(model.place)) missing.push({ element: 'place', label: '作出决定的地点' });
  if (model.officers.length === 0 || model.officers.some((o) => blank(o.name) || blank(o.certificateNo))) {
    missing.push({ element: 'officers', label: '执法人员姓名和执法证号（《中华人民共和国行政处罚法》第五十二条）' });
  }
  missing.push(...remediesElements(model.remedies));
  if (blank(model.organ)) missing.push({ element: 'organ', label: '行政机关名称' });
  if (model.penalty.kind === '罚款' && blank(model.payment)) missing.push({ element: 'payment', label: '罚款缴纳方式和期限' });
  return missing;
}

function penaltyDecisionElements(model: PenaltyDecisionModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (blank(model.facts)) missing.push({ element: 'facts', label: '违法事实' });
  if (model.evidence.filter((e) => !blank(e)).length === 0) missing.push({ element: 'evidence', label: '证据' });
  if (blank(model.violatedBasis)) missing.push({ element: 'violatedBasis', label: '违反的法律、法规或规章条款' });
  if (blank(model.penaltyBasis)) missing.push({ element: 'penaltyBasis', label: '行政处罚的依据' });
  if (blank(model.penalty.kind)) missing.push({ element: 'penalty.kind', label: '行政处罚的种类' });
  if (blank(model.penalty.content)) missing.push({ element: 'penalty.content', label: '行政处罚的内容' });
  if (blank(model.performance)) missing.push({ element: 'performance', label: '行政处罚的履行方式和期限' });
  missing.push(...remediesElements(model.remedies));
  if (blank(model.decidedOn)) missing.push({ element: 'decidedOn', label: '作出决定的日期' });
  if (blank(model.legalReviewApprovedOn)) {
    missing.push({ element: 'legalReviewApprovedOn', label: '法制审核通过的记录（《中华人民共和国行政处罚法》第五十八条）' });
  }
  return missing;
}

function priorNoticeElements(model: PriorNoticeModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (blank(model.facts)) missing.push({ element: 'facts', label: '拟认定的违法事实' });
  if (model.evidence.filter((e) => !blank(e)).length === 0) missing.push({ element: 'evidence', label: '证据' });
  if (blank(model.legalBasis)) missing.push({ element: 'legalBasis', label: '拟作出处罚的理由和依据' });
  if (blank(model.penalty.kind)) missing.push({ element: 'penalty.kind', label: '拟作出的行政处罚种类' });
  if (model.penalty.kind === '罚款' && !model.penalty.fineAmount) missing.push({ element: 'penalty.fineAmount', label: '拟处罚款的数额' });
  if (!(model.statementWorkingDays > 0)) missing.push({ element: 'statementWorkingDays', label: '陈述、申辩的期限' });
  if (model.hearingGrounds.length > 0 && !(model.hearingRequestWorkingDays > 0)) {
    missing.push({ element: 'hearingRequestWorkingDays', label: '要求听证的期限（第六十四条第一项）' });
  }
  if (blank(model.issuedOn)) missing.push({ element: 'issuedOn', label: '告知日期' });
  return missing;
}

function hearingNoticeElements(model: HearingNoticeModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (blank(model.hearingAt)) missing.push({ element: 'hearingAt', label: '听证时间' });
  if (blank(model.place)) missing.push({ element: 'place', label: '听证地点' });
  if (blank(model.presidingName)) missing.push({ element: 'presidingName', label: '听证主持人' });
  if (!model.public && blank(model.notPublicReason)) missing.push({ element: 'notPublicReason', label: '不公开举行的理由' });
  if (blank(model.issuedOn)) missing.push({ element: 'issuedOn', label: '通知日期' });
  return missing;
}

function hearingRecordElements(model: HearingRecordModel): MissingElement[] {
  const missing = partyElements(model.party);
  if (blank(model.hearingAt)) missing.push({ element: 'hearingAt', label: '听证时间' });
  if (blank(model.place)) missing.push({ element: 'place', label: '听证地点' });
  if (blank(model.presidingName)) missing.push({ element: 'presidingName', label: '听证主持人' });
  if (model.investigators.length === 0) missing.push({ element: 'investigators', label: '本案调查人员' });
  if (blank(model.summary)) missing.push({ element: 'summary', label: '听证经过（事实、证据、处罚建议，当事人的申辩和质证）' });
  if (!model.partySigned && blank(model.refusalNote)) {
    missing.push({ element: 'partySigned', label: '当事人核对签字，或主持人对拒签情况的注明（第六十四条第八项）' });
  }
  return missing;
}

/** Everything a document lacks; an empty list means it may be issued. */
export function missingElements<K extends DocumentKind>(kind: K, model: DocumentModels[K], options: DocumentRuleOptions = {}): MissingElement[] {
  switch (kind) {
    case 'INSPECTION_RECORD':
      return inspectionRecordElements(model as InspectionRecordModel, options);
    case 'LEGAL_REVIEW_OPINION':
      return legalReviewOpinionElements(model as LegalReviewOpinionModel);
    case 'RECTIFICATION_ORDER':
      return rectificationOrderElements(model as RectificationOrderModel);
    case 'PENALTY_DECISION':
      return penaltyDecisionElements(model as PenaltyDecisionModel);
    case 'PRIOR_NOTICE':
      return priorNoticeElements(model as PriorNoticeModel);
    case 'HEARING_NOTICE':
      return hearingNoticeElements(model as HearingNoticeModel);
    case 'HEARING_RECORD':
      return hearingRecordElements(model as HearingRecordModel);
    case 'ON_THE_SPOT_PENALTY_DECISION':
      return onTheSpotDecisionElements(model as OnTheSpotPenaltyDecisionModel);
  }
  throw new RangeError(`unknown document kind ${String(kind)}`);
}

// ---- wording shared by the renderers --------------------------------------------------------

const DIGITS = '〇一二三四五六七八九';

/** 1–99 in Chinese numerals, as official documents write periods (六十日, 六个月). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** The remedies sentence of a penalty decision, from its structured parts. */
export function remediesStatement(r: AdministrativeRemedies): string {
  return (
    `当事人如不服本决定，可以在收到本决定书之日起${chineseNumeral(r.reconsiderationDays)}日内向${r.reconsiderationOrgan}申请行政复议，` +
    `或者在${chineseNumeral(r.litigationMonths)}个月内依法向${r.court}提起行政诉讼。`
  );
}

/** 2026年11月26日 */
export function formatChineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2026年11月26日 10时05分, China time. */
export function formatChineseDateTime(isoInstant: string): string {
  const local = chinaDateTime(isoInstant);
  return `${formatChineseDate(local.slice(0, 10))} ${local.slice(11, 13)}时${local.slice(14, 16)}分`;
}

export const OUTCOME_LABELS: Record<CheckOutcome, string> = {
  COMPLIANT: '符合',
  NON_COMPLIANT: '不符合',
  NOT_APPLICABLE: '不适用',
};

export const PROPOSED_ACTION_LABELS: Record<ProposedAction, string> = {
  RECTIFY: '责令改正',
  PENALTY: '建议行政处罚',
};
