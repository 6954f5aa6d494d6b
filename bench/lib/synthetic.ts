import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { openDatabase } from '../../server/storage/database.js';
import { log } from '../config.js';

const HALF_DAY_MS = 12 * 3600_000;
const TIME_COLUMNS = ['reported_at', 'accepted_at', 'dispatched_at', 'started_at', 'handled_at', 'closed_at', 'evaluated_at', 'response_due_at', 'close_due_at', 'updated_at'];
const OTHER_COLUMNS = ['title', 'description', 'category', 'tier', 'status', 'channel', 'reporter_role', 'urgent', 'grid_id', 'lng', 'lat', 'address', 'handling_unit', 'escalations', 'reworks', 'rating'];

/**
 * Fills `dbPath` (a copy of the replayed year: its own tickets at the year's end) up to `count` tickets with synthetic
 * ones, cloned in bulk SQL from the year's tickets: so statuses, categories, cells, tiers and deadlines are the replay's
 * own mix, spread over 2023, with ids above the year's. Each clone moves earlier by a per-row pseudo-random 0-12 h
 * (id-derived: SQLite may evaluate random() once per column, which would tear a row's times apart). One 'report' event
 * per clone, like intake writes. The replay clock stays at the end of 2023 so the aggregates see the year as finished.
 */
export function buildSyntheticDb(dbPath: string, templatesPath: string, count: number): { ms: number; tickets: number } {
  const t0 = performance.now();
  const db = openDatabase(dbPath);
  // The clones' duplicate_of may point at a template not cloned in the last, partial round; no other reader exists yet.
  db.pragma('foreign_keys = OFF');
  db.prepare('ATTACH DATABASE ? AS src').run(templatesPath);
  const { n: templates, maxId } = db.prepare('SELECT count(*) AS n, max(id) AS maxId FROM src.tickets').get() as { n: number; maxId: number };
  if (templates === 0) throw new Error(`${templatesPath} has no tickets to clone`);
  // Shift = 0..12 h earlier, never before 2023 starts.
  const shift = `(CASE WHEN reported_at - ${HALF_DAY_MS} < ${REPLAY_YEAR_START_MS} THEN 0 ELSE ((id * 2654435761 + @round * 40503) % ${HALF_DAY_MS}) END)`;
  const insert = db.prepare(
    `INSERT INTO tickets (id, ref, ${OTHER_COLUMNS.join(', ')}, duplicate_of, ${TIME_COLUMNS.join(', ')})
     SELECT id + @offset, NULL, ${OTHER_COLUMNS.join(', ')}, duplicate_of + @offset, ${TIME_COLUMNS.map((c) => `${c} - ${shift}`).join(', ')}
     FROM src.tickets ORDER BY id LIMIT @limit`,
  );
  let inserted = templates;
  for (let round = 1; inserted < count; round++) {
    const limit = Math.min(templates, count - inserted);
    // One transaction per round of ~62k rows: big enough to amortise commits, small enough to keep the WAL sane.
    db.transaction(() => insert.run({ offset: round * maxId, round, limit }))();
    inserted += limit;
    if (round % 4 === 3 || inserted >= count) log(`  synthetic tickets: ${inserted.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`);
  }
  db.exec(`INSERT INTO ticket_events (ticket_id, at, action, from_status, to_status, actor, note)
           SELECT id, reported_at, 'report', NULL, 'reported', reporter_role, '' FROM tickets WHERE id > ${maxId}`);
  db.prepare("INSERT INTO meta (key, value) VALUES ('replay_processed_to', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
    .run(String(REPLAY_YEAR_END_MS));
  db.exec('DETACH DATABASE src');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { ms: performance.now() - t0, tickets: inserted };
}
