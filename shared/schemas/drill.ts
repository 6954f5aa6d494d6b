/**
 * Payloads of the drill-down pages. The district, town and village pages are built from public aggregates
 * (GET /api/summary, GET /api/tickets, GET /api/scopes/:id/children, GET /api/cells/measures); only the grid cell page
 * and the ticket page need a login, because they name people (always masked).
 */
import Type, { type Static } from 'typebox';
import { ActionSchema, TicketEventSchema, TicketSchema } from './ticket.js';
import { ScopeRefSchema, SummarySchema } from './summary.js';
import { Nullable, ScopeLevelSchema } from './common.js';
import { PhotoRefSchema } from './media.js';

/**
 * A person as the drill-down shows them: name masked (马*, 张*生: first character, *, last character for names of three
 * or more), phone masked (138****1234). Never the full name, phone or ID number.
 */
export const MaskedPersonSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  phone: Type.String(),
});
export type MaskedPerson = Static<typeof MaskedPersonSchema>;

/** A central household (中心户) with the households it serves and its information officers (信息员). */
export const CentralHouseholdSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  households: Type.Integer(),
  officers: Type.Array(MaskedPersonSchema),
});
export type CentralHousehold = Static<typeof CentralHouseholdSchema>;

/** The cell's service station (党群服务站). */
export const StationSchema = Type.Object({ id: Type.String(), name: Type.String(), address: Type.String() });
export type Station = Static<typeof StationSchema>;

/** Where a cell lies, with names for the breadcrumb. */
export const CellPlaceSchema = Type.Object({
  gridId: Type.String(),
  gridName: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String(),
  townCode: Type.String(),
  townName: Type.String(),
  households: Type.Integer(),
});
export type CellPlace = Static<typeof CellPlaceSchema>;

/**
 * GET /api/drill/grid/:id (viewer+, town supervisors only inside their town). The KPIs, the standing 人车房物 numbers
 * (summary.modules.people/vehicles/houses/things) and today's inspections and faults (summary.modules.activity) come in
 * `summary`, the same object as GET /api/summary?scope=<id>. Tickets: GET /api/tickets?scope=<id>&status=…&overdue=true.
 */
export const GridPageSchema = Type.Object({
  place: CellPlaceSchema,
  summary: SummarySchema,
  station: Type.Union([StationSchema, Type.Null()]),
  gridMember: Type.Union([MaskedPersonSchema, Type.Null()]),
  centralHouseholds: Type.Array(CentralHouseholdSchema),
});
export type GridPage = Static<typeof GridPageSchema>;

/**
 * GET /api/drill/tickets/:id (viewer+ in scope): GET /api/tickets/:id plus the cell's names and the actions the caller
 * may take now (empty for a viewer or a closed ticket; 'escalate' only below tier 1). Possible duplicates are only those
 * inside the caller's scope, all in full (one lying across a town border is public on GET /api/tickets/:id). Post each
 * action with its note to POST /api/tickets/:id/transitions { action, note?, rating?, duplicateOf? }. Personal data in
 * titles, descriptions, addresses and notes comes masked (server/domain/masking.ts), for every role.
 */
export const TicketPageSchema = Type.Object({
  ticket: TicketSchema,
  timeline: Type.Array(TicketEventSchema),
  possibleDuplicates: Type.Array(TicketSchema),
  place: CellPlaceSchema,
  allowedActions: Type.Array(ActionSchema),
  /** Whether the caller may read the original words with POST /api/tickets/:id/reveal (a supervisor in scope). */
  mayReveal: Type.Boolean(),
  /** The report's photos and the 处置后 ones: GET /api/media/:id?size=thumb|full with the session. */
  photos: Type.Optional(Type.Array(PhotoRefSchema)),
});
export type TicketPage = Static<typeof TicketPageSchema>;

/** Body of POST /api/tickets/:id/reveal: why the original is needed, kept in the audit log. */
export const RevealBodySchema = Type.Object(
  { reason: Type.String({ minLength: 4, maxLength: 200 }) },
  { additionalProperties: false },
);
export type RevealBody = Static<typeof RevealBodySchema>;

/**
 * Answer of POST /api/tickets/:id/reveal: one ticket's original words, as the resident and the handlers wrote them,
 * unmasked; every call is in the audit log as `ticket.reveal` with its reason. Sent with Cache-Control: no-store.
 */
export const RevealedTicketSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  address: Type.String(),
  /** Each timeline step's note, by event id, oldest first. */
  notes: Type.Array(Type.Object({ eventId: Type.Integer(), note: Type.String() })),
});
export type RevealedTicket = Static<typeof RevealedTicketSchema>;

/** One child scope with its headline numbers, for ranking children by a chosen KPI. Aggregates only: public. */
export const ScopeChildSchema = Type.Object({
  id: Type.String(),
  level: ScopeLevelSchema,
  name: Type.String(),
  households: Type.Integer(),
  gridCells: Type.Integer(),
  tickets: Type.Object({ total: Type.Integer(), open: Type.Integer(), overdue: Type.Integer(), today: Type.Integer() }),
  kpi: Type.Object({
    responseRate: Nullable(Type.Number()),
    closureRate: Nullable(Type.Number()),
    onTimeRate: Nullable(Type.Number()),
    satisfactionRate: Nullable(Type.Number()),
    reworkRate: Nullable(Type.Number()),
  }),
});
export type ScopeChild = Static<typeof ScopeChildSchema>;

/** GET /api/scopes/:id/children: a scope and its children (towns, villages or grid cells), in code order. */
export const ScopeChildrenSchema = Type.Object({
  scope: ScopeRefSchema,
  children: Type.Array(ScopeChildSchema),
});
export type ScopeChildren = Static<typeof ScopeChildrenSchema>;
