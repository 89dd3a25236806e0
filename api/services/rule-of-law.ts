/**
 * The registers of the township's rule-of-law work that have no steps in time (issue #17):
 * major decisions (重大行政决策 / 三重一大) and the mediation ledger (人民调解), plus the year's
 * figures the annual report states. Each write is one transaction with its audit event, its
 * status checked inside it, so a refusal leaves nothing half-written; the rules are
 * domain/rule-of-law.ts's.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ownTownshipWithin, writeOnce, type AuthenticatedOfficer, type PrismaClient, type Tx } from '../../db';
import { chinaDate, startOfChinaDate } from '../../domain/dates';
import { validateReviewer } from '../../domain/inspection';
import {
  CHALLENGE_KINDS,
  CHALLENGE_OUTCOMES,
  CHALLENGE_OUTCOME_LABELS,
  DEFAULT_MAJOR_DECISION_POLICY,
  DISPUTE_SOURCES,
  correctionRate,
  isCorrected,
  MAJOR_DECISION_KINDS,
  PARTY_DATA_ROLES,
  PUBLICITY_KINDS,
  STUDY_SESSION_KINDS,
  isResolved,
  isSubjectToMajorDecisionRule,
  meetingRecordProblems,
  validateDisputeIntake,
  validateDisputeOutcome,
  validateMajorDecisionTaken,
  validateMeetingPassed,
  type ChallengeKind,
  type ChallengeOutcome,
  type DisputeSource,
  type LegalConclusion,
  type MajorDecisionKind,
  type MajorDecisionPolicy,
  type PublicityKind,
  type StudySessionKind,
} from '../../domain/rule-of-law';
import { withinTownships, type TownshipScope } from '../../domain/townships';
import type { RuleCode, RuleViolation } from '../../domain/rules';
import { AppError } from '../errors';
import { hasRole } from '../policies';
import { townshipOfNew } from './townships';
import type { CreateMajorDecisionBody, LegalOpinionBody, MeetingBody, TakeDecisionBody } from '../routes/major-decisions/schema';
import type { CollectiveDecisionBody as CaseCollectiveDecisionBody } from '../routes/cases/schema';
import type { CaseState } from '../../contracts/case';
import type { CreateDisputeBody, DisputeOutcomeBody, ListDisputesQuery, MediationTargetBody } from '../routes/disputes/schema';

type Actor = AuthenticatedOfficer;
const actorOf = (a: Actor) => ({ officerId: a.officerId, name: a.name });

/** A register row's township: the one asked for (within reach) or the caller's only one; a register row always has one. */
export async function townshipOf(prisma: PrismaClient, actor: Actor, requested: string | undefined): Promise<string> {
  const townshipId = await townshipOfNew(prisma, actor, requested, 'townshipId');
  if (!townshipId) {
    throw new AppError('TOWNSHIP_REQUIRED', '请指明所属乡镇（街道）', [{ code: 'TOWNSHIP_REQUIRED', path: 'townshipId', message: '请选择乡镇（街道）' }]);
  }
  return townshipId;
}

/** A register records what happened: a date still to come is refused (DATE_INVALID), in China time. */
export function notInFuture(date: string, path: string, label: string): void {
  const today = chinaDate(new Date().toISOString());
  if (date > today) throw new AppError('DATE_INVALID', `${label}不能晚于今天（${today}）`, [{ code: 'DATE_INVALID', path, message: `${label}晚于今天` }]);
}

/** Refuses with the first violation's code (a rule of domain/rule-of-law.ts). */
function refuseIf(violations: RuleViolation[]): void {
  if (violations.length === 0) return;
  throw new AppError(violations[0].code as RuleCode, violations.map((v) => v.message).join('；'), violations.map((v) => ({ code: v.code, path: v.path, message: v.message })));
}

/** One register write: its rows and audit event in one transaction (a new key each time: an HTTP write is not retried by an engine). */
export function audited(prisma: PrismaClient, actor: Actor, action: string, subjectType: string, subjectId: string, payload: unknown, write: (tx: Tx) => Promise<void>) {
  return writeOnce(prisma, `${subjectType}:${subjectId}:${action}:${randomUUID()}`, { actor: actorOf(actor), action, subjectType, subjectId, at: new Date(), payload }, write);
}

// ---------------------------------------------------------------------------------------------
// 重大行政决策 / 三重一大

/** The case's collective-decision update (api/services/cases.ts): its validator is the gate on the case. */
type CaseCollectiveUpdate = (options: { actor: Actor; id: string; body: { meetingDate: string; attendees: string[]; resolution: string }; updateId?: string }) => Promise<CaseState>;

