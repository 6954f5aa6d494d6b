import type { Ack } from '../../shared/events.js';
import { refusal } from '../realtime/event-guard.js';
import { healthAnswer, parseCommand, parseHealth, parseSubscribe, snapshotOf, unknownScope, type SocketDeps } from '../realtime/socket-handlers.js';
import { createEdgePresence, PRESENCE_INTERVAL_MS, type EdgePresence } from './edge-presence.js';

const problemOf = (p: { message: string; field?: string }): Ack<never> => refusal(p.message, p.field);

/**
 * The writer's side of the cluster: answers what edges ask on behalf of their walls with the same checks, aggregates,
 * seq, replay gate and screen registry as a wall connected here. Returns the presence the broadcaster asks, and a stop.
 */
export function serveEdges(deps: SocketDeps, presence: EdgePresence = createEdgePresence()): { presence: EdgePresence; stop: () => void } {
  const { io, live, screens, replay, replayGate, replayCaller } = deps;

  io.on('edge:subscribe', (edgeId, payload, ack) => {
    const parsed = parseSubscribe(payload);
    if (!parsed.ok) return ack(problemOf(parsed.problem));
    const { scope } = parsed.value;
    const refused = unknownScope(live, scope);
    if (refused) return ack(refused);
    // Interest first, then the seq: the next flush for this scope emits seq + 1 even if no wall is on the writer.
    presence.subscribed(edgeId, scope);
    const snapshot = snapshotOf(deps, scope);
    ack(snapshot.ok ? { ok: true, data: { snapshot: snapshot.data, replay: replay?.state() ?? null } } : snapshot);
  });

  io.on('edge:replay', (cookie, payload, ack) => {
    // The gate first, as on a wall's own socket: a refused wall learns nothing from validation.
    const refused = replay ? replayGate(cookie ?? undefined) : 'Replay control is only available in demo mode.';
    if (refused) return ack(refusal(refused));
    const parsed = parseCommand(payload);
    if (!parsed.ok) return ack(problemOf(parsed.problem));
    // The wall's address stays with its edge: anonymous walls behind edges share one seek budget.
    replay!.command(parsed.value, replayCaller(cookie ?? undefined, 'edge')).then(
      (state) => ack({ ok: true, data: state }),
      (err: Error) => ack(refusal(err.message)),
    );
  });

  io.on('edge:health', (edgeId, socketId, address, payload, ack) => {
    const parsed = parseHealth(payload);
    if (!parsed.ok) return ack(problemOf(parsed.problem));
    presence.socketSeen(edgeId, socketId);
    ack(healthAnswer(screens.record(socketId, parsed.value, String(address))));
  });

  io.on('edge:disconnected', (socketId) => screens.disconnected(socketId));
  io.on('edge:presence', (edgeId, scopes, socketIds) => {
    if (Array.isArray(scopes) && Array.isArray(socketIds)) presence.reported(edgeId, scopes.map(String), socketIds.map(String));
  });

  // A killed edge says nothing: its walls' screens are marked disconnected once it has been silent too long.
  const timer = setInterval(() => {
    for (const socketId of presence.expire()) screens.disconnected(socketId);
  }, PRESENCE_INTERVAL_MS);
  timer.unref();
  return { presence, stop: () => clearInterval(timer) };
}
