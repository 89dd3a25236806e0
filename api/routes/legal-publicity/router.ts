import { Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { LegalPublicityService } from '../../services/legal-publicity';
import * as schema from './schema';

const tag = '普法与法律明白人';
const RECORDERS: Role[] = ['COORDINATOR', 'LEADER', 'INSPECTOR'];
const READERS: Role[] = ['COORDINATOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN', 'INSPECTOR'];
const created = (answer: z.ZodType) => ({ 201: { description: '已登记', schema: answer } });

export function legalPublicityRouter(service: LegalPublicityService, policies: Policies): Router {
  const router = Router();
  route(
    router,
    { method: 'post', path: '/api/publicity-activities', tag, summary: '登记普法活动（街头宣传、进村宣讲、宣传专栏、执法普法）', roles: RECORDERS, body: schema.PublicityActivityBody, responses: created(schema.PublicityActivityRow) },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.addActivity({ actor, body }));
    },
  );
  route(
    router,
    { method: 'get', path: '/api/publicity-activities', tag, summary: '普法活动台账', roles: READERS, query: schema.YearQuery, responses: ok('列表', schema.PublicityActivityList) },
    ({ actor, query }) => service.activities({ actor, query }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/law-explained',
      tag,
      summary: '记录联合检查中的释法说理（谁执法谁普法，计入普法）',
      description: '检查组进场后，参加检查的部门记录向检查对象讲解的法律；每个部门每次检查记一次，计入普法统计（按检查计）。',
      roles: ['INSPECTOR', 'COORDINATOR'],
      params: schema.InspectionIdParams,
      body: schema.VisitLawExplanationBody,
      responses: created(schema.LawExplanationRow),
      policy: policies.inspection,
    },
    async ({ actor, params, body }, res) => {
      res.status(201).json(await service.recordLawExplained({ actor, inspectionId: params.id, body }));
    },
  );
  route(
    router,
    { method: 'get', path: '/api/enforcement-publicity', tag, summary: '执法检查中释法说理记录（普法统计的来源）', roles: READERS, query: schema.YearQuery, responses: ok('列表', schema.LawExplanationList) },
    ({ actor, query }) => service.lawExplainedVisits({ actor, query }),
  );
  route(
    router,
    { method: 'post', path: '/api/legal-liaisons', tag, summary: '登记法律明白人', roles: ['COORDINATOR', 'LEADER'], body: schema.LegalLiaisonBody, responses: created(schema.LegalLiaisonDetail) },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.addLiaison({ actor, body }));
    },
  );
  route(
    router,
    { method: 'get', path: '/api/legal-liaisons', tag, summary: '法律明白人名册（不含电话）', roles: READERS, responses: ok('列表', schema.LegalLiaisonList) },
    ({ actor }) => service.liaisons({ actor }),
  );
  route(
    router,
    {
      method: 'get',
      path: '/api/legal-liaisons/:id',
      tag,
      summary: '法律明白人详情：培训与年度考核（电话仅对综合执法协调员和领导显示）',
      roles: READERS,
      params: schema.LegalLiaisonIdParams,
      responses: ok('详情', schema.LegalLiaisonDetail),
      policy: policies.legalLiaison,
    },
    ({ actor, params }) => service.liaison({ actor, id: params.id }),
  );
  route(
    router,
    {
      method: 'post',
      path: '/api/legal-liaisons/:id/records',
      tag,
      summary: '记录法律明白人培训或年度考核',
      roles: ['COORDINATOR', 'LEADER'],
      params: schema.LegalLiaisonIdParams,
      body: schema.LiaisonRecordBody,
      responses: ok('已记录', schema.LegalLiaisonDetail),
      policy: policies.legalLiaison,
    },
    ({ actor, params, body }) => service.addLiaisonRecord({ actor, id: params.id, body }),
  );
  route(
    router,
    { method: 'post', path: '/api/study-sessions', tag, summary: '登记学法活动与法治培训（班子会、中心组、干部职工、镇村干部、专题会）', roles: ['COORDINATOR', 'LEADER'], body: schema.StudySessionBody, responses: created(schema.StudySessionRow) },
    async ({ actor, body }, res) => {
      res.status(201).json(await service.addStudySession({ actor, body }));
    },
  );
  route(
    router,
    { method: 'get', path: '/api/study-sessions', tag, summary: '学法与培训台账', roles: READERS, query: schema.YearQuery, responses: ok('列表', schema.StudySessionList) },
    ({ actor, query }) => service.studySessions({ actor, query }),
  );
  return router;
}
