/**
 * A workflow step as the database records it: the step's business rows and its one audit
 * event, at most once per key (workflow id + step), over writeOnce. Every `record*` activity
 * writes this way, so the audit record of a step is written once, one way.
 */
import type { NotificationDraft } from '../domain/notifications';
import type { PrismaClient, Tx } from './client';
import { writeNotifications } from './notifications';
import type { AuditEntry } from './audit-chain';
import type { RawSql } from './driver-sql';
import { writeOnce, writeOnceInSql } from './write-once';

export interface StepRecord {
  /** The idempotency key: workflow id + step. */
  key: string;
  audit: AuditEntry;
  /** The step's business rows, in the audit event's transaction (none for a step that only is recorded). */
  write?: (tx: Tx) => Promise<unknown>;
  /**
   * The step's rows when raw statements are all it takes: without `write` and `notify`, the
   * step is written on the driver's own transaction (writeOnceInSql), past Prisma's pipeline.
   */
  sql?: (sql: RawSql) => Promise<unknown>;
  /**
   * Who must hear of this step (domain/notifications.ts): one inbox row per responsible officer,
   * written in the step's transaction with key `<step key>:<kind>:<officer>`, so a retried step
   * neither doubles nor loses one. The workflow then delivers them (workflows/notify.ts).
   */
  notify?: readonly NotificationDraft[];
}

/** Writes the step once; true when this call did the write (false: a retry found it written). */
export function recordStep(prisma: PrismaClient, step: StepRecord): Promise<boolean> {
  const { write, sql, notify } = step;
  if (!write && !(notify && notify.length > 0)) {
    return writeOnceInSql(prisma, step.key, step.audit, async (tx) => {
      if (sql) await sql(tx);
    });
  }
  return writeOnce(prisma, step.key, step.audit, async (tx) => {
    if (sql) await sql(tx);
    if (write) await write(tx);
    if (notify && notify.length > 0) await writeNotifications(tx, step.key, notify, step.audit.at);
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
  const record = ({ key, write, sql, notify, ...audit }: SubjectStep): Promise<boolean> =>
    recordStep(prisma, { key, audit: { ...audit, subjectType }, write, sql, notify });
  return Object.assign(record, {
    at: (input: { key: string }, subjectId: string, at: Date, entry: StepEntry) => record({ key: input.key, subjectId, at, ...entry }),
  });
}
