import { describe, expect, it } from 'vitest';
import { monthBounds, monthDue, monthOf, previousMonth } from './report-month.js';

const at = (iso: string) => Date.parse(iso);

describe('report months', () => {
  it('bounds a month as local dates, December rolling into the next year', () => {
    expect(monthBounds('2023-10')).toEqual({ from: '2023-10-01', to: '2023-11-01' });
    expect(monthBounds('2023-12')).toEqual({ from: '2023-12-01', to: '2024-01-01' });
    for (const bad of ['2023-13', '2023-00', '2023-1', '23-10', '2023-10-01', '../x']) expect(monthBounds(bad)).toBeNull();
  });

  it('names the month of an instant in Asia/Shanghai, and the month before', () => {
    expect(monthOf(at('2023-10-31T16:00:00Z'))).toBe('2023-11');
    expect(monthOf(at('2023-10-31T15:59:59Z'))).toBe('2023-10');
    expect(previousMonth('2023-01')).toBe('2022-12');
    expect(previousMonth('2023-11')).toBe('2023-10');
  });

  it('makes the previous month once 06:00 on the 1st has passed, and only once', () => {
    expect(monthDue(at('2023-11-01T05:59:59+08:00'), '2023-09', '2023-01')).toBeNull();
    expect(monthDue(at('2023-11-01T06:00:00+08:00'), '2023-09', '2023-01')).toBe('2023-10');
    expect(monthDue(at('2023-11-20T12:00:00+08:00'), '2023-10', '2023-01')).toBeNull();
    expect(monthDue(at('2024-01-01T06:00:00+08:00'), '2023-11', '2023-01')).toBe('2023-12');
  });

  it('catches up after the clock jumps weeks ahead, and never makes a month before the data', () => {
    expect(monthDue(at('2023-11-01T05:00:00+08:00'), '2023-08', '2023-01')).toBe('2023-09');
    expect(monthDue(at('2023-01-15T10:00:00+08:00'), null, '2023-01')).toBeNull();
    expect(monthDue(at('2023-02-01T06:30:00+08:00'), null, '2023-01')).toBe('2023-01');
  });
});
