import { useMemo } from 'react';
import { TIME_ZONE } from '../../shared/constants.js';
import type { Series } from '../../shared/schemas/summary.js';
import { EChart } from '../charts/EChart.js';
import { buildTrendOption } from '../charts/options/trend.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';

/** Reported and closed tickets over 24 hours and 30 days: the wall's trend chart for this scope. */
export function TrendChart({ series }: { series: Series }) {
  const t = useDrillMessages();
  const option = useMemo(
    () => buildTrendOption({ hourly: series.hourly, daily: series.daily, labels: t.trend, timeZone: TIME_ZONE, locale: t.locale }),
    [series, t],
  );
  return (
    <div className="dtrend" data-testid="drill-trend">
      <EChart option={option} label={t.panels.trend} />
    </div>
  );
}
