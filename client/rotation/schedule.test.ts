import { describe, expect, it } from 'vitest';
import { pauseRotation, resumeRotation, rotationAt, startRotation } from './schedule.js';

const T = Date.UTC(2026, 0, 5, 1, 0, 0);
const S = 1000;
const EVERY = 60 * S;

describe('rotationAt', () => {
  it('shows each scope for its interval, in order, then loops', () => {
    const clock = startRotation(T);
    expect(rotationAt(3, EVERY, clock, T)).toEqual({ index: 0, nextInMs: 60 * S, paused: false });
    expect(rotationAt(3, EVERY, clock, T + 59 * S)).toEqual({ index: 0, nextInMs: 1 * S, paused: false });
    expect(rotationAt(3, EVERY, clock, T + 60 * S)).toEqual({ index: 1, nextInMs: 60 * S, paused: false });
    expect(rotationAt(3, EVERY, clock, T + 150 * S)).toEqual({ index: 2, nextInMs: 30 * S, paused: false });
    expect(rotationAt(3, EVERY, clock, T + 180 * S).index).toBe(0);
    expect(rotationAt(3, EVERY, clock, T + 24 * 3600 * S + 61 * S).index).toBe(1);
  });

  it('stays on a one-scope list', () => {
    expect(rotationAt(1, EVERY, startRotation(T), T + 3 * EVERY + 5 * S)).toEqual({ index: 0, nextInMs: 55 * S, paused: false });
  });

  it('never goes back for a clock that stepped backwards', () => {
    expect(rotationAt(3, EVERY, startRotation(T), T - 5 * S)).toEqual({ index: 0, nextInMs: 60 * S, paused: false });
  });

  it('freezes while paused and goes on from where it was after', () => {
    // An urgent interrupt 50 s into the first scope's turn, shown for 8 s.
    let clock = pauseRotation(startRotation(T), T + 50 * S);
    expect(rotationAt(3, EVERY, clock, T + 50 * S)).toEqual({ index: 0, nextInMs: 10 * S, paused: true });
    // Where the first scope's turn would have ended, it is still held.
    expect(rotationAt(3, EVERY, clock, T + 61 * S)).toEqual({ index: 0, nextInMs: 10 * S, paused: true });
    clock = resumeRotation(clock, T + 58 * S);
    expect(rotationAt(3, EVERY, clock, T + 58 * S)).toEqual({ index: 0, nextInMs: 10 * S, paused: false });
    expect(rotationAt(3, EVERY, clock, T + 67 * S).index).toBe(0);
    expect(rotationAt(3, EVERY, clock, T + 68 * S)).toEqual({ index: 1, nextInMs: 60 * S, paused: false });
  });

  it('adds up several pauses, and pausing twice or resuming a running rotation changes nothing', () => {
    let clock = startRotation(T);
    clock = pauseRotation(clock, T + 10 * S);
    expect(pauseRotation(clock, T + 20 * S)).toBe(clock);
    clock = resumeRotation(clock, T + 30 * S); // 20 s held
    expect(resumeRotation(clock, T + 40 * S)).toBe(clock);
    clock = resumeRotation(pauseRotation(clock, T + 100 * S), T + 130 * S); // 30 s held
    // 200 s of wall time, 50 s of it held: 150 s of rotation = the third scope, 30 s left.
    expect(rotationAt(3, EVERY, clock, T + 200 * S)).toEqual({ index: 2, nextInMs: 30 * S, paused: false });
  });

  it('starts again from the first scope on a restart (key r)', () => {
    expect(rotationAt(3, EVERY, startRotation(T + 130 * S), T + 130 * S)).toEqual({ index: 0, nextInMs: 60 * S, paused: false });
  });
});