export function createMajorDecisionService(deps: { prisma: PrismaClient; majorDecisionPolicy?: MajorDecisionPolicy; caseCollectiveUpdate?: CaseCollectiveUpdate }) {
  const { prisma } = deps;
  const policy = deps.majorDecisionPolicy ?? DEFAULT_MAJOR_DECISION_POLICY;
  const notFound = (id: string) => new AppError('MAJOR_DECISION_NOT_FOUND', `重大决策 ${id} 不存在`);

  async function load(id: string) {
    const row = await prisma.majorDecision.findUnique({ where: { id } });
    if (!row) throw notFound(id);
    return row;
  }
  const view = (row: Awaited<ReturnType<typeof load>>) => ({ ...row, attendees: row.attendeesJson ? (JSON.parse(row.attendeesJson) as string[]) : null, attendeesJson: undefined });
  const meetingOf = (row: Awaited<ReturnType<typeof load>>) =>
    row.meetingRecordedAt
      ? { membersTotal: row.membersTotal!, attendees: JSON.parse(row.attendeesJson!) as string[], votesFor: row.votesFor!, votesAgainst: row.votesAgainst!, votesAbstain: row.votesAbstain!, minutes: row.minutes! }
      : null;

  /** The row as it is, refused when already taken; writes check the status again in their transaction. */
  async function proposed(id: string) {
    const row = await load(id);
    if (row.status === 'TAKEN') throw new AppError('MAJOR_DECISION_ALREADY_TAKEN', '该决策已记录为已决策，不能再修改');
    return row;
  }
  /** Updates only while still proposed: a concurrent decision leaves this write refused, not half-done. */
  async function updateProposed(tx: Tx, id: string, data: Parameters<Tx['majorDecision']['updateMany']>[0]['data']) {
    const { count } = await tx.majorDecision.updateMany({ where: { id, status: 'PROPOSED' }, data });
    if (count !== 1) throw new AppError('MAJOR_DECISION_ALREADY_TAKEN', '该决策已记录为已决策，不能再修改');
  }

  return {
    policy,
    async create(options: { actor: Actor; body: CreateMajorDecisionBody }) {
      const { actor, body } = options;
      if (body.kind === 'CASE_PENALTY') {
        throw new AppError('MAJOR_DECISION_KIND_FROM_CASE', '重大行政处罚案件的集体讨论请在案件中记录（POST /api/cases/{id}/collective-decision），合法性审查即该案的法制审核', [
          { code: 'MAJOR_DECISION_KIND_FROM_CASE', path: 'kind', message: '该类决策须从案件记录' },
        ]);
      }
      const townshipId = await townshipOf(prisma, actor, body.townshipId);
      const id = randomUUID();
      const at = new Date();
      const amount = body.amount ?? null;
      const subjectToRule = isSubjectToMajorDecisionRule(body.kind, amount, policy);
      await audited(prisma, actor, 'MAJOR_DECISION_PROPOSED', 'MajorDecision', id, { ...body, subjectToRule }, async (tx) => {
        await tx.majorDecision.create({
          data: { id, townshipId, kind: body.kind, title: body.title, amount, subjectToRule, status: 'PROPOSED', proposedById: actor.officerId, proposedAt: at, updatedAt: at },
        });
      });
      return view(await load(id));
    },

    async list(options: { actor: Actor }) {
      const rows = await prisma.majorDecision.findMany({ where: ownTownshipWithin(options.actor.townships), orderBy: { proposedAt: 'desc' }, take: 500 });
      return { items: rows.map(view) };
    },

    get: async (options: { id: string }) => view(await load(options.id)),

    /** The legal adviser's legality opinion (a new one replaces the last, e.g. after the plan changed). */
    async legalOpinion(options: { actor: Actor; id: string; body: LegalOpinionBody }) {
      const { actor, id, body } = options;
      await proposed(id);
      const violations = validateReviewer({
        reviewer: { ...actorOf(actor), isLegalReviewer: hasRole(actor, 'LEGAL_REVIEWER'), legalQualified: actor.legalQualified },
        visitingOfficerIds: [],
      });
      if (violations.length) throw new AppError('REVIEWER_NOT_ELIGIBLE', violations.map((v) => v.message).join('；'));
      const at = new Date();
      await audited(prisma, actor, 'MAJOR_DECISION_LEGAL_OPINION', 'MajorDecision', id, body, (tx) =>
        updateProposed(tx, id, { legalReviewerId: actor.officerId, legalConclusion: body.conclusion, legalOpinion: body.opinion, legalReviewedAt: at, updatedAt: at }),
      );
      return view(await load(id));
    },

    /** The collective meeting's record; the legality review comes first (审查在前、讨论在后). */
    async meeting(options: { actor: Actor; id: string; body: MeetingBody }) {
      const { actor, id, body } = options;
      const row = await proposed(id);
      if (row.subjectToRule && !row.legalConclusion) {
        throw new AppError('MAJOR_DECISION_LEGAL_OPINION_REQUIRED', '重大决策须先经法律顾问合法性审查，再提交集体讨论');
      }
      refuseIf(meetingRecordProblems(body));
      notInFuture(body.meetingDate, 'meetingDate', '会议日期');
      const at = new Date();
      await audited(prisma, actor, 'MAJOR_DECISION_MEETING', 'MajorDecision', id, body, (tx) =>
        updateProposed(tx, id, {
          meetingKind: body.meetingKind,
          meetingDate: body.meetingDate,
          membersTotal: body.membersTotal,
          attendeesJson: JSON.stringify(body.attendees),
          votesFor: body.votesFor,
          votesAgainst: body.votesAgainst,
          votesAbstain: body.votesAbstain,
          minutes: body.minutes,
          meetingRecordedAt: at,
          updatedAt: at,
        }),
      );
      return view(await load(id));
    },

    /**
     * A major case's §57 collective discussion, on this machinery: the meeting must pass as any major
     * decision's (quorum, majority); the case's collective-decision update then decides whether the
     * case admits it (major, its latest §58 review approved, its state) and a refusal leaves nothing
     * written; accepted, the decision is recorded TAKEN with that review as its legality opinion. The
     * case's decision gate reads the entry the update added (workflow commands unchanged).
     */
    async caseCollectiveDecision(options: { actor: Actor; id: string; body: CaseCollectiveDecisionBody }) {
      const { actor, id: caseId, body } = options;
      if (!deps.caseCollectiveUpdate) throw new Error('createMajorDecisionService: caseCollectiveUpdate is required for case decisions');
      const meeting = { membersTotal: body.membersTotal, attendees: body.attendees, votesFor: body.votesFor, votesAgainst: body.votesAgainst, votesAbstain: body.votesAbstain, minutes: body.minutes };
      refuseIf(meetingRecordProblems(meeting));
      notInFuture(body.meetingDate, 'meetingDate', '会议日期');
      refuseIf(validateMeetingPassed(meeting, policy));
      const row = await prisma.enforcementCase.findUnique({ where: { id: caseId }, select: { townshipId: true, title: true, fineAmount: true } });
      if (!row?.townshipId) throw new AppError('INVALID_STATE', '该案件没有所属乡镇，不能记录为重大决策');
      // One meeting record, one step: the same request again (a retry after the row below failed
      // to be written, or a double tap) reaches the case as the same update and the ledger as the
      // same row, so neither records the discussion twice.
      const key = createHash('sha256').update(JSON.stringify([caseId, actor.officerId, body])).digest('hex').slice(0, 24);
      const state = await deps.caseCollectiveUpdate({
        actor,
        id: caseId,
        body: { meetingDate: body.meetingDate, attendees: body.attendees, resolution: body.resolution },
        updateId: `collective-decision:${key}`,
      });
      const review = state.reviews.at(-1)!;
      const id = `case-penalty-${key}`;
      const at = new Date();
      await writeOnce(prisma, `MajorDecision:${id}:MAJOR_DECISION_TAKEN`, { actor: actorOf(actor), action: 'MAJOR_DECISION_TAKEN', subjectType: 'MajorDecision', subjectId: id, at, payload: { kind: 'CASE_PENALTY', caseId, ...body } }, async (tx) => {
        await tx.majorDecision.create({
          data: {
            id,
            townshipId: row.townshipId!,
            kind: 'CASE_PENALTY',
            title: `${row.title}（集体讨论）`,
            amount: row.fineAmount,
            subjectToRule: true,
            status: 'TAKEN',
            proposedById: actor.officerId,
            proposedAt: at,
            legalReviewerId: review.reviewer.officerId,
            legalConclusion: 'LAWFUL',
            legalOpinion: review.opinion,
            legalReviewedAt: new Date(review.decidedAt),
            meetingKind: body.meetingKind,
            meetingDate: body.meetingDate,
            membersTotal: body.membersTotal,
            attendeesJson: JSON.stringify(body.attendees),
            votesFor: body.votesFor,
            votesAgainst: body.votesAgainst,
            votesAbstain: body.votesAbstain,
            minutes: body.minutes,
            meetingRecordedAt: at,
            decisionText: body.resolution,
            takenById: actor.officerId,
            takenAt: at,
            updatedAt: at,
            caseId,
          },
        });
      });
      return state;
    },

    /** Recorded as taken only with the opinion and a quorate, passing meeting (domain/rule-of-law.ts). */
    async take(options: { actor: Actor; id: string; body: TakeDecisionBody }) {
      const { actor, id, body } = options;
      const row = await proposed(id);
      refuseIf(validateMajorDecisionTaken({ subjectToRule: row.subjectToRule, legalConclusion: row.legalConclusion as LegalConclusion | null, meeting: meetingOf(row), policy }));
      const at = new Date();
      await audited(prisma, actor, 'MAJOR_DECISION_TAKEN', 'MajorDecision', id, body, (tx) =>
        updateProposed(tx, id, { status: 'TAKEN', decisionText: body.decisionText, takenById: actor.officerId, takenAt: at, updatedAt: at }),
      );
      return view(await load(id));
    },
  };
}

