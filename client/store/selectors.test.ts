import { describe, expect, it } from 'vitest';
import { makeGeo } from '../test/fixtures.js';
import { cellsOfScope, selectCellValues } from './selectors.js';

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

  it('uses open tickets when measures exist, with zero for cells without tickets', () => {
    const out = selectCellValues(geo, { '321171001001-01': { open: 3, overdue: 1, total: 8 } });
    expect(out.measure).toBe('open');
    expect(out.values['321171001001-01']).toBe(3);
    expect(out.values['321171001001-02']).toBe(0);
  });

  it('falls back to households', () => {
    const out = selectCellValues(geo, null);
    expect(out.measure).toBe('households');
    expect(out.values['321171001001-01']).toBe(120);
  });
});
