import { useMemo } from 'react';
import { CHANNELS } from '../../shared/constants.js';
import { buildBarsOption, type BarItem } from '../charts/options/bars.js';
import { buildTierOption } from '../charts/options/tiers.js';
import { TIER_COLORS } from '../charts/theme.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { formatCount } from '../format.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { ChartPanel, SLOW_CHART_INTERVAL_MS } from './ChartPanel.js';

const EMPTY: Record<string, number> = {};
/** The categories panel shows the most frequent few. */
export const TOP_CATEGORIES = 7;

/** 一级/二级/三级 tickets this year, as a ring. */
export function TierPanel({ className }: { className?: string }) {
  const t = useMessages();
  const scale = useUiScale();
  const byTier = useWall((s) => s.summary?.tickets.byTier ?? EMPTY);
  const option = useMemo(
    () => buildTierOption({ byTier, labels: t.tiers, centerLabel: t.counters.year, locale: t.locale, scale }),
    [byTier, t, scale],
  );
  return <ChartPanel name="tiers" option={option} className={className} minIntervalMs={SLOW_CHART_INTERVAL_MS} />;
}

/** Where tickets come from: the mini program, central households, officers, the 12345 hotline, … */
export function ChannelPanel({ className }: { className?: string }) {
  const t = useMessages();
  const scale = useUiScale();
  const byChannel = useWall((s) => s.summary?.tickets.byChannel ?? EMPTY);
  const option = useMemo(() => {
    const items: BarItem[] = CHANNELS.map((c) => ({ key: c, name: t.channels[c], value: byChannel[c] ?? 0 })).sort(
      (a, b) => (b.value ?? 0) - (a.value ?? 0),
    );
    return buildBarsOption({ items, format: (v) => formatCount(v, t.locale), scale });
  }, [byChannel, t, scale]);
  return <ChartPanel name="channels" option={option} className={className} minIntervalMs={SLOW_CHART_INTERVAL_MS} />;
}

/** The most frequent categories this year, coloured by their tier. */
export function CategoryPanel({ className }: { className?: string }) {
  const t = useMessages();
  const lang = useLang();
  const scale = useUiScale();
  const byCategory = useWall((s) => s.summary?.tickets.byCategory ?? EMPTY);
  const categories = useWall((s) => s.categories);
  const option = useMemo(() => {
    const items: BarItem[] = Object.entries(byCategory)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_CATEGORIES)
      .map(([code, value]) => ({
        key: code,
        name: categoryName(categories?.[code], code, lang),
        value,
        color: TIER_COLORS[categories?.[code]?.tier ?? 3],
      }));
    return buildBarsOption({ items, format: (v) => formatCount(v, t.locale), scale });
  }, [byCategory, categories, lang, t, scale]);
  return <ChartPanel name="categories" option={option} className={className} minIntervalMs={SLOW_CHART_INTERVAL_MS} />;
}
