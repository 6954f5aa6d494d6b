import type { PublicTicket } from '../../shared/schemas/ticket.js';

/** The board keeps this many tickets: enough to scroll through, small enough that a year of replay stays flat. */
export const BOARD_MAX_TICKETS = 60;
/** Ripples on the map: the newest few only. */
export const RIPPLES_MAX = 40;
/**
 * A changed ticket we have never seen is shown as new only if it was reported at most this long (virtual time) before
 * the newest one we know: otherwise it is a status change of an old ticket and belongs to no board.
 */
export const FRESH_WINDOW_MS = 3600_000;

/** Tickets on the board, in order of arrival (oldest first). */
export interface TicketBuffer {
  items: PublicTicket[];
  /** The newest reportedAt seen, to tell a new ticket from an old one that changed. */
  newestReportedAt: number;
  /** Counts the demo's jumps back in time seen by fillTickets: the board then starts over instead of scrolling out. */
  epoch: number;
}

export interface Ripple {
  id: number;
  gridId: string;
  lng: number;
  lat: number;
  urgent: boolean;
  /** Wall time the ripple started (epoch ms). */
  at: number;
}

export const EMPTY_BUFFER: TicketBuffer = { items: [], newestReportedAt: 0, epoch: 0 };

/**
 * Folds changed tickets into the buffer: a known ticket is replaced in place, a fresh one appended, and the oldest
 * arrivals fall off past the cap. Returns the fresh tickets (for ripples and urgent interrupts). Pure.
 */
export function mergeTickets(buffer: TicketBuffer, incoming: readonly PublicTicket[]): { buffer: TicketBuffer; fresh: PublicTicket[] } {
  if (incoming.length === 0) return { buffer, fresh: [] };
  const index = new Map(buffer.items.map((t, i) => [t.id, i]));
  const items = buffer.items.slice();
  const fresh: PublicTicket[] = [];
  let newest = buffer.newestReportedAt;
  for (const ticket of incoming) {
    const at = index.get(ticket.id);
    if (at !== undefined) {
      items[at] = ticket;
      continue;
    }
    if (ticket.reportedAt < newest - FRESH_WINDOW_MS) continue;
    index.set(ticket.id, items.length);
    items.push(ticket);
    fresh.push(ticket);
    newest = Math.max(newest, ticket.reportedAt);
  }
  const kept = items.length > BOARD_MAX_TICKETS ? items.slice(items.length - BOARD_MAX_TICKETS) : items;
  const keptIds = new Set(kept.map((t) => t.id));
  return { buffer: { items: kept, newestReportedAt: newest, epoch: buffer.epoch }, fresh: fresh.filter((t) => keptIds.has(t.id)) };
}

/**
 * The fill after every snapshot (GET /api/tickets, newest first): tickets we do not have yet are added oldest first, as
 * if they had arrived in order, and those we have take their current state. Tickets reported after `clock` leave the
 * board: the demo's replay jumped back to before them. Used again after a reconnect to pick up what was missed.
 */
export function fillTickets(buffer: TicketBuffer, newestFirst: readonly PublicTicket[], clock = Infinity): TicketBuffer {
  const fresh = new Map(newestFirst.map((t) => [t.id, t]));
  const current = buffer.items.filter((t) => t.reportedAt <= clock);
  const missing = newestFirst.filter((t) => !current.some((c) => c.id === t.id)).reverse();
  const changed = current.some((t) => (fresh.get(t.id)?.updatedAt ?? t.updatedAt) !== t.updatedAt);
  if (missing.length === 0 && current.length === buffer.items.length && !changed) return buffer;
  const items = [...current.map((t) => fresh.get(t.id) ?? t), ...missing].sort((a, b) => a.reportedAt - b.reportedAt || a.id - b.id);
  const kept = items.slice(Math.max(0, items.length - BOARD_MAX_TICKETS));
  const newest = kept.reduce((m, t) => Math.max(m, t.reportedAt), 0);
  const jumpedBack = current.length < buffer.items.length;
  return { items: kept, newestReportedAt: newest, epoch: buffer.epoch + (jumpedBack ? 1 : 0) };
}

/** Adds ripples for fresh tickets, newest last, capped. */
export function addRipples(ripples: readonly Ripple[], fresh: readonly PublicTicket[], now: number): Ripple[] {
  if (fresh.length === 0) return ripples as Ripple[];
  const added = fresh.map((t) => ({ id: t.id, gridId: t.gridId, lng: t.lng, lat: t.lat, urgent: t.urgent || t.tier === 1, at: now }));
  const all = [...ripples, ...added];
  return all.length > RIPPLES_MAX ? all.slice(all.length - RIPPLES_MAX) : all;
}
