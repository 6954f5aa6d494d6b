/**
 * The phone app's server side (/m): reporter invitations and activation, residents' reports with a receipt, a
 * reporter's own tickets, ratings, and the 民情记录本 rounds of central households. Errors are { error, message, field? }.
 */
import Type, { type Static } from 'typebox';
import { TicketSchema, PublicTicketSchema, StatusSchema, ActionSchema } from './ticket.js';
import { GRID_ID_PATTERN } from '../scope.js';

/** Ids of photos from POST /api/media, not yet attached (the same definition as NewTicketSchema's). */
export const PhotoIdsSchema = Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 6 }));

const StaffId = Type.String({ minLength: 1, maxLength: 40 });

/** POST /api/reporters/invitations. */
export const InvitationBodySchema = Type.Object({ staffId: StaffId }, { additionalProperties: false });
export const InvitationSchema = Type.Object({
  /** 8 characters without 0/O/1/I; shown once, only its hash is kept. */
  code: Type.String(),
  expiresAt: Type.Number(),
  staffId: Type.String(),
  /** An SVG of a QR code of <public URL>/m/activate?code=<code>, to print on the 联系卡. */
  qrSvg: Type.String(),
  /** <public URL>/m/activate: the address printed under the QR code, for typing the code by hand. */
  activateUrl: Type.String(),
});
export type Invitation = Static<typeof InvitationSchema>;

/** POST /api/reporters/activate. */
export const ActivateBodySchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const ActivatedSchema = Type.Object({ username: Type.String() });

/** POST /api/public/reports: a resident without an account. */
export const PublicReportBodySchema = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    gridId: Type.Optional(Type.String({ pattern: GRID_ID_PATTERN })),
    location: Type.Optional(Type.Object(
      { lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
      { additionalProperties: false },
    )),
    urgent: Type.Optional(Type.Boolean()),
    photos: PhotoIdsSchema,
  },
  { additionalProperties: false },
);
export type PublicReportBody = Static<typeof PublicReportBodySchema>;
export const PublicReportFiledSchema = Type.Object({
  /** 10 characters without 0/O/1/I: follow the report at /m/track/<receipt>. Only its hash is kept. */
  receipt: Type.String(),
  ticketId: Type.Integer(),
  status: StatusSchema,
});

/** A step of a ticket as a reporter or a receipt's holder follows it: when, what, to which status (no notes, no actors). */
export const TicketStepSchema = Type.Object({ at: Type.Number(), action: Type.Union([Type.Literal('report'), ActionSchema]), status: StatusSchema });

/** GET /api/track/:receipt: the public projection only, never the words nor a name. */
export const TrackSchema = Type.Object({
  receipt: Type.String(),
  ticket: PublicTicketSchema,
  timeline: Type.Array(TicketStepSchema),
  /** Closed and not yet rated. */
  canRate: Type.Boolean(),
});
export const ReceiptParamsSchema = Type.Object({ receipt: Type.String({ minLength: 1, maxLength: 20 }) });

/** A photo of a ticket: before (with the report) or after (with the handling). */
export const TicketPhotoSchema = Type.Object({ id: Type.String(), stage: Type.Union([Type.Literal('before'), Type.Literal('after')]) });

/** GET /api/me/tickets: the reporter's own tickets with their own words and their steps, newest first. */
export const MyTicketsSchema = Type.Object({
  items: Type.Array(Type.Object({ ...TicketSchema.properties, photos: Type.Array(TicketPhotoSchema), timeline: Type.Array(TicketStepSchema) })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export const MyTicketsQuerySchema = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^\\d+$', maxLength: 12 })),
});

/** POST /api/tickets/:id/rating: by the ticket's reporter (session) or the holder of its receipt. */
export const RatingBodySchema = Type.Object(
  {
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    receipt: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  },
  { additionalProperties: false },
);
export const RatedSchema = Type.Object({ id: Type.Integer(), status: Type.Literal('evaluated'), rating: Type.Integer() });

/** What a central household checks on its rounds; reminder = the visits reminding residents to turn off water, power, gas. */
export const ROUND_DEVICES = ['elevator', 'gas', 'hydrant', 'water', 'reminder'] as const;
export type RoundDevice = (typeof ROUND_DEVICES)[number];
export const RoundItemSchema = Type.Object(
  {
    device: Type.Enum(ROUND_DEVICES),
    result: Type.Enum(['ok', 'fault']),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    photos: PhotoIdsSchema,
  },
  { additionalProperties: false },
);
export type RoundItem = Static<typeof RoundItemSchema>;
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** POST /api/rounds: one page of the 民情记录本, each device at most once. */
export const RoundsBodySchema = Type.Object(
  { date: DateText, items: Type.Array(RoundItemSchema, { minItems: 1, maxItems: ROUND_DEVICES.length }) },
  { additionalProperties: false },
);
export type RoundsBody = Static<typeof RoundsBodySchema>;
export const RoundsRecordedSchema = Type.Object({ date: Type.String(), recorded: Type.Integer(), tickets: Type.Array(Type.Integer()) });

/** GET /api/rounds/mine?days=30. */
export const MyRoundsQuerySchema = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })) });
export const MyRoundsSchema = Type.Object({
  days: Type.Array(Type.Object({
    date: Type.String(),
    items: Type.Array(Type.Object({ device: Type.Enum(ROUND_DEVICES), result: Type.Enum(['ok', 'fault']), note: Type.Optional(Type.String()) })),
    tickets: Type.Array(Type.Integer()),
  })),
});

/** GET /api/rounds?scope=<village or town>&date=: who has done the day's rounds (ids only, no names). */
export const RoundsQuerySchema = Type.Object({
  scope: Type.String({ maxLength: 20 }),
  date: Type.Optional(DateText),
});
export const RoundsListSchema = Type.Object({
  date: Type.String(),
  items: Type.Array(Type.Object({ staffId: Type.String(), gridId: Type.String(), done: Type.Boolean(), faults: Type.Integer() })),
});
export type RoundsList = Static<typeof RoundsListSchema>;

/** GET /api/reporters?scope=<village or town>: a scope's 信息员 and 中心户, and where each stands with an account. */
export const RosterQuerySchema = Type.Object({ scope: Type.String({ maxLength: 20 }) });
/** active: has an account; disabled: an admin turned it off; invited: an unused code not yet expired; none: neither. */
export const ROSTER_ACCOUNT = ['active', 'disabled', 'invited', 'none'] as const;
export const RosterSchema = Type.Object({
  scope: Type.String(),
  items: Type.Array(Type.Object({
    staffId: Type.String(),
    role: Type.Enum(['info_officer', 'central_household']),
    /** Masked as the drill's cell page masks staff (马*): the supervisor recognises the person, nobody copies a name. */
    name: Type.String(),
    gridId: Type.String(),
    gridName: Type.String(),
    account: Type.Enum(ROSTER_ACCOUNT),
    /** When the latest unused invitation expires (account 'invited'). */
    invitedUntil: Type.Optional(Type.Number()),
  })),
  /** More rows than one answer carries: ask for a village instead. */
  truncated: Type.Boolean(),
});
export type Roster = Static<typeof RosterSchema>;
export type RosterItem = Roster['items'][number];
