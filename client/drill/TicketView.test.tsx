import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER } from '../../shared/schemas/auth.js';
import type { RevealedTicket, TicketPage } from '../../shared/schemas/drill.js';
import { setCsrfToken } from '../api/http.js';
import { sessionStore } from './session-store.js';
import { makeTicket } from './test-fixtures.js';
import { TicketView } from './TicketView.js';

const ME = { user: { id: 3, username: 'dagang', role: 'town', townCode: '321171001', townName: '丁卯街道' }, csrfToken: 'csrf-7', expiresAt: 9e12 };
const MASKED = { title: '王**先生家水管爆裂，电话139****5678', description: '联系人：王**', address: '3幢201室 业主王**' };
const ORIGINAL = { title: '王小明先生家水管爆裂，电话13912345678', description: '联系人：王小明', address: '3幢201室 业主王小明' };
const REASON = '回访需核实报告人电话';

function pageOf(mayReveal: boolean, photos?: TicketPage['photos']): TicketPage {
  const ticket = makeTicket({ id: 7, ...MASKED });
  const event = (id: number, note: string) => ({ id, ticketId: 7, at: 0, action: 'report' as const, fromStatus: null, toStatus: 'reported' as const, actor: 'resident', note });
  return {
    ticket, timeline: [event(1, ''), event(2, '已联系王**女士 139****5678')], possibleDuplicates: [], allowedActions: [], mayReveal, photos,
    place: { gridId: ticket.gridId, gridName: '三网格', villageCode: '321171001002', villageName: '丁卯社区', townCode: '321171001', townName: '丁卯街道', households: 300 },
  };
}
const REVEALED: RevealedTicket = { id: 7, ...ORIGINAL, notes: [{ eventId: 1, note: '' }, { eventId: 2, note: '已联系王小明女士 13912345678' }] };

/** The server: the ticket page, and the reveal answering `revealStatus`. */
function stubServer(mayReveal: boolean, revealStatus = 200, photos?: TicketPage['photos']) {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string, _init?: RequestInit) => {
    if (url === '/api/drill/tickets/7') return json(200, pageOf(mayReveal, photos));
    if (url === '/api/tickets/7/reveal') {
      return revealStatus === 200 ? json(200, REVEALED) : json(revealStatus, { error: 'invalid_body', message: '"reason" must say why', field: 'reason' });
    }
    if (url === '/api/categories') return json(200, []);
    if (url.startsWith('/api/geo')) return json(200, { type: 'FeatureCollection', features: [] });
    return json(404, { error: 'not_found', message: url });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  sessionStore.setState({ me: undefined });
});

const text = () => screen.getByTestId('ticket-page').textContent ?? '';

describe('the ticket page reveals the original words', () => {
  it('shows the words masked, and the original after a supervisor gives a reason, with a note that it was audited', async () => {
    sessionStore.setState({ me: ME as never });
    setCsrfToken('csrf-7');
    const fetchMock = stubServer(true);
    const { unmount } = render(<TicketView id={7} />);
    await screen.findByTestId('ticket-page');
    expect(text()).toContain(MASKED.title);
    expect(text()).toContain('已联系王**女士 139****5678');
    expect(text()).not.toContain('13912345678');

    fireEvent.click(screen.getByTestId('reveal-open'));
    const submit = screen.getByTestId('reveal-submit') as HTMLButtonElement;
    // Four characters at least, spaces aside, as the server counts them.
    fireEvent.change(screen.getByTestId('reveal-reason'), { target: { value: '  回访  ' } });
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('reveal-reason'), { target: { value: '核实电话' } });
    expect(submit.disabled).toBe(false);
    fireEvent.change(screen.getByTestId('reveal-reason'), { target: { value: `  ${REASON}  ` } });
    fireEvent.click(submit);

    expect((await screen.findByTestId('reveal-audited')).textContent).toContain(`此次查看已记入审计日志（原因：${REASON}）`);
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/tickets/7/reveal')!;
    const init = call[1]!;
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[CSRF_HEADER]).toBe('csrf-7');
    expect(JSON.parse(String(init.body))).toEqual({ reason: REASON });
    for (const words of [ORIGINAL.title, ORIGINAL.description, ORIGINAL.address, '已联系王小明女士 13912345678']) expect(text()).toContain(words);
    expect(text()).not.toContain(MASKED.title);

    fireEvent.click(screen.getByTestId('reveal-hide'));
    expect(text()).toContain(MASKED.title);
    expect(text()).not.toContain('13912345678');
    expect(screen.queryByTestId('reveal-audited')).toBeNull();
    unmount();
  });

  it('offers a viewer no reveal', async () => {
    sessionStore.setState({ me: { ...ME, user: { ...ME.user, role: 'viewer', townCode: null } } as never });
    stubServer(false);
    render(<TicketView id={7} />);
    await screen.findByTestId('ticket-page');
    expect(text()).toContain(MASKED.title);
    expect(screen.getByTestId('reveal').textContent).toContain('已脱敏');
    expect(screen.queryByTestId('reveal-open')).toBeNull();
  });

  it('keeps the words masked and says what was wrong when the server refuses', async () => {
    sessionStore.setState({ me: ME as never });
    stubServer(true, 400);
    render(<TicketView id={7} />);
    await screen.findByTestId('ticket-page');
    fireEvent.click(screen.getByTestId('reveal-open'));
    fireEvent.change(screen.getByTestId('reveal-reason'), { target: { value: REASON } });
    fireEvent.click(screen.getByTestId('reveal-submit'));
    await waitFor(() => expect(screen.getByTestId('reveal-form').textContent).toContain('"reason" must say why'));
    expect(screen.queryByTestId('reveal-audited')).toBeNull();
    expect(text()).not.toContain('13912345678');
  });
});

describe('the ticket page shows its photos', () => {
  it('puts the report\'s photos beside the 处置后 ones, as thumbnails that open the full copy', async () => {
    sessionStore.setState({ me: ME as never });
    const before = 'AAAAAAAAAAAAAAAAAAAAA1';
    const after = 'BBBBBBBBBBBBBBBBBBBBB2';
    stubServer(true, 200, [{ id: before, stage: 'before' }, { id: after, stage: 'after' }]);
    render(<TicketView id={7} />);
    await screen.findByTestId('photos');
    const imgs = (stage: string) => [...screen.getByTestId(`photos-${stage}`).querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(imgs('before')).toEqual([`/api/media/${before}?size=thumb`]);
    expect(imgs('after')).toEqual([`/api/media/${after}?size=thumb`]);
    const link = screen.getByTestId('photos-after').querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`/api/media/${after}?size=full`);
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('says there are none when the ticket has no photo', async () => {
    sessionStore.setState({ me: ME as never });
    stubServer(true, 200, []);
    render(<TicketView id={7} />);
    const panel = await screen.findByTestId('photos-panel');
    expect(panel.querySelector('img')).toBeNull();
    expect(panel.textContent).toMatch(/暂无照片|No photos/);
  });
});