export type MajorDecisionService = ReturnType<typeof createMajorDecisionService>;

// ---------------------------------------------------------------------------------------------
// 人民调解

export function createDisputeService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  const notFound = (id: string) => new AppError('DISPUTE_NOT_FOUND', `矛盾纠纷 ${id} 不存在`);

  async function load(id: string) {
    const row = await prisma.dispute.findUnique({ where: { id }, include: { parties: true } });
    if (!row) throw notFound(id);
    return row;
  }
  /** Lists carry the parties' names and roles only: phone and ID numbers never leave the detail. */
  const listed = (row: Awaited<ReturnType<typeof load>>) => ({
    ...row,
    parties: row.parties.map((p) => ({ name: p.name, role: p.role })),
  });

  return {
    async create(options: { actor: Actor; body: CreateDisputeBody }) {
      const { actor, body } = options;
      const gridEventId = body.gridEventId ?? null;
      refuseIf(validateDisputeIntake({ source: body.source, gridEventId }));
      notInFuture(body.receivedOn, 'receivedOn', '受理日期');
      let townshipId: string;
      if (gridEventId) {
        // The event's township is the dispute's; an event beyond reach reads as unknown.
        const event = await prisma.gridEvent.findUnique({ where: { id: gridEventId }, select: { townshipId: true, village: true } });
        if (!event || !withinTownships(actor.townships, event.townshipId) || !event.townshipId) {
          throw new AppError('UNKNOWN_REFERENCE', `“532”事件 ${gridEventId} 不存在`, [{ code: 'UNKNOWN_REFERENCE', path: 'gridEventId', message: '事件不存在' }]);
        }
        if (await prisma.dispute.findUnique({ where: { gridEventId }, select: { id: true } })) {
          throw new AppError('DISPUTE_EVENT_ALREADY_LINKED', '该“532”事件已转为矛盾纠纷，不能重复登记');
        }
        townshipId = event.townshipId;
      } else {
        townshipId = await townshipOf(prisma, actor, body.townshipId);
      }
      const id = randomUUID();
      const at = new Date();
      try {
        await audited(prisma, actor, 'DISPUTE_RECEIVED', 'Dispute', id, { source: body.source, kind: body.kind, gridEventId, major: body.major }, async (tx) => {
          await tx.dispute.create({
            data: {
              id,
              townshipId,
              source: body.source,
              kind: body.kind,
              summary: body.summary,
              village: body.village ?? null,
              major: body.major,
              mediatorName: body.mediatorName,
              gridEventId,
              receivedOn: body.receivedOn,
              status: 'OPEN',
              recordedById: actor.officerId,
              createdAt: at,
              updatedAt: at,
              parties: { create: body.parties.map((p) => ({ name: p.name, role: p.role, phone: p.phone ?? null, idNumber: p.idNumber ?? null })) },
            },
          });
        });
      } catch (error) {
        // Two intakes of one event at once: the unique event id settles it.
        if ((error as { code?: string }).code === 'P2002') throw new AppError('DISPUTE_EVENT_ALREADY_LINKED', '该“532”事件已转为矛盾纠纷，不能重复登记');
        throw error;
      }
      return this.get({ actor, id });
    },

    async list(options: { actor: Actor; query: ListDisputesQuery }) {
      const { query } = options;
      const rows = await prisma.dispute.findMany({
        where: {
          ...ownTownshipWithin(options.actor.townships),
          ...(query.year ? { receivedOn: { startsWith: `${query.year}-` } } : {}),
          ...(query.status ? { status: query.status } : {}),
        },
        include: { parties: true },
        orderBy: { receivedOn: 'desc' },
        take: 1000,
      });
      return { items: rows.map(listed) };
    },

    /** The detail: phone and ID numbers for the roles entitled to them (PARTY_DATA_ROLES), hidden for others. */
    async get(options: { actor: Actor; id: string }) {
      const row = await load(options.id);
      const entitled = hasRole(options.actor, ...PARTY_DATA_ROLES);
      return {
        ...row,
        personalDataShown: entitled,
        parties: row.parties.map((p) => ({ name: p.name, role: p.role, ...(entitled ? { phone: p.phone, idNumber: p.idNumber } : {}) })),
      };
    },

    async outcome(options: { actor: Actor; id: string; body: DisputeOutcomeBody }) {
      const { actor, id, body } = options;
      const row = await load(id);
      if (row.status !== 'OPEN') throw new AppError('DISPUTE_ALREADY_CLOSED', '该纠纷已记录调解结果');
      refuseIf(validateDisputeOutcome({ outcome: body.outcome, referredTo: body.referredTo ?? null, note: body.note }));
      notInFuture(body.resolvedOn, 'resolvedOn', '调结日期');
      if (body.resolvedOn < row.receivedOn) {
        throw new AppError('DISPUTE_OUTCOME_INVALID', `调结日期不能早于受理日期（${row.receivedOn}）`, [{ code: 'DISPUTE_OUTCOME_INVALID', path: 'resolvedOn', message: '调结日期早于受理日期' }]);
      }
      await audited(prisma, actor, `DISPUTE_${body.outcome}`, 'Dispute', id, body, async (tx) => {
        const { count } = await tx.dispute.updateMany({
          where: { id, status: 'OPEN' },
          data: { status: body.outcome, outcomeNote: body.note, referredTo: body.referredTo ?? null, resolvedOn: body.resolvedOn, updatedAt: new Date() },
        });
        if (count !== 1) throw new AppError('DISPUTE_ALREADY_CLOSED', '该纠纷已记录调解结果');
      });
      return this.get({ actor, id });
    },

    /** The year's target (任务数) of a township. */
    async setTarget(options: { actor: Actor; body: MediationTargetBody }) {
      const { actor, body } = options;
      const townshipId = await townshipOf(prisma, actor, body.townshipId);
      await audited(prisma, actor, 'MEDIATION_TARGET_SET', 'MediationTarget', `${townshipId}:${body.year}`, body, async (tx) => {
        await tx.mediationTarget.upsert({
          where: { townshipId_year: { townshipId, year: body.year } },
          create: { townshipId, year: body.year, target: body.target, setById: actor.officerId, updatedAt: new Date() },
          update: { target: body.target, setById: actor.officerId, updatedAt: new Date() },
        });
      });
      return { townshipId, year: body.year, target: body.target };
    },
  };
}

