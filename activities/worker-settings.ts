/** The worker's sizes, apart from the worker itself so that configuration can read them without loading the SDK. */

/** Workflow task slots (why so few: activities/worker.ts). */
export const WORKFLOW_TASK_SLOTS = 10;

/**
 * Workflows kept in the worker's memory between their tasks (WORKFLOW_CACHE_SIZE). Measured with
 * bench:532 (BENCHMARKS.md, "Worker memory against the workflow cache"): each cached workflow
 * holds ~0.3 MB: 10 000 open 532 events all cached took the worker to ~4 GB of RSS, a cache of
 * 500 kept it under 1 GiB (983 MB). A workflow not in the cache is replayed from its history
 * when its next task comes (a clock firing, a step): ~25 ms of worker CPU for a 532 event.
 */
export const DEFAULT_WORKFLOW_CACHE_SIZE = 500;
