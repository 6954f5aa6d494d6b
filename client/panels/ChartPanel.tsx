import type { WallChartOption } from '../charts/echarts.js';
import { EChart } from '../charts/EChart.js';
import { useMessages } from '../i18n/use-messages.js';
import { Panel } from './Panel.js';

/** The tiles that are one chart and nothing else: their name is their title's key, test id and perf name. */
export type ChartPanelName = 'tiers' | 'channels' | 'categories' | 'trend';

/**
 * The year's totals by tier, channel and category move by one ticket now and then: redrawn every 2 s rather than every
 * second, they leave the frames to the charts that do move, and on a busy machine to the rest of its work.
 */
export const SLOW_CHART_INTERVAL_MS = 2_000;

/** A wall tile holding one chart, titled from the catalogue. */
export function ChartPanel({ name, option, className, minIntervalMs }: { name: ChartPanelName; option: WallChartOption; className?: string; minIntervalMs?: number }) {
  const t = useMessages();
  return (
    <Panel title={t.panels[name]} testId={name} className={className}>
      <EChart option={option} label={t.panels[name]} perfName={name} minIntervalMs={minIntervalMs} />
    </Panel>
  );
}
