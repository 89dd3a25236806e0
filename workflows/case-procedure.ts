/**
 * The human steps of the penalty procedure in the case workflow (workflows/case.ts): the §44
 * notice, the party's statements and written waiver (§45, §62), the hearing (§63–§65), and
 * payment and execution of the decision (§66–§73). Each is an Update whose validator is the
 * only gate; the rules are domain/penalty-procedure.ts's; each writes one case step.
 */
import type { CaseActivities, CaseRowUpdate } from '../activities/case';
import {
  challengeHearingUpdate,
  courtEnforcementUpdate,
  publicationUpdate,
  revocationUpdate,
  executionUpdate,
  hearingRecordUpdate,
  issueNoticeUpdate,
  paymentArrangementUpdate,
  paymentUpdate,
  reexamineUpdate,
  requestHearingUpdate,
  scheduleHearingUpdate,
  statementUpdate,
  waiveUpdate,
  type CaseState,
  type PaymentState,
  type PublicationEntry,
} from '../contracts/case';
import { validatePublication } from '../domain/publicity';
import type { NotificationDraft } from '../domain/notifications';
import type { ActorRef } from '../contracts/inspection';
import { chinaDate } from '../domain/dates';
import {
  LAW,
  courtEnforcementFrom,
  hearingConcluded,
  hearingGrounds,
  paymentAccount,
  validatePaymentArrangement,
  type PenaltyProcedurePolicy,
} from '../domain/penalty-procedure';
import { addDays } from '../domain/dates';
import { reject, rejectIf, type createGuardedUpdates, type StateGate } from './common';

/** A new publication term (the decision's, or a changed decision's). */
export function newPublication(dueOn: string): PublicationEntry {
  return { dueOn, status: 'PENDING', warned: false, overdue: false, title: null, publishedAt: null, publishedBy: null, exemptReason: null, withdrawnAt: null, withdrawReason: null };
}

type GuardedUpdate = ReturnType<typeof createGuardedUpdates<CaseState>>;
type CaseStep = (step: string, kind: string, actor: ActorRef | null, detail: unknown, at: string, extra?: Partial<CaseRowUpdate>) => Parameters<CaseActivities['recordCaseStep']>[0];

export interface ProcedureContext {
  state: CaseState;
  policy: PenaltyProcedurePolicy;
  guardedUpdate: GuardedUpdate;
  caseStep: CaseStep;
  /** Writes a step; with `notify`, its notifications too (domain/notifications.ts). */
  recordStep: (step: ReturnType<CaseStep> & { notify?: NotificationDraft[] }) => Promise<void>;
  activities: Pick<CaseActivities, 'procedureDeadline'>;
  today: () => string;
  notSuspended: StateGate;
  departmentCode: string | null;
}

/** The account of the fine as of today, written into the state. */
export function settleAccount(payment: PaymentState, rate: number, today: string): void {
  const account = paymentAccount({ fine: payment.fine, instalments: payment.instalments, payments: payment.payments, rate }, today);
  payment.paid = account.paid;
  payment.surcharge = account.surcharge;
  payment.outstanding = account.outstanding;
}

