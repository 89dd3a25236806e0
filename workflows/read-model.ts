/**
 * The database is the read model: every write of a workflow carries the workflow's state,
 * stored with it in the same transaction (db/workflow-state.ts), and every command
 * answers only once the workflow has settled — its lines parked waiting for people or time,
 * no write in flight, the last state stored. A read right after a command sees the command's
 * whole effect, and no read ever has to ask the engine.
 */
import { allHandlersFinished, condition, patched, setHandler } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { WorkflowStateActivities } from '../activities/workflow-state';
import { settledUpdate, type StateSnapshot } from '../contracts/read-model';
import { workflowActivities } from './common';

/** Activities whose names start with this write the workflow's rows (the naming rule of activities/). */
const WRITE_PREFIX = 'record';

const stateActivities = workflowActivities<WorkflowStateActivities>();

export interface ReadModel<A> {
  /** The workflow's activities: writes carry the state; every call counts as work in flight. */
  activities: A;
  /** A condition the workflow's lines wait on; the workflow is settled when no such wait can proceed. */
  waitFor(predicate: () => boolean, timeout?: Duration): Promise<boolean>;
  /** More activities of the workflow (another proxy, other timeouts), tracked the same way. */
  wrap<B extends object>(raw: B): B;
  /** Stores the state now if it changed since it was last stored (a step with no write of its own). */
  store(): Promise<void>;
  /** Work that is neither an activity nor a wait (a signal to another workflow). */
  busy<T>(work: Promise<T>): Promise<T>;
  /** An update handler's answer: given once the workflow has settled. */
  answer<T>(value: T): Promise<T>;
  /** The workflow's end: settled for good; waits for `until` (writes done) and every handler's answer. */
  finish(until?: () => boolean): Promise<void>;
}

/**
 * `snapshot` is the state as reads should see it. Runs started before the read model (no
 * marker in their history) keep answering as they did: their replay must not change.
 */
export function createReadModel<A extends object>(raw: A, snapshot: () => unknown): ReadModel<A> {
  const enabled = patched('read-model');
  let version = 0;
  let storedJson = '';
  let inFlight = 0;
  let finishing = false;
  const waiting: Array<() => boolean> = [];

  async function track<T>(work: Promise<T>): Promise<T> {
    inFlight++;
    try {
      return await work;
    } finally {
      inFlight--;
    }
  }

  const attach = (args: unknown[]): unknown[] => {
    if (!enabled || args.length === 0 || typeof args[0] !== 'object' || args[0] === null) return args;
    storedJson = JSON.stringify(snapshot());
    const stateSnapshot: StateSnapshot = { version: ++version, stateJson: storedJson };
    return [{ ...(args[0] as object), stateSnapshot }, ...args.slice(1)];
  };

  const wrap = <B extends object>(proxy: B): B =>
    new Proxy(proxy, {
      get(target, name) {
        const fn = (target as Record<string | symbol, unknown>)[name];
        if (typeof fn !== 'function') return fn;
        const writes = typeof name === 'string' && name.startsWith(WRITE_PREFIX);
        return (...args: unknown[]) => track(Promise.resolve(fn(...(writes ? attach(args) : args))));
      },
    }) as B;

  const settled = () => inFlight === 0 && (finishing || (waiting.length > 0 && !waiting.some((p) => p())));
  setHandler(settledUpdate, async () => {
    if (enabled) await condition(settled);
  });

  // A change made without a write of its own (rare: a step after its write) is stored before
  // a line parks or a handler answers.
  async function storeIfChanged(): Promise<void> {
    if (!enabled) return;
    const json = JSON.stringify(snapshot());
    if (json === storedJson) return;
    storedJson = json;
    await track(stateActivities.recordWorkflowState({ version: ++version, stateJson: json }));
  }

  return {
    activities: wrap(raw),
    wrap,
    store: storeIfChanged,
    async waitFor(predicate, timeout) {
      if (!predicate()) await storeIfChanged();
      waiting.push(predicate);
      try {
        return timeout === undefined ? (await condition(predicate), true) : await condition(predicate, timeout);
      } finally {
        waiting.splice(waiting.indexOf(predicate), 1);
      }
    },
    busy: track,
    async answer(value) {
      if (!enabled) return value;
      await storeIfChanged();
      await condition(settled);
      return value;
    },
    async finish(until = () => true) {
      await condition(until);
      await storeIfChanged();
      finishing = true;
      await condition(() => until() && allHandlersFinished());
    },
  };
}
