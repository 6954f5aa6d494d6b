import type { ReactNode } from 'react';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { Link } from './Link.js';
import { ticketPath } from './router.js';

/** Every field of a ticket; what the resident wrote comes masked unless a supervisor revealed it (TicketReveal). */
export function TicketFields({ ticket, categoryName }: { ticket: Ticket; categoryName: string }) {
  const t = useDrillMessages();
  const f = t.fields;
  const time = (ms: number | null) => formatDateTime(ms, t.locale);
  const rows: [string, ReactNode][] = [
    [f.id, ticket.id],
    [f.status, <span key="s" className={`dstatus s-${ticket.status}`} data-testid="ticket-status" data-status={ticket.status}>{t.statuses[ticket.status]}</span>],
    [f.category, categoryName],
    [f.tier, t.tiers[ticket.tier]],
    [f.urgent, ticket.urgent ? f.yes : f.no],
    [f.channel, t.channels[ticket.channel]],
    [f.reporterRole, t.reporterRoles[ticket.reporterRole]],
    [f.address, ticket.address || '—'],
    [f.grid, ticket.gridId],
    [f.handlingUnit, ticket.handlingUnit || '—'],
    [f.reportedAt, time(ticket.reportedAt)],
    [f.responseDueAt, time(ticket.responseDueAt)],
    [f.acceptedAt, time(ticket.acceptedAt)],
    [f.dispatchedAt, time(ticket.dispatchedAt)],
    [f.startedAt, time(ticket.startedAt)],
    [f.handledAt, time(ticket.handledAt)],
    [f.closeDueAt, time(ticket.closeDueAt)],
    [f.closedAt, time(ticket.closedAt)],
    [f.evaluatedAt, time(ticket.evaluatedAt)],
    [f.escalations, ticket.escalations],
    [f.reworks, ticket.reworks],
    [f.rating, ticket.rating ?? '—'],
    [f.duplicateOf, ticket.duplicateOf ? <Link key="d" to={ticketPath(ticket.duplicateOf)}>#{ticket.duplicateOf}</Link> : '—'],
  ];
  return (
    <div className="dfields" data-testid="ticket-fields">
      <h3 className="dticket-title">
        {ticket.urgent && <b className="durgent">!</b>}
        {ticket.title}
      </h3>
      {ticket.description && <p className="dticket-desc">{ticket.description}</p>}
      <dl className="dpairs grid">
        {rows.map(([label, value]) => (
          <div key={label} className="dpair">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
