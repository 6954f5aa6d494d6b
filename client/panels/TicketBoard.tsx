import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { TIME_ZONE } from '../../shared/constants.js';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useMessages, type WallMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { reconcileRows, rotateRows, type BoardRow } from './board-rows.js';
import { Panel } from './Panel.js';
import { useMarquee } from './use-marquee.js';

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, month: 'numeric', day: 'numeric' });
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** HH:mm for a ticket of the clock's day, M/D for an older one (the board may hold a few days when things are quiet). Pure. */
export function ticketTime(reportedAt: number, today: string | null): string {
  if (today !== null && dayKey.format(reportedAt) !== today) return dayFormat.format(reportedAt);
  return timeFormat.format(reportedAt);
}

interface RowProps {
  ticket: PublicTicket;
  today: string | null;
  fresh: boolean;
  focused: boolean;
  category: string;
  place: string;
  t: WallMessages;
}

/**
 * One ticket: time, tier, category, place (grid cell) and status. The wall receives only the public projection (no
 * title, description, address or reporter): it is seen by everyone in the room, so it shows what happened where, not who.
 */
const TicketRow = memo(function TicketRow({ ticket, today, fresh, focused, category, place, t }: RowProps) {
  const cls = ['board-row', fresh && 'fresh', focused && 'focused', ticket.urgent && 'urgent'].filter(Boolean).join(' ');
  return (
    <li className={cls} data-ticket-id={ticket.id}>
      <span className="row-time">{ticketTime(ticket.reportedAt, today)}</span>
      <span className={`tier tier-${ticket.tier}`}>{t.tiers[ticket.tier]}</span>
      <span className="row-category">
        {ticket.urgent && <b className="urgent-mark">{t.board.urgent}</b>}
        {category}
      </span>
      <span className="row-place">{place}</span>
      <span className={`row-status status-${ticket.status}`}>{t.statuses[ticket.status] ?? ticket.status}</span>
    </li>
  );
});

/**
 * The live ticket board: a loop that scrolls up at a constant speed; new tickets join just below the visible rows,
 * highlighted, and scroll in like the rest. The store keeps the newest 60; the board follows it (see board-rows.ts).
 */
export function TicketBoard({ className }: { className?: string }) {
  const t = useMessages();
  const lang = useLang();
  const categories = useWall((s) => s.categories);
  const geo = useWall((s) => s.geo);
  const tickets = useWall((s) => s.board.items);
  const epoch = useWall((s) => s.board.epoch);
  const epochSeen = useRef(epoch);
  const active = useWall((s) => s.interrupt.active);
  // The clock's day, for the rows' time column; changes once a (virtual) day.
  const today = useWall((s) => (s.summary ? dayKey.format(s.summary.clock) : null));
  const [rows, setRows] = useState<BoardRow[]>([]);
  const viewportRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLOListElement>(null);
  const marquee = useMarquee(viewportRef, trackRef, () => setRows(rotateRows));

  useLayoutEffect(() => {
    const m = marquee.current;
    const vp = viewportRef.current;
    const insertAt = m.scrolling && vp && m.rowHeight > 0 ? Math.ceil((m.offset + vp.clientHeight) / m.rowHeight) : 'top';
    // After the demo jumped back in time the board starts over with the tickets of the new instant (none highlighted).
    const restart = epoch !== epochSeen.current;
    epochSeen.current = epoch;
    setRows((current) => reconcileRows(restart ? [] : current, tickets, restart ? 'top' : insertAt));
  }, [tickets, epoch, marquee]);

  const cellNames = useMemo(() => new Map(geo?.features.map((f) => [f.id, f.properties.name]) ?? []), [geo]);
  const place = (tk: PublicTicket) => cellNames.get(tk.gridId) ?? tk.gridId;
  const name = (tk: PublicTicket) => categoryName(categories?.[tk.category], tk.category, lang);

  return (
    <Panel title={t.panels.board} testId="ticket-board" className={className} note={rows.length > 0 ? `${rows.length}` : null}>
      <div className="board-viewport" ref={viewportRef}>
        <ol className="board-track" ref={trackRef}>
          {rows.map((r) => (
            <TicketRow key={r.id} ticket={r.ticket} today={today} fresh={r.fresh} focused={active?.ticket.id === r.id} category={name(r.ticket)} place={place(r.ticket)} t={t} />
          ))}
        </ol>
        {rows.length === 0 && <div className="panel-empty">{t.board.empty}</div>}
      </div>
      {active && (
        <div className="board-interrupt" role="status" data-testid="board-interrupt" data-ticket-id={active.ticket.id}>
          <span className="interrupt-label">{t.board.interrupt}</span>
          <span className={`tier tier-${active.ticket.tier}`}>{t.tiers[active.ticket.tier]}</span>
          <span className="interrupt-what">{name(active.ticket)}</span>
          <span className="interrupt-where">{place(active.ticket)}</span>
          <span className="row-time">{timeFormat.format(active.ticket.reportedAt)}</span>
        </div>
      )}
    </Panel>
  );
}
