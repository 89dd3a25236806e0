import { z } from 'zod';
import { CHALLENGE_KINDS, CHALLENGE_OUTCOMES, DISPUTE_SOURCES, MAJOR_DECISION_KINDS, PUBLICITY_KINDS, STUDY_SESSION_KINDS } from '../../../domain/rule-of-law';
import type { RuleOfLawFigures as RuleOfLawFiguresType } from '../../services/rule-of-law';
import type { EnforcementFigures as EnforcementFiguresType, ReportService } from '../../services/reports';
import { agrees, type Answer, type Json } from '../answers';
import { RapidResponseStatsResponse } from '../rapid-response/schema';
import { StatsQuery, StatsResponse } from '../stats/schema';

// The same year parameter as /api/stats: one rule for what a valid year is.
export const AnnualReportQuery = StatsQuery;
export type AnnualReportQuery = StatsQuery;

const n = z.number().int();
const countsBy = <K extends readonly [string, ...string[]]>(keys: K) => z.record(z.enum(keys), n);

/** api/services/rule-of-law.ts RuleOfLawFigures; `agrees` below fails the type check when the two drift apart. */
export const RuleOfLawFigures = z
  .object({
    normativeDocuments: z.object({
      submitted: n,
      reviewed: n,
      changesRequired: n,
      reviewsLate: n,
      published: n,
      filed: n,
      filedLate: n,
      awaitingFiling: n,
      cleanedUp: n,
      byValidity: z.object({ VALID: n, AMENDED: n, REPEALED: n }),
    }),
    majorDecisions: z.object({ taken: n, subjectToRule: n, withLegalReview: n, withCollectiveMeeting: n, byKind: countsBy(MAJOR_DECISION_KINDS) }),
    mediation: z.object({
      target: n.nullable(),
      received: n,
      resolved: n,
      written: n,
      oral: n,
      failedReferred: n,
      open: n,
      major: n,
      bySource: countsBy(DISPUTE_SOURCES),
      fromGridEvents: n,
    }),
    study: countsBy(STUDY_SESSION_KINDS),
    publicity: z.object({ byKind: countsBy(PUBLICITY_KINDS), activities: n, audience: n, materials: n, enforcementVisits: n.describe('谁执法谁普法：释法说理的联合检查（户次）') }),
    legalChallenges: z.object({
      received: n,
      byKind: countsBy(CHALLENGE_KINDS),
      concluded: n,
      byOutcome: countsBy(CHALLENGE_OUTCOMES),
      corrected: n,
      correctionRate: z.number().nullable().describe('纠错率（%），无办结案件时为 null'),
      answersLate: n,
      hearings: n,
      headAppeared: n.describe('负责人出庭应诉次数'),
    }),
    legalLiaisons: z.object({ registered: n, trainingSessions: n, trained: n, assessed: n, qualified: n }),
  })
  .describe('规范性文件、重大决策、人民调解、学法、普法、法律明白人、行政复议和行政诉讼的年度数字')
  .meta({ id: 'RuleOfLawFigures' });

agrees<z.output<typeof RuleOfLawFigures>, RuleOfLawFiguresType>();

/** api/services/reports.ts EnforcementFigures: each part in the schema of the route that counts it. */
export const EnforcementFigures = z
  .object({
    rapidResponse: RapidResponseStatsResponse.pick({ events: true, byStatus: true, stages: true }),
    cases: z.object({
      filed: n,
      penaltyDecisions: n,
      finesDecided: z.number().describe('决定罚款金额（元）'),
      payments: n,
      finesCollected: z.number().describe('收缴罚款金额（元）'),
      closed: n,
      collectiveDecisions: n.describe('集体讨论决定（件）'),
      hearingsHeld: n.describe('听证（次）'),
    }),
    rectification: StatsResponse.shape.rectification,
  })
  .describe('“532”快速响应、行政处罚案件和责令整改的年度数字')
  .meta({ id: 'EnforcementFigures' });
agrees<z.output<typeof EnforcementFigures>, Json<EnforcementFiguresType>>();

export const AnnualReportResponse = z
  .object({
    year: z.number(),
    figures: StatsResponse,
    paragraph: z.string().meta({
      description: '年度法治政府建设报告中“综合查一次”段落，由 figures 生成，数字与 figures 一致',
      example: '2026年，我镇制定组团式执法“综合查一次”场景清单计划……',
    }),
    enforcement: EnforcementFigures,
    enforcementParagraph: z.string().meta({ description: '“532”、案件和整改段落，数字与 enforcement 一致' }),
    ruleOfLaw: RuleOfLawFigures,
    ruleOfLawParagraph: z.string().meta({ description: '法治政府建设段落：规范性文件审核备案清理、重大决策、人民调解，数字与 ruleOfLaw 一致' }),
  })
  .meta({ id: 'AnnualReport' });
agrees<z.output<typeof AnnualReportResponse>, Answer<ReportService['annual']>>();