export type DisputeService = ReturnType<typeof createDisputeService>;

// ---------------------------------------------------------------------------------------------
// The year's figures (the annual report's 法治政府建设 part)

export interface RuleOfLawFigures {
  normativeDocuments: {
    /** Drafts submitted in the year. */
    submitted: number;
    /** Documents with a legality review given in the year. */
    reviewed: number;
    /** Of those, sent back for changes at least once in the year. */
    changesRequired: number;
    /** Reviews given after their term. */
    reviewsLate: number;
    published: number;
    /** Filed (备案) in the year; `filedLate`: after the filing term. */
    filed: number;
    filedLate: number;
    /** Published in the year and not filed yet. */
    awaitingFiling: number;
    /** Clean-ups (清理) in the year, by their conclusion. */
    cleanedUp: number;
    byValidity: { VALID: number; AMENDED: number; REPEALED: number };
  };
  majorDecisions: {
    /** Recorded as taken in the year. */
    taken: number;
    /** Of those under the rule: all with the legal adviser's opinion and a collective meeting. */
    subjectToRule: number;
    withLegalReview: number;
    withCollectiveMeeting: number;
    byKind: Record<MajorDecisionKind, number>;
  };
  mediation: {
    /** The year's targets of the townships counted (null: none set). */
    target: number | null;
    received: number;
    /** Agreements reached in the year (written and oral). */
    resolved: number;
    written: number;
    oral: number;
    failedReferred: number;
    open: number;
    /** Major disputes (重大疑难，包括群体性事件) received in the year. */
    major: number;
    bySource: Record<DisputeSource, number>;
    fromGridEvents: number;
  };
  /** Study sessions and trainings of officials held in the year, by kind. */
  study: Record<StudySessionKind, number>;
  publicity: {
    /** Activities held in the year, by kind; people reached and materials handed out. */
    byKind: Record<PublicityKind, number>;
    activities: number;
    audience: number;
    materials: number;
    /** 谁执法谁普法: joint inspections of the year in which a department recorded the law it explained (visits, not departments). */
    enforcementVisits: number;
  };
  legalChallenges: {
    /** Challenges whose copy the organ received in the year, by kind. */
    received: number;
    byKind: Record<ChallengeKind, number>;
    /** Concluded in the year (decision, judgment, settlement or withdrawal), by outcome. */
    concluded: number;
    byOutcome: Record<ChallengeOutcome, number>;
    /** Of the concluded: revoked, changed, confirmed unlawful or ordered to act (纠错); the rate in per cent of the concluded (null: none concluded). */
    corrected: number;
    correctionRate: number | null;
    /** Answers (答复/答辩) given after their term, among those given in the year. */
    answersLate: number;
    /** Hearings held in the year, and those the organ's head attended in person (负责人出庭应诉). */
    hearings: number;
    headAppeared: number;
  };
  legalLiaisons: {
    /** On the register (active) by the end of the year. */
    registered: number;
    /** Training sessions in the year (distinct dates) and the liaisons who attended one. */
    trainingSessions: number;
    trained: number;
    /** Liaisons assessed in the year; of them, qualified or excellent in their latest assessment. */
    assessed: number;
    qualified: number;
  };
}

