import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database.js';

/** moshao-2026-12-02T03-15-00-123Z.db: UTC, sortable by name, never a name another tool would use. */
const BACKUP_NAME = /^moshao-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db(\.partial)?$/;
/** The copy is written under this suffix and renamed when complete: a file without it is always a whole backup. */
const PARTIAL = '.partial';

export function backupFileName(at: Date): string {
  return `moshao-${at.toISOString().replace(/[:.]/g, '-')}.db`;
}

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
}

/**
 * Writes a consistent copy of the open database to `dest` with SQLite's online backup, while writes go on.
 * `wholeFile` copies every page in one step (one read snapshot): needed when the writes come from another connection
 * (the backup command beside a running server), whose every commit would otherwise restart a page-by-page copy. The
 * server's own periodic backup goes page by page so the event loop keeps serving; its own writes are copied along.
 */
export async function writeBackup(db: Db, dest: string, opts: { wholeFile?: boolean } = {}): Promise<BackupResult> {
  const started = Date.now();
  const partial = dest + PARTIAL;
  rmSync(partial, { force: true });
  try {
    // better-sqlite3 copies 100 pages per step by default; the progress callback's answer is the next step's size.
    await db.backup(partial, { progress: () => (opts.wholeFile ? 0x7fffffff : 100) });
    // The copy inherits WAL mode from its source; as a rollback-journal file it is one self-contained file to move
    // around and to open read-only (the server switches it back to WAL when it starts from it).
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, dest);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { path: dest, bytes: statSync(dest).size, ms: Date.now() - started };
}

/** Opens a written copy read-only and checks it: SQLite's integrity_check answer ('ok' when sound) and its tickets. */
export function checkBackup(path: string): { integrity: string; tickets: number } {
  const copy = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: String(copy.pragma('integrity_check', { simple: true })),
      tickets: copy.prepare('SELECT count(*) FROM tickets').pluck().get() as number,
    };
  } finally {
    copy.close();
  }
}

/** Deletes the oldest backups (and copies left half-written by a crash) beyond the newest `keep`; other files stay. */
export function pruneBackups(dir: string, keep: number): string[] {
  const ours = readdirSync(dir).filter((f) => BACKUP_NAME.test(f)).sort();
  const partials = ours.filter((f) => f.endsWith(PARTIAL));
  const whole = ours.filter((f) => !f.endsWith(PARTIAL));
  const doomed = [...partials, ...whole.slice(0, Math.max(0, whole.length - keep))];
  for (const f of doomed) rmSync(join(dir, f), { force: true });
  return doomed;
}

export interface BackupSchedule {
  dir: string;
  intervalMs: number;
  keep: number;
}

/**
 * Takes a timestamped backup into `dir` every interval and prunes to `keep`. A failure (full disk, missing rights) is
 * logged and the next interval tries again: a backup must never take the server down. stop() waits for a running copy.
 */
export function startBackupTimer(db: Db, schedule: BackupSchedule, log: (line: string) => void, now: () => Date = () => new Date()) {
  let running: Promise<void> | null = null;
  const takeOne = async () => {
    const dest = join(schedule.dir, backupFileName(now()));
    try {
      mkdirSync(schedule.dir, { recursive: true });
      const r = await writeBackup(db, dest);
      const pruned = pruneBackups(schedule.dir, schedule.keep);
      log(`backup written: ${r.path} (${(r.bytes / 1e6).toFixed(1)} MB in ${r.ms} ms${pruned.length ? `, ${pruned.length} old removed` : ''})`);
    } catch (err) {
      log(`backup failed (${dest}): ${(err as Error).message}; the server keeps running and tries again at the next interval`);
    }
  };
  const timer = setInterval(() => {
    // A copy slower than the interval is not started twice.
    if (running || !db.open) return;
    running = takeOne().finally(() => {
      running = null;
    });
  }, schedule.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
