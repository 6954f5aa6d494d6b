import type { FastifyBaseLogger } from 'fastify';
import type { NewTicket, Ticket } from '../../shared/schemas/ticket.js';
import { callerId, decide, type Principal } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import type { RouteContext } from './context.js';
import { bodyHash, replayOf } from './idempotency.js';

/** What a caller gets back: its ticket, and whether it was filed by an earlier request with the same Idempotency-Key. */
export type IntakeOutcome = { ticket: Ticket; replayed: boolean };

export interface IntakeRequest {
  /** Validated against NewTicketSchema (Open311 builds one from its own fields). */
  body: NewTicket;
  /** The optional Idempotency-Key: same caller, key and body answer the first ticket again; another body is a 422. */
  key: string | undefined;
  /**
   * The caller, already allowed 'ticket:create' somewhere; its reach is checked on the cell once the report is placed.
   * null: a resident without an account (POST /api/public/reports), who may report anywhere in the district.
   */
  principal: Principal | null;
  /** Who filed it, kept for "my reports" and rating: a reporter's account, or the hash of a resident's receipt. */
  owner?: { accountId: number; receiptHash: null } | { accountId: null; receiptHash: string };
  ip: string;
  /** The request's logger: the filing is logged once, with its request id. */
  log: FastifyBaseLogger;
  /**
   * Whose uploads `body.photos` must be (server/media/media-service.ts): the caller's own (callerId) unless given, e.g.
   * ANONYMOUS_UPLOADER for residents.
   */
  uploaderKey?: string;
}

/**
 * The one way a report becomes a ticket, for every door that takes reports (POST /api/tickets, Open311). The route
 * authenticates the caller and charges its intake budget; this answers a retried Idempotency-Key, checks the category,
 * places the report, checks the caller's reach on its cell, and files it in the write batch with its audit entry.
 */
export function createIntake(ctx: RouteContext) {
  const { audit } = ctx.auth;

  /** The cell and point of a report: a point inside the district (and inside gridId if both are sent), or a known cell. */
  const place = (body: NewTicket): { gridId: string; lng: number; lat: number } => {
    if (body.location) {
      const { lng, lat } = body.location;
      const located = ctx.locateCell(lng, lat);
      if (!located) {
        throw new DomainError(422, 'outside_district', `The point (${lng}, ${lat}) lies outside 镇江经开区; report a place inside the district.`, 'location');
      }
      if (body.gridId && body.gridId !== located) {
        throw new DomainError(422, 'location_mismatch', `The point lies in grid cell ${located}, not in ${body.gridId}.`, 'gridId');
      }
      return { gridId: located, lng, lat };
    }
    if (body.gridId) {
      const cell = ctx.cells.get(body.gridId);
      if (!cell) throw new DomainError(400, 'unknown_grid', `Unknown grid cell "${body.gridId}".`, 'gridId');
      return { gridId: body.gridId, lng: cell.centroid[0], lat: cell.centroid[1] };
    }
    throw new DomainError(400, 'missing_location', 'Give either "gridId" or "location": { lng, lat } so the ticket can be placed.', 'location');
  };

  return async function fileReport(r: IntakeRequest): Promise<IntakeOutcome> {
    // A live database starts with its divisions and no cells: there is nowhere to put a ticket until a world is imported.
    if (ctx.cells.size === 0) {
      throw new DomainError(409, 'no_world', 'No district world has been imported, so a ticket has no grid cell to go to: run npm run world:import -- <dir> and restart the server (docs/world.md).');
    }
    const { body, key, principal } = r;
    // Keys are per caller: another token's key of the same spelling is another key; a resident's are its address's.
    const caller = principal ? callerId(principal) : `resident:${r.ip}`;
    const hash = key ? bodyHash(body) : '';
    const earlierTicket = () => (key ? replayOf(ctx.tickets.findIdempotent(caller, key), hash) : null);
    const answerAgain = (id: number): IntakeOutcome => ({ ticket: ctx.service.getTicket(id)!.ticket, replayed: true });
    const earlier = earlierTicket();
    if (earlier !== null) return answerAgain(earlier);

    if (!ctx.categories.some((c) => c.code === body.category)) {
      throw new DomainError(400, 'unknown_category', `Unknown category "${body.category}"; GET /api/categories lists the valid codes.`, 'category');
    }
    const { gridId, lng, lat } = place(body);
    if (principal) {
      const allowed = decide(principal, 'ticket:create', gridId);
      if (!allowed.ok) throw new DomainError(allowed.status, allowed.code, allowed.message);
    }
    const photos = body.photos ?? [];
    const uploaderKey = r.uploaderKey ?? caller;
    // Checked before the write, so a wrong id refuses the report before anything changes; attached inside it.
    ctx.media.checkAttachable(photos, uploaderKey);
    const outcome = await ctx.writes.run(() => {
      // Checked again inside the write: a retry may have landed in the same group commit.
      const raced = earlierTicket();
      if (raced !== null) return { replayOf: raced };
      return ctx.service.fileTicket({
        category: body.category, title: body.title.trim(), description: body.description?.trim() ?? '', channel: body.channel,
        reporterRole: body.reporterRole, urgent: body.urgent ?? false, gridId, lng, lat, address: body.address?.trim() ?? '',
      }, undefined, (t) => {
        if (key) ctx.tickets.saveIdempotent(caller, key, { ticketId: t.id, bodyHash: hash }, t.reportedAt);
        if (r.owner) ctx.auth.reporterRepo.linkTicket(t.id, r.owner);
        // Inside the write: a refused photo id rolls the ticket back with it.
        if (photos.length > 0) ctx.media.attachMedia(t.id, photos, 'before', uploaderKey);
        audit.record(principal ?? { kind: 'anonymous', name: 'resident' }, 'ticket.create', `ticket:${t.id}`, { gridId, category: t.category, channel: t.channel }, r.ip);
      });
    });
    if ('replayOf' in outcome) return answerAgain(outcome.replayOf);
    // Ids only: who filed it is the token's or account's id, never a name; what the report says is never logged.
    r.log.info({ ticketId: outcome.id, action: 'report', actor: caller, channel: outcome.channel }, 'ticket filed');
    return { ticket: outcome, replayed: false };
  };
}
export type FileReport = ReturnType<typeof createIntake>;
