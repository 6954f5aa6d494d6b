import { useEffect, useState } from 'react';
import { monthBounds } from '../../shared/report-month.js';
import { scopeLevelOf } from '../../shared/scope.js';
import type { KpiReport, ReportBy, ReportRow } from '../../shared/schemas/report.js';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { fetchGeo } from '../api/geo.js';
import { fetchMonthlyBreakdown } from '../api/report-monthly.js';
import { fetchKpi } from '../api/reports.js';
import type { WallChartOption } from '../charts/echarts.js';
import { buildBarsOption } from '../charts/options/bars.js';
import { formatRate, NO_VALUE } from '../format.js';
import { CategoryTierSection, DailySection, OverdueMapSection } from './Breakdown.js';
import { geoLevelsOf, type PrintMapGeo } from './map-option.js';
import { PrintChart } from './PrintChart.js';
import './print.css';

const GROUP_TITLES: Record<ReportBy, string> = { town: '街道', village: '村（社区）', unit: '承办单位' };
const num = (v: number | null, digits = 1) => (v === null ? NO_VALUE : v.toFixed(digits));

type Ready = { kind: 'ready'; reports: Partial<Record<ReportBy, KpiReport>>; breakdown: MonthlyBreakdown; geo: PrintMapGeo };
type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | Ready;

/** The month's breakdown, then the map's geometry at the levels it needs (the children's and the scope's own). */
async function loadBreakdown(scope: string | null, month: string, signal: AbortSignal): Promise<Pick<Ready, 'breakdown' | 'geo'>> {
  const breakdown = await fetchMonthlyBreakdown({ scope, month }, signal);
  const levels = geoLevelsOf(breakdown.childLevel);
  const [children, outline] = await Promise.all([fetchGeo(levels.children, signal), levels.outline ? fetchGeo(levels.outline, signal) : null]);
  return { breakdown, geo: { children, outline } };
}

/** The groupings a scope's report ranks: a town or a village has one town, so no town table. */
const groupingsOf = (scope: string | null): ReportBy[] => (scope === null || scopeLevelOf(scope) === 'district' ? ['town', 'village', 'unit'] : ['village', 'unit']);

/**
 * The monthly report laid out for A4, what the server prints to PDF: headline indicators, the daily trend, the
 * category and tier breakdowns, the map of 超期, the scores as bars, the tables by town, village and unit, and the
 * 红黑榜. It reads GET /api/reports/kpi, GET /api/reports/monthly and the map's geometry with the session it is opened
 * with, and sets data-print-ready once the data, the charts and the fonts are in (or data-print-error if not).
 */
export function MonthlyReport({ scope, month }: { scope: string | null; month: string }) {
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  const [fontsIn, setFontsIn] = useState(false);

  useEffect(() => {
    const bounds = monthBounds(month);
    if (!bounds) {
      setState({ kind: 'error', message: `month must be YYYY-MM, not "${month}"` });
      return;
    }
    const controller = new AbortController();
    const bys = groupingsOf(scope);
    Promise.all([Promise.all(bys.map((by) => fetchKpi({ scope, ...bounds, by }, controller.signal))), loadBreakdown(scope, month, controller.signal)]).then(
      ([list, more]) => setState({ kind: 'ready', reports: Object.fromEntries(bys.map((by, i) => [by, list[i]])), ...more }),
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => controller.abort();
  }, [scope, month]);

  // The fonts are waited for after the text is on the page: only then has the browser asked for every face it needs.
  useEffect(() => {
    if (state.kind !== 'ready') return;
    let live = true;
    void document.fonts.ready.then(() => live && setFontsIn(true));
    return () => {
      live = false;
    };
  }, [state]);

  if (state.kind === 'loading') return <div className="print" />;
  if (state.kind === 'error') return <div className="print" data-print-ready="" data-print-error={state.message}>{state.message}</div>;
  const reports = state.reports;
  const first = (reports.town ?? reports.village ?? reports.unit)!;
  const chartBy: ReportBy = reports.town ? 'town' : 'village';
  return (
    <div className="print" {...(fontsIn ? { 'data-print-ready': '' } : {})} data-testid="print-monthly">
      <header className="phead">
        <h1>{first.scope.name} 考核月报</h1>
        <p>
          统计周期 {first.from.slice(0, 10)} 至 {first.to.slice(0, 10)}（不含），数据截至 {first.asOf.replace('T', ' ').slice(0, 16)}
        </p>
      </header>
      <Headline report={first} />
      <DailySection breakdown={state.breakdown} />
      <CategoryTierSection breakdown={state.breakdown} />
      <OverdueMapSection breakdown={state.breakdown} geo={state.geo} />
      <section className="pblock">
        <h2>{GROUP_TITLES[chartBy]}综合得分</h2>
        <PrintChart option={scoreBars(reports[chartBy]!.rows)} height={Math.max(120, reports[chartBy]!.rows.length * 18 + 20)} />
      </section>
      {(['town', 'village', 'unit'] as const).map((by) => reports[by] && <Ranking key={by} by={by} report={reports[by]} />)}
      {(['town', 'village', 'unit'] as const).map((by) => reports[by] && <RedBlack key={`rb-${by}`} by={by} report={reports[by]} />)}
      <p className="pweights">
        权重：及时签收率 {first.weights.acceptedOnTimeRate}，按期办结率 {first.weights.closedOnTimeRate}，满意率 {first.weights.satisfactionRate}，回退率{' '}
        {first.weights.returnRate}，重办率 {first.weights.reworkRate}；受理量不少于 {first.minFiledToRank} 件方参与排名。
      </p>
    </div>
  );
}

function scoreBars(rows: ReportRow[]): WallChartOption {
  const items = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).map((r) => ({ key: r.id, name: r.name, value: r.score }));
  return { ...buildBarsOption({ items, format: (v) => num(v), max: 100, limit: 40 }), animation: false };
}

