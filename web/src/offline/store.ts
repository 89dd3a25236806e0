/**
 * The day's work kept on the phone (IndexedDB through idb-keyval): each visit the inspector
 * opened with its checklist, what they entered so far, and the submissions and photos waiting
 * for a network. Nothing here is deleted until the server has answered it (or the inspector
 * discards a photo the server refused).
 */
import { del, get, set, update } from 'idb-keyval';
import type { CheckResult, DepartmentTask } from '../api/client';

/** What the inspector entered for one item (kept as typed, before it becomes a CheckResult). */
export interface ItemEntry {
  outcome: CheckResult['outcome'] | '';
  measuredValue: string;
  note: string;
  proposedAction: 'RECTIFY' | 'PENALTY' | '';
}

export type Draft = Record<string, ItemEntry>;

export type OutboxState = 'QUEUED' | 'SENDING' | 'SUBMITTED' | 'REJECTED';

/** One department's results for one visit, on their way to PUT /api/inspections/:id/checks/:department. */
export interface OutboxEntry {
  /** Who entered them: only that officer's session sends them (a shared phone never mixes people). */
  officerId: string;
  inspectionId: string;
  departmentCode: string;
  results: CheckResult[];
  /** Chosen when the inspector tapped 提交: every resend carries it, so the server records one submission. */
  idempotencyKey: string;
  queuedAt: string;
  state: OutboxState;
  submittedAt?: string;
  /** The server's refusal, shown to the inspector (the entry stays until they change it). */
  error?: { code: string; message: string; issues?: { path?: string; message: string }[] };
}

const visitKey = (id: string) => `visit:${id}`;
const draftKey = (id: string) => `draft:${id}`;
const outboxKey = (id: string, department: string) => `outbox:${id}:${department}`;

/** A visit of the worklist with its department, as the checklist needs it offline. */
export type StoredVisit = DepartmentTask & { department: { code: string; name: string } };

export const saveVisit = (visit: StoredVisit) => set(visitKey(visit.inspectionId), JSON.parse(JSON.stringify(visit)) as StoredVisit);
export const loadVisit = (id: string) => get<StoredVisit>(visitKey(id));
export const saveDraft = (id: string, draft: Draft) => set(draftKey(id), JSON.parse(JSON.stringify(draft)) as Draft);
export const loadDraft = (id: string) => get<Draft>(draftKey(id));
export const saveWorklist = (department: string, tasks: DepartmentTask[]) => set(`worklist:${department}`, tasks);
export const loadWorklist = (department: string) => get<DepartmentTask[]>(`worklist:${department}`);

export async function saveOutbox(entry: OutboxEntry): Promise<void> {
  await set(outboxKey(entry.inspectionId, entry.departmentCode), entry);
  const index = (await get<string[]>('outbox')) ?? [];
  const key = outboxKey(entry.inspectionId, entry.departmentCode);
  if (!index.includes(key)) await set('outbox', [...index, key]);
}

export const loadOutbox = (id: string, department: string) => get<OutboxEntry>(outboxKey(id, department));

export async function allOutbox(): Promise<OutboxEntry[]> {
  const index = (await get<string[]>('outbox')) ?? [];
  const entries = await Promise.all(index.map((key) => get<OutboxEntry>(key)));
  return entries.filter((e): e is OutboxEntry => !!e);
}

export type PhotoState = 'QUEUED' | 'SENDING' | 'REJECTED';

/** A photo of a check result on its way to POST …/items/:itemCode/evidence, the file itself kept (a Blob). */
export interface QueuedPhoto {
  /** Chosen when the photo was taken: every try carries it, so the server stores the photo once. */
  idempotencyKey: string;
  officerId: string;
  inspectionId: string;
  departmentCode: string;
  itemCode: string;
  file: Blob;
  name: string;
  takenAt: string;
  state: PhotoState;
  /** The server's refusal, shown on the photo until the inspector discards it. */
  error?: { code: string; message: string };
}

const photoKey = (key: string) => `photo:${key}`;

export async function savePhoto(photo: QueuedPhoto): Promise<void> {
  await set(photoKey(photo.idempotencyKey), photo);
  // update() reads and writes the index in one transaction: two photos taken at once both stay listed.
  await update<string[]>('photos', (index = []) => (index.includes(photo.idempotencyKey) ? index : [...index, photo.idempotencyKey]));
}

export async function deletePhoto(idempotencyKey: string): Promise<void> {
  await update<string[]>('photos', (index = []) => index.filter((k) => k !== idempotencyKey));
  await del(photoKey(idempotencyKey));
}

export async function allPhotos(): Promise<QueuedPhoto[]> {
  const index = (await get<string[]>('photos')) ?? [];
  const photos = await Promise.all(index.map((key) => get<QueuedPhoto>(photoKey(key))));
  return photos.filter((p): p is QueuedPhoto => !!p);
}

/** A key nobody else will choose: random, also where crypto.randomUUID is missing (plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `app-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
