import { z } from 'zod';

export { InspectionIdParams } from '../inspections/schema';

export const CheckCode = z
  .object({
    url: z.string().meta({ example: 'https://onevisit.example.gov.cn/check/aW5zcC0x.t5k2yo.Xq…' }).describe('检查码地址（二维码内容）：检查对象扫码后无需登录即可核验'),
    token: z.string().describe('签名令牌（HMAC-SHA256，含检查与有效期）'),
    visitDate: z.string().meta({ example: '2026-12-06' }),
    expiresAt: z.string().describe('失效时间（ISO）：检查当日结束后再加配置的宽限时间（CHECK_CODE_MARGIN，默认24小时）'),
    expired: z.boolean(),
    qr: z.object({
      png: z.string().describe('二维码 PNG（data URL）'),
      svg: z.string().describe('二维码 SVG（data URL）'),
    }),
    scans: z.array(z.object({ day: z.string(), scannedAt: z.string() })).describe('检查对象扫码记录（每天首次扫码时间）'),
  })
  .meta({ id: 'CheckCode' });

// Any text: a code that is not one of ours answers "不是登记的检查" (404), not a validation error.
export const CheckCodeTokenParams = z
  .strictObject({ token: z.string().min(1).max(400) })
  .meta({ id: 'CheckCodeTokenParams' });

const Item = z.object({ code: z.string(), title: z.string(), legalBasis: z.string().describe('法律依据') });

export const PublicCheckCodeView = z
  .object({
    registered: z.literal(true).describe('本县登记的联合检查'),
    status: z.string(),
    statusLabel: z.string(),
    visitDate: z.string(),
    expiresAt: z.string(),
    business: z.object({ name: z.string() }),
    scenario: z.string(),
    departments: z.array(z.object({ name: z.string(), items: z.array(Item) })).describe('参加的部门及其检查事项（清单之外无检查）'),
    officers: z.array(z.object({ name: z.string(), certificateNo: z.string().nullable().describe('执法证号') })).describe('检查人员：仅姓名与执法证号'),
    checkIn: z.object({ scannedAt: z.string().describe('今日首次扫码（入户核验）时间') }),
    afterVisit: z
      .object({
        results: z.array(
          z.object({
            department: z.string(),
            items: z.array(z.object({ code: z.string(), title: z.string(), outcome: z.string(), outcomeLabel: z.string() })),
          }),
        ),
        documents: z.array(z.object({ title: z.string(), number: z.string(), issuedOn: z.string() })).describe('已出具的执法文书（名称与文号）'),
        rating: z.object({ state: z.enum(['NOT_YET', 'NOT_ISSUED', 'ISSUED', 'RATED']), message: z.string() }),
      })
      .nullable()
      .describe('检查实施后：检查结果、文书与满意度评价'),
  })
  .meta({ id: 'PublicCheckCodeView' });

export const CheckCodeRatingLink = z
  .object({ url: z.string().describe('一次性评价页面地址（/rate/<令牌>）'), expiresAt: z.string() })
  .meta({ id: 'CheckCodeRatingLink' });
