import { useCallback } from 'react';
import { fetchCellMeasures } from '../api/cell-measures.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { ChildRanking } from './ChildRanking.js';
import { DrillPanel } from './DrillPanel.js';
import { KpiStrip } from './KpiStrip.js';
import { LiveBadge } from './LiveBadge.js';
import { ErrorNotice, Loading } from './Notice.js';
import { ScopeMap } from './ScopeMap.js';
import { TrendChart } from './TrendChart.js';
import { fetchChildren } from '../api/drill.js';
import { useScopeNames } from './geo-cache.js';
import { useScopeLive } from './live/use-scope-live.js';
import { navigate, scopePath } from './router.js';
import { childOfCell } from './scope-nav.js';
import { useT } from './session-store.js';
import { useApi } from './use-api.js';
import { useThrottled } from './use-throttled.js';

const LIVE_REFETCH_MS = 3_000;

/** The district, a town or a village: its map, KPIs, trends and children ranked, live through the scope's room. */
export function ScopePage({ scope, level }: { scope: string; level: 'district' | 'town' | 'village' }) {
  const t = useT();
  const names = useScopeNames();
  const children = useApi((signal) => fetchChildren(scope, signal), [scope]);
  const measures = useApi((signal) => fetchCellMeasures(signal), [scope]);
  const { reload: reloadChildren } = children;
  const { reload: reloadMeasures } = measures;
  const refetch = useThrottled(() => {
    reloadChildren();
    reloadMeasures();
  }, LIVE_REFETCH_MS);
  const live = useScopeLive(scope, refetch);
  const summary = live.summary;
  const onPickCell = useCallback(
    (cellId: string) => {
      const child = childOfCell(scope, cellId);
      if (child) navigate(scopePath(child));
    },
    [scope],
  );

  return (
    <div className="dpage dpage-scope" data-testid="scope-page" data-scope={scope} data-level={level}>
      <div className="dpage-head">
        <Breadcrumbs scope={scope} names={names} />
        <span className="dpage-level">{t.scope[level]}</span>
        <LiveBadge status={live.status} malformed={live.malformed} />
      </div>
      <div className="dscope-grid">
        <div className="dscope-main">
          <DrillPanel title={t.panels.map} className="dscope-map" tools={<span className="dhint">{t.mapHint}</span>}>
            <ScopeMap scope={scope} measures={measures.data} onPickCell={onPickCell} />
          </DrillPanel>
          <DrillPanel title={t.panels.children} testId="children">
            {children.data ? (
              <ChildRanking items={children.data.children} />
            ) : children.error ? (
              <ErrorNotice error={children.error} onRetry={children.reload} />
            ) : (
              <Loading />
            )}
          </DrillPanel>
        </div>
        <div className="dscope-side">
          <DrillPanel title={t.panels.kpi}>{summary ? <KpiStrip summary={summary} /> : <Loading />}</DrillPanel>
          <DrillPanel title={t.panels.trend}>{summary ? <TrendChart series={summary.series} /> : <Loading />}</DrillPanel>
        </div>
      </div>
    </div>
  );
}
