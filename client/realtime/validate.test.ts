import { describe, expect, it } from 'vitest';
import { makeSummary, makeTicket } from '../test/fixtures.js';
import { deltaProblem, isSnapshot, ticketsOfUpsert } from './validate.js';

describe('deltaProblem', () => {
  const summary = makeSummary();

  it('accepts a well-formed delta', () => {
    expect(deltaProblem({ scope: '321171', seq: 3, patch: { clock: 5, tickets: summary.tickets, kpi: summary.kpi } })).toBeNull();
    expect(deltaProblem({ scope: '321171', seq: 3, patch: { series: summary.series, modules: summary.modules } })).toBeNull();
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
