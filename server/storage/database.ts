import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

/** Written into the SQLite header so a foreign database is recognised and never touched ("MOSH"). */
export const MOSHAO_APPLICATION_ID = 0x4d4f5348;
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A database that must not be used or overwritten; start-up stops with this message. */
export class DatabaseRefusedError extends Error {
  override name = 'DatabaseRefusedError';
}

/**
 * Opens (or creates) the database, refuses corrupt or foreign files, applies numbered migrations.
 * WAL with synchronous=NORMAL set explicitly: a fresh WAL file otherwise stays FULL, about 3x slower on writes.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') checkFileBeforeOpen(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new DatabaseRefusedError(`MOSHAO_DB ${path} cannot be opened (${(err as Error).message}); it was left untouched.`);
  }
  try {
    // Ownership first, with reads only: switching to WAL would already rewrite a foreign file's header.
    checkOwnership(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -16384');
    // No checkpoint inside a commit: after a replay's jump one took ~100 ms of the event loop. A worker thread does
    // them instead (checkpoint-worker.ts), and every open starts from a checkpointed file.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    db.close();
    if (err instanceof DatabaseRefusedError) throw err;
    throw new DatabaseRefusedError(
      `MOSHAO_DB ${path} cannot be read as a database (${(err as Error).message}); it was left untouched — move it away or point MOSHAO_DB elsewhere.`,
    );
  }
  migrate(db);
  // A killed process leaves its WAL behind; fold it in now, while nothing waits on the event loop.
  if (path !== ':memory:') foldWal(db);
  return db;
}

/** Folds the write-ahead log into the database file and empties it (blocks: only when nothing waits on the loop). */
export function foldWal(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

function checkFileBeforeOpen(path: string): void {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    return;
  }
  if (statSync(path).size === 0) return;
  const fd = openSync(path, 'r');
  const header = Buffer.alloc(16);
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw new DatabaseRefusedError(
      `MOSHAO_DB ${path} is not an SQLite database (corrupt or another kind of file); it was left untouched — move it away or point MOSHAO_DB elsewhere.`,
    );
  }
}

function checkOwnership(db: Db, path: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  if (appId === MOSHAO_APPLICATION_ID) return;
  if (appId === 0 && tables.n === 0) {
    db.pragma(`application_id = ${MOSHAO_APPLICATION_ID}`);
    return;
  }
  throw new DatabaseRefusedError(
    `MOSHAO_DB ${path} is an SQLite database of another application (application_id ${appId}, ${tables.n} tables); it was left untouched — point MOSHAO_DB elsewhere.`,
  );
}

/**
 * Applies migrations/NNN-*.sql above PRAGMA user_version, each in its own transaction. Foreign keys are off meanwhile
 * (SQLite's documented way to rebuild a table that others reference: with them on, dropping the old table would
 * fail or empty its children) and every one is checked before each migration commits, so none can leave a dangling
 * reference behind.
 */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.*\.sql$/.test(f))
    .sort();
  const pending = files.filter((f) => Number(f.slice(0, 3)) > current);
  if (pending.length === 0) return;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  // Only outside a transaction does this pragma take effect.
  db.pragma('foreign_keys = OFF');
  try {
    for (const file of pending) {
      const version = Number(file.slice(0, 3));
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0) {
          throw new Error(`migration ${file} leaves ${broken.length} rows of ${broken[0].table} without their ${broken[0].parent}`);
        }
        db.pragma(`user_version = ${version}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

