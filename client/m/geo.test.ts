import { describe, expect, it } from 'vitest';
import type { GeoFeature, Geometry } from '../../shared/schemas/geo.js';
import { boundsOf, cellAt, fitProjection, pointInGeometry } from './geo.js';

const square = (x: number, y: number, size: number): number[][] => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
const feature = (id: string, geometry: Geometry): GeoFeature => ({
  type: 'Feature', id, geometry,
  properties: { id, level: 'grid', name: id, townCode: '321171001', villageCode: '321171001001', households: 1 },
});
const donut: Geometry = { type: 'Polygon', coordinates: [square(119, 32, 1), square(119.25, 32.25, 0.5)] as [number, number][][] };

describe('point in polygon', () => {
  it('is inside a ring, outside it, and outside again inside its hole', () => {
    expect(pointInGeometry(donut, 119.1, 32.1)).toBe(true);
    expect(pointInGeometry(donut, 120.1, 32.1)).toBe(false);
    expect(pointInGeometry(donut, 119.5, 32.5)).toBe(false);
  });

  it('finds a point in any part of a multipolygon', () => {
    const two: Geometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] as [number, number][][][] };
    expect(pointInGeometry(two, 5.5, 5.5)).toBe(true);
    expect(pointInGeometry(two, 3, 3)).toBe(false);
  });

  it('names the cell holding a point, and none outside the district', () => {
    const cells = [feature('a', { type: 'Polygon', coordinates: [square(0, 0, 1)] as [number, number][][] }),
      feature('b', { type: 'Polygon', coordinates: [square(1, 0, 1)] as [number, number][][] })];
    expect(cellAt(cells, 1.5, 0.5)?.id).toBe('b');
    expect(cellAt(cells, 0.2, 0.9)?.id).toBe('a');
    expect(cellAt(cells, 2.5, 0.5)).toBeNull();
  });
});

describe('the village map projection', () => {
  it('sends a tap back to the place it shows, north up', () => {
    const cells = [feature('a', { type: 'Polygon', coordinates: [square(119.4, 32.1, 0.02)] as [number, number][][] })];
    const p = fitProjection(boundsOf(cells), 300);
    const [x, y] = p.toXY(119.41, 32.115);
    expect(x).toBeCloseTo(150, 5);
    expect(y).toBeLessThan(p.height / 2);
    const [lng, lat] = p.toLngLat(x, y);
    expect(lng).toBeCloseTo(119.41, 9);
    expect(lat).toBeCloseTo(32.115, 9);
    // A degree of longitude is shorter than one of latitude at 32°N: the square is drawn taller than wide.
    expect(p.height).toBeGreaterThan(p.width);
  });
});
