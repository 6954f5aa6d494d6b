import { OPEN_STATUSES } from '../../shared/constants.js';
import type { PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import type { TicketFilter } from '../api/tickets.js';

/** A row of a ticket list: a full ticket (in the caller's reach) or its public projection. */
export type ListRow = Ticket | PublicTicket;

/** The newest version of every ticket that ticket:upsert announced while the page was open, by id. */
export type LiveTickets = ReadonlyMap<number, PublicTicket>;

/** Folds an upsert's tickets into the page's live versions (a later version of a ticket replaces an earlier one). */
export function addLive(live: LiveTickets, tickets: readonly PublicTicket[]): LiveTickets {
  if (tickets.length === 0) return live;
  const next = new Map(live);
  for (const t of tickets) {
    const had = next.get(t.id);
    if (!had || had.updatedAt <= t.updatedAt) next.set(t.id, t);
  }
  return next;
}

const isOpen = (t: PublicTicket): boolean => OPEN_STATUSES.includes(t.status);

/** Whether a ticket belongs in a list with this filter: the same tests GET /api/tickets makes, on public fields. */
export function matchesFilter(t: PublicTicket, f: TicketFilter, now: number | null): boolean {
  if (!t.gridId.startsWith(f.scope)) return false;
  if (f.status && t.status !== f.status) return false;
  if (f.tier && t.tier !== f.tier) return false;
  if (f.category && t.category !== f.category) return false;
  if (f.open && !isOpen(t)) return false;
  if (f.overdue && !(isOpen(t) && now !== null && t.closeDueAt < now)) return false;
  if (f.from !== undefined && t.reportedAt < f.from) return false;
  if (f.to !== undefined && t.reportedAt > f.to) return false;
  return true;
}

/**
 * The list as the socket has moved it since it was fetched: a listed ticket takes its newer status and times in place
 * (keeping the title and whatever else only the full ticket has); a new ticket that matches the filter is added in id
 * order (newest first, as the server lists them). One older than the loaded pages is left for "load more" to bring.
 */
export function overlayLive(rows: readonly ListRow[], live: LiveTickets, f: TicketFilter, now: number | null, complete: boolean): ListRow[] {
  if (live.size === 0) return [...rows];
  const listed = new Set(rows.map((r) => r.id));
  const out = rows.map((r) => {
    const newer = live.get(r.id);
    return newer && newer.updatedAt >= r.updatedAt ? { ...r, ...newer } : r;
  });
  const oldest = rows.length > 0 ? rows[rows.length - 1].id : Infinity;
  const added = [...live.values()].filter((t) => !listed.has(t.id) && (complete || t.id > oldest) && matchesFilter(t, f, now));
  if (added.length === 0) return out;
  return [...out, ...added].sort((a, b) => b.id - a.id);
}
