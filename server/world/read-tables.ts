import { STAFF_ROLES, type StaffRole } from '../../shared/constants.js';
import type { CellStatsRow, PartyBranchRow, StaffRow, StationRow } from '../../shared/world.js';
import { parseCsv, type CsvTable } from './csv.js';
import { ORGANISATION_COLUMNS, ORGANISATION_KINDS, STAFF_COLUMNS, STANDING_COLUMNS, unflattenStanding, WORLD_FILES } from './format.js';

/*
 * The three CSV files, checked row by row against the cells already read. Problems name the file, the row (its line
 * in the file, the header being line 1) and what is wrong; never the personal data of the row.
 */

type Row = Record<string, string>;
/** A cell id of cells.geojson with its village (even when the feature has problems: one mistake, one report). */
export interface DeclaredCell { villageCode: string }
interface Reader { rows: { line: number; get: Row }[]; problems: string[] }

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Parses a file and checks its header has every required column; rows come back as column → value. */
function readTable(file: string, text: string, required: readonly string[]): Reader {
  let table: CsvTable;
  try {
    table = parseCsv(text);
  } catch (err) {
    return { rows: [], problems: [`${file}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const missing = required.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    return { rows: [], problems: [`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (the header row must name ${required.join(', ')})`] };
  }
  const problems: string[] = [];
  const rows = table.rows.flatMap(({ line, cells }) => {
    if (cells.length !== table.header.length) {
      problems.push(`${file} row ${line}: has ${cells.length} fields, the header ${table.header.length}`);
      return [];
    }
    return [{ line, get: Object.fromEntries(table.header.map((h, i) => [h, cells[i].trim()])) }];
  });
  return { rows, problems };
}

/** Checks ids of a table are well formed and unique; returns false (and says why) for a row to skip. */
function idChecker(file: string, problems: string[], seen = new Map<string, number>()) {
  return (id: string, line: number): boolean => {
    if (!ID.test(id)) problems.push(`${file} row ${line}: id "${id.slice(0, 64)}" must be 1-64 letters, digits or _ . : -`);
    else if (seen.has(id)) problems.push(`${file} row ${line}: id "${id}" is used again (first on row ${seen.get(id)})`);
    else {
      seen.set(id, line);
      return true;
    }
    return false;
  };
}

const wholeNumber = (s: string): number | null => (/^\d{1,9}$/.test(s) ? Number(s) : null);

export function readStaff(text: string, cells: ReadonlyMap<string, DeclaredCell>): { staff: StaffRow[]; problems: string[] } {
  const file = WORLD_FILES.staff;
  const { rows, problems } = readTable(file, text, STAFF_COLUMNS.filter((c) => c !== 'leader_id' && c !== 'households'));
  const freshId = idChecker(file, problems);
  const staff: StaffRow[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, get } of rows) {
    const at = `${file} row ${line}`;
    const before = problems.length;
    const idOk = freshId(get.id, line);
    if (!cells.has(get.cell_id)) problems.push(`${at}: unknown cell "${get.cell_id.slice(0, 40)}"`);
    if (!(STAFF_ROLES as readonly string[]).includes(get.role)) problems.push(`${at}: role "${get.role.slice(0, 40)}" must be one of ${STAFF_ROLES.join(', ')}`);
    if (!get.name || get.name.length > 40) problems.push(`${at}: name must be 1-40 characters`);
    if (!PHONE.test(get.phone)) problems.push(`${at}: phone is not a phone number (digits, optional leading +, spaces or -)`);
    const households = get.households ? wholeNumber(get.households) : 0;
    if (households === null) problems.push(`${at}: households must be a whole number, 0 or more`);
    if (problems.length > before || !idOk) continue;
    lineOf.set(get.id, line);
    staff.push({
      id: get.id, gridId: get.cell_id, role: get.role as StaffRole, name: get.name, phone: get.phone,
      leaderId: get.leader_id || null, households: households ?? 0,
    });
  }
  // Leaders last: an officer's central household may come after it in the file.
  const roleOf = new Map(staff.map((s) => [s.id, s.role]));
  for (const s of staff) {
    if (s.leaderId && roleOf.get(s.leaderId) !== 'central_household') {
      problems.push(`${file} row ${lineOf.get(s.id)}: leader_id "${s.leaderId.slice(0, 64)}" is not a central household of this file`);
    }
  }
  return { staff, problems };
}

export function readOrganisation(
  text: string, cells: ReadonlyMap<string, DeclaredCell>, villageCodes: ReadonlySet<string>,
): { stations: StationRow[]; partyBranches: PartyBranchRow[]; problems: string[] } {
  const file = WORLD_FILES.organisation;
  const { rows, problems } = readTable(file, text, ORGANISATION_COLUMNS);
  const freshId = idChecker(file, problems);
  const stations: StationRow[] = [];
  const partyBranches: PartyBranchRow[] = [];
  for (const { line, get } of rows) {
    const at = `${file} row ${line}`;
    const before = problems.length;
    const idOk = freshId(get.id, line);
    if (!get.name || get.name.length > 80) problems.push(`${at}: name must be 1-80 characters`);
    if (get.kind === 'party_branch') {
      if (!villageCodes.has(get.village_code)) problems.push(`${at}: village code "${get.village_code.slice(0, 20)}" is not a village or community of the district`);
      if (problems.length === before && idOk) partyBranches.push({ id: get.id, villageCode: get.village_code, name: get.name });
    } else if (get.kind === 'service_station') {
      const cell = cells.get(get.cell_id);
      if (!cell) problems.push(`${at}: unknown cell "${get.cell_id.slice(0, 40)}"`);
      else if (get.village_code && get.village_code !== cell.villageCode) {
        problems.push(`${at}: village code ${get.village_code.slice(0, 20)} is not the village of cell ${get.cell_id} (${cell.villageCode})`);
      }
      if (get.address.length > 200) problems.push(`${at}: address is longer than 200 characters`);
      if (problems.length === before && idOk) stations.push({ id: get.id, gridId: get.cell_id, name: get.name, address: get.address });
    } else {
      problems.push(`${at}: kind "${get.kind.slice(0, 40)}" must be one of ${ORGANISATION_KINDS.join(', ')}`);
    }
  }
  return { stations, partyBranches, problems };
}

export function readStanding(text: string, cells: ReadonlyMap<string, DeclaredCell>): { cellStats: CellStatsRow[]; problems: string[] } {
  const file = WORLD_FILES.standing;
  const { rows, problems } = readTable(file, text, STANDING_COLUMNS);
  const seen = new Map<string, number>();
  const cellStats: CellStatsRow[] = [];
  for (const { line, get } of rows) {
    const at = `${file} row ${line}`;
    const before = problems.length;
    if (!cells.has(get.cell_id)) problems.push(`${at}: unknown cell "${get.cell_id.slice(0, 40)}"`);
    else if (seen.has(get.cell_id)) problems.push(`${at}: cell ${get.cell_id} again (first on row ${seen.get(get.cell_id)})`);
    else seen.set(get.cell_id, line);
    const values = STANDING_COLUMNS.slice(1).map((c) => {
      const v = wholeNumber(get[c]);
      if (v === null) problems.push(`${at}: ${c} must be a whole number, 0 or more`);
      return v ?? 0;
    });
    if (problems.length === before) cellStats.push({ gridId: get.cell_id, ...unflattenStanding(values) });
  }
  if (rows.length > 0 || problems.length === 0) {
    for (const id of cells.keys()) if (!seen.has(id)) problems.push(`${file}: no row for cell ${id}`);
  }
  return { cellStats, problems };
}
