import { Router } from 'express';
import type { Role } from '../../../domain/roles';
import { ErrorBody } from '../../openapi';
import { route } from '../../route';
import type { RatingService } from '../../services/ratings';
import * as schema from './schema';
import type { Policies } from '../../policies';

const tag = '满意度评价';
const ISSUE_ROLES: Role[] = ['COORDINATOR', 'ADMIN'];

// Public routes get only a 400 documented by registerOperation; their other answers are listed here.
const linkErrors = {
  404: { description: '评价链接无效', schema: ErrorBody },
  410: { description: '评价链接已使用或已过期', schema: ErrorBody },
};

export function ratingsRouter(service: RatingService, policies: Policies): Router {
  const router = Router();

  route(
    router,
    {
      method: 'post',
      path: '/api/inspections/:id/rating-link',
      tag,
      summary: '生成满意度评价链接（一次性、匿名）',
      description:
        '联合检查办结后，为检查对象生成一次性评价链接，有效期30天；令牌只在本次响应中返回，系统仅保存其 SHA-256。' +
        '检查未办结返回 409 INSPECTION_NOT_CLOSED；同一检查已生成过链接返回 409 RATING_LINK_EXISTS。',
      roles: ISSUE_ROLES,
      params: schema.InspectionIdParams,
      body: schema.RatingLinkBody,
      responses: { 201: { description: '已生成', schema: schema.RatingLinkResponse } },
      policy: policies.inspection,
    },
    async ({ actor, params }, res) => {
      res.status(201).json(await service.issueLink({ inspectionId: params.id, actorId: actor.officerId }));
    },
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/public/ratings/:token',
      tag,
      summary: '评价页面读取本次检查（无需登录）',
      roles: [],
      params: schema.RatingTokenParams,
      responses: { 200: { description: '本次联合检查', schema: schema.PublicRatingView }, ...linkErrors },
    },
    ({ params }) => service.publicView({ token: params.token }),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/public/ratings/:token',
      tag,
      summary: '提交满意度评价（无需登录，匿名，每个链接一次）',
      description: '评价记录只包含所评检查、分数与意见，不记录提交人。再次提交返回 409 RATING_ALREADY_SUBMITTED。',
      roles: [],
      params: schema.RatingTokenParams,
      body: schema.SubmitRatingBody,
      responses: {
        201: { description: '已提交', schema: schema.SubmitRatingResponse },
        409: { description: '已评价过', schema: ErrorBody },
        ...linkErrors,
      },
    },
    async ({ params, body }, res) => {
      res.status(201).json(await service.submit({ token: params.token, score: body.score, comment: body.comment }));
    },
  );

  return router;
}
