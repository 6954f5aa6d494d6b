import { createHash } from 'node:crypto';
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf, townOf, villageOf } from '../../shared/scope.js';
import { GeoCollectionTextSchema, type GeoCollection } from '../../shared/schemas/geo.js';
import { CategorySchema } from '../../shared/schemas/ticket.js';
import { CellMeasuresSchema, SummarySchema } from '../../shared/schemas/summary.js';
import { ErrorResponses, HealthSchema, NoBodySchema } from '../../shared/schemas/responses.js';
import { DomainError } from '../domain/errors.js';
import type { RouteContext } from './context.js';

const GEO_LEVELS = ['town', 'village', 'grid'] as const;
const GeoQuery = Type.Object({
  level: Type.Enum(GEO_LEVELS),
  // The version /api/health names (geo.<level>): with it the answer is cached for good, since that URL never changes.
  v: Type.Optional(Type.String({ maxLength: 64 })),
});
/** A versioned geo URL names one body for good: a re-imported world gets a new version, hence a new URL. */
const GEO_IMMUTABLE = 'public, max-age=31536000, immutable';
const SummaryQuery = Type.Object({ scope: Type.Optional(Type.String({ maxLength: 20 })) });

/** Read-only views of the world and its live state: health, catalogue, map geometry, summaries. */
export function overviewRoutes(ctx: RouteContext) {
  const geoCache = new Map<string, { body: string; version: string; etag: string }>();
  const geoOf = (level: 'town' | 'village' | 'grid'): { body: string; version: string; etag: string } => {
    let cached = geoCache.get(level);
    if (!cached) {
      const villages = new Map(ctx.world.listVillages().map((v) => [v.code, v]));
      const names = new Map<string, string>([
        ...ctx.world.listTowns().map((t) => [t.code, t.name] as const),
        ...[...villages.values()].map((v) => [v.code, v.name] as const),
        ...[...ctx.cells.values()].map((c) => [c.id, c.name] as const),
      ]);
      const fc: GeoCollection = {
        type: 'FeatureCollection',
        features: ctx.world.listGeometries(level).map(({ id, geometry }) => {
          const cell = ctx.cells.get(id);
          const households = level === 'grid' ? (cell?.households ?? 0) : ctx.live.summary(id).counts.households;
          return {
            type: 'Feature' as const,
            id,
            properties: {
              id, level, name: names.get(id) ?? id, townCode: townOf(id),
              villageCode: level === 'town' ? null : villageOf(id), households,
            },
            geometry,
          };
        }),
      };
      const body = JSON.stringify(fc);
      const version = createHash('sha256').update(body).digest('base64url').slice(0, 22);
      geoCache.set(level, (cached = { body, version, etag: `"${version}"` }));
    }
    return cached;
  };

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/health', { schema: { response: { 200: HealthSchema, ...ErrorResponses } } }, async () => ({
      status: 'ok' as const, mode: ctx.mode, clock: ctx.clockNow(), tickets: ctx.live.countersOf().total,
      replay: ctx.replay?.state() ?? null, uptimeS: Math.round(process.uptime()),
      // 0 in live mode until a world is imported: the wall then says how instead of showing an empty map.
      cells: ctx.cells.size,
      // The map's versioned URLs: /api/geo?level=grid&v=<geo.grid> and so on.
      geo: Object.fromEntries(GEO_LEVELS.map((level) => [level, geoOf(level).version])) as Record<(typeof GEO_LEVELS)[number], string>,
    }));

    app.get('/api/categories', { schema: { response: { 200: Type.Array(CategorySchema), ...ErrorResponses } } }, async () => ctx.categories);

    app.get('/api/geo', { schema: { querystring: GeoQuery, response: { 200: GeoCollectionTextSchema, 304: NoBodySchema, ...ErrorResponses } } }, async (req, reply) => {
      // Without the current version, revalidated each time (a 304 when unchanged): an imported or re-imported world
      // changes the geometry of the same URL, and a wall must not keep the old map after the server restarts on it.
      const { body, version, etag } = geoOf(req.query.level);
      reply.header('etag', etag).header('cache-control', req.query.v === version ? GEO_IMMUTABLE : 'no-cache');
      if (req.headers['if-none-match'] === etag) return reply.status(304).send(undefined);
      return reply.type('application/json').send(body);
    });

    app.get('/api/summary', { schema: { querystring: SummaryQuery, response: { 200: SummarySchema, ...ErrorResponses } } }, async (req) => {
      const scope = req.query.scope ?? DISTRICT_CODE;
      if (!scopeLevelOf(scope) || !ctx.live.hasScope(scope)) {
        throw new DomainError(404, 'unknown_scope', `Unknown scope "${scope}": use 321171, a town or village code, or a grid cell id.`, 'scope');
      }
      ctx.service.tick();
      return ctx.live.summary(scope);
    });

    /** Per-cell measures for the map in one call (open, overdue, total), rather than 325 summaries. */
    app.get('/api/cells/measures', { schema: { response: { 200: CellMeasuresSchema, ...ErrorResponses } } }, async () => {
      ctx.service.tick();
      return ctx.live.cellMeasuresOf(DISTRICT_CODE);
    });
  };
}
