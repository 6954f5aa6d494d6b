import { describe, expect, it } from 'vitest';
import { missingFiles, monthCrossed, monthToMake } from './due.js';

const at = (iso: string) => Date.parse(iso);
const FIRST = '2023-01';

describe('monthToMake', () => {
  it('makes the previous month from 06:00 on the 1st (Asia/Shanghai), not a minute before', () => {
    expect(monthToMake(at('2023-11-01T05:59:00+08:00'), new Set(), FIRST)).toBe('2023-09');
    expect(monthToMake(at('2023-11-01T06:00:00+08:00'), new Set(), FIRST)).toBe('2023-10');
    // 06:00 in Shanghai is 22:00 UTC the evening before: the zone, not UTC, decides.
    expect(monthToMake(at('2023-10-31T22:00:00Z'), new Set(), FIRST)).toBe('2023-10');
    expect(monthToMake(at('2023-10-31T21:59:59Z'), new Set(), FIRST)).toBe('2023-09');
  });

  it('does not make a month twice, and the made month stays done until the next 1st', () => {
    const made = new Set(['2023-10']);
    expect(monthToMake(at('2023-11-01T06:00:00+08:00'), made, FIRST)).toBeNull();
    expect(monthToMake(at('2023-11-30T23:59:00+08:00'), made, FIRST)).toBeNull();
    expect(monthToMake(at('2023-12-01T06:00:00+08:00'), made, FIRST)).toBe('2023-11');
  });

  it('never makes a month before the first one (the demo year starts on 2023-01-01)', () => {
    expect(monthToMake(at('2023-01-01T00:00:00+08:00'), new Set(), FIRST)).toBeNull();
    expect(monthToMake(at('2023-01-20T12:00:00+08:00'), new Set(), FIRST)).toBeNull();
    expect(monthToMake(at('2023-02-01T06:00:00+08:00'), new Set(), FIRST)).toBe('2023-01');
  });

  it('a clock that leaps months makes only the month it lands after; one moved back makes the month due there', () => {
    const made = new Set(['2023-02']);
    expect(monthToMake(at('2023-10-17T09:30:00+08:00'), made, FIRST)).toBe('2023-09');
    made.add('2023-09');
    expect(monthToMake(at('2023-05-02T00:00:00+08:00'), made, FIRST)).toBe('2023-04');
    // The year's end, then the replay loops back to January: nothing is due there.
    expect(monthToMake(at('2024-01-01T06:00:00+08:00'), made, FIRST)).toBe('2023-12');
    expect(monthToMake(at('2023-01-01T00:00:01+08:00'), made, FIRST)).toBeNull();
  });
});

describe('monthCrossed (the demo: the replay\'s clock playing across a 1st)', () => {
  it('makes nothing at the first look, then the month whose 1st 06:00 the clock passes going forwards', () => {
    const made = new Set<string>();
    let look = monthCrossed(at('2023-10-17T09:30:00+08:00'), undefined, made, FIRST);
    expect(look).toEqual({ make: null, seen: '2023-09' });
    look = monthCrossed(at('2023-11-01T05:59:00+08:00'), look.seen, made, FIRST);
    expect(look.make).toBeNull();
    look = monthCrossed(at('2023-11-01T06:00:00+08:00'), look.seen, made, FIRST);
    expect(look).toEqual({ make: '2023-10', seen: '2023-10' });
    made.add('2023-10');
    expect(monthCrossed(at('2023-11-20T00:00:00+08:00'), look.seen, made, FIRST).make).toBeNull();
  });

  it('makes nothing for a seek or the loop going back, and the latest month only for a leap forwards', () => {
    const made = new Set(['2023-10']);
    const back = monthCrossed(at('2023-05-10T00:00:00+08:00'), '2023-10', made, FIRST);
    expect(back).toEqual({ make: null, seen: '2023-04' });
    expect(monthCrossed(at('2023-06-01T06:00:00+08:00'), back.seen, made, FIRST).make).toBe('2023-05');
    expect(monthCrossed(at('2023-09-03T00:00:00+08:00'), '2023-05', made, FIRST).make).toBe('2023-08');
    // Looping from the year's end to its start: January has nothing due.
    expect(monthCrossed(at('2023-01-01T00:00:00+08:00'), '2023-12', made, FIRST)).toEqual({ make: null, seen: null });
    expect(monthCrossed(at('2023-02-01T06:00:00+08:00'), null, made, FIRST).make).toBe('2023-01');
    // Already made (this process made it before a seek back): not again.
    expect(monthCrossed(at('2023-11-01T06:00:00+08:00'), '2023-09', made, FIRST).make).toBeNull();
  });
});

describe('missingFiles', () => {
  it('lists each scope\'s workbook then PDF, leaving out what is on disk', () => {
    const present = new Set(['321171/2023-10.xlsx', '321171001/2023-10.pdf']);
    const missing = missingFiles('2023-10', ['321171', '321171001'], (k) => present.has(`${k.scope}/${k.month}.${k.format}`));
    expect(missing).toEqual([
      { scope: '321171', month: '2023-10', format: 'pdf' },
      { scope: '321171001', month: '2023-10', format: 'xlsx' },
    ]);
  });
});
