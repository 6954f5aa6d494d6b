import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SupervisePage as Page } from '../../shared/schemas/notify.js';
import { langStore } from '../i18n/lang-store.js';
import { makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { FakeSocket } from '../test/fake-socket.js';
import { DrillHeader } from './DrillHeader.js';
import { sessionStore } from './session-store.js';
import { SupervisePage } from './SupervisePage.js';

const sockets: FakeSocket[] = [];
vi.mock('../realtime/socket.js', () => ({
  createSocket: () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s;
  },
}));

const TOWN = '321171001';
const ME = { user: { id: 3, username: 'dagang', role: 'town', townCode: TOWN, townName: '丁卯街道' }, csrfToken: 'c', expiresAt: 9e12 };
const PAGE: Page = {
  counts: { red: 2, yellow: 1, blue: 0 },
  items: [
    { ticketId: 123, level: 'red', unit: '区水务局', deadline: Date.UTC(2023, 9, 17, 1, 30), overdueMinutes: 1530, serial: 'DB-2023-000123' },
    { ticketId: 7, level: 'yellow', unit: '', deadline: Date.UTC(2023, 9, 18, 1, 30), overdueMinutes: 5, serial: 'DB-2023-000007' },
    { ticketId: 9, level: 'escalated', unit: '丁卯街道城管科', deadline: Date.UTC(2023, 9, 20, 1, 30), overdueMinutes: 0, serial: 'DB-2023-000009' },
  ],
};

function stubServer() {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string) => {
    if (url.startsWith('/api/supervise')) return json(200, PAGE);
    if (url.startsWith('/api/geo')) return json(200, { type: 'FeatureCollection', features: [] });
    return json(404, { error: 'not_found', message: url });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, superviseCalls: () => fetchMock.mock.calls.map(([u]) => u).filter((u) => u.startsWith('/api/supervise')) };
}

beforeEach(() => {
  langStore.getState().setLang('zh');
  sessionStore.setState({ me: ME as never });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  sockets.length = 0;
  sessionStore.setState({ me: undefined });
});

describe('the 督办 page', () => {
  it('lists the scope’s supervised tickets as the server orders them, each linking to its ticket and its printable notice', async () => {
    const { superviseCalls } = stubServer();
    render(<SupervisePage scope={null} level={null} />);
    const rows = await screen.findAllByTestId('supervise-row');
    expect(superviseCalls()).toEqual(['/api/supervise']);
    expect(rows.map((r) => r.dataset.id)).toEqual(['123', '7', '9']);
    expect(rows[0].textContent).toContain('DB-2023-000123');
    expect(rows[0].textContent).toContain('超期');
    expect(rows[0].textContent).toContain('区水务局');
    expect(rows[0].textContent).toContain('25 小时 30 分');
    expect(rows[2].textContent).toContain('未到期');
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe('/drill/ticket/123');
    expect(rows[0].querySelector('a.dbtn')!.getAttribute('href')).toBe('/drill/supervise/123/print');
    // The page follows the caller's town (what the server answers for without a scope).
    expect(screen.getByTestId('supervise-page').dataset.scope).toBe(TOWN);
    expect(screen.getByTestId('supervise-filter-red').textContent).toBe('超期2');
    expect(screen.getByTestId('supervise-filter-red').getAttribute('href')).toBe('/drill/supervise?level=red');
  });

  it('asks for one level and scope when the URL names them', async () => {
    const { superviseCalls } = stubServer();
    render(<SupervisePage scope="321171001002" level="red" />);
    await screen.findAllByTestId('supervise-row');
    expect(superviseCalls()).toEqual(['/api/supervise?scope=321171001002&level=red']);
    expect(screen.getByTestId('supervise-filter-red').className).toContain('on');
    expect(screen.getByTestId('supervise-filter-all').getAttribute('href')).toBe('/drill/supervise?scope=321171001002');
  });

  it('fetches again, once for a burst, when the scope’s tickets change or a delta moves its numbers', async () => {
    const { superviseCalls } = stubServer();
    // The page's clock stands still (its timers still run): the burst then lands inside the 2 s window that the first
    // load opened, however long that load took on a busy machine. With a moving clock a slow first render let the
    // window end first, and the burst fetched at once and again after it.
    vi.useFakeTimers({ toFake: ['Date'] });
    render(<SupervisePage scope={null} level={null} />);
    await screen.findAllByTestId('supervise-row');
    const socket = sockets[0];
    expect(socket.subscribes.map((s) => s.scope)).toEqual([TOWN]);
    const summary = makeSummary({ scope: { id: TOWN, level: 'town', name: '丁卯街道', parents: ['321171'] }, supervise: { red: 2, yellow: 1, blue: 0 } });
    act(() => socket.subscribes[0].ack(null, { ok: true, data: makeSnapshot(5, summary) }));
    act(() => {
      for (let i = 0; i < 3; i++) socket.fire('ticket:upsert', { scope: TOWN, tickets: [makeTicket(123)], dropped: 0 });
    });
    expect(superviseCalls()).toHaveLength(1); // within 2 s of the first load: waits
    await waitFor(() => expect(superviseCalls()).toHaveLength(2), { timeout: 4000 });

    act(() => socket.fire('scope:delta', { scope: TOWN, seq: 6, patch: { supervise: { red: 3, yellow: 1, blue: 0 } } }));
    await waitFor(() => expect(superviseCalls()).toHaveLength(3), { timeout: 4000 });
    // A delta that moves neither tickets nor 督办 (the clock) fetches nothing.
    act(() => socket.fire('scope:delta', { scope: TOWN, seq: 7, patch: { clock: summary.clock + 1000 } }));
    await new Promise((r) => setTimeout(r, 2300));
    expect(superviseCalls()).toHaveLength(3);
  }, 15_000);

  it('is linked from the header menu for every supervisor', () => {
    render(<DrillHeader />);
    expect(screen.getByTestId('supervise-link').getAttribute('href')).toBe('/drill/supervise');
    expect(screen.getByTestId('supervise-link').textContent).toBe('督办');
  });
});
