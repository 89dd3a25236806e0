/**
 * The one way a business write is made: the rows, their audit event and the idempotency key
 * in one transaction (and the workflow's state when its write carries it).
 */
import { Prisma, type PrismaClient, type Tx } from './client';
import { claimAudit, sealAudit, type AuditEntry } from './audit-chain';
import { attachedState, storeWorkflowState } from './workflow-state';

function isUniqueViolationOn(error: unknown, field: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  const target = (error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } })
    ?? {};
  const fields = [
    ...(Array.isArray(target.target) ? target.target : [String(target.target ?? '')]),
    ...(target.driverAdapterError?.cause?.constraint?.fields ?? []),
  ];
  return fields.some((f) => String(f).includes(field)) || String(error.message).includes(field);
}

/**
 * Runs `write` and its audit row in one transaction, at most once per idempotency key.
 * A retried activity finds its key already written and does nothing; two attempts racing
 * on the same key are settled by the unique constraint, and the loser's writes roll back.
 * The workflow's state, when its write carries it (workflows/read-model.ts), is stored in
 * the same transaction. Returns true when this call did the write.
 */
export async function writeOnce(
  prisma: PrismaClient,
  idempotencyKey: string,
  audit: AuditEntry,
  write: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.auditEvent.findUnique({ where: { idempotencyKey }, select: { id: true } });
      if (existing) return false;
      // The key is claimed before anything else is written. SQLite runs one write transaction
      // at a time; PostgreSQL (read committed) runs both attempts, and a second attempt that
      // had read "not written yet" would then fail on the first one's changes (a status moved,
      // a row taken) instead of finding its key. Claimed first, the second attempt waits on the
      // key's unique index until the first commits, then fails on it and returns false below.
      const pending = await claimAudit(tx, { ...audit, idempotencyKey });
      await write(tx);
      const state = attachedState();
      if (state) await storeWorkflowState(tx, state);
      // Linked into the audit chain last: the chain's head stays locked only for this.
      await sealAudit(tx, pending);
      return true;
    });
  } catch (error) {
    if (isUniqueViolationOn(error, 'idempotencyKey')) return false;
    throw error;
  }
}
