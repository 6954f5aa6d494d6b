import { useEffect, useMemo, useRef, useState } from 'react';
import type { PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import { fetchCategories, fetchTickets } from '../api/tickets.js';
import { formatDateTime } from './fmt.js';
import { Link } from './Link.js';
import { ErrorNotice } from './Notice.js';
import { ticketPath } from './router.js';
import { useSession, useT } from './session-store.js';
import { TicketFilters } from './TicketFilters.js';
import { EMPTY_FILTER, toTicketQuery, type TicketFilterForm } from './ticket-query.js';
import { useApi } from './use-api.js';

interface Page {
  items: (Ticket | PublicTicket)[];
  nextCursor: string | null;
}

/**
 * A scope's tickets with filters and cursor paging. `refreshKey` changes when the scope's tickets change: the first
 * page reloads in place; once more pages are loaded, a chip offers the refresh instead of pulling the list away.
 */
export function TicketList({ scope, refreshKey, now }: { scope: string; refreshKey: number; now: number | null }) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  const [form, setForm] = useState<TicketFilterForm>(EMPTY_FILTER);
  const [pages, setPages] = useState<Page[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const categories = useApi(() => fetchCategories(), []);
  const categoryName = useMemo(
    () => new Map((categories.data ?? []).map((c) => [c.code, lang === 'en' ? c.nameEn : c.name])),
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
  const rows = pages.flatMap((p) => p.items);

  return (
    <div className="dtickets" data-testid="ticket-list" data-busy={busy}>
      <TicketFilters form={form} categories={categories.data ?? []} onChange={setForm} />
      {stale && (
        <button type="button" className="dchip warn" onClick={() => setReloadKey((k) => k + 1)}>
          ↻ {t.refresh}
        </button>
      )}
      {error && <ErrorNotice error={error} onRetry={() => setReloadKey((k) => k + 1)} />}
      <table className="dtable">
        <thead>
          <tr>
            <th>{t.fields.id}</th>
            <th>{t.fields.title}</th>
            <th>{t.fields.category}</th>
            <th>{t.fields.tier}</th>
            <th>{t.fields.status}</th>
            <th>{t.fields.reportedAt}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((tk) => {
            const overdue = now !== null && tk.closedAt === null && tk.closeDueAt < now && !['rejected', 'merged'].includes(tk.status);
            return (
              <tr key={tk.id} data-testid="ticket-row" data-id={tk.id} data-status={tk.status} className={overdue ? 'overdue' : undefined}>
                <td className="num">{tk.id}</td>
                <td>
                  <Link to={ticketPath(tk.id)} className="drow-link">
                    {tk.urgent && <b className="durgent">!</b>}
                    {'title' in tk ? tk.title : <span className="dmuted">{t.outOfReach}</span>}
                  </Link>
                </td>
                <td>{categoryName.get(tk.category) ?? tk.category}</td>
                <td>{t.tiers[tk.tier]}</td>
                <td>
                  <span className={`dstatus s-${tk.status}`}>{t.statuses[tk.status]}</span>
                </td>
                <td className="num">{formatDateTime(tk.reportedAt, t.locale)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!busy && rows.length === 0 && <p className="dempty">{t.noTickets}</p>}
      {next && (
        <button type="button" className="dbtn ghost wide" onClick={loadMore} disabled={busy} data-testid="tickets-more">
          {t.more}
        </button>
      )}
    </div>
  );
}
