import { describe, expect, it } from 'vitest';
import { stepSpeed } from './replay-speeds.js';

describe('stepSpeed', () => {
  it('steps through 1, 60, 600, 3600 and max (0), staying at the ends', () => {
    expect(stepSpeed(1, 1)).toBe(60);
    expect(stepSpeed(3600, 1)).toBe(0);
    expect(stepSpeed(0, 1)).toBe(0);
    expect(stepSpeed(0, -1)).toBe(3600);
    expect(stepSpeed(1, -1)).toBe(1);
  });

  it('goes to the nearest offered speed from one set elsewhere', () => {
    expect(stepSpeed(100, 1)).toBe(600);
    expect(stepSpeed(100, -1)).toBe(60);
  });
});
