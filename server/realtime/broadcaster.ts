import type { Server } from 'socket.io';
import { COALESCE_WINDOW_MS, TICKET_UPSERT_MAX_PER_FLUSH } from '../../shared/constants.js';
import type { ClientToServerEvents, InterServerEvents, ScopeDelta, ServerToClientEvents, SocketData } from '../../shared/events.js';
import { roomOf, scopeLevelOf, scopesOfCell } from '../../shared/scope.js';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import type { LiveState } from '../domain/live-state.js';
import { publicTicket } from '../domain/projection.js';
import type { Broadcaster, LiveSection } from '../domain/ports.js';

export type MoshaoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface BroadcasterOptions {
  /** At most one emission per room per window (COALESCE_WINDOW_MS). */
  windowMs?: number;
  onFlush?: (emitted: boolean) => void;
  watchedElsewhere?: (scope: string) => boolean;
}

/** The sections whose change moves a cell's measures or a child's ranking row (counts and KPIs). */
const ROW_SECTIONS: readonly LiveSection[] = ['tickets', 'kpi'];

/**
 * Coalesces changes per room and emits at most one `scope:delta` per room per window (leading edge), stamped with the room's next
 * seq. A delta carries whole sections as they are at flush time, and the measures of the room's cells and the rows of
 * its children that changed in the window, so snapshot + deltas always equal the server's state. What changed is read
 * off the window's changed scopes at flush time (a few hundred at most), never per ticket: at replay's top speed
 * thousands of tickets change per window. Rooms nobody is in are skipped: a later subscriber gets a fresh snapshot.
 * In a push cluster the listeners are on the edges: `watchedElsewhere` says whether another node has any
 * (server/cluster/edge-presence.ts). `onFlush` hears whether a flush with work emitted anything (metrics).
 */
export function createBroadcaster(io: MoshaoServer, live: LiveState, opts: BroadcasterOptions = {}) {
  const windowMs = opts.windowMs ?? COALESCE_WINDOW_MS;
  const onFlush = opts.onFlush;
  const watchedElsewhere = opts.watchedElsewhere ?? (() => false);
  const seqs = new Map<string, number>();
  const dirty = new Map<string, Set<LiveSection>>();
  const upserts = new Map<string, { tickets: Map<number, PublicTicket>; dropped: number }>();
  let timer: NodeJS.Timeout | null = null;

  const hasListeners = (scope: string) => (io.sockets.adapter.rooms.get(roomOf(scope))?.size ?? 0) > 0 || watchedElsewhere(scope);

  let lastFlushMs = -Infinity;

  // Leading edge: a change after a quiet spell goes out on the next turn of the event loop; changes that follow
  // within the window wait for its end. Either way a room gets at most one emission per window.
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(flush, Math.max(0, lastFlushMs + windowMs - Date.now()));
    timer.unref();
  };

  /** For each listened room, its cells and children whose numbers changed in this window. */
  const changedRows = (listened: (scope: string) => boolean) => {
    const rows = new Map<string, { cells: string[]; children: string[] }>();
    const rowsOf = (room: string) => {
      let r = rows.get(room);
      if (!r) rows.set(room, (r = { cells: [], children: [] }));
      return r;
    };
    for (const [scope, sections] of dirty) {
      if (!ROW_SECTIONS.some((s) => sections.has(s))) continue;
      if (scopeLevelOf(scope) === 'grid') {
        for (const room of scopesOfCell(scope)) if (listened(room)) rowsOf(room).cells.push(scope);
      }
      const parent = live.parentOf(scope);
      if (parent !== undefined && listened(parent)) rowsOf(parent).children.push(scope);
    }
    return rows;
  };

  const flush = () => {
    timer = null;
    lastFlushMs = Date.now();
    const hadWork = dirty.size > 0 || upserts.size > 0;
    let emitted = upserts.size > 0;
    // Tickets first: they are small and what a person watches for; the summary patch follows.
    for (const [scope, u] of upserts) {
      io.to(roomOf(scope)).emit('ticket:upsert', { scope, tickets: [...u.tickets.values()], dropped: u.dropped });
    }
    upserts.clear();
    // Each room's listeners looked up once per flush: a changed cell asks for its four rooms, every window at top speed.
    const listens = new Map<string, boolean>();
    const listened = (scope: string): boolean => {
      let yes = listens.get(scope);
      if (yes === undefined) listens.set(scope, (yes = hasListeners(scope)));
      return yes;
    };
    const rows = changedRows(listened);
    for (const scope of new Set([...dirty.keys(), ...rows.keys()])) {
      if (!listened(scope)) continue;
      const seq = (seqs.get(scope) ?? 0) + 1;
      seqs.set(scope, seq);
      const sections = dirty.get(scope);
      const delta: ScopeDelta = { scope, seq, patch: sections ? live.patch(scope, sections) : {} };
      const changed = rows.get(scope);
      if (changed && changed.cells.length > 0) {
        delta.cells = {};
        for (const id of changed.cells) delta.cells[id] = live.cellMeasure(id);
      }
      if (changed && changed.children.length > 0) delta.children = changed.children.map(live.childRow);
      io.to(roomOf(scope)).emit('scope:delta', delta);
      emitted = true;
    }
    dirty.clear();
    if (hadWork) onFlush?.(emitted);
  };

  const port: Broadcaster = {
    scopesChanged(scopes, sections) {
      for (const scope of scopes) {
        let set = dirty.get(scope);
        if (!set) dirty.set(scope, (set = new Set()));
        for (const s of sections) set.add(s);
      }
      schedule();
    },
    // Sockets are anonymous (the wall logs in nowhere): every room gets the public projection, made once per change.
    ticketChanged(ticket) {
      let shown: PublicTicket | null = null;
      for (const scope of scopesOfCell(ticket.gridId)) {
        if (!hasListeners(scope)) continue;
        let u = upserts.get(scope);
        if (!u) upserts.set(scope, (u = { tickets: new Map(), dropped: 0 }));
        u.tickets.delete(ticket.id);
        u.tickets.set(ticket.id, (shown ??= publicTicket(ticket)));
        // At replay's top speed thousands change per window: keep the newest, count the rest.
        if (u.tickets.size > TICKET_UPSERT_MAX_PER_FLUSH) {
          u.tickets.delete(u.tickets.keys().next().value!);
          u.dropped += 1;
        }
      }
      schedule();
    },
  };

  return {
    port,
    /** The seq a new subscriber's snapshot carries: deltas after it continue from here. */
    seqOf(scope: string): number {
      return seqs.get(scope) ?? 0;
    },
    /** Forces a gap for every subscriber of a scope (tests, and after a backwards seek everything is new anyway). */
    bumpSeq(scope: string): void {
      seqs.set(scope, (seqs.get(scope) ?? 0) + 1);
    },
    flushNow: flush,
    /** Changes are waiting for the next flush. */
    pending(): boolean {
      return dirty.size > 0 || upserts.size > 0;
    },
    close(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
export type RealtimeBroadcaster = ReturnType<typeof createBroadcaster>;
