import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER } from '../../shared/schemas/auth.js';
import { actionsFor } from './actions.js';
import { setCsrfToken } from '../api/http.js';
import { TicketActions } from './TicketActions.js';
import { makeTicket } from './test-fixtures.js';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const supervisor = { id: 2, username: 'dingmao', role: 'town' as const, townCode: '321171001', townName: '丁卯街道' };

describe('TicketActions', () => {
  it('shows one button per allowed action and none for a viewer', () => {
    const ticket = makeTicket({ status: 'reported', tier: 1 });
    const { unmount } = render(<TicketActions ticket={ticket} actions={actionsFor(ticket, supervisor)} duplicates={[]} onDone={() => {}} />);
    expect(screen.getAllByRole('button').map((b) => b.dataset.testid)).toEqual(['action-accept', 'action-reject', 'action-merge']);
    unmount();
    render(<TicketActions ticket={ticket} actions={actionsFor(ticket, { ...supervisor, role: 'viewer', townCode: null })} duplicates={[]} onDone={() => {}} />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByTestId('no-actions')).toBeTruthy();
  });

  it('posts the action with its note and the CSRF header, then reports done', async () => {
    setCsrfToken('csrf-1');
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(makeTicket({ status: 'accepted' })), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const onDone = vi.fn();
    const ticket = makeTicket({ id: 31, status: 'reported' });
    render(<TicketActions ticket={ticket} actions={['accept']} duplicates={[]} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('action-accept'));
    fireEvent.change(screen.getByTestId('action-note'), { target: { value: '  已受理，转社区  ' } });
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/tickets/31/transitions');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[CSRF_HEADER]).toBe('csrf-1');
    expect(JSON.parse(String(init.body))).toEqual({ action: 'accept', note: '已受理，转社区' });
  });

  it('asks for a rating to evaluate and a duplicate to merge into', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const dup = makeTicket({ id: 12, title: '同一路灯' });
    render(<TicketActions ticket={makeTicket({ id: 13 })} actions={['evaluate', 'merge']} duplicates={[dup]} onDone={() => {}} />);
    fireEvent.click(screen.getByTestId('action-evaluate'));
    fireEvent.change(screen.getByTestId('action-rating'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByTestId('action-merge'));
    expect((screen.getByTestId('action-duplicate') as HTMLSelectElement).value).toBe('12');
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    const bodies = fetchMock.mock.calls.map((c) => JSON.parse(String((c as unknown as [string, RequestInit])[1].body)));
    expect(bodies).toEqual([{ action: 'evaluate', rating: 4 }, { action: 'merge', duplicateOf: 12 }]);
  });

  it('says so when the role or town may not act', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'out_of_scope', message: '不在辖区' }), { status: 403 })));
    const onDone = vi.fn();
    render(<TicketActions ticket={makeTicket()} actions={['accept']} duplicates={[]} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('action-accept'));
    fireEvent.click(screen.getByTestId('action-submit'));
    expect((await screen.findByTestId('forbidden')).textContent).toContain('无权');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('uploads the 处置后 photos first, then handles the ticket naming them; other actions take no photo', async () => {
    setCsrfToken('csrf-2');
    const ids = ['AAAAAAAAAAAAAAAAAAAAA1', 'AAAAAAAAAAAAAAAAAAAAA2'];
    let uploads = 0;
    const fetchMock = vi.fn(async (url: string) => new Response(JSON.stringify(url === '/api/media'
      ? { id: ids[uploads++], width: 1600, height: 1200, bytes: 300_000 } : makeTicket({ status: 'handled' })), { status: url === '/api/media' ? 201 : 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const onDone = vi.fn();
    render(<TicketActions ticket={makeTicket({ id: 41, status: 'in_progress' })} actions={['handle', 'rework']} duplicates={[]} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('action-rework'));
    expect(screen.queryByTestId('action-photos')).toBeNull();
    fireEvent.click(screen.getByTestId('action-handle'));
    const files = [new File(['a'], 'a.jpg', { type: 'image/jpeg' }), new File(['b'], 'b.jpg', { type: 'image/jpeg' })];
    fireEvent.change(screen.getByTestId('action-photos'), { target: { files } });
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([u]) => u)).toEqual(['/api/media', '/api/media', '/api/tickets/41/transitions']);
    expect(calls[0][1].body).toBeInstanceOf(FormData);
    expect((calls[0][1].body as FormData).get('file')).toBeInstanceOf(Blob);
    expect((calls[0][1].headers as Record<string, string>)['content-type']).toBeUndefined();
    expect((calls[0][1].headers as Record<string, string>)[CSRF_HEADER]).toBe('csrf-2');
    expect(JSON.parse(String(calls[2][1].body))).toEqual({ action: 'handle', photos: ids });
  });
});
