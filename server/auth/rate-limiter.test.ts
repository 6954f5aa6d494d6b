import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('token bucket', () => {
  it('allows the burst at once, then one request per refill interval, and says when to come back', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 6, burst: 3 }, () => t);
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 10_000 });
    t += 4_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 6_000 });
    t += 6_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a').ok).toBe(false);
    // Other keys have their own buckets.
    expect(limiter.take('b')).toEqual({ ok: true });
  });

  it('never holds more than the burst, however long a key was quiet', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 2 }, () => t);
    limiter.take('a');
    t += 3_600_000;
    expect([limiter.take('a').ok, limiter.take('a').ok, limiter.take('a').ok]).toEqual([true, true, false]);
  });

  it('does not refill when the clock goes backwards', () => {
    let t = 10_000;
    const limiter = createRateLimiter({ perMinute: 60, burst: 1 }, () => t);
    expect(limiter.take('').ok).toBe(true);
    t = 0;
    expect(limiter.take('').ok).toBe(false);
  });

  it('gives a refunded token back, so that only failures count', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 2 }, () => 0);
    for (let i = 0; i < 10; i++) {
      expect(limiter.take('ok').ok).toBe(true);
      limiter.refund('ok');
    }
    expect(limiter.size()).toBe(0); // a full bucket is not kept
    limiter.take('bad');
    limiter.take('bad');
    expect(limiter.take('bad').ok).toBe(false);
  });

  it('forgets refilled keys and then the least recently used when a flood of keys passes the cap', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 1 }, () => t, 100);
    for (let i = 0; i < 100; i++) limiter.take(`old-${i}`);
    t += 1_000; // every old bucket is full again
    limiter.take('new');
    expect(limiter.size()).toBe(1);
    for (let i = 0; i < 250; i++) limiter.take(`flood-${i}`);
    expect(limiter.size()).toBeLessThanOrEqual(100);
    expect(limiter.take('flood-249').ok).toBe(false); // the newest are the ones kept
  });
});
