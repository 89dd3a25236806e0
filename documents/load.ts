/**
 * Loading a document's model from the recorded data: one loader per kind, each refusing with
 * NOT_FOUND or NOT_AVAILABLE what cannot be documented yet. Nothing here renders or writes.
 */
import {
  type AdministrativeRemedies,
  type DocumentFinding,
  type DocumentModels,
  type GeneratedDocumentKind,
  type InspectionRecordModel,
  type LegalReviewOpinionModel,
  type HearingNoticeModel,
  type HearingRecordModel,
  type OnTheSpotPenaltyDecisionModel,
  type PenaltyDecisionModel,
  type PriorNoticeModel,
  type RecordedEvidence,
  type RectificationOrderModel,
  type SignatureImage,
  type SignedRecordPart,
} from '../domain/documents';
import type { CalendarDeadline } from '../domain/calendar';
import type { PenaltyProposal } from '../domain/case';
import { describeLimit } from '../domain/inspection';
import { EVIDENCE_KIND_LABELS, type EvidenceKind } from '../domain/evidence';
import type { ExtensionRecord } from '../domain/rectification';
import { measurementOf, type Prisma, type PrismaClient, type Tx } from '../db';
import { chinaDate, dateOfColumn } from '../domain/dates';
import { caseWorkflowId, type CaseState } from '../contracts/case';
import { procedurePolicyOf } from '../domain/penalty-procedure';
import { ON_THE_SPOT_PENALTY_LABELS, PARTY_KIND_LABELS, onTheSpotPenaltyContent, type OnTheSpotPenaltyKind, type PartyKind } from '../domain/simple-procedure';


// ---- loading the models ---------------------------------------------------------------------

/**
 * The evidence files a document lists, each with its SHA-256, so the paper names exactly the
 * bytes kept. Undefined (not empty) when there are none: documents of subjects without files
 * stay the same documents (same digest) as before files existed.
 */
async function evidenceFiles(db: PrismaClient | Tx, where: Prisma.EvidenceWhereInput, departmentNames?: Map<string, string>): Promise<RecordedEvidence[] | undefined> {
  const files = await db.evidence.findMany({
    where,
    orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
    select: { kind: true, originalName: true, departmentCode: true, sha256: true, uploadedAt: true },
  });
  if (files.length === 0) return undefined;
  const names = departmentNames ?? new Map((await db.department.findMany({ select: { code: true, name: true } })).map((d) => [d.code, d.name]));
  return files.map((f) => ({
    kindLabel: EVIDENCE_KIND_LABELS[f.kind as EvidenceKind] ?? f.kind,
    name: f.originalName,
    departmentName: (f.departmentCode && names.get(f.departmentCode)) ?? null,
    sha256: f.sha256,
    uploadedAt: f.uploadedAt.toISOString(),
  }));
}

/** A case's files: those uploaded to the case and to the finding it was filed from. */
const caseEvidence = (db: PrismaClient | Tx, row: { id: string; findingId: string | null }) =>
  evidenceFiles(db, { OR: [{ subjectType: 'CASE', caseId: row.id }, ...(row.findingId ? [{ subjectType: 'FINDING', findingId: row.findingId }] : [])] });

/** Adds the files to a model only when there are some (see evidenceFiles). */
const withFiles = <M extends object>(model: M, files: RecordedEvidence[] | undefined): M => (files ? { ...model, evidenceFiles: files } : model);

/**
 * What a document is about. Every document is filed under its inspection (who may read it
 * follows from there); a rectification order or a penalty decision also names the finding or
 * the case it is for, because one inspection may have several of each.
 */
export interface DocumentSubject {
  inspectionId: string;
  findingId?: string;
  caseId?: string;
  /** A 当场行政处罚决定书's decision (OnTheSpotPenalty.id). */
  penaltyId?: string;
  /** A version of the 现场检查笔录 signed on the phone (InspectionRecord.version). */
  recordVersion?: number;
}

