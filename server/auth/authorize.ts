import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import type { AuditLog } from './audit-log.js';
import type { Door } from './door.js';
import type { IntakeTokenService } from './intake-tokens.js';
import { safeEqual } from './passwords.js';
import { decideEach, type Permission, type Principal, type TokenPrincipal, type Touched } from './policy.js';
import type { ResolvedSession, SessionService } from './sessions.js';

/** How a request authenticated: a session cookie (writes need the CSRF header) or a Bearer token, or not at all. */
export type Authentication =
  | { via: 'cookie'; principal: Principal; session: ResolvedSession }
  | { via: 'bearer'; principal: Principal }
  | { via: 'none'; principal: null; reason: 'none' | 'bad_token' | 'bad_session' };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Fastify side of the policy (policy.ts): resolves who is calling, enforces CSRF on cookie writes, and turns a
 * refusal into 401/403. Routes spread guard(...) into their options, or call check(...) when the scope is known only
 * inside the handler.
 */
export function createAuthorizer(deps: { sessions: SessionService; tokens: IntakeTokenService; door: Door; audit: AuditLog }) {
  const resolved = new WeakMap<FastifyRequest, Authentication>();

  /**
   * The intake token a secret names, or null (audited). The token is looked up first, so a valid one is never refused
   * for other callers' guesses from its address; only tokens that match nothing count against the address, and past
   * its budget they get 429s instead of 401s (secrets are 256-bit random, so the limit is about noise, not guessing).
   * `secret` undefined: a malformed header.
   */
  const resolveToken = (req: FastifyRequest, secret: string | undefined): TokenPrincipal | null => {
    const principal = secret ? deps.tokens.resolve(secret) : null;
    if (principal) return principal;
    const refused = deps.door.countUnknownBearer(req.ip);
    if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
    // Never the token itself: only where it was tried.
    deps.audit.record({ kind: 'anonymous', name: 'unknown Bearer token' }, 'auth.bearer_failed', `route:${req.method} ${req.routeOptions.url ?? '?'}`,
      { reason: secret ? 'unknown_token' : 'malformed_header' }, req.ip);
    return null;
  };

  const authenticate = (req: FastifyRequest): Authentication => {
    let auth = resolved.get(req);
    if (auth) return auth;
    const header = req.headers.authorization;
    if (header !== undefined) {
      // A Bearer request is never cookie-authenticated, whatever cookie rides along: browsers do not add this header.
      const principal = resolveToken(req, /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1]);
      auth = principal ? { via: 'bearer', principal } : { via: 'none', principal: null, reason: 'bad_token' };
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      const session = cookie ? deps.sessions.resolve(cookie) : null;
      auth = session ? { via: 'cookie', principal: session.principal, session }
        : { via: 'none', principal: null, reason: cookie ? 'bad_session' : 'none' };
    }
    resolved.set(req, auth);
    return auth;
  };

  /** Refuses cookie-authenticated writes without the session's CSRF token. */
  const checkCsrf = (req: FastifyRequest, auth: Authentication) => {
    if (auth.via !== 'cookie' || SAFE_METHODS.has(req.method)) return;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, auth.session.csrfToken)) {
      throw new DomainError(403, 'csrf_invalid', `Send the csrfToken from GET /api/auth/me in the ${CSRF_HEADER} header.`);
    }
  };

  /** The principal allowed to do `permission` on `scope` (or on every scope touched), or a thrown 401/403. */
  const check = (req: FastifyRequest, permission: Permission, scope?: string | readonly Touched[]): Principal => {
    const auth = authenticate(req);
    if (!auth.principal) {
      const message = auth.reason === 'bad_token' ? 'The Bearer token is not valid.'
        : auth.reason === 'bad_session' ? 'Your session has ended: log in again.'
        : 'Log in (POST /api/auth/login) or send "Authorization: Bearer <intake token>".';
      throw new DomainError(401, auth.reason === 'bad_session' ? 'session_expired' : 'unauthorized', message);
    }
    checkCsrf(req, auth);
    const touched = typeof scope === 'string' ? [{ field: 'scope', scope }] : (scope ?? []);
    const decision = decideEach(auth.principal, permission, touched);
    if (!decision.ok) throw new DomainError(decision.status, decision.code, decision.message, typeof scope === 'string' ? undefined : decision.field);
    return auth.principal;
  };

  return {
    authenticate,
    check,
    checkCsrf,
    /**
     * Route hooks for `permission`: who and which role in onRequest (before the body is even parsed, so a stranger
     * learns nothing from validation errors), then the scope in preHandler once params and body are validated.
     * scopeOf gives the scope the request touches (a ticket's cell, a grid id), or every scope with the field naming
     * it (a merge touches two tickets); undefined skips it (the route answers 404).
     */
    guard(permission: Permission, scopeOf?: (req: FastifyRequest) => string | readonly Touched[] | undefined) {
      const onRequest = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
        check(req, permission);
      };
      if (!scopeOf) return { onRequest };
      const preHandler = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
        const scope = scopeOf(req);
        if (scope !== undefined) check(req, permission, scope);
      };
      return { onRequest, preHandler };
    },
    /**
     * An intake token sent as a request parameter (Open311's api_key), with the same limits and audit as a Bearer one.
     * A valid key authenticates the request from then on (principalOf, the intake budget).
     */
    principalOfKey(req: FastifyRequest, secret: string): TokenPrincipal | null {
      const principal = resolveToken(req, secret);
      if (principal) resolved.set(req, { via: 'bearer', principal });
      return principal;
    },
    /** The caller, already authorised by a guard. */
    principalOf(req: FastifyRequest): Principal | null {
      return authenticate(req).principal;
    },
  };
}
export type Authorizer = ReturnType<typeof createAuthorizer>;
