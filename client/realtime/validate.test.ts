import { describe, expect, it } from 'vitest';
import { makeChild, makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { deltaProblem, isSnapshot, snapshotOf, ticketsOfUpsert } from './validate.js';

describe('deltaProblem', () => {
  const summary = makeSummary();

  it('accepts a well-formed delta', () => {
    expect(deltaProblem({ scope: '321171', seq: 3, patch: { clock: 5, tickets: summary.tickets, kpi: summary.kpi } })).toBeNull();
    expect(deltaProblem({ scope: '321171', seq: 3, patch: { series: summary.series, modules: summary.modules } })).toBeNull();
    expect(deltaProblem({ scope: '321171', seq: 3, patch: {}, cells: { '321171001001-01': { open: 1, overdue: 0, total: 4 } }, children: [makeChild('321171001')] })).toBeNull();
  });

  it.each([
    [null, 'not an object'],
    [{ seq: 1, patch: {} }, 'no scope'],
    [{ scope: '321171', seq: 1.5, patch: {} }, 'no integer seq'],
    [{ scope: '321171', seq: 1, patch: 'x' }, 'no patch'],
    [{ scope: '321171', seq: 1, patch: { clock: 'noon' } }, 'malformed section "clock"'],
    [{ scope: '321171', seq: 1, patch: { tickets: { total: 1 } } }, 'malformed section "tickets"'],
    [{ scope: '321171', seq: 1, patch: { series: { hourly: [{ t: 1 }], daily: [] } } }, 'malformed section "series"'],
    [{ scope: '321171', seq: 1, patch: { evil: 1 } }, 'unknown section "evil"'],
    [{ scope: '321171', seq: 1, patch: {}, cells: { '321171001001-01': { open: 1 } } }, 'malformed cells'],
    [{ scope: '321171', seq: 1, patch: {}, cells: [] }, 'malformed cells'],
    [{ scope: '321171', seq: 1, patch: {}, children: [{ id: '321171001', name: '丁卯街道', tickets: {}, kpi: {} }] }, 'malformed children'],
    [{ scope: '321171', seq: 1, patch: {}, children: {} }, 'malformed children'],
  ])('rejects %j: %s', (delta, problem) => {
    expect(deltaProblem(delta)).toBe(problem);
  });
});

describe('isSnapshot', () => {
  it('checks the seq and the summary', () => {
    expect(isSnapshot({ seq: 1, summary: makeSummary() })).toBe(true);
    expect(isSnapshot({ seq: 1, summary: { ...makeSummary(), kpi: null } })).toBe(false);
    expect(isSnapshot({ summary: makeSummary() })).toBe(false);
  });
});

describe('snapshotOf', () => {
  it('takes a whole snapshot as it is', () => {
    const snapshot = makeSnapshot(4, makeSummary(), {
      cells: { '321171001001-01': { open: 1, overdue: 1, total: 3 } }, children: [makeChild('321171001')], board: [makeTicket(2), makeTicket(1)],
    });
    expect(snapshotOf(snapshot)).toEqual({ snapshot, problems: [] });
  });

  it('drops a malformed cells, children or board section with its name and keeps the summary', () => {
    const got = snapshotOf({ seq: 4, summary: makeSummary(), cells: { x: 'many' }, children: 'none', board: [makeTicket(1), { id: 'x' }] });
    expect(got?.problems).toEqual(['cells', 'children', 'board']);
    expect(got?.snapshot).toEqual(makeSnapshot(4, makeSummary(), { board: [makeTicket(1)] }));
    // An older server without the pushed sections: the summary still shows.
    expect(snapshotOf({ seq: 1, summary: makeSummary() })?.snapshot.cells).toEqual({});
  });

  it('refuses a snapshot without a usable seq or summary', () => {
    expect(snapshotOf({ seq: 1, summary: { nope: 1 }, cells: {}, children: [], board: [] })).toBeNull();
    expect(snapshotOf(null)).toBeNull();
  });
});

describe('ticketsOfUpsert', () => {
  it('keeps the good tickets and counts the bad ones', () => {
    const got = ticketsOfUpsert({ scope: '321171', tickets: [makeTicket(1), { id: 'x' }, makeTicket(2, { lng: Number.NaN })], dropped: 0 });
    expect(got?.upsert.tickets.map((t) => t.id)).toEqual([1]);
    expect(got?.dropped).toBe(2);
  });

  it('rejects an upsert without a ticket list', () => {
    expect(ticketsOfUpsert({ scope: '321171' })).toBeNull();
    expect(ticketsOfUpsert('boom')).toBeNull();
  });
});

describe('the shared schemas, in full', () => {
  it('refuses what the hand checks let through: negative counts, a wrong tier, an unknown status, a rate above 1', () => {
    const summary = makeSummary();
    expect(deltaProblem({ scope: '321171', seq: 1, patch: { tickets: { ...summary.tickets, open: -3 } } })).toBe('malformed section "tickets"');
    expect(deltaProblem({ scope: '321171', seq: 1, patch: { kpi: { ...summary.kpi, onTimeRate: 7 } } })).toBe('malformed section "kpi"');
    expect(deltaProblem({ scope: '321171', seq: 1, patch: { modules: { ...summary.modules, activity: {} } } })).toBe('malformed section "modules"');
    const got = ticketsOfUpsert({ scope: '321171', tickets: [makeTicket(1, { tier: 4 as 1 }), makeTicket(2, { status: 'lost' as 'reported' }), makeTicket(3)], dropped: 0 });
    expect(got?.upsert.tickets.map((t) => t.id)).toEqual([3]);
    expect(snapshotOf({ seq: 1, summary: { ...summary, counts: { ...summary.counts, towns: 1.5 } } })).toBeNull();
  });
});
