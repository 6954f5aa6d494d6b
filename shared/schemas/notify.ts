import { AREA_CODE_PATTERN } from '../scope.js';
import Type, { type Static } from 'typebox';
import { SuperviseCountsSchema } from './summary.js';

/** 督办 levels, lowest first (server/domain/supervise/rules.ts holds the rule table). */
export const SuperviseLevelSchema = Type.Union([Type.Literal('blue'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('escalated')]);
export const NotifyChannelSchema = Type.Union([Type.Literal('wecom'), Type.Literal('dingtalk'), Type.Literal('webhook')]);
export const OutboxStatusSchema = Type.Union([
  Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('dead'), Type.Literal('simulated'),
]);

const ScopeCode = Type.String({ pattern: AREA_CODE_PATTERN, description: 'a district, town or village code' });
const Mobile = Type.String({ pattern: '^1\\d{10}$' });

/** Body of POST /api/admin/notify/subscriptions. */
export const NewSubscriptionBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  scope: Type.Optional(ScopeCode),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  channel: NotifyChannelSchema,
  url: Type.String({ minLength: 1, maxLength: 1000 }),
  secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  levels: Type.Array(SuperviseLevelSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  mentionMobiles: Type.Optional(Type.Array(Mobile, { maxItems: 20, uniqueItems: true })),
}, { additionalProperties: false });
export type NewSubscriptionBody = Static<typeof NewSubscriptionBodySchema>;

/** Body of PATCH /api/admin/notify/subscriptions/:id: any of the fields; `scope`/`unit` null to clear; `enabled` true turns a disabled one back on. */
export const SubscriptionPatchBodySchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  scope: Type.Optional(Type.Union([ScopeCode, Type.Null()])),
  unit: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 60 }), Type.Null()])),
  channel: Type.Optional(NotifyChannelSchema),
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  levels: Type.Optional(Type.Array(SuperviseLevelSchema, { minItems: 1, maxItems: 4, uniqueItems: true })),
  mentionMobiles: Type.Optional(Type.Array(Mobile, { maxItems: 20, uniqueItems: true })),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type SubscriptionPatchBody = Static<typeof SubscriptionPatchBodySchema>;

/**
 * A subscription as the API shows it: never its secret (only whether it has one), and the URL with a robot's key
 * shortened (a 企业微信 or 钉钉 webhook URL carries its key or access token in the query).
 */
export const SubscriptionViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scope: Type.Union([Type.String(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  channel: NotifyChannelSchema,
  url: Type.String(),
  hasSecret: Type.Boolean(),
  levels: Type.Array(SuperviseLevelSchema),
  mentionMobiles: Type.Array(Type.String()),
  /** Wall-clock epoch ms it was turned off (a 410 Gone), or null. */
  disabledAt: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export type SubscriptionView = Static<typeof SubscriptionViewSchema>;

export const OutboxQuerySchema = Type.Object({
  status: Type.Optional(OutboxStatusSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false });

export const OutboxItemSchema = Type.Object({
  id: Type.Integer(),
  subscriptionId: Type.Integer(),
  ticketId: Type.Integer(),
  level: SuperviseLevelSchema,
  status: OutboxStatusSchema,
  attempts: Type.Integer(),
  /** Wall-clock epoch ms. */
  nextAttemptAt: Type.Number(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type OutboxItem = Static<typeof OutboxItemSchema>;

export const SuperviseQuerySchema = Type.Object({
  scope: Type.Optional(Type.String({ maxLength: 20 })),
  level: Type.Optional(SuperviseLevelSchema),
}, { additionalProperties: false });

export const SuperviseItemSchema = Type.Object({
  ticketId: Type.Integer(),
  level: SuperviseLevelSchema,
  unit: Type.String(),
  /** The deadline the level is about (response for yellow, closing otherwise), epoch ms on the tickets' clock. */
  deadline: Type.Number(),
  /** Minutes past that deadline (0 when not yet past: blue, escalated). */
  overdueMinutes: Type.Integer({ minimum: 0 }),
  /** DB-<year of the report>-<ticket id, six digits>. */
  serial: Type.String(),
});
export type SuperviseItem = Static<typeof SuperviseItemSchema>;

/** GET /api/supervise: the colour counts of a scope and its supervised tickets, oldest deadline first. */
export const SupervisePageSchema = Type.Object({
  counts: SuperviseCountsSchema,
  items: Type.Array(SuperviseItemSchema),
});
export type SupervisePage = Static<typeof SupervisePageSchema>;

/** Answers of the 督办 admin routes: the list, a new or changed subscription (its secret once, when one was made or set). */
export const SubscriptionListSchema = Type.Object({ items: Type.Array(SubscriptionViewSchema) });
export const SubscriptionWithSecretSchema = Type.Object({ ...SubscriptionViewSchema.properties, secret: Type.Optional(Type.Union([Type.String(), Type.Null()])) });
export const OutboxListSchema = Type.Object({ items: Type.Array(OutboxItemSchema) });
