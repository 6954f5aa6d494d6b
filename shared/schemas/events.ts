import Type, { type Static } from 'typebox';
import { SCREEN_URL_MAX_CHARS } from '../constants.js';
import { SCOPE_ID_MAX_CHARS, SCOPE_ID_PATTERN } from '../scope.js';


/*
 * The payload schemas of the client-to-server events. The server checks every event against them (compiled once, in
 * server/realtime/event-guard.ts) before anything else looks at it; replay:command uses ReplayCommandSchema through
 * parseReplayCommand (../replay-command.ts). Strings are bounded, extra fields refused. Kept apart from events.ts, which
 * the wall imports for the event names: the wall never validates its own sends, so it need not bundle TypeBox.
 */

/** scope:subscribe. The scope's existence is checked by the handler, which names the scope it does not know. */
export const ScopeSubscribeSchema = Type.Object({ scope: Type.String({ maxLength: 32 }) }, { additionalProperties: false });
export type ScopeSubscribe = Static<typeof ScopeSubscribeSchema>;

/** screen:health: what a wall reports about itself every 30 s; GET /api/screens serves the last report per screen. */
export const ScreenHealthSchema = Type.Object(
  {
    /** Stable per browser (localStorage), e.g. wall-0123456789abcdef; a person may name a screen "wall-lobby". */
    screenId: Type.String({ maxLength: 80, pattern: '^[A-Za-z0-9_.:-]{1,80}$' }),
    scope: Type.String({ maxLength: SCOPE_ID_MAX_CHARS, pattern: SCOPE_ID_PATTERN }),
    fps: Type.Number({ minimum: 0, maximum: 1000 }),
    heapBytes: Type.Union([Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    deltaLagMs: Type.Union([Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    /**
     * The page's path and query on this server ("/?scope=321171001"), never another site's address: no scheme, no
     * host, no "//" or "/\\" that a browser would read as one.
     */
    url: Type.String({ maxLength: SCREEN_URL_MAX_CHARS, pattern: '^/([^/\\\\\\s][^\\s]*)?$' }),
    /** The secret the server gave this screen id in the ack of its first report; every later report must carry it. */
    secret: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' })),
  },
  { additionalProperties: false },
);
export type ScreenHealth = Static<typeof ScreenHealthSchema>;
