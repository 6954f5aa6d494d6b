import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { scopeLevelOf } from '../../shared/scope.js';
import { SupervisePageSchema, SuperviseQuerySchema, type SupervisePage } from '../../shared/schemas/notify.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { reachOf } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import { superviseSerial } from '../domain/supervise/serial.js';
import type { Notifier } from '../notify/notifier.js';
import { deadlineOf } from '../notify/message.js';
import type { RouteContext } from './context.js';

/** GET /api/supervise: a scope's 督办 counts and tickets, for any logged-in reader inside the scope (as the drill pages). */
export function superviseRoutes(ctx: RouteContext, notifier: Notifier) {
  const { authorizer } = ctx.auth;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/supervise', {
      ...authorizer.guard('drill:read', (req) => (req.query as { scope?: string }).scope),
      schema: { querystring: SuperviseQuerySchema, response: { 200: SupervisePageSchema, ...ErrorResponses } },
    }, async (req): Promise<SupervisePage> => {
      // Without a scope: the widest the caller reaches (a town supervisor's town, else the district).
      const scope = req.query.scope ?? reachOf(authorizer.principalOf(req)!);
      if (!scopeLevelOf(scope) || !ctx.live.hasScope(scope)) throw new DomainError(404, 'unknown_scope', `Unknown scope "${scope}".`, 'scope');
      ctx.service.tick();
      const now = ctx.clockNow();
      const items = notifier.index.itemsIn(scope)
        .filter((i) => req.query.level === undefined || i.level === req.query.level)
        .map((i) => {
          const deadline = deadlineOf(i.ticket, i.level);
          return {
            ticketId: i.ticket.id, level: i.level, unit: i.ticket.handlingUnit, deadline,
            overdueMinutes: Math.max(0, Math.floor((now - deadline) / 60_000)), serial: superviseSerial(i.ticket.id, i.ticket.reportedAt),
          };
        })
        .sort((a, b) => a.deadline - b.deadline || a.ticketId - b.ticketId);
      return { counts: notifier.index.countsOf(scope), items };
    });
  };
}
