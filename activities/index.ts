import { createCaseActivities } from './case';
import type { PrismaClient } from '../db';
import { createInspectionActivities } from './inspection';
import { createNormativeDocumentActivities } from './normative-document';
import { createPlanningActivities } from './planning';
import type { EscalationChannel, NotifierConfig } from './notifier';
import { createRapidResponseActivities } from './rapid-response';
import { createRectificationActivities } from './rectification';
import { createWorkflowStateActivities, withAttachedState } from './workflow-state';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** Where 532 escalations go; the log channel when absent. */
  notifier?: NotifierConfig;
  escalationChannel?: EscalationChannel;
}

/** Every activity of the system, bound to its dependencies; registered on the worker. */
export function createActivities(deps: ActivityDeps) {
  return withAttachedState({
    ...createInspectionActivities(deps),
    ...createRapidResponseActivities(deps),
    ...createPlanningActivities(deps),
    ...createCaseActivities(deps),
    ...createRectificationActivities(deps),
    ...createNormativeDocumentActivities(deps),
    ...createWorkflowStateActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
