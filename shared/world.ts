import type { StaffRole, TicketAction, Tier } from './constants.js';
import type { Category, TicketFiling } from './schemas/ticket.js';
import type { Geometry, Position } from './schemas/geo.js';
import type { ModuleStanding } from './schemas/summary.js';

/*
 * The world the product runs on: the real divisions, and the rows of a district's world (cells, organisation, staff,
 * standing numbers) as storage keeps them, world:import reads them and world:export writes them. The demo's generator
 * (fixtures/) produces these types; it does not define them. Server-side rows: nothing here reaches the wall unless a
 * schema in ./schemas carries it.
 */

/** The real divisions (fixtures/data/zhenjiang-new-area-divisions.json): the district, its towns and their villages. */
export interface Divisions {
  district: { code: string; name: string; alsoKnownAs: string; city: string; province: string };
  towns: { code: string; name: string; kind: string; villages: { code: string; name: string; kind: string }[] }[];
}

export interface TownRow { code: string; name: string; kind: string; geometry: Geometry; centroid: Position }
export interface VillageRow {
  code: string;
  townCode: string;
  name: string;
  kind: string;
  geometry: Geometry;
  centroid: Position;
}
/** A grid cell. id = village code + '-' + two digits (321171102004-01; see ./scope.ts). */
export interface CellRow {
  id: string;
  villageCode: string;
  townCode: string;
  name: string;
  households: number;
  areaKm2: number;
  geometry: Geometry;
  centroid: Position;
}

/** The outline of a town or village, by code: the divisions file has codes and names, this file their shapes. */
export interface DivisionOutline { code: string; geometry: Geometry; centroid: Position }
/** fixtures/data/zhenjiang-new-area-outlines.json: the illustrative outlines live mode starts from. */
export interface DivisionOutlines { towns: DivisionOutline[]; villages: DivisionOutline[] }

export interface StationRow { id: string; gridId: string; name: string; address: string }
export interface PartyBranchRow { id: string; villageCode: string; name: string }
/** People with a role; personal data that never reaches the wall. */
export interface StaffRow {
  id: string;
  gridId: string;
  role: StaffRole;
  name: string;
  phone: string;
  /** For an information officer: the central household it is attached to. */
  leaderId: string | null;
  /** For a central household: the households it serves. */
  households: number;
}
export interface CellStatsRow extends ModuleStanding { gridId: string }

/** A district's world as its open files carry it (divisions and categories are the server's own). */
export interface WorldSet {
  cells: CellRow[];
  stations: StationRow[];
  partyBranches: PartyBranchRow[];
  staff: StaffRow[];
  cellStats: CellStatsRow[];
}

/** One step of a planned 2023 ticket: the replay applies it at `at` through the normal transition path. */
export interface PlannedStep {
  action: TicketAction;
  at: number;
  actor: string;
  note: string;
  rating?: number;
}
/** A ticket of the 2023 year as the replay will file it at reportedAt; its steps follow. */
export interface PlannedTicket extends TicketFiling {
  ref: string;
  reportedAt: number;
  /** The tier at filing (the category's); escalation steps raise it. */
  tier: Tier;
  steps: PlannedStep[];
}

/** A whole demo world: a district's world set, its divisions and categories, and the planned tickets of its year. */
export interface World extends WorldSet {
  seed: number;
  district: Divisions['district'];
  categories: Category[];
  towns: TownRow[];
  villages: VillageRow[];
  /** Sorted by reportedAt. */
  tickets: PlannedTicket[];
}

/** The name people use for a village's handling unit: 新茂社区居委会 -> 新茂社区, 石桥村委会 -> 石桥村, 丁卯居委会 -> 丁卯社区. */
export function shortVillageName(name: string): string {
  // The 村 of 村委会 (villagers' committee) belongs to the short name; 居委会 (residents' committee) goes entirely.
  const stripped = name.replace(/村委会$/, '村').replace(/居委会$/, '');
  if (stripped.endsWith('社区') || stripped.endsWith('村')) return stripped;
  return `${stripped}社区`;
}
