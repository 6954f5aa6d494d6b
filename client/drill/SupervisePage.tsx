import './supervise.css';
import { useCallback, useEffect, useRef } from 'react';
import { DISTRICT_CODE } from '../../shared/constants.js';
import type { Summary } from '../../shared/schemas/summary.js';
import { fetchSupervise, type SuperviseLevel } from '../api/supervise.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { DrillPanel } from './DrillPanel.js';
import { formatDateTime } from './fmt.js';
import { useScopeNames } from './geo-cache.js';
import { Link } from './Link.js';
import { LiveBadge } from './LiveBadge.js';
import { useScopeLive } from './live/use-scope-live.js';
import { useThrottled } from './live/throttle.js';
import { ErrorNotice, Loading } from './Notice.js';
import { supervisePath, supervisePrintPath, ticketPath } from './router.js';
import { useSession } from './session-store.js';
import { splitMinutes } from './supervise-format.js';
import { useApi } from './use-api.js';

const LEVELS: readonly SuperviseLevel[] = ['red', 'yellow', 'blue', 'escalated'];
/** Live refetches at most this often, however busy the scope. */
export const REFETCH_EVERY_MS = 2_000;

/**
 * The 督办 page: a scope's supervised tickets, oldest deadline first, with the colour counts and a level filter. It
 * follows the scope's room and fetches again (at most every 2 s) when one of its tickets changes or a delta moves its
 * ticket numbers: a level that changes by the clock alone comes as such a delta.
 */
export function SupervisePage({ scope, level }: { scope: string | null; level: SuperviseLevel | null }) {
  const t = useDrillMessages();
  const s = t.supervisePage;
  const names = useScopeNames();
  const town = useSession((st) => st.me?.user.townCode ?? null);
  // The server answers for the widest scope the caller reaches when none is named: the same one is followed live.
  const liveScope = scope ?? town ?? DISTRICT_CODE;
  const page = useApi((signal) => fetchSupervise(scope, level, signal), [scope, level]);
  const refetch = useThrottled(page.reload, REFETCH_EVERY_MS);
  const onTickets = useCallback(() => refetch(), [refetch]);
  const live = useScopeLive(liveScope, onTickets);
  useDeltaChanges(live.summary, refetch);

  return (
    <div className="dpage dpage-supervise" data-testid="supervise-page" data-scope={liveScope} data-level={level ?? ''}>
      <div className="dpage-head">
        <h1 className="dpage-title">
          {s.title} · {names.get(liveScope) ?? liveScope}
        </h1>
        <LiveBadge status={live.status} malformed={live.malformed} />
      </div>
      <div className="dtabs dsupervise-levels" role="group" aria-label={s.level}>
        <Link to={supervisePath(scope, null)} className={level === null ? 'dchip on' : 'dchip'} testId="supervise-filter-all">
          {s.all}
        </Link>
        {LEVELS.map((l) => (
          <Link key={l} to={supervisePath(scope, l)} className={level === l ? `dchip on dlevel-${l}` : `dchip dlevel-${l}`} testId={`supervise-filter-${l}`}>
            <i className="dlevel-dot" aria-hidden />
            {t.supervise.levels[l]}
            {l !== 'escalated' && page.data && <b className="dsupervise-count">{page.data.counts[l]}</b>}
          </Link>
        ))}
      </div>
      <DrillPanel title={s.title} testId="supervise-list">
        {page.error && <ErrorNotice error={page.error} onRetry={page.reload} />}
        {!page.data && !page.error && <Loading />}
        {page.data && page.data.items.length === 0 && <p className="dempty">{s.none}</p>}
        {page.data && page.data.items.length > 0 && (
          <div className="dsupervise">
            <table className="dtable">
              <thead>
                <tr>
                  <th>{s.serial}</th>
                  <th>{s.level}</th>
                  <th>{s.unit}</th>
                  <th>{s.deadline}</th>
                  <th>{s.overdue}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((item) => {
                  const { h, m } = splitMinutes(item.overdueMinutes);
                  return (
                    <tr key={item.ticketId} data-testid="supervise-row" data-id={item.ticketId} data-level={item.level}>
                      <td>
                        <Link to={ticketPath(item.ticketId)} className="drow-link">
                          {item.serial}
                        </Link>
                      </td>
                      <td>
                        <span className={`dlevel dlevel-${item.level}`}>{t.supervise.levels[item.level]}</span>
                      </td>
                      <td>{item.unit || '—'}</td>
                      <td className="num" data-label={s.deadline}>
                        {formatDateTime(item.deadline, t.locale)}
                      </td>
                      <td className="num" data-label={s.overdue}>
                        {item.overdueMinutes > 0 ? s.overdueBy(h, m) : s.notYet}
                      </td>
                      <td>
                        <Link to={supervisePrintPath(item.ticketId)} className="dbtn small ghost" title={s.print}>
                          {s.print}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </DrillPanel>
    </div>
  );
}

/** Calls `onChange` when a delta replaces the summary's ticket numbers or 督办 counts (not for the first snapshot). */
function useDeltaChanges(summary: Summary | null, onChange: () => void): void {
  const seen = useRef<{ tickets: unknown; supervise: unknown } | null>(null);
  useEffect(() => {
    if (!summary) return;
    const now = { tickets: summary.tickets, supervise: summary.supervise };
    const before = seen.current;
    seen.current = now;
    if (before && (before.tickets !== now.tickets || before.supervise !== now.supervise)) onChange();
  }, [summary, onChange]);
}
