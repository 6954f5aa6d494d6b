import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

/**
 * The one place that decides who may write tickets. Until accounts exist, intake and transitions both take the
 * intake token as a Bearer credential.
 */
export function createIntakeAuth(token: string) {
  const expected = Buffer.from(token);
  return async function requireIntakeToken(req: FastifyRequest): Promise<void> {
    const header = req.headers.authorization;
    if (!header) throw new HttpError(401, 'unauthorized', 'Missing Authorization header: send "Authorization: Bearer <intake token>".');
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(match?.[1]?.trim() ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(401, 'unauthorized', 'The intake token is not valid.');
    }
  };
}
