import type { TicketStatus } from '../../shared/constants.js';
import type { Category, PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import { getJson, query } from './http.js';

export interface TicketFilter {
  scope: string;
  status?: TicketStatus;
  tier?: 1 | 2 | 3;
  category?: string;
  overdue?: boolean;
  /** Only open tickets (any open status). */
  open?: boolean;
  /** Reported from / to, epoch ms. */
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

/** Tickets inside the caller's reach come in full, the others as their public projection (no title). */
export interface TicketList {
  items: (Ticket | PublicTicket)[];
  nextCursor: string | null;
}

/** One page of a scope's tickets, newest first (GET /api/tickets). */
export async function fetchTickets(f: TicketFilter, signal?: AbortSignal): Promise<TicketList> {
  const page = await getJson<Partial<TicketList>>(`/api/tickets${query({ ...f })}`, signal);
  return { items: Array.isArray(page.items) ? page.items : [], nextCursor: page.nextCursor ?? null };
}

let categoriesCache: Promise<Category[]> | null = null;
/** The catalogue does not change while a page is open: fetched once, and again only after a failure. */
export function fetchCategories(): Promise<Category[]> {
  categoriesCache ??= getJson<Category[]>('/api/categories').catch((err: unknown) => {
    categoriesCache = null;
    throw err;
  });
  return categoriesCache;
}
