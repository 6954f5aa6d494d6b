/**
 * The phone's outbox. Every report, public report and round is written here first and sent from here, so a phone
 * without network loses nothing: the item waits (in IndexedDB, queue-store.ts) and goes when the network returns.
 * Exactly once: the Idempotency-Key is made once, when the item is created, and every attempt sends it; the photos
 * are uploaded one by one and their media ids kept in the item before the report is sent, so a resent report has the
 * same body (the server answers a repeated key and body with the first ticket, and refuses a changed body).
 * Pure over two ports: where the items are kept and how they are sent.
 */

export type JobKind = 'ticket' | 'public' | 'rounds';

export interface QueuedPhoto {
  /** Where the photo's media id goes: -1 the report's own `photos`, i >= 0 the `photos` of rounds item i. */
  slot: number;
  blob: Blob;
  /** The media id once uploaded: kept, so a retry never uploads it again or sends another id. */
  mediaId: string | null;
}

export interface QueueItem {
  key: string;
  kind: JobKind;
  body: Record<string, unknown>;
  photos: QueuedPhoto[];
  /** What the waiting list shows (the category's name, 民情记录本 and its date). */
  label: string;
  createdAt: number;
  attempts: number;
  /** The server refused it (a 4xx other than a wait): it stays, with the reason, until the reporter discards it. */
  refused: string | null;
}

export interface QueueStore {
  all(): Promise<QueueItem[]>;
  put(item: QueueItem): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface QueueSender {
  upload(blob: Blob, kind: JobKind): Promise<string>;
  send(kind: JobKind, body: Record<string, unknown>, key: string): Promise<unknown>;
}

/** An Idempotency-Key: 128 random bits. getRandomValues, not randomUUID: a phone on plain http has only the former. */
export function newKey(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return 'm-' + Array.from(random(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function newItem(kind: JobKind, body: Record<string, unknown>, photos: { slot: number; blob: Blob }[], label: string, now: number, key = newKey()): QueueItem {
  return { key, kind, body, photos: photos.map((p) => ({ ...p, mediaId: null })), label, createdAt: now, attempts: 0, refused: null };
}

/** The body to send: the uploaded photos' ids put where each belongs. Needs every photo uploaded. */
export function bodyWithPhotos(item: QueueItem): Record<string, unknown> {
  const ids = (slot: number) => item.photos.filter((p) => p.slot === slot).map((p) => p.mediaId!);
  if (item.photos.some((p) => p.mediaId === null)) throw new Error(`item ${item.key} has photos not yet uploaded`);
  if (item.kind !== 'rounds') return ids(-1).length ? { ...item.body, photos: ids(-1) } : item.body;
  const items = (item.body.items as Record<string, unknown>[]).map((it, i) => (ids(i).length ? { ...it, photos: ids(i) } : it));
  return { ...item.body, items };
}

/**
 * What a failure means: `wait` (no network, a timeout, the server busy or down, the session gone: try again later,
 * unchanged) or `refused` (the server read it and said no: sending it again would get the same answer).
 */
export function failureKind(err: unknown): 'wait' | 'refused' {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') return 'wait';
  return status >= 400 && status < 500 && ![401, 408, 429].includes(status) ? 'refused' : 'wait';
}

export interface DrainResult {
  sent: { item: QueueItem; answer: unknown }[];
  /** Still waiting after this pass (network gone, server busy), refused ones not counted. */
  waiting: number;
}

/**
 * Sends what waits, oldest first, stopping at the first `wait` (the network is gone: the rest would fail too). A
 * refused item is kept with its reason and skipped.
 */
export async function drain(store: QueueStore, sender: QueueSender): Promise<DrainResult> {
  const items = (await store.all()).sort((a, b) => a.createdAt - b.createdAt);
  const sent: DrainResult['sent'] = [];
  let stopped = false;
  for (const item of items) {
    if (item.refused !== null || stopped) continue;
    try {
      for (const photo of item.photos) {
        if (photo.mediaId !== null) continue;
        photo.mediaId = await sender.upload(photo.blob, item.kind);
        await store.put(item);
      }
      const answer = await sender.send(item.kind, bodyWithPhotos(item), item.key);
      await store.delete(item.key);
      sent.push({ item, answer });
    } catch (err) {
      item.attempts += 1;
      if (failureKind(err) === 'refused') item.refused = err instanceof Error ? err.message : String(err);
      else stopped = true;
      await store.put(item);
    }
  }
  const left = await store.all();
  return { sent, waiting: left.filter((i) => i.refused === null).length };
}

/** An in-memory store: what the tests use, and where IndexedDB is missing (a private window that refuses it). */
export function memoryStore(): QueueStore {
  const items = new Map<string, QueueItem>();
  return {
    all: async () => [...items.values()].map((i) => ({ ...i, photos: i.photos.map((p) => ({ ...p })) })),
    put: async (item) => void items.set(item.key, { ...item, photos: item.photos.map((p) => ({ ...p })) }),
    delete: async (key) => void items.delete(key),
  };
}
