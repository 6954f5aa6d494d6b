import type { RevealedTicket } from '../../shared/schemas/drill.js';
import type { Ticket, TicketEvent } from '../../shared/schemas/ticket.js';

/**
 * The ticket and timeline with a reveal's original words in place of the masked ones; a step the reveal did not cover
 * (one added since) keeps its masked note. Pure.
 */
export function applyReveal(ticket: Ticket, timeline: readonly TicketEvent[], revealed: RevealedTicket | null): { ticket: Ticket; timeline: readonly TicketEvent[] } {
  if (!revealed || revealed.id !== ticket.id) return { ticket, timeline };
  const notes = new Map(revealed.notes.map((n) => [n.eventId, n.note]));
  return {
    ticket: { ...ticket, title: revealed.title, description: revealed.description, address: revealed.address },
    timeline: timeline.map((e) => (notes.has(e.id) ? { ...e, note: notes.get(e.id)! } : e)),
  };
}