/** Configuration a loader may need: the parts of a document that are not recorded data. */
export interface LoadContext {
  remedies: AdministrativeRemedies;
  /** The organ a decision names (the issuing authority). */
  organ: string;
}

export type NotLoaded = {
  ok: false;
  reason: 'NOT_FOUND' | 'NOT_AVAILABLE';
  message: string;
  subjectType?: 'JointInspection' | 'Finding' | 'EnforcementCase' | 'OnTheSpotPenalty' | 'InspectionRecord';
};

export type Loaded<K extends GeneratedDocumentKind> =
  | {
      ok: true;
      model: DocumentModels[K];
      /**
       * Set when the subject is narrower than the inspection: two orders (or cases) of one
       * inspection must never collapse into one document just because their models agree.
       */
      sourceKey?: string;
    }
  | NotLoaded;

const notFound = (id: string): NotLoaded => ({ ok: false, reason: 'NOT_FOUND', message: `联合检查 ${id} 不存在`, subjectType: 'JointInspection' });
const notAvailable = (message: string): NotLoaded => ({ ok: false, reason: 'NOT_AVAILABLE', message });

export async function loadInspectionRecord(db: PrismaClient | Tx, subject: DocumentSubject): Promise<Loaded<'INSPECTION_RECORD'>> {
  return subject.recordVersion === undefined ? loadLiveInspectionRecord(db, subject) : loadSignedInspectionRecord(db, subject.inspectionId, subject.recordVersion);
}

/** The content a version of the record froze (api/services/inspection-records.ts writes it). */
export interface RecordContent {
  model: InspectionRecordModel;
  partyOpinion: string;
  remarks: string;
}

const imageOf = (png: Uint8Array | null, sha256: string | null, width: number | null, height: number | null): SignatureImage | null =>
  png && sha256 && width && height ? { pngBase64: Buffer.from(png).toString('base64'), width, height, sha256 } : null;

