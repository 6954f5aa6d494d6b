import { getJson, request } from '../api/http.js';
import type { Me } from '../../shared/schemas/auth.js';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { Health } from '../../shared/schemas/responses.js';
import type { Category, PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import type { TicketStatus } from '../../shared/constants.js';
import type { JobKind, QueueSender } from './queue.js';

/**
 * The phone app's calls, as the reporters' contract states them (accounts, resident reports, rounds, ratings, my
 * tickets, photos). Every call goes through client/api/http.ts, the one HTTP client: CSRF, errors and timeouts there.
 */

export interface ReporterInfo {
  staffId: number;
  staffRole: 'info_officer' | 'central_household';
  gridId: string;
  gridName: string;
  villageCode: string;
  villageName: string;
}
export type MMe = Me & { reporter?: ReporterInfo };

export const fetchHealth = (): Promise<Health> => getJson<Health>('/api/health');
export const fetchCategories = (): Promise<Category[]> => getJson<Category[]>('/api/categories');
/** The grid's geometry under its versioned URL, which the browser keeps (and the phone has offline from its cache). */
export const fetchGrid = (version?: string): Promise<GeoCollection> =>
  getJson<GeoCollection>(`/api/geo?level=grid${version ? `&v=${encodeURIComponent(version)}` : ''}`);

export const activate = (code: string, password: string): Promise<{ username: string }> =>
  request('POST', '/api/reporters/activate', { body: { code, password }, quiet401: true });

export interface Filed { receipt?: string; ticketId?: number; ticket?: { id: number }; status?: string }
export interface MineTicket extends Ticket {
  photos?: { id: string; stage: 'before' | 'after' }[];
  /** Every step, a return or a rework included (older servers sent none: the step times stand in). */
  timeline?: { at: number; action: string; status: TicketStatus }[];
}
export const fetchMine = (cursor?: string): Promise<{ items: MineTicket[]; nextCursor: string | null }> =>
  getJson(`/api/me/tickets${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);

export interface Track {
  receipt: string;
  ticket: PublicTicket;
  timeline: { at: number; action: string; status: TicketStatus }[];
  canRate: boolean;
}
export const fetchTrack = (receipt: string): Promise<Track> => getJson(`/api/track/${encodeURIComponent(receipt)}`);

export const rate = (ticketId: number, rating: number, comment: string, receipt?: string): Promise<{ id: number; status: string; rating: number }> =>
  request('POST', `/api/tickets/${ticketId}/rating`, { body: { rating, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(receipt ? { receipt } : {}) } });

export interface RoundDay { date: string; items: { device: string; result: 'ok' | 'fault'; note?: string }[]; tickets: number[] }
export const fetchRounds = (days = 30): Promise<{ days: RoundDay[] }> => getJson(`/api/rounds/mine?days=${days}`);

/** Where each kind of outbox item is posted. */
const PATHS: Record<JobKind, string> = { ticket: '/api/tickets', public: '/api/public/reports', rounds: '/api/rounds' };

/** Uploads take longer than a JSON call on a village's mobile network. */
const UPLOAD_TIMEOUT_MS = 60_000;

export const sender: QueueSender = {
  async upload(blob) {
    const form = new FormData();
    form.append('file', blob, 'photo.jpg');
    const media = await request<{ id: string }>('POST', '/api/media', { form, timeoutMs: UPLOAD_TIMEOUT_MS });
    return media.id;
  },
  async send(kind, body, key) {
    try {
      return await request('POST', PATHS[kind], { body, headers: { 'Idempotency-Key': key } });
    } catch (err) {
      // A round whose first answer was lost: the server has it, which is what was wanted.
      if (kind === 'rounds' && (err as { code?: string }).code === 'already_recorded') return { alreadyRecorded: true };
      throw err;
    }
  },
};
