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
/** The counters' JSON is made in slices of about this many milliseconds of work (the event loop is served between). */
const SLICE_MS = 8;

/**
 * A checkpoint: the aggregates as they stood when it was written, what they count, and where the rows written since
 * begin. `countedThrough`: the tickets counted are those reported by then (the demo's replay counts a ticket when it
 * reaches its report time, which may lag the aggregates' clock); null: every row.
 */
interface Saved {
  format: typeof FORMAT;
  /** The highest ticket id when it was written: rows above it are new; rows up to it record their first change. */
  maxId: number;
  /** The instant's number in aggregate_checkpoint: counters written for an earlier one are not taken back. */
  generation: number;
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
  const watched = db.prepare('SELECT max_id AS maxId, generation FROM aggregate_checkpoint WHERE only = 1').get() as { maxId: number; generation: number } | undefined;
  const triggers = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?))")
    .pluck().get(JSON.stringify(TRIGGERS)) as number;
  if (watched?.generation !== saved.generation) return 'counters of an earlier checkpoint (a crash while its counters were written)';
  if (watched.maxId !== saved.maxId || triggers !== TRIGGERS.length) return 'a checkpoint whose change record was altered';
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
 * The instant of a checkpoint, in one short transaction: the highest ticket id, a new generation, an empty change
 * record (from here on every first change of a row keeps what it counted at this instant). The counters, taken in the
 * same turn of the event loop, are written by writeCounters.
 */
function markInstant(db: Db): { maxId: number; generation: number } {
  return db.transaction(() => {
    const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM tickets').pluck().get() as number;
    const generation = (db.prepare('SELECT generation FROM aggregate_checkpoint WHERE only = 1').pluck().get() as number) + 1;
    db.prepare('UPDATE aggregate_checkpoint SET max_id = ?, generation = ? WHERE only = 1').run(maxId, generation);
    db.prepare('DELETE FROM ticket_changes').run();
    return { maxId, generation };
  })();
}

/** The JSON of a Saved, scope by scope; `pause` is awaited between slices of about SLICE_MS. */
async function savedJson(head: Omit<Saved, 'state'>, state: LiveSnapshot, pause: () => Promise<void>, sliceMs: number): Promise<string> {
  const parts: string[] = [];
  let started = performance.now();
  for (const entry of state.counters) {
    parts.push(JSON.stringify(entry));
    if (performance.now() - started >= sliceMs) {
      await pause();
      started = performance.now();
    }
  }
  return `${JSON.stringify(head).slice(0, -1)},"state":{"at":${JSON.stringify(state.at)},"counters":[${parts.join(',')}]}}`;
}

function writeCounters(db: Db, generation: number, json: string): boolean {
  return db.transaction(() => {
    // A later checkpoint began meanwhile (the clean shutdown's): its counters, not these, go with the change record.
    if (db.prepare('SELECT generation FROM aggregate_checkpoint WHERE only = 1').pluck().get() !== generation) return false;
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, json);
    return true;
  })();
}

/**
 * Writes a checkpoint. Call it only where the aggregates are exactly what the committed rows imply (no transaction
 * open, no jump half-done): `countedThrough` as for Saved. The instant and the copy of the counters are taken at once;
 * their JSON is made in slices that yield to the event loop through `pause` (none: all at once, as at a shutdown).
 * A crash before the counters are written leaves counters of an earlier generation: the next start counts everything.
 */
export async function checkpoint(db: Db, live: LiveState, countedThrough: number | null, pause?: () => Promise<void>, sliceMs = SLICE_MS): Promise<boolean> {
  const state = live.exportState();
  const { maxId, generation } = markInstant(db);
  const head: Omit<Saved, 'state'> = { format: FORMAT, maxId, generation, schema: db.pragma('user_version', { simple: true }) as number, countedThrough };
  const json = await savedJson(head, state, pause ?? (() => Promise.resolve()), sliceMs);
  return db.open && writeCounters(db, generation, json);
}

/** The same at once, in one turn (a clean shutdown, tests). */
export function saveCheckpoint(db: Db, live: LiveState, countedThrough: number | null): void {
  const state = live.exportState();
  const { maxId, generation } = markInstant(db);
  const head: Omit<Saved, 'state'> = { format: FORMAT, maxId, generation, schema: db.pragma('user_version', { simple: true }) as number, countedThrough };
  writeCounters(db, generation, `${JSON.stringify(head).slice(0, -1)},"state":${JSON.stringify(state)}}`);
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
export function startCheckpoints(db: Db, live: LiveState, opts: CheckpointOptions): { stop: () => void } {
  const pending = db.prepare('SELECT (SELECT count(*) FROM ticket_changes) + (SELECT count(*) FROM tickets WHERE id > (SELECT max_id FROM aggregate_checkpoint WHERE only = 1))').pluck();
  let lastAt = 0; // the first look writes one if any row changed since the last (a start that counted everything)
  let writing = false;
  let stopped = false;
  const look = async () => {
    if (writing || stopped || !opts.ready() || db.inTransaction) return;
    const changes = pending.get() as number;
    if (changes < opts.maxChanges && (changes === 0 || Date.now() - lastAt < opts.everyMs)) return;
    writing = true;
    const started = performance.now();
    try {
      await checkpoint(db, live, opts.countedThrough(), () => new Promise((resolve) => setImmediate(resolve)));
      lastAt = Date.now();
    } finally {
      writing = false;
    }
    if (performance.now() - started > 1000) opts.log(`aggregates checkpoint took ${(performance.now() - started).toFixed(0)} ms`);
  };
  const timer = setInterval(() => {
    look().catch((err: Error) => opts.log(`aggregates checkpoint failed: ${err.message}`));
  }, Math.max(100, Math.min(opts.everyMs, 5_000)));
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      if (opts.ready() && !db.inTransaction) saveCheckpoint(db, live, opts.countedThrough());
    },
  };
}