const inYear = (year: number) => ({ gte: new Date(startOfChinaDate(`${year}-01-01`)), lt: new Date(startOfChinaDate(`${year + 1}-01-01`)) });
const yearPrefix = (year: number) => ({ startsWith: `${year}-` });

export async function ruleOfLawFigures(prisma: PrismaClient, year: number, scope: TownshipScope): Promise<RuleOfLawFigures> {
  const within = ownTownshipWithin(scope);
  const [submitted, reviews, published, filed, awaitingFiling, cleaned] = await Promise.all([
    prisma.normativeDocument.count({ where: { ...within, submittedAt: inYear(year) } }),
    prisma.normativeDocumentReview.findMany({ where: { decidedAt: inYear(year), document: within }, select: { documentId: true, decision: true, late: true } }),
    prisma.normativeDocument.count({ where: { ...within, publishedOn: yearPrefix(year) } }),
    prisma.normativeDocument.findMany({ where: { ...within, filedOn: yearPrefix(year) }, select: { filingOverdue: true } }),
    prisma.normativeDocument.count({ where: { ...within, publishedOn: yearPrefix(year), status: 'PUBLISHED' } }),
    prisma.normativeDocument.findMany({ where: { ...within, cleanupReviewedOn: yearPrefix(year) }, select: { validity: true } }),
  ]);
  const taken = await prisma.majorDecision.findMany({ where: { ...within, status: 'TAKEN', takenAt: inYear(year) } });
  const [disputes, resolvedRows, targets] = await Promise.all([
    prisma.dispute.findMany({ where: { ...within, receivedOn: yearPrefix(year) }, select: { status: true, major: true, source: true } }),
    prisma.dispute.findMany({ where: { ...within, resolvedOn: yearPrefix(year) }, select: { status: true } }),
    prisma.mediationTarget.findMany({ where: { ...within, year } }),
  ]);
  const [sessions, activities, liaisons, liaisonRecords] = await Promise.all([
    prisma.studySession.findMany({ where: { ...within, heldOn: yearPrefix(year) }, select: { kind: true } }),
    prisma.publicityActivity.findMany({ where: { ...within, heldOn: yearPrefix(year) }, select: { kind: true, audience: true, materials: true } }),
    // On the register by the end of the year (a past year does not count later registrations).
    prisma.legalLiaison.count({ where: { ...within, active: true, registeredOn: { lte: `${year}-12-31` } } }),
    prisma.legalLiaisonRecord.findMany({ where: { on: yearPrefix(year), liaison: within }, select: { liaisonId: true, kind: true, on: true, result: true } }),
  ]);
  const [challengesReceived, challengesConcluded, answers, hearings, explainedVisits] = await Promise.all([
    prisma.legalChallenge.findMany({ where: { ...within, receivedOn: yearPrefix(year) }, select: { kind: true } }),
    prisma.legalChallenge.findMany({ where: { ...within, status: 'CONCLUDED', decidedOn: yearPrefix(year) }, select: { outcome: true } }),
    prisma.legalChallenge.findMany({ where: { ...within, answeredOn: yearPrefix(year) }, select: { answerLate: true } }),
    prisma.legalChallengeHearing.findMany({ where: { heldOn: yearPrefix(year), challenge: within }, select: { headAppeared: true } }),
    prisma.visitLawExplanation.findMany({ where: { ...within, visitedOn: yearPrefix(year) }, select: { inspectionId: true } }),
  ]);
  const count = <T>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length;
  const corrected = count(challengesConcluded, (c) => isCorrected(c.outcome as ChallengeOutcome));
  const trainings = liaisonRecords.filter((r) => r.kind === 'TRAINING');
  // The latest assessment of each liaison in the year decides whether they passed.
  const latestAssessment = new Map<string, { on: string; result: string | null }>();
  for (const r of liaisonRecords.filter((x) => x.kind === 'ASSESSMENT')) {
    const seen = latestAssessment.get(r.liaisonId);
    if (!seen || seen.on <= r.on) latestAssessment.set(r.liaisonId, r);
  }
  const subject = taken.filter((d) => d.subjectToRule);
  return {
    normativeDocuments: {
      submitted,
      reviewed: new Set(reviews.map((r) => r.documentId)).size,
      changesRequired: new Set(reviews.filter((r) => r.decision === 'CHANGES_REQUIRED').map((r) => r.documentId)).size,
      reviewsLate: count(reviews, (r) => r.late),
      published,
      filed: filed.length,
      filedLate: count(filed, (r) => r.filingOverdue),
      awaitingFiling,
      cleanedUp: cleaned.length,
      byValidity: { VALID: count(cleaned, (r) => r.validity === 'VALID'), AMENDED: count(cleaned, (r) => r.validity === 'AMENDED'), REPEALED: count(cleaned, (r) => r.validity === 'REPEALED') },
    },
    majorDecisions: {
      taken: taken.length,
      subjectToRule: subject.length,
      withLegalReview: count(subject, (d) => d.legalConclusion !== null),
      withCollectiveMeeting: count(subject, (d) => d.meetingRecordedAt !== null),
      byKind: Object.fromEntries(MAJOR_DECISION_KINDS.map((k) => [k, count(taken, (d) => d.kind === k)])) as Record<MajorDecisionKind, number>,
    },
    mediation: {
      target: targets.length ? targets.reduce((sum, t) => sum + t.target, 0) : null,
      received: disputes.length,
      resolved: count(resolvedRows, (d) => isResolved(d.status)),
      written: count(resolvedRows, (d) => d.status === 'AGREED_WRITTEN'),
      oral: count(resolvedRows, (d) => d.status === 'AGREED_ORAL'),
      failedReferred: count(resolvedRows, (d) => d.status === 'FAILED_REFERRED'),
      open: count(disputes, (d) => d.status === 'OPEN'),
      major: count(disputes, (d) => d.major),
      bySource: Object.fromEntries(DISPUTE_SOURCES.map((s) => [s, count(disputes, (d) => d.source === s)])) as Record<DisputeSource, number>,
      fromGridEvents: count(disputes, (d) => d.source === 'GRID_EVENT'),
    },
    study: Object.fromEntries(STUDY_SESSION_KINDS.map((k) => [k, count(sessions, (x) => x.kind === k)])) as Record<StudySessionKind, number>,
    publicity: {
      byKind: Object.fromEntries(PUBLICITY_KINDS.map((k) => [k, count(activities, (a) => a.kind === k)])) as Record<PublicityKind, number>,
      activities: activities.length,
      audience: activities.reduce((sum, a) => sum + a.audience, 0),
      materials: activities.reduce((sum, a) => sum + a.materials, 0),
      enforcementVisits: new Set(explainedVisits.map((v) => v.inspectionId)).size,
    },
    legalChallenges: {
      received: challengesReceived.length,
      byKind: Object.fromEntries(CHALLENGE_KINDS.map((k) => [k, count(challengesReceived, (c) => c.kind === k)])) as Record<ChallengeKind, number>,
      concluded: challengesConcluded.length,
      byOutcome: Object.fromEntries(CHALLENGE_OUTCOMES.map((o) => [o, count(challengesConcluded, (c) => c.outcome === o)])) as Record<ChallengeOutcome, number>,
      corrected,
      correctionRate: correctionRate(corrected, challengesConcluded.length),
      answersLate: count(answers, (a) => a.answerLate),
      hearings: hearings.length,
      headAppeared: count(hearings, (h) => h.headAppeared),
    },
    legalLiaisons: {
      registered: liaisons,
      trainingSessions: new Set(trainings.map((r) => r.on)).size,
      trained: new Set(trainings.map((r) => r.liaisonId)).size,
      assessed: latestAssessment.size,
      qualified: [...latestAssessment.values()].filter((r) => r.result === 'EXCELLENT' || r.result === 'QUALIFIED').length,
    },
  };
}

