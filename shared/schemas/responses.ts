/**
 * What every route answers, in one place per shape: each Fastify route declares `schema.response` from these and the
 * other shared schemas, so its answer is serialised by fast-json-stringify, which writes only the declared fields. A
 * field a handler adds by mistake (a resident's words in a public answer) never leaves the server.
 */
import Type, { type Static } from 'typebox';
import { ErrorBodySchema, ModeSchema, ReplayStateSchema } from './common.js';
import { ScreenHealthSchema } from './events.js';

/** The one error shape of every refusal (4xx) and failure (5xx): { error, message, field? }. */
export const ErrorSchema = ErrorBodySchema;

/** Spread into a route's `response`: every 4xx and 5xx it answers has the error shape. */
export const ErrorResponses = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

/** 204 and 304: no body at all (the handler sends undefined, which is never serialised). */
export const NoBodySchema = Type.Unsafe<undefined>({ description: 'no body' });

/** POST /api/screens/:id/reload. */
export const OkSchema = Type.Object({ ok: Type.Literal(true) });

/** GET /api/health. */
export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  mode: ModeSchema,
  clock: Type.Number(),
  /** Tickets counted in the live aggregates. */
  tickets: Type.Integer(),
  replay: Type.Union([ReplayStateSchema, Type.Null()]),
  uptimeS: Type.Integer(),
  /** Grid cells of the world: 0 in live mode until one is imported. */
  cells: Type.Integer(),
  /** The map's versioned URLs: /api/geo?level=grid&v=<geo.grid>. */
  geo: Type.Object({ town: Type.String(), village: Type.String(), grid: Type.String() }),
});
export type Health = Static<typeof HealthSchema>;

/**
 * GET /api/screens: each screen's last health report, whether it is connected, and when it reported (epoch ms). Never
 * the screen's secret: a reader could take over the wall's id with it.
 */
export const ScreenRecordSchema = Type.Object({
  ...Type.Omit(ScreenHealthSchema, ['secret']).properties,
  connected: Type.Boolean(),
  reportedAt: Type.Number(),
});
export const ScreenListSchema = Type.Array(ScreenRecordSchema);
