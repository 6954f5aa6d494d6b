import type Database from 'better-sqlite3';
import type { TicketAction, TicketStatus } from '../../shared/constants.js';
import type { Category, Ticket } from '../../shared/schemas/ticket.js';
import { filedTicket, foldTicket, type TimelineEntry } from '../domain/timeline.js';

/** Unit names do not change a ticket's course; the check compares statuses and times only. */
const ANY_PLACE = { villageName: '', townName: '' };

/** Every ticket's status and last change at `at`, folded straight from the events on disk with the domain's own fold. */
function foldedAt(db: Database.Database, at: number): Map<number, { status: string; updatedAt: number }> {
  const categories = new Map((db.prepare('SELECT code, name, name_en AS nameEn, tier, response_minutes AS responseMinutes, close_hours AS closeHours, share FROM categories').all() as Category[]).map((c) => [c.code, c]));
  const entries = new Map<number, TimelineEntry[]>();
  for (const e of db.prepare('SELECT ticket_id AS id, at, action, from_status AS fromStatus, rating, duplicate_of AS duplicateOf FROM ticket_events ORDER BY ticket_id, at, id').all() as (TimelineEntry & { id: number })[]) {
    const list = entries.get(e.id) ?? [];
    list.push({ at: e.at, action: e.action as 'report' | TicketAction, fromStatus: e.fromStatus as TicketStatus | null, rating: e.rating, duplicateOf: e.duplicateOf });
    entries.set(e.id, list);
  }
  const out = new Map<number, { status: string; updatedAt: number }>();
  for (const t of db.prepare('SELECT id, category, grid_id AS gridId, reported_at AS reportedAt FROM tickets').all() as { id: number; category: string; gridId: string; reportedAt: number }[]) {
    const category = categories.get(t.category)!;
    const initial: Ticket = {
      ...filedTicket({ category: t.category, gridId: t.gridId, title: '', description: '', address: '', channel: 'resident', reporterRole: 'resident', urgent: false, lng: 0, lat: 0 }, t.reportedAt, category, ANY_PLACE),
      id: t.id,
    };
    const folded = foldTicket(initial, entries.get(t.id) ?? [], at, category, ANY_PLACE);
    out.set(t.id, { status: folded.status, updatedAt: folded.updatedAt });
  }
  return out;
}

/**
 * What a process killed right now leaves behind must be one of two states: every ticket row as the timeline's fold
 * at the saved position, or, while a jump is under way (its marker saved), each row at the jump's start or its end
 * (the next start finishes the jump). Returns the tickets that break this, empty when none.
 */
export function rowsOffTheTimeline(db: Database.Database): string[] {
  const meta = (key: string) => db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  const progress = Number(meta('replay_processed_to'));
  const seek = JSON.parse(meta('replay_seek') ?? 'null') as { from: number; to: number } | null;
  const allowed = seek ? [foldedAt(db, seek.from), foldedAt(db, seek.to)] : [foldedAt(db, progress)];
  const problems: string[] = [];
  for (const r of db.prepare('SELECT id, status, updated_at AS updatedAt FROM tickets').all() as { id: number; status: string; updatedAt: number }[]) {
    if (!allowed.some((m) => m.get(r.id)?.status === r.status && m.get(r.id)?.updatedAt === r.updatedAt)) {
      problems.push(`ticket ${r.id}: ${r.status} since ${new Date(r.updatedAt).toISOString()} is not the timeline's state (progress ${new Date(progress).toISOString()}${seek ? `, jump ${JSON.stringify(seek)}` : ''})`);
    }
  }
  return problems;
}
