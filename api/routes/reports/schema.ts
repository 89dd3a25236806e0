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
    enforcement: z.record(z.string(), z.unknown()).meta({
      description: '“532”快速响应、行政处罚案件和责令整改的年度数字（api/services/reports.ts EnforcementFigures）',
    }),
    enforcementParagraph: z.string().meta({ description: '“532”、案件和整改段落，数字与 enforcement 一致' }),
    ruleOfLaw: z.record(z.string(), z.unknown()).meta({ description: '规范性文件、重大决策、人民调解的年度数字（api/services/rule-of-law.ts RuleOfLawFigures）' }),
    ruleOfLawParagraph: z.string().meta({ description: '法治政府建设段落：规范性文件审核备案清理、重大决策、人民调解，数字与 ruleOfLaw 一致' }),
  })
  .meta({ id: 'AnnualReport' });
