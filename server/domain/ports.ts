import type { TicketAction } from '../../shared/constants.js';
import type { ModuleEvent } from '../../shared/schemas/modules.js';
import type { Ticket, TicketEvent } from '../../shared/schemas/ticket.js';
import type { TimelineEntry } from './timeline.js';

/** The parts of a summary that change while the server runs. */
export type LiveSection = 'clock' | 'tickets' | 'kpi' | 'series' | 'modules';

/** What domain code tells the outside world. Implemented by realtime/broadcaster.ts; domain never sees sockets. */
export interface Broadcaster {
  scopesChanged(scopes: Iterable<string>, sections: readonly LiveSection[]): void;
  ticketChanged(ticket: Ticket): void;
}

export const nullBroadcaster: Broadcaster = { scopesChanged() {}, ticketChanged() {} };

/** What the ticket service reports of the changes people make (metrics count them); the replay's planned steps are not. */
export interface WriteObserver {
  filed(ticket: Ticket): void;
  transitioned(action: TicketAction): void;
}

/** One clock for both modes: wall time (live) or the replay's virtual time (demo). */
export interface Clock {
  now(): number;
}

/** One row of a ticket's append-only history, as the service writes it. */
export interface NewEvent {
  ticketId: number;
  at: number;
  action: TicketEvent['action'];
  fromStatus: TicketEvent['fromStatus'];
  toStatus: TicketEvent['toStatus'];
  actor: string;
  note: string;
  rating?: number | null;
  duplicateOf?: number | null;
}

/**
 * Where the ticket service keeps tickets and their events: the part of storage it needs, declared here so that domain
 * never imports storage. Implemented by storage/ticket-repository.ts.
 */
export interface TicketStore {
  insertTicket(t: Omit<Ticket, 'id'> & { ref?: string | null }): number;
  /** Writes the fields a transition changes; `stored` (the row as stored, when known) lets it skip untouched indexes. */
  updateTicket(t: Ticket, stored?: Pick<Ticket, 'tier' | 'duplicateOf'>): void;
  appendEvent(e: NewEvent): void;
  findTicket(id: number): Ticket | null;
  /** The tickets with these ids, in one statement (a replay slice reads the tickets it moves at once). */
  findTicketsByIds(ids: readonly number[]): Ticket[];
  /** The events of a ticket up to an instant (the demo's timeline holds later ones too), in timeline order. */
  listEventsUntil(ticketId: number, until: number): TicketEvent[];
  /** Open tickets of a category inside a lng/lat box, reported by `until` (the caller refines by distance). */
  findOpenInBox(category: string, box: { minLng: number; maxLng: number; minLat: number; maxLat: number }, excludeId: number, until: number): Ticket[];
  /** Runs fn atomically; inside an outer transaction it joins it. */
  transaction<T>(fn: () => T): T;
}

/**
 * The demo's timeline, seen from the service. A person acts at the instant up to which the year has been applied
 * (the replay catches up with its clock before a group of writes), so the action lands after everything before it,
 * as it will in every later replay of the year; what the person did is then recorded for later seeks. Implemented by
 * replay/demo-timeline.ts; absent in live mode.
 */
export interface TimelinePort {
  now(): number;
  recorded(ticket: Ticket, entry: TimelineEntry): void;
}

/** One of other systems' 人车房物 events as the module-event service stores it. */
export interface NewModuleEventRow {
  caller: string;
  event: ModuleEvent;
  at: number;
  bodyHash: string;
  receivedAt: number;
}

/** Where module events are kept: their idempotency per sender, and the rows. Implemented by storage/module-event-repository.ts. */
export interface ModuleEventStore {
  /** The body hash of the sender's event with this id, or null when it has not sent one. */
  hashOf(caller: string, id: string): string | null;
  insertAll(rows: readonly NewModuleEventRow[]): void;
}

/**
 * Attaches uploaded photos (POST /api/media) to a ticket: the report's own ('before') or a handle's 处置后 ('after').
 * Every id must name a photo that `uploaderKey` (policy.ts callerId, or 'anonymous' for residents) uploaded and that is
 * not attached yet; otherwise it throws a 4xx DomainError naming the id and attaches none. Call it inside the write
 * that files or moves the ticket, so the ticket and its photos commit together. Implemented by server/media/media-service.ts.
 */
export interface MediaAttacher {
  attachMedia(ticketId: number, mediaIds: readonly string[], stage: 'before' | 'after', uploaderKey: string): void;
}

/**
 * Where the bytes of photos live, by content: `key` is the sha256 of the stored copy, `variant` one of its sizes. Files
 * under MOSHAO_MEDIA_DIR now (server/media/file-store.ts); an S3-compatible bucket would implement the same three calls
 * for several machines (docs/operating.md).
 */
export interface MediaBlobStore {
  put(key: string, variant: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when there are none (deleted, or never stored). */
  get(key: string, variant: string): Promise<Buffer | null>;
  delete(key: string, variant: string): Promise<void>;
}

/** Which photos tickets have, for a reporter's own list; the media service implements it, none without it. */
export interface TicketPhotos {
  photosOf(ticketIds: readonly number[]): Map<number, { id: string; stage: 'before' | 'after' }[]>;
}
