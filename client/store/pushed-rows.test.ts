import { describe, expect, it } from 'vitest';
import { makeChild } from '../test/fixtures.js';
import { mergeCells, mergeRanking, rankingRowOf } from './pushed-rows.js';

describe('mergeCells', () => {
  it('lays the changed cells over the held ones and keeps the object when nothing changed', () => {
    const held = { a: { open: 1, overdue: 0, total: 5 }, b: { open: 2, overdue: 1, total: 7 } };
    expect(mergeCells(held, { b: { open: 1, overdue: 0, total: 8 } })).toEqual({ a: held.a, b: { open: 1, overdue: 0, total: 8 } });
    expect(mergeCells(held, undefined)).toBe(held);
    expect(mergeCells(held, {})).toBe(held);
  });
});

describe('rankingRowOf', () => {
  it('takes the numbers the ranking sorts by and shortens 居委会/村委会', () => {
    expect(rankingRowOf(makeChild('321171001001', { name: '丁卯社区居委会', total: 12, open: 3, onTimeRate: null }))).toEqual({
      id: '321171001001', name: '丁卯社区', total: 12, open: 3, onTimeRate: null, satisfactionRate: 0.95,
    });
  });
});

describe('mergeRanking', () => {
  const rows = [rankingRowOf(makeChild('321171001')), rankingRowOf(makeChild('321171002'))];

  it('replaces the changed children in place, keeping the order', () => {
    const merged = mergeRanking(rows, [makeChild('321171002', { open: 9 })]);
    expect(merged?.map((r) => [r.id, r.open])).toEqual([['321171001', 2], ['321171002', 9]]);
    expect(merged?.[0]).toBe(rows[0]);
  });

  it('adds a child it did not hold, and keeps the list when nothing changed', () => {
    expect(mergeRanking(rows, [makeChild('321171101')])?.map((r) => r.id)).toEqual(['321171001', '321171002', '321171101']);
    expect(mergeRanking(rows, undefined)).toBe(rows);
    expect(mergeRanking(null, [makeChild('321171001')])).toHaveLength(1);
  });
});