/** A version signed on the phone: its frozen content and its signatures, images included. */
async function loadSignedInspectionRecord(db: PrismaClient | Tx, inspectionId: string, version: number): Promise<Loaded<'INSPECTION_RECORD'>> {
  const row = await db.inspectionRecord.findUnique({
    where: { inspectionId_version: { inspectionId, version } },
    include: { signatures: { orderBy: [{ signedAt: 'asc' }, { id: 'asc' }] }, supersedes: { select: { version: true } } },
  });
  if (!row) return { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 没有第${version}版现场检查笔录`, subjectType: 'InspectionRecord' };
  const content = JSON.parse(row.contentJson) as RecordContent;
  const present = await db.teamMember.findMany({ where: { inspectionId, presentAtCheckIn: true }, select: { officerId: true, isLead: true } });
  const officers = await db.officer.findMany({ where: { id: { in: present.map((m) => m.officerId) } }, include: { department: true } });
  const lead = new Set(present.filter((m) => m.isLead).map((m) => m.officerId));
  officers.sort((a, b) => Number(lead.has(b.id)) - Number(lead.has(a.id)) || a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id));
  const party = row.signatures.find((s) => s.role === 'PARTY' || s.role === 'PARTY_REFUSED');
  const signed: SignedRecordPart = {
    version: row.version,
    supersedes: row.supersedes ? { version: row.supersedes.version, reason: row.correctionReason ?? '' } : null,
    partyOpinion: content.partyOpinion,
    remarks: content.remarks,
    contentSha256: row.contentSha256,
    party: !party
      ? null
      : party.role === 'PARTY'
        ? { kind: 'SIGNED', name: party.signerName, signedAt: party.signedAt.toISOString(), image: imageOf(party.imagePng, party.imageSha256, party.imageWidth, party.imageHeight)! }
        : {
            kind: 'REFUSED',
            witnessName: party.witnessName ?? '',
            witnessImage: imageOf(party.witnessImagePng, party.witnessImageSha256, party.witnessImageWidth, party.witnessImageHeight),
            witnessDescription: party.witnessDescription,
            refusalReason: party.refusalReason,
            at: party.signedAt.toISOString(),
          },
    officers: officers.map((o) => {
      const signature = row.signatures.find((s) => s.role === 'OFFICER' && s.officerId === o.id);
      return {
        name: o.name,
        departmentName: o.department?.shortName ?? null,
        // The number the officer signed with; an officer still to sign shows the record's.
        certificateNo: signature?.certificateNo ?? o.certificateNo,
        signedAt: signature?.signedAt.toISOString() ?? null,
        image: signature ? imageOf(signature.imagePng, signature.imageSha256, signature.imageWidth, signature.imageHeight) : null,
      };
    }),
  };
  return { ok: true, model: { ...content.model, signed }, sourceKey: `record:${row.id}:${row.signatures.map((s) => s.id).join(',')}` };
}

async function loadLiveInspectionRecord(db: PrismaClient | Tx, { inspectionId }: DocumentSubject): Promise<Loaded<'INSPECTION_RECORD'>> {
  const row = await db.jointInspection.findUnique({
    where: { id: inspectionId },
    include: {
      target: true,
      scenario: true,
      team: true,
      checks: {
        orderBy: { id: 'asc' },
        include: { department: true, items: { include: { checkItem: true } }, results: true },
      },
      findings: { include: { checkItem: true, department: true } },
    },
  });
  if (!row) return notFound(inspectionId);
  if (row.status === 'CANCELLED' || row.checksDoneAt === null) {
    return notAvailable('各参加部门的检查结果尚未全部提交，现场检查笔录须在现场检查完成后制作');
  }
  const present = row.team.filter((m) => m.presentAtCheckIn);
  const officers = await db.officer.findMany({ where: { id: { in: present.map((m) => m.officerId) } }, include: { department: true } });
  const lead = new Set(present.filter((m) => m.isLead).map((m) => m.officerId));
  // The lead officer first, then a stable order, so the same data renders the same document.
  officers.sort((a, b) => Number(lead.has(b.id)) - Number(lead.has(a.id)) || a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id));

  const model: InspectionRecordModel = {
    inspectionId: row.id,
    party: { name: row.target.name, creditCode: row.target.creditCode, address: row.target.address },
    scenarioName: row.scenario.name,
    checkInAt: row.checkInAt?.toISOString() ?? null,
    // Only for visits checked in since the place was asked: older records render as they always did.
    ...(row.checkInPlaceAsked
      ? {
          checkInPosition:
            row.checkInLatitude !== null && row.checkInLongitude !== null
              ? { latitude: row.checkInLatitude, longitude: row.checkInLongitude, accuracyMeters: row.checkInAccuracyMeters }
              : null,
        }
      : {}),
    place: row.target.address,
    officers: officers.map((o) => ({
      name: o.name,
      departmentName: o.department?.shortName ?? null,
      certificateNo: o.certificateNo,
      certificateExpiresOn: (o.certificateExpiresOn ? dateOfColumn(o.certificateExpiresOn) : null),
    })),
    departments: row.checks.map((check) => ({
      departmentName: check.department.name,
      items: [...check.items]
        .sort((a, b) => a.checkItem.code.localeCompare(b.checkItem.code))
        .map(({ checkItem: item }) => {
          const result = check.results.find((r) => r.checkItemId === item.id);
          const measurement = measurementOf(item);
          return {
            code: item.code,
            title: item.title,
            legalBasis: item.legalBasis,
            outcome: result?.outcome ?? null,
            measured: measurement.kind === 'NUMERIC',
            measuredValue: result?.measuredValue ?? null,
            unit: result?.unit ?? item.unit,
            limit: measurement.kind === 'NUMERIC' ? describeLimit(measurement) || null : null,
            note: result?.note ?? null,
          };
        }),
    })),
    findings: sortFindings(row.findings).map(findingOf),
  };
  const evidence = await evidenceFiles(db, { inspectionId, subjectType: { in: ['CHECK_RESULT', 'FINDING'] } }, new Map(row.checks.map((c) => [c.department.code, c.department.name])));
  if (evidence) model.evidence = evidence;
  return { ok: true, model };
}

export async function loadLegalReviewOpinion(db: PrismaClient | Tx, { inspectionId }: DocumentSubject): Promise<Loaded<'LEGAL_REVIEW_OPINION'>> {
  const row = await db.jointInspection.findUnique({
    where: { id: inspectionId },
    include: {
      target: true,
      reviews: { orderBy: { round: 'desc' }, take: 1 },
      findings: { where: { proposedAction: 'PENALTY' }, include: { checkItem: true, department: true } },
    },
  });
  if (!row) return notFound(inspectionId);
  const review = row.reviews[0];
  if (!review) return notAvailable('本次联合检查尚无法制审核记录，不能制作法制审核意见书');
  // Findings are stored in their latest form: revised after the decision, they are no longer what was reviewed.
  if (row.findings.some((f) => f.updatedAt > review.decidedAt)) {
    return notAvailable('处罚建议在最近一次审核后已修改，须待再次法制审核后制作意见书');
  }
  const reviewer = await db.officer.findUnique({ where: { id: review.reviewerId } });
  const model: LegalReviewOpinionModel = {
    inspectionId: row.id,
    party: { name: row.target.name, creditCode: row.target.creditCode, address: row.target.address },
    checkInAt: row.checkInAt?.toISOString() ?? null,
    round: review.round,
    proposals: sortFindings(row.findings).map(findingOf),
    reviewerName: reviewer?.name ?? '',
    decision: review.decision,
    opinion: review.opinion,
    decidedOn: chinaDate(review.decidedAt.toISOString()),
  };
  return { ok: true, model };
}

export async function loadRectificationOrder(db: PrismaClient | Tx, subject: DocumentSubject): Promise<Loaded<'RECTIFICATION_ORDER'>> {
  const { inspectionId, findingId } = subject;
  const finding = findingId
    ? await db.finding.findUnique({ where: { id: findingId }, include: { checkItem: true, inspection: { include: { target: true } } } })
    : null;
  // A finding of another inspection is treated as unknown: the caller's access was checked on this one.
  if (!finding || finding.inspectionId !== inspectionId) {
    return { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 中没有检查发现 ${findingId ?? ''}`, subjectType: 'Finding' };
  }
  const order = await db.rectificationOrder.findUnique({ where: { findingId: finding.id } });
  if (!order) return notAvailable('该检查发现尚未下达责令改正，不能制作责令改正通知书');
  const target = finding.inspection.target;
  const extensions = JSON.parse(order.extensionsJson) as ExtensionRecord[];
  const model: RectificationOrderModel = {
    party: { name: target.name, creditCode: target.creditCode, address: target.address },
    violations: [{ facts: finding.description, legalBasis: finding.checkItem.legalBasis }],
    requirement: order.requirement,
    // The notice carries the date the order was made, not the day it was printed: the
    // working-day deadline was counted from that date.
    issuedOn: order.orderedOn,
    deadline: order.deadlineOn,
    deadlineProvisional: order.deadlineBasisJson ? (JSON.parse(order.deadlineBasisJson) as CalendarDeadline).provisional : false,
    extensions: extensions.map((e) => ({ reason: e.reason, newDeadline: e.newDeadline, provisional: e.basis?.provisional ?? false })),
  };
  return { ok: true, model, sourceKey: `finding:${finding.id}` };
}

