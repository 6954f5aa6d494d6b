import { useCallback, useMemo, useState } from 'react';
import type { TicketUpsert } from '../../shared/events.js';
import type { RevealedTicket } from '../../shared/schemas/drill.js';
import { actionsFor } from './actions.js';
import { applyReveal } from './reveal.js';
import { fetchTicketPage } from '../api/drill.js';
import { fetchCategories } from '../api/tickets.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { DrillPanel } from './DrillPanel.js';
import { formatDateTime } from './fmt.js';
import { useScopeNames } from './geo-cache.js';
import { Link } from './Link.js';
import { LiveBadge } from './LiveBadge.js';
import { useScopeLive } from './live/use-scope-live.js';
import { ErrorNotice, Loading } from './Notice.js';
import { ticketPath } from './router.js';
import { useSession } from './session-store.js';
import { TicketActions } from './TicketActions.js';
import { TicketFields } from './TicketFields.js';
import { TicketPhotos } from './TicketPhotos.js';
import { TicketReveal } from './TicketReveal.js';
import { TicketTimeline } from './TicketTimeline.js';
import { useApi } from './use-api.js';

/**
 * One ticket: its fields, timeline, possible duplicates and the actions the signed-in supervisor may take now. What the
 * resident wrote comes masked; a supervisor may reveal the original (audited) until they hide it or leave the ticket.
 */
export function TicketView({ id }: { id: number }) {
  // Keyed by ticket so that another ticket's page never shows this one's original words.
  const [reveal, setReveal] = useState<{ id: number; data: RevealedTicket; reason: string } | null>(null);
  const t = useDrillMessages();
  const lang = useLang();
  const user = useSession((s) => s.me?.user ?? null);
  const names = useScopeNames();
  const page = useApi((signal) => fetchTicketPage(id, signal), [id]);
  const categories = useApi(() => fetchCategories(), []);
  const { reload } = page;
  // Someone else moved this ticket (or changes were dropped in a busy window): fetch it again with its timeline.
  const onTickets = useCallback(
    ({ tickets, dropped }: TicketUpsert) => {
      if (dropped > 0 || tickets.some((tk) => tk.id === id)) reload();
    },
    [id, reload],
  );
  const live = useScopeLive(page.data?.ticket.gridId ?? null, onTickets);
  const category = useMemo(() => {
    const code = page.data?.ticket.category ?? '';
    return categoryName(categories.data?.find((x) => x.code === code), code, lang);
  }, [categories.data, page.data, lang]);

  if (page.error) return <ErrorNotice error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading />;
  const { possibleDuplicates, place, allowedActions, mayReveal } = page.data;
  const revealed = reveal?.id === id ? reveal : null;
  const { ticket, timeline } = applyReveal(page.data.ticket, page.data.timeline, revealed?.data ?? null);
  const crumbNames = new Map(names);
  crumbNames.set(place.townCode, place.townName).set(place.villageCode, place.villageName).set(place.gridId, place.gridName);
  const actions = actionsFor(ticket, user, allowedActions);

  return (
    <div className="dpage dpage-ticket" data-testid="ticket-page" data-id={ticket.id} data-status={ticket.status}>
      <div className="dpage-head">
        <Breadcrumbs scope={place.gridId} names={crumbNames} tail={`#${ticket.id}`} />
        <LiveBadge status={live.status} malformed={live.malformed} />
      </div>
      <div className="dticket-grid">
        <div className="dscope-side">
          <DrillPanel title={t.panels.fields}>
            <TicketReveal
              ticketId={ticket.id}
              mayReveal={mayReveal === true}
              revealed={revealed}
              onRevealed={(data, reason) => setReveal({ id, data, reason })}
              onHide={() => setReveal(null)}
            />
            <TicketFields ticket={ticket} categoryName={category} />
          </DrillPanel>
          <DrillPanel title={t.panels.photos} testId="photos-panel">
            <TicketPhotos photos={page.data.photos ?? []} />
          </DrillPanel>
        </div>
        <div className="dscope-side">
          <DrillPanel title={t.panels.actions} testId="actions-panel">
            <TicketActions ticket={ticket} actions={actions} duplicates={possibleDuplicates} onDone={reload} />
          </DrillPanel>
          <DrillPanel title={t.panels.timeline}>
            <TicketTimeline events={timeline} />
          </DrillPanel>
          <DrillPanel title={t.panels.duplicates}>
            {possibleDuplicates.length === 0 ? (
              <p className="dmuted">{t.place.none}</p>
            ) : (
              <ul className="dduplicates" data-testid="duplicates">
                {possibleDuplicates.map((d) => (
                  <li key={d.id}>
                    <Link to={ticketPath(d.id)}>
                      #{d.id} {d.title}
                    </Link>
                    <span className="dmuted">
                      {' '}
                      {t.statuses[d.status]} · {formatDateTime(d.reportedAt, t.locale)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </DrillPanel>
        </div>
      </div>
    </div>
  );
}
