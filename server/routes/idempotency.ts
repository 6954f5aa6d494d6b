import { createHash } from 'node:crypto';
import type { IdempotentRecord } from '../storage/ticket-repository.js';
import { DomainError } from '../domain/errors.js';

/** JSON with the keys of every object sorted: a body hashes the same whatever order a client wrote its fields in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}

/** What the idempotency table keeps of a request body: SHA-256 of its canonical JSON, hex. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * What an earlier use of the same caller's key means for this request: nothing (null, file it), a retry (the id of
 * the ticket to answer with again), or another report under a reused key (422: replaying would hide it).
 */
export function replayOf(earlier: IdempotentRecord | null, hash: string): number | null {
  if (!earlier) return null;
  if (earlier.bodyHash !== hash) {
    throw new DomainError(422, 'idempotency_key_reused',
      'This Idempotency-Key was already used by you with a different request body; a new report needs a new key.', 'idempotency-key');
  }
  return earlier.ticketId;
}
