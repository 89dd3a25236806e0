import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { statusOf } from '../../errors';
import { ErrorBody } from '../../openapi';
import { ok, route } from '../../route';
import type { BusinessService } from '../../services/businesses';
import { uploadedFile, type UploadDeclaration } from '../../upload';
import * as schema from './schema';

const tag = '市场主体';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const WRITERS: Role[] = ['ADMIN', 'COORDINATOR'];

/** A county township's register fits in a few MB; more is a wrong file or a whole province. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const REGISTER_FILE: UploadDeclaration = { field: 'file', description: '市场主体名录：.xlsx 或 CSV（UTF-8/GB18030）', maxBytes: IMPORT_MAX_BYTES };

const REACH = '只能查看和办理本人负责乡镇的市场主体：负责范围之外的市场主体按不存在处理（404），写入负责范围之外的乡镇为 403 TOWNSHIP_OUT_OF_REACH。';

export function businessesRouter(service: BusinessService): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/businesses',
      tag,
      summary: '市场主体（检查对象）列表：按乡镇、村（社区）、场景、信用等级、无事不扰筛选，按名称或代码搜索，分页',
      description: REACH,
      roles: READERS,
      query: schema.BusinessListQuery,
      responses: ok('市场主体', schema.BusinessList),
    },
    ({ actor, query }) => service.list(actor, query),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/businesses/import-template',
      tag,
      summary: '下载市场主体导入模板（.xlsx：表头、一行示例和填写说明）',
      roles: WRITERS,
      responses: ok('导入模板（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）'),
    },
    async ({ actor }, res) => {
      const bytes = await service.template(actor);
      res
        .status(200)
        .set({
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="business-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('市场主体导入模板.xlsx')}`,
        })
        .send(bytes);
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/businesses/import',
      tag,
      summary: '从市场主体名录导入（Excel 或 CSV）：先校验（check），无误后一次性写入（commit）',
      description: `${schema.IMPORT_DESCRIPTION}\n\n${REACH}`,
      roles: WRITERS,
      query: schema.ImportQuery,
      upload: REGISTER_FILE,
      responses: {
        200: { description: '导入报告（check：将要如何；commit：已写入）', schema: schema.ImportReport },
        400: { description: '没有上传文件（FILE_MISSING）或上传格式有误', schema: ErrorBody },
        413: { description: '文件超过 10 MB（PAYLOAD_TOO_LARGE）', schema: ErrorBody },
        415: { description: '既不是 .xlsx 也不是 CSV（IMPORT_FILE_TYPE_UNSUPPORTED）', schema: ErrorBody },
        422: {
          description: 'commit 时有错误行：IMPORT_HAS_ERRORS 与完整报告，未写入任何数据；或文件无法读取（IMPORT_FILE_UNREADABLE）、表头不全（IMPORT_HEADERS_INVALID）、行数过多（IMPORT_TOO_MANY_ROWS）',
          schema: schema.ImportErrorBody,
        },
      },
    },
    async ({ actor, query, req }, res) => {
      const { report, refused } = await service.importFile({ actor, file: uploadedFile(req, REGISTER_FILE), mode: query.mode });
      if (!refused) return report;
      res.status(statusOf('IMPORT_HAS_ERRORS')).json({
        error: { code: 'IMPORT_HAS_ERRORS', message: `文件中有 ${report.counts.badRows} 行有误，未导入任何数据：${report.summary}` },
        report,
      });
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/businesses/:id',
      tag,
      summary: '市场主体详情',
      description: REACH,
      roles: READERS,
      params: schema.BusinessIdParams,
      responses: ok('市场主体', schema.Business),
    },
    ({ actor, params }) => service.get({ actor, id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/businesses',
      tag,
      summary: '登记市场主体',
      description: `统一社会信用代码按 GB 32100-2015 校验（422 CREDIT_CODE_INVALID，说明哪一项不符），不得重复（409 CREDIT_CODE_TAKEN，指明已登记的市场主体）；村（社区）须属于该乡镇；场景须存在；无事不扰须填原因，起不晚于止。\n\n${REACH}`,
      roles: WRITERS,
      body: schema.BusinessBody,
      responses: { 201: { description: '已登记', schema: schema.Business } },
    },
    async ({ actor, body }, res) => {
      const business = await service.create({ actor, body });
      res.status(201).location(`/api/businesses/${business.id}`).json(business);
    },
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/businesses/:id',
      tag,
      summary: '修改市场主体（整体替换：未提供的可选项即清空）',
      description: `规则同登记；只记录有变化的字段（审计：变更前后）。\n\n${REACH}`,
      roles: WRITERS,
      params: schema.BusinessIdParams,
      body: schema.BusinessBody,
      responses: ok('已修改', schema.Business),
    },
    ({ actor, params, body }) => service.update({ actor, id: params.id, body }),
  );

  return router;
}
