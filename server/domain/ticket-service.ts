import { POSSIBLE_DUPLICATE_RADIUS_M, type TicketAction } from '../../shared/constants.js';
import type { Category, Ticket, TicketEvent, TicketFiling } from '../../shared/schemas/ticket.js';
import { hourStart } from './contribution.js';
import { DomainError } from './errors.js';
import { handlingUnitFor, type CellPlace } from './handling-unit.js';
import type { LiveState } from './live-state.js';
import type { Broadcaster, Clock, TicketStore, TimelinePort, WriteObserver } from './ports.js';
import { reduceTicket } from './ticket-reducer.js';
import { applyEntry, filedTicket, type TimelineEntry } from './timeline.js';

/** A resolved filing (the cell is known); `ref` ties a replayed ticket to its plan. */
export interface FileTicketInput extends TicketFiling {
  ref?: string;
}

export interface TransitionInput {
  action: TicketAction;
  note?: string;
  rating?: number;
  duplicateOf?: number;
}

/**
 * 督办 (server/notify/notifier.ts): told of every ticket write inside its transaction, so that the notices it owes are
 * written with it, and of the clock's ticks. Each returns the scopes whose supervision counts moved.
 */
export interface SupervisePort {
  changed(ticket: Ticket, at: number): ReadonlySet<string>;
  advance(now: number): ReadonlySet<string>;
}

export interface TicketServiceDeps {
  tickets: TicketStore;
  live: LiveState;
  broadcaster: Broadcaster;
  clock: Clock;
  categories: Map<string, Category>;
  places: Map<string, CellPlace>;
  /** The demo's year (server/replay/demo-timeline.ts); absent in live mode. */
  timeline?: TimelinePort;
  observer?: WriteObserver;
  supervise?: SupervisePort;
}

const EARTH_RADIUS_M = 6_371_000;
const RECENT_TICKETS_MAX = 20_000;
/** Ids bound in one read of a replay slice's tickets (one JSON array). */
const SLICE_READ_IDS = 1000;
export function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/**
 * Where tickets are filed and moved along. Each change is written to SQLite first (ticket row and its event, in one
 * transaction), then to the live aggregates, then announced through the broadcaster. A failed write changes nothing.
 */
