export * from './issue';
export { DOCX_CONTENT_TYPE, renderDocx, renderNormativeReviewOpinion, renderRuleOfLawReport, type LayoutContext, type RuleOfLawReportModel } from './layout';
export type { DocumentSubject } from './load';
