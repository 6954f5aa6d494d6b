import type { TicketEvent } from '../../shared/schemas/ticket.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';

/** Each step of the ticket, oldest first, with who did it and their note (masked, unless revealed). */
export function TicketTimeline({ events }: { events: readonly TicketEvent[] }) {
  const t = useDrillMessages();
  // The replay's actors are reporter roles (grid_member, …); people and units come as names.
  const roles: Record<string, string> = t.reporterRoles;
  const actorName = (actor: string) => roles[actor] ?? actor;
  return (
    <ol className="dtimeline" data-testid="timeline">
      {events.map((e) => (
        <li key={e.id} data-testid="timeline-event" data-action={e.action}>
          <span className="dtimeline-at">{formatDateTime(e.at, t.locale)}</span>
          <span className="dtimeline-what">
            {e.action === 'report' ? t.statuses.reported : t.actions[e.action]}
            {e.fromStatus && (
              <span className="dmuted">
                {' '}
                {t.statuses[e.fromStatus]} → {t.statuses[e.toStatus]}
              </span>
            )}
          </span>
          <span className="dtimeline-actor">{actorName(e.actor)}</span>
          {e.note && <p className="dtimeline-note">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
