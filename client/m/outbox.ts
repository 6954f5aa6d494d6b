import { useSyncExternalStore } from 'react';
import { sender } from './api.js';
import { drain, newItem, type JobKind, type QueueItem } from './queue.js';
import { indexedDbStore } from './queue-store.js';

/**
 * The app's one outbox: what waits (for the badge and the waiting list), sending with one pass at a time (a second
 * call joins the running one), on load, when the browser says the network is back, and every so often while items
 * wait (a phone's `online` event is not always told).
 */
const store = indexedDbStore();
const RETRY_EVERY_MS = 20_000;

export interface OutboxState {
  items: QueueItem[];
  sending: boolean;
}
let state: OutboxState = { items: [], sending: false };
const listeners = new Set<() => void>();
/** Told of every item the server took, with its answer (a resident's receipt). */
const sentListeners = new Set<(item: QueueItem, answer: unknown) => void>();

function set(next: Partial<OutboxState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

async function refresh(): Promise<void> {
  set({ items: (await store.all()).sort((a, b) => a.createdAt - b.createdAt) });
}

let beforeFlush: (() => Promise<void>) | null = null;
export function setBeforeFlush(hook: () => Promise<void>): void {
  beforeFlush = hook;
}

let running: Promise<void> | null = null;
export function flush(): Promise<void> {
  running ??= (async () => {
    set({ sending: true });
    try {
      // A fresh CSRF token for the reporter's writes (the page may have opened without network and never had one).
      if (state.items.some((i) => i.kind !== 'public' && i.refused === null)) await beforeFlush?.();
      const result = await drain(store, sender);
      for (const { item, answer } of result.sent) sentListeners.forEach((l) => l(item, answer));
    } finally {
      running = null;
      await refresh();
      set({ sending: false });
    }
  })();
  return running;
}

/** Keeps the item, then tries to send everything. Resolves to the item's answer if it went now, else null (waiting). */
export async function submit(kind: JobKind, body: Record<string, unknown>, photos: { slot: number; blob: Blob }[], label: string): Promise<unknown> {
  const item = newItem(kind, body, photos, label, Date.now());
  await store.put(item);
  await refresh();
  let answer: unknown = null;
  const catchIt = (it: QueueItem, a: unknown) => {
    if (it.key === item.key) answer = a;
  };
  sentListeners.add(catchIt);
  try {
    // One pass may be running already (it read the store before this item): then a second one sends it.
    await flush();
    if (answer === null && state.items.some((i) => i.key === item.key && i.refused === null)) await flush();
  } finally {
    sentListeners.delete(catchIt);
  }
  const refused = state.items.find((i) => i.key === item.key)?.refused;
  if (refused) {
    // Said at the form, where it can be mended: a refused copy in the outbox would only repeat it.
    await discard(item.key);
    throw new Error(refused);
  }
  return answer;
}

export async function discard(key: string): Promise<void> {
  await store.delete(key);
  await refresh();
}

export function onSent(listener: (item: QueueItem, answer: unknown) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

export function useOutbox(): OutboxState {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => state);
}

let started = false;
export function startOutbox(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void flush());
  setInterval(() => {
    if (state.items.some((i) => i.refused === null)) void flush();
  }, RETRY_EVERY_MS);
  void refresh().then(flush);
}
