import Type, { type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DISTRICT_CODE, TICKET_LIST_MAX_LIMIT, TICKET_STATUSES } from '../../shared/constants.js';
import { scopeLevelOf, scopesOfCell } from '../../shared/scope.js';
import {
  FiledTicketSchema, NewTicketSchema, TicketDetailSchema, TicketListSchema, TransitionBodySchema, TransitionedTicketSchema, type TransitionBody,
} from '../../shared/schemas/ticket.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { callerId, type Principal, type Touched } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import { createIntake } from './intake.js';
import { publicEvent, publicTicket } from '../domain/projection.js';
import type { RouteContext } from './context.js';
import type { TicketFilter } from '../storage/ticket-repository.js';
import { maskedTicket, maskedTimeline, readsInFull, ticketFor } from './ticket-view.js';
import { maskText } from '../domain/masking.js';

/** The most distinct values one list filter of GET /api/tickets may hold (a value repeated counts once). */
const FILTER_VALUES_MAX = 20;
/**
 * A filter that takes a comma list (status=reported,accepted): any of its values. Given once; the list is read once
 * per distinct value and costs one statement (ticket-repository.ts), whatever it repeats.
 */
const listFilter = (name: string, item: string, maxChars: number, what: string) => Type.Optional(Type.String({
  maxLength: maxChars, pattern: `^(${item})(,(${item}))*$`,
  errorMessage: `"${name}" must be given once: ${what}, or several separated by commas (at most ${maxChars} characters).`,
}));
export const ListQuery = Type.Object({
  scope: listFilter('scope', '[^,]{1,20}', 400, 'a scope code (321171, a town, a village or a grid cell id)'),
  status: listFilter('status', TICKET_STATUSES.join('|'), 400, `a status (${TICKET_STATUSES.join(', ')})`),
  tier: listFilter('tier', '[1-3]', 40, 'a tier (1, 2 or 3)'),
  category: listFilter('category', '[a-z0-9_]{1,40}', 1000, 'a category code (GET /api/categories lists them)'),
  overdue: Type.Optional(Type.Boolean()),
  /** true: only open tickets (any open status); false: only finished ones. */
  open: Type.Optional(Type.Boolean()),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  cursor: Type.Optional(Type.String({ pattern: '^\\d+$', maxLength: 12 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TICKET_LIST_MAX_LIMIT })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 120 })) });

function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(t)) throw new DomainError(400, 'invalid_query', `Query "${field}" must be epoch milliseconds or an ISO date-time.`, field);
  return t;
}

/** A list filter's distinct values, or undefined when not given; more than FILTER_VALUES_MAX is refused naming it. */
function distinctValues(list: string | undefined, field: string): string[] | undefined {
  if (!list) return undefined;
  const values = [...new Set(list.split(','))];
  if (values.length > FILTER_VALUES_MAX) {
    throw new DomainError(400, 'invalid_query', `"${field}" may list at most ${FILTER_VALUES_MAX} different values.`, field);
  }
  return values;
}

/** The scopes' tickets: one scope is an indexed range of cell ids; several are their cells, bound as one list. */
function whereScopes(ctx: Pick<RouteContext, 'cells'>, scopes: string[] | undefined): { gridPrefix?: string; gridIds?: string[] } {
  if (!scopes || scopes.includes(DISTRICT_CODE)) return {};
  if (scopes.length === 1) return { gridPrefix: scopes[0] };
  const wanted = new Set(scopes);
  return { gridIds: [...ctx.cells.keys()].filter((id) => scopesOfCell(id).some((s) => wanted.has(s))) };
}

/**
 * The filters of GET /api/tickets as the repository takes them, at clock `now` (404 for an unknown scope, 400 for an
 * unknown category); the ticket list and its CSV export (routes/reports.ts) share them. Paging stays with the caller.
 */
