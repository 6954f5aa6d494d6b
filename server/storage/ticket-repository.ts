import type { Ticket, TicketEvent } from '../../shared/schemas/ticket.js';
import type { CountedTicket } from '../domain/contribution.js';
import type { NewEvent, TicketStore } from '../domain/ports.js';
import type { TimelineRow, TimelineTicketRow } from '../domain/timeline.js';
import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import { charged } from './request-budget.js';

interface TicketRow {
  id: number; ref: string | null; title: string; description: string; category: string; tier: 1 | 2 | 3; status: Ticket['status'];
  channel: Ticket['channel']; reporter_role: Ticket['reporterRole']; urgent: 0 | 1; grid_id: string; lng: number; lat: number;
  address: string; handling_unit: string; reported_at: number; accepted_at: number | null; dispatched_at: number | null;
  started_at: number | null; handled_at: number | null; closed_at: number | null; evaluated_at: number | null;
  response_due_at: number; close_due_at: number; escalations: number; reworks: number; rating: number | null;
  duplicate_of: number | null; updated_at: number;
}

const COLUMNS = `id, ref, title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat, address,
  handling_unit, reported_at, accepted_at, dispatched_at, started_at, handled_at, closed_at, evaluated_at, response_due_at,
  close_due_at, escalations, reworks, rating, duplicate_of, updated_at`;

export function rowToTicket(r: TicketRow): Ticket {
  return {
    id: r.id, title: r.title, description: r.description, category: r.category, tier: r.tier, status: r.status,
    channel: r.channel, reporterRole: r.reporter_role, urgent: r.urgent === 1, gridId: r.grid_id, lng: r.lng, lat: r.lat,
    address: r.address, handlingUnit: r.handling_unit, reportedAt: r.reported_at, acceptedAt: r.accepted_at,
    dispatchedAt: r.dispatched_at, startedAt: r.started_at, handledAt: r.handled_at, closedAt: r.closed_at,
    evaluatedAt: r.evaluated_at, responseDueAt: r.response_due_at, closeDueAt: r.close_due_at, escalations: r.escalations,
    reworks: r.reworks, rating: r.rating, duplicateOf: r.duplicate_of, updatedAt: r.updated_at,
  };
}

function ticketParams(t: Ticket) {
  return [
    t.title, t.description, t.category, t.tier, t.status, t.channel, t.reporterRole, t.urgent ? 1 : 0, t.gridId, t.lng, t.lat,
    t.address, t.handlingUnit, t.reportedAt, t.acceptedAt, t.dispatchedAt, t.startedAt, t.handledAt, t.closedAt, t.evaluatedAt,
    t.responseDueAt, t.closeDueAt, t.escalations, t.reworks, t.rating, t.duplicateOf, t.updatedAt,
  ];
}

/** A raw row of the counted columns (COUNTED_COLUMNS, in that order) as the aggregates read it. */
export function toCounted(r: unknown[]): CountedTicket {
  return {
    id: r[0] as number, gridId: r[1] as string, status: r[2] as Ticket['status'], tier: r[3] as Ticket['tier'],
    category: r[4] as string, channel: r[5] as Ticket['channel'], urgent: r[6] === 1, reportedAt: r[7] as number,
    acceptedAt: r[8] as number | null, closedAt: r[9] as number | null, responseDueAt: r[10] as number,
    closeDueAt: r[11] as number, rating: r[12] as number | null, reworks: r[13] as number,
  };
}

export type { NewEvent };

/**
 * Which tickets to list. A list filter means "any of these": it is bound as one value (a JSON array read by
 * json_each), so a list costs one statement whatever its length, and the statement's text is the same for any list.
 */
export interface TicketFilter {
  gridPrefix?: string;
  /** Any of these grid cells (several scopes, expanded to their cells by the caller). */
  gridIds?: readonly string[];
  statuses?: readonly string[];
  tiers?: readonly number[];
  categories?: readonly string[];
  overdueAt?: number;
  open?: boolean;
  from?: number;
  to?: number;
  /** Only tickets reported by then (the clock): the demo's timeline holds tickets of later instants too. */
  until: number;
  beforeId?: number;
  limit: number;
}

