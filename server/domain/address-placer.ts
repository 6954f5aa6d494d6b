import { GRID_ID_IN_TEXT } from '../../shared/scope.js';

/**
 * Places a free-text address on a grid cell by the names we know, for reports that come without coordinates (Open311's
 * `address_string`). No geocoder: a grid cell id or a cell's name in the text places it on that cell; a village or
 * community (full or short name, 丁卯居委会 or 丁卯社区) on the cell nearest the middle of its cells. A street or town
 * name alone is too coarse to dispatch on and places nothing. Pure.
 */

export interface PlaceableCell {
  id: string;
  name: string;
  villageCode: string;
  centroid: readonly [number, number] | number[];
}
export interface PlaceableVillage {
  code: string;
  /** Every name the village goes by. */
  names: string[];
}
export interface PlacedAddress {
  gridId: string;
  lng: number;
  lat: number;
}

/** A name shorter than this (a bare 网格1) says too little to pick a cell from the whole district. */
const MIN_NAME_CHARS = 2;

export function createAddressPlacer(cells: readonly PlaceableCell[], villages: readonly PlaceableVillage[]) {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const at = (c: PlaceableCell): PlacedAddress => ({ gridId: c.id, lng: c.centroid[0], lat: c.centroid[1] });
  // Each village's stand-in cell: the one nearest the mean of its cells' centroids.
  const central = new Map<string, PlaceableCell>();
  for (const v of villages) {
    const own = cells.filter((c) => c.villageCode === v.code);
    if (!own.length) continue;
    const mx = own.reduce((a, c) => a + c.centroid[0], 0) / own.length;
    const my = own.reduce((a, c) => a + c.centroid[1], 0) / own.length;
    const d = (c: PlaceableCell) => (c.centroid[0] - mx) ** 2 + (c.centroid[1] - my) ** 2;
    central.set(v.code, own.reduce((best, c) => (d(c) < d(best) ? c : best)));
  }
  // Longest names first: 丁卯社区第一网格 must win over 丁卯社区 inside it. A cell's own name counts only when its
  // village is named too (cell names repeat from village to village).
  const names: { name: string; cell: PlaceableCell; village: PlaceableVillage }[] = [];
  for (const v of villages) {
    const c = central.get(v.code);
    if (!c) continue;
    for (const name of new Set(v.names)) if (Array.from(name).length >= MIN_NAME_CHARS) names.push({ name, cell: c, village: v });
  }
  names.sort((a, b) => b.name.length - a.name.length);
  const cellsOf = new Map<string, PlaceableCell[]>();
  for (const c of cells) cellsOf.set(c.villageCode, [...(cellsOf.get(c.villageCode) ?? []), c]);

  return function place(address: string): PlacedAddress | null {
    const id = GRID_ID_IN_TEXT.exec(address)?.[0];
    if (id && byId.has(id)) return at(byId.get(id)!);
    const hit = names.find((n) => address.includes(n.name));
    if (!hit) return null;
    const rest = address.replace(hit.name, '');
    const cell = (cellsOf.get(hit.village.code) ?? []).filter((c) => c.name && rest.includes(c.name))
      .sort((a, b) => b.name.length - a.name.length)[0];
    return at(cell ?? hit.cell);
  };
}
export type AddressPlacer = ReturnType<typeof createAddressPlacer>;
