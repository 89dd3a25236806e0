/**
 * Normative documents (规范性文件) as the API sees them: the township and the caller's
 * credentials go to the workflow (workflows/normative-document.ts), which enforces the
 * procedure and writes the records; clean-up (清理) and the review opinion's DOCX read and
 * write the register directly.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ownTownshipWithin, writeOnce, type AuthenticatedOfficer, type PrismaClient } from '../../db';
import { DOCX_CONTENT_TYPE, renderNormativeReviewOpinion } from '../../documents';
import { DEFAULT_ISSUING_AUTHORITY } from '../../domain/documents';
import { chinaDate, dateOfColumn } from '../../domain/dates';
import {
  DEFAULT_NORMATIVE_DOCUMENT_POLICY,
  NORMATIVE_REVIEW_OPINION_TITLE,
  normativeReviewOpinionMissing,
  type DocumentValidity,
  type LegalityDecision,
  type NormativeDocumentPolicy,
} from '../../domain/rule-of-law';
import * as contract from '../../contracts/normative-document';
import type { NormativeDocumentState } from '../../contracts/normative-document';
import type { ActorRef } from '../../contracts/inspection';
import type { normativeDocumentWorkflow } from '../../workflows/normative-document';
import { AppError } from '../errors';
import { hasRole } from '../policies';
import type { CleanupBody, ListNormativeDocumentsQuery, NormativeReviewBody, OpinionQuery, SubmitNormativeDocumentBody } from '../routes/normative-documents/schema';
import { startSettled, storedWorkflowState } from './read-model';
import { notInFuture, townshipOf } from './rule-of-law';

export function createNormativeDocumentService(deps: { prisma: PrismaClient; temporal: Client; taskQueue: string; normativeDocumentPolicy?: NormativeDocumentPolicy }) {
  const { prisma, temporal } = deps;
  const handleOf = (id: string) => temporal.workflow.getHandle<typeof normativeDocumentWorkflow>(contract.normativeDocumentWorkflowId(id));
  const actorOf = (a: AuthenticatedOfficer): ActorRef => ({ officerId: a.officerId, name: a.name });
  const notFound = (id: string) => new AppError('NORMATIVE_DOCUMENT_NOT_FOUND', `规范性文件 ${id} 不存在`);

  async function load(id: string) {
    const row = await prisma.normativeDocument.findUnique({ where: { id } });
    if (!row) throw notFound(id);
    return row;
  }

  /**
   * The document as every read and step answers it: the workflow's state with the register's
   * clean-up (清理 is written to the register only, never by a workflow step, so a row read
   * before a step still holds it).
   */
  const documentOf = (state: NormativeDocumentState, row: Awaited<ReturnType<typeof load>>) => ({
    ...state,
    cleanup: { validity: row.validity as DocumentValidity | null, reviewedOn: row.cleanupReviewedOn, note: row.cleanupNote },
  });

  /** A step taking the caller and the body's fields as they are (the body schemas are strict). */
  function action<R extends { actor: ActorRef }>(definition: UpdateDefinition<NormativeDocumentState, [R], string>) {
    return async (options: { actor: AuthenticatedOfficer; id: string; body: Omit<R, 'actor'> }) => {
      const row = await load(options.id);
      if (row.status === 'FILED') throw new AppError('INVALID_STATE', '该规范性文件已备案，流程已结束');
      return documentOf(await handleOf(options.id).executeUpdate(definition, { args: [{ actor: actorOf(options.actor), ...options.body } as R] }), row);
    };
  }

  return {
    async submit(options: { actor: AuthenticatedOfficer; body: SubmitNormativeDocumentBody }) {
      const { actor, body } = options;
      const townshipId = await townshipOf(prisma, actor, body.townshipId);
      const id = randomUUID();
      await startSettled<typeof normativeDocumentWorkflow>(temporal, 'normativeDocumentWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: contract.normativeDocumentWorkflowId(id),
        args: [
          {
            documentId: id,
            townshipId,
            title: body.title,
            draftingOffice: body.draftingOffice,
            collectiveDiscussionRequired: body.collectiveDiscussionRequired,
            submittedBy: actorOf(actor),
            policy: deps.normativeDocumentPolicy ?? DEFAULT_NORMATIVE_DOCUMENT_POLICY,
          },
        ],
      });
      return { id, workflowId: contract.normativeDocumentWorkflowId(id) };
    },

    async list(options: { actor: AuthenticatedOfficer; query: ListNormativeDocumentsQuery }) {
      const { status, cleanupDueBefore } = options.query;
      // The clean-up worklist: documents in force whose last review is missing or older than the date.
      const cleanupDue = cleanupDueBefore
        ? {
            status: { in: ['PUBLISHED', 'FILED'] },
            // Null-safe both ways: a document never cleaned up has neither a validity nor a date.
            AND: [
              { OR: [{ validity: null }, { validity: { not: 'REPEALED' } }] },
              { OR: [{ cleanupReviewedOn: null }, { cleanupReviewedOn: { lt: cleanupDueBefore } }] },
            ],
          }
        : {};
      const items = await prisma.normativeDocument.findMany({
        where: { ...ownTownshipWithin(options.actor.townships), ...(status ? { status } : {}), ...cleanupDue },
        orderBy: [{ submittedAt: 'desc' }],
        take: 500,
      });
      return { items };
    },

    async get(options: { id: string }) {
      const row = await load(options.id);
      const state = await storedWorkflowState<NormativeDocumentState>(prisma, contract.normativeDocumentWorkflowId(options.id));
      // The workflow writes the row and its state in one transaction (workflows/read-model.ts), so
      // a row without a state was never submitted through it: not a document this API knows.
      if (!state) throw notFound(options.id);
      return documentOf(state, row);
    },

    async review(options: { actor: AuthenticatedOfficer; id: string; body: NormativeReviewBody }) {
      const { actor, body } = options;
      const row = await load(options.id);
      if (row.status === 'FILED') throw new AppError('INVALID_STATE', '该规范性文件已备案，流程已结束');
      const state = await handleOf(options.id).executeUpdate(contract.normativeReviewUpdate, {
        args: [
          {
            reviewer: { ...actorOf(actor), isLegalReviewer: hasRole(actor, 'LEGAL_REVIEWER'), legalQualified: actor.legalQualified },
            decision: body.decision,
            opinion: body.opinion,
          },
        ],
      });
      return documentOf(state, row);
    },

    resubmit: action(contract.resubmitNormativeDocumentUpdate),
    discuss: action(contract.normativeDiscussionUpdate),
    publish: action(contract.publishNormativeDocumentUpdate),
    file: action(contract.fileNormativeDocumentUpdate),

    /** 清理: a published document's validity and the date it was reviewed, with its audit event. */
    async cleanup(options: { actor: AuthenticatedOfficer; id: string; body: CleanupBody }) {
      const { actor, id, body } = options;
      const row = await load(id);
      notInFuture(body.reviewedOn, 'reviewedOn', '清理日期');
      if (row.status !== 'PUBLISHED' && row.status !== 'FILED') {
        throw new AppError('INVALID_STATE', '只有已公布的规范性文件才能清理');
      }
      const at = new Date();
      await writeOnce(
        prisma,
        `normative-document-${id}:cleanup:${randomUUID()}`,
        { actor: actorOf(actor), action: 'NORMATIVE_DOCUMENT_CLEANED_UP', subjectType: 'NormativeDocument', subjectId: id, at, payload: body },
        async (tx) => {
          await tx.normativeDocument.update({
            where: { id },
            data: { validity: body.validity, cleanupReviewedOn: body.reviewedOn, cleanupNote: body.note, updatedAt: at },
          });
          await tx.normativeDocumentEvent.create({ data: { documentId: id, kind: 'CLEANED_UP', actorId: actor.officerId, at, detailJson: JSON.stringify(body) } });
        },
      );
      return this.get({ id });
    },

    /** The legality review opinion of a round (the latest by default) as DOCX; refused while an element is missing. */
    async reviewOpinion(options: { id: string; query: OpinionQuery }) {
      const row = await load(options.id);
      const reviews = await prisma.normativeDocumentReview.findMany({ where: { documentId: options.id }, orderBy: { round: 'desc' } });
      const review = options.query.round ? reviews.find((r) => r.round === options.query.round) : reviews[0];
      if (!review) throw new AppError('DOCUMENT_NOT_AVAILABLE', '该规范性文件尚无合法性审核意见');
      const reviewer = await prisma.officer.findUnique({ where: { id: review.reviewerId }, select: { name: true } });
      const submitted = await prisma.normativeDocumentEvent.findFirst({
        where: { documentId: options.id, kind: { in: ['SUBMITTED', 'RESUBMITTED'] }, detailJson: { contains: `"round":${review.round},` } },
      });
      const model = {
        documentTitle: row.title,
        draftingOffice: row.draftingOffice,
        submittedOn: chinaDate((submitted?.at ?? row.submittedAt).toISOString()),
        round: review.round,
        reviewerName: reviewer?.name ?? '',
        decision: review.decision as LegalityDecision,
        opinion: review.opinion,
        decidedOn: chinaDate(review.decidedAt.toISOString()),
        reviewDueOn: submitted ? ((JSON.parse(submitted.detailJson) as { reviewDueOn?: string }).reviewDueOn ?? null) : null,
        late: review.late,
      };
      const missing = normativeReviewOpinionMissing(model);
      if (missing.length > 0) {
        throw new AppError(
          'DOCUMENT_INCOMPLETE',
          `${NORMATIVE_REVIEW_OPINION_TITLE}缺少必备要素，不能制作：${missing.map((m) => m.label).join('；')}`,
          missing.map((m) => ({ code: 'DOCUMENT_ELEMENT_MISSING', path: m.element, message: m.label })),
        );
      }
      const year = Number(model.decidedOn.slice(0, 4));
      const number = `${DEFAULT_ISSUING_AUTHORITY.numberPrefix}规审〔${year}〕${row.id.slice(0, 8)}-${review.round}号`;
      const file = await renderNormativeReviewOpinion(model, { number, issuedOn: model.decidedOn, authority: DEFAULT_ISSUING_AUTHORITY });
      return { file, contentType: DOCX_CONTENT_TYPE, fileName: `${NORMATIVE_REVIEW_OPINION_TITLE}-${dateOfColumn(review.decidedAt)}-第${review.round}次.docx` };
    },
  };
}

export type NormativeDocumentService = ReturnType<typeof createNormativeDocumentService>;
