/**
 * The audit history as a hash chain: the one writer of AuditEvent, and its verifier.
 *
 * Chain granularity: ONE chain for the county (one deployment serves one county), ordered by
 * `seq` = 1, 2, 3, … Each event stores `prevHash` (the hash of event seq - 1; GENESIS for the
 * first) and `hash` = SHA-256 of its canonical content with seq and prevHash. A single chain
 * means a deleted event is a gap in one dense sequence and the head row (AuditChainHead) names
 * the last event, so even a deletion at the end is seen; chains per subject would need a chain
 * of heads to notice a whole subject's history disappearing.
 *
 * Concurrency: appending updates the head row in the writer's transaction; the row lock
 * serialises appenders (SQLite runs one write transaction at a time anyway). So that on
 * PostgreSQL the lock is held for the append only, writeOnce claims its event (insert, no
 * chain fields) first — which keeps its idempotency-key race where it was — and seals it
 * (takes seq, links it, updates the head) as the last statements before commit.
 *
 * Canonical content: a JSON object with sorted keys of text and integer fields only; `at` as
 * an ISO string with milliseconds (both databases keep milliseconds) and the payload as the
 * stored text, so the hash is the same on SQLite and PostgreSQL.
 *
 * Nothing else may write AuditEvent (a lint rule enforces it: eslint.config.mjs).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, Tx } from './client';
import { isDriverSql, type RawSql } from './driver-sql';

/** What an audit event says: who, what, about which subject, when. */
export interface AuditEntry {
  /** Who did it (null for the system's own steps, e.g. a timer). */
  actor?: { officerId: string; name: string } | null;
  action: string;
  subjectType: string;
  subjectId: string;
  at: Date;
  payload?: unknown;
}

/** An entry with the idempotency key of the write it records (unique when given). */
export interface AuditRecord extends AuditEntry {
  idempotencyKey?: string;
}

export const CHAIN_ID = 'county';
export const GENESIS_HASH = '0'.repeat(64);

/** The fields the hash covers, as stored. */
export interface ChainedContent {
  id: string;
  idempotencyKey: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  at: Date;
  payloadJson: string;
  seq: number;
  prevHash: string;
}

/** JSON with object keys sorted at every level: one text for one value, whichever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditEventHash(event: ChainedContent): string {
  const content = {
    v: 1,
    id: event.id,
    idempotencyKey: event.idempotencyKey,
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    at: event.at.toISOString(),
    payloadJson: event.payloadJson,
    seq: event.seq,
    prevHash: event.prevHash,
  };
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

type Unchained = Omit<ChainedContent, 'seq' | 'prevHash'>;

function contentOf(record: AuditRecord): Unchained {
  return {
    id: randomUUID(),
    idempotencyKey: record.idempotencyKey ?? null,
    actorId: record.actor?.officerId ?? null,
    actorName: record.actor?.name ?? null,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    // Milliseconds are what both databases keep; the hash is of what is stored.
    at: new Date(record.at.getTime()),
    payloadJson: JSON.stringify(record.payload ?? {}),
  };
}

/**
 * Takes the next `count` places of the chain in one statement: the UPDATE locks the head row
 * (held to commit) and RETURNING reads it (SQLite ≥ 3.35 and PostgreSQL alike). Returns the seq
 * before and the hash of the last event. A database without a head gets its chain started
 * first, in a Prisma transaction (`startChain`); on the driver's own transaction the head was
 * made before (writeOnceInSql: startAuditChain).
 */
async function reserve(
  tx: RawSql,
  count: number,
  startChain: (() => Promise<unknown>) | null,
): Promise<{ lastSeq: number; lastHash: string }> {
  const [head] = await tx.$queryRaw<{ seq: number | bigint; hash: string }[]>`
    UPDATE "AuditChainHead" SET "seq" = "seq" + ${count} WHERE "id" = ${CHAIN_ID} RETURNING "seq", "hash"`;
  if (!head) {
    if (!startChain) throw new Error('The audit chain head is missing: run npm run audit:verify');
    await startChain();
    return reserve(tx, count, null);
  }
  return { lastSeq: Number(head.seq) - count, lastHash: head.hash };
}

