import type { PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import { can, type Principal } from '../auth/policy.js';
import { publicTicket } from '../domain/projection.js';

/**
 * Whether a caller reads a ticket in full: the drill-down's own rule (policy.ts, 'drill:read' on the ticket's cell), so a
 * town supervisor reads its town's tickets in full and everyone else's like an anonymous caller. Intake tokens never do.
 */
export function readsInFull(p: Principal | null, t: Pick<Ticket, 'gridId'>): boolean {
  return can(p, 'drill:read', t.gridId);
}

/** The ticket as this caller may see it: in full inside its reach, the public projection elsewhere. */
export function ticketFor(p: Principal | null, t: Ticket): Ticket | PublicTicket {
  return readsInFull(p, t) ? t : publicTicket(t);
}
