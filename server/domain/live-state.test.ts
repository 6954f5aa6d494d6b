import { describe, expect, it } from 'vitest';
import { makeTicket } from '../test/ticket-factory.js';
import { createLiveState } from './live-state.js';
import { SMALL_CELLS, smallDirectory } from '../test/small-directory.js';

const CELLS = SMALL_CELLS;
const directory = smallDirectory;

describe('live aggregates', () => {
  it('counts a ticket as overdue when the clock passes its closing deadline, with no event', () => {
    const live = createLiveState(directory());
    const t0 = Date.UTC(2023, 0, 1);
    live.rebuild([], t0);
    const t = makeTicket({ reportedAt: t0, status: 'accepted', acceptedAt: t0, closeDueAt: t0 + 3600_000 });
    live.applyChange(null, t);
    expect(live.summary('321171').tickets.overdue).toBe(0);
    const changed = live.advance(t0 + 3600_000 + 1);
    expect(changed.has('321171102004-01')).toBe(true);
    expect(live.summary('321171').tickets.overdue).toBe(1);
    expect(live.summary('321171001').tickets.overdue).toBe(0);
  });

  it('names each scope\'s children in order and its parent, and gives cell measures and child rows equal to the summaries', () => {
    const live = createLiveState(directory());
    const t0 = Date.UTC(2023, 0, 1);
    live.rebuild([], t0);
    live.applyChange(null, makeTicket({ gridId: '321171102004-02', reportedAt: t0, status: 'accepted', acceptedAt: t0 }));
    expect(live.childIdsOf('321171')).toEqual(['321171102', '321171001']);
    expect(live.childIdsOf('321171102')).toEqual(['321171102004', '321171102009']);
    expect(live.childIdsOf('321171102004')).toEqual(['321171102004-01', '321171102004-02']);
    expect(live.childIdsOf('321171102004-01')).toEqual([]);
    expect(live.parentOf('321171102004-02')).toBe('321171102004');
    expect(live.parentOf('321171102004')).toBe('321171102');
    expect(live.parentOf('321171102')).toBe('321171');
    expect(live.parentOf('321171')).toBeUndefined();
    expect(live.cellMeasuresOf('321171102004')).toEqual({
      '321171102004-01': { open: 0, overdue: 0, total: 0 }, '321171102004-02': { open: 1, overdue: 0, total: 1 },
    });
    expect(Object.keys(live.cellMeasuresOf('321171'))).toHaveLength(CELLS.length);
    const town = live.summary('321171102');
    expect(live.childRow('321171102')).toEqual({
      id: '321171102', level: 'town', name: '丁岗镇', households: 300, gridCells: 3,
      tickets: { total: 1, open: 1, overdue: 0, today: town.tickets.today },
      kpi: {
        responseRate: town.kpi.responseRate, closureRate: town.kpi.closureRate, onTimeRate: town.kpi.onTimeRate,
        satisfactionRate: town.kpi.satisfactionRate, reworkRate: town.kpi.reworkRate,
      },
    });
    expect(town.tickets.today).toBe(1);
  });
});
