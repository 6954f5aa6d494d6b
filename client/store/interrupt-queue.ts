import type { PublicTicket } from '../../shared/schemas/ticket.js';

/** How long an urgent ticket holds the map and the board. */
export const INTERRUPT_SHOW_MS = 8_000;
/** At most one interrupt starts per this window: a replay at top speed must not strobe the wall. */
export const INTERRUPT_MIN_GAP_MS = 20_000;
/** Waiting interrupts beyond this are dropped, oldest first. */
export const INTERRUPT_QUEUE_MAX = 3;
/** A waiting interrupt older than this is no longer news. */
export const INTERRUPT_STALE_MS = 60_000;

export interface ActiveInterrupt {
  ticket: PublicTicket;
  startedAt: number;
  until: number;
}

export interface InterruptState {
  active: ActiveInterrupt | null;
  pending: { ticket: PublicTicket; queuedAt: number }[];
  lastStartAt: number | null;
}

export const NO_INTERRUPTS: InterruptState = { active: null, pending: [], lastStartAt: null };

/** A tier-1 (一级) or urgent (急难愁盼) ticket interrupts the wall. */
export function interrupts(ticket: PublicTicket): boolean {
  return ticket.tier === 1 || ticket.urgent;
}

/** Queues the interrupting tickets among `fresh`. Pure. */
export function offerInterrupts(state: InterruptState, fresh: readonly PublicTicket[], now: number): InterruptState {
  const add = fresh.filter(interrupts).map((ticket) => ({ ticket, queuedAt: now }));
  if (add.length === 0) return state;
  const pending = [...state.pending, ...add];
  return { ...state, pending: pending.slice(Math.max(0, pending.length - INTERRUPT_QUEUE_MAX)) };
}

/** Ends the shown interrupt when its time is up and starts the next one when the gap allows. Pure. */
export function tickInterrupts(state: InterruptState, now: number): InterruptState {
  let next = state;
  if (next.active && now >= next.active.until) next = { ...next, active: null };
  const pending = next.pending.filter((p) => now - p.queuedAt < INTERRUPT_STALE_MS);
  if (pending.length !== next.pending.length) next = { ...next, pending };
  const gapOk = next.lastStartAt === null || now - next.lastStartAt >= INTERRUPT_MIN_GAP_MS;
  if (!next.active && gapOk && next.pending.length > 0) {
    const [first, ...rest] = next.pending;
    next = { active: { ticket: first.ticket, startedAt: now, until: now + INTERRUPT_SHOW_MS }, pending: rest, lastStartAt: now };
  }
  return next;
}
