import { useMemo } from 'react';
import { TIME_ZONE } from '../../shared/constants.js';
import type { Series } from '../../shared/schemas/summary.js';
import { buildTrendOption } from '../charts/options/trend.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { ChartPanel } from './ChartPanel.js';

const NO_SERIES: Series = { hourly: [], daily: [] };

/** Reported and closed per hour over the last 24 h and per day over the last 30 days of the clock. */
export function TrendPanel({ className }: { className?: string }) {
  const t = useMessages();
  const scale = useUiScale();
  const series = useWall((s) => s.summary?.series ?? NO_SERIES);
  const option = useMemo(
    () => buildTrendOption({ hourly: series.hourly, daily: series.daily, labels: t.trend, timeZone: TIME_ZONE, locale: t.locale, scale }),
    [series, t, scale],
  );
  return <ChartPanel name="trend" option={option} className={className} />;
}
