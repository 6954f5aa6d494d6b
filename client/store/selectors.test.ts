import { describe, expect, it } from 'vitest';
import { makeGeo } from '../test/fixtures.js';
import { cellsOfScope, per1000, selectCellValues } from './selectors.js';

describe('cellsOfScope', () => {
  const geo = makeGeo();

  it('keeps every cell for the district and the cells of a town or village', () => {
    expect(cellsOfScope(geo, '321171').features).toHaveLength(4);
    expect(cellsOfScope(geo, '321171001').features.map((f) => f.id)).toEqual(['321171001001-01', '321171001001-02']);
    expect(cellsOfScope(geo, '321171102004-01').features).toHaveLength(1);
  });
});

describe('selectCellValues', () => {
  const geo = makeGeo();
  const measures = { '321171001001-01': { open: 3, overdue: 1, total: 12 } };

  it('picks the measure, with zero for cells without tickets', () => {
    expect(selectCellValues(geo, measures, 'open').values).toMatchObject({ '321171001001-01': 3, '321171001001-02': 0 });
    expect(selectCellValues(geo, measures, 'overdue').values['321171001001-01']).toBe(1);
    // 12 tickets over 120 households: 100 per 1,000.
    expect(selectCellValues(geo, measures, 'per1000').values['321171001001-01']).toBe(100);
  });

  it('gives every cell its numbers for the tooltip, also before measures load', () => {
    const { details } = selectCellValues(geo, null, 'open');
    expect(details['321171102004-01']).toEqual({ open: 0, overdue: 0, total: 0, households: 200, per1000: 0 });
  });
});

describe('per1000', () => {
  it('rounds to one decimal and has no rate without households', () => {
    expect(per1000(1, 3)).toBe(333.3);
    expect(per1000(5, 0)).toBe(0);
  });
});
