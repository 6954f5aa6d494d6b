import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, toTicketQuery } from './ticket-query.js';

describe('ticket filters', () => {
  it('turns the form into the API query, days in Shanghai, "to" inclusive', () => {
    const q = toTicketQuery('321171001002-03', { tab: 'overdue', status: '', tier: '2', category: 'lamp', from: '2023-06-01', to: '2023-06-30' }, '120');
    expect(q).toEqual({
      scope: '321171001002-03',
      status: undefined,
      tier: 2,
      category: 'lamp',
      overdue: true,
      from: Date.parse('2023-06-01T00:00:00+08:00'),
      to: Date.parse('2023-07-01T00:00:00+08:00') - 1,
      open: undefined,
      cursor: '120',
      limit: 30,
    });
  });

  it('asks the server for open tickets on the open tab, unless a status is chosen', () => {
    expect(toTicketQuery('321171', EMPTY_FILTER, null)).toMatchObject({ open: true, limit: 30 });
    expect(toTicketQuery('321171', { ...EMPTY_FILTER, tab: 'recent' }, null).open).toBeUndefined();
    expect(toTicketQuery('321171', { ...EMPTY_FILTER, status: 'closed' }, null)).toMatchObject({ status: 'closed', open: undefined });
  });
});
