import { useMemo } from 'react';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { registerGridMap } from '../charts/echarts.js';
import { buildBarsOption } from '../charts/options/bars.js';
import { buildTierOption } from '../charts/options/tiers.js';
import { COLORS, TIER_COLORS } from '../charts/theme.js';
import { formatCount } from '../format.js';
import { buildDailyOption } from './daily-option.js';
import { printMapOption, type PrintMapGeo } from './map-option.js';
import { PrintChart } from './PrintChart.js';

/** The tiers as the centre names them, with who handles each (shared/constants.ts TIERS; handling-unit.ts). */
export const TIER_TITLES: Record<1 | 2 | 3, string> = { 1: '一级（区级部门）', 2: '二级（街道）', 3: '三级（村社区）' };
/** The ring's legend keeps to the short names: the long ones would run over the ring at print width. */
const TIER_SHORT: Record<1 | 2 | 3, string> = { 1: '一级', 2: '二级', 3: '三级' };
const CHILD_TITLES: Record<MonthlyBreakdown['childLevel'], string> = { town: '街道', village: '村（社区）', grid: '网格' };
/** How many of the most overdue children are named beside the map. */
const MOST_OVERDUE = 5;
const count = (v: number | null) => formatCount(v, 'zh-CN');

/** 每日受理与办结: the month's days. */
export function DailySection({ breakdown }: { breakdown: MonthlyBreakdown }) {
  const option = useMemo(() => buildDailyOption(breakdown.daily, { filed: '受理', closed: '办结' }), [breakdown]);
  const busiest = breakdown.daily.reduce<MonthlyBreakdown['daily'][number] | null>((best, d) => (best === null || d.filed > best.filed ? d : best), null);
  return (
    <section className="pblock" data-testid="print-daily">
      <h2>每日受理与办结</h2>
      <PrintChart option={option} height={170} />
      {busiest && busiest.filed > 0 && <p className="pnote">受理最多的一天：{busiest.day}，{busiest.filed} 件</p>}
    </section>
  );
}

/** 类别分布 and 分级处置 side by side: what was filed, and which tier handles it. */
export function CategoryTierSection({ breakdown }: { breakdown: MonthlyBreakdown }) {
  const bars = useMemo(() => buildBarsOption({
    items: breakdown.categories.map((c) => ({ key: c.code, name: c.name, value: c.filed, color: c.tier === null ? COLORS.muted : TIER_COLORS[c.tier as 1 | 2 | 3] })),
    format: count, scale: 0.8,
  }), [breakdown]);
  const ring = useMemo(() => buildTierOption({
    byTier: Object.fromEntries(breakdown.tiers.map((t) => [String(t.tier), t.filed])), labels: TIER_SHORT, centerLabel: '本月受理', locale: 'zh-CN', scale: 0.8,
  }), [breakdown]);
  const top = breakdown.categories[0];
  // Nothing filed (a month just begun): a ring of zeros would draw three equal slices, so the charts give way to a line.
  const none = <p className="pnote">本月尚无受理。</p>;
  return (
    <section className="pblock ptwo">
      <div data-testid="print-categories">
        <h2>类别分布</h2>
        {top ? <PrintChart option={bars} height={Math.max(110, breakdown.categories.length * 20 + 16)} /> : none}
        {top && <p className="pnote">受理最多的类别：{top.name} {top.filed} 件</p>}
      </div>
      <div data-testid="print-tiers">
        <h2>分级处置</h2>
        {top ? <PrintChart option={ring} height={150} /> : none}
        <p className="pnote">
          {breakdown.tiers.map((t) => `${TIER_TITLES[t.tier]} ${t.filed} 件`).join('，')}；其中升级处置 {breakdown.escalated} 件
        </p>
      </div>
    </section>
  );
}

/** 超期分布: the scope's children shaded by 超期 in the month (the wall's map and ramp), the most overdue named. */
export function OverdueMapSection({ breakdown, geo }: { breakdown: MonthlyBreakdown; geo: PrintMapGeo }) {
  const option = useMemo(
    () => printMapOption(breakdown, geo, (cells: GeoCollection) => registerGridMap(`print:${breakdown.scope.id}`, cells)),
    [breakdown, geo],
  );
  const worst = [...breakdown.children].filter((c) => c.overdue > 0).sort((a, b) => b.overdue - a.overdue || a.id.localeCompare(b.id)).slice(0, MOST_OVERDUE);
  return (
    <section className="pblock pmap" data-testid="print-map">
      <h2>超期分布 · 按{CHILD_TITLES[breakdown.childLevel]}</h2>
      <div className="pmaprow">
        {option ? <PrintChart option={option} height={260} /> : <p className="pnote">没有{CHILD_TITLES[breakdown.childLevel]}的边界数据，无法绘制地图。</p>}
        <div className="plist">
          <h3>超期最多</h3>
          {worst.length === 0 ? <p>本月无超期</p> : (
            <ol>
              {worst.map((c) => <li key={c.id}>{c.name} {c.overdue} 件</li>)}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