export function listFilterOf(
  ctx: Pick<RouteContext, 'live' | 'cells' | 'categories'>, q: Static<typeof ListQuery>, now: number,
): Omit<TicketFilter, 'limit'> {
  const scopes = distinctValues(q.scope, 'scope');
  const unknownScope = scopes?.find((s) => !scopeLevelOf(s) || !ctx.live.hasScope(s));
  if (unknownScope !== undefined) throw new DomainError(404, 'unknown_scope', `Unknown scope "${unknownScope}".`, 'scope');
  const categories = distinctValues(q.category, 'category');
  const unknownCategory = categories?.find((c) => !ctx.categories.some((k) => k.code === c));
  if (unknownCategory !== undefined) throw new DomainError(400, 'invalid_query', `Unknown category "${unknownCategory}": GET /api/categories lists them.`, 'category');
  return {
    ...whereScopes(ctx, scopes),
    statuses: distinctValues(q.status, 'status'), tiers: distinctValues(q.tier, 'tier')?.map(Number), categories,
    overdueAt: q.overdue ? now : undefined,
    open: q.open,
    from: parseTime(q.from, 'from'), to: parseTime(q.to, 'to'),
    until: now,
  };
}

/** Intake (what the mini program calls), listing, one ticket with its timeline, and lifecycle transitions. */
export function ticketRoutes(ctx: RouteContext) {
  const { authorizer, audit, intakeBudget } = ctx.auth;
  const fileReport = createIntake(ctx);
  // The public timeline names the unit that acted, never the person: the audit log keeps the account.
  const actorOf = (p: Principal): string =>
    p.kind === 'token' ? 'intake'
    : p.role === 'town' ? `${ctx.townNames.get(p.townCode ?? '') ?? p.townCode}综治中心`
    : p.role === 'district' ? '区集成管理指挥中心' : '系统管理员';

  /**
   * Every ticket a transition acts on, with the field naming it: the ticket, and a merge's duplicateOf target (a town
   * supervisor may not fold its ticket into another town's). An unknown ticket is left to the 404 / 400 further on.
   */
  const touchedBy = (params: { id: number }, body: { duplicateOf?: number }): Touched[] | undefined => {
    const ticket = ctx.service.findTicket(params.id);
    if (!ticket) return undefined;
    const target = body.duplicateOf !== undefined ? ctx.service.findTicket(body.duplicateOf) : undefined;
    return [{ field: 'id', scope: ticket.gridId }, ...(target ? [{ field: 'duplicateOf', scope: target.gridId }] : [])];
  };

  /**
   * The 处置后 photos a transition carries, checked before anything is written: only a handle takes photos, and a
   * handle of a category that requires one (categories.requires_after_photo) must carry at least one.
   */
  const afterPhotos = (id: number, body: TransitionBody, uploaderKey: string): string[] => {
    const photos = body.photos ?? [];
    if (body.action !== 'handle') {
      if (photos.length > 0) throw new DomainError(400, 'photos_not_allowed', `Photos go with "handle" only (the 处置后 photos), not with "${body.action}".`, 'photos');
      return photos;
    }
    const ticket = ctx.service.findTicket(id);
    if (ticket && photos.length === 0 && ctx.media.requiresAfterPhoto(ticket.category)) {
      throw new DomainError(422, 'after_photo_required',
        `Category "${ticket.category}" needs a 处置后 photo to be handled: upload it with POST /api/media and send its id in "photos".`, 'photos');
    }
    ctx.media.checkAttachable(photos, uploaderKey);
    return photos;
  };

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    const createGuard = authorizer.guard('ticket:create');
    // Every request of a caller counts against its intake budget, checked before the body is even parsed.
    app.post('/api/tickets', {
      onRequest: [createGuard.onRequest, intakeBudget], schema: { body: NewTicketSchema, headers: IdempotencyHeaders, response: { 200: FiledTicketSchema, 201: FiledTicketSchema, ...ErrorResponses } },
    }, async (req, reply) => {
      const principal = authorizer.principalOf(req)!;
      // A reporter files as what they are (信息员 or 中心户), whatever the body says, and the ticket stays theirs.
      const reporter = principal.kind === 'account' && principal.role === 'reporter' ? principal : null;
      const staffRole = reporter?.reporter?.staffRole;
      const body = staffRole ? { ...req.body, channel: staffRole, reporterRole: staffRole } : req.body;
      const { ticket, replayed } = await fileReport({
        body, key: req.headers['idempotency-key'], principal, ip: req.ip, log: req.log,
        ...(reporter ? { owner: { accountId: reporter.accountId, receiptHash: null } } : {}),
      });
      if (reporter && !replayed) ctx.mine.owned(ticket.id, reporter.accountId, ticket);
      // The caller gets its own ticket in full, masked like every full ticket (an intake token is a platform's, not the
      // resident's); nearby tickets are other people's, seen as its role may see them.
      const possibleDuplicates = ctx.service.possibleDuplicates(ticket).map((d) => ticketFor(principal, d));
      if (replayed) return reply.status(200).send({ ...maskedTicket(ticket), possibleDuplicates, idempotentReplay: true });
      return reply.status(201).send({ ...maskedTicket(ticket), possibleDuplicates });
    });

    app.get('/api/tickets', { schema: { querystring: ListQuery, response: { 200: TicketListSchema, ...ErrorResponses } } }, async (req) => {
      const q = req.query;
      const limit = q.limit ?? 50;
      // A page may come back short with a cursor: a list reads a bounded number of rows whatever its filter.
      const { items, nextCursor } = ctx.tickets.listTicketsPage({
        ...listFilterOf(ctx, q, ctx.clockNow()), beforeId: q.cursor ? Number(q.cursor) : undefined, limit,
      });
      const principal = authorizer.principalOf(req);
      return { items: items.map((t) => ticketFor(principal, t)), nextCursor: nextCursor === null ? null : String(nextCursor) };
    });

    // Open to all, like the listing: outside the caller's reach (or without a login) it answers the public projection
    // rather than 403, since an anonymous caller would read exactly that anyway.
    app.get('/api/tickets/:id', { schema: { params: IdParams, response: { 200: TicketDetailSchema, ...ErrorResponses } } }, async (req) => {
      const found = ctx.service.getTicket(req.params.id);
      if (!found) throw new DomainError(404, 'not_found', `No ticket with id ${req.params.id}.`);
      const principal = authorizer.principalOf(req);
      const duplicates = ctx.service.possibleDuplicates(found.ticket).map((d) => ticketFor(principal, d));
      if (readsInFull(principal, found.ticket)) {
        return { ...maskedTicket(found.ticket), timeline: maskedTimeline(found.timeline), possibleDuplicates: duplicates, photos: ctx.media.photosOf(found.ticket.id) };
      }
      return { ...publicTicket(found.ticket), timeline: found.timeline.map(publicEvent), possibleDuplicates: duplicates };
    });

    app.post('/api/tickets/:id/transitions', {
      ...authorizer.guard('ticket:transition', (req) => touchedBy(req.params as { id: number }, req.body as { duplicateOf?: number })),
      schema: { params: IdParams, body: TransitionBodySchema, response: { 200: TransitionedTicketSchema, ...ErrorResponses } },
    }, async (req) => {
      const principal = authorizer.principalOf(req)!;
      const photos = afterPhotos(req.params.id, req.body, callerId(principal));
      const ticket = await ctx.writes.run(() => ctx.service.transition(req.params.id, req.body, actorOf(principal), undefined, (before, after) => {
        if (photos.length > 0) ctx.media.attachMedia(after.id, photos, 'after', callerId(principal));
        audit.record(principal, 'ticket.transition', `ticket:${after.id}`, {
          // Masked like every note a reader sees: the audit log is no way around POST /api/tickets/:id/reveal.
          action: req.body.action, from: before.status, to: after.status, note: maskText(req.body.note ?? ''),
          ...(req.body.rating !== undefined ? { rating: req.body.rating } : {}), ...(req.body.duplicateOf !== undefined ? { duplicateOf: req.body.duplicateOf } : {}),
        }, req.ip);
      }));
      req.log.info({ ticketId: ticket.id, action: req.body.action, actor: callerId(principal), status: ticket.status }, 'ticket transition');
      return { ...maskedTicket(ticket), timeline: maskedTimeline(ctx.service.getTicket(ticket.id)!.timeline) };
    });
  };
}