/** 行政处罚法 §67: a fine is paid within 15 days; §72: 3% a day on late payment. */
const FINE_PERFORMANCE =
  '当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。' +
  '到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款（《中华人民共和国行政处罚法》第六十七条、第七十二条）。';
const OTHER_PERFORMANCE = '当事人应当自收到本决定书之日起履行本决定。';

export async function loadPenaltyDecision(db: PrismaClient | Tx, subject: DocumentSubject, ctx: LoadContext): Promise<Loaded<'PENALTY_DECISION'>> {
  const { inspectionId, caseId } = subject;
  const row = caseId ? await db.enforcementCase.findUnique({ where: { id: caseId }, include: { reviews: { orderBy: { round: 'asc' } } } }) : null;
  if (!row || row.inspectionId !== inspectionId) {
    return { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 中没有案件 ${caseId ?? ''}`, subjectType: 'EnforcementCase' };
  }
  if (row.decidedAt === null || !row.decisionText) return notAvailable('本案尚未作出行政处罚决定，不能制作行政处罚决定书');
  const inspection = await db.jointInspection.findUnique({ where: { id: row.inspectionId }, include: { target: true } });
  if (!inspection) return notFound(row.inspectionId);
  const finding = row.findingId ? await db.finding.findUnique({ where: { id: row.findingId }, include: { checkItem: true } }) : null;
  const proposal = row.proposalJson ? (JSON.parse(row.proposalJson) as PenaltyProposal) : null;
  // §58 asks for the review that approved what was decided: the latest one on or before the
  // decision. A later round, or a latest round that returned the proposal, does not count.
  const decidedAt = row.decidedAt;
  const review = row.reviews.filter((r) => r.decidedAt <= decidedAt).at(-1);
  const fine = row.fineAmount ?? proposal?.fineAmount ?? null;
  const model: PenaltyDecisionModel = {
    party: { name: inspection.target.name, creditCode: inspection.target.creditCode, address: inspection.target.address },
    facts: proposal?.facts ?? '',
    evidence: proposal?.evidence ?? [],
    // The item's provision is what the conduct breaks; the proposal's cites the penalty too.
    // Without a finding (a case filed on its own) the proposal's provisions are both.
    violatedBasis: finding?.checkItem.legalBasis ?? proposal?.legalBasis ?? '',
    penaltyBasis: proposal?.legalBasis ?? '',
    penalty: { kind: row.penaltyKind ?? proposal?.penaltyKind ?? '', content: row.decisionText },
    performance: fine !== null && fine > 0 ? FINE_PERFORMANCE : OTHER_PERFORMANCE,
    remedies: ctx.remedies,
    decidedOn: chinaDate(decidedAt.toISOString()),
    legalReviewApprovedOn: review?.decision === 'APPROVED' ? chinaDate(review.decidedAt.toISOString()) : null,
  };
  return { ok: true, model: withFiles(model, await caseEvidence(db, row)), sourceKey: `case:${row.id}` };
}

/** A case of the inspection with its business and the workflow's stored state (notice, hearing). */
async function loadCaseWithState(db: PrismaClient | Tx, subject: DocumentSubject) {
  const { inspectionId, caseId } = subject;
  const row = caseId ? await db.enforcementCase.findUnique({ where: { id: caseId }, include: { investigators: true } }) : null;
  if (!row || row.inspectionId !== inspectionId) {
    return { ok: false as const, notLoaded: { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 中没有案件 ${caseId ?? ''}`, subjectType: 'EnforcementCase' } as NotLoaded };
  }
  const inspection = await db.jointInspection.findUnique({ where: { id: row.inspectionId }, include: { target: true } });
  if (!inspection) return { ok: false as const, notLoaded: notFound(row.inspectionId) };
  const stored = await db.workflowState.findUnique({ where: { workflowId: caseWorkflowId(row.id) }, select: { stateJson: true } });
  const state = stored ? (JSON.parse(stored.stateJson) as CaseState) : null;
  const party = { name: inspection.target.name, creditCode: inspection.target.creditCode, address: inspection.target.address };
  return { ok: true as const, row, state, party };
}

