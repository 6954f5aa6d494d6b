import { useEffect, useMemo } from 'react';
import { scopeLevelOf } from '../../shared/scope.js';
import { EChart } from '../charts/EChart.js';
import { buildBarsOption, type BarItem } from '../charts/options/bars.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { formatCount, formatRate } from '../format.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall, wallStore } from '../store/index.js';
import { RANKING_KPIS, type RankingKpi, type RankingRow } from '../store/ranking-slice.js';
import { TabList } from '../TabList.js';
import { Panel } from './Panel.js';

/** The ranking turns to the next KPI this often, so a wall nobody touches still shows them all. */
const RANKING_ROTATE_MS = 20_000;
const isRate = (kpi: RankingKpi) => kpi === 'onTimeRate' || kpi === 'satisfactionRate';

/** Sorted best first; a rate with nothing due sorts last. Pure. */
export function rankItems(rows: readonly RankingRow[], kpi: RankingKpi): BarItem[] {
  const value = (r: RankingRow) => (isRate(kpi) ? (r[kpi] === null ? null : Math.round((r[kpi] as number) * 1000) / 10) : r[kpi]);
  return rows
    .map((r) => ({ key: r.id, name: r.name, value: value(r) }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.key.localeCompare(b.key));
}

/** Towns of the district (or villages of a town) ranked by one KPI; the KPI tabs rotate by themselves. */
export function RankingPanel({ className }: { className?: string }) {
  const t = useMessages();
  const scale = useUiScale();
  const rows = useWall((s) => s.ranking);
  const kpi = useWall((s) => s.rankingKpi);
  const byTown = useWall((s) => scopeLevelOf(s.scope) === 'district');

  useEffect(() => {
    const timer = setInterval(() => {
      const { rankingKpi, setRankingKpi } = wallStore.getState();
      setRankingKpi(RANKING_KPIS[(RANKING_KPIS.indexOf(rankingKpi) + 1) % RANKING_KPIS.length]);
    }, RANKING_ROTATE_MS);
    return () => clearInterval(timer);
  }, []);

  const option = useMemo(() => {
    const items = rankItems(rows ?? [], kpi);
    const format = (v: number | null) => (isRate(kpi) ? (v === null ? formatRate(null) : `${v.toFixed(1)}%`) : formatCount(v, t.locale));
    return buildBarsOption({ items, format, scale, max: isRate(kpi) ? 100 : undefined, limit: 12 });
  }, [rows, kpi, t, scale]);

  const tabs = <TabList keys={RANKING_KPIS} selected={kpi} label={(k) => t.kpi[k]} onSelect={(k) => wallStore.getState().setRankingKpi(k)} look="wall" />;
  return (
    <Panel
      title={byTown ? t.panels.rankingTowns : t.panels.rankingVillages}
      testId="ranking"
      className={className}
      actions={tabs}
      // The children's tickets, for tests and monitoring: it moves as the pushed rows do.
      data={{ 'data-rows': rows?.length ?? 0, 'data-total': (rows ?? []).reduce((sum, r) => sum + r.total, 0) }}
    >
      <EChart option={option} label={t.kpi[kpi]} perfName="ranking" />
    </Panel>
  );
}
