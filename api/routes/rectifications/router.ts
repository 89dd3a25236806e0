import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import type { Policies } from '../../policies';
import { accepted, ok, route, started } from '../../route';
import type { RectificationService } from '../../services/rectifications';
import * as schema from './schema';

const tag = '责令改正与复查';
const READERS: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const ACTORS: Role[] = ['COORDINATOR', 'INSPECTOR'];

export function rectificationsRouter(service: RectificationService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/findings/:id/rectification',
      tag,
      summary: '对检查发现下达责令改正（限期整改）',
      description:
        '综合执法协调人员或发现所属部门的执法人员可以下达；发现的处理建议须为责令改正；每个发现只能下达一次。' +
        '期限按工作日计算（法定节假日和调休），期满次日系统自动安排复查。',
      roles: ACTORS,
      params: schema.FindingIdParams,
      body: schema.OrderRectificationBody,
      responses: started('已下达，流程已启动', schema.OrderedResponse),
      policy: policies.findingAction,
    },
    async ({ actor, params, body }, res) => {
      const result = await service.order({ actor, findingId: params.id, body });
      accepted(res, `/api/rectifications/${result.findingId}`, result);
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/findings/:id/no-penalty-suggestion',
      tag,
      summary: '首违不罚建议（《行政处罚法》第三十三条）',
      description: '检查事项列入首违不罚清单、问题等级为轻微且本年度该检查对象此前未发现同一事项时建议不予处罚；仅为建议，由执法人员依法决定。',
      roles: READERS,
      params: schema.FindingIdParams,
      responses: ok('建议', schema.NoPenaltySuggestionResponse),
      policy: policies.finding,
    },
    ({ params }) => service.noPenaltySuggestion({ findingId: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/findings/:id/disposition',
      tag,
      summary: '记录首违不罚（检查发现的处理结果）',
      description:
        '初次违法、危害后果轻微并及时改正的，可以不予行政处罚（《行政处罚法》第三十三条）。须符合首违不罚建议的条件并写明改正情况；' +
        '法制审核（如需要）完成后、联合检查处于“问题处理中”时才能记录；已下达责令改正或已立案的发现以复查或结案结束，不能记录。' +
        '每个检查发现都有处理结果后，联合检查自动办结。',
      roles: ACTORS,
      params: schema.FindingIdParams,
      body: schema.NoPenaltyBody,
      responses: ok('已记录', schema.DispositionResponse),
      policy: policies.findingAction,
    },
    ({ actor, params, body }) => service.recordNoPenalty({ actor, findingId: params.id, body }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/rectifications/:findingId',
      tag,
      summary: '整改详情：期限、延期、复查与后续处理',
      roles: READERS,
      params: schema.RectificationParams,
      responses: ok('详情', schema.RectificationStateResponse),
      policy: policies.rectification,
    },
    ({ params }) => service.get({ findingId: params.findingId }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/rectifications/:findingId/extend',
      tag,
      summary: '延长整改期限',
      description: '须说明理由，只能在期限届满前申请，次数有上限（默认 2 次）。',
      roles: ACTORS,
      params: schema.RectificationParams,
      body: schema.ExtendRectificationBody,
      responses: ok('已延期', schema.RectificationStateResponse),
      policy: policies.rectification,
    },
    ({ actor, params, body }) => service.extend({ actor, findingId: params.findingId, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/rectifications/:findingId/recheck-result',
      tag,
      summary: '记录复查结果',
      description: '合格则整改结束；不合格则转后续处理（再次责令改正或移送立案），并记录所选方式。',
      roles: ACTORS,
      params: schema.RectificationParams,
      body: schema.RecheckResultBody,
      responses: ok('已记录', schema.RectificationStateResponse),
      policy: policies.rectification,
    },
    ({ actor, params, body }) => service.recheckResult({ actor, findingId: params.findingId, body }),
  );

  return router;
}
