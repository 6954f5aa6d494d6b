import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
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
});
