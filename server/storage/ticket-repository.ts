import type { Ticket, TicketEvent } from '../../shared/schemas/ticket.js';
import type { CountedTicket } from '../domain/contribution.js';
import type { NewEvent, TicketStore } from '../domain/ports.js';
import type { TimelineRow, TimelineTicketRow } from '../domain/timeline.js';
import type Database from 'better-sqlite3';
import type { Db } from './database.js';

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

function toCounted(r: unknown[]): CountedTicket {
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
  const fingerprint = db.prepare('SELECT count(*) AS tickets, coalesce(max(id), 0) AS maxId FROM tickets');
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

  return {
    /** A ticket whose id is fixed in advance (the demo's planned tickets keep their id across seeks and loops). */
    insertTicketWithId(t: Ticket & { ref: string | null }): void {
      insertWithId.run(t.id, t.ref, ...ticketParams(t));
    },
    insertTicket(t: Omit<Ticket, 'id'> & { ref?: string | null }): number {
      return Number(insert.run(t.ref ?? null, ...ticketParams({ ...t, id: 0 })).lastInsertRowid);
    },
    /** Writes the fields a transition changes (the filing fields never change after intake). */
    updateTicket(t: Ticket): void {
      update.run(
        t.tier, t.status, t.handlingUnit, t.acceptedAt, t.dispatchedAt, t.startedAt, t.handledAt, t.closedAt, t.evaluatedAt,
        t.closeDueAt, t.escalations, t.reworks, t.rating, t.duplicateOf, t.updatedAt, t.id,
      );
    },
    appendEvent(e: NewEvent): void {
      insertEvent.run(e.ticketId, e.at, e.action, e.fromStatus, e.toStatus, e.actor, e.note, e.rating ?? null, e.duplicateOf ?? null);
    },
    findTicket(id: number): Ticket | null {
      const r = byId.get(id) as TicketRow | undefined;
      return r ? rowToTicket(r) : null;
    },
    /** The tickets with these ids, newest first, in one statement (the ids bound as one JSON array). */
    findTicketsByIds(ids: readonly number[]): Ticket[] {
      return (byIds.all(JSON.stringify(ids)) as TicketRow[]).map(rowToTicket);
    },
    findIdByRef(ref: string): number | null {
      return (idByRef.get(ref) as { id: number } | undefined)?.id ?? null;
    },
    /** The events of a ticket up to an instant (the demo's timeline holds later ones too), in timeline order. */
    listEventsUntil(ticketId: number, until: number): TicketEvent[] {
      return eventsUntil.all(ticketId, until) as TicketEvent[];
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
      return (openNear.all(category, box.minLng, box.maxLng, box.minLat, box.maxLat, excludeId, until) as TicketRow[]).map(rowToTicket);
    },
    /** The ticket a caller's Idempotency-Key filed, with the hash of the body it came with. */
    findIdempotent(caller: string, key: string): IdempotentRecord | null {
      return (getIdem.get(caller, key) as IdempotentRecord | undefined) ?? null;
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
    /** How many tickets and the highest id: a saved copy of the aggregates is only taken back for the same table. */
    fingerprint(): { tickets: number; maxId: number } {
      return fingerprint.get() as { tickets: number; maxId: number };
    },
    /** One page of the counted fields, by id (a rebuild in slices that yield to the event loop in between). */
    countedPage(afterId: number, until: number, limit: number): CountedTicket[] {
      return (countedPage.all(afterId, until, limit) as unknown[][]).map(toCounted);
    },
    listTickets(f: TicketFilter): Ticket[] {
      const where: string[] = [];
      const params: (string | number)[] = [];
      // Always one JSON array, even for one value: one statement text per filter, so the prepared statements below
      // stay one per combination of filters present, whatever values a caller sends.
      const anyOf = (column: string, values: readonly (string | number)[] | undefined) => {
        if (!values) return;
        where.push(`${column} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(values));
      };
      if (f.gridPrefix) { where.push('grid_id >= ? AND grid_id < ?'); params.push(f.gridPrefix, f.gridPrefix + '\uffff'); }
      anyOf('grid_id', f.gridIds);
      anyOf('status', f.statuses);
      anyOf('tier', f.tiers);
      anyOf('category', f.categories);
      if (f.open !== undefined) where.push(`status ${f.open ? 'NOT IN' : 'IN'} ('closed', 'evaluated', 'rejected', 'merged')`);
      if (f.overdueAt !== undefined) {
        where.push("status NOT IN ('closed', 'evaluated', 'rejected', 'merged') AND close_due_at < ?");
        params.push(f.overdueAt);
      }
      if (f.from !== undefined) { where.push('reported_at >= ?'); params.push(f.from); }
      if (f.to !== undefined) { where.push('reported_at < ?'); params.push(f.to); }
      if (f.beforeId !== undefined) { where.push('id < ?'); params.push(f.beforeId); }
      where.push('reported_at <= ?');
      params.push(f.until);
      const sql = `SELECT ${COLUMNS} FROM tickets ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
      // One statement per combination of filters present (a few hundred at most), prepared on first use; lists are bound, never spliced in.
      let stmt = listStatements.get(sql);
      if (!stmt) listStatements.set(sql, (stmt = db.prepare(sql)));
      return (stmt.all(...params, f.limit) as TicketRow[]).map(rowToTicket);
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
