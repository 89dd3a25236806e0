import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ErrorBody } from '../../openapi';
import type { Policies } from '../../policies';
import { ok, route } from '../../route';
import type { CheckCodeService } from '../../services/check-codes';
import * as schema from './schema';

const tag = '检查码（亮码检查）';
// Whoever may read the inspection may show its code (the same object-level policy).
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];

export function checkCodesRouter(service: CheckCodeService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/inspections/:id/code',
      tag,
      summary: '本次联合检查的检查码（入户前出示：地址、签名令牌、有效期、二维码）',
      description: '检查对象扫码即可核验本次检查是否登记、检查人员与检查事项。已取消的检查返回 409 CHECK_CODE_NOT_AVAILABLE。',
      roles: READERS,
      params: schema.InspectionIdParams,
      responses: { ...ok('检查码', schema.CheckCode), 409: { description: '检查已取消', schema: ErrorBody } },
      policy: policies.inspection,
    },
    ({ params, req }) => service.teamCode({ inspectionId: params.id, origin: `${req.protocol}://${req.get('host')}` }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/public/check-codes/:token',
      tag,
      summary: '检查对象扫码核验（无需登录）：登记的检查、部门、检查事项及法律依据、检查人员姓名与执法证号',
      description:
        '有效的检查码记录当日首次扫码时间（每次检查每天一次，计入审计记录）。' +
        '伪造或无效：404 CHECK_CODE_NOT_REGISTERED（不是登记的检查，并提示举报方式）；过期：410 CHECK_CODE_EXPIRED；检查已取消：410 CHECK_CODE_CANCELLED。',
      roles: [],
      params: schema.CheckCodeTokenParams,
      responses: {
        ...ok('登记的检查', schema.PublicCheckCodeView),
        404: { description: '不是登记的检查', schema: ErrorBody },
        410: { description: '检查码已过期或检查已取消', schema: ErrorBody },
      },
    },
    ({ params }) => service.publicView({ token: params.token }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/public/check-codes/:token/rating-link',
      tag,
      summary: '检查对象通过检查码获取满意度评价链接（无需登录；检查办结后，每次检查一个）',
      description: '与检查码核验相同的有效性判断；检查未办结 409 INSPECTION_NOT_CLOSED，已生成过链接 409 RATING_LINK_EXISTS。',
      roles: [],
      params: schema.CheckCodeTokenParams,
      responses: {
        201: { description: '一次性评价链接', schema: schema.CheckCodeRatingLink },
        404: { description: '不是登记的检查', schema: ErrorBody },
        409: { description: '检查未办结或已生成过评价链接', schema: ErrorBody },
        410: { description: '检查码已过期或检查已取消', schema: ErrorBody },
      },
    },
    async ({ params }, res) => {
      res.status(201).json(await service.ratingLink({ token: params.token }));
    },
  );

  return router;
}
