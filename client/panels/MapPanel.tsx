import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { childOfCell, contains, scopeLevelOf } from '../../shared/scope.js';
import { EChart, type ChartClick } from '../charts/EChart.js';
import { registerGridMap } from '../charts/echarts.js';
import { buildMapOption, outlineLines } from '../charts/options/map.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { useNow } from '../hooks/use-now.js';
import { useThrottled } from '../hooks/use-throttled.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall, wallStore } from '../store/index.js';
import { cellsOfScope, selectCellValues } from '../store/selectors.js';
import { MAP_MEASURES, type MapMeasure } from '../store/ui-slice.js';
import type { ActiveInterrupt } from '../store/interrupt-queue.js';
import { TabList } from '../TabList.js';
import { Panel } from './Panel.js';

/** However fast deltas and tickets arrive, the map (the costliest chart) redraws at most about this often. */
export const MAP_REDRAW_MIN_MS = 1_000;
/** A ripple marks a new ticket for this long. */
export const RIPPLE_TTL_MS = 20_000;
/** Ripples animate on every frame: at most this many at once (the newest). */
export const RIPPLES_SHOWN_MAX = 24;
const PALETTES: Record<MapMeasure, 'tickets' | 'overdue' | 'rate'> = { open: 'tickets', overdue: 'overdue', per1000: 'rate' };

/**
 * Where the map looks: the scope someone drilled into, or, during an urgent interrupt, the town (or, on a town's
 * wall, the village) of the urgent ticket's cell.
 */
export function viewScopeOf(wallScope: string, mapScope: string, active: ActiveInterrupt | null): string {
  const cell = active?.ticket.gridId;
  if (!cell || !cell.startsWith(wallScope)) return mapScope;
  // Someone drilled into a view that already shows the cell: stay there.
  if (mapScope !== wallScope && contains(mapScope, cell)) return mapScope;
  return drillTarget(wallScope, cell) ?? wallScope;
}

/**
 * The view a click on a cell opens: the grammar's child of the view that holds the cell (district -> town -> village),
 * but the map stops at a village: a cell's own map would be one polygon with nothing left to click, and the village's
 * map already shows it.
 */
export function drillTarget(viewScope: string, cellId: string): string | null {
  const child = childOfCell(viewScope, cellId);
  return child !== null && scopeLevelOf(child) !== 'grid' ? child : null;
}

/**
 * The map's live data (per-cell counts and ripples) as one value that changes at most once per MAP_REDRAW_MIN_MS,
 * however fast tickets and deltas come; ripples older than RIPPLE_TTL_MS are dropped (looked at every 5 s).
 */
function useMapData(viewScope: string) {
  const ripples = useWall((s) => s.ripples);
  const measures = useWall((s) => s.cellMeasures);
  const tick = useNow(5_000);
  const live = useMemo(() => ({ ripples, measures, tick }), [ripples, measures, tick]);
  const shown = useThrottled(live, MAP_REDRAW_MIN_MS);
  const visible = useMemo(() => {
    const since = Date.now() - RIPPLE_TTL_MS;
    return shown.ripples.filter((r) => r.at > since && r.gridId.startsWith(viewScope)).slice(-RIPPLES_SHOWN_MAX);
  }, [shown, viewScope]);
  return { measures: shown.measures, ripples: visible };
}

