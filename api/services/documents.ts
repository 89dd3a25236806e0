/**
 * Enforcement documents as the API sees them: who may issue and read which document, and the
 * activity's outcome turned into HTTP errors. Building, checking, rendering and recording are
 * in documents/.
 */
import type { AuthenticatedOfficer, PrismaClient } from '../../db';
import { createDocumentIssuer, type IssuedDocumentSummary } from '../../documents';
import { DOCUMENT_TITLES, type GeneratedDocumentKind } from '../../domain/documents';
import type { InspectionPolicy } from '../../domain/inspection';
import { type Role, ROLE_LABELS } from '../../domain/roles';
import { hasRole, isDepartmentBound } from '../auth';
import { AppError } from '../errors';
import type { IssuedDocumentResponse } from '../routes/documents/schema';

/** Who may have a document issued. Leaders only read; reviewers write only their own opinion. */
const ISSUERS: Record<GeneratedDocumentKind, Role[]> = {
  INSPECTION_RECORD: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
  LEGAL_REVIEW_OPINION: ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'ADMIN'],
  RECTIFICATION_ORDER: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
  PENALTY_DECISION: ['COORDINATOR', 'INSPECTOR', 'ADMIN'],
};

export function createDocumentService(deps: { prisma: PrismaClient; policy: InspectionPolicy }) {
  const { prisma } = deps;
  const activities = createDocumentIssuer({ prisma, minimumCertifiedOfficers: deps.policy.minimumCertifiedOfficers });

  /** 404 for an unknown inspection, 403 for an inspector whose department is not in it. */
  async function checkInspectionAccess(actor: AuthenticatedOfficer, inspectionId: string) {
    const inspection = await prisma.jointInspection.findUnique({
      where: { id: inspectionId },
      select: { checks: { select: { department: { select: { code: true } } } } },
    });
    if (!inspection) throw new AppError('INSPECTION_NOT_FOUND', `联合检查 ${inspectionId} 不存在`);
    if (isDepartmentBound(actor) && !inspection.checks.some((c) => c.department.code === actor.departmentCode)) {
      throw new AppError('FORBIDDEN_DEPARTMENT', '本次联合检查不涉及您所在部门，无权制作或查看其文书');
    }
  }

  /**
   * An order or a case belongs to one department: as with the order and the case themselves,
   * a department's inspector issues only its own department's notice or decision, even when
   * another department took part in the same inspection. Unknown ids fall through to the
   * loader, which answers 404.
   */
  async function checkSubjectDepartment(actor: AuthenticatedOfficer, subject: { inspectionId: string; findingId?: string; caseId?: string }) {
    if (!isDepartmentBound(actor)) return;
    const finding = subject.findingId
      ? await prisma.finding.findUnique({ where: { id: subject.findingId }, select: { department: { select: { code: true } } } })
      : null;
    const enforcementCase = subject.caseId
      ? await prisma.enforcementCase.findUnique({ where: { id: subject.caseId }, select: { departmentCode: true } })
      : null;
    const code = finding?.department.code ?? enforcementCase?.departmentCode ?? null;
    if (code !== null && code !== actor.departmentCode) {
      throw new AppError('FORBIDDEN_DEPARTMENT', '只能制作本部门的责令改正通知书和行政处罚决定书');
    }
  }

  function response(document: IssuedDocumentSummary): IssuedDocumentResponse {
    return { ...document, url: `/api/documents/${document.id}`, downloadUrl: `/api/documents/${document.id}/file` };
  }

  async function readable(actor: AuthenticatedOfficer, id: string) {
    const document = await activities.findDocument(id);
    if (!document) throw new AppError('DOCUMENT_NOT_FOUND', `文书 ${id} 不存在`);
    await checkInspectionAccess(actor, document.inspectionId);
    return document;
  }

  return {
    async issue(options: { actor: AuthenticatedOfficer; inspectionId: string; kind: GeneratedDocumentKind; findingId?: string; caseId?: string }) {
      const { actor, inspectionId, kind, findingId, caseId } = options;
      const title = DOCUMENT_TITLES[kind];
      if (!hasRole(actor, ...ISSUERS[kind])) {
        throw new AppError('FORBIDDEN', `${title}仅限${ISSUERS[kind].map((r) => ROLE_LABELS[r]).join('、')}制作`);
      }
      await checkInspectionAccess(actor, inspectionId);
      await checkSubjectDepartment(actor, { inspectionId, findingId, caseId });
      const outcome = await activities.issueDocument({ kind, inspectionId, findingId, caseId, actor: { officerId: actor.officerId, name: actor.name } });
      switch (outcome.status) {
        case 'ISSUED':
          return { created: outcome.created, document: response(outcome.document) };
        case 'NOT_FOUND':
          throw new AppError(outcome.subjectType === 'JointInspection' ? 'INSPECTION_NOT_FOUND' : 'NOT_FOUND', outcome.message);
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

    async get(options: { actor: AuthenticatedOfficer; id: string }): Promise<IssuedDocumentResponse> {
      return response(await readable(options.actor, options.id));
    },

    async file(options: { actor: AuthenticatedOfficer; id: string }) {
      await readable(options.actor, options.id);
      const stored = await activities.documentContent(options.id);
      if (!stored) throw new AppError('DOCUMENT_NOT_FOUND', `文书 ${options.id} 不存在`);
      return stored;
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
