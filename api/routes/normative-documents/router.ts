import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { accepted, objectActions, ok, route, started } from '../../route';
import type { NormativeDocumentService } from '../../services/normative-documents';
import * as schema from './schema';

const tag = '规范性文件';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const DRAFTERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEADER'];

export function normativeDocumentsRouter(service: NormativeDocumentService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/normative-documents',
      tag,
      summary: '起草单位报送规范性文件送审稿（启动合法性审核流程）',
      description: '合法性审核期限按工作日计算（默认15个工作日，国办发〔2018〕115号）；公布后须在规定期限内报县政府备案（默认15日，可配置）。',
      roles: DRAFTERS,
      body: schema.SubmitNormativeDocumentBody,
      responses: started('已报送，流程已启动', schema.SubmittedResponse),
    },
    async ({ actor, body }, res) => {
      const result = await service.submit({ actor, body });
      accepted(res, `/api/normative-documents/${result.id}`, result);
    },
  );

  route(
    router,
    { method: 'get', path: '/api/normative-documents', tag, summary: '规范性文件台账', roles: READERS, query: schema.ListNormativeDocumentsQuery, responses: ok('列表', schema.NormativeDocumentListResponse) },
    ({ actor, query }) => service.list({ actor, query }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/normative-documents/:id',
      tag,
      summary: '规范性文件详情：审核轮次、期限、公布、备案与清理',
      roles: READERS,
      params: schema.NormativeDocumentIdParams,
      responses: ok('详情', schema.NormativeDocumentResponse),
      policy: policies.normativeDocument,
    },
    ({ params }) => service.get({ id: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/normative-documents/:id/review-opinion.docx',
      tag,
      summary: '下载规范性文件合法性审核意见书（DOCX）',
      description: '默认最近一轮；?round= 指定轮次。缺少必备要素时返回 422 DOCUMENT_INCOMPLETE。',
      roles: READERS,
      params: schema.NormativeDocumentIdParams,
      query: schema.OpinionQuery,
      responses: ok('DOCX 文件'),
      policy: policies.normativeDocument,
    },
    async ({ params, query }, res) => {
      const { file, contentType, fileName } = await service.reviewOpinion({ id: params.id, query });
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Disposition', `attachment; filename="normative-review-opinion.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(file);
    },
  );

  const action = objectActions(router, { base: '/api/normative-documents', tag, params: schema.NormativeDocumentIdParams, answer: schema.NormativeDocumentResponse, policy: policies.normativeDocument });
  action({
    path: 'legal-review',
    roles: ['LEGAL_REVIEWER'],
    body: schema.NormativeReviewBody,
    summary: '法律顾问合法性审核：同意或退回修改',
    description: '审核人须为法制审核人员并具备法律职业资格，且不是送审稿的报送人；逾期审核仍可提交，并标记为逾期。',
    run: service.review,
  });
  action({ path: 'resubmit', roles: DRAFTERS, body: schema.ResubmitBody, summary: '退回修改后重新报送（新一轮审核，重新计算期限）', run: service.resubmit });
  action({ path: 'discussion', roles: ['LEADER'], body: schema.DiscussionBody, summary: '记录集体讨论决定（须集体讨论的文件）', run: service.discuss });
  action({ path: 'publication', roles: ['LEADER'], body: schema.PublishBody, summary: '签发公布（文号、公布日期）', description: '须合法性审核通过；须集体讨论的，须已记录集体讨论。', run: service.publish });
  action({ path: 'filing', roles: ['COORDINATOR', 'LEADER'], body: schema.FileBody, summary: '记录报县政府备案', run: service.file });
  action({ path: 'cleanup', roles: ['LEGAL_REVIEWER', 'COORDINATOR', 'LEADER'], body: schema.CleanupBody, summary: '定期清理：继续有效、已修改或已废止，及清理日期', run: (o) => service.cleanup(o) });

  return router;
}