/**
 * The chain's start on a database that has none yet: a fresh install, or an upgrade whose
 * events predate the chain — those are chained once, in order of time (then id). A missing
 * head with chained events is not an upgrade but a removed head: refused.
 */
async function startChainIn(tx: Tx, pendingIds: string[] = []): Promise<number> {
  const chained = await tx.auditEvent.count({ where: { seq: { not: null } } });
  if (chained > 0) throw new Error('The audit chain head is missing while chained events exist: run npm run audit:verify');
  const legacy = await tx.auditEvent.findMany({
    where: { seq: null, id: { notIn: pendingIds } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (const row of legacy) {
    seq += 1;
    const hash = auditEventHash({ ...row, seq, prevHash });
    await tx.auditEvent.update({ where: { id: row.id }, data: { seq, prevHash, hash } });
    prevHash = hash;
  }
  await tx.auditChainHead.create({ data: { id: CHAIN_ID, seq, hash: prevHash, updatedAt: new Date() } });
  return legacy.length;
}

/**
 * Starts the chain if the database has none (chaining the events written before it). Run by the
 * migration step on every start, so an upgraded install is chained before anyone writes.
 * Returns the number of earlier events chained (0 when the chain exists).
 */
export async function startAuditChain(prisma: PrismaClient): Promise<number> {
  const head = await prisma.auditChainHead.findUnique({ where: { id: CHAIN_ID }, select: { id: true } });
  if (head) return 0;
  return prisma.$transaction((tx) => startChainIn(tx), { timeout: 600_000, maxWait: 60_000 });
}

const isClient = (db: PrismaClient | Tx): db is PrismaClient => typeof (db as PrismaClient).$transaction === 'function';
const isPrismaTx = (db: RawSql): db is Tx => !isDriverSql(db);

const CHUNK = 500;

async function appendIn(tx: Tx, records: AuditRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  const contents = records.map(contentOf);
  const { lastSeq, lastHash } = await reserve(tx, contents.length, () => startChainIn(tx));
  let prevHash = lastHash;
  const rows: Prisma.AuditEventCreateManyInput[] = contents.map((content, i) => {
    const seq = lastSeq + i + 1;
    const hash = auditEventHash({ ...content, seq, prevHash });
    const row = { ...content, seq, prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += CHUNK) await tx.auditEvent.createMany({ data: rows.slice(i, i + CHUNK) });
  await tx.auditChainHead.update({ where: { id: CHAIN_ID }, data: { hash: prevHash, updatedAt: new Date() } });
  return contents.map((c) => c.id);
}

/**
 * Writes audit events, chained, in the caller's transaction (or in one of their own when given
 * the client). The only way an AuditEvent is written, besides claim/seal of writeOnce below.
 * Call it as the transaction's last write: from here to commit the chain's head is locked.
 */
export async function appendAudit(db: PrismaClient | Tx, records: AuditRecord | AuditRecord[]): Promise<string[]> {
  const list = Array.isArray(records) ? records : [records];
  if (isClient(db)) return db.$transaction((tx) => appendIn(tx, list));
  return appendIn(db, list);
}

/** An event written but not yet linked into the chain (between claimAudit and sealAudit). */
export interface PendingAudit {
  content: Unchained;
}

/**
 * Writes the event without its place in the chain, claiming its idempotency key: writeOnce
 * does this first thing in its transaction. One statement that also tells whether the key was
 * free: null when an event with this key is written already (on PostgreSQL a claim racing an
 * uncommitted one waits for it, then finds it). sealAudit must follow in the same transaction.
 * Raw SQL, the same on both databases: the frame of every recorded step, so it skips the
 * query compiler (see BENCHMARKS.md, "End to end").
 */
export async function claimAudit(tx: RawSql, record: AuditRecord & { idempotencyKey: string }): Promise<PendingAudit | null> {
  const c = contentOf(record);
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "AuditEvent" ("id", "idempotencyKey", "actorId", "actorName", "action", "subjectType", "subjectId", "at", "payloadJson")
    VALUES (${c.id}, ${c.idempotencyKey}, ${c.actorId}, ${c.actorName}, ${c.action}, ${c.subjectType}, ${c.subjectId}, ${c.at}, ${c.payloadJson})
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING "id"`;
  return claimed.length === 1 ? { content: c } : null;
}

/**
 * Links a claimed event into the chain: the last statements of its transaction, so the head is
 * locked briefly. In a Prisma transaction a missing head is made (the chain started); on the
 * driver's own it is an error.
 */
export async function sealAudit(tx: RawSql, pending: PendingAudit): Promise<void> {
  const startChain = isPrismaTx(tx) ? () => startChainIn(tx, [pending.content.id]) : null;
  const { lastSeq, lastHash } = await reserve(tx, 1, startChain);
  const seq = lastSeq + 1;
  const hash = auditEventHash({ ...pending.content, seq, prevHash: lastHash });
  await tx.$executeRaw`UPDATE "AuditEvent" SET "seq" = ${seq}, "prevHash" = ${lastHash}, "hash" = ${hash} WHERE "id" = ${pending.content.id}`;
  await tx.$executeRaw`UPDATE "AuditChainHead" SET "hash" = ${hash}, "updatedAt" = ${new Date()} WHERE "id" = ${CHAIN_ID}`;
}

// ---- Verification --------------------------------------------------------------------------

/**
 * What is wrong at one place of the chain, and what it suggests: HASH_MISMATCH (the event was
 * edited), GAP (events deleted before it), LINK_MISMATCH (it does not follow its predecessor:
 * inserted, or the predecessor edited and re-hashed), UNCHAINED (a row the app did not write),
 * BEYOND_HEAD (a row after the recorded head), TRUNCATED (events deleted at the end),
 * HEAD_MISMATCH / HEAD_MISSING (the head row changed or removed).
 */
export type ChainBreakKind = 'HASH_MISMATCH' | 'GAP' | 'LINK_MISMATCH' | 'UNCHAINED' | 'BEYOND_HEAD' | 'TRUNCATED' | 'HEAD_MISMATCH' | 'HEAD_MISSING';

export interface ChainBreak {
  kind: ChainBreakKind;
  suspected: 'EDITED' | 'DELETED' | 'INSERTED';
  /** The event where the break shows (null when it is not a row: a missing head, a cut end). */
  eventId: string | null;
  seq: number | null;
  /** 1-based place of the event in the chain as read (by seq); null for an unchained row. */
  position: number | null;
  /** For a gap or a cut end: the seqs no longer there. */
  missing?: { from: number; to: number };
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Chained events read. */
  events: number;
  head: { seq: number; hash: string } | null;
  firstBroken: ChainBreak | null;
  /** Every break found, the first 100. */
  breaks: ChainBreak[];
  checkedAt: string;
}

const MAX_BREAKS = 100;
const PAGE = 2000;

/**
 * Reads the whole chain in order of seq and names every break; the first is the one to look at
 * (each later event may only be broken because of it). Events appended while it runs are read
 * too: the head is read after the scan, and the scan continues up to it.
 */
export async function verifyAuditChain(prisma: PrismaClient, options: { pageSize?: number; now?: Date } = {}): Promise<ChainReport> {
  const pageSize = options.pageSize ?? PAGE;
  const breaks: ChainBreak[] = [];
  const note = (b: ChainBreak) => {
    if (breaks.length < MAX_BREAKS) breaks.push(b);
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let position = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  const readThrough = async (untilSeq?: number) => {
    for (;;) {
      const rows = await prisma.auditEvent.findMany({
        where: { seq: untilSeq === undefined ? { gt: lastSeq } : { gt: lastSeq, lte: untilSeq } },
        orderBy: { seq: 'asc' },
        take: pageSize,
      });
      for (const row of rows) {
        const seq = row.seq!;
        position += 1;
        const at = { eventId: row.id, seq, position };
        if (seq !== expectedSeq) {
          note({
            kind: 'GAP',
            suspected: 'DELETED',
            ...at,
            missing: { from: expectedSeq, to: seq - 1 },
            message: `审计链在第 ${seq} 号事件之前断开：第 ${expectedSeq}${seq - 1 > expectedSeq ? `—${seq - 1}` : ''} 号事件缺失（被删除）`,
          });
        } else if (row.prevHash !== prevHash) {
          note({ kind: 'LINK_MISMATCH', suspected: 'INSERTED', ...at, message: `第 ${seq} 号事件与前一事件的链接不符：该事件为插入，或前一事件被改动后重算` });
        }
        const computed = auditEventHash({ ...row, seq, prevHash: row.prevHash ?? '' });
        if (row.hash !== computed) {
          note({ kind: 'HASH_MISMATCH', suspected: 'EDITED', ...at, message: `第 ${seq} 号事件的内容与其哈希不符：该事件被改动` });
        }
        expectedSeq = seq + 1;
        // The next event must link to this one as stored: an edit shows once, where it was made.
        prevHash = row.hash ?? '';
        lastSeq = seq;
        lastHash = row.hash ?? '';
      }
      if (rows.length < pageSize) return;
    }
  };
  await readThrough();
  let head = await prisma.auditChainHead.findUnique({ where: { id: CHAIN_ID } });
  if (head && head.seq > lastSeq) {
    // Appended while the scan ran: read up to the head as it now stands.
    await readThrough(head.seq);
    head = await prisma.auditChainHead.findUnique({ where: { id: CHAIN_ID } });
  }
  const events = position;
  if (!head) {
    if (events > 0) note({ kind: 'HEAD_MISSING', suspected: 'DELETED', eventId: null, seq: null, position: null, message: '审计链的链头记录缺失（被删除）' });
  } else if (head.seq > lastSeq) {
    note({
      kind: 'TRUNCATED',
      suspected: 'DELETED',
      eventId: null,
      seq: lastSeq + 1,
      position: events + 1,
      missing: { from: lastSeq + 1, to: head.seq },
      message: `审计链末尾的第 ${lastSeq + 1}${head.seq > lastSeq + 1 ? `—${head.seq}` : ''} 号事件缺失（被删除）`,
    });
  } else if (head.seq < lastSeq) {
    const beyond = await prisma.auditEvent.findFirst({ where: { seq: { gt: head.seq } }, orderBy: { seq: 'asc' } });
    if (beyond) {
      const place = events - (lastSeq - beyond.seq!);
      note({ kind: 'BEYOND_HEAD', suspected: 'INSERTED', eventId: beyond.id, seq: beyond.seq, position: place, message: `第 ${beyond.seq} 号事件在链头（第 ${head.seq} 号）之后：该事件为插入` });
    }
  } else if (head.hash !== lastHash) {
    note({ kind: 'HEAD_MISMATCH', suspected: 'EDITED', eventId: null, seq: head.seq, position: null, message: '链头记录的哈希与最后一个事件不符：链头或最后一个事件被改动' });
  }
  const unchained = await prisma.auditEvent.findMany({ where: { seq: null }, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: MAX_BREAKS });
  for (const row of unchained) {
    note({ kind: 'UNCHAINED', suspected: 'INSERTED', eventId: row.id, seq: null, position: null, message: `事件 ${row.id} 不在审计链上：该事件不是由本系统写入的（被插入）` });
  }
  return {
    ok: breaks.length === 0,
    events,
    head: head ? { seq: head.seq, hash: head.hash } : null,
    firstBroken: breaks[0] ?? null,
    breaks,
    checkedAt: (options.now ?? new Date()).toISOString(),
  };
}
