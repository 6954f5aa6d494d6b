import { useCallback, useEffect, useState } from 'react';
import type { TicketStatus } from '../../../shared/constants.js';
import { fetchMine, type MineTicket } from '../api.js';
import type { Lang, T } from '../i18n.js';
import { watchMine } from '../live.js';
import { onSent } from '../outbox.js';
import { ErrorBox, messageOf } from '../ui.js';
import { Rating } from './Rating.js';
import { Timeline } from './Timeline.js';

/** The steps a ticket has taken: its timeline, or else its step times. */
export function stepsOf(ticket: MineTicket): { at: number; status: TicketStatus }[] {
  if (ticket.timeline?.length) return ticket.timeline;
  const steps: [number | null, TicketStatus][] = [
    [ticket.reportedAt, 'reported'], [ticket.acceptedAt, 'accepted'], [ticket.dispatchedAt, 'dispatched'], [ticket.startedAt, 'in_progress'],
    [ticket.handledAt, 'handled'], [ticket.closedAt, 'closed'], [ticket.evaluatedAt, 'evaluated'],
  ];
  const out = steps.filter((s): s is [number, TicketStatus] => s[0] !== null).map(([at, status]) => ({ at, status }));
  if (!out.some((s) => s.status === ticket.status)) out.push({ at: ticket.updatedAt, status: ticket.status });
  return out.sort((a, b) => a.at - b.at);
}

/** My reports: the reporter's own tickets, read again whenever the server says one of them changed. */
export function Mine({ t, lang }: { t: T; lang: Lang }) {
  const [items, setItems] = useState<MineTicket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const load = useCallback(() => {
    fetchMine().then((r) => { setItems(r.items); setError(null); }, (err) => setError(messageOf(err)));
  }, []);
  useEffect(() => {
    load();
    const stop = watchMine(() => { setLive(true); load(); });
    const off = onSent(load);
    return () => { stop(); off(); };
  }, [load]);

  return (
    <section className="page" data-testid="mine-page" data-live={live}>
      <h1>{t('mine')}</h1>
      <ErrorBox message={error && `${t('loadFailed')} (${error})`} />
      {items === null && !error && <p className="hint">{t('loading')}</p>}
      {items?.length === 0 && <p className="hint">{t('noTickets')}</p>}
      <ul className="tickets">
        {items?.map((ticket) => (
          <li key={ticket.id} className="ticket" data-ticket-id={ticket.id} data-status={ticket.status}>
            <div className="ticket-head">
              <strong>#{ticket.id} {ticket.title}</strong>
              <span className={`status status-${ticket.status}`}>{t(`status_${ticket.status}`)}</span>
            </div>
            {ticket.description && <p className="ticket-words">{ticket.description}</p>}
            {ticket.photos && ticket.photos.length > 0 && (
              <div className="thumbs">
                {ticket.photos.map((p) => <img key={p.id} src={`/api/media/${encodeURIComponent(p.id)}?size=thumb`} alt="" loading="lazy" data-stage={p.stage} />)}
              </div>
            )}
            <Timeline steps={stepsOf(ticket)} lang={lang} t={t} />
            {ticket.status === 'closed' && <Rating ticketId={ticket.id} t={t} onRated={load} />}
            {ticket.rating !== null && <p className="done">{t('rated', { n: ticket.rating })}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
