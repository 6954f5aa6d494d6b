import type { LinkStatus } from '../realtime/scope-link.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';

/**
 * Whether this page's numbers are live: a supervisor must know when they look at stale data, or at data that skipped
 * a malformed update (dropped, the last good values kept until the next snapshot).
 */
export function LiveBadge({ status, malformed = 0 }: { status: LinkStatus; malformed?: number }) {
  const t = useDrillMessages();
  const text = status === 'online' ? t.notices.live : status === 'offline' ? t.notices.offline : t.notices.loading;
  return (
    <span className={`dlive dlive-${status}`} data-testid="live-status" data-status={status}>
      <i aria-hidden />
      {text}
      {malformed > 0 && (
        <small className="dmuted" role="status" data-testid="live-malformed">
          {' '}
          ⚠ {t.notices.malformed(malformed)}
        </small>
      )}
    </span>
  );
}
