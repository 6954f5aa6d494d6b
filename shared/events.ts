import Type, { type Static } from 'typebox';
import { SCREEN_URL_MAX_CHARS } from './constants.js';
import type { ReplayCommand, ReplayState } from './schemas/common.js';
import type { Summary } from './schemas/summary.js';
import type { Ticket } from './schemas/ticket.js';

/** Every socket acknowledgement has this shape; a refusal's `error` is a sentence, `field` the offending field if any. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: string; field?: string };

/** The snapshot a subscriber receives in its ack: the scope's whole summary and the room's current seq. */
export interface ScopeSnapshot {
  seq: number;
  summary: Summary;
}

/**
 * A change to one scope. `patch` holds whole top-level sections of the summary as they are now; applying the patch to
 * the snapshot (section by section) yields the server's state. `seq` is the snapshot's seq plus the number of deltas.
 */
export interface ScopeDelta {
  scope: string;
  seq: number;
  patch: Partial<Pick<Summary, 'clock' | 'tickets' | 'kpi' | 'series' | 'modules'>>;
}

/** New or changed tickets for a room, newest last; `dropped` counts changes left out in this window (max speed). */
export interface TicketUpsert {
  scope: string;
  tickets: Ticket[];
  dropped: number;
}

/** Scope ids as scopeLevelOf (scope.ts) reads them: district, town, village, or grid cell. */
const SCOPE_ID_PATTERN = '^321171(\\d{3}|\\d{6}|\\d{6}-\\d{2})?$';

/*
 * The payload schemas of the client-to-server events. The server checks every event against them (compiled once, in
 * server/realtime/event-guard.ts) before anything else looks at it; replay:command uses ReplayCommandSchema through
 * parseReplayCommand (replay-command.ts). Strings are bounded, extra fields refused.
 */

/** scope:subscribe. The scope's existence is checked by the handler, which names the scope it does not know. */
export const ScopeSubscribeSchema = Type.Object({ scope: Type.String({ maxLength: 32 }) }, { additionalProperties: false });
export type ScopeSubscribe = Static<typeof ScopeSubscribeSchema>;

/** screen:health: what a wall reports about itself every 30 s; GET /api/screens serves the last report per screen. */
export const ScreenHealthSchema = Type.Object(
  {
    /** Stable per browser (localStorage), e.g. wall-0123456789abcdef; a person may name a screen "wall-lobby". */
    screenId: Type.String({ maxLength: 80, pattern: '^[A-Za-z0-9_.:-]{1,80}$' }),
    scope: Type.String({ maxLength: 21, pattern: SCOPE_ID_PATTERN }),
    fps: Type.Number({ minimum: 0, maximum: 1000 }),
    heapBytes: Type.Union([Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    deltaLagMs: Type.Union([Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    /**
     * The page's path and query on this server ("/?scope=321171001"), never another site's address: no scheme, no
     * host, no "//" or "/\\" that a browser would read as one.
     */
    url: Type.String({ maxLength: SCREEN_URL_MAX_CHARS, pattern: '^/([^/\\\\\\s][^\\s]*)?$' }),
  },
  { additionalProperties: false },
);
export type ScreenHealth = Static<typeof ScreenHealthSchema>;

/** Event names, declared once. */
export const EVENTS = {
  scopeSubscribe: 'scope:subscribe',
  scopeDelta: 'scope:delta',
  ticketUpsert: 'ticket:upsert',
  replayState: 'replay:state',
  replayCommand: 'replay:command',
  screenHealth: 'screen:health',
  screenReload: 'screen:reload',
} as const;

export interface ServerToClientEvents {
  'scope:delta': (delta: ScopeDelta) => void;
  'ticket:upsert': (upsert: TicketUpsert) => void;
  'replay:state': (state: ReplayState) => void;
  'screen:reload': () => void;
}

export interface ClientToServerEvents {
  'scope:subscribe': (req: { scope: string }, ack: (res: Ack<ScopeSnapshot>) => void) => void;
  'replay:command': (cmd: ReplayCommand, ack: (res: Ack<ReplayState>) => void) => void;
  'screen:health': (report: ScreenHealth, ack?: (res: Ack<null>) => void) => void;
}

export interface InterServerEvents {
  ping: () => void;
}

export interface SocketData {
  scope: string | null;
  screenId: string | null;
}
