import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { generate } from 'lean-qr';
import { toSvgSource } from 'lean-qr/extras/svg';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import {
  ActivateBodySchema, ActivatedSchema, InvitationBodySchema, InvitationSchema, MyTicketsQuerySchema, MyTicketsSchema,
  RatedSchema, RatingBodySchema, RosterQuerySchema, RosterSchema, type RosterItem,
} from '../../shared/schemas/reporters.js';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { hashCode, normalizeCode, RECEIPT_LENGTH } from '../auth/codes.js';
import type { AccountPrincipal } from '../auth/policy.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import { maskName } from '../domain/masking.js';
import { scopeLevelOf } from '../../shared/scope.js';
import type { TicketStep } from '../storage/reporter-repository.js';
import type { RouteContext } from './context.js';

const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/**
 * The most rows of a roster answer. A village has a few dozen to a couple of hundred reporters, the demo's largest town
 * 1,580 (one statement, about 3 ms on the demo world); the bound only stops a town far larger than that from building
 * an unbounded answer (the page then asks for a village).
 */
export const ROSTER_LIMIT = 2000;
/** A page of "my reports". */
const MY_TICKETS_PAGE = 20;

/** Where a reporter redeems a code: printed on the 联系卡, and (with the code) inside its QR code. */
export const activateUrlOf = (base: string): string => `${base.replace(/\/+$/, '')}/m/activate`;

/** The QR code printed on a 联系卡: the activation page with the code filled in. */
export function invitationQrSvg(base: string, code: string): string {
  return toSvgSource(generate(`${activateUrlOf(base)}?code=${code}`), { xmlDeclaration: false, pad: 4 });
}

/**
 * Reporter accounts and what a reporter (or a resident with a receipt) does with their own tickets: invitations,
 * activation, "my reports", and the rating of a closed ticket.
 */