const STUDY_PHRASES: Record<StudySessionKind, (n: number) => string> = {
  LEADERSHIP_MEETING: (n) => `通过班子会学法${n}次`,
  CENTRAL_GROUP: (n) => `中心组理论学习${n}次`,
  STAFF: (n) => `组织全镇干部职工学习${n}次`,
  CADRE_TRAINING: (n) => `镇村两级干部培训${n}批次`,
  RULE_OF_LAW_MEETING: (n) => `召开法治政府建设专题会${n}次`,
};
const PUBLICITY_PHRASES: Record<PublicityKind, (n: number) => string> = {
  STREET_CAMPAIGN: (n) => `街头集中普法宣传活动${n}场次`,
  VILLAGE_LECTURE: (n) => `进村入社法治宣讲${n}场次`,
  BOARD: (n) => `设置法治宣传专栏${n}个`,
  ENFORCEMENT_VISIT: (n) => `执法过程中普法${n}次`,
  OTHER: (n) => `其他普法活动${n}场次`,
};

/**
 * The 法治政府建设 sentences of the annual report, in the order and register of the seed report
 * (学法 → 普法 → 三重一大 → 规范性文件 → 矛调 → 法律明白人; “全年调解案件任务数240，实际调解成功民间
 * 纠纷300件，其中书面案件52件，重大疑难纠纷5件”). Only what was recorded: a kind with nothing in
 * the year is left out, and a register with nothing says so rather than printing zeros.
 */
