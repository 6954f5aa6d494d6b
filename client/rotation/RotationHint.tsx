import { useStore } from 'zustand';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { isSwitching } from '../store/scope-switch.js';
import { problemText } from './problem-text.js';
import { rotationStore } from './run-rotation.js';

/**
 * A rotating wall's quiet signs: a thin progress line along the bottom edge, "轮播 2/3 · 23 秒后切换" in the footer's
 * corner, and for a while after load a short notice when the URL's rotation had a problem. Positioned over the frame,
 * so nothing moves when they come and go. `data-scope` is the scope whose numbers are on screen.
 */
export function RotationHint() {
  const t = useMessages();
  const view = useStore(rotationStore, (s) => s.view);
  const shown = useWall((s) => s.summary?.scope.id ?? null);
  const switching = useWall(isSwitching);
  if (!view) return null;
  const progress = 1 - view.nextInMs / view.everyMs;
  const seconds = Math.ceil(view.nextInMs / 1000);
  return (
    <>
      <div
        className="rotation"
        data-testid="rotation"
        data-scope={shown ?? ''}
        data-index={view.index}
        data-paused={view.paused}
        data-switching={switching}
      >
        <div className="rotation-bar" aria-hidden>
          <div className="rotation-bar-fill" style={{ transform: `scaleX(${progress.toFixed(3)})` }} />
        </div>
        {view.scopes.length > 1 && (
          <span className="rotation-label">
            {t.rotation.label} {t.rotation.position(view.index + 1, view.scopes.length)} · {view.paused ? t.rotation.paused : t.rotation.next(seconds)}
          </span>
        )}
      </div>
      {view.noticeUntil !== null && view.problems.length > 0 && (
        <div className="rotation-notice" role="alert" data-testid="rotation-notice">
          {t.rotation.notice}: {view.problems.map((p) => problemText(t, p)).join('; ')}
        </div>
      )}
    </>
  );
}
