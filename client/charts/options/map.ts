import type { GeoCollection, Position } from '../../../shared/schemas/geo.js';
import type { WallChartOption } from '../echarts.js';
import { CHART_BASE, COLORS, HOUSEHOLD_RAMP, OVERDUE_RAMP, scaler, TEXT_FONT, TICKET_RAMP, tooltipStyle } from '../theme.js';

/** The numbers a cell's tooltip shows. */
export interface MapCellDetail {
  open: number;
  overdue: number;
  total: number;
  households: number;
  per1000: number;
}

export interface MapLabels {
  measure: string;
  open: string;
  overdue: string;
  total: string;
  per1000: string;
  households: string;
  high: string;
  low: string;
}

/** One outline ring as the lines series wants it. Built once per scope (outlineLines) so updates reuse it. */
export interface OutlineLine {
  coords: Position[];
}

export interface MapRipple {
  lng: number;
  lat: number;
  urgent: boolean;
}

export interface MapOptionInput {
  /** The name the cells were registered under (registerGridMap). */
  mapName: string;
  cells: GeoCollection;
  values: Record<string, number>;
  details: Record<string, MapCellDetail>;
  townLines: OutlineLine[];
  villageLines: OutlineLine[];
  ripples: MapRipple[];
  /** An urgent ticket's cell, outlined brightly with its label, or null. */
  focus: { cellId: string; label: string; lng: number; lat: number } | null;
  labels: MapLabels;
  /** Open tickets glow navy to red; overdue burns red; per-1,000 uses a calm blue ramp. */
  palette: 'tickets' | 'overdue' | 'rate';
  locale: string;
  /** The wall's size relative to 1080p, for canvas text and legend sizes. */
  scale?: number;
}

const RAMPS = { tickets: TICKET_RAMP, overdue: OVERDUE_RAMP, rate: HOUSEHOLD_RAMP } as const;

/** The rings of the features inside `scope`, as line data. Outlines of the scope itself are kept (its border). */
export function outlineLines(geo: GeoCollection | null, scope: string): OutlineLine[] {
  if (!geo) return [];
  const out: OutlineLine[] = [];
  for (const f of geo.features) {
    if (!f.id.startsWith(scope) && !scope.startsWith(f.id)) continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const polygon of polygons) out.push({ coords: polygon[0] });
  }
  return out;
}

interface TooltipParams {
  seriesType?: string;
  name: string;
}

/**
 * The cells of the map's scope coloured by one measure, with town and village outlines on top, ripples where new
 * tickets land (on their own canvas layer, so the ripple animation never repaints the cells), and an urgent focus.
 * Pure: same input, same option.
 */
export function buildMapOption(input: MapOptionInput): WallChartOption {
  const { cells, values, details, labels } = input;
  const px = scaler(input.scale);
  const names = new Map(cells.features.map((f) => [f.id, f.properties.name]));
  const data = cells.features.map((f) => ({ name: f.id, value: values[f.id] ?? 0 }));
  // A scale of 0..0 draws every cell in the top colour; keep at least 1 so an all-zero map stays dark.
  const max = Math.max(1, ...data.map((d) => d.value));
  const number = new Intl.NumberFormat(input.locale);
  const focusCell = input.focus ? cells.features.find((f) => f.id === input.focus?.cellId) : undefined;
  const focusRings = focusCell
    ? (focusCell.geometry.type === 'Polygon' ? [focusCell.geometry.coordinates] : focusCell.geometry.coordinates).map((p) => ({ coords: p[0] }))
    : [];

  return {
    ...CHART_BASE,
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(px),
      formatter: (params: unknown) => {
        const p = params as TooltipParams;
        const d = details[p.name];
        if (!d) return names.get(p.name) ?? '';
        return [
          `<b>${names.get(p.name) ?? p.name}</b>`,
          `${labels.open}：${number.format(d.open)}`,
          `${labels.overdue}：${number.format(d.overdue)}`,
          `${labels.total}：${number.format(d.total)}`,
          `${labels.per1000}：${number.format(d.per1000)}`,
          `${labels.households}：${number.format(d.households)}`,
        ].join('<br/>');
      },
    },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min: 0,
      max,
      left: px(16),
      bottom: px(16),
      itemWidth: px(12),
      itemHeight: px(110),
      calculable: false,
      text: [`${labels.high} ${number.format(max)}`, labels.low],
      textGap: px(8),
      textStyle: { color: COLORS.muted, fontFamily: TEXT_FONT, fontSize: px(13) },
      inRange: { color: [...RAMPS[input.palette]] },
    },
    geo: {
      map: input.mapName,
      nameProperty: 'id',
      roam: false,
      selectedMode: false,
      // A box rather than layoutSize (which is relative to the shorter side): the district is wide, so it then fills
      // a wide panel; ECharts keeps the aspect ratio inside the box. Left room for the legend.
      left: px(70),
      right: px(24),
      top: px(24),
      bottom: px(24),
      label: { show: false },
      itemStyle: { areaColor: COLORS.panel, borderColor: 'rgba(61, 224, 255, 0.35)', borderWidth: px(0.6) },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffe08a', borderColor: '#fff', borderWidth: px(1) } },
    },
    series: [
      { id: 'grid-cells', type: 'map', geoIndex: 0, data },
      {
        id: 'village-outlines',
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        silent: true,
        // Solid, no shadows: dashes and blurred shadows are the costliest strokes on a software-rendered canvas.
        lineStyle: { color: 'rgba(120, 210, 255, 0.45)', width: px(1) },
        data: input.villageLines,
      },
      {
        id: 'town-outlines',
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        silent: true,
        lineStyle: { color: COLORS.accent, width: px(2.4) },
        data: input.townLines,
      },
      {
        id: 'ripples',
        type: 'effectScatter',
        coordinateSystem: 'geo',
        zlevel: 1,
        silent: true,
        rippleEffect: { brushType: 'stroke', scale: 4, period: 3 },
        symbolSize: px(9),
        itemStyle: { color: COLORS.teal },
        data: [
          ...input.ripples.map((r) => ({ value: [r.lng, r.lat], itemStyle: { color: r.urgent ? COLORS.bad : COLORS.teal } })),
          ...(input.focus ? [{ value: [input.focus.lng, input.focus.lat], symbolSize: px(18), itemStyle: { color: COLORS.bad } }] : []),
        ],
      },
      // The focus outline and label are static: on the cells' layer, drawn once per redraw, not on every ripple frame.
      {
        id: 'focus-outline',
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        silent: true,
        lineStyle: { color: '#ffffff', width: px(3.5) },
        data: focusRings,
      },
      {
        id: 'focus-label',
        type: 'scatter',
        coordinateSystem: 'geo',
        silent: true,
        symbolSize: px(6),
        itemStyle: { color: '#ffffff' },
        label: {
          show: true,
          position: 'top',
          distance: px(14),
          formatter: '{b}',
          color: '#fff',
          fontSize: px(18),
          fontWeight: 700,
          fontFamily: TEXT_FONT,
          backgroundColor: 'rgba(120, 10, 20, 0.85)',
          borderColor: COLORS.bad,
          borderWidth: 1,
          padding: [px(6), px(10)],
        },
        data: input.focus ? [{ name: input.focus.label, value: [input.focus.lng, input.focus.lat] }] : [],
      },
    ],
  };
}
