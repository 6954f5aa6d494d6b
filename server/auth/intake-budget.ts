import type { FastifyRequest } from 'fastify';
import { rateLimited } from '../domain/errors.js';
import type { Authorizer } from './authorize.js';
import type { Door } from './door.js';
import { callerId } from './policy.js';

/**
 * The intake budget as one route hook, for every route that takes reports or events (POST /api/tickets, POST
 * /api/modules/events, Open311's POST /requests): charges the authenticated caller one request, or refuses with 429
 * and Retry-After. Put it after the guard's onRequest (before the body is parsed), or call it once the caller is known.
 */
export function createIntakeBudget(door: Door, authorizer: Authorizer) {
  return async function intakeBudget(req: FastifyRequest): Promise<void> {
    const principal = authorizer.principalOf(req);
    if (!principal) throw new Error('intakeBudget runs after the caller is authenticated');
    const refused = door.admitIntake(callerId(principal));
    if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
  };
}
export type IntakeBudget = ReturnType<typeof createIntakeBudget>;
