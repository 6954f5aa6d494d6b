import type { GeoFeature, Geometry, Position } from '../../shared/schemas/geo.js';

/**
 * Where a phone is on the district's grid: point-in-polygon over the cells of GET /api/geo?level=grid, done on the
 * phone so that a report made without network still knows its cell. Coordinates are [lng, lat] as GeoJSON has them.
 */

/** Even-odd ray casting over one ring: a point on a hole's inside is outside the polygon, as GeoJSON means it. */
function crossings(ring: readonly Position[], lng: number, lat: number): number {
  let n = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) n++;
  }
  return n;
}

export function pointInGeometry(geometry: Geometry, lng: number, lat: number): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.reduce((sum, ring) => sum + crossings(ring, lng, lat), 0) % 2 === 1);
}

/** The cell holding the point, or null: outside every cell means outside the district. */
export function cellAt(features: readonly GeoFeature[], lng: number, lat: number): GeoFeature | null {
  return features.find((f) => pointInGeometry(f.geometry, lng, lat)) ?? null;
}

export interface Bounds {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export function boundsOf(features: readonly GeoFeature[]): Bounds {
  const b = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  for (const f of features) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const [lng, lat] of polygons.flat(2)) {
      b.minLng = Math.min(b.minLng, lng);
      b.maxLng = Math.max(b.maxLng, lng);
      b.minLat = Math.min(b.minLat, lat);
      b.maxLat = Math.max(b.maxLat, lat);
    }
  }
  return b;
}

/**
 * A flat projection of a village (a few kilometres: the earth's curve is nothing there) onto an SVG of `width`, its
 * east-west distances shrunk by cos(latitude) so that the cells keep their shape; north is up.
 */
export interface Projection {
  width: number;
  height: number;
  toXY: (lng: number, lat: number) => [number, number];
  toLngLat: (x: number, y: number) => [number, number];
}

export function fitProjection(b: Bounds, width: number): Projection {
  const kx = Math.cos(((b.minLat + b.maxLat) / 2) * (Math.PI / 180));
  const spanX = Math.max((b.maxLng - b.minLng) * kx, 1e-9);
  const spanY = Math.max(b.maxLat - b.minLat, 1e-9);
  const scale = width / spanX;
  const height = Math.round(spanY * scale);
  return {
    width,
    height,
    toXY: (lng, lat) => [(lng - b.minLng) * kx * scale, (b.maxLat - lat) * scale],
    toLngLat: (x, y) => [b.minLng + x / scale / kx, b.maxLat - y / scale],
  };
}

/** The SVG path of a cell under a projection. */
export function svgPath(geometry: Geometry, p: Projection): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons
    .flatMap((rings) => rings.map((ring) => 'M' + ring.map(([lng, lat]) => p.toXY(lng, lat).map((v) => v.toFixed(1)).join(' ')).join('L') + 'Z'))
    .join('');
}
