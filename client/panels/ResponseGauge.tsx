import { useMemo } from 'react';
import { EChart } from '../charts/EChart.js';
import { buildGaugeOption } from '../charts/options/gauge.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { formatCount } from '../format.js';
import { useWall } from '../store/index.js';
import { Panel } from './Panel.js';

/** 响应率: tickets accepted within the response deadline / tickets whose response was due (DESIGN.md §2). */
export function ResponseGauge({ className }: { className?: string }) {
  const rate = useWall((s) => s.summary?.kpi.responseRate ?? null);
  const due = useWall((s) => s.summary?.kpi.responseDue ?? null);
  const inTime = useWall((s) => s.summary?.kpi.respondedInTime ?? null);
  const scale = useUiScale();
  const option = useMemo(() => buildGaugeOption(rate, '响应率', scale), [rate, scale]);

  return (
    <Panel
      title="响应率"
      testId="gauge-response-rate"
      className={className}
      note={<span title="按时受理 / 应响应">按时 {formatCount(inTime)} / 应响应 {formatCount(due)}</span>}
    >
      <EChart option={option} label="响应率仪表" />
    </Panel>
  );
}
