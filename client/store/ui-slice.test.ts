import { describe, expect, it } from 'vitest';
import { createWallStore } from './wall-store.js';

/** The state of a new wall store for `scope`, read afresh at each call. */
const wallOf = (scope: string) => {
  const store = createWallStore(scope);
  return () => store.getState();
};

describe('ui slice', () => {
  it('drills district -> town -> village and back up, never above the wall scope', () => {
    const s = wallOf('321171');
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
    const s = wallOf('321171001');
    s().drillTo('321171102004');
    expect(s().mapScope).toBe('321171001');
    s().drillTo('321171001002');
    s().drillUp();
    expect(s().mapScope).toBe('321171001');
  });

  it('resets the view', () => {
    const s = wallOf('321171');
    s().drillTo('321171002');
    s().setMeasure('overdue');
    s().setAbout(true);
    s().resetView();
    expect(s()).toMatchObject({ mapScope: '321171', measure: 'open', aboutOpen: false });
  });

  it("keeps a grid cell's wall on its cell: no drill below it, no drill up past it", () => {
    const s = wallOf('321171001003-02');
    s().drillTo('321171001003');
    s().drillUp();
    expect(s().mapScope).toBe('321171001003-02');
  });

  it('refuses what is not a scope inside the wall', () => {
    const s = wallOf('321171');
    s().drillTo('321171001x');
    s().drillTo('3211710011');
    expect(s().mapScope).toBe('321171');
  });
});
