import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.js';

describe('token bucket', () => {
  it('lets a burst of `capacity` through, then `perSecond`, never saving more than `capacity`', () => {
    let t = 0;
    const bucket = createTokenBucket(5, 2, () => t);
    const takes = (n: number) => Array.from({ length: n }, () => bucket.take()).filter(Boolean).length;
    expect(takes(10)).toBe(5);
    t = 500;
    expect(takes(10)).toBe(1);
    t = 1500;
    expect(takes(10)).toBe(2);
    t = 60_000;
    expect(takes(10)).toBe(5);
  });

  it('does not refill when the clock goes backwards', () => {
    let t = 10_000;
    const bucket = createTokenBucket(1, 1, () => t);
    expect(bucket.take()).toBe(true);
    t = 0;
    expect(bucket.take()).toBe(false);
  });
});
