import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LoginBodySchema, SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import type { RouteContext } from './context.js';

const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;

/** Login, logout and who-am-I. The session cookie is httpOnly and SameSite=Strict; it ends 8 h after login. */
export function authRoutes(ctx: RouteContext) {
  const { sessions, authorizer, door } = ctx.auth;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    // Failures are limited per address and per username (server/auth/door.ts); a successful login costs nothing.
    app.post('/api/auth/login', { schema: { body: LoginBodySchema } }, async (req, reply) => {
      const { username, password } = req.body;
      const refused = door.admitLogin(req.ip, username);
      if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
      const result = await sessions.login(username, password, req.ip);
      door.settleLogin(req.ip, username, result !== null);
      if (!result) throw new DomainError(401, 'invalid_credentials', 'Wrong username or password.');
      reply.setCookie(SESSION_COOKIE, result.sessionId, { ...cookieOptions, expires: new Date(result.me.expiresAt) });
      return result.me;
    });

    app.post('/api/auth/logout', async (req, reply) => {
      const auth = authorizer.authenticate(req);
      if (auth.via === 'cookie') {
        authorizer.checkCsrf(req, auth);
        sessions.logout(auth.session, req.ip);
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send();
    });

    app.get('/api/auth/me', async (req) => {
      const auth = authorizer.authenticate(req);
      if (auth.via !== 'cookie') {
        throw new DomainError(401, auth.via === 'none' && auth.reason === 'bad_session' ? 'session_expired' : 'unauthorized', 'Not logged in.');
      }
      return sessions.meOf(auth.session);
    });
  };
}
