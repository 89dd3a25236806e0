export * from './issue';
export { DOCX_CONTENT_TYPE, renderDocx, renderNormativeReviewOpinion, type LayoutContext } from './layout';
export type { DocumentSubject } from './load';