export async function loadPriorNotice(db: PrismaClient | Tx, subject: DocumentSubject): Promise<Loaded<'PRIOR_NOTICE'>> {
  const loaded = await loadCaseWithState(db, subject);
  if (!loaded.ok) return loaded.notLoaded;
  const { row, state, party } = loaded;
  const notice = state?.notice;
  if (!notice) return notAvailable('本案尚未制作事先告知（法制审核通过后才能告知当事人），不能制作事先告知书');
  const evidence = (row.proposalJson ? (JSON.parse(row.proposalJson) as PenaltyProposal).evidence : null) ?? [];
  const policy = procedurePolicyOf(undefined);
  const model: PriorNoticeModel = {
    party,
    facts: notice.facts,
    evidence,
    legalBasis: notice.legalBasis,
    penalty: { kind: notice.penalty.penaltyKind, fineAmount: notice.penalty.fineAmount ?? null, confiscationAmount: notice.penalty.confiscationAmount ?? null },
    hearingGrounds: notice.hearingGrounds,
    statementWorkingDays: policy.statementWorkingDays,
    hearingRequestWorkingDays: policy.hearingRequestWorkingDays,
    issuedOn: chinaDate(notice.issuedAt),
  };
  return { ok: true, model: withFiles(model, await caseEvidence(db, row)), sourceKey: `case:${row.id}:notice:${notice.round}` };
}

