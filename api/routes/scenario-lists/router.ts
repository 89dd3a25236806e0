import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ok, route } from '../../route';
import type { ScenarioListService } from '../../services/scenario-lists';
import * as schema from './schema';

const tag = '场景清单版本';
const readers: Role[] = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN'];
const drafters: Role[] = ['ADMIN', 'COORDINATOR'];

export function scenarioListsRouter(service: ScenarioListService): Router {
  const router = Router();

  route(
    router,
    {
      method: 'get',
      path: '/api/scenario-lists',
      tag,
      summary: '场景清单的各版本（草稿、审核中、已发布），标明今日生效的版本',
      roles: readers,
      query: schema.ScenarioListsQuery,
      responses: ok('版本列表', schema.ScenarioListsResponse),
    },
    ({ query }) => service.list({ query }),
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/scenario-lists/:id',
      tag,
      summary: '场景清单版本：检查事项、与所依据版本的增删、办理记录',
      roles: readers,
      params: schema.ScenarioListParams,
      responses: ok('场景清单版本', schema.ScenarioListDetail),
    },
    ({ params }) => service.get({ id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/scenario-lists',
      tag,
      summary: '新建场景清单版本（草稿）：列出检查事项，或复制今日生效的版本',
      description: '每个场景同时只能有一个未发布的版本。',
      roles: drafters,
      body: schema.CreateScenarioListBody,
      responses: { 201: { description: '已新建', schema: schema.ScenarioListDetail } },
    },
    async ({ actor, body }, res) => {
      const created = await service.create({ actor, body });
      res.status(201).location(`/api/scenario-lists/${created.version.id}`).json(created);
    },
  );

  route(
    router,
    {
      method: 'put',
      path: '/api/scenario-lists/:id/items',
      tag,
      summary: '修改草稿（或退回的版本）的检查事项',
      description: '只能选检查事项目录中的事项；已发布的版本不能修改（409 SCENARIO_LIST_PUBLISHED）。',
      roles: drafters,
      params: schema.ScenarioListParams,
      body: schema.EditScenarioListBody,
      responses: ok('已修改', schema.ScenarioListDetail),
    },
    ({ actor, params, body }) => service.editItems({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/scenario-lists/:id/submit',
      tag,
      summary: '提交法制审核',
      roles: drafters,
      params: schema.ScenarioListParams,
      responses: ok('已提交', schema.ScenarioListDetail),
    },
    ({ actor, params }) => service.submit({ actor, id: params.id }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/scenario-lists/:id/review',
      tag,
      summary: '法制审核：通过或退回，附审核意见',
      description: '须由取得法律职业资格的法制审核人员办理。',
      roles: ['LEGAL_REVIEWER'],
      params: schema.ScenarioListParams,
      body: schema.ReviewScenarioListBody,
      responses: ok('已审核', schema.ScenarioListDetail),
    },
    ({ actor, params, body }) => service.review({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/scenario-lists/:id/publish',
      tag,
      summary: '发布审核通过的版本，自生效日期起用于排期',
      description: '生效日期不得早于发布当日；已发布的版本不能再发布或修改（409 SCENARIO_LIST_PUBLISHED）。',
      roles: ['LEADER'],
      params: schema.ScenarioListParams,
      body: schema.PublishScenarioListBody,
      responses: ok('已发布', schema.ScenarioListDetail),
    },
    ({ actor, params, body }) => service.publish({ actor, id: params.id, body }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/catalog/items',
      tag,
      summary: '新增检查事项（含法律依据、检查方法、严重程度和计量方式），供场景清单选用',
      description: '法律依据须写明《法律法规名称》和条款（第…条）。',
      roles: drafters,
      body: schema.CreateCheckItemBody,
      responses: ok('已新增', schema.CheckItemCreated),
    },
    ({ actor, body }) => service.addCheckItem({ actor, body }),
  );

  return router;
}
