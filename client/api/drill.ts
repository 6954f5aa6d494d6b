import type { GridPage, RevealedTicket, TicketPage } from '../../shared/schemas/drill.js';
import type { MediaUploaded } from '../../shared/schemas/media.js';
import type { Ticket, TicketEvent, TransitionBody } from '../../shared/schemas/ticket.js';
import { getJson, request } from './http.js';

export const fetchGridPage = (gridId: string, signal?: AbortSignal): Promise<GridPage> =>
  getJson(`/api/drill/grid/${encodeURIComponent(gridId)}`, signal);

/** A ticket's full masked view with its timeline: fetched when a person opens it, never for a list. */
export const fetchTicketPage = (id: number, signal?: AbortSignal): Promise<TicketPage> =>
  getJson(`/api/drill/tickets/${id}`, signal);

/** A lifecycle step, taken as the logged-in supervisor (cookie + CSRF header). */
export const postTransition = (id: number, body: TransitionBody): Promise<Ticket & { timeline: TicketEvent[] }> =>
  request('POST', `/api/tickets/${id}/transitions`, { body });

/** A ticket's original words, unmasked, for a supervisor in scope; the reason goes to the audit log with who asked. */
export const postReveal = (id: number, reason: string): Promise<RevealedTicket> =>
  request('POST', `/api/tickets/${id}/reveal`, { body: { reason } });

/**
 * Where the browser loads a ticket's photo from. An <img> on the same origin sends the session cookie, and the server
 * answers only readers of the ticket in full (GET /api/media/:id): the URL alone shows nothing to anyone else.
 */
export const photoUrl = (id: string, size: 'thumb' | 'full'): string => `/api/media/${encodeURIComponent(id)}?size=${size}`;

/** One photo to attach (a 处置后 photo at handle): the server re-encodes it and answers its id. */
export function uploadPhoto(file: Blob, name: string): Promise<MediaUploaded> {
  const form = new FormData();
  form.append('file', file, name);
  return request('POST', '/api/media', { form, timeoutMs: 60_000 });
}
