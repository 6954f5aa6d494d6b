import type { LiveSnapshot, LiveState } from '../domain/live-state.js';
import type { Db } from './database.js';
import { toCounted, type TicketRepository } from './ticket-repository.js';

const KEY = 'saved_aggregates';
const FORMAT = 2;
const TRIGGERS = ['ticket_changes_update', 'ticket_changes_delete', 'ticket_changes_insert'];
/**
 * Past this many rows written since the checkpoint, counting them one by one into their four scopes costs about as
 * much as counting every ticket into its cell: the start counts everything instead.
 */
const MAX_REPLAYED_ROWS = 100_000;

/**
 * A checkpoint: the aggregates as they stood when it was written, what they count, and where the rows written since
 * begin. `countedThrough`: the tickets counted are those reported by then (the demo's replay counts a ticket when it
 * reaches its report time, which may lag the aggregates' clock); null: every row.
 */
interface Saved {
  format: typeof FORMAT;
  /** The highest ticket id when it was written: rows above it are new; rows up to it record their first change. */
  maxId: number;
  /** PRAGMA user_version: a migration since may have rewritten rows past the triggers. */
  schema: number;
  countedThrough: number | null;
  state: LiveSnapshot;
}

export interface RestoreOutcome {
  restored: boolean;
  /** Rows counted again (changed since the checkpoint, new, or crossing a report time), or why nothing was taken back. */
  detail: string;
}

const COUNTED = `id, grid_id, status, tier, category, channel, urgent, reported_at, accepted_at, closed_at, response_due_at,
  close_due_at, rating, reworks`;

function readSaved(db: Db): Saved | string {
  const raw = (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined) ?? '';
  if (!raw) return 'no checkpoint';
  let saved: Saved;
  try {
    saved = JSON.parse(raw) as Saved;
  } catch {
    return 'an unreadable checkpoint';
  }
  if (saved?.format !== FORMAT || !saved.state) return 'a checkpoint of another format';
  if (saved.schema !== db.pragma('user_version', { simple: true })) return 'a checkpoint from before a migration';
  const watched = db.prepare('SELECT max_id FROM aggregate_checkpoint WHERE only = 1').pluck().get() as number | undefined;
  const triggers = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?))")
    .pluck().get(JSON.stringify(TRIGGERS)) as number;
  if (watched !== saved.maxId || triggers !== TRIGGERS.length) return 'a checkpoint whose change record was altered';
  return saved;
}

/**
 * Takes the last checkpoint back and brings it to `now` with only the rows written since, exactly what counting every
 * ticket reported by `now` gives (server/storage/saved-aggregates.test.ts). A checkpoint that cannot be trusted (none,
 * another format or schema, its change record tampered with, other scopes, too many rows since) leaves `live` as it
 * was: the caller counts everything.
 *
 * The rows that differ from what the checkpoint counted: those changed since (ticket_changes holds each one's counted
 * fields at the checkpoint), those above its highest id, those whose report time lies between what it counted and
 * `now`, and the open ones a deadline between the two instants moved.
 */
export function restoreAggregates(db: Db, tickets: TicketRepository, live: LiveState, now: number): RestoreOutcome {
  const saved = readSaved(db);
  if (typeof saved === 'string') return { restored: false, detail: saved };
  const replayed = (db.prepare('SELECT (SELECT count(*) FROM ticket_changes) + (SELECT count(*) FROM tickets WHERE id > ?)')
    .pluck().get(saved.maxId) as number);
  if (replayed > MAX_REPLAYED_ROWS) return { restored: false, detail: `${replayed} rows written since the checkpoint` };

  const through = saved.countedThrough ?? Number.POSITIVE_INFINITY;
  const before = (db.prepare('SELECT ticket_id, grid_id, status, tier, category, channel, urgent, reported_at, accepted_at, closed_at, response_due_at, close_due_at, rating, reworks FROM ticket_changes WHERE existed = 1')
    .raw(true).all() as unknown[][]).map(toCounted);
  const changed = new Set<number>(db.prepare('SELECT ticket_id FROM ticket_changes').pluck().all() as number[]);
  const current = [
    ...(db.prepare(`SELECT ${COUNTED} FROM tickets WHERE id IN (SELECT ticket_id FROM ticket_changes)`).raw(true).all() as unknown[][]),
    ...(db.prepare(`SELECT ${COUNTED} FROM tickets WHERE id > ?`).raw(true).all(saved.maxId) as unknown[][]),
  ].map(toCounted);
  for (const t of current) changed.add(t.id);
  const removed = before.filter((t) => t.reportedAt <= through);
  const added = current.filter((t) => t.reportedAt <= now);

  // Unchanged rows counted at one end only: reported after what the checkpoint counted and by now, or the other way.
  const lo = Math.min(through, now);
  const hi = Math.max(through, now);
  const crossing = hi > lo
    ? (db.prepare(`SELECT ${COUNTED} FROM tickets WHERE reported_at > ? AND reported_at <= ?`).raw(true)
      .all(lo, Number.isFinite(hi) ? hi : Number.MAX_SAFE_INTEGER) as unknown[][]).map(toCounted).filter((t) => !changed.has(t.id))
    : [];
  (now > through ? added : removed).push(...crossing);

  const ok = live.restore(saved.state, {
    removed, added,
    open: tickets.iterateOpenCounted(now),
    kept: (t) => !changed.has(t.id) && t.reportedAt <= through,
  }, now);
  if (!ok) return { restored: false, detail: 'a checkpoint of other scopes or a later clock hour' };
  return { restored: true, detail: `${removed.length + added.length} rows counted again` };
}

