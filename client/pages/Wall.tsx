import { HeadlineNumbers } from '../panels/HeadlineNumbers.js';
import { MapPanel } from '../panels/MapPanel.js';
import { ResponseGauge } from '../panels/ResponseGauge.js';
import { WallHeader } from '../panels/WallHeader.js';
import { formatClock } from '../format.js';
import { useWall } from '../store/index.js';

/**
 * The wall at '/'. The frame is always drawn, dark, even before any data: a wall that flashes white or blank in a
 * command centre looks broken. Without data it says 连接中…; when the link drops the last values stay with a banner.
 */
export function Wall() {
  const hasData = useWall((s) => s.summary !== null);
  const status = useWall((s) => s.status);
  const lastDataAt = useWall((s) => s.lastDataAt);
  const mode = useWall((s) => s.mode);
  const lastError = useWall((s) => s.lastError);

  return (
    <div className="wall" data-testid="wall" data-status={status}>
      <WallHeader />
      {status === 'offline' && hasData && (
        <div className="wall-banner" role="alert">
          连接已中断，正在重连… 当前显示 {formatClock(lastDataAt).time} 收到的数据
        </div>
      )}
      <main className="wall-grid">
        <div className="wall-col left">
          <HeadlineNumbers className="tile-headlines" />
        </div>
        <MapPanel className="tile-map" />
        <div className="wall-col right">
          <ResponseGauge className="tile-gauge" />
        </div>
      </main>
      <footer className="wall-footer">
        网格边界为示意，街道、村（社区）名称与代码为真实数据
        {mode === 'demo' && ' · 演示数据：回放 2023 年'}
      </footer>
      {!hasData && (
        <div className="wall-notice" role="status">
          <span className="wall-notice-ring" aria-hidden />
          连接中…
          {/* Say why, so a misconfigured wall (an unknown ?scope=) can be fixed from the room. */}
          {lastError && <small className="wall-notice-detail">{lastError}</small>}
        </div>
      )}
      {mode === 'demo' && (
        <div className="watermark" aria-hidden>
          回放
        </div>
      )}
    </div>
  );
}
