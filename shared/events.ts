import type { ReplayCommand, ReplayState } from './schemas/common.js';
import type { ScopeSubscribe, ScreenHealth } from './schemas/events.js';
import type { ScopeChild } from './schemas/drill.js';
import type { CellMeasures, Summary } from './schemas/summary.js';
import type { PublicTicket } from './schemas/ticket.js';

export type { ScopeSubscribe, ScreenHealth };

/** Every socket acknowledgement has this shape; a refusal's `error` is a sentence, `field` the offending field if any. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: string; field?: string };

/**
 * The snapshot a subscriber receives in its ack: the room's current seq and everything a wall shows of the scope, so
 * that a connected wall needs no HTTP request after its first load (geometry and catalogue only). All public:
 * aggregates and the public projection of tickets, never what a resident wrote.
 */
export interface ScopeSnapshot {
  seq: number;
  summary: Summary;
  /** Open, overdue and total tickets of every grid cell inside the scope (a grid cell scope: itself), by cell id. */
  cells: CellMeasures;
  /**
   * The scope's children with their numbers, in code order: the district's towns, a town's villages, a village's grid
   * cells; empty for a grid cell. The same rows as GET /api/scopes/:id/children, for the wall's and the drill's ranking.
   */
  children: ScopeChild[];
  /** The scope's newest tickets (by id, up to BOARD_INITIAL_TICKETS), newest first, public projection: the board's fill. */
  board: PublicTicket[];
}

/**
 * A change to one scope. `patch` holds whole top-level sections of the summary as they are now; `cells` the measures
 * of the scope's cells and `children` the rows of its children that changed since the room's previous delta (or its
 * snapshot), each whole and as it is now; both are absent when none changed. Everything in a delta travels under one
 * seq: applying the deltas in seq order to the snapshot (patch section by section, cells and children by id) yields
 * the server's state. `seq` is the snapshot's seq plus the number of deltas; a gap means re-subscribe (a fresh
 * snapshot). The board is not in deltas: `ticket:upsert` carries new and changed tickets.
 */
export interface ScopeDelta {
  scope: string;
  seq: number;
  patch: Partial<Pick<Summary, 'clock' | 'tickets' | 'kpi' | 'series' | 'modules' | 'supervise'>>;
  cells?: CellMeasures;
  children?: ScopeChild[];
}

/**
 * New or changed tickets for a room, newest last, in their public projection (any socket may listen); `dropped` counts
 * changes left out in this window (max speed).
 */
export interface TicketUpsert {
  scope: string;
  tickets: PublicTicket[];
  dropped: number;
}

/**
 * The answer to a screen's health report: `secret` on the report that registered the screen id (the wall keeps it
 * and sends it with every later report), null afterwards. A refusal with field "secret" means the id is someone else's.
 */
export interface ScreenReceipt {
  secret: string | null;
}

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
  /** To a reporter's own sockets only: one of their tickets changed (ids and status, never words). */
  'ticket:mine': (change: MineChange) => void;
}

/** What a reporter's socket hears when one of their tickets changes; GET /api/me/tickets has the rest. */
export interface MineChange {
  id: number;
  status: string;
  at: number;
}

export interface ClientToServerEvents {
  'scope:subscribe': (req: ScopeSubscribe, ack: (res: Ack<ScopeSnapshot>) => void) => void;
  'replay:command': (cmd: ReplayCommand, ack: (res: Ack<ReplayState>) => void) => void;
  'screen:health': (report: ScreenHealth, ack: (res: Ack<ScreenReceipt>) => void) => void;
}

/**
 * What nodes of a push cluster (MOSHAO_ROLE=writer|edge) ask each other over the Socket.IO adapter. An edge asks, the
 * writer answers; every other node answers null (an emit with ack waits for every node). Payloads stay opaque here:
 * the writer checks them exactly as it checks a socket's own events.
 */
export interface EdgeSubscribed {
  snapshot: ScopeSnapshot;
  replay: ReplayState | null;
}
export type WriterAnswer<T> = (res: Ack<T> | null) => void;

export interface InterServerEvents {
  /** A wall on an edge subscribes: the writer notes the edge's interest in the scope and answers the snapshot. */
  'edge:subscribe': (edgeId: string, payload: unknown, ack: WriterAnswer<EdgeSubscribed>) => void;
  /** A wall's replay command, with its handshake's cookie header for the writer's replay gate. */
  'edge:replay': (cookie: string | null, payload: unknown, ack: WriterAnswer<ReplayState>) => void;
  /**
   * A wall's health report, under its socket id (unique in the cluster: screen:reload reaches it by that id) and the
   * address the edge counts it under (screens per address).
   */
  'edge:health': (edgeId: string, socketId: string, address: string, payload: unknown, ack: WriterAnswer<ScreenReceipt>) => void;
  'edge:disconnected': (socketId: string) => void;
  /** Every few seconds, each edge: the scopes its walls watch and its sockets, so the writer emits only where needed. */
  'edge:presence': (edgeId: string, scopes: string[], socketIds: string[]) => void;
}

export interface SocketData {
  scope: string | null;
  screenId: string | null;
}