/** The scope's grid cells coloured by a chosen measure, with outlines, ripples, tooltips and drill-down by click. */
export function MapPanel({ className }: { className?: string }) {
  const t = useMessages();
  const lang = useLang();
  const scale = useUiScale();
  const { wallScope, mapScope, measure, active } = useWall(
    useShallow((s) => ({ wallScope: s.scope, mapScope: s.mapScope, measure: s.measure, active: s.interrupt.active })),
  );
  const { geo, townGeo, villageGeo, categories } = useWall(
    useShallow((s) => ({ geo: s.geo, townGeo: s.townGeo, villageGeo: s.villageGeo, categories: s.categories })),
  );
  const viewScope = viewScopeOf(wallScope, mapScope, active);
  const { measures, ripples } = useMapData(viewScope);

  const cells = useMemo(() => (geo ? cellsOfScope(geo, viewScope) : null), [geo, viewScope]);
  // Registering must happen before the option that names the map reaches the chart.
  // A scope without cells (a live district before its world is imported) gets no chart: ECharts cannot frame an empty map.
  const mapName = useMemo(() => (cells && cells.features.length > 0 ? registerGridMap(viewScope, cells) : null), [cells, viewScope]);
  const townLines = useMemo(() => outlineLines(townGeo, viewScope), [townGeo, viewScope]);
  const villageLines = useMemo(() => outlineLines(villageGeo, viewScope), [villageGeo, viewScope]);
  const cellValues = useMemo(() => (cells ? selectCellValues(cells, measures, measure) : null), [cells, measures, measure]);
  const focus = useMemo(() => {
    if (!active) return null;
    const tk = active.ticket;
    return { cellId: tk.gridId, lng: tk.lng, lat: tk.lat, label: `${t.tiers[tk.tier]} · ${categoryName(categories?.[tk.category], tk.category, lang)}` };
  }, [active, categories, lang, t]);

  const option = useMemo(() => {
    if (!cells || cells.features.length === 0 || !mapName || !cellValues) return null;
    return buildMapOption({
      mapName,
      cells,
      values: cellValues.values,
      details: cellValues.details,
      townLines,
      villageLines,
      ripples,
      focus,
      palette: PALETTES[measure],
      locale: t.locale,
      scale,
      labels: { measure: t.measureLong[measure], open: t.measures.open, overdue: t.measures.overdue, total: t.kpi.total, per1000: t.measureLong.per1000, ...t.mapLegend },
    });
  }, [cells, mapName, cellValues, townLines, villageLines, ripples, focus, measure, t, scale]);

  const onClick = useCallback(
    (click: ChartClick) => {
      const target = drillTarget(viewScope, click.name);
      if (!target) return;
      wallStore.getState().noteInput();
      wallStore.getState().drillTo(target);
    },
    [viewScope],
  );

  const viewName = useWall((s) => (scopeLevelOf(viewScope) === 'town' ? s.townGeo : s.villageGeo)?.features.find((f) => f.id === viewScope)?.properties.name ?? null);
  const count = cells?.features.length ?? 0;
  // The tickets of the cells shown, for tests and monitoring: it moves as the pushed measures do.
  const shownTotal = useMemo(() => Object.values(cellValues?.details ?? {}).reduce((sum, d) => sum + d.total, 0), [cellValues]);
  const switcher = (
    <TabList keys={MAP_MEASURES} selected={measure} label={(m) => t.measures[m]} onSelect={(m) => wallStore.getState().setMeasure(m)} look="wall" ariaLabel={t.measureLong[measure]} />
  );
  return (
    <Panel
      title={viewName && viewScope !== wallScope ? `${t.panels.map} · ${viewName}` : t.panels.map}
      testId="map"
      className={className}
      actions={switcher}
      note={cells ? `${t.map.cells(count)} · ${t.measureLong[measure]}` : null}
      data={{ 'data-cells': count, 'data-scope': viewScope, 'data-total': shownTotal }}
    >
      {option ? <EChart option={option} label={t.measureLong[measure]} onClick={onClick} perfName="map" minIntervalMs={0} drawBeforeFonts />
        : cells && count === 0 ? <div className="panel-empty">{t.map.empty}</div> : <div className="panel-empty">{t.map.loading}</div>}
      {mapScope !== wallScope && (
        <button type="button" className="map-back" onClick={() => wallStore.getState().drillUp()}>
          ← {t.map.back}
        </button>
      )}
    </Panel>
  );
}
