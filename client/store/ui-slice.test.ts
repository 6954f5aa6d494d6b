import { describe, expect, it } from 'vitest';
import { createWallStore } from './wall-store.js';

describe('ui slice', () => {
  it('drills district -> town -> village and back up, never above the wall scope', () => {
    const store = createWallStore('321171');
    const s = () => store.getState();
    expect(s().mapScope).toBe('321171');
    s().drillTo('321171001');
    s().drillTo('321171001003');
    expect(s().mapScope).toBe('321171001003');
    s().drillTo('321171001003-02');
    expect(s().mapScope).toBe('321171001003');
    s().drillUp();
    expect(s().mapScope).toBe('321171001');
    s().drillUp();
    s().drillUp();
    expect(s().mapScope).toBe('321171');
  });

  it("keeps a town's wall inside its town", () => {
    const store = createWallStore('321171001');
    store.getState().drillTo('321171102004');
    expect(store.getState().mapScope).toBe('321171001');
    store.getState().drillTo('321171001002');
    store.getState().drillUp();
    expect(store.getState().mapScope).toBe('321171001');
  });

  it('resets the view', () => {
    const store = createWallStore('321171');
    store.getState().drillTo('321171002');
    store.getState().setMeasure('overdue');
    store.getState().setAbout(true);
    store.getState().resetView();
    expect(store.getState()).toMatchObject({ mapScope: '321171', measure: 'open', aboutOpen: false });
  });

  it("keeps a grid cell's wall on its cell: no drill below it, no drill up past it", () => {
    const store = createWallStore('321171001003-02');
    store.getState().drillTo('321171001003');
    store.getState().drillUp();
    expect(store.getState().mapScope).toBe('321171001003-02');
  });

  it('refuses what is not a scope inside the wall', () => {
    const store = createWallStore('321171');
    store.getState().drillTo('321171001x');
    store.getState().drillTo('3211710011');
    expect(store.getState().mapScope).toBe('321171');
  });
});
