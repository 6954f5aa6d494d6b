import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TicketUpsert } from '../../shared/events.js';
import { contains, parentOf } from '../../shared/scope.js';
import { fetchCellMeasures } from '../api/cell-measures.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { DrillPanel } from './DrillPanel.js';
import { GridPeople } from './GridPeople.js';
import { KpiStrip } from './KpiStrip.js';
import { LiveBadge } from './LiveBadge.js';
import { ModuleNumbers } from './ModuleNumbers.js';
import { ErrorNotice, Loading } from './Notice.js';
import { ScopeMap } from './ScopeMap.js';
import { TicketList } from './TicketList.js';
import { TrendChart } from './TrendChart.js';
import { fetchGridPage } from '../api/drill.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { useScopeNames } from './geo-cache.js';
import { addLive, type LiveTickets } from './live-tickets.js';
import { useScopeLive } from './live/use-scope-live.js';
import { navigate, scopePath } from './router.js';
import { useApi } from './use-api.js';

/**
 * One grid cell: KPIs, tickets, the people who look after it (masked) and its 人车房物, live through its room. What
 * HTTP brings when the page opens (the cell's page, its village's map counts, the first ticket page) the socket then
 * keeps current: once the room is joined (and the first ticket page read once more), no request while the link is up.
 */
export function GridCellPage({ scope }: { scope: string }) {
  const t = useDrillMessages();
  const names = useScopeNames();
  const page = useApi((signal) => fetchGridPage(scope, signal), [scope]);
  // The neighbours' counts as the page opened (the cell's room carries only its own cell, overlaid below).
  const measures = useApi((signal) => fetchCellMeasures(signal), [scope]);
  const [liveTickets, setLiveTickets] = useState<{ scope: string; tickets: LiveTickets }>({ scope, tickets: new Map() });
  const [missed, setMissed] = useState(0);
  const onTickets = useCallback(({ scope: room, tickets, dropped }: TicketUpsert) => {
    setLiveTickets((prev) => ({ scope: room, tickets: addLive(prev.scope === room ? prev.tickets : new Map(), tickets) }));
    // The server left some changes out of a busy window: the list may miss them, so it refreshes (or offers to).
    if (dropped > 0) setMissed((n) => n + 1);
  }, []);
  const live = useScopeLive(page.data ? scope : null, onTickets);
  // Every join of the cell's room reads the list's first page again. The list is read over HTTP as the page opens and
  // the room joined a moment later (seconds on a busy phone): a ticket filed in between is in neither, and nothing would
  // ever push it. Back online after a drop, the changes made meanwhile were never pushed either.
  const joined = useRef(false);
  useEffect(() => {
    if (live.status !== 'online') joined.current = false;
    else if (!joined.current) {
      joined.current = true;
      setMissed((n) => n + 1);
    }
  }, [live.status]);
  const mapMeasures = useMemo(
    () => (live.cells && measures.data ? { ...measures.data, ...live.cells } : (live.cells ?? measures.data)),
    [live.cells, measures.data],
  );
  const pickSibling = useCallback((cellId: string) => {
    if (cellId !== scope && contains(parentOf(scope) ?? scope, cellId)) navigate(scopePath(cellId));
  }, [scope]);
  const focus = useMemo(() => ({ cellId: scope, label: page.data?.place.gridName ?? scope }), [scope, page.data]);

  if (page.error) return <ErrorNotice error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading />;
  const { place } = page.data;
  // The socket's summary once it is there: the page's own copy is as old as the page.
  const summary = live.summary ?? page.data.summary;
  const crumbNames = new Map(names);
  crumbNames.set(place.townCode, place.townName).set(place.villageCode, place.villageName).set(place.gridId, place.gridName);

  return (
    <div className="dpage dpage-grid" data-testid="grid-page" data-scope={scope}>
      <div className="dpage-head">
        <Breadcrumbs scope={scope} names={crumbNames} />
        <span className="dpage-level">
          {t.scope.grid} · {place.households} {t.households}
        </span>
        <LiveBadge status={live.status} malformed={live.malformed} />
      </div>
      <div className="dgrid-top">
        <DrillPanel title={t.panels.map} className="dgrid-map">
          <ScopeMap scope={place.villageCode} measures={mapMeasures} onPickCell={pickSibling} focus={focus} />
        </DrillPanel>
        <div className="dscope-side">
          <DrillPanel title={t.panels.kpi}>
            <KpiStrip summary={summary} />
          </DrillPanel>
          <DrillPanel title={t.panels.trend}>
            <TrendChart series={summary.series} />
          </DrillPanel>
        </div>
      </div>
      <DrillPanel title={t.panels.tickets} testId="grid-tickets">
        <TicketList scope={scope} refreshKey={missed} now={summary.clock} live={liveTickets.scope === scope ? liveTickets.tickets : undefined} />
      </DrillPanel>
      <div className="dgrid-bottom">
        <DrillPanel title={t.panels.people}>
          <GridPeople page={page.data} />
        </DrillPanel>
        <DrillPanel title={t.panels.modules}>
          <ModuleNumbers modules={summary.modules} />
        </DrillPanel>
      </div>
    </div>
  );
}
