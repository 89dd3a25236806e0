/**
 * The read model's messages (workflows/read-model.ts): the state a workflow's write carries,
 * and the update that answers once the workflow has settled.
 */
import { defineUpdate } from '@temporalio/workflow';

/** Answers once the workflow has settled: a start followed by this update answers after the first writes. */
export const settledUpdate = defineUpdate<void>('settled');

export interface StateSnapshot {
  version: number;
  stateJson: string;
}
