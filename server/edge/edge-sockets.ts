import type { IncomingMessage } from 'node:http';
import type { Ack, EdgeSubscribed, ScreenReceipt } from '../../shared/events.js';
import { roomOf } from '../../shared/scope.js';
import type { MoshaoServer } from '../realtime/broadcaster.js';
import { onEvent, throttleEvents, type Parse } from '../realtime/event-guard.js';
import { parseHealth, parseSubscribe } from '../realtime/socket-handlers.js';
import { PRESENCE_INTERVAL_MS } from '../cluster/edge-presence.js';
import { ask } from './ask-writer.js';

/** The writer checks replay commands behind its gate; the edge passes the payload on untouched. */
const passOn: Parse<unknown> = (input) => ({ ok: true, value: input });

/**
 * A wall's socket on an edge: the same events, limits and answers as on the one process, with the writer answering
 * over the cluster. Rooms, and so deltas, upserts, replay:state and screen:reload, arrive through the adapter.
 * Returns a stop for the presence reports.
 */
export function registerEdgeSockets(io: MoshaoServer, edgeId: string, addressOf: (req: IncomingMessage) => string): () => void {
  io.on('connection', (socket) => {
    socket.data.scope = null;
    socket.data.screenId = null;
    throttleEvents(socket);

    onEvent(socket, 'scope:subscribe', { parse: parseSubscribe, needsAck: true }, (payload, ack) => {
      const { scope } = payload;
      const previous = socket.data.scope;
      // Join before asking: every delta after the snapshot's seq then reaches this socket. Those at or below it, and
      // any that overtake the answer, are sorted out by the wall, which applies only seq + 1 onwards.
      if (previous && previous !== scope) void socket.leave(roomOf(previous));
      socket.data.scope = scope;
      void socket.join(roomOf(scope));
      void ask<EdgeSubscribed, 'edge:subscribe'>(io, 'edge:subscribe', edgeId, payload).then((answer) => {
        if (!socket.connected) return;
        if (!answer.ok) {
          // Refused (an unknown scope) or unanswered: back to what the socket watched before.
          if (socket.data.scope === scope && previous !== scope) {
            void socket.leave(roomOf(scope));
            if (previous) void socket.join(roomOf(previous));
            socket.data.scope = previous;
          }
          return ack!(answer);
        }
        if (answer.data.replay) socket.emit('replay:state', answer.data.replay);
        ack!({ ok: true, data: answer.data.snapshot } satisfies Ack<unknown>);
      });
    });

    onEvent(socket, 'replay:command', { parse: passOn, needsAck: true }, (payload, ack) => {
      const cookie = socket.handshake.headers.cookie ?? null;
      void ask(io, 'edge:replay', cookie, payload).then((answer) => ack!(answer));
    });

    // The writer keeps the registry; the edge names the wall's address as its own handshake guard counted it.
    onEvent(socket, 'screen:health', { parse: parseHealth, needsAck: true }, (report, ack) => {
      void ask<ScreenReceipt, 'edge:health'>(io, 'edge:health', edgeId, socket.id, addressOf(socket.request), report).then((answer) => {
        if (answer.ok) socket.data.screenId = report.screenId;
        ack!(answer);
      });
    });

    socket.on('disconnect', () => io.serverSideEmit('edge:disconnected', socket.id));
  });

  // Every other node's questions reach this edge too: it answers null, so the asker need not wait for a timeout.
  io.on('edge:subscribe', (_edge, _payload, ack) => ack(null));
  io.on('edge:replay', (_cookie, _payload, ack) => ack(null));
  io.on('edge:health', (_edge, _socket, _address, _payload, ack) => ack(null));

  const report = () => {
    const scopes = new Set<string>();
    const sockets: string[] = [];
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.scope) scopes.add(socket.data.scope);
      sockets.push(socket.id);
    }
    io.serverSideEmit('edge:presence', edgeId, [...scopes], sockets);
  };
  const timer = setInterval(report, PRESENCE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
