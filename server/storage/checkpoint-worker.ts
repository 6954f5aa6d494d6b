import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

/**
 * The worker's whole program: its own connection to the same file, a PASSIVE checkpoint whenever asked. In WAL mode a
 * checkpoint runs beside the server's reads and writes, so the server's event loop never waits for one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
});
`;

/** Checkpoints the WAL every `intervalMs` from a worker thread; returns a function that stops it (await it before closing). */
export function startCheckpointWorker(db: Db, intervalMs: number, log: (line: string) => void): () => Promise<void> {
  if (db.memory) return async () => {};
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: db.name } });
  worker.on('message', (message: string) => log(`checkpoint failed: ${message}; the WAL grows until the next one succeeds`));
  worker.on('error', (err) => log(`checkpoint worker stopped: ${err.message}`));
  worker.unref();
  const timer = setInterval(() => worker.postMessage('tick'), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Held while it closes: an unreferenced worker would let a process that waits only for it exit mid-await.
    worker.ref();
    worker.postMessage('close');
    await exited;
  };
}
