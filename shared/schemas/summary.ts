import Type, { type Static } from 'typebox';
import { ScopeLevelSchema } from './common.js';

const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const CountMap = Type.Record(Type.String(), Type.Integer());

export const ScopeRefSchema = Type.Object({
  id: Type.String(),
  level: ScopeLevelSchema,
  name: Type.String(),
  /** Parent scope ids, widest first (district, town, village). */
  parents: Type.Array(Type.String()),
});
export type ScopeRef = Static<typeof ScopeRefSchema>;

/** Standing counts of the organisation in a scope. */
export const OrgCountsSchema = Type.Object({
  towns: Count,
  villages: Count,
  gridCells: Count,
  serviceStations: Count,
  partyBranches: Count,
  centralHouseholds: Count,
  infoOfficers: Count,
  gridMembers: Count,
  households: Count,
});
export type OrgCounts = Static<typeof OrgCountsSchema>;

export const PeopleSchema = Type.Object({
  registered: Count,
  floating: Count,
  over60: Count,
  elderlyAlone: Count,
  disabled: Count,
  partyMembers: Count,
});
export const VehiclesSchema = Type.Object({ registered: Count, parkingSpaces: Count, evChargers: Count });
export const HousesSchema = Type.Object({
  buildings: Count,
  units: Count,
  households: Count,
  rented: Count,
  vacant: Count,
  /** Units by building type: residential high-rise, multi-storey, bungalow/rural, commercial. */
  byType: Type.Object({ highRise: Count, multiStorey: Count, lowRise: Count, commercial: Count }),
});
export const ThingsSchema = Type.Object({
  lifts: Count,
  gasPipelines: Count,
  hydrants: Count,
  waterPipes: Count,
  streetLamps: Count,
  cameras: Count,
});
/** The standing 人车房物 numbers of a cell (sums for wider scopes). */
export const ModuleStandingSchema = Type.Object({
  people: PeopleSchema,
  vehicles: VehiclesSchema,
  houses: HousesSchema,
  things: ThingsSchema,
});
export type ModuleStanding = Static<typeof ModuleStandingSchema>;

/** The live side of the modules: what happened today (clock's day) and in the clock's current hour. */
export const ModuleActivitySchema = Type.Object({
  movedInToday: Count,
  movedOutToday: Count,
  gateInLastHour: Count,
  gateOutLastHour: Count,
  gatePassesToday: Count,
  inspectionsToday: Count,
  faultsToday: Count,
});
export type ModuleActivity = Static<typeof ModuleActivitySchema>;

export const TicketCountsSchema = Type.Object({
  total: Count,
  open: Count,
  overdue: Count,
  /** Open, not yet accepted, past the response deadline. */
  responseOverdue: Count,
  urgent: Count,
  urgentSolved: Count,
  today: Count,
  byStatus: CountMap,
  byTier: CountMap,
  byCategory: CountMap,
  byChannel: CountMap,
});
export type TicketCounts = Static<typeof TicketCountsSchema>;

/**
 * The ticket counts of one grid cell that the map colours by (GET /api/cells/measures, and pushed in scope snapshots
 * and deltas). Per 1,000 households is the map's own division by the households in its geometry.
 */
export const CellMeasureSchema = Type.Object({ open: Count, overdue: Count, total: Count });
export type CellMeasure = Static<typeof CellMeasureSchema>;
/** Cell measures by grid cell id. */
export const CellMeasuresSchema = Type.Record(Type.String(), CellMeasureSchema);
export type CellMeasures = Static<typeof CellMeasuresSchema>;

/** KPIs, with the numerators and denominators they come from. Rates are null when nothing is due. */
export const KpiSchema = Type.Object({
  responseRate: Rate,
  closureRate: Rate,
  onTimeRate: Rate,
  satisfactionRate: Rate,
  reworkRate: Rate,
  responseDue: Count,
  respondedInTime: Count,
  closeDue: Count,
  closed: Count,
  closedOnTime: Count,
  evaluated: Count,
  satisfied: Count,
  reworked: Count,
});
export type Kpi = Static<typeof KpiSchema>;

export const SeriesPointSchema = Type.Object({ t: Type.Number(), reported: Count, closed: Count });
export type SeriesPoint = Static<typeof SeriesPointSchema>;
export const SeriesSchema = Type.Object({
  /** The last 24 clock hours, oldest first; t is the hour's start (epoch ms). */
  hourly: Type.Array(SeriesPointSchema),
  /** The last 30 clock days (Asia/Shanghai), oldest first; t is the day's start. */
  daily: Type.Array(SeriesPointSchema),
});
export type Series = Static<typeof SeriesSchema>;

/** 督办: the scope's open tickets at each colour of supervision (docs/supervise.md); each ticket at its highest. */
export const SuperviseCountsSchema = Type.Object({ red: Count, yellow: Count, blue: Count });
export type SuperviseCounts = Static<typeof SuperviseCountsSchema>;

export const SummarySchema = Type.Object({
  scope: ScopeRefSchema,
  clock: Type.Number(),
  counts: OrgCountsSchema,
  tickets: TicketCountsSchema,
  kpi: KpiSchema,
  series: SeriesSchema,
  modules: Type.Object({
    people: PeopleSchema,
    vehicles: VehiclesSchema,
    houses: HousesSchema,
    things: ThingsSchema,
    activity: ModuleActivitySchema,
  }),
  supervise: Type.Optional(SuperviseCountsSchema),
});
export type Summary = Static<typeof SummarySchema>;
