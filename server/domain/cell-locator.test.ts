import { pointOnFeature } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGeography } from '../../fixtures/geo/build-geography.js';
import { loadGeoSources } from '../../fixtures/geo/sources.js';
import { type CellLocator, createCellLocator } from './cell-locator.js';

describe('createCellLocator', () => {
  let geo: ReturnType<typeof buildGeography>;
  let locate: CellLocator;
  beforeAll(() => {
    const { divisions, districts } = loadGeoSources();
    geo = buildGeography(divisions, districts, 7);
    locate = createCellLocator(geo.cells);
  });

  it("resolves each cell's interior point to that cell", () => {
    for (const c of geo.cells) expect(locate(c.centroid[0], c.centroid[1])).toBe(c.id);
  });

  it('resolves turf.pointOnFeature to the cell when that point is inside it', () => {
    // pointOnFeature falls back to a vertex (shared with neighbours) when the bbox centre is outside the cell;
    // those points are on a border, where any adjacent cell is a right answer.
    let strict = 0;
    for (const c of geo.cells) {
      const [lng, lat] = pointOnFeature(c.geometry).geometry.coordinates;
      const id = locate(lng, lat);
      expect(id).not.toBeNull();
      if (id === c.id) strict++;
    }
    expect(strict).toBeGreaterThan(300);
  });

  it('answers null outside the district', () => {
    expect(locate(121.47, 31.23)).toBeNull(); // Shanghai
    expect(locate(119.4, 32.2)).toBeNull(); // west of the cut
  });

  it('handles an empty list', () => {
    expect(createCellLocator([])(119.6, 32.15)).toBeNull();
  });
});
