/**
 * A token bucket: up to `capacity` events pass at once, then `perSecond` on average. Pure apart from the injected clock.
 */
export function createTokenBucket(capacity: number, perSecond: number, now: () => number = Date.now) {
  let tokens = capacity;
  let last = now();
  return {
    /** Takes one token; false when the bucket is empty (the event should be dropped). */
    take(): boolean {
      const t = now();
      tokens = Math.min(capacity, tokens + (Math.max(0, t - last) / 1000) * perSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
export type TokenBucket = ReturnType<typeof createTokenBucket>;
