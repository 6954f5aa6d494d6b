import type { Me } from '../../shared/schemas/auth.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import type { AuditLog } from './audit-log.js';
import type { DeviceCookies } from './device-cookies.js';
import type { Door } from './door.js';
import type { SessionService } from './sessions.js';
import { normalizeUsername } from './usernames.js';

export interface LoginRequest {
  /** As typed: normalised here for the lookup and every limit. */
  username: string;
  password: string;
  ip: string;
  /** The device cookie the browser sent, if any. */
  deviceCookie: string | undefined;
}

/** A session, and the fresh device cookie that makes this browser trusted for this username next time. */
export interface LoginOutcome {
  sessionId: string;
  me: Me;
  deviceCookie: string;
}

/**
 * POST /api/auth/login behind the route: OWASP's device-cookie protocol. A browser with a valid device cookie for the
 * username is limited only by that cookie's own budget; any other is untrusted and limited per address, per
 * (username, address) and per username (door.ts). Refusals are 429 with Retry-After; failures are audited by the
 * session service (login.failure), and a limit that a failure has just emptied as login.lockout. Never the password.
 */
export function createLogin(deps: { door: Door; sessions: SessionService; deviceCookies: DeviceCookies; audit: AuditLog }) {
  const { door, sessions, deviceCookies, audit } = deps;

  return async function login(r: LoginRequest): Promise<LoginOutcome> {
    const username = normalizeUsername(r.username);
    const attempt = { ip: r.ip, username, device: deviceCookies.deviceOf(r.deviceCookie, username) };
    const refused = door.admitLogin(attempt);
    if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
    const result = await sessions.login(username, r.password, r.ip);
    for (const limit of door.settleLogin(attempt, result !== null)) {
      audit.record({ kind: 'anonymous', name: username }, 'login.lockout', 'login', { limit }, r.ip);
    }
    if (!result) throw new DomainError(401, 'invalid_credentials', 'Wrong username or password.');
    return { ...result, deviceCookie: deviceCookies.issue(username) };
  };
}
export type Login = ReturnType<typeof createLogin>;
