import { openDB, type IDBPDatabase } from 'idb';
import { memoryStore, type QueueItem, type QueueStore } from './queue.js';

/**
 * The outbox kept in IndexedDB: items with their photos as Blobs survive a closed tab, a reboot and days without
 * network. One object store keyed by the Idempotency-Key.
 */
const DB = 'moshao-m';
const STORE = 'outbox';

let opened: Promise<IDBPDatabase> | null = null;
const db = () => (opened ??= openDB(DB, 1, { upgrade: (d) => void d.createObjectStore(STORE, { keyPath: 'key' }) }));

export function indexedDbStore(): QueueStore {
  if (typeof indexedDB === 'undefined') return memoryStore();
  return {
    all: async () => (await (await db()).getAll(STORE)) as QueueItem[],
    put: async (item) => void (await (await db()).put(STORE, item)),
    delete: async (key) => void (await (await db()).delete(STORE, key)),
  };
}
