import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { openDatabase, type Db } from '../../server/storage/database.js';
import { log } from '../config.js';

const HALF_DAY_MS = 12 * 3600_000;
const TIME_COLUMNS = ['reported_at', 'accepted_at', 'dispatched_at', 'started_at', 'handled_at', 'closed_at', 'evaluated_at', 'response_due_at', 'close_due_at', 'updated_at'];
const OTHER_COLUMNS = ['title', 'description', 'category', 'tier', 'status', 'channel', 'reporter_role', 'urgent', 'grid_id', 'lng', 'lat', 'address', 'handling_unit', 'escalations', 'reworks', 'rating'];
/** The tables the clones fill: their secondary indexes are dropped while the rows go in and made again after. */
const FILLED = ['tickets', 'ticket_events'];
/** Rows per INSERT ... SELECT (one round of templates at most); with no journal a commit costs next to nothing. */
const ROUNDS_PER_LOG = 16;

export interface SyntheticDb {
  ms: number;
  tickets: number;
  /** Where the time went: rows in, indexes made again (ms). */
  insertMs: number;
  indexMs: number;
}

/**
 * The indexes the migrations made on the filled tables, as their own SQL (SQLite keeps it verbatim in sqlite_schema):
 * made again from the same text after the rows, the file's schema is the app's, byte for byte. Automatic indexes
 * (UNIQUE, PRIMARY KEY constraints) have no SQL and stay: the clones' `ref` is NULL, which costs them little. Partial
 * indexes stay too: they hold the open or merged tickets only (about 1%), cheap to keep up row by row, while making
 * one again reads the whole table (a minute at ten million rows).
 */
function secondaryIndexes(db: Db): { name: string; sql: string }[] {
  return db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE '% WHERE %'
    AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`).all(JSON.stringify(FILLED)) as { name: string; sql: string }[];
}

/**
 * Fills `dbPath` (a copy of the replayed year: its own tickets at the year's end) up to `count` tickets with synthetic
 * ones, cloned in bulk SQL from the year's tickets: so statuses, categories, cells, tiers and deadlines are the replay's
 * own mix, spread over 2023, with ids above the year's. Each clone moves earlier by a per-row pseudo-random 0-12 h
 * (id-derived: SQLite may evaluate random() once per column, which would tear a row's times apart). One 'report' event
 * per clone, like intake writes. The replay clock stays at the end of 2023 so the aggregates see the year as finished.
 *
 * Ten million rows are written the way a bulk load is, because the file is a throwaway copy that nothing else reads
 * meanwhile: no journal and no fsync while the rows go in (a crash here leaves garbage, and the bench starts again),
 * the secondary indexes dropped first and made again after in one sorted pass each (kept, every row would update
 * eight B-trees at random places: at ten million rows most of the time went there). The file ends in WAL mode with the
 * migrations' schema; its aggregate checkpoint is the replay's, so the first start counts every ticket, as at 1M.
 */
export function buildSyntheticDb(dbPath: string, templatesPath: string, count: number): SyntheticDb {
  const t0 = performance.now();
  const db = openDatabase(dbPath);
  // The clones' duplicate_of may point at a template not cloned in the last, partial round; no other reader exists yet.
  db.pragma('foreign_keys = OFF');
  // better-sqlite3 opens in SQLite's defensive mode, which refuses journal_mode = OFF (silently: WAL stays, and ten
  // million rows then pass through a 5 GB log before reaching the file). Off only while this throwaway file fills.
  db.unsafeMode(true);
  const mode = db.pragma('journal_mode = OFF', { simple: true });
  if (mode !== 'off') throw new Error(`journal_mode stayed ${String(mode)}`);
  db.pragma('synchronous = OFF');
  // A large page cache (1 GiB) keeps the indexes' sorts in memory rather than in temp files.
  db.pragma('cache_size = -1048576');
  db.prepare('ATTACH DATABASE ? AS src').run(templatesPath);
  const { n: templates, maxId } = db.prepare('SELECT count(*) AS n, max(id) AS maxId FROM src.tickets').get() as { n: number; maxId: number };
  if (templates === 0) throw new Error(`${templatesPath} has no tickets to clone`);
  const indexes = secondaryIndexes(db);
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
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
    db.transaction(() => insert.run({ offset: round * maxId, round, limit }))();
    inserted += limit;
    if (round % ROUNDS_PER_LOG === 0 || inserted >= count) log(`  synthetic tickets: ${inserted.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`);
  }
  db.exec(`INSERT INTO ticket_events (ticket_id, at, action, from_status, to_status, actor, note)
           SELECT id, reported_at, 'report', NULL, 'reported', reporter_role, '' FROM tickets WHERE id > ${maxId}`);
  const insertMs = performance.now() - t0;
  for (const { name, sql } of indexes) {
    const started = performance.now();
    db.exec(sql);
    log(`  index ${name} made again in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const indexMs = performance.now() - t0 - insertMs;
  db.prepare("INSERT INTO meta (key, value) VALUES ('replay_processed_to', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
    .run(String(REPLAY_YEAR_END_MS));
  db.exec('DETACH DATABASE src');
  db.pragma('journal_mode = WAL');
  db.unsafeMode(false);
  db.close();
  return { ms: performance.now() - t0, tickets: inserted, insertMs, indexMs };
}
