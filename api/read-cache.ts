/**
 * Reads answered from memory while the database has not changed underneath them. The change
 * counter is SQLite's own (`PRAGMA data_version` on a read-only side connection: it moves
 * whenever any other connection, in any process, commits), so a cached answer is exactly as
 * current as a fresh one; a per-inspection stamp keeps one inspection's detail cached while
 * other inspections change. Without a SQLite file (another database) nothing is cached.
 */
import Database from 'better-sqlite3';
import { sqliteInspectionList, type InspectionListFilter, type InspectionListPage } from '../db/inspection-list';

interface Entry {
  stamp: string;
  /** When its computation started: the data is at least this new. */
  at: number;
  value: Promise<unknown>;
  /** A recount ahead of expiry is under way. */
  refreshing?: boolean;
}

const MAX_ENTRIES = 2_000;

export interface ReadCache {
  /**
   * The cached value of `key` if the database (or, given, the subject's `stamp`) has not
   * changed since it was computed, or if it is younger than `maxAgeMs`; computed once for
   * all callers otherwise. Past half of `maxAgeMs` a changed value is recounted in the
   * background while the cached one is still answered, so under steady writes no reader
   * waits for a recount (the year's figures take tens of ms) and none gets one older than
   * `maxAgeMs`.
   */
  memo<T>(key: string, compute: () => Promise<T>, options?: { stamp?: string | null; maxAgeMs?: number }): Promise<T>;
  /** What changes whenever anything shown in an inspection's detail does: its workflow's writes, its history, its business. */
  inspectionStamp(inspectionId: string, workflowId: string): string | null;
  /**
   * The inspection list from prepared statements on the side connection (db/inspection-list.ts),
   * off Prisma's per-query compile and prepare; null without a SQLite file (the caller asks Prisma).
   */
  inspectionList(filter: InspectionListFilter): InspectionListPage | null;
  /** The township of an inspection's business, 'missing' for no such inspection; null when it cannot tell (the caller asks Prisma). */
  inspectionTownship(inspectionId: string): { townshipId: string | null } | 'missing' | null;
  /** The codes of the departments taking part in an inspection, 'missing' for no such inspection; null when it cannot tell. */
  inspectionDepartments(inspectionId: string): string[] | 'missing' | null;
  /** Whether a token is still usable (not revoked, its officer active) — null when it cannot tell. */
  tokenUsable(tokenHash: string): boolean | null;
  close(): void;
}

export function createReadCache(databaseUrl?: string, options: { now?: () => number } = {}): ReadCache {
  const clock = options.now ?? Date.now;
  const file = databaseUrl?.startsWith('file:') ? databaseUrl.slice('file:'.length) : null;
  const db = file ? new Database(file, { readonly: true, fileMustExist: true }) : null;
  const entries = new Map<string, Entry>();
  const stampStatement = db?.prepare(
    `SELECT (SELECT version FROM WorkflowState WHERE workflowId = ?) AS version,
            (SELECT COUNT(*) FROM AuditEvent WHERE subjectType = 'JointInspection' AND subjectId = @id) AS events,
            (SELECT quote(t.name) || quote(t.creditCode) || quote(t.address) || quote(t.village) || quote(t.scenarioCode)
                    || quote(t.riskClass) || quote(t.doNotDisturb) || quote(t."key") || quote(t.latitude) || quote(t.longitude)
               FROM Target t JOIN JointInspection i ON i.targetId = t.id WHERE i.id = @id) AS target`,
  );
  const tokenStatement = db?.prepare(
    'SELECT t.revokedAt IS NULL AND o.active AS usable FROM ApiToken t JOIN Officer o ON o.id = t.officerId WHERE t.tokenHash = ?',
  );
  const townshipStatement = db?.prepare('SELECT t.townshipId FROM JointInspection i JOIN Target t ON t.id = i.targetId WHERE i.id = ?');
  // The inspection row joined in, so an inspection without checks is told from no inspection.
  const departmentsStatement = db
    ?.prepare(
      `SELECT json_group_array(d.code) FILTER (WHERE d.code IS NOT NULL) FROM JointInspection i
         LEFT JOIN DepartmentCheck c ON c.inspectionId = i.id LEFT JOIN Department d ON d.id = c.departmentId
        WHERE i.id = ? GROUP BY i.id`,
    )
    .pluck();
  const inspectionList = db ? sqliteInspectionList(db) : null;
  const store = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  };
  const dataVersion = () => (db ? String(db.pragma('data_version', { simple: true })) : null);

  return {
    memo<T>(key: string, compute: () => Promise<T>, options: { stamp?: string | null; maxAgeMs?: number } = {}) {
      const stamp = options.stamp === undefined ? dataVersion() : options.stamp;
      const now = clock();
      const maxAgeMs = options.maxAgeMs ?? 0;
      const entry = entries.get(key);
      if (entry && stamp !== null && entry.stamp === stamp) return entry.value as Promise<T>;
      if (entry && stamp !== null && now - entry.at < maxAgeMs) {
        if (now - entry.at >= maxAgeMs / 2 && !entry.refreshing) {
          entry.refreshing = true;
          const value = compute();
          // Replaces the entry once counted (unless something newer took its place); a failed recount leaves it to expire.
          value.then(
            () => {
              if (entries.get(key) === entry) store(key, { stamp, at: now, value });
            },
            () => {
              entry.refreshing = false;
            },
          );
        }
        return entry.value as Promise<T>;
      }
      const value = compute();
      if (stamp === null) return value;
      store(key, { stamp, at: now, value });
      // A failed computation is not remembered.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    inspectionStamp(inspectionId, workflowId) {
      if (!stampStatement) return null;
      const row = stampStatement.get(workflowId, { id: inspectionId }) as { version: number | null; events: number; target: string | null };
      return row.version === null ? null : `${row.version}:${row.events}:${row.target}`;
    },
    inspectionList(filter) {
      return inspectionList ? inspectionList(filter) : null;
    },
    inspectionTownship(inspectionId) {
      if (!townshipStatement) return null;
      return (townshipStatement.get(inspectionId) as { townshipId: string | null } | undefined) ?? 'missing';
    },
    inspectionDepartments(inspectionId) {
      if (!departmentsStatement) return null;
      const codes = departmentsStatement.get(inspectionId) as string | undefined;
      return codes === undefined ? 'missing' : (JSON.parse(codes) as string[]);
    },
    tokenUsable(tokenHash) {
      if (!tokenStatement) return null;
      const row = tokenStatement.get(tokenHash) as { usable: number } | undefined;
      return row?.usable === 1;
    },
    close() {
      db?.close();
    },
  };
}
