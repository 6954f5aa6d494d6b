import { io } from 'socket.io-client';
import { EVENTS, type Ack } from '../../shared/events.js';
import type { ReplayCommand, ReplayState } from '../../shared/schemas/common.js';
import type { WallStore } from '../store/index.js';
import { startFpsMeter } from './fps-meter.js';
import { buildHealthReport, createScreenIdentity, HEALTH_FIRST_DELAY_MS, HEALTH_INTERVAL_MS } from './screen-health.js';
import { linkScope, type ScopeSocket } from './scope-link.js';

/**
 * Reconnect quickly: a wall must be back within seconds of the server. Socket.IO backs off from 0.5 s up to this
 * (with jitter, never above it), so a page reconnects at most ~2 s after the server is listening again.
 */
const RECONNECT_DELAY_MS = 500;
const RECONNECT_DELAY_MAX_MS = 2_000;
const COMMAND_TIMEOUT_MS = 5_000;

/**
 * A page's socket (the wall's, or a drill page's: one scope per socket, so each subscribes to exactly its scope):
 * same origin as the page, which is the API server or Vite's proxy to it. The only io() call of the client.
 */
export function createSocket(): ScopeSocket {
  // WebSocket only: a page's one connection stays on one server, so edges behind a load balancer need no sticky sessions.
  return io({ autoConnect: false, transports: ['websocket'], reconnectionDelay: RECONNECT_DELAY_MS, reconnectionDelayMax: RECONNECT_DELAY_MAX_MS });
}

export interface RealtimeHandle {
  /** Sends a replay command (demo mode): no login needed over the socket unless MOSHAO_DEMO_CONTROLS=supervisors. */
  replayCommand: (cmd: ReplayCommand) => Promise<Ack<ReplayState>>;
  stop: () => void;
}

/**
 * The wall's link: the one subscription protocol (scope-link.ts) writing into the wall's store, the board's new
 * tickets, replay state and commands, reloads asked for by an admin, and the screen's health reports.
 */
export function connectRealtime(store: WallStore, socket: ScopeSocket = createSocket()): RealtimeHandle {
  const state = () => store.getState();
  const link = linkScope(
    socket,
    {
      scope: () => state().scope,
      hasData: () => state().summary !== null,
      snapshot: (snapshot) => state().applySnapshot(snapshot),
      delta: (delta) => state().applyDelta(delta),
      status: (status, reason) => state().setStatus(status, reason),
      tickets: (upsert) => state().upsertTickets(upsert.tickets),
      replay: (replay) => state().setReplay(replay),
    },
    'wall',
  );
  socket.on(EVENTS.screenReload, () => window.location.reload());

  // Health: fps over the report window, heap, how old the data is, the seq.
  const fps = startFpsMeter();
  const identity = createScreenIdentity();
  const report = (): void => {
    if (!socket.connected) return;
    const { id, secret } = identity.current();
    const health = buildHealthReport(state(), id, fps.take(), Date.now(), window.location.pathname + window.location.search, secret);
    socket.timeout(COMMAND_TIMEOUT_MS).emit(EVENTS.screenHealth, health, (err, res) => {
      if (!err) identity.answered(res);
    });
  };
  const firstReport = setTimeout(report, HEALTH_FIRST_DELAY_MS);
  const healthTimer = setInterval(report, HEALTH_INTERVAL_MS);

  return {
    replayCommand: (cmd) =>
      new Promise((resolve) => {
        if (!socket.connected) return resolve({ ok: false, error: 'offline' });
        socket.timeout(COMMAND_TIMEOUT_MS).emit(EVENTS.replayCommand, cmd, (err, res) =>
          resolve(err ? { ok: false, error: err.message } : res),
        );
      }),
    stop: () => {
      clearTimeout(firstReport);
      clearInterval(healthTimer);
      fps.stop();
      link.stop();
    },
  };
}
