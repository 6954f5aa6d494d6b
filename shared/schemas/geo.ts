import type { ScopeLevel } from '../constants.js';

/** Properties of every feature of GET /api/geo. The feature's id is the scope id. */
export interface GeoProps {
  id: string;
  level: Exclude<ScopeLevel, 'district'>;
  name: string;
  townCode: string;
  villageCode: string | null;
  households: number;
}

export type Position = [number, number];
export type PolygonCoords = Position[][];
export type Geometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };

export interface GeoFeature {
  type: 'Feature';
  id: string;
  properties: GeoProps;
  geometry: Geometry;
}
export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}
