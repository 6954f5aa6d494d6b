import type { Category, PublicTicket } from '../../shared/schemas/ticket.js';
import { getJson } from './http.js';

/** The newest tickets of a scope (GET /api/tickets, newest first). */
export async function fetchTickets(scope: string, limit: number, signal?: AbortSignal): Promise<PublicTicket[]> {
  const page = await getJson<{ items: PublicTicket[] }>(`/api/tickets?scope=${encodeURIComponent(scope)}&limit=${limit}`, signal);
  return Array.isArray(page.items) ? page.items : [];
}

export function fetchCategories(signal?: AbortSignal): Promise<Category[]> {
  return getJson<Category[]>('/api/categories', signal);
}
