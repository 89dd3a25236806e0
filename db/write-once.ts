/**
 * The one way a business write is made: the rows, their audit event and the idempotency key
 * in one transaction (and the workflow's state when its write carries it).
 */
import type { PrismaClient, Tx } from './client';
import { claimAudit, sealAudit, startAuditChain, type AuditEntry } from './audit-chain';
import { inDriverTransaction, type RawSql } from './driver-sql';
import { attachedState, storeWorkflowState } from './workflow-state';

/**
 * Runs `write` and its audit row in one transaction, at most once per idempotency key.
 * A retried activity finds its key already written and does nothing; of two attempts racing
 * on the same key, the one that claims it second writes nothing.
 * The workflow's state, when its write carries it (workflows/read-model.ts), is stored in
 * the same transaction. Returns true when this call did the write.
 */
export async function writeOnce(
  prisma: PrismaClient,
  idempotencyKey: string,
  audit: AuditEntry,
  write: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return prisma.$transaction((tx) => framed(tx, idempotencyKey, audit, () => write(tx)));
}

const chained = new WeakSet<PrismaClient>();

/**
 * writeOnce for a write made of raw statements only: the same frame and guarantees, on the
 * driver's own transaction (db/driver-sql.ts), past Prisma's query pipeline. Every step of a
 * joint inspection's lifecycle is written this way.
 */
export async function writeOnceInSql(
  prisma: PrismaClient,
  idempotencyKey: string,
  audit: AuditEntry,
  write: (sql: RawSql) => Promise<void>,
): Promise<boolean> {
  // The chain's head is made once per database (migrations do it on start); the driver's
  // transaction only appends to it.
  if (!chained.has(prisma)) {
    await startAuditChain(prisma);
    chained.add(prisma);
  }
  return inDriverTransaction(prisma, (sql) => framed(sql, idempotencyKey, audit, () => write(sql)));
}

async function framed(tx: RawSql, idempotencyKey: string, audit: AuditEntry, write: () => Promise<void>): Promise<boolean> {
  // The key is claimed before anything else is written, and the claim says whether it was
  // free. SQLite runs one write transaction at a time; PostgreSQL (read committed) runs both
  // attempts, and the second one's claim waits on the key's unique index until the first
  // commits, then finds the key taken and writes nothing (or, if the first rolled back, goes on).
  const pending = await claimAudit(tx, { ...audit, idempotencyKey });
  if (!pending) return false;
  await write();
  const state = attachedState();
  if (state) await storeWorkflowState(tx, state);
  // Linked into the audit chain last: the chain's head stays locked only for this.
  await sealAudit(tx, pending);
  return true;
}
