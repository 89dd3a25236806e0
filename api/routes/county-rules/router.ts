import { Router } from 'express';
import { COUNTY_RULE_KINDS, COUNTY_RULE_LABELS, COUNTY_RULE_SEGMENTS, type CountyRuleKind } from '../../../domain/county-rules';
import type { Role } from '../../../domain/roles';
import { ok, route } from '../../route';
import type { CountyRuleService } from '../../services/county-rules';
import * as schema from './schema';

const tag = '首违不罚清单与频次上限';
const readers: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const drafters: Role[] = ['ADMIN', 'COORDINATOR'];

/** /api/county-rules/<segment>/versions: one resource per kind, each with its own content schema. */
export const countyRuleVersionsPath = (kind: CountyRuleKind) => `/api/county-rules/${COUNTY_RULE_SEGMENTS[kind]}/versions`;

export function countyRulesRouter(service: CountyRuleService): Router {
  const router = Router();

  // The content differs by kind (item codes or caps), so creating and editing are declared per kind.
  const npl = countyRuleVersionsPath('NO_PENALTY_LIST');
  route(
    router,
    {
      method: 'post',
      path: npl,
      tag,
      summary: '新建首违不罚清单版本（草稿）：列出检查事项，或复制今日生效的版本',
      description: '只能列入问题等级为“轻微”、且不属于消防和安全生产的检查事项（422 NO_PENALTY_ITEM_NOT_ALLOWED）；同时只能有一个未发布的版本。',
      roles: drafters,
      body: schema.CreateNoPenaltyListBody,
      responses: { 201: { description: '已新建', schema: schema.CountyRuleDetail } },
    },
    async ({ actor, body }, res) => {
      const created = await service.create({ kind: 'NO_PENALTY_LIST', actor, content: body.itemCodes ? { itemCodes: body.itemCodes } : undefined, note: body.note });
      res.status(201).location(`${npl}/${created.version.id}`).json(created);
    },
  );
  route(
    router,
    {
      method: 'put',
      path: `${npl}/:id`,
      tag,
      summary: '修改草稿（或退回的版本）的首违不罚清单',
      description: '已发布的版本不能修改（409 COUNTY_RULE_PUBLISHED）。',
      roles: drafters,
      params: schema.CountyRuleParams,
      body: schema.EditNoPenaltyListBody,
      responses: ok('已修改', schema.CountyRuleDetail),
    },
    ({ actor, params, body }) => service.edit({ kind: 'NO_PENALTY_LIST', actor, id: params.id, content: { itemCodes: body.itemCodes }, note: body.note }),
  );

  const caps = countyRuleVersionsPath('FREQUENCY_CAPS');
  route(
    router,
    {
      method: 'post',
      path: caps,
      tag,
      summary: '新建检查频次上限版本（草稿）：写明上限，或复制今日生效的版本',
      description: '同时只能有一个未发布的版本。',
      roles: drafters,
      body: schema.CreateFrequencyCapsBody,
      responses: { 201: { description: '已新建', schema: schema.CountyRuleDetail } },
    },
    async ({ actor, body }, res) => {
      const created = await service.create({ kind: 'FREQUENCY_CAPS', actor, content: body.caps ? { caps: body.caps } : undefined, note: body.note });
      res.status(201).location(`${caps}/${created.version.id}`).json(created);
    },
  );
  route(
    router,
    {
      method: 'put',
      path: `${caps}/:id`,
      tag,
      summary: '修改草稿（或退回的版本）的检查频次上限',
      description: '已发布的版本不能修改（409 COUNTY_RULE_PUBLISHED）。',
      roles: drafters,
      params: schema.CountyRuleParams,
      body: schema.EditFrequencyCapsBody,
      responses: ok('已修改', schema.CountyRuleDetail),
    },
    ({ actor, params, body }) => service.edit({ kind: 'FREQUENCY_CAPS', actor, id: params.id, content: { caps: body.caps }, note: body.note }),
  );

  // The procedure is the same for both kinds.
  for (const kind of COUNTY_RULE_KINDS) {
    const path = countyRuleVersionsPath(kind);
    const name = COUNTY_RULE_LABELS[kind];
    route(
      router,
      {
        method: 'get',
        path,
        tag,
        summary: `${name}的各版本（草稿、审核中、已发布），标明今日生效的版本`,
        roles: readers,
        responses: ok('版本列表', schema.CountyRulesResponse),
      },
      () => service.list({ kind }),
    );
    route(
      router,
      {
        method: 'get',
        path: `${path}/:id`,
        tag,
        summary: `${name}版本：内容、与所依据版本相比的变化、办理记录`,
        roles: readers,
        params: schema.CountyRuleParams,
        responses: ok(`${name}版本`, schema.CountyRuleDetail),
      },
      ({ params }) => service.get({ kind, id: params.id }),
    );
    route(
      router,
      {
        method: 'post',
        path: `${path}/:id/submit`,
        tag,
        summary: `提交${name}法制审核`,
        roles: drafters,
        params: schema.CountyRuleParams,
        responses: ok('已提交', schema.CountyRuleDetail),
      },
      ({ actor, params }) => service.submit({ kind, actor, id: params.id }),
    );
    route(
      router,
      {
        method: 'post',
        path: `${path}/:id/review`,
        tag,
        summary: `${name}法制审核：通过或退回，附审核意见`,
        description: '须由取得法律职业资格的法制审核人员办理。',
        roles: ['LEGAL_REVIEWER'],
        params: schema.CountyRuleParams,
        body: schema.ReviewCountyRuleBody,
        responses: ok('已审核', schema.CountyRuleDetail),
      },
      ({ actor, params, body }) => service.review({ kind, actor, id: params.id, body }),
    );
    route(
      router,
      {
        method: 'post',
        path: `${path}/:id/publish`,
        tag,
        summary: `发布审核通过的${name}，自生效日期起适用`,
        description: '生效日期不得早于发布当日，也不得早于已发布版本的生效日期；已发布的版本不能再发布或修改（409 COUNTY_RULE_PUBLISHED）。',
        roles: ['LEADER'],
        params: schema.CountyRuleParams,
        body: schema.PublishCountyRuleBody,
        responses: ok('已发布', schema.CountyRuleDetail),
      },
      ({ actor, params, body }) => service.publish({ kind, actor, id: params.id, body }),
    );
  }

  return router;
}
