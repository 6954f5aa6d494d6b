import { TICKET_ACTIONS, TICKET_STATUSES, type TicketStatus } from '../../shared/constants.js';
import type { TimelineEntry } from '../domain/timeline.js';

/** What a seek needs of one ticket besides its entries: enough to rebuild its filed state. */
export interface TimelineTicket {
  id: number;
  category: string;
  gridId: string;
  reportedAt: number;
}

/** A stored event row as the index reads it, sorted by (ticketId, at, id). */
export type TimelineRow = [ticketId: number, at: number, action: string, fromStatus: string | null, rating: number | null, duplicateOf: number | null];

const ACTION_CODES = ['report', ...TICKET_ACTIONS] as const;
const NO_STATUS = 255;
const actionCode = new Map<string, number>(ACTION_CODES.map((a, i) => [a, i]));
const statusCode = new Map<string, number>(TICKET_STATUSES.map((s, i) => [s, i]));

/**
 * Every ticket of the demo's timeline with its entries, in memory and compact (typed arrays: the year's ~420,000
 * entries take ~10 MB instead of ~50 MB as objects), so that a seek can find what changed between two instants and fold
 * it without reading SQLite. Entries recorded later (people acting at a virtual instant) go to a small overflow list.
 */
export function createTimelineIndex(tickets: TimelineTicket[], rows: TimelineRow[]) {
  const meta: TimelineTicket[] = [...tickets];
  const slot = new Map<number, number>(meta.map((t, i) => [t.id, i]));
  const n = rows.length;
  const at = new Float64Array(n);
  const action = new Uint8Array(n);
  const from = new Uint8Array(n);
  const rating = new Int8Array(n);
  const dup = new Float64Array(n);
  const start = new Int32Array(meta.length).fill(-1);
  const count = new Int32Array(meta.length);
  for (let i = 0; i < n; i++) {
    const [ticketId, a, act, fs, r, d] = rows[i];
    const s = slot.get(ticketId);
    if (s === undefined) continue;
    if (start[s] < 0) start[s] = i;
    count[s] += 1;
    at[i] = a;
    action[i] = actionCode.get(act) ?? 0;
    from[i] = fs === null ? NO_STATUS : (statusCode.get(fs) ?? NO_STATUS);
    rating[i] = r ?? -1;
    dup[i] = d ?? 0;
  }
  /** Entries recorded after the index was built, per ticket, in time order. */
  const later = new Map<number, TimelineEntry[]>();

  const entryAt = (i: number): TimelineEntry => ({
    at: at[i], action: ACTION_CODES[action[i]], fromStatus: from[i] === NO_STATUS ? null : TICKET_STATUSES[from[i]] as TicketStatus,
    rating: rating[i] < 0 ? null : rating[i], duplicateOf: dup[i] === 0 ? null : dup[i],
  });

  /** Slots added after the build (tickets filed later) have no stored entries. */
  const rangeOf = (s: number): [number, number] => (s < start.length && start[s] >= 0 ? [start[s], start[s] + count[s]] : [0, 0]);

  return {
    get size(): number {
      return meta.length;
    },
    ticketAt(s: number): TimelineTicket {
      return meta[s];
    },
    /** The entries of the ticket in slot s, in time order (stored ones, then later ones; both sorted by time). */
    entriesAt(s: number): TimelineEntry[] {
      const out: TimelineEntry[] = [];
      const [first, end] = rangeOf(s);
      for (let i = first; i < end; i++) out.push(entryAt(i));
      const extra = later.get(s);
      if (extra) {
        out.push(...extra);
        out.sort((a, b) => a.at - b.at);
      }
      return out;
    },
    /** Whether any entry of slot s lies in (lo, hi]: its state differs between those two instants. */
    changesBetween(s: number, lo: number, hi: number): boolean {
      const [first, end] = rangeOf(s);
      for (let i = first; i < end; i++) {
        if (at[i] > lo && at[i] <= hi) return true;
      }
      return later.get(s)?.some((e) => e.at > lo && e.at <= hi) ?? false;
    },
    /** A ticket filed by a person: it joins the timeline for good. */
    addTicket(t: TimelineTicket, report: TimelineEntry): void {
      if (slot.has(t.id)) return;
      slot.set(t.id, meta.length);
      meta.push(t);
      later.set(meta.length - 1, [report]);
    },
    /** An action a person took at a virtual instant; sort stays stable (Array.prototype.sort is) for equal times. */
    addEntry(ticketId: number, e: TimelineEntry): void {
      const s = slot.get(ticketId);
      if (s === undefined) return;
      const list = later.get(s) ?? [];
      list.push(e);
      later.set(s, list);
    },
  };
}
export type TimelineIndex = ReturnType<typeof createTimelineIndex>;
