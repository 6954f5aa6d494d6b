import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { isSwitching, scopeSwitch } from './scope-switch.js';
import { createWallStore } from './wall-store.js';

const DINGMAO_CELL = '321171001001-01';
const OTHER_TOWN_CELL = '321171102004-01';

function districtWall() {
  const store = createWallStore('321171');
  const s = store.getState();
  s.applySnapshot(makeSnapshot(7, makeSummary()));
  s.fillBoard([makeTicket(3, { gridId: OTHER_TOWN_CELL }), makeTicket(2), makeTicket(1, { gridId: OTHER_TOWN_CELL })]);
  s.upsertTickets([makeTicket(4, { gridId: DINGMAO_CELL, urgent: true }), makeTicket(5, { gridId: OTHER_TOWN_CELL, urgent: true })]);
  s.drillTo('321171102');
  return store;
}

describe('scopeSwitch', () => {
  it('keeps the numbers on screen until the new snapshot, and stops applying the old scope', () => {
    const store = districtWall();
    store.setState(scopeSwitch(store.getState(), '321171001'));
    const s = store.getState();
    expect(s.scope).toBe('321171001');
    expect(s.summary?.scope.id).toBe('321171');
    expect(s.seq).toBeNull();
    expect(isSwitching(s)).toBe(true);
    // A delta of the old scope no longer applies.
    expect(s.applyDelta({ scope: '321171', seq: 8, patch: { clock: 1 } })).toBe('ignored');
    s.applySnapshot(makeSnapshot(3, makeSummary({ scope: { id: '321171001', level: 'town', name: '丁卯街道', parents: ['321171'] } })));
    expect(isSwitching(store.getState())).toBe(false);
    expect(store.getState().applyDelta({ scope: '321171001', seq: 4, patch: { clock: 2 } })).toBe('ok');
  });

  it('keeps only what lies inside the new scope on the board, the ripples and the waiting interrupts, and resets the map', () => {
    const store = districtWall();
    const before = store.getState();
    expect(before.board.items.map((t) => t.id)).toEqual([1, 2, 3, 4, 5]);
    expect(before.ripples.length).toBe(2);
    expect(before.interrupt.active?.ticket.id).toBe(4);
    expect(before.interrupt.pending.map((p) => p.ticket.id)).toEqual([5]);
    store.setState(scopeSwitch(before, '321171001'));
    const s = store.getState();
    expect(s.board.items.map((t) => t.id)).toEqual([2, 4]);
    expect(s.ripples.map((r) => r.gridId)).toEqual([DINGMAO_CELL]);
    // The one on screen stays (the rotation is held while it shows); the other street's waiting one goes.
    expect(s.interrupt.active?.ticket.id).toBe(4);
    expect(s.interrupt.pending).toEqual([]);
    expect(s.mapScope).toBe('321171001');
  });

  it('changes nothing for the scope the wall already has', () => {
    const store = districtWall();
    expect(scopeSwitch(store.getState(), '321171')).toEqual({});
  });

  it('is not switching before the first snapshot', () => {
    expect(isSwitching(createWallStore('321171001').getState())).toBe(false);
  });
});
