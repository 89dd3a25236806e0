import { Router } from 'express';
import { DOCX_CONTENT_TYPE } from '../../../documents';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { DocumentService } from '../../services/documents';
import * as schema from './schema';

const tag = '执法文书';
const ISSUE_ROLES: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'ADMIN'];
const READ_ROLES: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function documentsRouter(service: DocumentService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/documents',
      tag,
      summary: '制作执法文书（DOCX）：现场检查笔录、法制审核意见书、责令改正通知书、行政处罚事先告知书、听证通知书、听证笔录、行政处罚决定书或当场行政处罚决定书',
      description:
        '由已记录的数据生成，先校验必备要素：缺少任一要素返回 422 DOCUMENT_INCOMPLETE，issues 逐项列出；' +
        '检查尚未到可制作该文书的阶段（如尚无法制审核）返回 409。同一数据再次请求返回已制作的文书（200），数据变化后制作新的一份并取下一个编号（201）。' +
        '责令改正通知书须给出 findingId（该发现尚未下达责令改正时 409），案件文书（事先告知书、听证通知书、听证笔录、处罚决定书）须给出 caseId（案件尚未到该阶段时 409），当场行政处罚决定书须给出 penaltyId；' +
        '法制审核意见书也可由法制审核人员制作；部门执法人员限本部门参加的检查，责令改正通知书和行政处罚决定书限本部门的发现和案件。',
      roles: ISSUE_ROLES,
      params: schema.InspectionIdParams,
      body: schema.IssueDocumentBody,
      responses: {
        201: { description: '已制作并登记', schema: schema.IssuedDocumentResponse },
        200: { description: '相同数据的文书此前已制作，返回原文书', schema: schema.IssuedDocumentResponse },
      },
      policy: policies.issueDocument,
    },
    async ({ actor, params, body }, res) => {
      const subject = {
        findingId: body.kind === 'RECTIFICATION_ORDER' ? body.findingId : undefined,
        caseId: 'caseId' in body ? body.caseId : undefined,
        penaltyId: body.kind === 'ON_THE_SPOT_PENALTY_DECISION' ? body.penaltyId : undefined,
        recordVersion: body.kind === 'INSPECTION_RECORD' ? body.recordVersion : undefined,
      };
      const { created, document } = await service.issue({ actor, inspectionId: params.id, kind: body.kind, ...subject });
      res.status(created ? 201 : 200).location(document.url).json(document);
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/documents/:id',
      tag,
      summary: '文书登记信息：编号、SHA-256、下载地址',
      roles: READ_ROLES,
      params: schema.DocumentIdParams,
      responses: ok('文书登记信息', schema.IssuedDocumentResponse),
      policy: policies.document,
    },
    ({ params }) => service.get({ id: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/documents/:id/file',
      tag,
      summary: '下载文书（DOCX）',
      description: `返回 ${DOCX_CONTENT_TYPE} 文件，内容与制作时登记的 SHA-256 一致（Repr-Digest 头同样给出）。`,
      roles: READ_ROLES,
      params: schema.DocumentIdParams,
      responses: ok('Word 文档（.docx）'),
      policy: policies.document,
    },
    async ({ params }, res) => {
      const { document, content } = await service.file({ id: params.id });
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
