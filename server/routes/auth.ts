import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LOGIN_ATTEMPTS_PER_MINUTE, LoginBodySchema, SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { DomainError } from '../domain/errors.js';
import type { RouteContext } from './context.js';

const LOGIN_WINDOW_MS = 60_000;
const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;

/** Login, logout and who-am-I. The session cookie is httpOnly and SameSite=Strict; it ends 8 h after login. */
export function authRoutes(ctx: RouteContext) {
  const { sessions, authorizer } = ctx.auth;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/api/auth/login', {
      schema: { body: LoginBodySchema },
      config: {
        rateLimit: {
          max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: LOGIN_WINDOW_MS,
          // After validation, so the key can name the username: one guessed account cannot lock out everyone behind a NAT.
          hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
          errorResponseBuilder: (_req: FastifyRequest, c: { after: string }) =>
            new DomainError(429, 'too_many_attempts', `Too many login attempts for this username; try again in ${c.after}.`),
        },
      },
    }, async (req, reply) => {
      const result = await sessions.login(req.body.username, req.body.password, req.ip);
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