export function registerProcedureSteps(ctx: ProcedureContext): void {
  const { state, policy, guardedUpdate, caseStep, recordStep, today, notSuspended } = ctx;
  // The steps exist only in cases run with the procedure (their state has its fields).
  const withProcedure: StateGate = {
    when: () => state.statements !== undefined,
    message: '本案在处罚程序功能上线前立案，不适用此步骤',
  };
  const undecided: StateGate = { when: () => state.decision === null, message: '已作出处罚决定' };
  const noticed: StateGate = {
    when: () => !!state.notice && (state.status === 'NOTIFIED' || state.status === 'HEARING'),
    message: '尚未制作事先告知书',
  };

  // §44: after the legal review approved the proposal (and before any decision), the party is told.
  guardedUpdate(issueNoticeUpdate, {
    allowed: [withProcedure, notSuspended, undecided],
    validate: () => {
      const latest = state.reviews.at(-1);
      if (!latest || latest.decision !== 'APPROVED' || latest.round !== state.proposalRound) {
        reject('LEGAL_REVIEW_NOT_PASSED', `处罚建议经法制审核通过后才能告知当事人拟作出的处罚（${LAW}第五十八条）`);
      }
      if (state.notice?.round === state.proposalRound) {
        reject('NOTICE_ALREADY_ISSUED', `本轮处罚建议已于${chinaDate(state.notice.issuedAt)}制作事先告知书`);
      }
    },
    apply: (request, at) => {
      const proposal = state.proposal!;
      const penalty = {
        penaltyKind: proposal.penaltyKind,
        ...(proposal.fineAmount !== undefined ? { fineAmount: proposal.fineAmount } : {}),
        ...(proposal.confiscationAmount !== undefined ? { confiscationAmount: proposal.confiscationAmount } : {}),
      };
      const grounds = hearingGrounds({ penalty, partyKind: state.party?.kind ?? 'ORGANISATION', departmentCode: ctx.departmentCode, policy });
      state.notice = {
        round: state.proposalRound,
        penalty,
        facts: proposal.facts,
        legalBasis: proposal.legalBasis,
        hearingGrounds: grounds,
        issuedAt: at,
        issuedBy: request.actor,
        servedAt: null,
        servedOn: null,
        periodEndsOn: null,
        hearingRequestEndsOn: null,
        periodEnded: false,
        waiver: null,
      };
      state.hearing = null;
      state.status = 'NOTIFIED';
      return caseStep(`notice:n${state.proposalRound}`, 'NOTICE_ISSUED', request.actor, { round: state.proposalRound, penalty, hearingGrounds: grounds }, at);
    },
    persist: recordStep,
  });

  // §62: the party may give up statements and hearing, expressly and in writing.
  guardedUpdate(waiveUpdate, {
    allowed: [withProcedure, undecided, noticed, { when: () => !state.notice?.waiver, code: 'ALREADY_WAIVED', message: '当事人已书面放弃陈述、申辩和听证权利' }],
    validate: (request) => {
      if (!request.partyRepresentative.trim() || !request.declaration.trim()) {
        reject('WAIVER_INCOMPLETE', '放弃陈述、申辩（听证）权利须有当事人签名的书面声明：写明声明人和声明内容');
      }
      if (state.hearing?.status === 'HELD') reject('INVALID_STATE', '听证已举行，无需放弃');
    },
    apply: (request, at) => {
      const notice = state.notice!;
      notice.waiver = { at, partyRepresentative: request.partyRepresentative, declaration: request.declaration, recordedBy: request.actor };
      if (state.hearing && !hearingConcluded(state.hearing.status)) {
        state.hearing.status = 'WITHDRAWN';
        state.hearing.concludedAt = at;
      }
      return caseStep(`waiver:n${notice.round}`, 'RIGHTS_WAIVED', request.actor, notice.waiver, at);
    },
    persist: recordStep,
  });

  // §45: the party's statements and defence are heard and recorded.
  guardedUpdate(statementUpdate, {
    allowed: [withProcedure, undecided, noticed],
    validate: (request) => {
      if (!request.content.trim() || !request.by.trim()) reject('STATEMENT_INCOMPLETE', '陈述、申辩须写明内容和陈述人');
    },
    apply: (request, at) => {
      const entry = { kind: request.kind, content: request.content, by: request.by, recordedBy: request.actor, at };
      state.statements!.push(entry);
      return caseStep(`statement:${state.statements!.length}`, 'STATEMENT_RECORDED', request.actor, entry, at);
    },
    persist: recordStep,
  });

  // §45: the organ re-examines what the party said; adopted facts and reasons change the decision.
  guardedUpdate(reexamineUpdate, {
    allowed: [withProcedure, undecided],
    validate: (request) => {
      const covered = state.reexaminations!.at(-1)?.statementsCovered ?? 0;
      if (state.statements!.length <= covered) reject('NOTHING_TO_REEXAMINE', '没有尚未复核的陈述、申辩');
      if (!request.conclusion.trim()) reject('REASON_REQUIRED', '复核须写明复核意见：当事人提出的事实、理由和证据是否成立');
    },
    apply: (request, at) => {
      const entry = { statementsCovered: state.statements!.length, conclusion: request.conclusion, adopted: request.adopted, by: request.actor, at };
      state.reexaminations!.push(entry);
      return caseStep(`reexamination:${state.reexaminations!.length}`, 'STATEMENTS_REEXAMINED', request.actor, entry, at);
    },
    persist: recordStep,
  });

  // §64(1): a hearing is requested within 5 (working) days of the notice.
  guardedUpdate(requestHearingUpdate, {
    allowed: [withProcedure, notSuspended, undecided, noticed],
    validate: () => {
      const notice = state.notice!;
      if (!notice.hearingGrounds.length) {
        reject('NO_HEARING_RIGHT', `拟作出的处罚（${notice.penalty.penaltyKind}${notice.penalty.fineAmount ? ` ${notice.penalty.fineAmount}元` : ''}）不属于${LAW}第六十三条规定的听证范围，当事人可以陈述、申辩`);
      }
      if (notice.waiver) reject('ALREADY_WAIVED', '当事人已书面放弃听证权利');
      if (state.hearing) reject('HEARING_ALREADY_REQUESTED', '当事人已要求听证');
      if (!notice.servedOn || !notice.hearingRequestEndsOn) reject('PRIOR_NOTICE_NOT_SERVED', '事先告知书尚未送达当事人');
      if (today() > notice.hearingRequestEndsOn) {
        reject('HEARING_REQUEST_LATE', `当事人要求听证的，应当在行政机关告知后五日内提出（${LAW}第六十四条第一项），期限已于${notice.hearingRequestEndsOn}届满`);
      }
    },
    apply: (request, at) => {
      state.hearing = {
        status: 'REQUESTED',
        requestedAt: at,
        requestedOn: chinaDate(at),
        scheduledAt: null,
        hearingAt: null,
        place: null,
        public: true,
        notPublicReason: null,
        presiding: null,
        challenges: [],
        noticeServedOn: null,
        earliestOn: null,
        record: null,
        concludedAt: null,
      };
      state.status = 'HEARING';
      return caseStep('hearing-requested', 'HEARING_REQUESTED', request.actor, { requestedOn: state.hearing.requestedOn }, at);
    },
    persist: recordStep,
  });

  const hearingOpen: StateGate = {
    when: () => !!state.hearing && (state.hearing.status === 'REQUESTED' || state.hearing.status === 'SCHEDULED'),
    message: '当前没有待举行的听证',
  };

  // §64(2)–(4): time and place noticed ahead, a presiding officer who did not investigate, public unless it may not be.
  guardedUpdate(scheduleHearingUpdate, {
    allowed: [withProcedure, notSuspended, undecided, hearingOpen],
    validate: (request) => {
      const hearingOn = chinaDate(request.hearingAt);
      // 7 working days are at least 7 calendar days: the exact gap is checked once the notice is served.
      if (hearingOn < addDays(today(), ctx.policy.hearingNoticeWorkingDays)) {
        reject('HEARING_NOTICE_TOO_SHORT', `行政机关应当在举行听证的七日前通知当事人听证的时间、地点（${LAW}第六十四条第二项），${hearingOn}太早`);
      }
      if (state.investigators.some((o) => o.officerId === request.presiding.officerId)) {
        reject('PRESIDING_OFFICER_INELIGIBLE', `${request.presiding.name} 是本案调查人员，不能主持听证（${LAW}第六十四条第四项）`);
      }
      if (state.hearing!.challenges.some((c) => c.decision === 'UPHELD' && c.officer.officerId === request.presiding.officerId)) {
        reject('PRESIDING_OFFICER_INELIGIBLE', `当事人对 ${request.presiding.name} 的回避申请已被批准，不能主持听证`);
      }
      if (!request.place.trim()) reject('HEARING_INCOMPLETE', '须写明听证地点');
      if (!request.public && !request.notPublicReason?.trim()) {
        reject('HEARING_INCOMPLETE', `听证应当公开举行；涉及国家秘密、商业秘密或者个人隐私依法予以保密的除外（${LAW}第六十四条第三项），不公开须写明理由`);
      }
    },
    apply: (request, at) => {
      const hearing = state.hearing!;
      Object.assign(hearing, {
        status: 'SCHEDULED',
        scheduledAt: at,
        hearingAt: request.hearingAt,
        place: request.place,
        public: request.public,
        notPublicReason: request.public ? null : (request.notPublicReason ?? null),
        presiding: request.presiding,
        noticeServedOn: null,
        earliestOn: null,
      });
      const detail = { hearingAt: request.hearingAt, place: request.place, public: request.public, presiding: request.presiding };
      const params = { caseTitle: state.title, hearingDate: chinaDate(request.hearingAt), place: request.place };
      return { ...caseStep(`hearing-scheduled:${at}`, 'HEARING_SCHEDULED', request.actor, detail, at), notify: [{ kind: 'HEARING_SCHEDULED' as const, subjectId: state.caseId, params }] };
    },
    persist: recordStep,
  });

  // §64(4): the party may challenge the presiding officer; the head decides (the API lets only a leader).
  guardedUpdate(challengeHearingUpdate, {
    allowed: [withProcedure, undecided, { when: () => state.hearing?.status === 'SCHEDULED', message: '尚未指定听证主持人' }],
    validate: (request) => {
      if (!request.reason.trim()) reject('REASON_REQUIRED', '回避申请须写明理由');
    },
    apply: (request, at) => {
      const hearing = state.hearing!;
      const presiding = hearing.presiding!;
      hearing.challenges.push({ officer: presiding, reason: request.reason, decision: request.decision, decidedBy: request.actor, at });
      if (request.decision === 'UPHELD') {
        // A new presiding officer means a new time and notice.
        Object.assign(hearing, { status: 'REQUESTED', presiding: null, hearingAt: null, scheduledAt: null, noticeServedOn: null, earliestOn: null });
      }
      const detail = { presiding, reason: request.reason, decision: request.decision };
      return caseStep(`hearing-challenge:${hearing.challenges.length}`, 'HEARING_CHALLENGE_DECIDED', request.actor, detail, at);
    },
    persist: recordStep,
  });

  // §64(6), (8): held with a record the party signed (or refused to), or ended by a no-show or withdrawal.
  guardedUpdate(hearingRecordUpdate, {
    allowed: [withProcedure, undecided, hearingOpen],
    validate: (request) => {
      const hearing = state.hearing!;
      if (request.outcome === 'WITHDRAWN') return;
      if (hearing.status !== 'SCHEDULED' || !hearing.hearingAt) reject('INVALID_STATE', '尚未安排听证时间、地点');
      if (today() < chinaDate(hearing.hearingAt)) reject('INVALID_STATE', `听证定于${chinaDate(hearing.hearingAt)}举行，尚未到期`);
      if (!hearing.noticeServedOn || !hearing.earliestOn) {
        reject('HEARING_NOTICE_NOT_SERVED', `听证通知书尚未送达当事人，不能举行听证（${LAW}第六十四条第二项）`);
      }
      if (chinaDate(hearing.hearingAt) < hearing.earliestOn) {
        reject('HEARING_NOTICE_TOO_LATE', `听证通知书于${hearing.noticeServedOn}送达，距听证不足七日（${LAW}第六十四条第二项），须重新确定听证时间`);
      }
      if (request.outcome === 'NO_SHOW') return;
      if (request.actor.officerId !== hearing.presiding?.officerId) {
        reject('NOT_PRESIDING_OFFICER', `听证笔录由听证主持人 ${hearing.presiding?.name ?? ''} 签署提交`);
      }
      if (!request.summary?.trim()) reject('HEARING_INCOMPLETE', '听证笔录须写明听证经过：调查人员提出的事实、证据和处罚建议，当事人的申辩和质证');
      if (request.partySigned !== true && !request.refusalNote?.trim()) {
        reject('HEARING_RECORD_UNSIGNED', `听证笔录应当交当事人或者其代理人核对无误后签字或者盖章；拒绝签字的，由听证主持人在笔录中注明（${LAW}第六十四条第八项）`);
      }
    },
    apply: (request, at) => {
      const hearing = state.hearing!;
      hearing.status = request.outcome;
      hearing.concludedAt = at;
      if (request.outcome === 'HELD') {
        hearing.record = {
          summary: request.summary!,
          partyOpinion: request.partyOpinion ?? '',
          partySigned: request.partySigned === true,
          refusalNote: request.partySigned === true ? null : (request.refusalNote ?? null),
          presidingSigned: true,
          at,
        };
      }
      const detail = { outcome: request.outcome, record: hearing.record };
      return caseStep('hearing-concluded', `HEARING_${request.outcome}`, request.actor, detail, at);
    },
    persist: recordStep,
  });

  const payable: StateGate = {
    when: () => state.status === 'SERVED' && !!state.payment && !state.execution,
    message: '没有待缴纳的罚款（决定书送达后才能缴纳，已执行完毕的不再缴纳）',
  };

  // §67: payment recorded with its receipt; the surcharge of §72 counted to the day of payment.
  guardedUpdate(paymentUpdate, {
    allowed: [withProcedure, payable],
    validate: (request) => {
      const payment = state.payment!;
      if (request.paidOn > today()) reject('PAYMENT_INVALID', '缴款日期不能晚于今天');
      if (request.paidOn < chinaDate(state.service!.servedAt)) reject('PAYMENT_INVALID', '缴款日期不能早于决定书送达之日');
      if (!request.receiptNumber.trim() || !request.bank.trim()) reject('PAYMENT_INVALID', '须写明罚没款票据号码和代收机构（银行）');
      const account = paymentAccount(
        { fine: payment.fine, instalments: payment.instalments, payments: payment.payments, rate: policy.surchargeRatePerDay },
        request.paidOn,
      );
      if (request.amount > account.outstanding + 0.001) {
        reject('PAYMENT_EXCEEDS_OUTSTANDING', `截至${request.paidOn}应缴${account.outstanding}元（罚款${payment.fine}元，加处罚款${account.surcharge}元，已缴${account.paid}元），缴款${request.amount}元超出应缴金额`);
      }
    },
    apply: (request, at) => {
      const payment = state.payment!;
      payment.payments.push({ amount: request.amount, paidOn: request.paidOn, receiptNumber: request.receiptNumber, bank: request.bank, recordedBy: request.actor, at });
      settleAccount(payment, policy.surchargeRatePerDay, request.paidOn);
      if (payment.outstanding === 0) {
        state.execution = { how: 'PAID', note: `罚款${payment.fine}元${payment.surcharge ? `及加处罚款${payment.surcharge}元` : ''}已缴清`, at, by: request.actor };
      }
      const detail = { ...request, actor: undefined, paid: payment.paid, surcharge: payment.surcharge, outstanding: payment.outstanding };
      return caseStep(`payment:${payment.payments.length}`, 'PAYMENT_RECORDED', request.actor, detail, at);
    },
    persist: recordStep,
  });

  // §66: deferral or instalments, on the party's application and the organ's approval, once.
  guardedUpdate(paymentArrangementUpdate, {
    allowed: [withProcedure, payable, { when: () => !state.payment?.arrangement, code: 'ARRANGEMENT_EXISTS', message: '已批准过延期或分期缴纳' }],
    validate: (request) => {
      const payment = state.payment!;
      if (payment.payments.length) reject('ARRANGEMENT_AFTER_PAYMENT', '已开始缴纳罚款，不能再批准延期或分期');
      if (today() > payment.dueOn) reject('PAYMENT_ALREADY_OVERDUE', `缴款期限已于${payment.dueOn}届满，不能再批准延期或分期`);
      if (request.kind === 'DEFERRAL' && request.instalments.length !== 1) reject('INSTALMENTS_DO_NOT_ADD_UP', '延期缴纳只有一个新的缴款期限');
      rejectIf('INSTALMENTS_DO_NOT_ADD_UP', validatePaymentArrangement({ instalments: request.instalments, fine: payment.fine, today: today(), reason: request.reason }));
    },
    apply: (request, at) => {
      const payment = state.payment!;
      payment.arrangement = { kind: request.kind, reason: request.reason, grantedBy: request.actor, at };
      payment.instalments = [...request.instalments].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
      payment.dueOn = payment.instalments.at(-1)!.dueOn;
      return caseStep('payment-arrangement', 'PAYMENT_ARRANGED', request.actor, { kind: request.kind, reason: request.reason, instalments: payment.instalments }, at);
    },
    persist: recordStep,
  });

  // A penalty that is not a fine (停产停业, 吊销…) is carried out and recorded.
  guardedUpdate(executionUpdate, {
    allowed: [withProcedure, { when: () => state.status === 'SERVED' && !state.execution, message: '决定书送达后、执行完毕前才能记录执行' }],
    validate: (request) => {
      if (state.payment) reject('EXECUTION_BY_PAYMENT', '罚款以缴款记录执行，请登记缴款');
      if (!request.note.trim()) reject('REASON_REQUIRED', '须写明执行情况');
    },
    apply: (request, at) => {
      state.execution = { how: 'CARRIED_OUT', note: request.note, at, by: request.actor };
      return caseStep('executed', 'EXECUTED', request.actor, { note: request.note }, at);
    },
    persist: recordStep,
  });

  // 执法公示: the decision published on the public page once its personal data is out; a minor's case never.
  guardedUpdate(publicationUpdate, {
    allowed: [
      withProcedure,
      { when: () => state.publication?.status === 'PENDING', message: () => (state.publication ? '处罚决定已公示或已记录不予公开' : '尚未作出处罚决定') },
    ],
    validate: (request) => {
      if (request.involvesMinor) return;
      if (!request.title?.trim() || !request.text?.trim()) reject('PUBLICATION_INCOMPLETE', '公示须有标题和公示内容（可先取 GET …/publication-draft 的脱敏文本）');
      rejectIf('PUBLICATION_CONTAINS_PERSONAL_DATA', validatePublication({ title: request.title, text: request.text, involvesMinor: false }));
    },
    apply: (request, at) => {
      const publication = state.publication!;
      const decidedOn = chinaDate(state.decision!.decidedAt);
      if (request.involvesMinor) {
        Object.assign(publication, { status: 'EXEMPT', exemptReason: '涉及未成年人，不予公开' });
        return caseStep(`publication:${publication.dueOn}`, 'PUBLICATION_EXEMPT', request.actor, { reason: publication.exemptReason }, at);
      }
      Object.assign(publication, { status: 'PUBLISHED', title: request.title, publishedAt: at, publishedBy: request.actor });
      return {
        ...caseStep(`publication:${publication.dueOn}`, 'PUBLISHED', request.actor, { title: request.title, dueOn: publication.dueOn, late: publication.overdue }, at),
        publication: { publish: { title: request.title!, text: request.text!, decidedOn, publishedById: request.actor.officerId } },
      };
    },
    persist: recordStep,
  });

  // §48: a decision revoked or changed (reconsideration, court, the organ's own correction) leaves
  // the public page at once — well inside the 3 days — and a changed one is published anew.
  guardedUpdate(revocationUpdate, {
    allowed: [
      withProcedure,
      { when: () => (state.status === 'DECIDED' || state.status === 'SERVED') && !!state.decision, message: '尚未作出处罚决定，或案件已结案' },
      { when: () => state.revocation?.kind !== 'REVOKED', code: 'DECISION_REVOKED', message: '处罚决定已撤销' },
    ],
    validate: (request) => {
      if (!request.reason.trim()) reject('REASON_REQUIRED', '须写明撤销或变更的依据（复议决定、判决或本机关纠错决定）');
      if (request.kind === 'CHANGED' && !request.decisionText?.trim()) reject('REASON_REQUIRED', '变更处罚决定须给出变更后的决定内容');
    },
    apply: async (request, at) => {
      const decision = state.decision!;
      const was = state.publication;
      state.revocation = { kind: request.kind, reason: request.reason, by: request.actor, at, previousText: decision.text };
      const withdraw = was?.status === 'PUBLISHED';
      if (was) Object.assign(was, { status: withdraw ? 'WITHDRAWN' : was.status === 'PENDING' && request.kind === 'REVOKED' ? 'EXEMPT' : was.status, withdrawnAt: withdraw ? at : null, withdrawReason: withdraw ? request.reason : null });
      if (request.kind === 'REVOKED') {
        state.execution = { how: 'NOTHING_TO_EXECUTE', note: `处罚决定已撤销：${request.reason}`, at, by: request.actor };
        if (was && !withdraw) was.exemptReason = '处罚决定已撤销';
      } else {
        decision.text = request.decisionText!;
        const due = await ctx.activities.procedureDeadline({ from: chinaDate(at), workingDays: policy.publicity.publishWorkingDays, kind: 'publicity' });
        state.publication = newPublication(due.date);
      }
      return {
        ...caseStep(`revocation:${request.kind}:${at}`, `DECISION_${request.kind}`, request.actor, { reason: request.reason, withdrawn: withdraw, decisionText: request.decisionText ?? null }, at, {
          ...(request.kind === 'CHANGED' ? { decisionText: request.decisionText } : {}),
        }),
        ...(withdraw ? { publication: { withdraw: { reason: request.reason } } } : {}),
      };
    },
    persist: recordStep,
  });

  // §72(1)3 and 行政强制法 §53: unpaid after the time to appeal has run, the organ applies to the court.
  guardedUpdate(courtEnforcementUpdate, {
    allowed: [withProcedure, payable],
    validate: (request) => {
      const from = courtEnforcementFrom(chinaDate(state.service!.servedAt));
      if (today() < from) {
        reject('ENFORCEMENT_NOT_DUE', `当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行的，行政机关自期限届满之日起三个月内申请人民法院强制执行（《中华人民共和国行政强制法》第五十三条）；${from}前不能申请`);
      }
      if (!request.court.trim() || !request.reference.trim()) reject('REASON_REQUIRED', '须写明受理法院和申请文书编号');
    },
    apply: (request, at) => {
      const payment = state.payment!;
      settleAccount(payment, policy.surchargeRatePerDay, today());
      const court = { court: request.court, appliedOn: request.appliedOn, reference: request.reference };
      state.execution = { how: 'COURT_ENFORCEMENT', note: `申请${request.court}强制执行，尚欠${payment.outstanding}元`, at, by: request.actor, court };
      return caseStep('court-enforcement', 'COURT_ENFORCEMENT_APPLIED', request.actor, { ...court, outstanding: payment.outstanding }, at);
    },
    persist: recordStep,
  });
}
