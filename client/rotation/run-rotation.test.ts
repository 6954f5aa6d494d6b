import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import { createWallStore } from '../store/wall-store.js';
import { makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { parseRotation } from './parse-rotation.js';
import { ROTATION_NOTICE_MS, rotationStore, runRotation } from './run-rotation.js';

const T = Date.UTC(2026, 0, 5, 1, 0, 0);
const S = 1000;

function towns(...ids: string[]): GeoCollection {
  return {
    type: 'FeatureCollection',
    features: ids.map((id) => ({ type: 'Feature', id, properties: { name: `街道${id}` }, geometry: { type: 'Polygon', coordinates: [] } })),
  } as unknown as GeoCollection;
}

function start(search: string) {
  const plan = parseRotation(search)!;
  const store = createWallStore(plan.scopes[0]);
  store.getState().applySnapshot(makeSnapshot(1, makeSummary()));
  const stop = runRotation(store, plan);
  return { store, stop, view: () => rotationStore.getState().view! };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runRotation', () => {
  it('moves the wall through its scopes, one interval each, and loops', () => {
    const { store, stop, view } = start('?rotate=321171,321171001,321171002&every=10');
    expect(store.getState().scope).toBe('321171');
    expect(view()).toMatchObject({ scopes: ['321171', '321171001', '321171002'], everyMs: 10 * S, index: 0, paused: false, noticeUntil: null });
    vi.advanceTimersByTime(10 * S);
    expect(store.getState().scope).toBe('321171001');
    expect(view().index).toBe(1);
    vi.advanceTimersByTime(10 * S);
    expect(store.getState().scope).toBe('321171002');
    vi.advanceTimersByTime(10 * S);
    expect(store.getState().scope).toBe('321171');
    stop();
    expect(rotationStore.getState().view).toBeNull();
    vi.advanceTimersByTime(10 * S);
    expect(store.getState().scope).toBe('321171');
  });

  it('holds while an urgent ticket interrupts and goes on from where it was after', () => {
    const { store, stop, view } = start('?rotate=321171,321171001&every=10');
    vi.advanceTimersByTime(6 * S);
    // An urgent ticket 6 s into the district's turn: shown for 8 s (interrupt-queue.ts).
    store.getState().upsertTickets([makeTicket(9, { urgent: true })]);
    expect(store.getState().interrupt.active?.ticket.id).toBe(9);
    expect(view()).toMatchObject({ index: 0, paused: true, nextInMs: 4 * S });
    // Where the district's turn would have ended, it is still on.
    vi.advanceTimersByTime(8 * S);
    expect(store.getState().scope).toBe('321171');
    store.getState().tickInterrupt(Date.now());
    expect(store.getState().interrupt.active).toBeNull();
    expect(view()).toMatchObject({ index: 0, paused: false });
    // 4 s of the district's turn were left.
    vi.advanceTimersByTime(3 * S);
    expect(store.getState().scope).toBe('321171');
    vi.advanceTimersByTime(1 * S);
    expect(store.getState().scope).toBe('321171001');
    stop();
  });

  it('holds while someone has drilled into the map', () => {
    const { store, stop, view } = start('?rotate=321171,321171001&every=10');
    store.getState().drillTo('321171002');
    vi.advanceTimersByTime(15 * S);
    expect(store.getState().scope).toBe('321171');
    expect(view().paused).toBe(true);
    store.getState().resetView();
    vi.advanceTimersByTime(10 * S);
    expect(store.getState().scope).toBe('321171001');
    stop();
  });

  it('starts again from the first scope on restart (key r)', () => {
    const { store, stop } = start('?rotate=321171001,321171002,321171&every=10');
    vi.advanceTimersByTime(25 * S);
    expect(store.getState().scope).toBe('321171');
    rotationStore.getState().restart();
    expect(store.getState().scope).toBe('321171001');
    vi.advanceTimersByTime(9 * S);
    expect(store.getState().scope).toBe('321171001');
    stop();
  });

  it('drops codes the world lacks once the outlines are in, and says so for a while', () => {
    const { store, stop, view } = start('?rotate=321171009,321171001,bad&every=10');
    expect(store.getState().scope).toBe('321171009');
    expect(view().problems).toEqual([{ kind: 'unknownCodes', codes: ['bad'] }]);
    expect(view().noticeUntil).toBe(T + ROTATION_NOTICE_MS);
    store.getState().setOutlines('town', towns('321171001', '321171002'));
    vi.advanceTimersByTime(500);
    expect(store.getState().scope).toBe('321171001');
    expect(view().scopes).toEqual(['321171001']);
    expect(view().problems).toEqual([{ kind: 'unknownCodes', codes: ['bad'] }, { kind: 'notInWorld', codes: ['321171009'] }]);
    vi.advanceTimersByTime(ROTATION_NOTICE_MS);
    expect(view().noticeUntil).toBeNull();
    stop();
  });

  it('shows the district when no listed scope exists', () => {
    const { store, stop, view } = start('?rotate=321171009&every=10');
    store.getState().setOutlines('town', towns('321171001'));
    vi.advanceTimersByTime(500);
    expect(store.getState().scope).toBe('321171');
    expect(view().scopes).toEqual(['321171']);
    stop();
  });
});
