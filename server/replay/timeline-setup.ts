import type { Category, Ticket } from '../../shared/schemas/ticket.js';
import type { CellPlace } from '../domain/handling-unit.js';
import { applyEntry, filedTicket } from '../domain/timeline.js';
import type { ReplayRepository } from '../storage/replay-repository.js';
import type { TicketRepository } from '../storage/ticket-repository.js';

/** Bumped when the way the plan is laid out as a timeline changes; a database with another value is laid out again. */
export const TIMELINE_VERSION = '1';

export interface TimelineSetupDeps {
  plan: ReplayRepository;
  tickets: TicketRepository;
  categories: Map<string, Category>;
  places: Map<string, CellPlace>;
}

/**
 * Lays the 2023 plan out as the demo's timeline, once per database: every planned ticket gets its row (in its filed
 * state, ids 1..n in report order, so a ticket keeps its id through every seek and loop) and every planned step its
 * event row, with the status it moves the ticket from and to. Returns how many tickets and events were written.
 */
export function layOutTimeline(deps: TimelineSetupDeps, onProgress: (line: string) => void = () => {}): { tickets: number; events: number } {
  const { plan, tickets, categories, places } = deps;
  let id = 0;
  let events = 0;
  tickets.transaction(() => {
    plan.clearTickets();
    for (const p of plan.iteratePlans()) {
      id += 1;
      const category = categories.get(p.category)!;
      const place = places.get(p.gridId)!;
      let t: Ticket = { ...filedTicket(p, p.reportedAt, category, place), id };
      tickets.insertTicketWithId({ ...t, ref: p.ref });
      plan.assignTicketId(p.ref, id);
      tickets.appendEvent({ ticketId: id, at: p.reportedAt, action: 'report', fromStatus: null, toStatus: 'reported', actor: p.reporterRole, note: '' });
      events += 1;
      for (const s of p.steps) {
        const entry = { at: s.at, action: s.action, fromStatus: t.status, rating: s.rating ?? null, duplicateOf: null };
        const after = applyEntry(t, entry, category, place);
        if (!after) continue; // the generator plans legal courses only; a step that is not is left out of the timeline
        tickets.appendEvent({
          ticketId: id, at: s.at, action: s.action, fromStatus: t.status, toStatus: after.status, actor: s.actor, note: s.note,
          rating: s.rating ?? null,
        });
        events += 1;
        t = after;
      }
    }
  });
  onProgress(`timeline: ${id} planned tickets and ${events} events laid out`);
  return { tickets: id, events };
}
