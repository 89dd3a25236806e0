/**
 * Small pieces every workflow here uses the same way.
 */
import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { findingResolvedSignal, inspectionWorkflowId, type FindingResolvedSignal } from '../contracts/inspection';

/** The idempotency key of one step's write: workflow id + step (unique in the database). */
export function stepKey(step: string): string {
  return `${workflowInfo().workflowId}:${step}`;
}

/**
 * Update handlers persist their own change; the main line waits until none is in flight
 * before it moves on, so the database never sees a later state before an earlier write.
 */
export function createWriteTracker() {
  let inFlight = 0;
  return {
    async persist(write: () => Promise<void>): Promise<void> {
      inFlight++;
      try {
        await write();
      } finally {
        inFlight--;
      }
    },
    idle: () => inFlight === 0,
  };
}

/**
 * Tells a visit that one of its findings has ended (rectified, case closed, escalated). A
 * signal to another workflow is delivered once; when the visit is no longer running (one
 * closed before findings were followed up) there is nobody to tell, and that is not an error.
 */
export async function notifyFindingResolved(inspectionId: string, resolution: FindingResolvedSignal): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(inspectionWorkflowId(inspectionId)).signal(findingResolvedSignal, resolution);
    return true;
  } catch {
    return false;
  }
}
