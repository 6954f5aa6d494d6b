import { io, type Socket } from 'socket.io-client';
import { EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/events.js';
import type { Summary } from '../../../shared/schemas/summary.js';
import type { PublicTicket } from '../../../shared/schemas/ticket.js';
import { applyDelta, applySnapshot, type SummaryState } from '../../store/summary-reducers.js';

export type DrillSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type FeedStatus = 'connecting' | 'online' | 'offline';

export interface FeedHandlers {
  onSummary: (summary: Summary) => void;
  onStatus: (status: FeedStatus) => void;
  /** New or changed tickets of the scope (ticket:upsert), or [] when changes were dropped and a refetch is due. */
  onTickets?: (tickets: PublicTicket[], dropped: number) => void;
}

const SUBSCRIBE_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 3_000;

/** A drill page's own socket: one scope per socket, like the wall's, so each page subscribes to exactly its scope. */
export function createDrillSocket(): DrillSocket {
  return io({ autoConnect: false, reconnectionDelayMax: 5_000 });
}

/**
 * Keeps one scope's summary in step with the server: subscribe on every connect and take the snapshot,
 * apply deltas in seq order, re-subscribe on a gap. Returns a function that stops it and closes the socket.
 */
export function connectScopeFeed(socket: DrillSocket, scope: string, handlers: FeedHandlers): () => void {
  let state: SummaryState = { scope, summary: null, seq: null };
  let generation = 0;
  let subscribing = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const subscribe = (): void => {
    clearTimeout(retryTimer);
    const mine = ++generation;
    subscribing = true;
    socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit(EVENTS.scopeSubscribe, { scope }, (err, res) => {
      if (mine !== generation) return;
      subscribing = false;
      if (err || !res.ok) {
        handlers.onStatus(state.summary ? 'offline' : 'connecting');
        if (socket.connected) retryTimer = setTimeout(subscribe, SUBSCRIBE_RETRY_MS);
        return;
      }
      state = applySnapshot(state, res.data);
      handlers.onSummary(res.data.summary);
      handlers.onStatus('online');
    });
  };

  socket.on('connect', subscribe);
  socket.on('disconnect', (reason) => {
    generation++;
    subscribing = false;
    clearTimeout(retryTimer);
    handlers.onStatus(state.summary ? 'offline' : 'connecting');
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', () => handlers.onStatus(state.summary ? 'offline' : 'connecting'));
  socket.on(EVENTS.scopeDelta, (delta) => {
    if (subscribing) return;
    const { result, state: next } = applyDelta(state, delta);
    if (result === 'gap') {
      subscribe();
      return;
    }
    if (result === 'ok') {
      state = next;
      if (next.summary) handlers.onSummary(next.summary);
    }
  });
  socket.on(EVENTS.ticketUpsert, (upsert) => {
    if (upsert.scope === scope) handlers.onTickets?.(upsert.tickets, upsert.dropped);
  });

  socket.connect();
  return () => {
    generation++;
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
