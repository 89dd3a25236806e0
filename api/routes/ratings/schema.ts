import { z } from 'zod';

export { InspectionIdParams } from '../inspections/schema';

/** No body is needed to issue a link; an unknown field is still a mistake worth a 400. */
export const RatingLinkBody = z.strictObject({}).meta({ id: 'RatingLinkRequest' });

export const RatingLinkResponse = z
  .object({
    url: z.string().meta({ example: '/rate/3q2-7wZ…' }).describe('一次性评价页面地址（相对本服务），令牌只在此返回一次'),
    expiresAt: z.string().describe('链接失效时间（ISO），签发后30天'),
  })
  .meta({ id: 'RatingLink' });

// 32 random bytes in base64url: 43 characters. Anything else cannot be one of our tokens.
export const RatingTokenParams = z
  .strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '评价链接格式不正确') })
  .meta({ id: 'RatingTokenParams' });

export const PublicRatingView = z
  .object({
    target: z.object({ name: z.string() }),
    scenario: z.string(),
    visitDate: z.string().meta({ example: '2026-11-26' }),
    departments: z.array(z.string()).describe('参加本次联合检查的部门'),
    expiresAt: z.string(),
  })
  .meta({ id: 'PublicRatingView' });

export const SubmitRatingBody = z
  .strictObject({
    score: z.number().int().min(1).max(5).describe('1—5 星'),
    comment: z.string().max(500).optional().describe('意见建议（可选，不超过500字）'),
  })
  .meta({ id: 'SubmitRating' });
export type SubmitRatingBody = z.infer<typeof SubmitRatingBody>;

export const SubmitRatingResponse = z.object({ message: z.string() }).meta({ id: 'RatingSubmitted' });
