import { io, type Socket } from 'socket.io-client';
import { EVENTS, type Ack, type ClientToServerEvents, type ScopeDelta, type ServerToClientEvents } from '../../shared/events.js';
import type { ReplayCommand, ReplayState } from '../../shared/schemas/common.js';
import type { WallStore } from '../store/index.js';
import { startFpsMeter } from './fps-meter.js';
import { buildHealthReport, HEALTH_FIRST_DELAY_MS, HEALTH_INTERVAL_MS, screenId } from './screen-health.js';
import { deltaProblem, isSnapshot, ticketsOfUpsert } from './validate.js';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An ack that has not come back by then is treated as lost (the server restarted mid-request, say). */
const SUBSCRIBE_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 3_000;
const COMMAND_TIMEOUT_MS = 5_000;
/**
 * Reconnect quickly: a wall must be back within seconds of the server. Socket.IO backs off from 0.5 s up to this
 * (with jitter, never above it), so the wall reconnects at most ~2 s after the server is listening again.
 */
const RECONNECT_DELAY_MS = 500;
const RECONNECT_DELAY_MAX_MS = 2_000;

/** The one socket of the page: same origin as the page, which is the API server or Vite's proxy to it. */
export function createWallSocket(): WallSocket {
  // WebSocket only: a wall's one connection stays on one server, so edges behind a load balancer need no sticky sessions.
  return io({ autoConnect: false, transports: ['websocket'], reconnectionDelay: RECONNECT_DELAY_MS, reconnectionDelayMax: RECONNECT_DELAY_MAX_MS });
}

export interface RealtimeHandle {
  /** Sends a replay command (demo mode): no login needed over the socket unless MOSHAO_DEMO_CONTROLS=supervisors. */
  replayCommand: (cmd: ReplayCommand) => Promise<Ack<ReplayState>>;
  stop: () => void;
}

/**
 * The one place socket events are written into the store: subscribe on every connect and take the
 * snapshot, apply deltas in seq order, re-subscribe on a gap, keep the last values when the link drops. Malformed
 * events are dropped with a warning (a gap then brings a fresh snapshot). Also reports the screen's health.
 */
export function connectRealtime(store: WallStore, socket: WallSocket = createWallSocket()): RealtimeHandle {
  // Each subscribe gets a number; an ack for an older one (from before a reconnect or another gap) is dropped.
  let generation = 0;
  let subscribing = false;
  // Deltas that arrive while a subscribe is on its way: through an edge one may overtake the snapshot it follows.
  let early: ScopeDelta[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const state = () => store.getState();
  const linkDown = (reason: string) => state().setStatus(state().summary ? 'offline' : 'connecting', reason);

  const subscribe = (): void => {
    clearTimeout(retryTimer);
    const mine = ++generation;
    subscribing = true;
    early = [];
    socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit(EVENTS.scopeSubscribe, { scope: state().scope }, (err, res) => {
      if (mine !== generation) return;
      subscribing = false;
      if (err || !res.ok || !isSnapshot(res.data)) {
        const reason = err ? `订阅超时: ${err.message}` : `订阅失败: ${res.ok ? 'malformed snapshot' : res.error}`;
        linkDown(reason);
        if (socket.connected) retryTimer = setTimeout(subscribe, SUBSCRIBE_RETRY_MS);
        return;
      }
      state().applySnapshot(res.data);
      state().setStatus('online');
      // Those at or below the snapshot's seq are in it already and are ignored; the ones after it apply in order.
      const held = early;
      early = [];
      for (const delta of held) if (state().applyDelta(delta) === 'gap') return subscribe();
    });
  };

  socket.on('connect', subscribe);
  socket.on('disconnect', (reason) => {
    generation++;
    subscribing = false;
    early = [];
    clearTimeout(retryTimer);
    linkDown(reason);
    // The client reconnects by itself except when the server closed the socket on purpose; a wall must come back anyway.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => linkDown(err.message));

  socket.on(EVENTS.scopeDelta, (delta: unknown) => {
    const problem = deltaProblem(delta);
    if (problem) {
      // Dropped, not applied: the next good delta then shows a gap and a fresh snapshot replaces everything.
      console.warn(`[wall] ignored a malformed scope:delta (${problem})`);
      return;
    }
    // Until the snapshot arrives, deltas wait: the snapshot decides which of them it already holds.
    if (subscribing) {
      early.push(delta as ScopeDelta);
      return;
    }
    if (state().applyDelta(delta as ScopeDelta) === 'gap') subscribe();
  });
  socket.on(EVENTS.ticketUpsert, (upsert: unknown) => {
    const got = ticketsOfUpsert(upsert);
    if (!got) return console.warn('[wall] ignored a malformed ticket:upsert');
    if (got.dropped > 0) console.warn(`[wall] ignored ${got.dropped} malformed ticket(s) in ticket:upsert`);
    if (got.upsert.scope === state().scope) state().upsertTickets(got.upsert.tickets);
  });
  socket.on(EVENTS.replayState, (replay) => state().setReplay(replay));
  socket.on(EVENTS.screenReload, () => window.location.reload());

  // Health: fps over the report window, heap, how old the data is, the seq.
  const fps = startFpsMeter();
  const id = screenId();
  const report = (): void => {
    if (!socket.connected) return;
    socket.emit(EVENTS.screenHealth, buildHealthReport(state(), id, fps.take(), Date.now(), window.location.pathname + window.location.search));
  };
  const firstReport = setTimeout(report, HEALTH_FIRST_DELAY_MS);
  const healthTimer = setInterval(report, HEALTH_INTERVAL_MS);

  socket.connect();
  return {
    replayCommand: (cmd) =>
      new Promise((resolve) => {
        if (!socket.connected) return resolve({ ok: false, error: 'offline' });
        socket.timeout(COMMAND_TIMEOUT_MS).emit(EVENTS.replayCommand, cmd, (err, res) =>
          resolve(err ? { ok: false, error: err.message } : res),
        );
      }),
    stop: () => {
      generation++;
      clearTimeout(retryTimer);
      clearTimeout(firstReport);
      clearInterval(healthTimer);
      fps.stop();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
