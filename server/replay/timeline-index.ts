import { TICKET_ACTIONS, TICKET_STATUSES, type TicketStatus } from '../../shared/constants.js';
import type { TimelineEntry, TimelineRow, TimelineTicketRow } from '../domain/timeline.js';

/** What a seek needs of one ticket besides its entries: enough to rebuild its filed state. */
export interface TimelineTicket {
  id: number;
  category: string;
  gridId: string;
  reportedAt: number;
}


/** Reads one page of tickets (ids above `afterId`, ascending) and the events of the tickets with ids in (afterId, lastId]. */
export interface TimelineSource {
  ticketsAfter(afterId: number, limit: number): TimelineTicketRow[];
  eventsOf(afterId: number, lastId: number): TimelineRow[];
}

const ACTION_CODES = ['report', ...TICKET_ACTIONS] as const;
const NO_STATUS = 255;
const actionCode = new Map<string, number>(ACTION_CODES.map((a, i) => [a, i]));
const statusCode = new Map<string, number>(TICKET_STATUSES.map((s, i) => [s, i]));
/** Tickets read per turn of the event loop while loading (about 10 ms each on this machine). */
const PAGE_TICKETS = 1_000;

/** Interns repeated strings (categories, grid cells) as small numbers. */
function dictionary() {
  const codes = new Map<string, number>();
  const values: string[] = [];
  return {
    code(v: string): number {
      let c = codes.get(v);
      if (c === undefined) codes.set(v, (c = values.push(v) - 1));
      return c;
    },
    value: (c: number) => values[c],
  };
}

/**
 * Every ticket of the demo's timeline with its entries, in memory and compact (numbers in typed arrays: the year's
 * ~420,000 entries take ~10 MB instead of ~60 MB as objects), so that a seek can find what changed between two
 * instants and fold it without reading SQLite. Loaded page by page, yielding between pages; entries people record
 * later go to a small overflow list.
 */
