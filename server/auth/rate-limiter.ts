/**
 * Token buckets, the one mechanism behind every rate limit of the server: the door's (intake per caller, unknown
 * Bearer tokens per IP, failed logins per IP, per username, per device cookie) and a socket's events (one key per
 * socket, realtime/event-guard.ts). Each key holds up to `burst` tokens and regains `perMinute` a minute; a request
 * spends one. A bucket that has refilled is forgotten, so memory follows only the keys recently active. The clock is
 * injected: tests move it instead of waiting; a clock that goes back refills nothing.
 */
export interface Budget {
  /** Tokens a minute once the burst is spent. */
  perMinute: number;
  /** Tokens a quiet key starts with: how many requests may come at once. */
  burst: number;
}

/** Either allowed, or refused until `retryAfterMs` from now (when one token is back). */
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Beyond this many keys, full buckets are swept, then the oldest dropped: a flood of new IPs cannot grow memory. */
const DEFAULT_MAX_KEYS = 10_000;

export function createRateLimiter(budget: Budget, now: () => number, maxKeys = DEFAULT_MAX_KEYS) {
  const buckets = new Map<string, Bucket>();
  const perMs = budget.perMinute / 60_000;

  /** Tokens of `key` at time t (without storing anything). */
  const level = (key: string, t: number): number => {
    const b = buckets.get(key);
    return b ? Math.min(budget.burst, b.tokens + Math.max(0, t - b.at) * perMs) : budget.burst;
  };
  const refusal = (tokens: number): Verdict => ({ ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) });

  const evict = (t: number) => {
    for (const key of buckets.keys()) if (level(key, t) >= budget.burst) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    /** Spends a token of `key` if there is one. */
    take(key: string): Verdict {
      const t = now();
      const tokens = level(key, t);
      if (tokens < 1) return refusal(tokens);
      buckets.delete(key);
      buckets.set(key, { tokens: tokens - 1, at: t });
      if (buckets.size > maxKeys) evict(t);
      return { ok: true };
    },

    /**
     * Gives back the token of a request that turned out not to count (a successful login or Bearer token). Limits of
     * failures take first and refund after, so that concurrent attempts cannot all pass before any failure is known.
     */
    refund(key: string): void {
      const t = now();
      const tokens = Math.min(budget.burst, level(key, t) + 1);
      if (tokens >= budget.burst) buckets.delete(key);
      else buckets.set(key, { tokens, at: t });
    },

    /** Tokens `key` holds now (below 1: its next request is refused). */
    tokens(key: string): number {
      return level(key, now());
    },

    /** Keys currently tracked (tests, and to show the sweep works). */
    size(): number {
      return buckets.size;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
