import type { PublicTicket } from '../../shared/schemas/ticket.js';

/** A row of the board: a ticket, and whether it is new (highlighted) or on its way out (dropped once scrolled off). */
export interface BoardRow {
  id: number;
  ticket: PublicTicket;
  fresh: boolean;
  leaving: boolean;
}

/**
 * Where new rows go:
 * - 'top' while every row fits (nothing scrolls): newest first at the top, the rows below slide down;
 * - a row index while the board scrolls: just below the visible rows, so they scroll into view at the same constant
 *   speed as everything else. Nothing on screen moves, so there is no jump, no speed-up and no drift.
 */
export type InsertAt = 'top' | number;

/**
 * Brings the rows in line with the store's tickets (arrival order, oldest first). Known rows get the ticket's new
 * data in place; rows whose ticket fell out of the store are dropped if they are below the visible ones, or marked
 * leaving (and dropped when they scroll off the top) if they may be on screen. Pure.
 */
export function reconcileRows(rows: readonly BoardRow[], tickets: readonly PublicTicket[], insertAt: InsertAt): BoardRow[] {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const visibleEnd = insertAt === 'top' ? rows.length : insertAt;
  const kept: BoardRow[] = [];
  rows.forEach((row, i) => {
    const ticket = byId.get(row.id);
    if (ticket) kept.push(ticket === row.ticket ? row : { ...row, ticket });
    else if (i < visibleEnd) kept.push(row.leaving ? row : { ...row, leaving: true });
  });
  const known = new Set(rows.map((r) => r.id));
  const added = tickets.filter((t) => !known.has(t.id)).map((ticket) => ({ id: ticket.id, ticket, fresh: rows.length > 0, leaving: false }));
  if (added.length === 0) return kept.length === rows.length && kept.every((r, i) => r === rows[i]) ? (rows as BoardRow[]) : kept;
  if (insertAt === 'top') return [...added.reverse(), ...kept];
  const at = Math.min(kept.length, Math.max(0, keptIndexOf(rows, kept, insertAt)));
  return [...kept.slice(0, at), ...added, ...kept.slice(at)];
}

/** The index in `kept` that corresponds to index `at` of the original rows (rows before it may have been dropped). */
function keptIndexOf(rows: readonly BoardRow[], kept: readonly BoardRow[], at: number): number {
  const keptIds = new Set(kept.map((r) => r.id));
  let n = 0;
  for (let i = 0; i < Math.min(at, rows.length); i++) if (keptIds.has(rows[i].id)) n++;
  return n;
}

/** The first row has scrolled off the top: it goes to the end (the board loops), or away if it was leaving. */
export function rotateRows(rows: readonly BoardRow[]): BoardRow[] {
  if (rows.length === 0) return rows as BoardRow[];
  const [first, ...rest] = rows;
  return first.leaving ? rest : [...rest, first.fresh ? { ...first, fresh: false } : first];
}
