/**
 * The only place that touches ECharts' registry. Registering just the parts the wall uses keeps the bundle small
 * (echarts/core instead of the full build); add a chart or component here when a panel needs it.
 */
import {
  BarChart,
  EffectScatterChart,
  GaugeChart,
  LineChart,
  LinesChart,
  MapChart,
  PieChart,
  ScatterChart,
  type BarSeriesOption,
  type EffectScatterSeriesOption,
  type GaugeSeriesOption,
  type LineSeriesOption,
  type LinesSeriesOption,
  type MapSeriesOption,
  type PieSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GeoComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import { measureText } from './text-measure.js';

const CHARTS = [MapChart, GaugeChart, PieChart, ScatterChart, BarChart, LineChart, LinesChart, EffectScatterChart];
const COMPONENTS = [GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapContinuousComponent];
echarts.use([...CHARTS, ...COMPONENTS, CanvasRenderer]);
// Text is measured on a canvas that is replaced now and then, so that its text cache does not grow for a month.
echarts.setPlatformAPI({ measureText });

/** Every option a wall chart may be given: typed from the registered parts only. */
export type WallChartOption = echarts.ComposeOption<
  | MapSeriesOption
  | GaugeSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | BarSeriesOption
  | LineSeriesOption
  | LinesSeriesOption
  | EffectScatterSeriesOption
  | GeoComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export { echarts };

const registered = new Map<string, GeoCollection>();

/** The same features, in the same order (a scope's cells filtered again from the same world are). */
function sameFeatures(a: GeoCollection | undefined, b: GeoCollection): boolean {
  return a !== undefined && a.features.length === b.features.length && a.features.every((f, i) => f === b.features[i]);
}

/**
 * Registers the cells of a scope as a map named after the scope. Regions are matched by feature id (nameProperty 'id'
 * in the option) because cell names are not unique across the district. Registered once per scope and set of
 * features: an urgent interrupt moves the map to a town and back, and each move filters the scope's cells anew;
 * registering them again would make ECharts parse every cell's geometry again, on every interrupt, for a month.
 */
export function registerGridMap(scope: string, cells: GeoCollection): string {
  const name = `grid:${scope}`;
  if (!sameFeatures(registered.get(name), cells)) {
    echarts.registerMap(name, cells);
    registered.set(name, cells);
  }
  return name;
}
