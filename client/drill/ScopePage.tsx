import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { useCallback } from 'react';
import { Breadcrumbs } from './Breadcrumbs.js';
import { ChildRanking } from './ChildRanking.js';
import { DrillPanel } from './DrillPanel.js';
import { KpiStrip } from './KpiStrip.js';
import { LiveBadge } from './LiveBadge.js';
import { Loading } from './Notice.js';
import { ScopeMap } from './ScopeMap.js';
import { TrendChart } from './TrendChart.js';
import { useScopeNames } from './geo-cache.js';
import { useScopeLive } from './live/use-scope-live.js';
import { navigate, scopePath } from './router.js';
import { childOfCell } from '../../shared/scope.js';

/**
 * The district, a town or a village: its map, KPIs, trends and children ranked, all from the scope's room (snapshot,
 * then deltas): no HTTP request for its numbers. While the link is down the badge says so and the last values stay.
 */
export function ScopePage({ scope, level }: { scope: string; level: 'district' | 'town' | 'village' }) {
  const t = useDrillMessages();
  const names = useScopeNames();
  const live = useScopeLive(scope);
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
            <ScopeMap scope={scope} measures={live.cells} onPickCell={onPickCell} />
          </DrillPanel>
          <DrillPanel title={t.panels.children} testId="children">
            {live.children ? <ChildRanking items={live.children} /> : <Loading />}
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
