// Entry point of the workflow bundle: every workflow type the worker runs.
export { jointInspectionWorkflow } from './joint-inspection';
export { rapidResponseWorkflow } from './rapid-response';
export { monthlyPlanningWorkflow, planWorkflow } from './plan';
export { caseWorkflow } from './case';
export { rectificationWorkflow } from './rectification';
export { certificateExpiryWorkflow } from './notifications';
export { normativeDocumentWorkflow } from './normative-document';