export interface TicketPage {
  items: Ticket[];
  /** Where the next page starts (pass as beforeId), or null at the end of the list. */
  nextCursor: number | null;
}

/**
 * Index entries one list request reads at most, whatever its filter: ~5 ms of SQLite. A page comes back short (even
 * empty) with a cursor when the window holds fewer matches than asked; the client goes on from there.
 */
export const TICKETS_EXAMINED_MAX = 5000;
const OPEN = "status NOT IN ('closed', 'evaluated', 'rejected', 'merged')";

/**
 * How a list reads tickets: which index it walks in id order (the driver, one value of one column) and what it checks
 * on each row. A one-value filter on category, status or tier, or open/overdue, walks its own index (migration 011),
 * so a rare value reads only its own rows; anything else walks the primary key. INDEXED BY / NOT INDEXED pin the
 * choice: left to itself SQLite takes the grid index or a list's json_each and sorts every row that matches.
 */
export function listPlan(f: Omit<TicketFilter, 'limit' | 'beforeId'>): {
  from: string; driver: string; driverParams: (string | number)[]; where: string[]; params: (string | number)[];
} {
  const where: string[] = [];
  const params: (string | number)[] = [];
  let from = 'tickets NOT INDEXED';
  let driver = '1';
  let driverParams: (string | number)[] = [];
  const one = <T extends string | number>(values: readonly T[] | undefined) => (values?.length === 1 ? values[0] : undefined);
  const category = one(f.categories);
  const status = one(f.statuses);
  const tier = one(f.tiers);
  if (category !== undefined) { from = 'tickets INDEXED BY tickets_category'; driver = 'category = ?'; driverParams = [category]; }
  else if (f.open || f.overdueAt !== undefined) { from = 'tickets INDEXED BY tickets_open'; driver = OPEN; }
  else if (status !== undefined) { from = 'tickets INDEXED BY tickets_status'; driver = 'status = ?'; driverParams = [status]; }
  else if (tier !== undefined) { from = 'tickets INDEXED BY tickets_tier'; driver = 'tier = ?'; driverParams = [tier]; }
  // Always one JSON array, even for one value: one statement text per filter, so the prepared statements stay one per
  // combination of filters present, whatever values a caller sends.
  const anyOf = (column: string, values: readonly (string | number)[] | undefined) => {
    if (!values || driver.startsWith(`${column} =`)) return;
    where.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  if (f.gridPrefix) { where.push('grid_id >= ? AND grid_id < ?'); params.push(f.gridPrefix, f.gridPrefix + '\uffff'); }
  anyOf('grid_id', f.gridIds);
  anyOf('status', f.statuses);
  anyOf('tier', f.tiers);
  anyOf('category', f.categories);
  if (f.open === false) where.push(`NOT (${OPEN})`);
  if (f.open && driver !== OPEN) where.push(OPEN);
  if (f.overdueAt !== undefined) {
    if (driver !== OPEN) where.push(OPEN);
    where.push('close_due_at < ?');
    params.push(f.overdueAt);
  }
  if (f.from !== undefined) { where.push('reported_at >= ?'); params.push(f.from); }
  if (f.to !== undefined) { where.push('reported_at < ?'); params.push(f.to); }
  where.push('reported_at <= ?');
  params.push(f.until);
  return { from, driver, driverParams, where, params };
}

/** Tickets and their append-only events: the only SQL about tickets. */
export interface IdempotentRecord {
  ticketId: number;
  bodyHash: string;
}

export function createTicketRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO tickets (ref, title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat,
       address, handling_unit, reported_at, accepted_at, dispatched_at, started_at, handled_at, closed_at, evaluated_at,
       response_due_at, close_due_at, escalations, reworks, rating, duplicate_of, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Only what a transition can change: a narrower record rewrite is measurably faster on the replay's hot path.
  const update = db.prepare(
    `UPDATE tickets SET tier = ?, status = ?, handling_unit = ?, accepted_at = ?, dispatched_at = ?, started_at = ?,
       handled_at = ?, closed_at = ?, evaluated_at = ?, close_due_at = ?, escalations = ?, reworks = ?, rating = ?,
       duplicate_of = ?, updated_at = ? WHERE id = ?`,
  );
  // Most moves change neither the tier nor the merge: SQLite rewrites an index whenever its column is SET, changed or
  // not, so leaving those two out spares the tier and duplicate indexes (a row 24-40 µs -> 14 µs, measured).
  const updateKeepingTier = db.prepare(
    `UPDATE tickets SET status = ?, handling_unit = ?, accepted_at = ?, dispatched_at = ?, started_at = ?,
       handled_at = ?, closed_at = ?, evaluated_at = ?, close_due_at = ?, escalations = ?, reworks = ?, rating = ?,
       updated_at = ? WHERE id = ?`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO ticket_events (ticket_id, at, action, from_status, to_status, actor, note, rating, duplicate_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE id = ?`);
  const byIds = db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id DESC`);
  const idByRef = db.prepare('SELECT id FROM tickets WHERE ref = ?');
  const openNear = db.prepare(
    `SELECT ${COLUMNS} FROM tickets WHERE category = ? AND status NOT IN ('closed', 'evaluated', 'rejected', 'merged')
       AND lng BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND id != ? AND reported_at <= ? ORDER BY id DESC LIMIT 20`,
  );
  const getIdem = db.prepare('SELECT ticket_id AS ticketId, body_hash AS bodyHash FROM idempotency_keys WHERE caller = ? AND key = ?');
  const putIdem = db.prepare('INSERT INTO idempotency_keys (caller, key, body_hash, ticket_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const COUNTED = `id, grid_id, status, tier, category, channel, urgent, reported_at, accepted_at, closed_at, response_due_at,
    close_due_at, rating, reworks`;
  // A ticket exists from its report time on: the demo's timeline holds tickets the replay's clock has not reached yet.
  // The unary + keeps SQLite on a plain table scan: through the reported_at index a million rows read 3x slower.
  const counted = db.prepare(`SELECT ${COUNTED} FROM tickets WHERE +reported_at <= ?`).raw(true);
  const openCounted = db.prepare(
    `SELECT ${COUNTED} FROM tickets WHERE status NOT IN ('closed', 'evaluated', 'rejected', 'merged') AND +reported_at <= ?`,
  ).raw(true);
  const countedPage = db.prepare(`SELECT ${COUNTED} FROM tickets WHERE id > ? AND +reported_at <= ? ORDER BY id LIMIT ?`).raw(true);
  const insertWithId = db.prepare(
    `INSERT INTO tickets (id, ref, title, description, category, tier, status, channel, reporter_role, urgent, grid_id, lng, lat,
       address, handling_unit, reported_at, accepted_at, dispatched_at, started_at, handled_at, closed_at, evaluated_at,
       response_due_at, close_due_at, escalations, reworks, rating, duplicate_of, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const timelineTickets = db.prepare('SELECT id, category, grid_id, reported_at FROM tickets WHERE id > ? ORDER BY id LIMIT ?').raw(true);
  const timelineRows = db
    .prepare('SELECT ticket_id, at, action, from_status, rating, duplicate_of FROM ticket_events WHERE ticket_id > ? AND ticket_id <= ? ORDER BY ticket_id, at, id')
    .raw(true);
  const entriesBetween = db
    .prepare('SELECT ticket_id, at, action, from_status, rating, duplicate_of FROM ticket_events WHERE at > ? AND at <= ? ORDER BY at, id')
    .raw(true);
  const eventsUntil = db.prepare(
    'SELECT id, ticket_id AS ticketId, at, action, from_status AS fromStatus, to_status AS toStatus, actor, note FROM ticket_events WHERE ticket_id = ? AND at <= ? ORDER BY at, id',
  );
  const listStatements = new Map<string, Database.Statement>();

  /** One list statement per combination of filters present (a few hundred at most), prepared on first use. */
  const prepared = (sql: string): Database.Statement => {
    let stmt = listStatements.get(sql);
    if (!stmt) listStatements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const listPage = (f: TicketFilter, withCursor: boolean): TicketPage => {
    const { from, driver, driverParams, where, params } = listPlan(f);
    const before = f.beforeId ?? Number.MAX_SAFE_INTEGER;
    // The window: the TICKETS_EXAMINED_MAX newest entries of the driving index below the cursor. The scalar subquery
    // reads index entries only and runs once; the outer query then reads at most that many rows.
    const windowEnd = `SELECT id FROM ${from} WHERE ${driver} AND id < ? ORDER BY id DESC LIMIT 1 OFFSET ${TICKETS_EXAMINED_MAX - 1}`;
    const sql = `SELECT ${COLUMNS} FROM ${from} WHERE ${driver} AND id < ? AND id >= coalesce((${windowEnd}), 0)
      ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY id DESC LIMIT ?`;
    const rows = charged(() => prepared(sql).all(...driverParams, before, ...driverParams, before, ...params, f.limit + 1)) as TicketRow[];
    const items = rows.slice(0, f.limit).map(rowToTicket);
    if (rows.length > f.limit) return { items, nextCursor: items[items.length - 1].id };
    if (!withCursor) return { items, nextCursor: null };
    // A short page: the window's last entry is where the next page starts, unless the index ended inside it.
    const end = charged(() => prepared(windowEnd).pluck().get(...driverParams, before)) as number | undefined;
    return { items, nextCursor: end ?? null };
  };

  return {
    /** A ticket whose id is fixed in advance (the demo's planned tickets keep their id across seeks and loops). */
    insertTicketWithId(t: Ticket & { ref: string | null }): void {
      insertWithId.run(t.id, t.ref, ...ticketParams(t));
    },
    insertTicket(t: Omit<Ticket, 'id'> & { ref?: string | null }): number {
      return Number(insert.run(t.ref ?? null, ...ticketParams({ ...t, id: 0 })).lastInsertRowid);
    },
    /**
     * Writes the fields a transition changes (the filing fields never change after intake). `stored`: the row as
     * SQLite holds it, when known; with the same tier and merge the narrower statement writes it.
     */
    updateTicket(t: Ticket, stored?: Pick<Ticket, 'tier' | 'duplicateOf'>): void {
      if (stored && stored.tier === t.tier && stored.duplicateOf === t.duplicateOf) {
        updateKeepingTier.run(
          t.status, t.handlingUnit, t.acceptedAt, t.dispatchedAt, t.startedAt, t.handledAt, t.closedAt, t.evaluatedAt,
          t.closeDueAt, t.escalations, t.reworks, t.rating, t.updatedAt, t.id,
        );
        return;
      }
      update.run(
        t.tier, t.status, t.handlingUnit, t.acceptedAt, t.dispatchedAt, t.startedAt, t.handledAt, t.closedAt, t.evaluatedAt,
        t.closeDueAt, t.escalations, t.reworks, t.rating, t.duplicateOf, t.updatedAt, t.id,
      );
    },
    appendEvent(e: NewEvent): void {
      insertEvent.run(e.ticketId, e.at, e.action, e.fromStatus, e.toStatus, e.actor, e.note, e.rating ?? null, e.duplicateOf ?? null);
    },
    findTicket(id: number): Ticket | null {
      const r = charged(() => byId.get(id)) as TicketRow | undefined;
      return r ? rowToTicket(r) : null;
    },
    /** The tickets with these ids, newest first, in one statement (the ids bound as one JSON array). */
    findTicketsByIds(ids: readonly number[]): Ticket[] {
      return (charged(() => byIds.all(JSON.stringify(ids))) as TicketRow[]).map(rowToTicket);
    },
    findIdByRef(ref: string): number | null {
      return (charged(() => idByRef.get(ref)) as { id: number } | undefined)?.id ?? null;
    },
    /** The events of a ticket up to an instant (the demo's timeline holds later ones too), in timeline order. */
    listEventsUntil(ticketId: number, until: number): TicketEvent[] {
      return charged(() => eventsUntil.all(ticketId, until)) as TicketEvent[];
    },
    /** One page of tickets by id: what the demo's in-memory timeline index is built from. */
    timelineTicketsAfter(afterId: number, limit: number): TimelineTicketRow[] {
      return timelineTickets.all(afterId, limit) as TimelineTicketRow[];
    },
    /** The events of the tickets with ids in (afterId, lastId], in timeline order per ticket. */
    timelineEventsOf(afterId: number, lastId: number): TimelineRow[] {
      return timelineRows.all(afterId, lastId) as TimelineRow[];
    },
    /** Events with time in (from, to], in timeline order (the replay's next slice). */
    entriesBetween(fromExclusive: number, toInclusive: number): TimelineRow[] {
      return entriesBetween.all(fromExclusive, toInclusive) as TimelineRow[];
    },
    /** Open tickets of a category inside a lng/lat box (the caller refines by distance). */
    findOpenInBox(category: string, box: { minLng: number; maxLng: number; minLat: number; maxLat: number }, excludeId: number, until: number): Ticket[] {
      return (charged(() => openNear.all(category, box.minLng, box.maxLng, box.minLat, box.maxLat, excludeId, until)) as TicketRow[]).map(rowToTicket);
    },
    /** The ticket a caller's Idempotency-Key filed, with the hash of the body it came with. */
    findIdempotent(caller: string, key: string): IdempotentRecord | null {
      return (charged(() => getIdem.get(caller, key)) as IdempotentRecord | undefined) ?? null;
    },
    saveIdempotent(caller: string, key: string, r: IdempotentRecord, at: number): void {
      putIdem.run(caller, key, r.bodyHash, r.ticketId, at);
    },
    /** Streams the counted fields of every ticket (raw rows: a third of the full read at a million tickets). */
    *iterateCounted(until = Number.MAX_SAFE_INTEGER): IterableIterator<CountedTicket> {
      for (const r of counted.iterate(until) as IterableIterator<unknown[]>) yield toCounted(r);
    },
    /** The counted fields of the open tickets (those whose numbers the clock alone can still change). */
    *iterateOpenCounted(until: number): IterableIterator<CountedTicket> {
      for (const r of openCounted.iterate(until) as IterableIterator<unknown[]>) yield toCounted(r);
    },
    /** One page of the counted fields, by id (a rebuild in slices that yield to the event loop in between). */
    countedPage(afterId: number, until: number, limit: number): CountedTicket[] {
      return (countedPage.all(afterId, until, limit) as unknown[][]).map(toCounted);
    },
    /** The first page of a list, one statement (the wall's board, an Open311 search): at most `limit` tickets, maybe fewer. */
    listTickets(f: TicketFilter): Ticket[] {
      return listPage(f, false).items;
    },
    /**
     * One page of a list, newest first, for at most TICKETS_EXAMINED_MAX index entries read whatever the filter: a
     * filter that matches nothing stops there and answers a short (even empty) page with the cursor to go on from.
     */
    listTicketsPage(f: TicketFilter): TicketPage {
      return listPage(f, true);
    },
    /**
     * A transaction that stays open across turns of the event loop, for a replay's jump: one commit writes each page
     * once (a commit per slice of 500 rows cost 3x as much). Nothing else may write meanwhile (writes wait for the jump).
     */
    beginOpenTransaction(): { commit(): void; rollback(): void } {
      db.exec('BEGIN');
      return {
        commit: () => db.exec('COMMIT'),
        rollback: () => {
          if (db.inTransaction) db.exec('ROLLBACK');
        },
      };
    },
    /** Runs fn atomically; inside an outer transaction (a replay slice) it joins it instead of paying for a savepoint. */
    transaction<T>(fn: () => T): T {
      return db.inTransaction ? fn() : db.transaction(fn)();
    },
  };
}
export type TicketRepository = ReturnType<typeof createTicketRepository>;
/** The repository is the ticket service's store (domain/ports.ts): checked here, where a change would break it. */
const _implementsTicketStore: (db: Db) => TicketStore = createTicketRepository;
