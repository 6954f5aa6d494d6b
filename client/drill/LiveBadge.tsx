import type { FeedStatus } from './live/scope-feed.js';
import { useT } from './session-store.js';

/** Whether this page's numbers are live: a supervisor must know when they look at stale data. */
export function LiveBadge({ status }: { status: FeedStatus }) {
  const t = useT();
  const text = status === 'online' ? t.notices.live : status === 'offline' ? t.notices.offline : t.notices.loading;
  return (
    <span className={`dlive dlive-${status}`} data-testid="live-status" data-status={status}>
      <i aria-hidden />
      {text}
    </span>
  );
}
