import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { allowedActions } from '../../shared/lifecycle.js';
import { GRID_ID_PATTERN, scopeLevelOf } from '../../shared/scope.js';
import {
  GridPageSchema, RevealBodySchema, RevealedTicketSchema, ScopeChildrenSchema, TicketPageSchema, type CellPlace, type GridPage, type RevealedTicket,
  type ScopeChildren, type TicketPage,
} from '../../shared/schemas/drill.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { callerId, can } from '../auth/policy.js';
import { maskPerson } from '../domain/masking.js';
import { DomainError } from '../domain/errors.js';
import type { RouteContext } from './context.js';
import { maskedTicket, maskedTimeline, readsInFull } from './ticket-view.js';

const GridParams = Type.Object({ id: Type.String({ pattern: GRID_ID_PATTERN }) });
const TicketParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ScopeParams = Type.Object({ id: Type.String({ maxLength: 20 }) });

/** A reason says why, in words: four characters of it at least once spaces are trimmed. */
const REVEAL_REASON_MIN_CHARS = 4;

/**
 * The drill-down: a grid cell's page and a ticket's page (login, masked personal data), the audited reveal of a
 * ticket's original words, and the children of a scope.
 */
export function drillRoutes(ctx: RouteContext) {
  const { authorizer, audit } = ctx.auth;
  const towns = ctx.world.listTowns();
  const villages = ctx.world.listVillages();
  const townNames = new Map(towns.map((t) => [t.code, t.name]));
  const villageNames = new Map(villages.map((v) => [v.code, v.name]));

  const placeOf = (gridId: string): CellPlace => {
    const c = ctx.cells.get(gridId)!;
    return {
      gridId, gridName: c.name, villageCode: c.villageCode, villageName: villageNames.get(c.villageCode) ?? c.villageCode,
      townCode: c.townCode, townName: townNames.get(c.townCode) ?? c.townCode, households: c.households,
    };
  };
  const ticketCell = (id: number) => ctx.service.getTicket(id)?.ticket.gridId;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/drill/grid/:id', {
      ...authorizer.guard('drill:read', (req) => (req.params as { id: string }).id),
      schema: { params: GridParams, response: { 200: GridPageSchema, ...ErrorResponses } },
    }, async (req): Promise<GridPage> => {
      const gridId = req.params.id;
      if (!ctx.cells.has(gridId)) throw new DomainError(404, 'unknown_grid', `Unknown grid cell "${gridId}".`);
      ctx.service.tick();
      const staff = ctx.world.listStaffByCell(gridId);
      const member = staff.find((s) => s.role === 'grid_member');
      return {
        place: placeOf(gridId),
        summary: ctx.live.summary(gridId),
        station: ctx.world.findStationByCell(gridId),
        gridMember: member ? maskPerson(member) : null,
        centralHouseholds: staff.filter((s) => s.role === 'central_household').map((h) => ({
          ...maskPerson(h), households: h.households,
          officers: staff.filter((o) => o.role === 'info_officer' && o.leaderId === h.id).map(maskPerson),
        })),
      };
    });

    app.get('/api/drill/tickets/:id', {
      ...authorizer.guard('drill:read', (req) => ticketCell(Number((req.params as { id: number }).id))),
      schema: { params: TicketParams, response: { 200: TicketPageSchema, ...ErrorResponses } },
    }, async (req): Promise<TicketPage> => {
      const found = ctx.service.getTicket(req.params.id);
      if (!found) throw new DomainError(404, 'not_found', `No ticket with id ${req.params.id}.`);
      const { ticket, timeline } = found;
      const principal = authorizer.principalOf(req);
      const mayAct = can(principal, 'ticket:transition', ticket.gridId);
      // Near a town's edge a duplicate may lie in the next town: the page lists only those the caller reads in full.
      const duplicates = ctx.service.possibleDuplicates(ticket).filter((d) => readsInFull(principal, d)).map(maskedTicket);
      return {
        ticket: maskedTicket(ticket), timeline: maskedTimeline(timeline), possibleDuplicates: duplicates, place: placeOf(ticket.gridId),
        allowedActions: mayAct ? allowedActions(ticket.status).filter((a) => a !== 'escalate' || ticket.tier > 1) : [],
        mayReveal: can(principal, 'ticket:reveal', ticket.gridId),
        photos: ctx.media.photosOf(ticket.id),
      };
    });

    // A supervisor who needs the words themselves (to call the resident back) asks for them with a reason; the audit
    // log keeps who, which ticket and why. Never logged with the words or the reason.
    app.post('/api/tickets/:id/reveal', {
      ...authorizer.guard('ticket:reveal', (req) => ticketCell(Number((req.params as { id: number }).id))),
      schema: { params: TicketParams, body: RevealBodySchema, response: { 200: RevealedTicketSchema, ...ErrorResponses } },
    }, async (req, reply): Promise<RevealedTicket> => {
      const reason = req.body.reason.trim();
      if (Array.from(reason).length < REVEAL_REASON_MIN_CHARS) {
        throw new DomainError(400, 'invalid_body', `"reason" must say why in at least ${REVEAL_REASON_MIN_CHARS} characters.`, 'reason');
      }
      const found = ctx.service.getTicket(req.params.id);
      if (!found) throw new DomainError(404, 'not_found', `No ticket with id ${req.params.id}.`);
      const principal = authorizer.principalOf(req)!;
      const { ticket, timeline } = found;
      audit.record(principal, 'ticket.reveal', `ticket:${ticket.id}`, { reason }, req.ip);
      req.log.info({ ticketId: ticket.id, action: 'reveal', actor: callerId(principal) }, 'ticket revealed');
      void reply.header('cache-control', 'no-store');
      return {
        id: ticket.id, title: ticket.title, description: ticket.description, address: ticket.address,
        notes: timeline.map((e) => ({ eventId: e.id, note: e.note })),
      };
    });

    app.get('/api/scopes/:id/children', { schema: { params: ScopeParams, response: { 200: ScopeChildrenSchema, ...ErrorResponses } } }, async (req): Promise<ScopeChildren> => {
      const id = req.params.id;
      if (!scopeLevelOf(id) || !ctx.live.hasScope(id)) throw new DomainError(404, 'unknown_scope', `Unknown scope "${id}".`, 'id');
      ctx.service.tick();
      return {
        scope: ctx.live.summary(id).scope,
        // The same rows as a scope snapshot's children (live-state.ts), so the wall and the drill rank alike.
        children: ctx.live.childIdsOf(id).map(ctx.live.childRow),
      };
    });
  };
}
