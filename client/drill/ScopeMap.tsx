import { useCallback, useMemo, useState, type TouchEvent } from 'react';
import { EChart, type ChartClick } from '../charts/EChart.js';
import { registerGridMap } from '../charts/echarts.js';
import { buildMapOption, outlineLines } from '../charts/options/map.js';
import type { CellMeasures } from '../api/cell-measures.js';
import { cellsOfScope, selectCellValues } from '../store/selectors.js';
import type { MapMeasure } from '../store/ui-slice.js';
import { scopeLevelOf } from '../../shared/scope.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { TabList } from '../TabList.js';
import { useGeo } from './geo-cache.js';

const cancelCompatClick = (e: TouchEvent) => e.preventDefault();
const MEASURES: readonly MapMeasure[] = ['open', 'overdue', 'per1000'];
const PALETTES: Record<MapMeasure, 'tickets' | 'overdue' | 'rate'> = { open: 'tickets', overdue: 'overdue', per1000: 'rate' };

interface ScopeMapProps {
  scope: string;
  measures: CellMeasures | null;
  /** A grid cell was clicked (by id). */
  onPickCell?: (cellId: string) => void;
  /** A cell to outline and label (the grid cell page shows its cell among its village's). */
  focus?: { cellId: string; label: string } | null;
}

/** The wall's map (EChart + buildMapOption) focused on one scope: its grid cells only, coloured by a chosen measure. */
export function ScopeMap({ scope, measures, onPickCell, focus = null }: ScopeMapProps) {
  const t = useDrillMessages();
  const [measure, setMeasure] = useState<MapMeasure>('open');
  const geo = useGeo('grid');
  const townGeo = useGeo('town');
  const villageGeo = useGeo('village');
  const cells = useMemo(() => (geo ? cellsOfScope(geo, scope) : null), [geo, scope]);
  // Registered before the option that names it reaches the chart.
  const mapName = useMemo(() => (cells ? registerGridMap(`drill-${scope}`, cells) : null), [cells, scope]);
  // Outlines at or below the scope only: a wider one (a village's town) would run off the zoomed map.
  const level = scopeLevelOf(scope);
  const townLines = useMemo(() => (level === 'district' || level === 'town' ? outlineLines(townGeo, scope) : []), [townGeo, scope, level]);
  const villageLines = useMemo(() => (level === 'grid' ? [] : outlineLines(villageGeo, scope)), [villageGeo, scope, level]);
  const focusAt = useMemo(() => {
    const cell = focus && cells?.features.find((f) => f.id === focus.cellId);
    if (!focus || !cell) return null;
    const ring = cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0] : cell.geometry.coordinates[0][0];
    // The label sits at the ring's mean point: inside for the compact cells of the fixture tessellation.
    const lng = ring.reduce((sum, p) => sum + p[0], 0) / ring.length;
    const lat = ring.reduce((sum, p) => sum + p[1], 0) / ring.length;
    return { cellId: focus.cellId, label: focus.label, lng, lat };
  }, [focus, cells]);
  const option = useMemo(() => {
    if (!cells || !mapName) return null;
    const { values, details } = selectCellValues(cells, measures, measure);
    return buildMapOption({
      mapName,
      cells,
      values,
      details,
      townLines,
      villageLines,
      ripples: [],
      focus: focusAt,
      palette: PALETTES[measure],
      locale: t.locale,
      labels: { measure: t.measureLong[measure], open: t.measures.open, overdue: t.measures.overdue, total: t.kpi.total, per1000: t.measureLong.per1000, ...t.mapLegend },
    });
  }, [cells, mapName, measures, measure, townLines, villageLines, focusAt, t]);
  const onClick = useCallback((click: ChartClick) => onPickCell?.(click.name), [onPickCell]);

  return (
    <div className="dmap-wrap">
      <TabList keys={MEASURES} selected={measure} label={(m) => t.measures[m]} onSelect={setMeasure} look="drill" className="dmap-tools" />
      {/* A tap drills down once: ECharts acts on the touch itself, so the click the browser would send after it
          (onto the next level's map, drawn in the same place by then) is cancelled, or one tap would drill two levels.
          In the capture phase: after the chart's own handler has navigated, this map is no longer there to cancel it. */}
      <div className="dmap" onTouchEndCapture={cancelCompatClick} data-testid="drill-map" data-scope={scope} data-cells={cells?.features.length ?? 0}>
        {option ? <EChart option={option} label={t.panels.map} onClick={onClick} /> : <div className="dnotice dnotice-loading">{t.notices.loading}</div>}
      </div>
    </div>
  );
}
