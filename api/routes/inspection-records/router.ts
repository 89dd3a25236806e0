import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { InspectionRecordService } from '../../services/inspection-records';
import * as schema from './schema';
import { InspectionIdParams } from '../inspections/schema';

const tag = '现场检查笔录（签名）';
// The team's officers and the coordinator (api/policies.ts inspectionRecord decides which visit).
const ROLES: Role[] = ['COORDINATOR', 'INSPECTOR'];

export function inspectionRecordsRouter(service: InspectionRecordService, policies: Policies): Router {
  const router = Router();
  const policy = policies.inspectionRecord;

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/records',
      tag,
      summary: '制作现场检查笔录第 1 版（冻结当前检查数据，供当事人和执法人员在手机上签名）',
      description: '各部门检查结果全部提交后才能制作（否则 409 DOCUMENT_NOT_AVAILABLE）；已有笔录时 409 RECORD_EXISTS，更正请用 corrections。',
      roles: ROLES,
      params: InspectionIdParams,
      body: schema.CreateRecordBody,
      responses: { 201: { description: '已制作', schema: schema.InspectionRecordResponse } },
      policy,
    },
    async ({ actor, params, body }, res) => {
      const record = await service.create({ actor, inspectionId: params.id, ...body });
      res.status(201).location(`/api/inspections/${params.id}/records/${record.version}`).json(record);
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/inspections/:id/records',
      tag,
      summary: '现场检查笔录的各版本（含更正版本），每版的签名情况',
      roles: ROLES,
      params: InspectionIdParams,
      responses: ok('各版本，从第 1 版起', schema.InspectionRecordList),
      policy,
    },
    ({ params }) => service.list({ inspectionId: params.id }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/inspections/:id/records/:version',
      tag,
      summary: '现场检查笔录的一个版本：冻结内容、签名、是否已被更正',
      roles: ROLES,
      params: schema.RecordParams,
      responses: ok('该版本', schema.InspectionRecordResponse),
      policy,
    },
    ({ params }) => service.get({ inspectionId: params.id, version: params.version }),
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/inspections/:id/records/:version',
      tag,
      summary: '修改笔录的当事人意见或说明（仅在无人签名时）',
      description: '任何人签名后内容不能再改：409 RECORD_SIGNED；已被更正的版本 409 RECORD_SUPERSEDED。更正请制作新版本。',
      roles: ROLES,
      params: schema.RecordParams,
      body: schema.ChangeRecordBody,
      responses: ok('修改后的版本', schema.InspectionRecordResponse),
      policy,
    },
    ({ actor, params, body }) => service.change({ actor, inspectionId: params.id, version: params.version, ...body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/records/:version/signatures',
      tag,
      summary: '在笔录上签名：当事人手写签名、当事人拒签（须有见证人）或执法人员本人签名（执法证号取自人员档案）',
      description:
        '签名图片须为 PNG（按内容判断），过大 413 SIGNATURE_IMAGE_TOO_LARGE；拒签无见证人 422 RECORD_WITNESS_REQUIRED；' +
        '未在现场签到的执法人员 403 RECORD_SIGNER_NOT_PRESENT；同一人再次签名 409 RECORD_ALREADY_SIGNED。签名图片的 SHA-256 记入审计链。',
      roles: ROLES,
      params: schema.RecordParams,
      body: schema.SignRecordBody,
      responses: { 201: { description: '已签名，返回该版本', schema: schema.InspectionRecordResponse } },
      policy,
    },
    async ({ actor, params, body }, res) => {
      res.status(201).json(await service.sign({ actor, inspectionId: params.id, version: params.version, body }));
    },
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/records/:version/corrections',
      tag,
      summary: '更正已签名的笔录：制作新版本（引用原版本，重新读取检查数据，须重新签名），原版本保留可查',
      description: '无人签名的版本直接修改（409 RECORD_NOT_SIGNED）；只能更正最新版本（409 RECORD_SUPERSEDED）。',
      roles: ROLES,
      params: schema.RecordParams,
      body: schema.CorrectRecordBody,
      responses: { 201: { description: '新版本', schema: schema.InspectionRecordResponse } },
      policy,
    },
    async ({ actor, params, body }, res) => {
      const record = await service.correct({ actor, inspectionId: params.id, version: params.version, ...body });
      res.status(201).location(`/api/inspections/${params.id}/records/${record.version}`).json(record);
    },
  );

  return router;
}
