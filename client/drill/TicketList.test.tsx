import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import { makeTicket } from './test-fixtures.js';
import { TicketList } from './TicketList.js';

afterEach(() => vi.unstubAllGlobals());

describe('the ticket list', () => {
  it('shows the title of a ticket in reach and a plain notice for one the server sent as public', async () => {
    // What GET /api/tickets sends for a ticket of another town: the public projection, without a title.
    const outside: PublicTicket = {
      id: 8, category: 'lamp', tier: 3, status: 'reported', urgent: false, handlingUnit: '', gridId: '321171002001-01', lng: 119.6, lat: 32.2,
      reportedAt: 0, acceptedAt: null, dispatchedAt: null, startedAt: null, handledAt: null, closedAt: null, evaluatedAt: null,
      responseDueAt: 1, closeDueAt: 2, updatedAt: 0,
    };
    const items = [makeTicket({ id: 9, title: '丁卯路灯不亮' }), outside];
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (url.startsWith('/api/tickets') ? json({ items, nextCursor: null }) : json([]))));
    render(<TicketList scope="321171" refreshKey={0} now={null} />);
    const rows = await screen.findAllByTestId('ticket-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['9', '8']);
    expect(rows[0].textContent).toContain('丁卯路灯不亮');
    expect(rows[1].textContent).toContain('辖区外事项，不显示内容');
    expect(rows[1].textContent).not.toContain('undefined');
  });
});
