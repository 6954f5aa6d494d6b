import { ModuleStandingSchema, type ModuleStanding } from '../../shared/schemas/summary.js';

/*
 * The open files of a district's world (what `npm run world:export` writes and `npm run world:import` reads), one
 * definition for both directions.
 */

export const WORLD_FILES = {
  cells: 'cells.geojson',
  staff: 'staff.csv',
  organisation: 'organisation.csv',
  standing: 'standing.csv',
} as const;

export const STAFF_COLUMNS = ['id', 'cell_id', 'role', 'name', 'phone', 'leader_id', 'households'] as const;
/** kind = service_station (on a cell) or party_branch (of a village or community). */
export const ORGANISATION_COLUMNS = ['kind', 'id', 'village_code', 'cell_id', 'name', 'address'] as const;
export const ORGANISATION_KINDS = ['service_station', 'party_branch'] as const;

interface SchemaNode { type?: string; properties?: Record<string, SchemaNode> }

/** Every number of ModuleStanding as a dotted path (people.registered, houses.byType.highRise, …), in schema order. */
function leafPaths(node: SchemaNode, prefix: string[] = []): string[][] {
  if (!node.properties) return [prefix];
  return Object.entries(node.properties).flatMap(([k, child]) => leafPaths(child, [...prefix, k]));
}
const STANDING_PATHS = leafPaths(ModuleStandingSchema as SchemaNode);
export const STANDING_COLUMNS = ['cell_id', ...STANDING_PATHS.map((p) => p.join('.'))] as const;

export function flattenStanding(s: ModuleStanding): number[] {
  return STANDING_PATHS.map((path) => path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s) as number);
}

/** The inverse of flattenStanding: values in STANDING_COLUMNS order (without cell_id). */
export function unflattenStanding(values: readonly number[]): ModuleStanding {
  const out: Record<string, unknown> = {};
  STANDING_PATHS.forEach((path, i) => {
    let o = out;
    for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[path[path.length - 1]] = values[i];
  });
  return out as ModuleStanding;
}
