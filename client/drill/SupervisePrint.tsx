import './supervise.css';
import { useMemo } from 'react';
import { fetchTicketPage } from '../api/drill.js';
import { fetchSupervise } from '../api/supervise.js';
import { fetchCategories } from '../api/tickets.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { Link } from './Link.js';
import { ErrorNotice, Loading } from './Notice.js';
import { ticketPath } from './router.js';
import { splitMinutes } from './supervise-format.js';
import { TicketTimeline } from './TicketTimeline.js';
import { useApi } from './use-api.js';

/** The ticket's page (masked, with its timeline), then its 督办 item from its own grid cell's list (null if none). */
async function loadNotice(id: number, signal: AbortSignal) {
  const page = await fetchTicketPage(id, signal);
  const supervise = await fetchSupervise(page.ticket.gridId, null, signal);
  return { page, item: supervise.items.find((i) => i.ticketId === id) ?? null };
}

/**
 * A printable 督办单 for one ticket: serial, level, handling unit, deadline and how late, the ticket's public timeline
 * and a signature block, laid out for A4 (supervise.css: @page, and no header or buttons on paper). Only what the drill
 * pages show: the masked timeline, no resident's words.
 */
export function SupervisePrint({ id }: { id: number }) {
  const t = useDrillMessages();
  const p = t.printPage;
  const lang = useLang();
  const data = useApi((signal) => loadNotice(id, signal), [id]);
  const categories = useApi(() => fetchCategories(), []);
  const category = useMemo(() => {
    const code = data.data?.page.ticket.category ?? '';
    return categoryName(categories.data?.find((x) => x.code === code), code, lang);
  }, [categories.data, data.data, lang]);

  if (data.error) return <ErrorNotice error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { page, item } = data.data;
  const { ticket, timeline, place } = page;
  const tools = (
    <div className="dprint-tools">
      <Link to={ticketPath(id)} className="dbtn ghost">
        {p.back}
      </Link>
      {item && (
        <button type="button" className="dbtn primary" onClick={() => window.print()} data-testid="print-button">
          {p.print}
        </button>
      )}
    </div>
  );
  if (!item) {
    return (
      <div className="dpage" data-testid="supervise-print" data-supervised="false">
        {tools}
        <div className="dnotice" role="alert">
          {p.notSupervised}
        </div>
      </div>
    );
  }
  const { h, m } = splitMinutes(item.overdueMinutes);
  const rows: [string, string][] = [
    [p.serial, item.serial],
    [p.level, t.supervise.levels[item.level]],
    [p.unit, item.unit || '—'],
    [p.deadline, formatDateTime(item.deadline, t.locale)],
    [p.overdue, item.overdueMinutes > 0 ? t.supervisePage.overdueBy(h, m) : t.supervisePage.notYet],
    [p.ticket, `#${ticket.id}`],
    [p.category, category],
    [p.status, t.statuses[ticket.status]],
    [p.reportedAt, formatDateTime(ticket.reportedAt, t.locale)],
    [t.fields.grid, `${place.townName} ${place.villageName} ${place.gridName}`],
  ];
  return (
    <div className="dpage" data-testid="supervise-print" data-supervised="true">
      {tools}
      <article className="dprint" data-level={item.level}>
        <header className="dprint-head">
          <p>{p.district}</p>
          <h1>{p.title}</h1>
          <p className="dprint-serial" data-testid="print-serial">
            {p.serial}：{item.serial}
          </p>
        </header>
        <table className="dprint-fields">
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th>{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="dprint-request">{p.request}</p>
        <h2>{p.timeline}</h2>
        <TicketTimeline events={timeline} />
        <table className="dprint-sign" data-testid="print-sign">
          <tbody>
            <tr>
              <th>{p.signUnit}</th>
              <td />
              <th>{p.signDate}</th>
              <td />
            </tr>
            <tr>
              <th>{p.signSupervisor}</th>
              <td />
              <th>{p.signDate}</th>
              <td />
            </tr>
          </tbody>
        </table>
      </article>
    </div>
  );
}
