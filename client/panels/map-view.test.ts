import { describe, expect, it } from 'vitest';
import { childOfCell } from '../../shared/scope.js';
import { makeTicket } from '../test/fixtures.js';
import { drillTarget, viewScopeOf } from './MapPanel.js';

const active = (gridId: string) => ({ ticket: makeTicket(1, { gridId, tier: 1 }), startedAt: 0, until: 8000 });

describe('viewScopeOf', () => {
  it('shows the drilled scope without an interrupt', () => {
    expect(viewScopeOf('321171', '321171002', null)).toBe('321171002');
  });

  it("zooms to the urgent cell's town on the district wall, and its village on a town's wall", () => {
    expect(viewScopeOf('321171', '321171', active('321171001003-02'))).toBe('321171001');
    expect(viewScopeOf('321171001', '321171001', active('321171001003-02'))).toBe('321171001003');
  });

  it("stays on a village's or a cell's own wall: never wider than the wall", () => {
    expect(viewScopeOf('321171001003', '321171001003', active('321171001003-02'))).toBe('321171001003');
    expect(viewScopeOf('321171001003-02', '321171001003-02', active('321171001003-02'))).toBe('321171001003-02');
  });

  it('keeps a drilled view that already contains the cell', () => {
    expect(viewScopeOf('321171', '321171001003', active('321171001003-02'))).toBe('321171001003');
    expect(viewScopeOf('321171', '321171002', active('321171001003-02'))).toBe('321171001');
  });
});

describe('drillTarget', () => {
  it('goes one level deeper, and not below a village', () => {
    expect(drillTarget('321171', '321171001003-02')).toBe('321171001');
    expect(drillTarget('321171001', '321171001003-02')).toBe('321171001003');
    expect(drillTarget('321171001003', '321171001003-02')).toBeNull();
    expect(drillTarget('321171002', '321171001003-02')).toBeNull();
    expect(drillTarget('321171001003-02', '321171001003-02')).toBeNull();
  });

  it("is the grammar's child of the view, except that the map stops at a village", () => {
    // The drill pages follow the same function one step further: a village's child is the cell.
    expect(childOfCell('321171001003', '321171001003-02')).toBe('321171001003-02');
    for (const view of ['321171', '321171001']) expect(drillTarget(view, '321171001003-02')).toBe(childOfCell(view, '321171001003-02'));
  });
});
