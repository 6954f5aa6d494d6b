import type { TicketAction } from '../../shared/constants.js';
import type { ModuleEvent } from '../../shared/schemas/modules.js';
import type { Ticket, TicketEvent } from '../../shared/schemas/ticket.js';
import { DomainError } from './errors.js';
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
  /** Writes the fields a transition changes (the filing fields never change after intake). */
  updateTicket(t: Ticket): void;
  appendEvent(e: NewEvent): void;
  findTicket(id: number): Ticket | null;
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
 * Photos becoming part of a ticket (implemented by the media service): called inside the filing's (or a transition's)
 * write transaction, so the ticket and its photos are written together. Refuses (throws a DomainError 400) ids it does
 * not know, ids already attached, or ids another uploader sent.
 */
export interface MediaAttacher {
  attachMedia(ticketId: number, mediaIds: string[], stage: 'before' | 'after', uploaderKey: string): void;
}

/** Until the media service is wired in, no id is known: a report with photos is refused, one without goes through. */
export const noMedia: MediaAttacher = {
  attachMedia(_ticketId, mediaIds) {
    if (mediaIds.length > 0) throw new DomainError(400, 'unknown_media', `Unknown photo id "${mediaIds[0]}": upload it first (POST /api/media).`, 'photos');
  },
};

/** Which photos tickets have, for a reporter's own list; the media service implements it, none without it. */
export interface TicketPhotos {
  photosOf(ticketIds: readonly number[]): Map<number, { id: string; stage: 'before' | 'after' }[]>;
}
export const noTicketPhotos: TicketPhotos = { photosOf: () => new Map() };