function Headline({ report }: { report: KpiReport }) {
  const t = report.totals;
  const figures: [string, string, string][] = [
    ['filed', '受理量', String(t.filed)],
    ['acceptedOnTimeRate', '及时签收率', formatRate(t.acceptedOnTimeRate)],
    ['closedOnTimeRate', '按期办结率', formatRate(t.closedOnTimeRate)],
    ['overdue', '超期', String(t.overdue)],
    ['returnRate', '回退率', formatRate(t.returnRate)],
    ['reworkRate', '重办率', formatRate(t.reworkRate)],
    ['satisfactionRate', '满意率', formatRate(t.satisfactionRate)],
    ['avgCloseHours', '平均办结时长（小时）', num(t.avgCloseHours)],
    ['score', '综合得分', num(t.score)],
  ];
  return (
    <ul className="pkpis">
      {figures.map(([id, label, value]) => (
        <li key={id} data-testid={`print-kpi-${id}`}>
          <span>{label}</span>
          <b>{value}</b>
        </li>
      ))}
    </ul>
  );
}

function Ranking({ by, report }: { by: ReportBy; report: KpiReport }) {
  const rows = [...report.rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.id.localeCompare(b.id));
  return (
    <section className="pblock">
      <h2>按{GROUP_TITLES[by]}</h2>
      <table className="ptable">
        <thead>
          <tr>
            <th>编号</th><th>名称</th><th>受理量</th><th>及时签收率</th><th>按期办结率</th><th>超期</th><th>回退率</th><th>重办率</th><th>满意率</th><th>平均办结时长</th><th>综合得分</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td><td>{r.name}</td><td>{r.filed}</td><td>{formatRate(r.acceptedOnTimeRate)}</td><td>{formatRate(r.closedOnTimeRate)}</td>
              <td>{r.overdue}</td><td>{formatRate(r.returnRate)}</td><td>{formatRate(r.reworkRate)}</td><td>{formatRate(r.satisfactionRate)}</td>
              <td>{num(r.avgCloseHours)}</td><td>{num(r.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RedBlack({ by, report }: { by: ReportBy; report: KpiReport }) {
  const byId = new Map(report.rows.map((r) => [r.id, r]));
  const list = (title: string, ids: string[]) => (
    <div className="plist">
      <h3>{title}</h3>
      {ids.length === 0 ? <p>{NO_VALUE}</p> : (
        <ol>
          {ids.map((id) => (
            <li key={id}>{byId.get(id)?.name ?? id} {num(byId.get(id)?.score ?? null)}</li>
          ))}
        </ol>
      )}
    </div>
  );
  return (
    <section className="pblock prb">
      <h2>红黑榜 · {GROUP_TITLES[by]}</h2>
      {list('红榜', report.red)}
      {list('黑榜', report.black)}
    </section>
  );
}
