import type { Ticket } from '../../shared/schemas/ticket.js';

/** The parts of a summary that change while the server runs. */
export type LiveSection = 'clock' | 'tickets' | 'kpi' | 'series' | 'modules';

/** What domain code tells the outside world. Implemented by realtime/broadcaster.ts; domain never sees sockets. */
export interface Broadcaster {
  scopesChanged(scopes: Iterable<string>, sections: readonly LiveSection[]): void;
  ticketChanged(ticket: Ticket): void;
}

export const nullBroadcaster: Broadcaster = { scopesChanged() {}, ticketChanged() {} };

/** One clock for both modes: wall time (live) or the replay's virtual time (demo). */
export interface Clock {
  now(): number;
}