export function reporterRoutes(ctx: RouteContext) {
  const { authorizer, reporters, login, audit, door } = ctx.auth;
  const repo = ctx.auth.reporterRepo;
  const originOf = (req: FastifyRequest) => ctx.publicUrl ?? `${req.protocol}://${req.host}`;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/api/reporters/invitations', {
      ...authorizer.guard('reporters:invite', (req) => reporters.cellOfStaff((req.body as { staffId: string }).staffId)),
      schema: { body: InvitationBodySchema, response: { 201: InvitationSchema, ...ErrorResponses } },
    }, async (req, reply) => {
      const actor = authorizer.principalOf(req) as AccountPrincipal;
      const invitation = reporters.invite(actor, req.body.staffId, req.ip);
      const origin = originOf(req);
      return reply.status(201).send({ ...invitation, qrSvg: invitationQrSvg(origin, invitation.code), activateUrl: activateUrlOf(origin) });
    });

    // The supervisors' list of who can be invited: a town or a village (the district's thousands are no one list).
    app.get('/api/reporters', {
      ...authorizer.guard('reporters:invite', (req) => (req.query as { scope: string }).scope),
      schema: { querystring: RosterQuerySchema, response: { 200: RosterSchema, ...ErrorResponses } },
    }, async (req) => {
      const { scope } = req.query;
      const level = scopeLevelOf(scope);
      if (level !== 'village' && level !== 'town') throw new DomainError(400, 'invalid_scope', 'Give a village or town code as "scope".', 'scope');
      if (!ctx.live.hasScope(scope)) throw new DomainError(404, 'unknown_scope', `Unknown scope "${scope}".`, 'scope');
      const rows = reporters.roster(scope, ROSTER_LIMIT + 1);
      const items = rows.slice(0, ROSTER_LIMIT).map((r): RosterItem => ({
        staffId: r.staffId, role: r.role, name: maskName(r.name), gridId: r.gridId, gridName: ctx.cells.get(r.gridId)?.name ?? r.gridId,
        account: r.disabled === null ? (r.invitedUntil === null ? 'none' : 'invited') : r.disabled === 1 ? 'disabled' : 'active',
        ...(r.disabled === null && r.invitedUntil !== null ? { invitedUntil: r.invitedUntil } : {}),
      }));
      return { scope, items, truncated: rows.length > ROSTER_LIMIT };
    });

    // Anonymous, limited per address: the code is the credential. The session is opened as POST /api/auth/login does.
    app.post('/api/reporters/activate', { schema: { body: ActivateBodySchema, response: { 200: ActivatedSchema, ...ErrorResponses } } }, async (req, reply) => {
      const { username } = await reporters.activate(req.body.code, req.body.password, req.ip);
      const result = await login({ username, password: req.body.password, ip: req.ip, deviceCookie: undefined });
      reply.setCookie(SESSION_COOKIE, result.sessionId, { ...cookieOptions, expires: new Date(result.me.expiresAt) });
      return { username };
    });

    // The reporter's own tickets, in their own words (theirs to read): two statements whatever the page holds.
    app.get('/api/me/tickets', {
      ...authorizer.guard('tickets:mine'), schema: { querystring: MyTicketsQuerySchema, response: { 200: MyTicketsSchema, ...ErrorResponses } },
    }, async (req) => {
      const me = authorizer.principalOf(req) as AccountPrincipal;
      const ids = repo.ticketsOf(me.accountId, req.query.cursor ? Number(req.query.cursor) : Number.MAX_SAFE_INTEGER, MY_TICKETS_PAGE + 1);
      const page = ids.slice(0, MY_TICKETS_PAGE);
      // A demo ticket filed at a later instant of the replayed year than the clock shows is not there yet.
      const now = ctx.clockNow();
      const tickets = ctx.tickets.findTicketsByIds(page).filter((t) => t.reportedAt <= now);
      const photos = ctx.ticketPhotos.photosOf(page);
      const timelines = new Map<number, Omit<TicketStep, 'ticketId'>[]>();
      for (const { ticketId, ...step } of repo.stepsOf(page, now)) {
        let list = timelines.get(ticketId);
        if (!list) timelines.set(ticketId, (list = []));
        list.push(step);
      }
      return {
        items: tickets.map((t) => ({ ...t, photos: photos.get(t.id) ?? [], timeline: timelines.get(t.id) ?? [] })),
        nextCursor: ids.length > MY_TICKETS_PAGE ? String(page[page.length - 1]) : null,
      };
    });

    // By the ticket's reporter (their session) or whoever holds its receipt; only a closed ticket, once.
    app.post('/api/tickets/:id/rating', {
      schema: { params: IdParams, body: RatingBodySchema, response: { 200: RatedSchema, ...ErrorResponses } },
    }, async (req) => {
      const { id } = req.params;
      const auth = authorizer.authenticate(req);
      // A credential that was sent and is wrong is refused as everywhere, receipt or not.
      if (auth.via === 'none' && auth.reason === 'bad_token') throw new DomainError(401, 'unauthorized', 'The Bearer token is not valid.');
      if (auth.via === 'cookie') authorizer.checkCsrf(req, auth);
      const owner = repo.reporterOf(id);
      const notYours = () => new DomainError(403, 'not_your_ticket', 'Only the ticket\'s reporter, or whoever holds its receipt, may rate it.');
      let actor: string;
      if (req.body.receipt !== undefined) {
        // Receipts are long enough not to be guessed; the per-address budget keeps anyone from trying.
        const refused = door.admitResident(req.ip);
        if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
        const receipt = normalizeCode(req.body.receipt, RECEIPT_LENGTH);
        if (!receipt || !owner || owner.receiptHash !== hashCode(receipt)) throw notYours();
        actor = 'resident';
      } else {
        const p = auth.principal;
        if (!p) throw new DomainError(401, 'unauthorized', 'Log in as the ticket\'s reporter, or send its receipt.');
        if (p.kind !== 'account' || !owner || owner.accountId !== p.accountId) throw notYours();
        actor = p.reporter?.staffRole ?? 'reporter';
      }
      const before = ctx.service.findTicket(id);
      if (!before) throw new DomainError(404, 'not_found', `No ticket with id ${id}.`);
      if (before.status === 'evaluated') throw new DomainError(409, 'already_rated', 'This ticket has been rated already.');
      if (before.status !== 'closed') throw new DomainError(409, 'not_closed', `Only a closed ticket can be rated; this one is ${before.status}.`);
      const ticket = await ctx.writes.run(() => ctx.service.transition(id, { action: 'evaluate', rating: req.body.rating, note: req.body.comment ?? '' }, actor,
        undefined, (b, after) => {
          audit.record(auth.principal ?? { kind: 'anonymous', name: 'resident (receipt)' }, 'ticket.transition', `ticket:${after.id}`,
            { action: 'evaluate', from: b.status, to: after.status, rating: req.body.rating }, req.ip);
        }));
      return { id: ticket.id, status: 'evaluated' as const, rating: ticket.rating ?? req.body.rating };
    });
  };
}
