/**
 * The statuses a refusal can carry: 400 invalid, 401 credentials, 403 role/scope/CSRF, 404 unknown, 409 conflict,
 * 410 gone (a used or expired one-time code), 413 too large, 415 not JSON, 422 sensible but senseless here, 429 too
 * many attempts, 503 not available now.
 */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/**
 * The server's one error type for a refused request, thrown by domain, auth, replay and routes alike; the error
 * handler (routes/errors.ts) sends it as `{ error: code, message, field? }` with `status`. It lives in domain/ because
 * domain/ may import nothing above it, while every other server layer may import domain/.
 */
export class DomainError extends Error {
  constructor(
    readonly status: RefusalStatus,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** Set on a 429: when to try again (sent as the Retry-After header, in whole seconds). */
  retryAfterMs?: number;
}

/** 429 for every limit at the door (server/auth/door.ts). */
export function rateLimited(message: string, retryAfterMs: number): DomainError {
  const err = new DomainError(429, 'rate_limited', message);
  err.retryAfterMs = retryAfterMs;
  return err;
}

/** Caller-supplied text inside an error (a field name, a path) is cut short: a refusal names, it does not echo 64 KiB. */
export const clip = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);
