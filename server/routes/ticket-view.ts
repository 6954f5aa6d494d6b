import type { PublicTicket, Ticket, TicketEvent } from '../../shared/schemas/ticket.js';
import { can, type Principal } from '../auth/policy.js';
import { maskEvent, maskTicket } from '../domain/masking.js';
import { publicTicket } from '../domain/projection.js';

/**
 * Whether a caller reads a ticket in full: the drill-down's own rule (policy.ts, 'drill:read' on the ticket's cell), so a
 * town supervisor reads its town's tickets in full and everyone else's like an anonymous caller. Intake tokens never do.
 */
export function readsInFull(p: Principal | null, t: Pick<Ticket, 'gridId'>): boolean {
  return can(p, 'drill:read', t.gridId);
}

/**
 * A full ticket as every reader gets it, whatever the role: phone and ID numbers and names in what the resident wrote
 * masked. The original words go out only through POST /api/tickets/:id/reveal, which is audited.
 */
export const maskedTicket = (t: Ticket): Ticket => maskTicket(t);

/** A full timeline as every reader gets it: each note masked, like the ticket's own words. */
export const maskedTimeline = (events: readonly TicketEvent[]): TicketEvent[] => events.map(maskEvent);

/** The ticket as this caller may see it: in full (masked) inside its reach, the public projection elsewhere. */
export function ticketFor(p: Principal | null, t: Ticket): Ticket | PublicTicket {
  return readsInFull(p, t) ? maskedTicket(t) : publicTicket(t);
}
