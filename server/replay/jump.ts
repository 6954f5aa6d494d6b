import type { Category, Ticket } from '../../shared/schemas/ticket.js';
import type { CellPlace } from '../domain/handling-unit.js';
import type { LiveState } from '../domain/live-state.js';
import { applyEntry, filedTicket } from '../domain/timeline.js';
import type { TicketRepository } from '../storage/ticket-repository.js';
import type { TimelineIndex } from './timeline-index.js';

/** Work between two yields to the event loop: well under the 100 ms a wall or an HTTP request may wait. */
const SLICE_BUDGET_MS = 20;
/** Rows per page of the aggregates' rebuild (pages are read until a slice has used its budget). */
const ROWS_PER_PAGE = 1_000;

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

/**
 * Moves the demo from instant `from` to instant `to` directly, in either direction: only tickets with a timeline
 * entry between the two instants differ, so only they are folded to their state at `to` and rewritten; then the
 * aggregates are rebuilt once from SQLite and swapped in. Works in slices that yield to the event loop, so walls and
 * HTTP stay served; the old aggregates serve until the new ones are complete. Idempotent: after a crash half-way,
 * jumping again from the same `from` to the same `to` finishes the work.
 */
export async function jump(deps: JumpDeps, from: number, to: number): Promise<JumpResult> {
  const { index, tickets, live, categories, places } = deps;
  const started = performance.now();
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);

  // 1. Fold what changed. A ticket reported after `to` folds to its filed state: its row waits for the clock.
  const changed: Ticket[] = [];
  await sliced(index.size, (s) => {
    if (!index.changesBetween(s, lo, hi)) return;
    const meta = index.ticketAt(s);
    const category = categories.get(meta.category)!;
    const place = places.get(meta.gridId)!;
    // Only the state columns are written back, so the filing's free text is not needed here.
    const initial: Ticket = {
      ...filedTicket({ category: meta.category, gridId: meta.gridId, title: '', description: '', address: '', channel: 'resident',
        reporterRole: 'resident', urgent: false, lng: 0, lat: 0 }, meta.reportedAt, category, place),
      id: meta.id,
    };
    let t = initial;
    index.forEachUntil(s, to, (e) => {
      t = applyEntry(t, e, category, place) ?? t;
    });
    changed.push(t);
  });

  const folded = performance.now();

  // 2. Write them back in one transaction that stays open across slices: a crash leaves every row at `from` (or, for a
  //    backup copied meanwhile, the jump's marker, so the next start finishes it); the saved position moves with them.
  const tx = tickets.beginOpenTransaction();
  try {
    deps.saveProgress({ processedTo: from, seek: { from, to } });
    await sliced(changed.length, (i) => tickets.updateTicket(changed[i]));
    deps.saveProgress({ processedTo: to, seek: null });
    tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }

  const written = performance.now();

  // 3. The aggregates, rebuilt once from what SQLite now holds, page by page; the module numbers are taken again from
  //    their sources at `to` when the rebuild is swapped in (the day's streams so far, stored events).
  const rebuild = live.beginRebuild(to);
  let sliceStart = performance.now();
  for (let after = 0; ;) {
    const page = tickets.countedPage(after, to, ROWS_PER_PAGE);
    rebuild.add(page);
    if (page.length < ROWS_PER_PAGE) break;
    after = page[page.length - 1].id;
    if (performance.now() - sliceStart > SLICE_BUDGET_MS) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  rebuild.commit();

  const done = performance.now();
  return {
    changed: changed.length, ms: done - started,
    phases: { foldMs: folded - started, writeMs: written - folded, aggregatesMs: done - written },
  };
}
