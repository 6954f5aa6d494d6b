import { formatClock } from '../format.js';
import { useWall } from '../store/index.js';
import { ConnectionStatus } from './ConnectionStatus.js';

export const WALL_TITLE = '镇江经开区集成管理指挥中心';

/** Title, the scope when narrower than the district, the server clock and mode, and the link status. */
export function WallHeader() {
  const clock = useWall((s) => s.summary?.clock ?? null);
  const scope = useWall((s) => s.summary?.scope ?? null);
  const mode = useWall((s) => s.mode);
  const { date, time } = formatClock(clock);
  return (
    <header className="wall-header">
      <div className="wall-header-side left">
        <span className="wall-date">{date}</span>
        {mode && <span className={`mode-badge mode-${mode}`}>{mode === 'demo' ? '回放' : '实时'}</span>}
      </div>
      <h1 className="wall-title">
        {WALL_TITLE}
        {scope && scope.level !== 'district' && <small className="wall-scope">{scope.name}</small>}
      </h1>
      <div className="wall-header-side right">
        <span className="wall-time" data-testid="clock">
          {time}
        </span>
        <ConnectionStatus />
      </div>
    </header>
  );
}
