/**
 * The 行政复议 / 行政诉讼 ledger (issue #17): each challenge of an act of the township — a case's
 * penalty decision or another act described in words — from the copy received to the outcome,
 * with its statutory terms (domain/rule-of-law.ts LegalChallengePolicy) and 负责人出庭应诉 per
 * hearing. A challenge that revokes or changes a case's decision goes through the case's own
 * revocation (the case workflow withdraws the 执法公示, 行政处罚法 §48); the ledger never edits
 * the case. Each write is one transaction with its audit event, its status checked inside it.
 */
import { randomUUID } from 'node:crypto';
import { createCalendarLookups } from '../../db/calendar';
import { ownTownshipWithin, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { addDays, chinaDate } from '../../domain/dates';
import {
  DEFAULT_LEGAL_CHALLENGE_POLICY,
  challengeDecisionDue,
  challengeFilingDeadline,
  validateChallengeDates,
  validateChallengeOutcome,
  withdrawsDecision,
  type ChallengeKind,
  type LegalChallengePolicy,
} from '../../domain/rule-of-law';
import { withinTownships } from '../../domain/townships';
import type { RuleCode, RuleViolation } from '../../domain/rules';
import type { CaseState } from '../../contracts/case';
import { caseWorkflowId } from '../../contracts/case';
import { AppError } from '../errors';
import { hasRole } from '../policies';
import type { CaseService } from './cases';
import { storedWorkflowState } from './read-model';
import { audited, notInFuture, townshipOf } from './rule-of-law';
import type { ChallengeAnswerBody, ChallengeExtensionBody, ChallengeHearingBody, ChallengeOutcomeBody, CreateLegalChallengeBody, ListLegalChallengesQuery } from '../routes/legal-challenges/schema';

type Actor = AuthenticatedOfficer;

function refuseIf(violations: RuleViolation[]): void {
  if (violations.length === 0) return;
  throw new AppError(violations[0].code as RuleCode, violations.map((v) => v.message).join('；'), violations.map((v) => ({ code: v.code, path: v.path, message: v.message })));
}

export function createLegalChallengeService(deps: { prisma: PrismaClient; cases: Pick<CaseService, 'revoke'>; legalChallengePolicy?: LegalChallengePolicy }) {
  const { prisma, cases } = deps;
  const policy = deps.legalChallengePolicy ?? DEFAULT_LEGAL_CHALLENGE_POLICY;
  const calendar = createCalendarLookups({ prisma });
  const notFound = (id: string) => new AppError('LEGAL_CHALLENGE_NOT_FOUND', `行政复议（诉讼）案件 ${id} 不存在`);
  const concluded = () => new AppError('CHALLENGE_ALREADY_CONCLUDED', '该行政复议（诉讼）已记录结果，不能再修改');

  async function load(id: string) {
    const row = await prisma.legalChallenge.findUnique({ where: { id }, include: { hearings: { orderBy: { heldOn: 'asc' } } } });
    if (!row) throw notFound(id);
    return row;
  }
  /** The answer's last day: 复议 in working days on the official calendar (§48, §88), 诉讼 in calendar days (§67). */
  async function answerDue(kind: ChallengeKind, receivedOn: string): Promise<string> {
    if (kind === 'LITIGATION') return addDays(receivedOn, policy.litigationAnswerDays);
    return (await calendar.calendarDeadline({ from: receivedOn, workingDays: policy.reconsiderationAnswerWorkingDays, kind: 'challengeAnswer' })).date;
  }
  /** Writes only while still open: a concurrent outcome leaves this write refused, not half-done. */
  async function updateOpen(tx: Parameters<Parameters<typeof audited>[6]>[0], id: string, data: Record<string, unknown>) {
    const { count } = await tx.legalChallenge.updateMany({ where: { id, status: 'OPEN' }, data: { ...data, updatedAt: new Date() } });
    if (count !== 1) throw concluded();
  }
  async function open(id: string) {
    const row = await load(id);
    if (row.status !== 'OPEN') throw concluded();
    return row;
  }

  return {
    policy,
    async create(options: { actor: Actor; body: CreateLegalChallengeBody }) {
      const { actor, body } = options;
      let townshipId: string;
      let knownOn = body.knownOn ?? null;
      let actDescription = body.actDescription?.trim() ?? '';
      if (body.caseId) {
        // The case's township is the challenge's; a case beyond reach reads as unknown.
        const row = await prisma.enforcementCase.findUnique({ where: { id: body.caseId }, select: { townshipId: true, title: true, decidedAt: true, servedAt: true } });
        if (!row || !row.townshipId || !withinTownships(actor.townships, row.townshipId)) {
          throw new AppError('UNKNOWN_REFERENCE', `案件 ${body.caseId} 不存在`, [{ code: 'UNKNOWN_REFERENCE', path: 'caseId', message: '案件不存在' }]);
        }
        if (!row.decidedAt) throw new AppError('CHALLENGE_DATES_INVALID', '该案件尚未作出处罚决定，不能登记对处罚决定的复议或诉讼', [{ code: 'CHALLENGE_DATES_INVALID', path: 'caseId', message: '案件尚未作出处罚决定' }]);
        townshipId = row.townshipId;
        // The party knows of the decision when it is served (or, unserved, decided).
        knownOn ??= chinaDate((row.servedAt ?? row.decidedAt).toISOString());
        actDescription ||= `行政处罚决定：${row.title}`;
      } else {
        if (!actDescription) throw new AppError('CHALLENGE_ACT_REQUIRED', '不关联案件的，须写明被申请复议（被诉）的行政行为', [{ code: 'CHALLENGE_ACT_REQUIRED', path: 'actDescription', message: '请填写行政行为内容' }]);
        townshipId = await townshipOf(prisma, actor, body.townshipId);
      }
      refuseIf(validateChallengeDates({ knownOn, appliedOn: body.appliedOn, acceptedOn: body.acceptedOn, receivedOn: body.receivedOn }));
      notInFuture(body.receivedOn, 'receivedOn', '收到副本日期');
      const filedOutOfTime = knownOn !== null && body.appliedOn > challengeFilingDeadline(body.kind, knownOn, policy, addDays);
      const answerDueOn = await answerDue(body.kind, body.receivedOn);
      const decisionDueOn = challengeDecisionDue(body.kind, body.acceptedOn, false, policy, addDays);
      const id = randomUUID();
      const at = new Date();
      const data = {
        id,
        townshipId,
        kind: body.kind,
        caseId: body.caseId ?? null,
        actDescription,
        applicant: body.applicant,
        reviewingBody: body.reviewingBody,
        reference: body.reference ?? null,
        knownOn,
        appliedOn: body.appliedOn,
        filedOutOfTime,
        acceptedOn: body.acceptedOn,
        receivedOn: body.receivedOn,
        answerDueOn,
        decisionDueOn,
        status: 'OPEN',
        recordedById: actor.officerId,
        createdAt: at,
        updatedAt: at,
      };
      await audited(prisma, actor, 'LEGAL_CHALLENGE_RECEIVED', 'LegalChallenge', id, { ...body, knownOn, filedOutOfTime, answerDueOn, decisionDueOn }, async (tx) => {
        await tx.legalChallenge.create({ data });
      });
      return load(id);
    },

    async list(options: { actor: Actor; query: ListLegalChallengesQuery }) {
      const { query } = options;
      const rows = await prisma.legalChallenge.findMany({
        where: {
          ...ownTownshipWithin(options.actor.townships),
          ...(query.year ? { receivedOn: { startsWith: `${query.year}-` } } : {}),
          ...(query.caseId ? { caseId: query.caseId } : {}),
          ...(query.status ? { status: query.status } : {}),
        },
        include: { hearings: { orderBy: { heldOn: 'asc' } } },
        orderBy: { receivedOn: 'desc' },
        take: 1000,
      });
      return { items: rows };
    },

    get: (options: { id: string }) => load(options.id),

    /** The organ's written answer (书面答复 / 答辩状); after its term it is accepted and marked late. */
    async answer(options: { actor: Actor; id: string; body: ChallengeAnswerBody }) {
      const { actor, id, body } = options;
      const row = await open(id);
      if (row.answeredOn) throw new AppError('CHALLENGE_ALREADY_CONCLUDED', '已记录书面答复（答辩）');
      if (body.answeredOn < row.receivedOn) {
        throw new AppError('CHALLENGE_DATES_INVALID', `答复（答辩）日期不能早于收到副本日期（${row.receivedOn}）`, [{ code: 'CHALLENGE_DATES_INVALID', path: 'answeredOn', message: '早于收到副本日期' }]);
      }
      notInFuture(body.answeredOn, 'answeredOn', '答复日期');
      const answerLate = body.answeredOn > row.answerDueOn;
      await audited(prisma, actor, 'LEGAL_CHALLENGE_ANSWERED', 'LegalChallenge', id, { ...body, answerLate }, (tx) => updateOpen(tx, id, { answeredOn: body.answeredOn, answerLate }));
      return load(id);
    },

    /** 行政复议法 §62: the decision term extended once, by at most the configured days, with the reason. */
    async extend(options: { actor: Actor; id: string; body: ChallengeExtensionBody }) {
      const { actor, id, body } = options;
      const row = await open(id);
      if (row.kind !== 'RECONSIDERATION') throw new AppError('CHALLENGE_NOT_EXTENDABLE', '只有行政复议的决定期限可以延长（《行政复议法》第六十二条）');
      if (row.extended) throw new AppError('CHALLENGE_NOT_EXTENDABLE', `行政复议期限已延长过一次，延长期限最多不超过${policy.reconsiderationExtensionDays}日`);
      const decisionDueOn = challengeDecisionDue('RECONSIDERATION', row.acceptedOn, true, policy, addDays);
      await audited(prisma, actor, 'LEGAL_CHALLENGE_EXTENDED', 'LegalChallenge', id, { ...body, decisionDueOn }, (tx) =>
        updateOpen(tx, id, { extended: true, extensionReason: body.reason, decisionDueOn }),
      );
      return load(id);
    },

    /** A hearing, with whether the organ's head appeared (行政诉讼法 §3: 负责人出庭应诉). */
    async hearing(options: { actor: Actor; id: string; body: ChallengeHearingBody }) {
      const { actor, id, body } = options;
      const row = await open(id);
      if (body.heldOn < row.acceptedOn) {
        throw new AppError('CHALLENGE_DATES_INVALID', `开庭日期不能早于受理（立案）日期（${row.acceptedOn}）`, [{ code: 'CHALLENGE_DATES_INVALID', path: 'heldOn', message: '早于受理日期' }]);
      }
      notInFuture(body.heldOn, 'heldOn', '开庭日期');
      if (row.hearings.some((h) => h.heldOn === body.heldOn)) throw new AppError('CHALLENGE_DATES_INVALID', `${body.heldOn}的开庭已记录`);
      await audited(prisma, actor, 'LEGAL_CHALLENGE_HEARING', 'LegalChallenge', id, body, async (tx) => {
        await updateOpen(tx, id, {});
        await tx.legalChallengeHearing.create({
          data: { id: randomUUID(), challengeId: id, heldOn: body.heldOn, headAppeared: body.headAppeared, appearedName: body.appearedName, note: body.note ?? null, recordedById: actor.officerId, createdAt: new Date() },
        });
      });
      return load(id);
    },

    /**
     * The outcome. A case's decision revoked or changed goes through the case's revocation first
     * (its validator decides; a refusal leaves the ledger unchanged), then the ledger records it.
     */
    async outcome(options: { actor: Actor; id: string; body: ChallengeOutcomeBody }) {
      const { actor, id, body } = options;
      const row = await open(id);
      const changedDecisionText = body.changedDecisionText?.trim() || null;
      refuseIf(validateChallengeOutcome({ outcome: body.outcome, linkedToCase: row.caseId !== null, changedDecisionText, decidedOn: body.decidedOn, acceptedOn: row.acceptedOn }));
      notInFuture(body.decidedOn, 'decidedOn', '决定（裁判）日期');
      let caseDecisionRevoked = false;
      if (row.caseId && withdrawsDecision(body.outcome)) {
        // The case's revocation is the leader's step (POST /api/cases/{id}/revocation); the ledger does not widen it.
        if (!hasRole(actor, 'LEADER')) throw new AppError('FORBIDDEN', '处罚决定被撤销或变更的，须由行政机关负责人记录（将同时撤下执法公示）');
        const state = await storedWorkflowState<CaseState>(prisma, caseWorkflowId(row.caseId));
        // Already revoked (e.g. a retry after the case accepted it): nothing more to withdraw.
        if (state?.revocation?.kind !== 'REVOKED') {
          const organ = `${row.reviewingBody}${row.reference ? `（${row.reference}）` : ''}`;
          const reason = `${organ}${body.decidedOn}${row.kind === 'RECONSIDERATION' ? '行政复议决定' : '判决'}${body.outcome === 'REVOKED' ? '撤销' : '变更'}该处罚决定${body.note ? `：${body.note}` : ''}`;
          // One update id per challenge: a retry after the ledger's own write failed does not change the decision twice.
          await cases.revoke({ actor, id: row.caseId, body: { kind: body.outcome, reason, ...(changedDecisionText ? { decisionText: changedDecisionText } : {}) }, updateId: `challenge-outcome:${id}` });
        }
        caseDecisionRevoked = true;
      }
      await audited(prisma, actor, `LEGAL_CHALLENGE_${body.outcome}`, 'LegalChallenge', id, { ...body, caseDecisionRevoked }, (tx) =>
        updateOpen(tx, id, { status: 'CONCLUDED', outcome: body.outcome, decidedOn: body.decidedOn, outcomeNote: body.note, caseDecisionRevoked }),
      );
      return load(id);
    },
  };
}

export type LegalChallengeService = ReturnType<typeof createLegalChallengeService>;
