import { io, type Socket } from 'socket.io-client';
import { EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/events.js';
import type { WallStore } from '../store/index.js';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An ack that has not come back by then is treated as lost (the server restarted mid-request, say). */
const SUBSCRIBE_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 3_000;

/** The one socket of the page: same origin as the page, which is the API server or Vite's proxy to it. */
export function createWallSocket(): WallSocket {
  return io({ autoConnect: false, reconnectionDelayMax: 5_000 });
}

/**
 * The one place socket events are written into the store (DESIGN.md §3): subscribe on every connect and take the
 * snapshot, apply deltas in seq order, re-subscribe on a gap, keep the last values when the link drops.
 * Returns a function that stops it all.
 */
export function connectRealtime(store: WallStore, socket: WallSocket = createWallSocket()): () => void {
  // Each subscribe gets a number; an ack for an older one (from before a reconnect or another gap) is dropped.
  let generation = 0;
  let subscribing = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const subscribe = (): void => {
    clearTimeout(retryTimer);
    const mine = ++generation;
    subscribing = true;
    const { scope } = store.getState();
    socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit(EVENTS.scopeSubscribe, { scope }, (err, res) => {
      if (mine !== generation) return;
      subscribing = false;
      if (err || !res.ok) {
        const reason = err ? `订阅超时: ${err.message}` : `订阅失败: ${res.ok ? '' : res.error}`;
        store.getState().setStatus(store.getState().summary ? 'offline' : 'connecting', reason);
        if (socket.connected) retryTimer = setTimeout(subscribe, SUBSCRIBE_RETRY_MS);
        return;
      }
      store.getState().applySnapshot(res.data);
      store.getState().setStatus('online');
    });
  };

  socket.on('connect', subscribe);
  socket.on('disconnect', (reason) => {
    generation++;
    subscribing = false;
    clearTimeout(retryTimer);
    store.getState().setStatus(store.getState().summary ? 'offline' : 'connecting', reason);
    // The client reconnects by itself except when the server closed the socket on purpose; a wall must come back anyway.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => {
    store.getState().setStatus(store.getState().summary ? 'offline' : 'connecting', err.message);
  });

  socket.on(EVENTS.scopeDelta, (delta) => {
    // Until the snapshot arrives, deltas are either in it already or will be followed by a fresh one.
    if (subscribing) return;
    if (store.getState().applyDelta(delta) === 'gap') subscribe();
  });
  socket.on(EVENTS.replayState, (state) => store.getState().setReplay(state));
  socket.on(EVENTS.screenReload, () => window.location.reload());

  socket.connect();
  return () => {
    generation++;
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
