/**
 * The stored side of the read model (workflows/read-model.ts): the state a workflow attached
 * to the running activity is held here for that activity's writes, and writeOnce stores it in
 * the write's own transaction, so a row and the state a read returns never disagree.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StateSnapshot } from '../contracts/read-model';
import type { RawSql } from './driver-sql';

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

/**
 * Stores a workflow's state unless a newer one is stored already. One statement (an upsert
 * whose update applies only to an older version, the same SQL on SQLite and PostgreSQL): two
 * writes of the same workflow in flight at once — PostgreSQL lets them overlap — cannot both
 * insert, nor store the older state last.
 */
export async function storeWorkflowState(tx: RawSql, state: PendingState): Promise<void> {
  const at = new Date();
  await tx.$executeRaw`
    INSERT INTO "WorkflowState" ("workflowId", "version", "stateJson", "updatedAt")
    VALUES (${state.workflowId}, ${state.version}, ${state.stateJson}, ${at})
    ON CONFLICT ("workflowId") DO UPDATE
      SET "version" = excluded."version", "stateJson" = excluded."stateJson", "updatedAt" = excluded."updatedAt"
      WHERE "WorkflowState"."version" < excluded."version"`;
}
