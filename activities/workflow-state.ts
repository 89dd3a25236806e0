/**
 * The activity side of the read model (workflows/read-model.ts): a workflow's write arrives
 * with its state attached; the state is stored by writeOnce in the write's own transaction,
 * so the row and the state a read returns can never disagree, and a retry stores nothing twice.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Context } from '@temporalio/activity';
import type { StateSnapshot } from '../workflows/read-model';
import type { PrismaClient, Tx } from './db';

interface PendingState extends StateSnapshot {
  workflowId: string;
}

const pending = new AsyncLocalStorage<PendingState>();

function currentWorkflowId(): string {
  const id = Context.current().info.workflowExecution?.workflowId;
  if (!id) throw new Error('workflow state attached to an activity that no workflow runs');
  return id;
}

/** The state that came with the running activity, if any (read by writeOnce). */
export function attachedState(): PendingState | undefined {
  return pending.getStore();
}

/** Stores a workflow's state unless a newer one is stored already. */
export async function storeWorkflowState(tx: Tx, state: PendingState): Promise<void> {
  const at = new Date();
  const stored = await tx.workflowState.findUnique({ where: { workflowId: state.workflowId }, select: { version: true } });
  if (!stored) {
    await tx.workflowState.create({ data: { workflowId: state.workflowId, version: state.version, stateJson: state.stateJson, updatedAt: at } });
  } else if (stored.version < state.version) {
    await tx.workflowState.update({
      where: { workflowId: state.workflowId },
      data: { version: state.version, stateJson: state.stateJson, updatedAt: at },
    });
  }
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
      return pending.run({ ...stateSnapshot, workflowId }, () => (fn as (...a: unknown[]) => unknown)(rest, ...args.slice(1)));
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
