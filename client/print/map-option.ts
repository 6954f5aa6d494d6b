import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import type { WallChartOption } from '../charts/echarts.js';
import { buildMapOption, outlineLines } from '../charts/options/map.js';

/** The geometry the printed map needs: the scope's children (the shaded features) and the level the scope is drawn at. */
export interface PrintMapGeo {
  children: GeoCollection;
  /** The scope's own outline's level (null for the district, whose towns are the children). */
  outline: GeoCollection | null;
}

/** Which levels of /api/geo the map of a breakdown reads: its children's level, and the scope's own for its border. */
export function geoLevelsOf(childLevel: MonthlyBreakdown['childLevel']): { children: 'town' | 'village' | 'grid'; outline: 'town' | 'village' | null } {
  return { children: childLevel, outline: childLevel === 'town' ? null : childLevel === 'village' ? 'town' : 'village' };
}

/**
 * The wall's map (buildMapOption) with the scope's children as its regions, shaded by 超期 in the month with the
 * wall's overdue ramp; the scope's border on top. No ripples, no focus: paper shows the month, not the moment.
 */
export function printMapOption(b: MonthlyBreakdown, geo: PrintMapGeo, register: (cells: GeoCollection) => string): WallChartOption | null {
  const ids = new Set(b.children.map((c) => c.id));
  const cells: GeoCollection = { type: 'FeatureCollection', features: geo.children.features.filter((f) => ids.has(f.id)) };
  // ECharts cannot frame an empty map (a world without this scope's shapes): no map then.
  if (cells.features.length === 0) return null;
  const values = Object.fromEntries(b.children.map((c) => [c.id, c.overdue]));
  return buildMapOption({
    mapName: register(cells), cells, values, details: {}, ripples: [], focus: null, palette: 'overdue', locale: 'zh-CN', scale: 0.8,
    townLines: outlineLines(geo.outline ?? geo.children, b.scope.id),
    villageLines: [],
    labels: { measure: '超期', open: '在办', overdue: '超期', total: '合计', per1000: '每千户', households: '户数', high: '超期', low: '0' },
  });
}
