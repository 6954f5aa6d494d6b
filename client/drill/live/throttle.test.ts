import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle.js';

afterEach(() => vi.useRealTimers());

describe('throttle', () => {
  it('runs at most once per window, and once at its end for any number of calls inside it', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const t = throttle(fn, 2000);
    t.call();
    t.call();
    vi.advanceTimersByTime(1999);
    expect(fn).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    t.call(); // the window has passed: at once
    expect(fn).toHaveBeenCalledTimes(2);
    t.call();
    t.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
