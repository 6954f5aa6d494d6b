import { describe, expect, it } from 'vitest';
import type { Geometry, Position } from '../../shared/schemas/geo.js';
import { checkCellGeometry, OUTSIDE_TOLERANCE, overlappingPairs, shareOutside } from './geometry-checks.js';

/** An axis-aligned square (closed ring) with its south-west corner at (x, y) and side d degrees. */
const square = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const poly = (...rings: Position[][]): Geometry => ({ type: 'Polygon', coordinates: rings });

describe('cell geometry checks', () => {
  it('takes a polygon with a hole and a MultiPolygon whose parts touch at a corner', () => {
    expect(checkCellGeometry(poly(square(119.5, 32.1, 0.01), square(119.503, 32.103, 0.002))).problems).toEqual([]);
    const touching = { type: 'MultiPolygon', coordinates: [[square(119.5, 32.1, 0.01)], [square(119.51, 32.11, 0.01)]] };
    expect(checkCellGeometry(touching)).toMatchObject({ problems: [], polygon: touching });
  });

  it('names what is wrong with a ring', () => {
    expect(checkCellGeometry({ type: 'Point', coordinates: [119.5, 32.1] }).problems).toEqual(['geometry must be a Polygon or MultiPolygon']);
    expect(checkCellGeometry(poly(square(119.5, 32.1, 0.01).slice(0, 4))).problems)
      .toEqual(['outer ring: ring is not closed (its last position differs from its first)']);
    expect(checkCellGeometry(poly([[119.5, 32.1], [119.6, 32.1], [119.5, 32.1]])).problems)
      .toEqual(['outer ring: a ring needs at least 4 positions (the first repeated last), has 3']);
    // CGCS2000 3-degree zone metres, a common mistake in a GIS export.
    expect(checkCellGeometry(poly(square(40_500_000, 3_550_000, 100))).problems)
      .toEqual(['outer ring: coordinates are not WGS84 longitude/latitude (projected? export in EPSG:4326)']);
    expect(checkCellGeometry(poly([[119.5, 32.1], [119.6, 32.2], [119.6, 32.1], [119.5, 32.2], [119.5, 32.1]])).problems).toEqual(['ring self-intersects']);
    expect(checkCellGeometry({ type: 'MultiPolygon', coordinates: [[square(119.5, 32.1, 0.01)], [[[119.5, 32.1], [119.6, 32.2], [119.6, 32.1], [119.5, 32.2], [119.5, 32.1]]]] }).problems)
      .toEqual(['polygon 2: ring self-intersects']);
    expect(checkCellGeometry(poly([[119.5, 32.1], ['x', 32.2], [119.6, 32.1], [119.5, 32.1]] as Position[])).problems)
      .toEqual(['outer ring: not a list of [longitude, latitude] positions']);
  });

  it('measures how much of a cell lies outside its container, within the tolerance or beyond it', () => {
    const town = poly(square(119.5, 32.1, 0.1));
    expect(shareOutside(poly(square(119.52, 32.12, 0.01)), town)).toBe(0);
    // Half a percent across the border passes; a quarter of the cell does not.
    const sliver = shareOutside(poly(square(119.59005, 32.12, 0.01)), town);
    expect(sliver).toBeGreaterThan(0.004);
    expect(sliver).toBeLessThan(OUTSIDE_TOLERANCE);
    expect(shareOutside(poly(square(119.5925, 32.12, 0.01)), town)).toBeCloseTo(0.25, 2);
    expect(shareOutside(poly(square(121, 31, 0.01)), town)).toBe(1);
  });

  it('finds overlapping cells beyond the tolerance, and lets neighbours that share a border pass', () => {
    const cells = [poly(square(119.5, 32.1, 0.01)), poly(square(119.51, 32.1, 0.01)), poly(square(119.515, 32.1, 0.01)), poly(square(119.6, 32.1, 0.01))];
    expect(overlappingPairs(cells)).toEqual([{ a: 1, b: 2, share: expect.closeTo(0.5, 2) }]);
  });
});
