import Type, { type Static } from 'typebox';
import { Nullable } from './common.js';
import { CHANNELS, REPORTER_ROLES, TICKET_ACTIONS, TICKET_STATUSES } from '../constants.js';
import { GRID_ID_PATTERN } from '../scope.js';
import { PhotoIdsSchema, PhotoRefSchema } from './media.js';

export const TierSchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]);
export const StatusSchema = Type.Enum(TICKET_STATUSES);
export const ActionSchema = Type.Enum(TICKET_ACTIONS);
export const ChannelSchema = Type.Enum(CHANNELS);
export const ReporterRoleSchema = Type.Enum(REPORTER_ROLES);

/** A category of the catalogue (one table in SQLite, seeded from fixtures/categories.ts). */
export const CategorySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  tier: TierSchema,
  responseMinutes: Type.Integer(),
  closeHours: Type.Integer(),
  share: Type.Number(),
});
export type Category = Static<typeof CategorySchema>;

/** Body of POST /api/tickets (what the mini program sends). */
export const NewTicketSchema = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 40 }),
    title: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    channel: ChannelSchema,
    reporterRole: ReporterRoleSchema,
    urgent: Type.Optional(Type.Boolean()),
    gridId: Type.Optional(Type.String({ pattern: GRID_ID_PATTERN })),
    location: Type.Optional(
      Type.Object(
        { lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
        { additionalProperties: false },
      ),
    ),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    /** Photos of the report ('before'): ids from POST /api/media that the same caller uploaded and nobody attached yet. */
    photos: Type.Optional(PhotoIdsSchema),
  },
  { additionalProperties: false },
);
export type NewTicket = Static<typeof NewTicketSchema>;

/** A ticket as filed once its place is resolved: what intake and the replay both hand to the ticket service. */
export type TicketFiling = Pick<
  Ticket,
  'category' | 'title' | 'description' | 'channel' | 'reporterRole' | 'urgent' | 'gridId' | 'lng' | 'lat' | 'address'
>;

export const TransitionBodySchema = Type.Object(
  {
    action: ActionSchema,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    duplicateOf: Type.Optional(Type.Integer({ minimum: 1 })),
    /** 处置后 photos, with `handle` only: ids from POST /api/media uploaded by the same caller. */
    photos: Type.Optional(PhotoIdsSchema),
  },
  { additionalProperties: false },
);
export type TransitionBody = Static<typeof TransitionBodySchema>;

/** When a step of the ticket happened: epoch milliseconds, null where the step has not happened. */
const StepAt = Nullable(Type.Number());

/**
 * A ticket in full, as a logged-in supervisor reads it inside their scope (and as the intake client gets its own new
 * ticket back). `title`, `description` and `address` are what a resident typed and may name people: every reader gets
 * them with phone and ID numbers and names masked (server/domain/masking.ts; the original only through the audited
 * POST /api/tickets/:id/reveal), and anonymous callers get a PublicTicket instead. Times are epoch milliseconds; null
 * where the step has not happened.
 */
export const TicketSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  tier: TierSchema,
  status: StatusSchema,
  channel: ChannelSchema,
  reporterRole: ReporterRoleSchema,
  urgent: Type.Boolean(),
  gridId: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  address: Type.String(),
  handlingUnit: Type.String(),
  reportedAt: Type.Number(),
  acceptedAt: StepAt,
  dispatchedAt: StepAt,
  startedAt: StepAt,
  handledAt: StepAt,
  closedAt: StepAt,
  evaluatedAt: StepAt,
  responseDueAt: Type.Number(),
  closeDueAt: Type.Number(),
  escalations: Type.Integer(),
  reworks: Type.Integer(),
  rating: Nullable(Type.Integer()),
  duplicateOf: Nullable(Type.Integer()),
  updatedAt: Type.Number(),
});
export type Ticket = Static<typeof TicketSchema>;

export const TicketEventSchema = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  at: Type.Number(),
  action: Type.Union([Type.Literal('report'), ActionSchema]),
  fromStatus: Type.Union([StatusSchema, Type.Null()]),
  toStatus: StatusSchema,
  actor: Type.String(),
  note: Type.String(),
});
export type TicketEvent = Static<typeof TicketEventSchema>;

/**
 * A ticket as anyone may see it (the wall, the public API, every socket): what, where to the grid cell, who handles it,
 * and when. Never the free text a resident wrote (title, description, address), nor who reported it (channel, role),
 * nor their rating. The grid cell names its village and town (321171 001 002-03). `lng`/`lat` are rounded to 0.001°
 * (about 110 m north-south, 95 m east-west here), enough for a ripple on the map, too coarse to point at a door.
 */
export const PublicTicketSchema = Type.Pick(TicketSchema, [
  'id', 'category', 'tier', 'status', 'urgent', 'handlingUnit', 'gridId', 'lng', 'lat', 'reportedAt', 'acceptedAt',
  'dispatchedAt', 'startedAt', 'handledAt', 'closedAt', 'evaluatedAt', 'responseDueAt', 'closeDueAt', 'updatedAt',
]);
export type PublicTicket = Static<typeof PublicTicketSchema>;

/** A timeline step as anyone may see it: what happened and when, without the note or the actor (free text). */
export const PublicTicketEventSchema = Type.Omit(TicketEventSchema, ['actor', 'note']);
export type PublicTicketEvent = Static<typeof PublicTicketEventSchema>;

/** A ticket as one caller may see it: in full (masked) inside its reach, the public projection elsewhere. */
export const TicketForCallerSchema = Type.Union([TicketSchema, PublicTicketSchema]);

/** GET /api/tickets: newest first; pass nextCursor as cursor for the next page. */
export const TicketListSchema = Type.Object({
  items: Type.Array(TicketForCallerSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** POST /api/tickets: the caller's own ticket (masked) with the tickets near it; idempotentReplay on a repeated key. */
export const FiledTicketSchema = Type.Object({
  ...TicketSchema.properties,
  possibleDuplicates: Type.Array(TicketForCallerSchema),
  idempotentReplay: Type.Optional(Type.Literal(true)),
});

/** POST /api/tickets/:id/transitions: the ticket after the step, with its whole timeline (masked). */
export const TransitionedTicketSchema = Type.Object({
  ...TicketSchema.properties,
  timeline: Type.Array(TicketEventSchema),
});

/**
 * GET /api/tickets/:id: in full (masked) inside the caller's reach, else the public projection with the public timeline.
 * The full branch comes first and needs the resident's words, so a public answer never matches it: fields a handler
 * slipped into a public answer are not in the branch that writes it, and are dropped.
 */
export const TicketDetailSchema = Type.Union([
  Type.Object({
    ...TicketSchema.properties, timeline: Type.Array(TicketEventSchema), possibleDuplicates: Type.Array(TicketForCallerSchema),
    /** The ticket's photos, for readers in full only (GET /api/media/:id answers them alone): never in the public branch. */
    photos: Type.Optional(Type.Array(PhotoRefSchema)),
  }),
  Type.Object({ ...PublicTicketSchema.properties, timeline: Type.Array(PublicTicketEventSchema), possibleDuplicates: Type.Array(TicketForCallerSchema) }),
]);