export function createTicketService(deps: TicketServiceDeps) {
  const { tickets, live, broadcaster, clock, categories, places } = deps;
  // Recently written tickets, newest last: a replay moves the same tickets along again and again. Write-through.
  const recent = new Map<number, Ticket>();
  const remember = (t: Ticket) => {
    recent.delete(t.id);
    recent.set(t.id, t);
    if (recent.size > RECENT_TICKETS_MAX) recent.delete(recent.keys().next().value!);
  };
  /** Rows a replay slice has changed but not written yet (see withDeferredWrites). */
  let deferred: Map<number, Ticket> | null = null;
  const load = (id: number): Ticket | null => deferred?.get(id) ?? recent.get(id) ?? tickets.findTicket(id);
  /** Each deferred row's state as SQLite holds it (the first before of the batch): what the narrower write needs. */
  let storedOf: Map<number, Ticket> | null = null;
  const defer = (after: Ticket, before: Ticket) => {
    if (!storedOf!.has(after.id)) storedOf!.set(after.id, before);
    deferred!.set(after.id, after);
  };
  const deferWrites = () => {
    const rows = new Map<number, Ticket>();
    const stored = new Map<number, Ticket>();
    deferred = rows;
    storedOf = stored;
    return {
      /** How many rows wait. */
      get size(): number {
        return rows.size;
      },
      /** Writes the waiting rows (the caller's transaction is open) and goes on deferring. */
      write(): void {
        for (const t of rows.values()) tickets.updateTicket(t, stored.get(t.id));
        rows.clear();
        stored.clear();
      },
      drop(): void {
        if (deferred === rows) {
          deferred = null;
          storedOf = null;
        }
      },
    };
  };

  const publish = (changedScopes: Iterable<string>, ticket: Ticket | null) => {
    broadcaster.scopesChanged(changedScopes, ['clock', 'tickets', 'kpi', 'series']);
    if (ticket) broadcaster.ticketChanged(ticket);
  };

  /**
   * Brings the aggregates to the clock's now; deadlines that passed become overdue and are pushed. `supervise` false: a
   * person's action about to be written (its group may still roll back), where the 督办 notices wait for the next tick.
   */
  const tick = (now = clock.now(), supervise = true) => {
    // A new clock hour also moves the 人车房物 numbers (the last hour's gate passes; at midnight, today's counts).
    const newHour = hourStart(now) > hourStart(live.at);
    const changed = live.advance(now, (t) => {
      // A ticket loaded by the start-up rebuild carries only the counted fields: fetch the whole one to push it.
      const full = 'title' in t ? (t as Ticket) : load(t.id);
      if (full) broadcaster.ticketChanged(full);
    });
    if (changed.size > 0) broadcaster.scopesChanged(changed, newHour ? ['clock', 'tickets', 'kpi', 'series', 'modules'] : ['clock', 'tickets', 'kpi', 'series']);
    const supervised = supervise ? deps.supervise?.advance(now) : undefined;
    if (supervised && supervised.size > 0) broadcaster.scopesChanged(supervised, ['tickets']);
    return now;
  };

  const timeline = () => deps.timeline ?? null;
  /** The instant of a person's action: the clock's now, or in the demo the instant the year has been applied up to. */
  const actionTime = () => {
    const t = timeline();
    if (!t) return tick(undefined, false);
    const at = t.now();
    tick(at, false);
    return at;
  };

  const categoryOf = (code: string): Category => {
    const c = categories.get(code);
    if (!c) throw new DomainError(400, 'unknown_category', `Unknown category "${code}"; GET /api/categories lists the valid codes.`, 'category');
    return c;
  };

  return {
    tick,

    /** The instant an action taken now happens at (see actionTime), with the aggregates brought to it. */
    actionTime,

    /**
     * Files a ticket. `alsoWrite` runs inside the same SQLite transaction (an audit entry, an idempotency key), so the
     * ticket and what records it are written together or not at all — and before any live state changes.
     */
    fileTicket(input: FileTicketInput, at = actionTime(), alsoWrite?: (t: Ticket) => void): Ticket {
      const category = categoryOf(input.category);
      const place = places.get(input.gridId);
      if (!place) throw new DomainError(400, 'unknown_grid', `Unknown grid cell "${input.gridId}".`, 'gridId');
      const draft = filedTicket(input, at, category, place);
      const ticket = tickets.transaction(() => {
        const id = tickets.insertTicket({ ...draft, ref: input.ref ?? null });
        tickets.appendEvent({ ticketId: id, at, action: 'report', fromStatus: null, toStatus: 'reported', actor: input.reporterRole, note: '' });
        const filed = { ...draft, id };
        alsoWrite?.(filed);
        deps.supervise?.changed(filed, at);
        return filed;
      });
      remember(ticket);
      timeline()?.recorded(ticket, { at, action: 'report', fromStatus: null, rating: null, duplicateOf: null });
      publish(live.applyChange(null, ticket), ticket);
      deps.observer?.filed(ticket);
      return ticket;
    },

    /**
     * Applies one entry already recorded on the demo's timeline (never records it again), step by step: what the
     * replay's slices (beginReplaySlice) must end equal to. A report entry makes the ticket visible (its row waits in
     * its filed state); an entry that no longer applies is skipped (null).
     */
    applyRecorded(id: number, entry: TimelineEntry): Ticket | null {
      const before = load(id);
      if (!before) return null;
      if (entry.action === 'report') {
        if (before.reportedAt !== entry.at) return null;
        deps.supervise?.changed(before, entry.at);
        publish(live.applyChange(null, before), before);
        return before;
      }
      const after = applyEntry(before, entry, categoryOf(before.category), places.get(before.gridId)!);
      if (!after) return null;
      if (deferred) defer(after, before);
      else tickets.updateTicket(after, before);
      deps.supervise?.changed(after, entry.at);
      remember(after);
      publish(live.applyChange(before, after), after);
      return after;
    },

    /** Moves a ticket along; `alsoWrite` joins the transaction as in fileTicket. */
    transition(id: number, input: TransitionInput, actor: string, at = actionTime(), alsoWrite?: (before: Ticket, after: Ticket) => void): Ticket {
      const before = load(id);
      if (!before) throw new DomainError(404, 'not_found', `No ticket with id ${id}.`);
      const category = categoryOf(before.category);
      const place = places.get(before.gridId)!;
      if (input.action === 'merge' && input.duplicateOf !== undefined) {
        if (input.duplicateOf === id || !load(input.duplicateOf)) {
          throw new DomainError(400, 'invalid_duplicate', `duplicateOf must be the id of another existing ticket.`, 'duplicateOf');
        }
      }
      const result = reduceTicket(before, { action: input.action, at, rating: input.rating, duplicateOf: input.duplicateOf }, category,
        (tier) => handlingUnitFor(tier, place, category.code));
      if (!result.ok) {
        throw new DomainError(result.error === 'illegal_transition' ? 409 : 400, result.error, result.message,
          result.error === 'invalid_action' ? 'rating' : undefined);
      }
      const after = result.ticket;
      tickets.transaction(() => {
        tickets.updateTicket(after, before);
        tickets.appendEvent({
          ticketId: id, at, action: input.action, fromStatus: before.status, toStatus: after.status, actor,
          note: input.note ?? '', rating: input.rating ?? null, duplicateOf: input.duplicateOf ?? null,
        });
        alsoWrite?.(before, after);
        deps.supervise?.changed(after, at);
      });
      remember(after);
      timeline()?.recorded(after, {
        at, action: input.action, fromStatus: before.status, rating: input.rating ?? null, duplicateOf: input.duplicateOf ?? null,
      });
      publish(live.applyChange(before, after), after);
      deps.observer?.transitioned(input.action);
      return after;
    },

    /**
     * The replay, a slice at a time (server/replay/replayer.ts): the tickets the slice's entries name are read in one
     * statement, each entry is folded into its ticket with the pure reducer as it comes (apply), and at the slice's end
     * (finish, once the clock is ticked to it) each moved ticket swaps its contribution to the aggregates once, is
     * pushed once, and its row joins the deferred writes. Only the 督办 index still hears every step at its instant, so
     * the notices owed are those of the step-by-step path; the aggregates end the same, as a ticket's contribution is a
     * function of the ticket and the instant alone (server/replay/slice-equivalence.test.ts).
     */
    beginReplaySlice(ids: Iterable<number>) {
      const missing = [...new Set(ids)].filter((id) => !deferred?.has(id) && !recent.has(id));
      const fetched = new Map<number, Ticket>();
      for (let i = 0; i < missing.length; i += SLICE_READ_IDS) {
        for (const t of tickets.findTicketsByIds(missing.slice(i, i + SLICE_READ_IDS))) fetched.set(t.id, t);
      }
      /**
       * Per moved ticket: what the aggregates count for it now (null: not yet counted, reported in this slice), its
       * latest state, and the state it was read in.
       */
      const moved = new Map<number, { counted: Ticket | null; now: Ticket; loaded: Ticket; write: boolean }>();
      const supervised = new Set<string>();
      return {
        /** Folds one recorded entry (in time order); false when it does not apply (as applyRecorded's null). */
        apply(id: number, entry: TimelineEntry): boolean {
          const m = moved.get(id);
          const before = m?.now ?? fetched.get(id) ?? load(id);
          if (!before) return false;
          if (deps.supervise) for (const s of deps.supervise.advance(entry.at)) supervised.add(s);
          if (entry.action === 'report') {
            if (before.reportedAt !== entry.at || m) return false;
            deps.supervise?.changed(before, entry.at);
            moved.set(id, { counted: null, now: before, loaded: before, write: false });
            return true;
          }
          const after = applyEntry(before, entry, categoryOf(before.category), places.get(before.gridId)!);
          if (!after) return false;
          deps.supervise?.changed(after, entry.at);
          if (m) {
            m.now = after;
            m.write = true;
          } else moved.set(id, { counted: before, now: after, loaded: before, write: true });
          return true;
        },
        /** The slice's moves into the aggregates, the deferred rows and the broadcaster, once each. Tick to the slice's end first. */
        finish(): void {
          const scopes = new Set<string>();
          for (const m of moved.values()) {
            for (const s of live.applyChange(m.counted, m.now)) scopes.add(s);
            if (m.write) {
              if (deferred) defer(m.now, m.loaded);
              else tickets.updateTicket(m.now, m.loaded);
            }
            remember(m.now);
            broadcaster.ticketChanged(m.now);
          }
          if (scopes.size > 0) broadcaster.scopesChanged(scopes, ['clock', 'tickets', 'kpi', 'series']);
          if (supervised.size > 0) broadcaster.scopesChanged(supervised, ['tickets']);
        },
      };
    },

    /**
     * Runs fn (a replay slice, inside its transaction) with the rows of replayed entries written once at its end: a
     * ticket often moves several times in a virtual day, and its row is what costs.
     */
    withDeferredWrites<T>(fn: () => T): T {
      const rows = deferWrites();
      try {
        const result = fn();
        rows.write();
        return result;
      } finally {
        rows.drop();
      }
    },

    /**
     * The same across turns of the event loop (the replay's top speed keeps one transaction open over several): rows
     * wait until write() (which may come a batch of slices later), drop() forgets what was not written.
     */
    deferWrites,

    /** Forgets cached tickets: the ticket tables were emptied (the replay starts the year again). */
    forgetAll(): void {
      recent.clear();
    },

    /** One ticket without its timeline (from the recent-tickets cache when it is there). */
    findTicket(id: number): Ticket | null {
      return load(id);
    },

    /** A ticket and its timeline up to the clock (a demo ticket reported later answers with an empty timeline). */
    getTicket(id: number): { ticket: Ticket; timeline: TicketEvent[] } | null {
      const ticket = load(id);
      return ticket ? { ticket, timeline: tickets.listEventsUntil(id, clock.now()) } : null;
    },

    /** Open tickets of the same category within 250 m. */
    possibleDuplicates(t: Pick<Ticket, 'id' | 'category' | 'lng' | 'lat'>): Ticket[] {
      const dLat = POSSIBLE_DUPLICATE_RADIUS_M / 111_320;
      const dLng = dLat / Math.cos((t.lat * Math.PI) / 180);
      return tickets
        .findOpenInBox(t.category, { minLng: t.lng - dLng, maxLng: t.lng + dLng, minLat: t.lat - dLat, maxLat: t.lat + dLat }, t.id, clock.now())
        .filter((o) => distanceM(t.lng, t.lat, o.lng, o.lat) <= POSSIBLE_DUPLICATE_RADIUS_M);
    },
  };
}
export type TicketService = ReturnType<typeof createTicketService>;
