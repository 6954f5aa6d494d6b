import type { TicketStatus } from '../../../shared/constants.js';
import type { GridPage, ScopeChildren, TicketPage } from '../../../shared/schemas/drill.js';
import type { Summary } from '../../../shared/schemas/summary.js';
import type { Category, PublicTicket, Ticket, TicketEvent, TransitionBody } from '../../../shared/schemas/ticket.js';
import { getJson, query, request } from './request.js';

export const fetchSummary = (scope: string, signal?: AbortSignal): Promise<Summary> =>
  getJson(`/api/summary${query({ scope })}`, signal);

export const fetchChildren = (scope: string, signal?: AbortSignal): Promise<ScopeChildren> =>
  getJson(`/api/scopes/${encodeURIComponent(scope)}/children`, signal);

export const fetchGridPage = (gridId: string, signal?: AbortSignal): Promise<GridPage> =>
  getJson(`/api/drill/grid/${encodeURIComponent(gridId)}`, signal);

export const fetchTicketPage = (id: number, signal?: AbortSignal): Promise<TicketPage> =>
  getJson(`/api/drill/tickets/${id}`, signal);

let categoriesCache: Promise<Category[]> | null = null;
/** The catalogue does not change while the page is open: fetched once. */
export function fetchCategories(): Promise<Category[]> {
  categoriesCache ??= getJson<Category[]>('/api/categories').catch((err: unknown) => {
    categoriesCache = null;
    throw err;
  });
  return categoriesCache;
}

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

export const fetchTickets = (f: TicketFilter, signal?: AbortSignal): Promise<TicketList> =>
  getJson(`/api/tickets${query({ ...f })}`, signal);

/** A lifecycle step, taken as the logged-in supervisor (cookie + CSRF header). */
export const postTransition = (id: number, body: TransitionBody): Promise<Ticket & { timeline: TicketEvent[] }> =>
  request('POST', `/api/tickets/${id}/transitions`, { body });
