/**
 * A workflow step as the database records it: the step's business rows and its one audit
 * event, at most once per key (workflow id + step), over writeOnce. Every `record*` activity
 * writes this way, so the audit record of a step is written once, one way.
 */
import type { PrismaClient, Tx } from './client';
import type { AuditEntry } from './audit-chain';
import { writeOnce } from './write-once';

export interface StepRecord {
  /** The idempotency key: workflow id + step. */
  key: string;
  audit: AuditEntry;
  /** The step's business rows, in the audit event's transaction (none for a step that only is recorded). */
  write?: (tx: Tx) => Promise<unknown>;
}

/** Writes the step once; true when this call did the write (false: a retry found it written). */
export function recordStep(prisma: PrismaClient, step: StepRecord): Promise<boolean> {
  const { write } = step;
  return writeOnce(prisma, step.key, step.audit, async (tx) => {
    if (write) await write(tx);
  });
}

/** One step of a subject: its key, the audit fields but the subject's type, and its rows. */
export type SubjectStep = Omit<AuditEntry, 'subjectType'> & Omit<StepRecord, 'audit'>;

/** The fields of a step besides its key, subject and time. */
export type StepEntry = Omit<SubjectStep, 'key' | 'subjectId' | 'at'>;

/**
 * The steps of one kind of subject (a visit, a case, an order, a plan, an event): their audit
 * events share its type. `record.at(input, subjectId, at, entry)` is the usual step, its key
 * taken from the activity's input.
 */
export function stepRecorder(prisma: PrismaClient, subjectType: string) {
  const record = ({ key, write, ...audit }: SubjectStep): Promise<boolean> => recordStep(prisma, { key, audit: { ...audit, subjectType }, write });
  return Object.assign(record, {
    at: (input: { key: string }, subjectId: string, at: Date, entry: StepEntry) => record({ key: input.key, subjectId, at, ...entry }),
  });
}
