import { Router } from 'express';
import type { PrismaClient } from '../../../db';
import { currentOfficer, requireRole } from '../../auth';
import { ErrorBody, declareRoute } from '../../openapi';
import { createRatingService } from '../../services/ratings';
import { valid } from '../../validate';
import {
  InspectionIdParams,
  PublicRatingView,
  RatingLinkBody,
  RatingLinkResponse,
  RatingTokenParams,
  SubmitRatingBody,
  SubmitRatingResponse,
} from './schema';

const TAG = '满意度评价';
const ISSUE_ROLES = ['COORDINATOR', 'ADMIN'] as const;

// Public routes get only a 400 documented by declareRoute; their other answers are listed here.
const linkErrors = {
  404: { description: '评价链接无效', schema: ErrorBody },
  410: { description: '评价链接已使用或已过期', schema: ErrorBody },
};

export function ratingsRouter(prisma: PrismaClient): Router {
  const service = createRatingService(prisma);
  const router = Router();

  router.post(
    '/api/inspections/:id/rating-link',
    requireRole(...ISSUE_ROLES),
    declareRoute({
      method: 'post',
      path: '/api/inspections/:id/rating-link',
      tag: TAG,
      summary: '生成满意度评价链接（一次性、匿名）',
      description:
        '联合检查办结后，为检查对象生成一次性评价链接，有效期30天；令牌只在本次响应中返回，系统仅保存其 SHA-256。' +
        '检查未办结返回 409 INSPECTION_NOT_CLOSED；同一检查已生成过链接返回 409 RATING_LINK_EXISTS。',
      roles: [...ISSUE_ROLES],
      request: { params: InspectionIdParams, body: RatingLinkBody },
      responses: { 201: { description: '已生成', schema: RatingLinkResponse } },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { id: string }>(req);
      res.status(201).json(await service.issueLink({ inspectionId: params.id, actorId: currentOfficer(req).officerId }));
    },
  );

  router.get(
    '/api/public/ratings/:token',
    declareRoute({
      method: 'get',
      path: '/api/public/ratings/:token',
      tag: TAG,
      summary: '评价页面读取本次检查（无需登录）',
      roles: [],
      request: { params: RatingTokenParams },
      responses: { 200: { description: '本次联合检查', schema: PublicRatingView }, ...linkErrors },
    }),
    async (req, res) => {
      const { params } = valid<unknown, unknown, { token: string }>(req);
      res.json(await service.publicView({ token: params.token }));
    },
  );

  router.post(
    '/api/public/ratings/:token',
    declareRoute({
      method: 'post',
      path: '/api/public/ratings/:token',
      tag: TAG,
      summary: '提交满意度评价（无需登录，匿名，每个链接一次）',
      description: '评价记录只包含所评检查、分数与意见，不记录提交人。再次提交返回 409 RATING_ALREADY_SUBMITTED。',
      roles: [],
      request: { params: RatingTokenParams, body: SubmitRatingBody },
      responses: {
        201: { description: '已提交', schema: SubmitRatingResponse },
        409: { description: '已评价过', schema: ErrorBody },
        ...linkErrors,
      },
    }),
    async (req, res) => {
      const { params, body } = valid<SubmitRatingBody, unknown, { token: string }>(req);
      res.status(201).json(await service.submit({ token: params.token, score: body.score, comment: body.comment }));
    },
  );

  return router;
}
