import { createCaseActivities } from './case';
import type { PrismaClient } from '../db';
import { createInspectionActivities } from './inspection';
import { createOnTheSpotActivities } from './on-the-spot';
import { createNormativeDocumentActivities } from './normative-document';
import { createPlanningActivities } from './planning';
import { log } from '@temporalio/activity';
import { createNotificationActivities } from './notifications';
import { DEFAULT_NOTIFIER_CONFIG, createNotifierChannel, type NotifierChannel, type NotifierConfig } from './notifier';
import { createRapidResponseActivities } from './rapid-response';
import { createRectificationActivities } from './rectification';
import { createWorkflowStateActivities, withAttachedState } from './workflow-state';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** Where 532 escalations and notifications go; the log channel when absent. */
  notifier?: NotifierConfig;
  /** Overrides the configured channel (another transport, or a test double of the recipient). */
  notificationChannel?: NotifierChannel;
}

/** Every activity of the system, bound to its dependencies; registered on the worker. */
export function createActivities(deps: ActivityDeps) {
  // One channel for the 532 escalations and the inbox's notifications.
  const channel =
    deps.notificationChannel ??
    createNotifierChannel(deps.notifier ?? DEFAULT_NOTIFIER_CONFIG, (line, message) => log.warn(line, { notification: message }));
  return withAttachedState({
    ...createInspectionActivities(deps),
    ...createOnTheSpotActivities(deps),
    ...createRapidResponseActivities({ ...deps, escalationChannel: channel }),
    ...createNotificationActivities({ ...deps, notificationChannel: channel }),
    ...createPlanningActivities(deps),
    ...createCaseActivities(deps),
    ...createRectificationActivities(deps),
    ...createNormativeDocumentActivities(deps),
    ...createWorkflowStateActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
