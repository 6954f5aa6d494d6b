import type { TicketAction, TicketStatus, Tier } from '../../shared/constants.js';
import { closeDueAt, responseDueAt } from '../../shared/deadlines.js';
import type { Category, Ticket, TicketFiling } from '../../shared/schemas/ticket.js';
import { handlingUnitFor, type CellPlace } from './handling-unit.js';
import { reduceTicket } from './ticket-reducer.js';

/**
 * One entry of a ticket's timeline as the fold needs it: the recorded action, when, and the status it was recorded
 * from. The demo's year is such a timeline (the plan's steps and whatever people did at a virtual instant), and a
 * ticket's state at any instant T is the fold of its entries up to T.
 */
export interface TimelineEntry {
  at: number;
  action: 'report' | TicketAction;
  fromStatus: TicketStatus | null;
  rating: number | null;
  duplicateOf: number | null;
}

/** A stored ticket row as the demo's timeline index reads it: id, category, grid cell, report time. */
export type TimelineTicketRow = [id: number, category: string, gridId: string, reportedAt: number];
/** A stored event row as the replay and the index read it: ticket, time, action, from status, rating, merged into. */
export type TimelineRow = [ticketId: number, at: number, action: string, fromStatus: string | null, rating: number | null, duplicateOf: number | null];

/** The ticket as filed at `at`, before anyone acted on it. Pure: intake, the plan and the fold all start here. */
export function filedTicket(input: TicketFiling, at: number, category: Category, place: CellPlace): Omit<Ticket, 'id'> {
  return {
    title: input.title, description: input.description, category: category.code, tier: category.tier,
    status: 'reported', channel: input.channel, reporterRole: input.reporterRole, urgent: input.urgent,
    gridId: input.gridId, lng: input.lng, lat: input.lat, address: input.address,
    handlingUnit: handlingUnitFor(category.tier, place, category.code), reportedAt: at,
    acceptedAt: null, dispatchedAt: null, startedAt: null, handledAt: null, closedAt: null, evaluatedAt: null,
    responseDueAt: responseDueAt(at, category), closeDueAt: closeDueAt(at, category),
    escalations: 0, reworks: 0, rating: null, duplicateOf: null, updatedAt: at,
  };
}

/**
 * The ticket after one recorded entry, or null when the entry does not apply. An entry applies only to the status it
 * was recorded from: when a supervisor moved a demo ticket by hand, the plan's later steps for the old course no
 * longer apply, in the live replay and in a seek alike. The report entry is the filing itself (the initial state).
 */
export function applyEntry(t: Ticket, e: TimelineEntry, category: Category, place: CellPlace): Ticket | null {
  if (e.action === 'report' || e.fromStatus !== t.status) return null;
  const r = reduceTicket(t, { action: e.action, at: e.at, rating: e.rating ?? undefined, duplicateOf: e.duplicateOf ?? undefined },
    category, (tier: Tier) => handlingUnitFor(tier, place, category.code));
  return r.ok ? r.ticket : null;
}

/** The state at `until` of a ticket from its filed state and its entries, sorted by time (report first). */
export function foldTicket(initial: Ticket, entries: Iterable<TimelineEntry>, until: number, category: Category, place: CellPlace): Ticket {
  let t = initial;
  for (const e of entries) {
    if (e.at > until) break;
    t = applyEntry(t, e, category, place) ?? t;
  }
  return t;
}
