import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EChart } from '../charts/EChart.js';
import { buildGaugeOption } from '../charts/options/gauge.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { formatCount } from '../format.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { Panel } from './Panel.js';
import { SuperviseStrip } from './SuperviseStrip.js';

interface GaugeProps {
  testId: string;
  rate: number | null;
  label: string;
  /** Numerator and denominator, shown under the arc; the formula is the hover help. */
  num: number | null;
  den: number | null;
  formula: string;
  locale: string;
}

function Gauge({ testId, rate, label, num, den, formula, locale }: GaugeProps) {
  const scale = useUiScale();
  const option = useMemo(() => buildGaugeOption(rate, label, scale), [rate, label, scale]);
  return (
    <div className="gauge" data-testid={testId} title={formula}>
      <div className="gauge-chart">
        <EChart option={option} label={label} perfName="gauge" />
      </div>
      <div className="gauge-ratio">
        {formatCount(num, locale)} / {formatCount(den, locale)}
        <span className="help" aria-label={formula}>
          ?
        </span>
      </div>
    </div>
  );
}

/** 响应率, 按期办结率, 满意率, each with its formula as help and its counts under the arc; the 督办 counts in the title bar. */
export function KpiGauges({ className }: { className?: string }) {
  const t = useMessages();
  const k = useWall(
    useShallow((s) => {
      const kpi = s.summary?.kpi;
      return {
        responseRate: kpi?.responseRate ?? null,
        respondedInTime: kpi?.respondedInTime ?? null,
        responseDue: kpi?.responseDue ?? null,
        onTimeRate: kpi?.onTimeRate ?? null,
        closedOnTime: kpi?.closedOnTime ?? null,
        closed: kpi?.closed ?? null,
        satisfactionRate: kpi?.satisfactionRate ?? null,
        satisfied: kpi?.satisfied ?? null,
        evaluated: kpi?.evaluated ?? null,
      };
    }),
  );
  return (
    <Panel title={t.panels.kpi} testId="kpi-gauges" className={className} note={<SuperviseStrip />}>
      <div className="gauges">
        <Gauge testId="gauge-response-rate" rate={k.responseRate} label={t.kpi.responseRate} num={k.respondedInTime} den={k.responseDue} formula={t.gauges.responseFormula} locale={t.locale} />
        <Gauge testId="gauge-on-time" rate={k.onTimeRate} label={t.kpi.onTimeRate} num={k.closedOnTime} den={k.closed} formula={t.gauges.onTimeFormula} locale={t.locale} />
        <Gauge testId="gauge-satisfaction" rate={k.satisfactionRate} label={t.kpi.satisfactionRate} num={k.satisfied} den={k.evaluated} formula={t.gauges.satisfactionFormula} locale={t.locale} />
      </div>
    </Panel>
  );
}
