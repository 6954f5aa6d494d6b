import { formatDuration } from '../format.js';
import { useNow } from '../hooks/use-now.js';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';

/**
 * Over the tiles while the link is down: says how long the numbers on screen have not been updated, ticking, so
 * nobody in the room mistakes old numbers for live ones. Gone by itself once a fresh snapshot arrives.
 */
export function StaleBanner() {
  const t = useMessages();
  const offline = useWall((s) => s.status === 'offline' && s.summary !== null);
  const lastDataAt = useWall((s) => s.lastDataAt);
  if (!offline) return null;
  return <StaleAge since={lastDataAt} text={t.staleBanner} />;
}

/** Split out so only the banner re-renders every second. */
function StaleAge({ since, text }: { since: number | null; text: (age: string) => string }) {
  const now = useNow(1000);
  const age = since === null ? '—' : formatDuration(now - since);
  return (
    <div className="wall-banner" role="alert" data-testid="stale-banner">
      {text(age)}
    </div>
  );
}
