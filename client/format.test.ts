import { describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatDuration, formatRate, isoDateOf, NO_VALUE } from './format.js';

describe('formatClock', () => {
  it('shows Shanghai time whatever the local zone', () => {
    // 2023-01-01 00:00:05 in Shanghai is 2022-12-31 16:00:05 UTC.
    const { date, time } = formatClock(Date.UTC(2022, 11, 31, 16, 0, 5));
    expect(date).toContain('2023年1月1日');
    expect(date).toContain('星期日');
    expect(time).toBe('00:00:05');
  });

  it('has placeholders before the first snapshot', () => {
    expect(formatClock(null)).toEqual({ date: NO_VALUE, time: '--:--:--' });
  });
});

describe('formatCount and formatRate', () => {
  it('groups thousands', () => {
    expect(formatCount(3498)).toBe('3,498');
    expect(formatCount(undefined)).toBe(NO_VALUE);
  });

  it('keeps null rates distinct from zero', () => {
    expect(formatRate(null)).toBe(NO_VALUE);
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(0.9876)).toBe('98.8%');
    expect(formatRate(1)).toBe('100.0%');
  });
});

describe('isoDateOf and formatDuration', () => {
  it('gives the Shanghai date', () => {
    // 2023-06-14 17:00 UTC is already 15 June in Shanghai.
    expect(isoDateOf(Date.UTC(2023, 5, 14, 17, 0))).toBe('2023-06-15');
  });

  it('writes durations as mm:ss or h:mm:ss', () => {
    expect(formatDuration(5_400)).toBe('00:05');
    expect(formatDuration(125_000)).toBe('02:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('formats clocks in English too', () => {
    expect(formatClock(Date.UTC(2022, 11, 31, 16, 0, 5), 'en-GB').date).toContain('1 January 2023');
  });
});
