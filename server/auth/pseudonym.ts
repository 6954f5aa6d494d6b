import { createHmac, randomBytes } from 'node:crypto';

/** New at every start: a pseudonym cannot be undone by hashing every phone number, nor followed across restarts. */
const PSEUDONYM_KEY = randomBytes(32);

/**
 * A short keyed SHA-256 (12 hex digits) of something a log line or the audit log must not hold as it is: a sender's
 * own event id (which may carry a phone number), an anonymous wall's address. Equal values look equal within one run.
 */
export function pseudonym(value: string): string {
  return createHmac('sha256', PSEUDONYM_KEY).update(value).digest('hex').slice(0, 12);
}

/** How many pseudonyms of ids a log line lists; the rest are counted. */
export const LOGGED_IDS_MAX = 20;

/** Ids as a log line may hold them: how many, the pseudonyms of the first LOGGED_IDS_MAX, and how many more. */
export function idsForLog(ids: readonly string[]): { count: number; hashes: string[]; more: number } {
  const hashes = ids.slice(0, LOGGED_IDS_MAX).map(pseudonym);
  return { count: ids.length, hashes, more: ids.length - hashes.length };
}
