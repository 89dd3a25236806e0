/**
 * The workflows' toolkit: how activities are called, how a refusal is thrown, the workflow
 * clock, how a step's write is tracked, and how a human step (an Update) is registered with
 * its validator. Every workflow here uses these the same way, so none repeats the skeleton.
 */
import {
  ApplicationFailure,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { RuleCode, RuleViolation } from '../domain/rules';
import { findingResolvedSignal, inspectionWorkflowId, type FindingResolvedSignal } from '../contracts/inspection';
import { startOfChinaDate } from '../domain/dates';

// ---------------------------------------------------------------------------------------------
// Activity options: one place for timeouts and retries.

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

export const ACTIVITY_OPTIONS = {
  /** Database writes and lookups of every workflow. */
  standard: { startToCloseTimeout: '30 seconds', retry: RETRY },
  /** Planning: a draw or a merge reads and writes a whole plan. */
  planning: { startToCloseTimeout: '2 minutes', retry: RETRY },
  /**
   * A notification that cannot be delivered must not hold its workflow open forever: after
   * about ten minutes of retries the failure comes back to the workflow, which records it.
   */
  notification: {
    startToCloseTimeout: '30 seconds',
    retry: { ...RETRY, maximumInterval: '2 minutes', maximumAttempts: 8 },
  },
} satisfies Record<string, ActivityOptions>;

/** The activities of a workflow, called with one of the options above. */
export function workflowActivities<A>(options: ActivityOptions = ACTIVITY_OPTIONS.standard) {
  return proxyActivities<A>(options);
}

// ---------------------------------------------------------------------------------------------
// Refusals: a stable type (the rule code the API maps to its error), never retried.

export function reject(code: RuleCode, message: string, violations: RuleViolation[] = []): never {
  throw ApplicationFailure.create({ type: code, message, details: [violations], nonRetryable: true });
}

/** Refuses with `code` when a domain rule reported violations; their messages make the message. */
export function rejectIf(code: RuleCode, violations: RuleViolation[]): void {
  if (violations.length > 0) reject(code, violations.map((v) => v.message).join('；'), violations);
}

// ---------------------------------------------------------------------------------------------
// The workflow clock: deterministic (Date in workflow code is the task's time).

export const DAY_MS = 86_400_000;

export function nowIso(): string {
  return new Date().toISOString();
}

/** The instant a China date has passed (00:00 China time the next day): a deadline day is on time. */
export function dayPassedAt(date: string): number {
  return startOfChinaDate(date) + DAY_MS;
}

/** Milliseconds from now until `instant` (epoch ms or ISO string); zero or less once it is past. */
export function msUntil(instant: number | string): number {
  return (typeof instant === 'string' ? Date.parse(instant) : instant) - Date.now();
}

// ---------------------------------------------------------------------------------------------
// Writes of a step.

/** The idempotency key of one step's write: workflow id + step (unique in the database). */
export function stepKey(step: string): string {
  return `${workflowInfo().workflowId}:${step}`;
}

export interface WriteTracker {
  /** Runs one step's write; the workflow's main line can wait until none is in flight. */
  persist(write: () => Promise<void>): Promise<void>;
  idle(): boolean;
  /** With `inOrder`: resolves once every write handed over so far has ended. */
  drained(): Promise<unknown>;
}

/**
 * Update handlers persist their own change; the main line waits until none is in flight
 * before it moves on, so the database never sees a later state before an earlier write.
 * `inOrder` (the 532 event): writes run one after another in the order the handlers ran,
 * starting once `inOrder.after` (the subject's own row) is written.
 */
export function createWriteTracker(options: { inOrder?: { after: Promise<unknown> } } = {}): WriteTracker {
  let inFlight = 0;
  if (options.inOrder) {
    let chain: Promise<unknown> = options.inOrder.after;
    return {
      persist(write) {
        inFlight++;
        const next = chain.then(write);
        chain = next.catch(() => undefined);
        // Counted beside the chain, not in it: the chain's turns stay as they always were.
        const done = () => {
          inFlight--;
        };
        void next.then(done, done);
        return next;
      },
      idle: () => inFlight === 0,
      drained: () => chain,
    };
  }
  return {
    async persist(write) {
      inFlight++;
      try {
        await write();
      } finally {
        inFlight--;
      }
    },
    idle: () => inFlight === 0,
    drained: () => Promise.resolve(),
  };
}

// ---------------------------------------------------------------------------------------------
// Human steps: Updates whose validator is the only gate on the workflow's state.

/** A condition the workflow's state must meet for the update; refused with `code` otherwise. */
export interface StateGate {
  when: () => boolean;
  /** INVALID_STATE unless said. */
  code?: RuleCode;
  message: string | (() => string);
}

export interface GuardedUpdateOptions<Req, W> {
  /** Checked first, in order: the states that admit the update. */
  allowed?: StateGate | StateGate[];
  /** The request's own checks, once the state admits it. */
  validate?: (request: Req) => void;
  /**
   * Changes the state (`at` is the handler's start) and returns what `persist` writes, or
   * nothing when the step writes for itself or not at all.
   */
  apply: (request: Req, at: string) => W | undefined | Promise<W | undefined>;
  /** The step's write, through the workflow's write tracker. */
  persist?: (write: W) => Promise<void>;
  /** Runs the whole handler under this (the plan's one update at a time). */
  serial?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Checks the gates again when the handler starts: the state may have moved while it waited for `serial`. */
  recheck?: boolean;
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/**
 * Binds the toolkit to one workflow: its write tracker and its answer (the state, given once
 * the workflow has settled — workflows/read-model.ts). The handler of an update changes the
 * state, persists the step, answers; the validator gates it before anything enters history.
 */
export function createGuardedUpdates<S>(context: { writes?: WriteTracker; answer: () => Promise<S> }) {
  return function guardedUpdate<Req, W = never>(def: UpdateDefinition<S, [Req]>, options: GuardedUpdateOptions<Req, W>): void {
    const gates = options.allowed === undefined ? [] : Array.isArray(options.allowed) ? options.allowed : [options.allowed];
    const checkGates = () => {
      for (const gate of gates) {
        if (!gate.when()) reject(gate.code ?? 'INVALID_STATE', typeof gate.message === 'string' ? gate.message : gate.message());
      }
    };
    const validator = (request: Req): void => {
      checkGates();
      options.validate?.(request);
    };
    const handle = async (request: Req): Promise<S> => {
      const at = nowIso();
      if (options.recheck) checkGates();
      // A synchronous change writes in the same turn as the handler started, as it always has.
      const applied = options.apply(request, at);
      const write = isPromiseLike(applied) ? await applied : applied;
      if (write !== undefined && options.persist) {
        const { persist } = options;
        if (!context.writes) throw new Error(`update ${def.name} persists without a write tracker`);
        await context.writes.persist(() => persist(write));
      }
      return context.answer();
    };
    const { serial } = options;
    setHandler(def, serial ? (request: Req) => serial(() => handle(request)) : handle, { validator });
  };
}

// ---------------------------------------------------------------------------------------------

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
