/**
 * Enforcement documents as the API sees them: the activity's outcome turned into HTTP errors.
 * Who may issue and read which document is api/policies.ts's; building, checking, rendering
 * and recording are in documents/.
 */
import type { AuthenticatedOfficer, PrismaClient } from '../../db';
import { createDocumentIssuer, type IssuedDocumentSummary } from '../../documents';
import { DOCUMENT_TITLES, type GeneratedDocumentKind } from '../../domain/documents';
import type { InspectionPolicy } from '../../domain/inspection';
import { AppError } from '../errors';
import type { IssuedDocumentResponse } from '../routes/documents/schema';

export function createDocumentService(deps: { prisma: PrismaClient; policy: InspectionPolicy }) {
  const { prisma } = deps;
  const activities = createDocumentIssuer({ prisma, minimumCertifiedOfficers: deps.policy.minimumCertifiedOfficers });

  function response(document: IssuedDocumentSummary): IssuedDocumentResponse {
    return { ...document, url: `/api/documents/${document.id}`, downloadUrl: `/api/documents/${document.id}/file` };
  }

  async function readable(id: string) {
    const document = await activities.findDocument(id);
    if (!document) throw new AppError('DOCUMENT_NOT_FOUND', `文书 ${id} 不存在`);
    return document;
  }

  return {
    async issue(options: {
      actor: AuthenticatedOfficer;
      inspectionId: string;
      kind: GeneratedDocumentKind;
      findingId?: string;
      caseId?: string;
      penaltyId?: string;
      recordVersion?: number;
    }) {
      const { actor, inspectionId, kind, findingId, caseId, penaltyId, recordVersion } = options;
      const title = DOCUMENT_TITLES[kind];
      const outcome = await activities.issueDocument({ kind, inspectionId, findingId, caseId, penaltyId, recordVersion, actor: { officerId: actor.officerId, name: actor.name } });
      switch (outcome.status) {
        case 'ISSUED':
          return { created: outcome.created, document: response(outcome.document) };
        case 'NOT_FOUND':
          throw new AppError(
            outcome.subjectType === 'JointInspection'
              ? 'INSPECTION_NOT_FOUND'
              : outcome.subjectType === 'OnTheSpotPenalty'
                ? 'ON_THE_SPOT_PENALTY_NOT_FOUND'
                : outcome.subjectType === 'InspectionRecord'
                  ? 'RECORD_NOT_FOUND'
                  : 'NOT_FOUND',
            outcome.message,
          );
        case 'NOT_AVAILABLE':
          throw new AppError('DOCUMENT_NOT_AVAILABLE', outcome.message);
        case 'INCOMPLETE':
          throw new AppError(
            'DOCUMENT_INCOMPLETE',
            `${title}缺少必备要素，不能制作：${outcome.missing.map((m) => m.label).join('；')}`,
            outcome.missing.map((m) => ({ code: 'DOCUMENT_ELEMENT_MISSING', path: m.element, message: m.label })),
          );
      }
    },

    async get(options: { id: string }): Promise<IssuedDocumentResponse> {
      return response(await readable(options.id));
    },

    async file(options: { id: string }) {
      const stored = await activities.documentContent(options.id);
      if (!stored) throw new AppError('DOCUMENT_NOT_FOUND', `文书 ${options.id} 不存在`);
      return stored;
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
