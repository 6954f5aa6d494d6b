import type { WallChartOption } from '../charts/echarts.js';
import { EChart } from '../charts/EChart.js';
import { useMessages } from '../i18n/use-messages.js';
import { Panel } from './Panel.js';

/** The tiles that are one chart and nothing else: their name is their title's key, test id and perf name. */
export type ChartPanelName = 'tiers' | 'channels' | 'categories' | 'trend';

/** A wall tile holding one chart, titled from the catalogue. */
export function ChartPanel({ name, option, className }: { name: ChartPanelName; option: WallChartOption; className?: string }) {
  const t = useMessages();
  return (
    <Panel title={t.panels[name]} testId={name} className={className}>
      <EChart option={option} label={t.panels[name]} perfName={name} />
    </Panel>
  );
}
