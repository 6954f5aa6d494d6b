import Type, { type Static } from 'typebox';

/** Properties of every feature of GET /api/geo. The feature's id is the scope id. */
export const GeoPropsSchema = Type.Object({
  id: Type.String(),
  level: Type.Enum(['town', 'village', 'grid']),
  name: Type.String(),
  townCode: Type.String(),
  villageCode: Type.Union([Type.String(), Type.Null()]),
  households: Type.Integer(),
});
export type GeoProps = Static<typeof GeoPropsSchema>;

const PositionSchema = Type.Tuple([Type.Number(), Type.Number()]);
const PolygonCoordsSchema = Type.Array(Type.Array(PositionSchema));
export const GeometrySchema = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: PolygonCoordsSchema }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(PolygonCoordsSchema) }),
]);
export type Position = Static<typeof PositionSchema>;
export type PolygonCoords = Static<typeof PolygonCoordsSchema>;
export type Geometry = Static<typeof GeometrySchema>;

export const GeoFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  properties: GeoPropsSchema,
  geometry: GeometrySchema,
});
export type GeoFeature = Static<typeof GeoFeatureSchema>;

/**
 * GET /api/geo?level=: the map of one level. Sent as the string cached with its ETag (so fast-json-stringify never
 * sees it); the schema still says what the string holds.
 */
export const GeoCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(GeoFeatureSchema),
});
export type GeoCollection = Static<typeof GeoCollectionSchema>;
/** GET /api/geo's 200: the collection, already a JSON string (typed as the string the handler sends). */
export const GeoCollectionTextSchema = Type.Unsafe<string>(GeoCollectionSchema);
