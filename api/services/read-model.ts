/**
 * The API's side of the read model (workflows/read-model.ts): a started workflow is answered
 * for once its first writes are in the database, and a workflow's state is read from the
 * database, never from the engine.
 */
import type { Client, WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { PrismaClient } from '../../db';
import { settledUpdate } from '../../contracts/read-model';

/** Starts a workflow and returns once it has settled: its rows exist, so its `Location` answers. */
export async function startSettled<T extends Workflow>(
  temporal: Client,
  workflowType: string,
  options: WorkflowStartOptions<T>,
): Promise<WorkflowHandle<T>> {
  const handle = await temporal.workflow.start<T>(workflowType, options);
  await handle.executeUpdate(settledUpdate);
  return handle;
}

/** The workflow's state as of its latest write, or null for a workflow that never stored one. */
export async function storedWorkflowState<S>(prisma: PrismaClient, workflowId: string): Promise<S | null> {
  const row = await prisma.workflowState.findUnique({ where: { workflowId }, select: { stateJson: true } });
  return row ? (JSON.parse(row.stateJson) as S) : null;
}
