import { useEffect, useMemo, useRef, useState } from 'react';
import { fetchCategories, fetchTickets, type TicketList as TicketPage } from '../api/tickets.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { Link } from './Link.js';
import { overlayLive, type LiveTickets } from './live-tickets.js';
import { ErrorNotice } from './Notice.js';
import { ticketPath } from './router.js';
import { TicketFilters } from './TicketFilters.js';
import { EMPTY_FILTER, toTicketQuery, type TicketFilterForm } from './ticket-query.js';
import { useApi } from './use-api.js';
import { DTable } from './DTable.js';

const NO_LIVE: LiveTickets = new Map();

/**
 * A scope's tickets with filters and cursor paging, fetched when the page opens or the filters change. `live` holds
 * the scope's ticket changes from the socket: listed rows take their new status in place and new matching tickets
 * join the list, with no request. `refreshKey` changes when changes were missed (the server dropped some in a busy
 * window, the link was down, or the room was joined after the list was read): the first page reloads in place; once more pages are loaded, a chip offers the
 * refresh instead of pulling the list away.
 */
export function TicketList({ scope, refreshKey, now, live = NO_LIVE }: { scope: string; refreshKey: number; now: number | null; live?: LiveTickets }) {
  const t = useDrillMessages();
  const lang = useLang();
  const [form, setForm] = useState<TicketFilterForm>(EMPTY_FILTER);
  const [pages, setPages] = useState<TicketPage[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const categories = useApi(() => fetchCategories(), []);
  const categoryNames = useMemo(
    () => new Map((categories.data ?? []).map((c) => [c.code, categoryName(c, c.code, lang)])),
    [categories.data, lang],
  );

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    fetchTickets(toTicketQuery(scope, form, null), controller.signal).then(
      (page) => {
        setPages([page]);
        setError(null);
        setStale(false);
        setBusy(false);
      },
      (err: Error) => {
        if (controller.signal.aborted) return;
        setError(err);
        setBusy(false);
      },
    );
    return () => controller.abort();
  }, [scope, form, reloadKey]);

  // Read, not watched: a "load more" must not count as a change of the scope's tickets.
  const pageCount = useRef(0);
  useEffect(() => {
    pageCount.current = pages.length;
  }, [pages]);
  useEffect(() => {
    if (refreshKey === 0) return;
    if (pageCount.current <= 1) setReloadKey((k) => k + 1);
    else setStale(true);
  }, [refreshKey]);

  const next = pages[pages.length - 1]?.nextCursor ?? null;
  const loadMore = () => {
    if (!next) return;
    setBusy(true);
    fetchTickets(toTicketQuery(scope, form, next)).then(
      (page) => {
        setPages((p) => [...p, page]);
        setBusy(false);
      },
      (err: Error) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  const fetched = useMemo(() => pages.flatMap((p) => p.items), [pages]);
  const fetchedIds = useMemo(() => new Set(fetched.map((r) => r.id)), [fetched]);
  const rows = useMemo(
    () => overlayLive(fetched, live, toTicketQuery(scope, form, null), now, next === null),
    [fetched, live, scope, form, now, next],
  );

  return (
    <div className="dtickets" data-testid="ticket-list" data-busy={busy}>
      <TicketFilters form={form} categories={categories.data ?? []} onChange={setForm} />
      {stale && (
        <button type="button" className="dchip warn" onClick={() => setReloadKey((k) => k + 1)}>
          ↻ {t.refresh}
        </button>
      )}
      {error && <ErrorNotice error={error} onRetry={() => setReloadKey((k) => k + 1)} />}
      <DTable heads={[t.fields.id, t.fields.title, t.fields.category, t.fields.tier, t.fields.status, t.fields.reportedAt]}>
        {rows.map((tk) => {
          const overdue = now !== null && tk.closedAt === null && tk.closeDueAt < now && !['rejected', 'merged'].includes(tk.status);
          return (
            <tr key={tk.id} data-testid="ticket-row" data-id={tk.id} data-status={tk.status} className={overdue ? 'overdue' : undefined}>
              <td className="num">{tk.id}</td>
              <td>
                <Link to={ticketPath(tk.id)} className="drow-link">
                  {tk.urgent && <b className="durgent">!</b>}
                  {'title' in tk ? (
                    tk.title
                  ) : (
                    // A public row from the server is outside the caller's reach; one from the socket is just new.
                    <span className="dmuted">{fetchedIds.has(tk.id) ? t.outOfReach : t.justReported}</span>
                  )}
                </Link>
              </td>
              <td>{categoryNames.get(tk.category) ?? tk.category}</td>
              <td>{t.tiers[tk.tier]}</td>
              <td>
                <span className={`dstatus s-${tk.status}`}>{t.statuses[tk.status]}</span>
              </td>
              <td className="num">{formatDateTime(tk.reportedAt, t.locale)}</td>
            </tr>
          );
        })}
      </DTable>
      {!busy && rows.length === 0 && <p className="dempty">{t.noTickets}</p>}
      {next && (
        <button type="button" className="dbtn ghost wide" onClick={loadMore} disabled={busy} data-testid="tickets-more">
          {t.more}
        </button>
      )}
    </div>
  );
}
