import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LoginBodySchema, MeSchema, SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { ErrorResponses, NoBodySchema } from '../../shared/schemas/responses.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_TTL_S } from '../auth/device-cookies.js';
import { DomainError } from '../domain/errors.js';
import type { RouteContext } from './context.js';

const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;
// Sent only to the login route: no other request needs it.
const deviceCookieOptions = { ...cookieOptions, path: '/api/auth/login', maxAge: DEVICE_COOKIE_TTL_S } as const;

/**
 * Login, logout and who-am-I. The session cookie is httpOnly and SameSite=Strict; it ends 8 h after login. A login
 * also sets the device cookie (a year, server/auth/device-cookies.ts) that lets this browser log in as this user while
 * the username is under attack from elsewhere.
 */
export function authRoutes(ctx: RouteContext) {
  const { sessions, authorizer, login } = ctx.auth;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    // Limits, device cookies and their audit: server/auth/login.ts and door.ts.
    app.post('/api/auth/login', { schema: { body: LoginBodySchema, response: { 200: MeSchema, ...ErrorResponses } } }, async (req, reply) => {
      const { username, password } = req.body;
      const result = await login({ username, password, ip: req.ip, deviceCookie: req.cookies[DEVICE_COOKIE] });
      reply.setCookie(SESSION_COOKIE, result.sessionId, { ...cookieOptions, expires: new Date(result.me.expiresAt) });
      reply.setCookie(DEVICE_COOKIE, result.deviceCookie, deviceCookieOptions);
      return result.me;
    });

    app.post('/api/auth/logout', { schema: { response: { 204: NoBodySchema, ...ErrorResponses } } }, async (req, reply) => {
      const auth = authorizer.authenticate(req);
      if (auth.via === 'cookie') {
        authorizer.checkCsrf(req, auth);
        sessions.logout(auth.session, req.ip);
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(undefined);
    });

    app.get('/api/auth/me', { schema: { response: { 200: MeSchema, ...ErrorResponses } } }, async (req) => {
      const auth = authorizer.authenticate(req);
      if (auth.via !== 'cookie') {
        throw new DomainError(401, auth.via === 'none' && auth.reason === 'bad_session' ? 'session_expired' : 'unauthorized', 'Not logged in.');
      }
      return sessions.meOf(auth.session);
    });
  };
}