export async function loadHearingNotice(db: PrismaClient | Tx, subject: DocumentSubject): Promise<Loaded<'HEARING_NOTICE'>> {
  const loaded = await loadCaseWithState(db, subject);
  if (!loaded.ok) return loaded.notLoaded;
  const { row, state, party } = loaded;
  const hearing = state?.hearing;
  if (!hearing?.scheduledAt || !hearing.hearingAt) return notAvailable('本案尚未确定听证时间、地点，不能制作听证通知书');
  const model: HearingNoticeModel = {
    party,
    caseTitle: row.title,
    hearingAt: hearing.hearingAt,
    place: hearing.place ?? '',
    presidingName: hearing.presiding?.name ?? '',
    public: hearing.public,
    notPublicReason: hearing.notPublicReason,
    issuedOn: chinaDate(hearing.scheduledAt),
  };
  return { ok: true, model: withFiles(model, await caseEvidence(db, row)), sourceKey: `case:${row.id}:hearing-notice:${hearing.scheduledAt}` };
}

export async function loadHearingRecord(db: PrismaClient | Tx, subject: DocumentSubject): Promise<Loaded<'HEARING_RECORD'>> {
  const loaded = await loadCaseWithState(db, subject);
  if (!loaded.ok) return loaded.notLoaded;
  const { row, state, party } = loaded;
  const hearing = state?.hearing;
  if (!hearing?.record || !hearing.hearingAt) return notAvailable('本案听证尚未举行或笔录尚未提交，不能制作听证笔录');
  const investigators = await db.officer.findMany({ where: { id: { in: row.investigators.map((i) => i.officerId) } }, orderBy: { name: 'asc' } });
  const model: HearingRecordModel = {
    party,
    caseTitle: row.title,
    hearingAt: hearing.hearingAt,
    place: hearing.place ?? '',
    presidingName: hearing.presiding?.name ?? '',
    investigators: investigators.map((o) => o.name),
    summary: hearing.record.summary,
    partyOpinion: hearing.record.partyOpinion,
    partySigned: hearing.record.partySigned,
    refusalNote: hearing.record.refusalNote,
  };
  return { ok: true, model: withFiles(model, await caseEvidence(db, row)), sourceKey: `case:${row.id}:hearing-record` };
}

/** 行政处罚法 §67–§68: a fine decided on the spot is paid at the bank (or electronically) within 15 days. */
const ON_THE_SPOT_PAYMENT =
  '当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款；依法当场收缴罚款的，执法人员当场出具专用票据' +
  '（《中华人民共和国行政处罚法》第六十七条、第六十八条）。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款（第七十二条）。';

