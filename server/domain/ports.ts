import type { TicketAction } from '../../shared/constants.js';
import type { Ticket } from '../../shared/schemas/ticket.js';

/** The parts of a summary that change while the server runs. */
export type LiveSection = 'clock' | 'tickets' | 'kpi' | 'series' | 'modules';

/** What domain code tells the outside world. Implemented by realtime/broadcaster.ts; domain never sees sockets. */
export interface Broadcaster {
  scopesChanged(scopes: Iterable<string>, sections: readonly LiveSection[]): void;
  ticketChanged(ticket: Ticket): void;
}

export const nullBroadcaster: Broadcaster = { scopesChanged() {}, ticketChanged() {} };

/** What the ticket service reports of the changes people make (metrics count them); the replay's planned steps are not. */
export interface WriteObserver {
  filed(ticket: Ticket): void;
  transitioned(action: TicketAction): void;
}

/** One clock for both modes: wall time (live) or the replay's virtual time (demo). */
export interface Clock {
  now(): number;
}
