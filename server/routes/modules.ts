import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MODULE_EVENTS_MAX_BODY_BYTES, ModuleEventAnswerSchema, ModuleEventBatchSchema, type ModuleEventAnswer } from '../../shared/schemas/modules.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { callerId } from '../auth/policy.js';
import { idsForLog } from '../auth/pseudonym.js';
import type { RouteContext } from './context.js';

/**
 * POST /api/modules/events: 人车房物 facts from the systems that know them. The route parses, authorizes and answers;
 * what a batch means is the module-event service's (server/domain/module-event-service.ts).
 */
export function moduleRoutes(ctx: RouteContext) {
  const { authorizer, intakeBudget } = ctx.auth;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const guard = authorizer.guard('modules:report');
    // A batch costs one request of the caller's intake budget, whatever its size (the size is bounded by the schema).
    app.post('/api/modules/events', {
      onRequest: [guard.onRequest, intakeBudget], bodyLimit: MODULE_EVENTS_MAX_BODY_BYTES, schema: { body: ModuleEventBatchSchema, response: { 200: ModuleEventAnswerSchema, ...ErrorResponses } },
    }, async (req): Promise<ModuleEventAnswer> => {
      const caller = callerId(authorizer.principalOf(req)!);
      const { answer, acceptedIds } = await ctx.moduleEventService.report(caller, req.body.events);
      // Counts and pseudonyms only: a sender's own event id may carry a phone number, and a batch holds up to 1,000.
      req.log.info({ actor: caller, action: 'modules.report', accepted: answer.accepted, duplicates: answer.duplicates,
        rejected: answer.rejected.length, ids: idsForLog(acceptedIds) }, 'module events');
      return answer;
    });
  };
}
