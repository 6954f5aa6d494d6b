import type { Category, Ticket } from '../../shared/schemas/ticket.js';
import type { CellPlace } from '../domain/handling-unit.js';
import type { LiveState } from '../domain/live-state.js';
import { applyEntry, filedTicket } from '../domain/timeline.js';
import { seriesHorizon } from '../domain/aggregates.js';
import type { CountedTicket } from '../domain/contribution.js';
import { outsideRequestBudget } from '../storage/request-budget.js';
import type { TicketRepository } from '../storage/ticket-repository.js';
import type { TimelineIndex } from './timeline-index.js';

/** Work between two yields to the event loop: well under the 100 ms a wall or an HTTP request may wait. */
const SLICE_BUDGET_MS = 20;
/** Tickets read back per statement before they are rewritten (their rows as the aggregates count them). */
const IDS_PER_READ = 500;
/** Rows per page of a full recount of the aggregates (pages are read until a slice has used its budget). */
const ROWS_PER_PAGE = 1_000;
/**
 * Past this share of the timeline's tickets changed, counting every ticket again costs less than moving the aggregates
 * by each change (each changed row read back, two contributions each, the open tickets and the series' month read
 * again). Measured side by side on the full year (62,009 tickets): a seek changing 7,061 of them spent 674 ms of CPU
 * moving against 431 ms recounting, so only short hops move; a recount grows with the database, a move with the hop.
 */
const SHIFT_MAX_SHARE = 0.03;

export interface JumpDeps {
  index: TimelineIndex;
  tickets: TicketRepository;
  live: LiveState;
  categories: Map<string, Category>;
  places: Map<string, CellPlace>;
  /** Written in the same transaction as the rows: the replay then stands at `to`. */
  saveProgress: (p: { processedTo: number; seek: { from: number; to: number } | null }) => void;
}

