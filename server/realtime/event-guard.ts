import type { TSchema, Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Ack, ClientToServerEvents } from '../../shared/events.js';
import { firstProblem, type Problem } from '../../shared/validation.js';
import { createRateLimiter } from '../auth/rate-limiter.js';

/**
 * Flood control, per socket: a burst of SOCKET_EVENT_BURST_EVENTS passes, then SOCKET_EVENT_RATE_PER_S on average.
 * A wall sends a subscribe per (re)connect or gap, a health report every 30 s and a replay command per key press, so
 * only a script gets near it. Over the limit an event is dropped and its ack (if any) told why; the socket stays
 * connected, since a wall that bursts (a person holding "+") must not lose its live data for it.
 */
export const SOCKET_EVENT_BURST_EVENTS = 20;
export const SOCKET_EVENT_RATE_PER_S = 10;

type AckFn = (res: Ack<unknown>) => void;
export type Parse<T> = (input: unknown) => { ok: true; value: T } | { ok: false; problem: Problem };

/** What the guard needs of a Socket.IO socket (the typed server socket fits). */
interface GuardedSocket {
  id: string;
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export const refusal = (error: string, field?: string): { ok: false; error: string; field?: string } =>
  field ? { ok: false, error, field } : { ok: false, error };

/** A parser from a TypeBox schema, compiled once; `what` names the payload in messages ("health report"). */
export function schemaParser<S extends TSchema>(schema: S, what: string): Parse<Static<S>> {
  const validator = Compile(schema);
  return (input) => (validator.Check(input) ? { ok: true, value: input as Static<S> } : { ok: false, problem: firstProblem(validator.Errors(input), what) });
}

/** Puts every incoming packet of the socket, whatever its event name, through its token bucket (the one key ''). */
export function throttleEvents(socket: GuardedSocket, now: () => number = Date.now): void {
  const bucket = createRateLimiter({ perMinute: SOCKET_EVENT_RATE_PER_S * 60, burst: SOCKET_EVENT_BURST_EVENTS }, now, 1);
  socket.use((packet, next) => {
    if (bucket.take('').ok) return next();
    // Not calling next() drops the packet; Socket.IO puts the ack callback last in it.
    const ack = packet.at(-1);
    if (typeof ack === 'function') {
      (ack as AckFn)(refusal(`Too many events: at most ${SOCKET_EVENT_RATE_PER_S} per second (bursts of ${SOCKET_EVENT_BURST_EVENTS}); this one was dropped.`));
    }
  });
}

export interface EventOptions<T> {
  parse: Parse<T>;
  /** A refusal sentence when this socket may not send the event at all; checked before the payload is looked at. */
  refuse?: () => string | null;
  /** Without an ack callback the event is dropped (a request whose answer nobody hears changes nothing). */
  needsAck: boolean;
}

/**
 * Registers a handler that only ever sees a payload that passed `parse`. Anything else (a second argument, a missing
 * payload, a wrong type) is answered { ok: false, error, field? } when there is an ack, and otherwise dropped. A
 * handler that throws is answered too, instead of taking the connection's event loop down.
 */
export function onEvent<T>(
  socket: GuardedSocket,
  event: keyof ClientToServerEvents,
  options: EventOptions<T>,
  handler: (payload: T, ack: AckFn | null) => void,
): void {
  socket.on(event, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as AckFn) : null;
    if (!ack && options.needsAck) return;
    const answer = ack ?? (() => {});
    const refused = options.refuse?.();
    if (refused) return answer(refusal(refused));
    if (args.length !== 1) return answer(refusal(`${event} takes one payload (an object), got ${args.length}.`));
    const parsed = options.parse(args[0]);
    if (!parsed.ok) return answer(refusal(parsed.problem.message, parsed.problem.field));
    try {
      handler(parsed.value, ack);
    } catch (err) {
      // No payload in the log: what a client sends may be personal.
      console.error(`socket ${event} failed: ${(err as Error).message}`);
      answer(refusal('The server failed to handle this event.'));
    }
  });
}
