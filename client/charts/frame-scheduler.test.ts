import { describe, expect, it } from 'vitest';
import { createFrameScheduler, LATE_FRAME_MS, MAX_SKIPPED_FRAMES } from './frame-scheduler.js';

/** A hand-driven frame source and clock: `frame(delay)` advances the clock by `delay` and runs the asked frame. */
function fakeFrames() {
  let clock = 0;
  let asked: ((t: number) => void) | null = null;
  return {
    now: () => clock,
    request: (run: (t: number) => void) => {
      asked = run;
    },
    frame(delayMs = 16) {
      clock += delayMs;
      const run = asked;
      asked = null;
      run?.(clock);
    },
    get waiting() {
      return asked !== null;
    },
  };
}

describe('frame scheduler', () => {
  it('runs one update per frame, in the order asked, and a chart asking again keeps its place with its latest update', () => {
    const f = fakeFrames();
    const s = createFrameScheduler(f.request, f.now);
    const ran: string[] = [];
    const gauge = {};
    const trend = {};
    for (let i = 0; i < 100; i++) s.schedule(gauge, () => ran.push(`gauge ${i}`));
    s.schedule(trend, () => ran.push('trend'));
    expect(s.pending()).toBe(2);
    f.frame();
    expect(ran).toEqual(['gauge 99']);
    f.frame();
    expect(ran).toEqual(['gauge 99', 'trend']);
    expect(f.waiting).toBe(false);
  });

  it('skips a frame that comes late (the machine was busy) rather than adding the update to it, a few times at most', () => {
    const f = fakeFrames();
    const s = createFrameScheduler(f.request, f.now);
    let runs = 0;
    s.schedule({}, () => runs++);
    f.frame(LATE_FRAME_MS + 30);
    expect(runs).toBe(0);
    expect(s.skipped()).toBe(1);
    // The next frame on time runs it.
    f.frame(16);
    expect(runs).toBe(1);

    // Always late: after MAX_SKIPPED_FRAMES skips it runs anyway, so the numbers still move on a saturated machine.
    s.schedule({}, () => runs++);
    for (let i = 0; i < MAX_SKIPPED_FRAMES; i++) f.frame(LATE_FRAME_MS + 30);
    expect(runs).toBe(1);
    f.frame(LATE_FRAME_MS + 30);
    expect(runs).toBe(2);
    expect(s.skipped()).toBe(1 + MAX_SKIPPED_FRAMES);
  });

  it('drops a cancelled update and asks for no frame when nothing is left', () => {
    const f = fakeFrames();
    const s = createFrameScheduler(f.request, f.now);
    const key = {};
    let runs = 0;
    s.schedule(key, () => runs++);
    s.cancel(key);
    f.frame();
    expect(runs).toBe(0);
    expect(s.pending()).toBe(0);
    expect(f.waiting).toBe(false);
  });
});