export function ruleOfLawParagraph(year: number, f: RuleOfLawFigures): string {
  const sentences: string[] = [];
  const study = STUDY_SESSION_KINDS.filter((k) => f.study[k] > 0).map((k) => STUDY_PHRASES[k](f.study[k]));
  sentences.push(study.length ? `${year}年，全年${study.join('，')}。` : `${year}年，全年未登记学法和法治培训活动。`);

  const p = f.publicity;
  const publicity = PUBLICITY_KINDS.filter((k) => p.byKind[k] > 0).map((k) => PUBLICITY_PHRASES[k](p.byKind[k]));
  const publicityParts = [
    publicity.length ? `开展${publicity.join('、')}${p.materials > 0 ? `，发放宣传资料${p.materials}份` : ''}` : '',
    p.enforcementVisits > 0 ? `落实“谁执法谁普法”，在联合执法检查中释法说理${p.enforcementVisits}户次` : '',
  ].filter(Boolean);
  sentences.push(publicityParts.length ? `${publicityParts.join('；')}。` : '全年未登记普法活动。');

  const m = f.majorDecisions;
  if (m.taken === 0) {
    sentences.push('全年未作出重大行政决策。');
  } else {
    sentences.push(
      `严格执行“三重一大”集体研究决策制度，全年作出重大决策${m.taken}项，其中须经合法性审查的${m.subjectToRule}项均经法律顾问合法性审查（${m.withLegalReview}项）和集体讨论决定（${m.withCollectiveMeeting}项）。`,
    );
  }

  const n = f.normativeDocuments;
  if (n.submitted + n.reviewed + n.published + n.filed + n.cleanedUp === 0) {
    sentences.push('全年未制定规范性文件。');
  } else {
    let text = `对${n.reviewed}件规范性文件进行合法性审核`;
    if (n.changesRequired > 0) text += `（其中退回修改${n.changesRequired}件）`;
    text += `，公布${n.published}件，报县政府备案${n.filed}件`;
    if (n.filedLate > 0) text += `（其中逾期备案${n.filedLate}件）`;
    if (n.cleanedUp > 0) text += `；清理规范性文件${n.cleanedUp}件，继续有效${n.byValidity.VALID}件、修改${n.byValidity.AMENDED}件、废止${n.byValidity.REPEALED}件`;
    sentences.push(`${text}。`);
  }

  const c = f.legalChallenges;
  if (c.received === 0 && c.concluded === 0) {
    sentences.push('全年未发生行政复议和行政诉讼案件。');
  } else {
    let text = `全年收到行政复议申请${c.byKind.RECONSIDERATION}件、行政诉讼${c.byKind.LITIGATION}件，审结${c.concluded}件`;
    const outcomes = CHALLENGE_OUTCOMES.filter((o) => c.byOutcome[o] > 0).map((o) => `${CHALLENGE_OUTCOME_LABELS[o]}${c.byOutcome[o]}件`);
    if (outcomes.length) text += `，其中${outcomes.join('、')}`;
    if (c.correctionRate !== null) text += `，被纠错${c.corrected}件，纠错率${c.correctionRate}%`;
    if (c.hearings > 0) text += `；开庭${c.hearings}次，行政机关负责人出庭应诉${c.headAppeared}次`;
    sentences.push(`${text}。`);
  }

  const d = f.mediation;
  const target = d.target !== null ? `全年调解案件任务数${d.target}，` : '';
  if (d.received === 0 && d.resolved === 0) {
    sentences.push(`${target}全年未登记矛盾纠纷。`);
  } else {
    sentences.push(`${target}受理矛盾纠纷${d.received}件，实际调解成功民间纠纷${d.resolved}件，其中书面案件${d.written}件，重大疑难纠纷${d.major}件。`);
  }

  const l = f.legalLiaisons;
  if (l.registered === 0) {
    sentences.push('“法律明白人”名册尚无登记。');
  } else {
    let text = `“法律明白人”在册${l.registered}人`;
    if (l.trainingSessions > 0) text += `，全年开展集中业务培训${l.trainingSessions}场次`;
    if (l.assessed > 0) text += `，对${l.assessed}名“法律明白人”进行年度考核，合格及以上${l.qualified}人`;
    sentences.push(`${text}。`);
  }
  return sentences.join('');
}
