/** Waits between attempts of one digest: 5 s, 5 min, 30 min, 2 h, 6 h, 12 h, then a day; after the last, the rows are dead. */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000] as const;
/** Each wait is spread by up to ±20%, so that receivers that came back are not hit by every sender at once. */
const JITTER = 0.2;
/** A Retry-After longer than this is read as this. */
export const RETRY_AFTER_MAX_MS = 86_400_000;

/** When the digest goes again after its `attempts`-th failure, or null: give up (dead). Pure but for `random`. */
export function nextAttempt(attempts: number, now: number, delays: readonly number[] = RETRY_DELAYS_MS, random = Math.random): number | null {
  if (attempts > delays.length) return null;
  const base = delays[attempts - 1];
  return now + Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. Pure. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(RETRY_AFTER_MAX_MS, Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.min(RETRY_AFTER_MAX_MS, Math.max(0, at - now));
}
