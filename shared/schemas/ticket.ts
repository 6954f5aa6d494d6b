import Type, { type Static } from 'typebox';
import { CHANNELS, REPORTER_ROLES, TICKET_ACTIONS, TICKET_STATUSES } from '../constants.js';

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
    gridId: Type.Optional(Type.String({ pattern: '^321171\\d{6}-\\d{2}$' })),
    location: Type.Optional(
      Type.Object(
        { lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
        { additionalProperties: false },
      ),
    ),
    address: Type.Optional(Type.String({ maxLength: 200 })),
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
  },
  { additionalProperties: false },
);
export type TransitionBody = Static<typeof TransitionBodySchema>;

/**
 * A ticket as the wall and the API see it. It carries no personal data: reporters are known by role only.
 * Times are epoch milliseconds; null where the step has not happened.
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
  acceptedAt: Type.Union([Type.Number(), Type.Null()]),
  dispatchedAt: Type.Union([Type.Number(), Type.Null()]),
  startedAt: Type.Union([Type.Number(), Type.Null()]),
  handledAt: Type.Union([Type.Number(), Type.Null()]),
  closedAt: Type.Union([Type.Number(), Type.Null()]),
  evaluatedAt: Type.Union([Type.Number(), Type.Null()]),
  responseDueAt: Type.Number(),
  closeDueAt: Type.Number(),
  escalations: Type.Integer(),
  reworks: Type.Integer(),
  rating: Type.Union([Type.Integer(), Type.Null()]),
  duplicateOf: Type.Union([Type.Integer(), Type.Null()]),
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
