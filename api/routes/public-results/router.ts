import { Router } from 'express';
import { ErrorBody } from '../../openapi';
import { ok, route } from '../../route';
import type { PublicResultsService } from '../../services/public-results';
import * as schema from './schema';

export function publicResultsRouter(service: PublicResultsService): Router {
  const router = Router();
  route(
    router,
    {
      method: 'get',
      path: '/api/public/inspection-results',
      tag: '执法公示',
      summary: '检查结果公示（按县里的设置开通；无需登录）',
      description:
        '开通（PUBLISH_INSPECTION_RESULTS=on）后列出已办结的联合检查：检查对象、日期、部门、各事项结果和发现的问题，不含任何人员信息；' +
        '文字经与处罚决定公示相同的脱敏和检查，仍含身份证号、电话号码或银行账号的不予公示。未开通时 404 RESULTS_PUBLICATION_NOT_ENABLED。',
      roles: [],
      query: schema.PublicResultsQuery,
      responses: { ...ok('最近办结的检查，最新在前', schema.PublicInspectionResultsResponse), 404: { description: '本县未开通检查结果公示（RESULTS_PUBLICATION_NOT_ENABLED）', schema: ErrorBody } },
    },
    ({ query }) => service.list({ townshipId: query.townshipId }),
  );
  return router;
}
