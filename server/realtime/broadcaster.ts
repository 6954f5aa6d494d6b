import type { Server } from 'socket.io';
import { COALESCE_WINDOW_MS, TICKET_UPSERT_MAX_PER_FLUSH } from '../../shared/constants.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/events.js';
import { roomOf, scopesOfCell } from '../../shared/scope.js';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import type { LiveState } from '../domain/live-state.js';
import { publicTicket } from '../domain/projection.js';
import type { Broadcaster, LiveSection } from '../domain/ports.js';

export type MoshaoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Coalesces changes per room and emits at most one `scope:delta` per room per window (leading edge), stamped with the room's next
 * seq. A delta carries whole sections as they are at flush time, so snapshot + deltas always equal the server's state.
 * Rooms nobody is in are skipped: a later subscriber gets a fresh snapshot anyway. In a push cluster the listeners are
 * on the edges: `watchedElsewhere` says whether another node has any (server/cluster/edge-presence.ts).
 */
export function createBroadcaster(io: MoshaoServer, live: LiveState, windowMs = COALESCE_WINDOW_MS, watchedElsewhere: (scope: string) => boolean = () => false) {
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

  const flush = () => {
    timer = null;
    lastFlushMs = Date.now();
    // Tickets first: they are small and what a person watches for; the summary patch follows.
    for (const [scope, u] of upserts) {
      io.to(roomOf(scope)).emit('ticket:upsert', { scope, tickets: [...u.tickets.values()], dropped: u.dropped });
    }
    upserts.clear();
    for (const [scope, sections] of dirty) {
      if (!hasListeners(scope)) continue;
      const seq = (seqs.get(scope) ?? 0) + 1;
      seqs.set(scope, seq);
      io.to(roomOf(scope)).emit('scope:delta', { scope, seq, patch: live.patch(scope, sections) });
    }
    dirty.clear();
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
    close(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
export type RealtimeBroadcaster = ReturnType<typeof createBroadcaster>;
