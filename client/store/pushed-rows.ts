import type { ScopeChild } from '../../shared/schemas/drill.js';
import type { CellMeasures } from '../../shared/schemas/summary.js';
import type { RankingRow } from './ranking-slice.js';

/*
 * The map's cell measures and the ranking's rows as the scope's snapshot and deltas push them: a snapshot replaces
 * them, a delta carries only the cells and children that changed (each whole), merged by id.
 */

/** The cells of a delta laid over the ones the wall holds; the same object when the delta has none. */
export function mergeCells(cells: CellMeasures | null, changed: CellMeasures | undefined): CellMeasures | null {
  if (!changed || Object.keys(changed).length === 0) return cells;
  return { ...cells, ...changed };
}

/** A child as the wall's ranking shows it: 居委会/村委会 dropped from the name (shorter, as the wall says them). */
export function rankingRowOf(child: ScopeChild): RankingRow {
  return {
    id: child.id,
    name: child.name.replace(/(居委会|村委会)$/, ''),
    total: child.tickets.total,
    open: child.tickets.open,
    onTimeRate: child.kpi.onTimeRate,
    satisfactionRate: child.kpi.satisfactionRate,
  };
}

/**
 * Rows of a delta laid over the rows held, by id: a changed row replaces its own in place, one not held yet (a world
 * re-imported under a running page) is added at the end. The same array when the delta has none.
 */
export function mergeById<T extends { id: string }>(rows: readonly T[] | null, changed: readonly T[] | undefined): T[] | null {
  if (!changed || changed.length === 0) return rows as T[] | null;
  const byId = new Map(changed.map((c) => [c.id, c]));
  const merged = (rows ?? []).map((r) => {
    const next = byId.get(r.id);
    byId.delete(r.id);
    return next ?? r;
  });
  return [...merged, ...byId.values()];
}

/** The changed children replace their ranking rows in place (a row the wall did not have yet is added at the end). */
export function mergeRanking(rows: RankingRow[] | null, changed: readonly ScopeChild[] | undefined): RankingRow[] | null {
  return mergeById(rows, changed?.map(rankingRowOf));
}
