import type { PublicTicket, PublicTicketEvent, Ticket, TicketEvent } from '../../shared/schemas/ticket.js';

/** Decimal places kept of a public ticket's lng/lat: 0.001° is about 110 m north-south and 95 m east-west at 32°N. */
export const PUBLIC_COORD_DECIMALS = 3;
const SCALE = 10 ** PUBLIC_COORD_DECIMALS;
const coarse = (deg: number): number => Math.round(deg * SCALE) / SCALE;

/**
 * The one projection of a ticket for anonymous callers (wall, public API, sockets). Fields are copied by name, never
 * spread: a column added to Ticket later stays private until someone adds it here on purpose. Pure.
 */
export function publicTicket(t: Ticket): PublicTicket {
  return {
    id: t.id,
    category: t.category,
    tier: t.tier,
    status: t.status,
    urgent: t.urgent,
    handlingUnit: t.handlingUnit,
    gridId: t.gridId,
    lng: coarse(t.lng),
    lat: coarse(t.lat),
    reportedAt: t.reportedAt,
    acceptedAt: t.acceptedAt,
    dispatchedAt: t.dispatchedAt,
    startedAt: t.startedAt,
    handledAt: t.handledAt,
    closedAt: t.closedAt,
    evaluatedAt: t.evaluatedAt,
    responseDueAt: t.responseDueAt,
    closeDueAt: t.closeDueAt,
    updatedAt: t.updatedAt,
  };
}

/** A timeline step for anonymous callers: action, statuses and time; the note and the actor are free text. Pure. */
export function publicEvent(e: TicketEvent): PublicTicketEvent {
  return { id: e.id, ticketId: e.ticketId, at: e.at, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus };
}
