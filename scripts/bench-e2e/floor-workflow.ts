/**
 * bench:e2e's engine floor: a workflow with nothing of onevisit in it but the shape of a joint
 * inspection's history — the same updates, and in each the same number of activities awaited
 * before the update answers and started after it. What the app adds on top of this (the API,
 * its database reads and writes, the domain rules, the read model) is what the benchmark weighs.
 */
import { allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** One step of the history: activities the step awaits before it answers, and ones it leaves running. */
export interface FloorSegment {
  awaited: number;
  background: number;
}

export const floorStepUpdate = defineUpdate<number, []>('floorStep');

const { floorNoop } = proxyActivities<{ floorNoop(step: number): Promise<number> }>({
  startToCloseTimeout: '30 seconds',
});

/** segments[0] runs at start; segments[i] runs in the i-th update; the last update ends the workflow. */
export async function floorInspection(segments: FloorSegment[]): Promise<number> {
  const running: Promise<unknown>[] = [];
  let updatesStarted = 0;
  let updatesDone = 0;
  const runSegment = async (index: number) => {
    const segment = segments[index];
    for (let i = 0; i < segment.awaited; i++) await floorNoop(index);
    for (let i = 0; i < segment.background; i++) running.push(floorNoop(index));
  };
  setHandler(floorStepUpdate, async () => {
    const index = ++updatesStarted;
    await runSegment(index);
    updatesDone++;
    return index;
  });
  await runSegment(0);
  await condition(() => updatesDone === segments.length - 1);
  await Promise.all(running);
  await condition(allHandlersFinished);
  return updatesDone;
}
