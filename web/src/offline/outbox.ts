/**
 * Sends what the inspector submitted, now or when the network returns. An entry is saved before
 * the first try, so closing the app or losing signal never drops it; every try carries the same
 * Idempotency-Key, so a resend after a lost answer is recorded once by the server.
 */
import { reactive } from 'vue';
import { api, apiError } from '../api/client';
import { session } from '../session';
import { allOutbox, saveOutbox, type OutboxEntry } from './store';

/** The entries the screens show, by `inspectionId:departmentCode`. */
export const outbox = reactive<{ entries: Record<string, OutboxEntry>; needsLogin: boolean }>({ entries: {}, needsLogin: false });

const keyOf = (e: Pick<OutboxEntry, 'inspectionId' | 'departmentCode'>) => `${e.inspectionId}:${e.departmentCode}`;

async function remember(entry: OutboxEntry) {
  await saveOutbox(entry);
  outbox.entries[keyOf(entry)] = { ...entry };
}

export async function loadOutboxEntries(): Promise<void> {
  for (const entry of await allOutbox()) outbox.entries[keyOf(entry)] = entry;
}

let onStale: () => Promise<unknown> = async () => undefined;

/** One try; the entry's state says what happened. Network errors keep it queued. */
async function send(entry: OutboxEntry): Promise<void> {
  await remember({ ...entry, state: 'SENDING' });
  try {
    const { response, error } = await api.PUT('/api/inspections/{id}/checks/{department}', {
      params: { path: { id: entry.inspectionId, department: entry.departmentCode } },
      headers: { 'Idempotency-Key': entry.idempotencyKey },
      body: { results: entry.results },
    });
    if (response.ok) {
      await remember({ ...entry, state: 'SUBMITTED', submittedAt: new Date().toISOString(), error: undefined });
      return;
    }
    if (response.status === 401 || response.status === 503 || response.status >= 500) {
      // Logged out meanwhile, or the engine is briefly away: keep it, try again later.
      if (response.status === 401) outbox.needsLogin = true;
      await remember({ ...entry, state: 'QUEUED' });
      return;
    }
    const refused = apiError(response.status, error);
    if (refused.code === 'CSRF_TOKEN_INVALID' || refused.code === 'PASSWORD_CHANGE_REQUIRED') {
      // The session's token is not known yet (an offline start) or the session must be renewed:
      // not a refusal of the results. Ask who we are again and keep them queued.
      await onStale();
      await remember({ ...entry, state: 'QUEUED' });
      return;
    }
    // A refusal the inspector must see (the visit was cancelled, the list changed, a result is invalid).
    await remember({ ...entry, state: 'REJECTED', error: { code: refused.code, message: refused.message, issues: refused.issues } });
  } catch {
    await remember({ ...entry, state: 'QUEUED' });
  }
}

/** Queues the department's results and tries to send them at once. */
export async function submitResults(entry: Omit<OutboxEntry, 'state' | 'queuedAt'>): Promise<void> {
  const queued: OutboxEntry = { ...entry, state: 'QUEUED', queuedAt: new Date().toISOString() };
  await remember(queued);
  if (navigator.onLine) await flush();
}

let flushing: Promise<void> | null = null;

const currentOfficer = () => session.me?.officer.id;

/** Sends every queued entry of `officerId`, one flush at a time (a second call waits for the running one). */
export function flush(officerId: string | undefined = currentOfficer()): Promise<void> {
  if (!officerId) {
    // Logged out (the session expired) while results wait: say so, they go after the next login.
    outbox.needsLogin = Object.values(outbox.entries).some((e) => e.state === 'QUEUED' || e.state === 'SENDING');
    return Promise.resolve();
  }
  flushing ??= (async () => {
    try {
      outbox.needsLogin = false;
      for (const entry of await allOutbox()) {
        if (entry.officerId === officerId && (entry.state === 'QUEUED' || entry.state === 'SENDING')) await send(entry);
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/** Flushes when the network returns, and now and then while something waits (a missed event). */
export function startOutbox(onReconnect: () => Promise<unknown>): void {
  onStale = onReconnect;
  window.addEventListener('online', () => {
    void onReconnect().then(() => flush());
  });
  setInterval(() => {
    if (navigator.onLine && Object.values(outbox.entries).some((e) => e.state === 'QUEUED')) void onReconnect().then(() => flush());
  }, 15_000);
}
