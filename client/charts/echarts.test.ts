import { describe, expect, it } from 'vitest';
import type { GeoCollection, GeoFeature } from '../../shared/schemas/geo.js';
import { echarts, registerGridMap } from './echarts.js';

const cell = (id: string): GeoFeature =>
  ({
    type: 'Feature',
    id,
    properties: { name: id },
    geometry: { type: 'Polygon', coordinates: [[[119.5, 32.1], [119.6, 32.1], [119.6, 32.2], [119.5, 32.1]]] },
  }) as unknown as GeoFeature;
const world = [cell('321171001001-01'), cell('321171001001-02'), cell('321171002001-01')];
const ofScope = (scope: string): GeoCollection => ({ type: 'FeatureCollection', features: world.filter((f) => f.id.startsWith(scope)) });
/** The collection ECharts holds for a map name: registering again replaces it. */
const heldBy = (name: string): unknown => (echarts.getMap(name) as unknown as { geoJSON: unknown }).geoJSON;

describe('registerGridMap', () => {
  it('registers a scope once, however often its cells are filtered again (interrupts move the map back and forth)', () => {
    const first = ofScope('321171001');
    const name = registerGridMap('321171001', first);
    expect(name).toBe('grid:321171001');
    expect(heldBy(name)).toBe(first);
    for (let i = 0; i < 5; i++) {
      expect(registerGridMap('321171001', ofScope('321171001'))).toBe(name);
      registerGridMap('321171', ofScope('321171'));
    }
    // Still the first registration: ECharts did not parse the cells again.
    expect(heldBy(name)).toBe(first);
  });

  it('registers again when the cells are different features (a new world was loaded)', () => {
    registerGridMap('321171002', ofScope('321171002'));
    const replaced: GeoCollection = { type: 'FeatureCollection', features: [cell('321171002001-01')] };
    registerGridMap('321171002', replaced);
    expect(heldBy('grid:321171002')).toBe(replaced);
    const grown: GeoCollection = { type: 'FeatureCollection', features: [...replaced.features, cell('321171002001-02')] };
    registerGridMap('321171002', grown);
    expect(heldBy('grid:321171002')).toBe(grown);
  });
});
