/**
 * Sends what the inspector submitted — results, then photos — now or when the network returns.
 * An entry is saved before the first try, so closing the app or losing signal never drops it;
 * every try carries the same Idempotency-Key, so a resend after a lost answer is recorded once
 * by the server. One flush sends both: a visit's queued results go before its photos, since a
 * photo is evidence of a result the server must hold first.
 */
import { reactive } from 'vue';
import { api, apiError, type Schemas } from '../api/client';
import { session } from '../session';
import { allOutbox, allPhotos, deletePhoto, saveOutbox, savePhoto, type OutboxEntry, type QueuedPhoto } from './store';

/** The entries the screens show, by `inspectionId:departmentCode`. */
export const outbox = reactive<{ entries: Record<string, OutboxEntry>; needsLogin: boolean }>({ entries: {}, needsLogin: false });

const keyOf = (e: Pick<OutboxEntry, 'inspectionId' | 'departmentCode'>) => `${e.inspectionId}:${e.departmentCode}`;

async function remember(entry: OutboxEntry) {
  await saveOutbox(entry);
  outbox.entries[keyOf(entry)] = { ...entry };
}

export async function loadOutboxEntries(): Promise<void> {
  for (const entry of await allOutbox()) outbox.entries[keyOf(entry)] = entry;
  for (const photo of await allPhotos()) photoOutbox.waiting[photo.idempotencyKey] = photo;
}

let onStale: () => Promise<unknown> = async () => undefined;

/**
 * What a failed answer means for a queued entry: try again later (logged out, the engine briefly
 * away, the session's token not known yet) or a refusal the inspector must see.
 */
async function judge(response: Response, error: unknown): Promise<ReturnType<typeof apiError> | 'RETRY'> {
  if (response.status === 401 || response.status === 503 || response.status >= 500) {
    if (response.status === 401) outbox.needsLogin = true;
    return 'RETRY';
  }
  const refused = apiError(response.status, error);
  if (refused.code === 'CSRF_TOKEN_INVALID' || refused.code === 'PASSWORD_CHANGE_REQUIRED') {
    // The session's token is not known yet (an offline start) or the session must be renewed:
    // not a refusal of what was sent. Ask who we are again and keep it queued.
    await onStale();
    return 'RETRY';
  }
  return refused;
}

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
    const refused = await judge(response, error);
    if (refused === 'RETRY') await remember({ ...entry, state: 'QUEUED' });
    // A refusal the inspector must see (the visit was cancelled, the list changed, a result is invalid).
    else await remember({ ...entry, state: 'REJECTED', error: { code: refused.code, message: refused.message, issues: refused.issues } });
  } catch {
    await remember({ ...entry, state: 'QUEUED' });
  }
}

/**
 * The photos waiting on the phone, by Idempotency-Key, and those sent since the app opened with
 * the evidence the API stored (the screens show its thumbnail and flags).
 */
export const photoOutbox = reactive<{ waiting: Record<string, QueuedPhoto>; sent: Record<string, Schemas['Evidence']> }>({ waiting: {}, sent: {} });

async function rememberPhoto(photo: QueuedPhoto) {
  await savePhoto(photo);
  photoOutbox.waiting[photo.idempotencyKey] = { ...photo };
}

/** One try of one photo; sent, it leaves the phone (the API holds it). */
async function sendPhoto(photo: QueuedPhoto): Promise<void> {
  await rememberPhoto({ ...photo, state: 'SENDING' });
  // No site: the API compares the photo with the business's registered place, else with the
  // position the team's check-in recorded (from whichever phone checked in).
  const form = new FormData();
  form.append('file', photo.file, photo.name);
  try {
    const { data, error, response } = await api.POST('/api/inspections/{id}/checks/{department}/items/{itemCode}/evidence', {
      params: { path: { id: photo.inspectionId, department: photo.departmentCode, itemCode: photo.itemCode } },
      headers: { 'Idempotency-Key': photo.idempotencyKey },
      // multipart/form-data: the browser writes the boundary.
      body: form as never,
      bodySerializer: (body) => body as unknown as FormData,
    });
    if (data) {
      photoOutbox.sent[photo.idempotencyKey] = data;
      await deletePhoto(photo.idempotencyKey);
      delete photoOutbox.waiting[photo.idempotencyKey];
      return;
    }
    const refused = await judge(response, error);
    if (refused === 'RETRY') await rememberPhoto({ ...photo, state: 'QUEUED' });
    // The visit was cancelled, the item is no longer listed, the file was refused: shown on the photo.
    else await rememberPhoto({ ...photo, state: 'REJECTED', error: { code: refused.code, message: refused.message } });
  } catch {
    await rememberPhoto({ ...photo, state: 'QUEUED' });
  }
}

/** Keeps a photo just taken on the phone and tries to send it at once. */
export async function queuePhoto(photo: Omit<QueuedPhoto, 'state' | 'takenAt'>): Promise<void> {
  await rememberPhoto({ ...photo, state: 'QUEUED', takenAt: new Date().toISOString() });
  if (navigator.onLine) await flush();
}

/** The inspector discards a photo the server refused (nothing else is ever removed unsent). */
export async function discardPhoto(idempotencyKey: string): Promise<void> {
  await deletePhoto(idempotencyKey);
  delete photoOutbox.waiting[idempotencyKey];
}

/** Queues the department's results and tries to send them at once. */
export async function submitResults(entry: Omit<OutboxEntry, 'state' | 'queuedAt'>): Promise<void> {
  const queued: OutboxEntry = { ...entry, state: 'QUEUED', queuedAt: new Date().toISOString() };
  await remember(queued);
  if (navigator.onLine) await flush();
}

let flushing: Promise<void> | null = null;
let again = false;

const currentOfficer = () => session.me?.officer.id;

/** Sends every queued entry of `officerId`, one flush at a time (a second call waits for the running one). */
export function flush(officerId: string | undefined = currentOfficer()): Promise<void> {
  if (!officerId) {
    // Logged out (the session expired) while results wait: say so, they go after the next login.
    outbox.needsLogin = [...Object.values(outbox.entries), ...Object.values(photoOutbox.waiting)].some((e) => e.state === 'QUEUED' || e.state === 'SENDING');
    return Promise.resolve();
  }
  if (flushing) {
    // Something was queued during this flush (a photo just taken): one more pass sends it.
    again = true;
    return flushing;
  }
  flushing = (async () => {
    try {
      do {
        again = false;
        outbox.needsLogin = false;
        for (const entry of await allOutbox()) {
          if (entry.officerId === officerId && (entry.state === 'QUEUED' || entry.state === 'SENDING')) await send(entry);
        }
        // Then the photos, except those of a visit whose results still wait: they go after them.
        for (const photo of await allPhotos()) {
          const results = outbox.entries[keyOf(photo)];
          if (results?.state === 'QUEUED' || results?.state === 'SENDING') continue;
          if (photo.officerId === officerId && (photo.state === 'QUEUED' || photo.state === 'SENDING')) await sendPhoto(photo);
        }
      } while (again);
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
    const waiting = [...Object.values(outbox.entries), ...Object.values(photoOutbox.waiting)].some((e) => e.state === 'QUEUED');
    if (navigator.onLine && waiting) void onReconnect().then(() => flush());
  }, 15_000);
}
