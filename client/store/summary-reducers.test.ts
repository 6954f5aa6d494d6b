import { describe, expect, it } from 'vitest';
import { makeSummary } from '../test/fixtures.js';
import { applyDelta, applySnapshot, type SummaryState } from './summary-reducers.js';

const empty: SummaryState = { scope: '321171', summary: null, seq: null };

describe('applySnapshot', () => {
  it('replaces the summary and seq', () => {
    const summary = makeSummary();
    const state = applySnapshot(empty, { seq: 7, summary });
    expect(state).toEqual({ scope: '321171', summary, seq: 7 });
  });

  it('replaces a stale state entirely (re-subscribe after a gap)', () => {
    const first = applySnapshot(empty, { seq: 3, summary: makeSummary({ clock: 1 }) });
    const second = applySnapshot(first, { seq: 40, summary: makeSummary({ clock: 2 }) });
    expect(second.seq).toBe(40);
    expect(second.summary?.clock).toBe(2);
  });
});

describe('applyDelta', () => {
  const base = applySnapshot(empty, { seq: 10, summary: makeSummary() });

  it('applies the next delta section by section and leaves other sections alone', () => {
    const tickets = { ...makeSummary().tickets, total: 99, open: 5 };
    const { result, state } = applyDelta(base, { scope: '321171', seq: 11, patch: { clock: 123, tickets } });
    expect(result).toBe('ok');
    expect(state.seq).toBe(11);
    expect(state.summary?.clock).toBe(123);
    expect(state.summary?.tickets.total).toBe(99);
    expect(state.summary?.kpi).toBe(base.summary?.kpi);
    expect(state.summary?.counts).toBe(base.summary?.counts);
    // The input is not mutated: panels compare by reference.
    expect(base.summary?.tickets.total).toBe(0);
  });

  it('applies several deltas in order', () => {
    let state = base;
    for (let seq = 11; seq <= 13; seq++) {
      const out = applyDelta(state, { scope: '321171', seq, patch: { clock: seq * 1000 } });
      expect(out.result).toBe('ok');
      state = out.state;
    }
    expect(state.seq).toBe(13);
    expect(state.summary?.clock).toBe(13_000);
  });

  it('reports a gap when a delta is missing, without changing state', () => {
    const { result, state } = applyDelta(base, { scope: '321171', seq: 12, patch: { clock: 5 } });
    expect(result).toBe('gap');
    expect(state).toBe(base);
  });

  it('ignores deltas already contained in the snapshot', () => {
    expect(applyDelta(base, { scope: '321171', seq: 10, patch: { clock: 5 } }).result).toBe('ignored');
    expect(applyDelta(base, { scope: '321171', seq: 2, patch: { clock: 5 } }).result).toBe('ignored');
  });

  it('ignores deltas of another scope and deltas before the first snapshot', () => {
    expect(applyDelta(base, { scope: '321171001', seq: 11, patch: { clock: 5 } }).result).toBe('ignored');
    expect(applyDelta(empty, { scope: '321171', seq: 1, patch: { clock: 5 } }).result).toBe('ignored');
  });
});
