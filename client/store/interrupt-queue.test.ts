import { describe, expect, it } from 'vitest';
import { makeTicket } from '../test/fixtures.js';
import {
  INTERRUPT_MIN_GAP_MS,
  INTERRUPT_QUEUE_MAX,
  INTERRUPT_SHOW_MS,
  INTERRUPT_STALE_MS,
  NO_INTERRUPTS,
  offerInterrupts,
  tickInterrupts,
} from './interrupt-queue.js';

const urgent = (id: number) => makeTicket(id, { urgent: true });

describe('urgent interrupts', () => {
  it('only tier-1 or urgent tickets interrupt', () => {
    const state = offerInterrupts(NO_INTERRUPTS, [makeTicket(1), makeTicket(2, { tier: 1 }), urgent(3), makeTicket(4, { tier: 2 })], 0);
    expect(state.pending.map((p) => p.ticket.id)).toEqual([2, 3]);
  });

  it('shows one at a time for a while, then returns', () => {
    let state = tickInterrupts(offerInterrupts(NO_INTERRUPTS, [urgent(1)], 0), 0);
    expect(state.active?.ticket.id).toBe(1);
    state = tickInterrupts(state, INTERRUPT_SHOW_MS - 1);
    expect(state.active?.ticket.id).toBe(1);
    state = tickInterrupts(state, INTERRUPT_SHOW_MS);
    expect(state.active).toBeNull();
  });

  it('starts at most one per window however many come (no strobing at top replay speed)', () => {
    let state = NO_INTERRUPTS;
    const started: number[] = [];
    for (let t = 0; t < 60_000; t += 250) {
      state = tickInterrupts(offerInterrupts(state, [urgent(t)], t), t);
      if (state.active && state.active.startedAt === t) started.push(t);
      expect(state.pending.length).toBeLessThanOrEqual(INTERRUPT_QUEUE_MAX);
    }
    expect(started).toEqual([0, INTERRUPT_MIN_GAP_MS, 2 * INTERRUPT_MIN_GAP_MS]);
  });

  it('drops waiting interrupts that are no longer news', () => {
    let state = tickInterrupts(offerInterrupts(NO_INTERRUPTS, [urgent(1), urgent(2)], 0), 0);
    expect(state.pending).toHaveLength(1);
    state = tickInterrupts(state, INTERRUPT_STALE_MS + 1);
    expect(state.pending).toEqual([]);
    expect(state.active).toBeNull();
  });

  it('returns the same state when nothing changes', () => {
    expect(tickInterrupts(NO_INTERRUPTS, 5)).toBe(NO_INTERRUPTS);
    expect(offerInterrupts(NO_INTERRUPTS, [makeTicket(1)], 5)).toBe(NO_INTERRUPTS);
  });
});
