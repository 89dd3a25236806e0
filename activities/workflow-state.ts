/**
 * The activity side of the read model (workflows/read-model.ts): a workflow's write arrives
 * with its state attached; the state is stored by writeOnce in the write's own transaction
 * (db/workflow-state.ts), so a retry stores nothing twice.
 */
import { Context } from '@temporalio/activity';
import type { StateSnapshot } from '../contracts/read-model';
import { storeWorkflowState, withPendingState, type PrismaClient } from '../db';

function currentWorkflowId(): string {
  const id = Context.current().info.workflowExecution?.workflowId;
  if (!id) throw new Error('workflow state attached to an activity that no workflow runs');
  return id;
}

/**
 * Wraps every activity: the state the workflow attached to its first argument is taken off
 * (the activity sees the argument it declares) and held for the activity's writes.
 */
export function withAttachedState<T extends Record<string, (...args: never[]) => unknown>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = (...args: unknown[]) => {
      const first = args[0] as { stateSnapshot?: StateSnapshot } | undefined;
      if (!first || typeof first !== 'object' || !first.stateSnapshot) return (fn as (...a: unknown[]) => unknown)(...args);
      const { stateSnapshot, ...rest } = first;
      const workflowId = currentWorkflowId();
      return withPendingState({ ...stateSnapshot, workflowId }, () => (fn as (...a: unknown[]) => unknown)(rest, ...args.slice(1)));
    };
  }
  return wrapped as T;
}

export function createWorkflowStateActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** A state change with no write of its own, stored before the workflow parks. */
    async recordWorkflowState(snapshot: StateSnapshot): Promise<void> {
      const workflowId = currentWorkflowId();
      await prisma.$transaction((tx) => storeWorkflowState(tx, { ...snapshot, workflowId }));
    },
  };
}

export type WorkflowStateActivities = ReturnType<typeof createWorkflowStateActivities>;
