/**
 * The stored side of the read model (workflows/read-model.ts): the state a workflow attached
 * to the running activity is held here for that activity's writes, and writeOnce stores it in
 * the write's own transaction, so a row and the state a read returns never disagree.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StateSnapshot } from '../contracts/read-model';
import type { Tx } from './client';

export interface PendingState extends StateSnapshot {
  workflowId: string;
}

const pending = new AsyncLocalStorage<PendingState>();

/** Runs `work` with `state` attached: its writes store the state with them. */
export function withPendingState<T>(state: PendingState, work: () => T): T {
  return pending.run(state, work);
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
