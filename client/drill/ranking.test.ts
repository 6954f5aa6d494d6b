import { describe, expect, it } from 'vitest';
import type { ScopeChild } from '../../shared/schemas/drill.js';
import { rankChildren } from './ranking.js';

function child(id: string, open: number, onTimeRate: number | null): ScopeChild {
  return {
    id, level: 'town', name: id, households: 1, gridCells: 1,
    tickets: { total: open * 2, open, overdue: 0, today: 0 },
    kpi: { responseRate: null, closureRate: null, onTimeRate, satisfactionRate: null, reworkRate: null },
  };
}

describe('rankChildren', () => {
  const items = [child('321171001', 3, 0.5), child('321171002', 9, null), child('321171003', 3, 0.9), child('321171004', 0, 0)];

  it('puts the highest count first, ties in code order', () => {
    expect(rankChildren(items, 'open').map((c) => c.id)).toEqual(['321171002', '321171001', '321171003', '321171004']);
  });

  it('puts rates with nothing due last, after a real 0%', () => {
    expect(rankChildren(items, 'onTimeRate').map((c) => c.id)).toEqual(['321171003', '321171001', '321171004', '321171002']);
  });

  it('does not reorder its input', () => {
    rankChildren(items, 'open');
    expect(items[0].id).toBe('321171001');
  });
});