export function createTimelineIndex() {
  const categories = dictionary();
  const grids = dictionary();
  // Per ticket slot, and per stored entry; plain arrays while loading, typed arrays once loaded.
  let ids: ArrayLike<number> = [];
  let reportedAt: ArrayLike<number> = [];
  let category: ArrayLike<number> = [];
  let grid: ArrayLike<number> = [];
  let start: ArrayLike<number> = [];
  let count: ArrayLike<number> = [];
  let at: ArrayLike<number> = [];
  let action: ArrayLike<number> = [];
  let from: ArrayLike<number> = [];
  let rating: ArrayLike<number> = [];
  let dup: ArrayLike<number> = [];
  const slot = new Map<number, number>();
  /** Tickets filed after loading, and entries recorded after loading, per slot in time order. */
  const extraTickets: TimelineTicket[] = [];
  const later = new Map<number, TimelineEntry[]>();
  let loadedUpTo = 0;
  let loaded = false;
  const storedSlots = () => ids.length;

  const entryAt = (i: number): TimelineEntry => ({
    at: at[i], action: ACTION_CODES[action[i]], fromStatus: from[i] === NO_STATUS ? null : TICKET_STATUSES[from[i]] as TicketStatus,
    rating: rating[i] < 0 ? null : rating[i], duplicateOf: dup[i] === 0 ? null : dup[i],
  });
  const rangeOf = (s: number): [number, number] => (s < storedSlots() && count[s] > 0 ? [start[s], start[s] + count[s]] : [0, 0]);

  return {
    get size(): number {
      return storedSlots() + extraTickets.length;
    },
    get loaded(): boolean {
      return loaded;
    },
    /** Reads everything from SQLite, a page at a time; `pause` runs between pages (a yield to the event loop). */
    async load(source: TimelineSource, pause: () => Promise<void>): Promise<void> {
      const tIds: number[] = [], tAt: number[] = [], tCat: number[] = [], tGrid: number[] = [], tStart: number[] = [], tCount: number[] = [];
      const eAt: number[] = [], eAction: number[] = [], eFrom: number[] = [], eRating: number[] = [], eDup: number[] = [];
      for (;;) {
        const page = source.ticketsAfter(loadedUpTo, PAGE_TICKETS);
        if (page.length === 0) break;
        const last = page[page.length - 1][0];
        const first = tIds.length;
        for (const [id, cat, gridId, reported] of page) {
          slot.set(id, tIds.length);
          tIds.push(id); tAt.push(reported); tCat.push(categories.code(cat)); tGrid.push(grids.code(gridId));
          tStart.push(0); tCount.push(0);
        }
        for (const [ticketId, a, act, fs, r, d] of source.eventsOf(loadedUpTo, last)) {
          const s = slot.get(ticketId);
          if (s === undefined || s < first) continue;
          if (tCount[s] === 0) tStart[s] = eAt.length;
          tCount[s] += 1;
          eAt.push(a); eAction.push(actionCode.get(act) ?? 0); eFrom.push(fs === null ? NO_STATUS : (statusCode.get(fs) ?? NO_STATUS));
          eRating.push(r ?? -1); eDup.push(d ?? 0);
        }
        loadedUpTo = last;
        ids = tIds; // entries of the loaded slots are visible to recorded() while the rest loads
        await pause();
      }
      ids = Float64Array.from(tIds); reportedAt = Float64Array.from(tAt); category = Uint8Array.from(tCat); grid = Uint16Array.from(tGrid);
      start = Int32Array.from(tStart); count = Int32Array.from(tCount);
      at = Float64Array.from(eAt); action = Uint8Array.from(eAction); from = Uint8Array.from(eFrom); rating = Int8Array.from(eRating);
      dup = Float64Array.from(eDup);
      loaded = true;
    },
    ticketAt(s: number): TimelineTicket {
      if (s >= storedSlots()) return extraTickets[s - storedSlots()];
      return { id: ids[s], category: categories.value(category[s]), gridId: grids.value(grid[s]), reportedAt: reportedAt[s] };
    },
    /** The entries of the ticket in slot s, in time order (stored ones, then later ones; both sorted by time). */
    entriesAt(s: number): TimelineEntry[] {
      const out: TimelineEntry[] = [];
      const [first, end] = rangeOf(s);
      for (let i = first; i < end; i++) out.push(entryAt(i));
      const extra = later.get(s);
      if (extra) {
        out.push(...extra);
        out.sort((a, b) => a.at - b.at); // stable: a stored entry stays before a later one of the same instant
      }
      return out;
    },
    /**
     * Calls fn with each entry of slot s up to `until`, in time order, without allocating for stored entries: the one
     * object passed is reused, so fn must not keep it (a seek folds tens of thousands of tickets at once).
     */
    forEachUntil(s: number, until: number, fn: (e: TimelineEntry) => void): void {
      if (later.has(s)) {
        for (const e of this.entriesAt(s)) if (e.at <= until) fn(e);
        return;
      }
      const scratch: TimelineEntry = { at: 0, action: 'report', fromStatus: null, rating: null, duplicateOf: null };
      const [first, end] = rangeOf(s);
      for (let i = first; i < end && at[i] <= until; i++) {
        scratch.at = at[i];
        scratch.action = ACTION_CODES[action[i]];
        scratch.fromStatus = from[i] === NO_STATUS ? null : TICKET_STATUSES[from[i]] as TicketStatus;
        scratch.rating = rating[i] < 0 ? null : rating[i];
        scratch.duplicateOf = dup[i] === 0 ? null : dup[i];
        fn(scratch);
      }
    },
    /** Whether any entry of slot s lies in (lo, hi]: its state differs between those two instants. */
    changesBetween(s: number, lo: number, hi: number): boolean {
      const [first, end] = rangeOf(s);
      for (let i = first; i < end; i++) {
        if (at[i] > lo && at[i] <= hi) return true;
      }
      return later.get(s)?.some((e) => e.at > lo && e.at <= hi) ?? false;
    },
    /** A ticket filed by a person: it joins the timeline for good (while loading, a page will read it from SQLite). */
    addTicket(t: TimelineTicket, report: TimelineEntry): void {
      if (slot.has(t.id) || !loaded) return;
      slot.set(t.id, storedSlots() + extraTickets.length);
      extraTickets.push(t);
      later.set(slot.get(t.id)!, [report]);
    },
    /** An action a person took at a virtual instant (while loading, only for pages already read). */
    addEntry(ticketId: number, e: TimelineEntry): void {
      const s = slot.get(ticketId);
      if (s === undefined || (!loaded && ticketId > loadedUpTo)) return;
      const list = later.get(s) ?? [];
      list.push(e);
      later.set(s, list);
    },
  };
}
export type TimelineIndex = ReturnType<typeof createTimelineIndex>;
