import { Router } from 'express';
import type { PrismaClient } from '../../../db';
import { DOCX_CONTENT_TYPE } from '../../../documents';
import type { InspectionPolicy } from '../../../domain/inspection';
import { currentOfficer, requireRole } from '../../auth';
import { declareRoute } from '../../openapi';
import { createDocumentService } from '../../services/documents';
import { valid } from '../../validate';
import { DocumentIdParams, InspectionIdParams, IssueDocumentBody, IssuedDocumentResponse } from './schema';

const TAG = '执法文书';
const ISSUE_ROLES = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'ADMIN'] as const;
const READ_ROLES = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'] as const;

export function documentsRouter(deps: { prisma: PrismaClient; policy: InspectionPolicy }): Router {
  const service = createDocumentService(deps);
  const router = Router();

  router.post(
    '/api/inspections/:id/documents',
    requireRole(...ISSUE_ROLES),
    declareRoute({
      method: 'post',
      path: '/api/inspections/:id/documents',
      tag: TAG,
      summary: '制作执法文书（DOCX）：现场检查笔录、法制审核意见书、责令改正通知书或行政处罚决定书',
      description:
        '由已记录的数据生成，先校验必备要素：缺少任一要素返回 422 DOCUMENT_INCOMPLETE，issues 逐项列出；' +
        '检查尚未到可制作该文书的阶段（如尚无法制审核）返回 409。同一数据再次请求返回已制作的文书（200），数据变化后制作新的一份并取下一个编号（201）。' +
        '责令改正通知书须给出 findingId（该发现尚未下达责令改正时 409），行政处罚决定书须给出 caseId（案件尚未作出处罚决定时 409）；' +
        '法制审核意见书也可由法制审核人员制作；部门执法人员限本部门参加的检查，责令改正通知书和行政处罚决定书限本部门的发现和案件。',
      roles: [...ISSUE_ROLES],
      request: { params: InspectionIdParams, body: IssueDocumentBody },
      responses: {
        201: { description: '已制作并登记', schema: IssuedDocumentResponse },
        200: { description: '相同数据的文书此前已制作，返回原文书', schema: IssuedDocumentResponse },
      },
    }),
    async (req, res) => {
      const { params, body } = valid<IssueDocumentBody, unknown, { id: string }>(req);
      const subject = {
        findingId: body.kind === 'RECTIFICATION_ORDER' ? body.findingId : undefined,
        caseId: body.kind === 'PENALTY_DECISION' ? body.caseId : undefined,
      };
      const { created, document } = await service.issue({ actor: currentOfficer(req), inspectionId: params.id, kind: body.kind, ...subject });
      res.status(created ? 201 : 200).location(document.url).json(document);
    },
  );

  router.get(
    '/api/documents/:id',
    requireRole(...READ_ROLES),
    declareRoute({
      method: 'get',
      path: '/api/documents/:id',
      tag: TAG,
      summary: '文书登记信息：编号、SHA-256、下载地址',
      roles: [...READ_ROLES],
      request: { params: DocumentIdParams },
      responses: { 200: { description: '文书登记信息', schema: IssuedDocumentResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      res.json(await service.get({ actor: currentOfficer(req), id: params.id }));
    },
  );

  router.get(
    '/api/documents/:id/file',
    requireRole(...READ_ROLES),
    declareRoute({
      method: 'get',
      path: '/api/documents/:id/file',
      tag: TAG,
      summary: '下载文书（DOCX）',
      description: `返回 ${DOCX_CONTENT_TYPE} 文件，内容与制作时登记的 SHA-256 一致（Repr-Digest 头同样给出）。`,
      roles: [...READ_ROLES],
      request: { params: DocumentIdParams },
      responses: { 200: { description: 'Word 文档（.docx）' } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      const { document, content } = await service.file({ actor: currentOfficer(req), id: params.id });
      const ascii = `${document.kind.toLowerCase().replace(/_/g, '-')}-${document.id.slice(0, 8)}.docx`;
      res.setHeader('Content-Type', DOCX_CONTENT_TYPE);
      // filename* (RFC 5987) carries the Chinese name; filename is the ASCII fallback.
      res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
      // RFC 9530: lets a client check the bytes against the recorded hash without parsing JSON.
      res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(content);
    },
  );

  return router;
}
