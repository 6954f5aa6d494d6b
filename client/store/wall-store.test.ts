import { describe, expect, it } from 'vitest';
import { makeChild, makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { createWallStore } from './wall-store.js';

describe('wall store', () => {
  it('starts connecting with no data', () => {
    const store = createWallStore('321171');
    expect(store.getState()).toMatchObject({ scope: '321171', summary: null, seq: null, status: 'connecting' });
  });

  it('stamps lastDataAt on snapshot and applied deltas, and returns the delta result', () => {
    const store = createWallStore('321171');
    store.getState().applySnapshot(makeSnapshot(1, makeSummary()));
    expect(store.getState().lastDataAt).not.toBeNull();
    expect(store.getState().applyDelta({ scope: '321171', seq: 2, patch: { clock: 9 } })).toBe('ok');
    expect(store.getState().applyDelta({ scope: '321171', seq: 4, patch: { clock: 10 } })).toBe('gap');
    expect(store.getState().summary?.clock).toBe(9);
  });

  it('keeps the last values when the link drops', () => {
    const store = createWallStore('321171');
    store.getState().applySnapshot(makeSnapshot(1, makeSummary()));
    store.getState().setStatus('offline', 'transport close');
    expect(store.getState().summary).not.toBeNull();
    expect(store.getState()).toMatchObject({ status: 'offline', lastError: 'transport close' });
  });

  it('after the demo jumped back in time drops the later tickets, the urgent interrupt and the ripples', () => {
    const store = createWallStore('321171');
    store.getState().fillBoard([makeTicket(1)]);
    store.getState().upsertTickets([makeTicket(2, { urgent: true })]);
    expect(store.getState().interrupt.active?.ticket.id).toBe(2);
    expect(store.getState().ripples.length).toBeGreaterThan(0);
    store.getState().fillBoard([makeTicket(1)], makeTicket(1).reportedAt);
    expect(store.getState().board.items.map((t) => t.id)).toEqual([1]);
    expect(store.getState().interrupt.active).toBeNull();
    expect(store.getState().ripples).toEqual([]);
  });

  it('takes the map measures, the ranking and the board from a snapshot, and merges what a delta changed', () => {
    const store = createWallStore('321171');
    const cell = '321171001001-01';
    store.getState().applySnapshot(makeSnapshot(5, makeSummary(), {
      cells: { [cell]: { open: 1, overdue: 0, total: 4 }, '321171002001-01': { open: 0, overdue: 0, total: 2 } },
      children: [makeChild('321171001', { open: 1 }), makeChild('321171002', { open: 0 })],
      board: [makeTicket(3), makeTicket(2)],
    }));
    expect(store.getState().board.items.map((t) => t.id).sort()).toEqual([2, 3]);
    expect(store.getState().ranking?.map((r) => r.open)).toEqual([1, 0]);

    expect(store.getState().applyDelta({
      scope: '321171', seq: 6, patch: {}, cells: { [cell]: { open: 2, overdue: 1, total: 5 } }, children: [makeChild('321171001', { open: 2 })],
    })).toBe('ok');
    expect(store.getState().cellMeasures).toEqual({ [cell]: { open: 2, overdue: 1, total: 5 }, '321171002001-01': { open: 0, overdue: 0, total: 2 } });
    expect(store.getState().ranking?.map((r) => [r.id, r.open])).toEqual([['321171001', 2], ['321171002', 0]]);

    // A delta after a gap changes nothing: the socket re-subscribes and the next snapshot replaces everything.
    expect(store.getState().applyDelta({ scope: '321171', seq: 9, patch: {}, cells: { [cell]: { open: 9, overdue: 9, total: 9 } } })).toBe('gap');
    expect(store.getState().cellMeasures?.[cell].open).toBe(2);
    store.getState().applySnapshot(makeSnapshot(9, makeSummary(), { cells: {}, children: [], board: [] }));
    expect(store.getState()).toMatchObject({ cellMeasures: {}, ranking: [] });
  });
});
