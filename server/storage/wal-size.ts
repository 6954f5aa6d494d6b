import { statSync } from 'node:fs';
import type { Db } from './database.js';

/** Bytes in the database's write-ahead log file; 0 for an in-memory database or when the file is not there. */
export function walFileBytes(db: Db): number {
  if (db.memory) return 0;
  try {
    return statSync(`${db.name}-wal`).size;
  } catch {
    return 0;
  }
}
