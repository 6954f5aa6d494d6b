/**
 * The only place that touches ECharts' registry. Registering just the parts the wall uses keeps the bundle small
 * (echarts/core instead of the full build); add a chart or component here when a panel needs it.
 */
import { GaugeChart, MapChart, type GaugeSeriesOption, type MapSeriesOption } from 'echarts/charts';
import {
  GeoComponent,
  TooltipComponent,
  VisualMapComponent,
  type GeoComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { GeoCollection } from '../../shared/schemas/geo.js';

echarts.use([MapChart, GaugeChart, GeoComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** Every option a wall chart may be given: typed from the registered parts only. */
export type WallChartOption = echarts.ComposeOption<
  MapSeriesOption | GaugeSeriesOption | GeoComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

export { echarts };

/**
 * Registers the cells of a scope as a map named after the scope. Regions are matched by feature id (nameProperty 'id' in
 * the option) because cell names are not unique across the district.
 */
export function registerGridMap(scope: string, cells: GeoCollection): string {
  const name = `grid:${scope}`;
  echarts.registerMap(name, cells);
  return name;
}
