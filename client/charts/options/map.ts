import type { GeoCollection } from '../../../shared/schemas/geo.js';
import type { WallChartOption } from '../echarts.js';
import { COLORS, HOUSEHOLD_RAMP, TEXT_FONT, TICKET_RAMP } from '../theme.js';

export interface MapOptionInput {
  /** The name the cells were registered under (registerGridMap). */
  mapName: string;
  /** What the values are, for the legend and the tooltip, e.g. 在办事项. */
  measureLabel: string;
  /** Ticket counts glow from navy to red; standing counts such as households use a calm blue ramp. */
  palette: 'tickets' | 'households';
  /** The wall's size relative to 1080p, for canvas text and legend sizes. */
  scale?: number;
}

interface TooltipParams {
  name: string;
  value?: unknown;
}

/** The district (or a town's) cells coloured by one number per cell. Pure: same input, same option. */
export function buildMapOption(geo: GeoCollection, valuesByCell: Record<string, number>, input: MapOptionInput): WallChartOption {
  const names = new Map(geo.features.map((f) => [f.id, f.properties.name]));
  const data = geo.features.map((f) => ({ name: f.id, value: valuesByCell[f.id] ?? 0 }));
  // A scale of 0..0 draws every cell in the top colour; keep at least 1 so an all-zero map stays dark.
  const max = Math.max(1, ...data.map((d) => d.value));
  const px = (n: number): number => Math.round(n * (input.scale ?? 1));
  const ramp = input.palette === 'tickets' ? TICKET_RAMP : HOUSEHOLD_RAMP;

  return {
    backgroundColor: 'transparent',
    textStyle: { fontFamily: TEXT_FONT },
    tooltip: {
      trigger: 'item',
      backgroundColor: 'rgba(4, 20, 40, 0.92)',
      borderColor: COLORS.accent,
      textStyle: { color: COLORS.text, fontFamily: TEXT_FONT, fontSize: px(14) },
      formatter: (params: unknown) => {
        const p = params as TooltipParams;
        const value = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : 0;
        return `${names.get(p.name) ?? p.name}<br/>${input.measureLabel}：${value.toLocaleString('zh-CN')}`;
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      left: '2%',
      bottom: '4%',
      itemWidth: px(14),
      itemHeight: px(120),
      calculable: false,
      text: ['高', '低'],
      textStyle: { color: COLORS.muted, fontFamily: TEXT_FONT, fontSize: px(13) },
      inRange: { color: ramp },
    },
    series: [
      {
        id: 'grid-cells',
        type: 'map',
        map: input.mapName,
        nameProperty: 'id',
        roam: false,
        selectedMode: false,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        label: { show: false },
        itemStyle: { areaColor: COLORS.panel, borderColor: 'rgba(61, 224, 255, 0.45)', borderWidth: 0.6 },
        emphasis: {
          label: { show: false },
          itemStyle: { areaColor: '#ffe08a', borderColor: '#fff', borderWidth: 1 },
        },
        data,
      },
    ],
  };
}
