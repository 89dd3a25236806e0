import { Router, type Request, type Response } from 'express';
import type { Role } from '../../../domain/roles';
import { departmentScope, type Policies } from '../../policies';
import { ok, route } from '../../route';
import type { EvidenceService, EvidenceTarget } from '../../services/evidence';
import type { AuthenticatedOfficer } from '../../../db';
import * as schema from './schema';

const tag = '证据材料';
const UPLOAD_ROLES: Role[] = ['COORDINATOR', 'INSPECTOR', 'ADMIN'];
const READ_ROLES: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const UPLOAD_DESCRIPTION =
  'multipart/form-data，边接收边存储：文件类型以内容判定（伪装成 .jpg 的可执行文件等返回 415 EVIDENCE_TYPE_UNSUPPORTED），' +
  '超过该类文件的大小上限返回 413 EVIDENCE_TOO_LARGE；SHA-256 在接收时计算并登记。照片读取 EXIF 拍摄时间和位置：' +
  '不是检查当日拍摄或距检查对象超过设定距离的照片照常保存，并在 flags 中标记。上传成功返回 201 和登记信息。' +
  '可带 Idempotency-Key 请求头：应答丢失或离线补传时用同一键重发同一文件，只登记一次，返回同一份证据。';

export function evidenceRouter(service: EvidenceService, policies: Policies): Router {
  const router = Router();
  const created = async (res: Response, actor: AuthenticatedOfficer, target: EvidenceTarget, req: Request, headers: schema.UploadHeaders) => {
    const evidence = await service.upload({ actor, target, req, idempotencyKey: headers['idempotency-key'] });
    res.status(201).location(`/api/evidence/${evidence.id}`).json(evidence);
  };
  const responses = { 201: { description: '已保存并登记', schema: schema.EvidenceResponse } };

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/checks/:department/items/:itemCode/evidence',
      tag,
      summary: '为一项检查结果（检查、部门、检查事项）上传证据（照片、视频、录音、PDF）',
      description: `${UPLOAD_DESCRIPTION}部门执法人员只能为本部门的检查结果上传。`,
      roles: UPLOAD_ROLES,
      params: schema.CheckResultParams,
      multipart: schema.EvidenceUploadBody,
      headers: schema.UploadHeaders,
      responses,
      policy: policies.checkResultEvidence,
    },
    ({ actor, params, req, headers }, res) =>
      created(res, actor, { type: 'CHECK_RESULT', inspectionId: params.id, departmentCode: params.department, itemCode: params.itemCode }, req, headers),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/findings/:id/evidence',
      tag,
      summary: '为一项检查发现上传证据',
      description: UPLOAD_DESCRIPTION,
      roles: UPLOAD_ROLES,
      params: schema.ObjectIdParams,
      multipart: schema.EvidenceUploadBody,
      headers: schema.UploadHeaders,
      responses,
      policy: policies.finding,
    },
    ({ actor, params, req, headers }, res) => created(res, actor, { type: 'FINDING', findingId: params.id }, req, headers),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/events/:id/evidence',
      tag,
      summary: '为一件“532”事件上传证据（网格员可为本人上报的事件上传）',
      description: UPLOAD_DESCRIPTION,
      roles: [...UPLOAD_ROLES, 'GRID_WORKER'],
      params: schema.ObjectIdParams,
      multipart: schema.EvidenceUploadBody,
      headers: schema.UploadHeaders,
      responses,
      policy: policies.event,
    },
    ({ actor, params, req, headers }, res) => created(res, actor, { type: 'EVENT', eventId: params.id }, req, headers),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/cases/:id/evidence',
      tag,
      summary: '为一件案件上传证据',
      description: UPLOAD_DESCRIPTION,
      roles: UPLOAD_ROLES,
      params: schema.ObjectIdParams,
      multipart: schema.EvidenceUploadBody,
      headers: schema.UploadHeaders,
      responses,
      policy: policies.case,
    },
    ({ actor, params, req, headers }, res) => created(res, actor, { type: 'CASE', caseId: params.id }, req, headers),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/inspections/:id/evidence',
      tag,
      summary: '一次联合检查的证据清单（检查结果、检查发现和案件的证据，含 SHA-256）',
      description: '部门执法人员只看到本部门的证据。',
      roles: READ_ROLES,
      params: schema.ObjectIdParams,
      responses: ok('证据清单', schema.EvidenceListResponse),
      policy: policies.inspection,
    },
    async ({ actor, params }) => {
      const items = await service.listOfInspection(params.id);
      const department = departmentScope(actor);
      return { items: department === null ? items : items.filter((e) => e.departmentCode === null || e.departmentCode === department) };
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/evidence/:id',
      tag,
      summary: '证据登记信息：类型、大小、SHA-256、EXIF 时间和位置、标记',
      roles: [...READ_ROLES, 'GRID_WORKER'],
      params: schema.EvidenceIdParams,
      responses: ok('证据登记信息', schema.EvidenceResponse),
      policy: policies.evidence,
    },
    ({ params }) => service.get(params.id),
  );

  const download = (which: 'file' | 'thumbnail') => async ({ params }: { params: { id: string } }, res: Response) => {
    const file = await service.open(params.id, which);
    res.setHeader('Content-Type', file.contentType);
    if (file.sizeBytes !== null) res.setHeader('Content-Length', String(file.sizeBytes));
    // RFC 9530: the client checks the bytes against the hash recorded at upload.
    if (file.sha256) res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
    res.setHeader('Content-Disposition', `${which === 'file' ? 'attachment' : 'inline'}; filename="${params.id}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await new Promise<void>((resolve, reject) => {
      file.stream.once('error', reject);
      res.once('close', resolve);
      file.stream.pipe(res);
    }).catch((error) => {
      // Headers are gone once bytes flowed: end the answer cut off rather than with a 500 body.
      if (res.headersSent) res.destroy(error as Error);
      else throw error;
    });
  };

  route(
    router,
    {
      method: 'get',
      path: '/api/evidence/:id/file',
      tag,
      summary: '下载证据文件（流式），Repr-Digest 头给出登记的 SHA-256',
      roles: [...READ_ROLES, 'GRID_WORKER'],
      params: schema.EvidenceIdParams,
      responses: ok('证据文件'),
      policy: policies.evidence,
    },
    download('file'),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/evidence/:id/thumbnail',
      tag,
      summary: '照片缩略图（JPEG，宽 320 像素）',
      roles: [...READ_ROLES, 'GRID_WORKER'],
      params: schema.EvidenceIdParams,
      responses: ok('缩略图（image/jpeg）'),
      policy: policies.evidence,
    },
    download('thumbnail'),
  );

  return router;
}
