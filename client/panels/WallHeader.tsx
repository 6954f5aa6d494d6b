import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf } from '../../shared/scope.js';
import { formatClock } from '../format.js';
import { useNow } from '../hooks/use-now.js';
import { langStore } from '../i18n/lang-store.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall, wallStore } from '../store/index.js';
import { ConnectionStatus } from './ConnectionStatus.js';

/** The scope's display name before the first snapshot names it: from the outlines, if they are in. */
function useScopeName(): string | null {
  return useWall((s) => {
    if (s.summary) return s.summary.scope.name;
    const outlines = scopeLevelOf(s.scope) === 'town' ? s.townGeo : s.villageGeo;
    return outlines?.features.find((f) => f.id === s.scope)?.properties.name ?? null;
  });
}

/** The clock the wall shows: the replay's virtual time in the demo, the server's time (ticking) when live. */
function useWallClock(): number | null {
  const now = useNow(1000);
  const { clock, lastDataAt, mode } = useWall(useShallow((s) => ({ clock: s.summary?.clock ?? null, lastDataAt: s.lastDataAt, mode: s.mode })));
  if (clock === null) return mode === 'live' ? now : null;
  // Live: the server's clock as of the last data, moved on by the wall's own seconds since (deltas only come on change).
  if (mode === 'live' && lastDataAt !== null) return clock + Math.max(0, now - lastDataAt);
  return clock;
}

/** Title for the scope, the date and time (Asia/Shanghai), the mode, the link status, and the about/language buttons. */
export function WallHeader() {
  const t = useMessages();
  const scope = useWall((s) => s.scope);
  const mode = useWall((s) => s.mode);
  const name = useScopeName();
  const clock = useWallClock();
  const { date, time } = formatClock(clock, t.locale);
  const title = scope === DISTRICT_CODE ? t.districtTitle : name ? t.scopeTitle(name) : t.districtTitle;

  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <header className="wall-header">
      <div className="wall-header-side left">
        <span className="wall-date">{date}</span>
        {mode && (
          <span className={`mode-badge mode-${mode}`} data-testid="mode">
            {t.mode[mode]}
          </span>
        )}
      </div>
      <h1 className="wall-title">{title}</h1>
      <div className="wall-header-side right">
        <span className="wall-time" data-testid="clock">
          {time}
        </span>
        <ConnectionStatus />
        <button type="button" className="header-button" onClick={() => langStore.getState().toggleLang()} title="l">
          {t.language}
        </button>
        <button type="button" className="header-button" onClick={() => wallStore.getState().setAbout(true)} title="i">
          {t.about.button}
        </button>
      </div>
    </header>
  );
}
