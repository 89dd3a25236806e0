import type { PrismaClient } from './db';
import { createInspectionActivities } from './inspection';

export interface ActivityDeps {
  prisma: PrismaClient;
}

/** Every activity of the system, bound to its dependencies; registered on the worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createInspectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
