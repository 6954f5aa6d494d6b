import type { ReactNode } from 'react';
import { useMessages } from '../i18n/use-messages.js';
import { AboutBox } from '../panels/AboutBox.js';
import { CategoryPanel, ChannelPanel, TierPanel } from '../panels/DistributionPanels.js';
import { HeadlineCounters } from '../panels/HeadlineCounters.js';
import { KpiGauges } from '../panels/KpiGauges.js';
import { MapPanel } from '../panels/MapPanel.js';
import { ModulesPanel } from '../panels/ModulesPanel.js';
import { PanelBoundary } from '../panels/PanelBoundary.js';
import { RankingPanel } from '../panels/RankingPanel.js';
import { ReplayControls } from '../panels/ReplayControls.js';
import { ReplayWatermark } from '../panels/ReplayWatermark.js';
import { StaleBanner } from '../panels/StaleBanner.js';
import { TicketBoard } from '../panels/TicketBoard.js';
import { TrendPanel } from '../panels/TrendPanel.js';
import { WallHeader } from '../panels/WallHeader.js';
import { RotationHint } from '../rotation/RotationHint.js';
import { useWall } from '../store/index.js';

/** Each tile in its grid area, behind its own error boundary: one broken panel never takes the wall down. */
function Tile({ area, name, children }: { area: string; name: string; children: (className: string) => ReactNode }) {
  const className = `area-${area}`;
  return (
    <PanelBoundary name={name} className={className}>
      {children(className)}
    </PanelBoundary>
  );
}

/**
 * The wall at '/' (or '/?scope=<town>'). The frame is always drawn, dark, even before any data: a wall that flashes
 * white or blank in a command centre looks broken. Without data it says 连接中…; when the link drops the last values
 * stay, with a banner that says for how long they have been stale.
 */
export function Wall() {
  const t = useMessages();
  const hasData = useWall((s) => s.summary !== null);
  const status = useWall((s) => s.status);
  const mode = useWall((s) => s.mode);
  const lastError = useWall((s) => s.lastError);
  // Live mode before any world is imported: an empty map would look broken, so say what to do instead.
  const noWorld = useWall((s) => s.mode === 'live' && s.worldCells === 0);

  return (
    <div className="wall" data-testid="wall" data-status={status}>
      <WallHeader />
      <StaleBanner />
      <main className="wall-grid">
        <Tile area="counters" name="counters">{(c) => <HeadlineCounters className={c} />}</Tile>
        <Tile area="kpi" name="gauges">{(c) => <KpiGauges className={c} />}</Tile>
        <Tile area="tiers" name="tiers">{(c) => <TierPanel className={c} />}</Tile>
        <Tile area="channels" name="channels">{(c) => <ChannelPanel className={c} />}</Tile>
        <Tile area="categories" name="categories">{(c) => <CategoryPanel className={c} />}</Tile>
        <Tile area="map" name="map">{(c) => <MapPanel className={c} />}</Tile>
        <Tile area="trend" name="trend">{(c) => <TrendPanel className={c} />}</Tile>
        <Tile area="modules" name="modules">{(c) => <ModulesPanel className={c} />}</Tile>
        <Tile area="board" name="board">{(c) => <TicketBoard className={c} />}</Tile>
        <Tile area="ranking" name="ranking">{(c) => <RankingPanel className={c} />}</Tile>
        {/* In the map's grid area, over the map's empty corner: unmissable, yet never over numbers. */}
        <ReplayWatermark />
      </main>
      <footer className="wall-footer">
        {t.footer}
        {mode === 'demo' && ` · ${t.footerDemo}`}
      </footer>
      {noWorld && (
        <div className="wall-notice" role="status" data-testid="no-world">
          {t.noWorld.title}
          <small className="wall-notice-detail">{t.noWorld.how}</small>
        </div>
      )}
      {!hasData && !noWorld && (
        <div className="wall-notice" role="status">
          <span className="wall-notice-ring" aria-hidden />
          {t.connectingNotice}
          {/* Say why, so a misconfigured wall (an unknown ?scope=) can be fixed from the room. */}
          {lastError && <small className="wall-notice-detail">{lastError}</small>}
        </div>
      )}
      <RotationHint />
      <ReplayControls />
      <AboutBox />
    </div>
  );
}
