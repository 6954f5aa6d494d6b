import fc from 'fast-check';
import { REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { hostileJson, hostileNumber, hostileString } from './hostile.js';

/**
 * Hostile Socket.IO traffic: one generator per client-to-server event the server listens to (the fuzz test reads the
 * listeners off a connected server socket and fails when one has no entry here), and raw Socket.IO packets that are
 * truncated, mistyped or plain garbage.
 */

export interface SocketAttack {
  /** The arguments of the event, in order; the test appends an ack callback when `ack` is set (one argument only). */
  args: unknown[];
  ack: boolean;
}

/** Sometimes sensible, sometimes hostile. */
const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: hostileJson }, { weight: 1, arbitrary: hostileNumber });

/** Binary payloads ride as Socket.IO attachments. */
const binary = fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b));

const attack = (payload: fc.Arbitrary<unknown>): fc.Arbitrary<SocketAttack> =>
  fc.record({
    first: fc.oneof({ weight: 6, arbitrary: payload }, { weight: 1, arbitrary: hostileJson }, { weight: 1, arbitrary: binary }, { weight: 1, arbitrary: hostileString }),
    rest: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.oneof(hostileJson, binary), { minLength: 1, maxLength: 2 }) }),
    noArgs: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    ack: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  }).map(({ first, rest, noArgs, ack }) => {
    const args = noArgs && rest.length === 0 ? [] : [first, ...rest];
    // The contract is (payload, ack): an ack in another position is an argument like any other, and gets no answer.
    return { args, ack: ack && args.length === 1 };
  });

/** Event generators by name. */
export function eventGenerators(scopes: string[]): Record<string, fc.Arbitrary<SocketAttack>> {
  return {
    'scope:subscribe': attack(fc.record({ scope: maybe(fc.oneof(fc.constantFrom(...scopes), hostileString)) }, { requiredKeys: [] })),
    'replay:command': attack(fc.record({
      action: maybe(fc.constantFrom('play', 'pause', 'seek', 'speed', 'stop')),
      to: maybe(fc.oneof(fc.integer({ min: REPLAY_YEAR_START_MS, max: REPLAY_YEAR_START_MS + 2 * 86_400_000 }), fc.constant('2023-01-02T08:00:00+08:00'))),
      speed: maybe(fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(-1, 0.5, 1e308, '600', null))),
    }, { requiredKeys: ['action'] })),
    'screen:health': attack(fc.record({
      screenId: maybe(fc.oneof(fc.constantFrom('wall-1', 'lobby'), hostileString)), scope: maybe(fc.constantFrom(...scopes)),
      fps: maybe(fc.double({ min: 0, max: 240, noNaN: true })), heapBytes: maybe(fc.oneof(fc.nat(), fc.constant(null))),
      deltaLagMs: maybe(fc.oneof(fc.nat(), fc.constant(null))), seq: maybe(fc.nat()), url: maybe(hostileString),
    }, { requiredKeys: [] })),
  };
}

/**
 * Socket.IO packets as text on the engine.io connection: events with broken JSON, wrong packet types, bad ack ids,
 * namespaces that do not exist, binary headers without attachments.
 */
export const rawPacket: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2', '2[', '2["scope:subscribe"', '2["scope:subscribe",{"scope":', '2{}', '2"scope:subscribe"', '2[1,2,3]', '2[null]', '2[{}]',
    '21["scope:subscribe",{"scope":"321171"}', '299999999999999999999["scope:subscribe",{"scope":"321171"}]', '2-1["x"]',
    '0/admin,', '0/nope,{"token":1}', '1', '3', '3["x"]', '4', '4"boom"', '5', '51-["scope:subscribe",{"_placeholder":true,"num":0}]',
    '5999999-["x"]', '6', '9', '', ' ', '2["__proto__",{}]', '2["constructor"]', '2["hasOwnProperty",1]', '2["disconnect"]',
    '2["connect"]', '2["error","x"]', '2["newListener","scope:subscribe"]',
  ),
  fc.tuple(fc.constantFrom('2', '21', '5', '0', '3', '2/admin,'), hostileJson, fc.nat()).map(([type, v, cut]) => {
    const s = type + (JSON.stringify(v) ?? '');
    return cut % 3 === 0 ? s.slice(0, 1 + (cut % s.length)) : s;
  }),
  fc.tuple(fc.constantFrom('scope:subscribe', 'replay:command', 'screen:health'), hostileJson).map(([e, v]) => `2${JSON.stringify([e, v])}`),
  hostileString,
);