export interface JumpResult {
  changed: number;
  ms: number;
  /** Where the time went: folding the changed tickets, writing them, bringing the aggregates to `to`. */
  phases: { foldMs: number; writeMs: number; aggregatesMs: number };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `step` over 0..n-1, yielding to the event loop whenever a slice has used its budget. */
async function sliced(n: number, step: (i: number) => void): Promise<void> {
  let started = performance.now();
  for (let i = 0; i < n; i++) {
    step(i);
    if ((i & 63) === 0 && performance.now() - started > SLICE_BUDGET_MS) {
      await yieldToLoop();
      started = performance.now();
    }
  }
}

/** The ticket in slot s of the index folded to its state at `to`. */
function foldAt(deps: JumpDeps, s: number, to: number): Ticket {
  return foldFromTo(deps, s, to, to).at;
}

/**
 * The ticket in slot s folded to its state at `to`, with its tier and merge at `from` taken on the way (one pass to
 * the later instant): where neither differs, its row is rewritten without those columns and their indexes.
 */
function foldFromTo(deps: JumpDeps, s: number, from: number, to: number): { at: Ticket; before: Pick<Ticket, 'tier' | 'duplicateOf'> } {
  const meta = deps.index.ticketAt(s);
  const category = deps.categories.get(meta.category)!;
  const place = deps.places.get(meta.gridId)!;
  // Only the state columns are written back, so the filing's free text is not needed here.
  const initial: Ticket = {
    ...filedTicket({ category: meta.category, gridId: meta.gridId, title: '', description: '', address: '', channel: 'resident',
      reporterRole: 'resident', urgent: false, lng: 0, lat: 0 }, meta.reportedAt, category, place),
    id: meta.id,
  };
  const lo = Math.min(from, to);
  let t = initial;
  let atLo: Ticket | null = null;
  deps.index.forEachUntil(s, Math.max(from, to), (e) => {
    if (!atLo && e.at > lo) atLo = t;
    t = applyEntry(t, e, category, place) ?? t;
  });
  const atHi = t;
  const early: Ticket = atLo ?? atHi;
  const [atFrom, atTo] = from <= to ? [early, atHi] : [atHi, early];
  return { at: atTo, before: { tier: atFrom.tier, duplicateOf: atFrom.duplicateOf } };
}

/** A stored row with the state columns a jump writes (updateTicket) taken from the folded ticket. */
function withState(row: CountedTicket, t: Ticket): CountedTicket {
  return {
    ...row, tier: t.tier, status: t.status, acceptedAt: t.acceptedAt, closedAt: t.closedAt, closeDueAt: t.closeDueAt,
    rating: t.rating, reworks: t.reworks,
  };
}

/** The aggregates moved from `from` to `to` by the changed tickets (see LiveState.beginShift). */
async function shiftAggregates(deps: JumpDeps, changed: Ticket[], before: Map<number, CountedTicket>, from: number, to: number): Promise<void> {
  const { index, tickets, live } = deps;
  const shift = live.beginShift(to);
  await sliced(changed.length, (i) => {
    const t = changed[i];
    const old = before.get(t.id);
    if (!old) return; // not in SQLite (cannot happen for a ticket of the timeline): nothing counted, nothing written
    shift.change(old.reportedAt <= from ? old : null, old.reportedAt <= to ? withState(old, t) : null);
  });
  const open = [...tickets.iterateOpenCounted(to)];
  await sliced(open.length, (i) => shift.open([open[i]]));
  // Every ticket reported or closed since the series' oldest bucket has a timeline entry since then.
  const since = seriesHorizon(to).day - 1;
  await sliced(index.size, (s) => {
    if (index.changesBetween(s, since, to)) shift.series([foldAt(deps, s, to)]);
  });
  shift.commit();
}

/** The aggregates counted again from what SQLite holds at `to`, page by page, and swapped in at once. */
async function recountAggregates(deps: JumpDeps, to: number): Promise<void> {
  const rebuild = deps.live.beginRebuild(to);
  let sliceStart = performance.now();
  for (let after = 0; ;) {
    const page = deps.tickets.countedPage(after, to, ROWS_PER_PAGE);
    rebuild.add(page);
    if (page.length < ROWS_PER_PAGE) break;
    after = page[page.length - 1].id;
    if (performance.now() - sliceStart > SLICE_BUDGET_MS) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  rebuild.commit();
}

/**
 * Moves the demo from instant `from` to instant `to` directly, in either direction: only tickets with a timeline
 * entry between the two instants differ, so only they are folded to their state at `to` and rewritten; then the
 * aggregates are moved by what changed (LiveState.beginShift) or, when most tickets changed, counted again. Works in slices that yield to the event loop, so walls and
 * HTTP stay served; the old aggregates serve until the new ones are complete. Idempotent: after a crash half-way,
 * jumping again from the same `from` to the same `to` finishes the work.
 */
export async function jump(deps: JumpDeps, from: number, to: number): Promise<JumpResult> {
  const { index, tickets } = deps;
  const started = performance.now();
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);

  // 1. Fold what changed. A ticket reported after `to` folds to its filed state: its row waits for the clock.
  const changed: Ticket[] = [];
  const atFrom: Pick<Ticket, 'tier' | 'duplicateOf'>[] = [];
  await sliced(index.size, (s) => {
    if (!index.changesBetween(s, lo, hi)) return;
    const { at, before } = foldFromTo(deps, s, from, to);
    changed.push(at);
    atFrom.push(before);
  });
  const folded = performance.now();

  // 2. Write them back in one transaction that stays open across slices: a crash leaves every row at `from` (or, for a
  //    backup copied meanwhile, the jump's marker, so the next start finishes it); the saved position moves with them.
  //    When the aggregates are to be moved by the changes, each row is read first as it stands: what they count of it.
  const before = new Map<number, CountedTicket>();
  const shifting = changed.length <= SHIFT_MAX_SHARE * index.size;
  const tx = tickets.beginOpenTransaction();
  try {
    deps.saveProgress({ processedTo: from, seek: { from, to } });
    if (shifting) await sliced(Math.ceil(changed.length / IDS_PER_READ), (page) => {
      const ids = changed.slice(page * IDS_PER_READ, (page + 1) * IDS_PER_READ).map((t) => t.id);
      // A seek serves no one request: its reads are not charged to the request that asked for it.
      for (const row of outsideRequestBudget(() => tickets.findTicketsByIds(ids))) before.set(row.id, row);
    });
    // A row stands at `from` (or, finishing a jump cut short, already at `to`): where tier and merge are the same at
    // both, they are left out of the UPDATE and SQLite leaves their indexes alone.
    await sliced(changed.length, (i) => tickets.updateTicket(changed[i], atFrom[i]));
    deps.saveProgress({ processedTo: to, seek: null });
    tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }

  const written = performance.now();

  // 3. The aggregates moved by what changed: each changed ticket's old contribution for its new one; the open
  //    tickets' deadlines between the instants; the series counted again from the tickets active within their horizon
  //    at `to`. Past SHIFT_MAX_SHARE of the tickets changed, counted again from SQLite page by page instead. Either
  //    way the module numbers are taken again from their sources at `to` when the new aggregates are swapped in.
  if (shifting) await shiftAggregates(deps, changed, before, from, to);
  else await recountAggregates(deps, to);

  const done = performance.now();
  return {
    changed: changed.length, ms: done - started,
    phases: { foldMs: folded - started, writeMs: written - folded, aggregatesMs: done - written },
  };
}
