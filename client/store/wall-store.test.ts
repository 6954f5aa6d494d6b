import { describe, expect, it } from 'vitest';
import { makeSummary } from '../test/fixtures.js';
import { createWallStore } from './wall-store.js';

describe('wall store', () => {
  it('starts connecting with no data', () => {
    const store = createWallStore('321171');
    expect(store.getState()).toMatchObject({ scope: '321171', summary: null, seq: null, status: 'connecting' });
  });

  it('stamps lastDataAt on snapshot and applied deltas, and returns the delta result', () => {
    const store = createWallStore('321171');
    store.getState().applySnapshot({ seq: 1, summary: makeSummary() });
    expect(store.getState().lastDataAt).not.toBeNull();
    expect(store.getState().applyDelta({ scope: '321171', seq: 2, patch: { clock: 9 } })).toBe('ok');
    expect(store.getState().applyDelta({ scope: '321171', seq: 4, patch: { clock: 10 } })).toBe('gap');
    expect(store.getState().summary?.clock).toBe(9);
  });

  it('keeps the last values when the link drops', () => {
    const store = createWallStore('321171');
    store.getState().applySnapshot({ seq: 1, summary: makeSummary() });
    store.getState().setStatus('offline', 'transport close');
    expect(store.getState().summary).not.toBeNull();
    expect(store.getState()).toMatchObject({ status: 'offline', lastError: 'transport close' });
  });
});
