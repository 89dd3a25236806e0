import { z } from 'zod';
import { StatsQuery, StatsResponse } from '../stats/schema';

// The same year parameter as /api/stats: one rule for what a valid year is.
export const AnnualReportQuery = StatsQuery;
export type AnnualReportQuery = StatsQuery;

export const AnnualReportResponse = z
  .object({
    year: z.number(),
    figures: StatsResponse,
    paragraph: z.string().meta({
      description: '年度法治政府建设报告中“综合查一次”段落，由 figures 生成，数字与 figures 一致',
      example: '2026年，我镇制定组团式执法“综合查一次”场景清单计划……',
    }),
  })
  .meta({ id: 'AnnualReport' });
