import type { StateCreator } from 'zustand';
import type { Category, PublicTicket } from '../../shared/schemas/ticket.js';
import { NO_INTERRUPTS, offerInterrupts, tickInterrupts, type InterruptState } from './interrupt-queue.js';
import { addRipples, EMPTY_BUFFER, fillTickets, mergeTickets, type Ripple, type TicketBuffer } from './ticket-buffer.js';

/** Category names by code, in both languages (GET /api/categories). */
export type CategoryNames = Record<string, Pick<Category, 'name' | 'nameEn' | 'tier'>>;

export interface TicketSlice {
  categories: CategoryNames | null;
  board: TicketBuffer;
  ripples: Ripple[];
  interrupt: InterruptState;
  setCategories: (categories: readonly Category[]) => void;
  /** The initial list (newest first), and again after a reconnect. */
  /** After a snapshot: `clock` is its clock (a demo that jumped back drops the board's later tickets). */
  fillBoard: (newestFirst: readonly PublicTicket[], clock?: number) => void;
  /** ticket:upsert: new tickets join the board, ripple on the map and may interrupt. */
  upsertTickets: (tickets: readonly PublicTicket[]) => void;
  /** Advances the urgent interrupt (called about once a second). */
  tickInterrupt: (now: number) => void;
}

export const createTicketSlice: StateCreator<TicketSlice, [], [], TicketSlice> = (set, get) => ({
  categories: null,
  board: EMPTY_BUFFER,
  ripples: [],
  interrupt: NO_INTERRUPTS,
  setCategories: (list) => {
    const categories: CategoryNames = {};
    for (const c of list) categories[c.code] = { name: c.name, nameEn: c.nameEn, tier: c.tier };
    set({ categories });
  },
  fillBoard: (newestFirst, clock) => {
    const board = fillTickets(get().board, newestFirst, clock);
    // A jump back in time: what was urgent or rippling belongs to an instant the wall no longer shows.
    set(board.epoch !== get().board.epoch ? { board, interrupt: NO_INTERRUPTS, ripples: [] } : { board });
  },
  upsertTickets: (tickets) => {
    const now = Date.now();
    const state = get();
    const { buffer, fresh } = mergeTickets(state.board, tickets);
    if (buffer === state.board) return;
    set({
      board: buffer,
      ripples: addRipples(state.ripples, fresh, now),
      interrupt: tickInterrupts(offerInterrupts(state.interrupt, fresh, now), now),
    });
  },
  tickInterrupt: (now) => {
    const interrupt = tickInterrupts(get().interrupt, now);
    if (interrupt !== get().interrupt) set({ interrupt });
  },
});
