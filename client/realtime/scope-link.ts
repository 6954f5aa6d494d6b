import type { Socket } from 'socket.io-client';
import { EVENTS, type ClientToServerEvents, type ScopeDelta, type ScopeSnapshot, type ServerToClientEvents, type TicketUpsert } from '../../shared/events.js';
import type { ReplayState } from '../../shared/schemas/common.js';
import type { DeltaResult } from '../store/summary-reducers.js';
import { deltaProblem, snapshotOf, ticketsOfUpsert } from './validate.js';

export type ScopeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** connecting: no data yet; online: subscribed and receiving; offline: the link dropped, values on screen are old. */
export type LinkStatus = 'connecting' | 'online' | 'offline';

/** An ack that has not come back by then is treated as lost (the server restarted mid-request, say). */
const SUBSCRIBE_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 3_000;
/** Deltas held while a subscribe is on its way (about a minute of one room's deltas at most four a second). */
const EARLY_MAX = 256;

/** Where a link puts what it receives: the wall's store, or a drill page's own state. Every event is checked first. */
export interface ScopeSink {
  /** The scope to subscribe to, read at every subscribe. */
  scope: () => string;
  /** Whether values are on screen: a drop then says 'offline' (old values stay) rather than 'connecting'. */
  hasData: () => boolean;
  snapshot: (snapshot: ScopeSnapshot) => void;
  /** Applies a delta in seq order; 'gap' makes the link re-subscribe for a fresh snapshot. */
  delta: (delta: ScopeDelta) => DeltaResult;
  status: (status: LinkStatus, reason: string | null) => void;
  /** The usable tickets of a ticket:upsert for this sink's scope. */
  tickets?: (upsert: TicketUpsert) => void;
  /** A malformed event was dropped (and warned about): the sink may say so on screen. */
  malformed?: (problem: string) => void;
  replay?: (replay: ReplayState) => void;
}

export interface ScopeLink {
  /** Asks for a fresh snapshot now (as a gap does). */
  resubscribe: () => void;
  /** Stops listening and closes the socket. */
  stop: () => void;
}

/**
 * The one subscription protocol, for the wall and the drill pages alike: subscribe on every connect and take the
 * snapshot, apply deltas in seq order, re-subscribe on a gap, keep the last values when the link drops, reconnect
 * even after the server closed the socket. A malformed event is dropped with a warning (`tag` names the page in it);
 * the next good delta then shows a gap, and a fresh snapshot replaces everything.
 */
export function linkScope(socket: ScopeSocket, sink: ScopeSink, tag: string): ScopeLink {
  // Each subscribe gets a number; an ack for an older one (from before a reconnect or another gap) is dropped.
  let generation = 0;
  let subscribing = false;
  // Deltas that arrive while a subscribe is on its way: through an edge one may overtake the snapshot it follows.
  let early: ScopeDelta[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const linkDown = (reason: string): void => sink.status(sink.hasData() ? 'offline' : 'connecting', reason);
  const dropped = (problem: string): void => {
    console.warn(`[${tag}] ignored ${problem}`);
    sink.malformed?.(problem);
  };

  const subscribe = (): void => {
    clearTimeout(retryTimer);
    const mine = ++generation;
    subscribing = true;
    early = [];
    socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit(EVENTS.scopeSubscribe, { scope: sink.scope() }, (err, res) => {
      if (mine !== generation) return;
      subscribing = false;
      const got = err || !res.ok ? null : snapshotOf(res.data);
      if (!got) {
        const reason = err ? `订阅超时: ${err.message}` : `订阅失败: ${res.ok ? 'malformed snapshot' : res.error}`;
        if (!err && res.ok) dropped('a malformed snapshot');
        linkDown(reason);
        if (socket.connected) retryTimer = setTimeout(subscribe, SUBSCRIBE_RETRY_MS);
        return;
      }
      // A malformed section is left empty: the rest of the snapshot still shows.
      for (const p of got.problems) dropped(`a malformed ${p} in the snapshot`);
      sink.snapshot(got.snapshot);
      sink.status('online', null);
      // Those at or below the snapshot's seq are in it already and are ignored; the ones after it apply in order.
      const held = early;
      early = [];
      for (const delta of held) if (sink.delta(delta) === 'gap') return subscribe();
    });
  };

  socket.on('connect', subscribe);
  socket.on('disconnect', (reason) => {
    generation++;
    subscribing = false;
    early = [];
    clearTimeout(retryTimer);
    linkDown(reason);
    // The client reconnects by itself except when the server closed the socket on purpose; a page must come back anyway.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => linkDown(err.message));

  socket.on(EVENTS.scopeDelta, (delta: unknown) => {
    const problem = deltaProblem(delta);
    if (problem) return dropped(`a malformed scope:delta (${problem})`);
    // Until the snapshot arrives, deltas wait: the snapshot decides which of them it already holds. Bounded: past
    // EARLY_MAX the oldest go, and the gap they leave brings a fresh snapshot.
    if (subscribing) {
      early.push(delta as ScopeDelta);
      if (early.length > EARLY_MAX) early.shift();
      return;
    }
    if (sink.delta(delta as ScopeDelta) === 'gap') subscribe();
  });
  socket.on(EVENTS.ticketUpsert, (upsert: unknown) => {
    const got = ticketsOfUpsert(upsert);
    if (!got) return dropped('a malformed ticket:upsert');
    if (got.dropped > 0) dropped(`${got.dropped} malformed ticket(s) in ticket:upsert`);
    if (got.upsert.scope === sink.scope()) sink.tickets?.(got.upsert);
  });
  socket.on(EVENTS.replayState, (replay) => sink.replay?.(replay));

  socket.connect();
  return {
    resubscribe: subscribe,
    stop: () => {
      generation++;
      clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