export async function loadOnTheSpotPenaltyDecision(
  db: PrismaClient | Tx,
  subject: DocumentSubject,
  ctx: LoadContext,
): Promise<Loaded<'ON_THE_SPOT_PENALTY_DECISION'>> {
  const { inspectionId, penaltyId } = subject;
  const row = penaltyId ? await db.onTheSpotPenalty.findUnique({ where: { id: penaltyId } }) : null;
  if (!row || row.inspectionId !== inspectionId) {
    return { ok: false, reason: 'NOT_FOUND', message: `联合检查 ${inspectionId} 中没有当场处罚决定 ${penaltyId ?? ''}`, subjectType: 'OnTheSpotPenalty' };
  }
  const inspection = await db.jointInspection.findUnique({ where: { id: inspectionId }, include: { target: true } });
  if (!inspection) return notFound(inspectionId);
  const kind = row.kind as OnTheSpotPenaltyKind;
  const acknowledgement =
    row.acknowledgement === 'SIGNED'
      ? `当事人签收：${row.signerName ?? ''}`
      : row.acknowledgement === 'REFUSED'
        ? `当事人拒绝签收，见证人：${row.refusalWitness ?? ''}（${row.refusalNote ?? ''}）`
        : null;
  const model: OnTheSpotPenaltyDecisionModel = {
    party: { name: inspection.target.name, creditCode: inspection.target.creditCode, address: inspection.target.address },
    partyKindLabel: PARTY_KIND_LABELS[row.partyKind as PartyKind] ?? '',
    facts: row.facts,
    legalBasis: row.legalBasis,
    penalty: {
      kind: ON_THE_SPOT_PENALTY_LABELS[kind] ?? '',
      content: onTheSpotPenaltyContent({ kind, fineAmount: row.fineAmount ?? undefined }),
      fineAmount: row.fineAmount,
    },
    decidedAt: row.decidedAt.toISOString(),
    place: row.place,
    officers: [{ name: row.officerName, certificateNo: row.certificateNo }],
    remedies: ctx.remedies,
    organ: ctx.organ,
    payment: kind === 'FINE' ? ON_THE_SPOT_PAYMENT : '',
    acknowledgement,
  };
  return { ok: true, model, sourceKey: `on-the-spot:${row.id}` };
}

interface FindingRow {
  description: string;
  proposedAction: 'RECTIFY' | 'PENALTY';
  checkItem: { code: string; title: string; legalBasis: string };
  department: { code: string; name: string };
}

function sortFindings<T extends FindingRow>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.department.code.localeCompare(b.department.code) || a.checkItem.code.localeCompare(b.checkItem.code));
}

function findingOf(f: FindingRow): DocumentFinding {
  return {
    departmentName: f.department.name,
    itemTitle: f.checkItem.title,
    facts: f.description,
    legalBasis: f.checkItem.legalBasis,
    proposedAction: f.proposedAction,
  };
}

// ---- layout ---------------------------------------------------------------------------------

// Official documents (GB/T 9704): 宋体 for the title, 仿宋_GB2312 for the text, 黑体 for
// section headings. ASCII falls back to Times New Roman, as Word and WPS templates do.
/** How each kind's model is loaded from the recorded data. */
export const LOADERS: { [K in GeneratedDocumentKind]: (db: PrismaClient | Tx, subject: DocumentSubject, ctx: LoadContext) => Promise<Loaded<K>> } = {
  INSPECTION_RECORD: loadInspectionRecord,
  LEGAL_REVIEW_OPINION: loadLegalReviewOpinion,
  RECTIFICATION_ORDER: loadRectificationOrder,
  PENALTY_DECISION: loadPenaltyDecision,
  PRIOR_NOTICE: loadPriorNotice,
  HEARING_NOTICE: loadHearingNotice,
  HEARING_RECORD: loadHearingRecord,
  ON_THE_SPOT_PENALTY_DECISION: loadOnTheSpotPenaltyDecision,
};