/**
 * Writes a checkpoint: the aggregates, the highest ticket id, and an empty change record, in one transaction. Call it
 * only where the aggregates are exactly what the committed rows imply (no transaction open, no jump half-done):
 * `countedThrough` as for Saved. Returns the milliseconds it took.
 */
export function saveCheckpoint(db: Db, live: LiveState, countedThrough: number | null): number {
  const started = performance.now();
  const state = live.exportState();
  db.transaction(() => {
    const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM tickets').pluck().get() as number;
    const saved: Saved = { format: FORMAT, maxId, schema: db.pragma('user_version', { simple: true }) as number, countedThrough, state };
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(saved));
    db.prepare('UPDATE aggregate_checkpoint SET max_id = ? WHERE only = 1').run(maxId);
    db.prepare('DELETE FROM ticket_changes').run();
  })();
  return performance.now() - started;
}

/** Forgets the checkpoint and stops recording changes (the demo's timeline is about to be laid out again). */
export function dropCheckpoint(db: Db): void {
  db.transaction(() => {
    db.prepare('DELETE FROM meta WHERE key = ?').run(KEY);
    db.prepare('UPDATE aggregate_checkpoint SET max_id = -1 WHERE only = 1').run();
    db.prepare('DELETE FROM ticket_changes').run();
  })();
}

export interface CheckpointOptions {
  /** Whether the aggregates are exactly what the committed rows imply right now (no jump under way, no open transaction). */
  ready: () => boolean;
  countedThrough: () => number | null;
  /** How often to look; a checkpoint is written when rows changed since the last one. */
  everyMs: number;
  /** Checkpoint sooner when this many rows changed (a start after a crash then counts at most about this many again). */
  maxChanges: number;
  log: (line: string) => void;
}

/**
 * Checkpoints the aggregates periodically, off the request path (a timer), so that a start after a crash counts only
 * the rows written since the last one. Returns `stop`, which writes a last one (the clean shutdown's).
 */
export function startCheckpoints(db: Db, live: LiveState, opts: CheckpointOptions): { stop: () => void; now: () => boolean } {
  const pending = db.prepare('SELECT (SELECT count(*) FROM ticket_changes) + (SELECT count(*) FROM tickets WHERE id > (SELECT max_id FROM aggregate_checkpoint WHERE only = 1))').pluck();
  let lastAt = 0; // the first look writes one if any row changed since the last (a start that counted everything)
  const attempt = (force: boolean): boolean => {
    if (!opts.ready() || db.inTransaction) return false;
    const changes = pending.get() as number;
    const due = changes >= opts.maxChanges || (changes > 0 && Date.now() - lastAt >= opts.everyMs);
    if (!force && !due) return false;
    const ms = saveCheckpoint(db, live, opts.countedThrough());
    lastAt = Date.now();
    if (ms > 50) opts.log(`aggregates checkpoint took ${ms.toFixed(0)} ms`);
    return true;
  };
  const timer = setInterval(() => {
    try {
      attempt(false);
    } catch (err) {
      opts.log(`aggregates checkpoint failed: ${(err as Error).message}`);
    }
  }, Math.max(100, Math.min(opts.everyMs, 5_000)));
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      attempt(true);
    },
    now: () => attempt(true),
  };
}
