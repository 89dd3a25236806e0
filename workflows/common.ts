/**
 * Small pieces every workflow here uses the same way.
 */
import { workflowInfo } from '@temporalio/workflow';

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
