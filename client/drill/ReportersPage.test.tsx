import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { langStore } from '../i18n/lang-store.js';
import { ReportersPage } from './ReportersPage.js';
import { groupCode, svgDataUrl } from './reporters-format.js';
import { sessionStore } from './session-store.js';

const TOWN = '321171001';
const VILLAGE = '321171001001';
const TOWN_ME = { user: { id: 2, username: 'dingmao', role: 'town' as const, townCode: TOWN, townName: '丁卯街道' }, csrfToken: 'c', expiresAt: 9e12 };
const DISTRICT_ME = { user: { id: 3, username: 'district', role: 'district' as const, townCode: null, townName: null }, csrfToken: 'c', expiresAt: 9e12 };
// 01:00 on the 16th in Shanghai is still the 15th in UTC: the page must take Shanghai's day.
const CLOCK = Date.parse('2023-06-16T01:00:00+08:00');
const QR = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>';

const ROSTER = {
  scope: TOWN,
  truncated: false,
  items: [
    { staffId: 'S000010', role: 'central_household', name: '马*', gridId: `${VILLAGE}-01`, gridName: '一网格', account: 'active' },
    { staffId: 'S000011', role: 'info_officer', name: '张*生', gridId: `${VILLAGE}-01`, gridName: '一网格', account: 'none' },
    { staffId: 'S000012', role: 'info_officer', name: '李*', gridId: `${VILLAGE}-02`, gridName: '二网格', account: 'invited', invitedUntil: CLOCK + 86_400_000 },
  ],
};
const feature = (id: string, name: string) => ({ type: 'Feature', id, properties: { name }, geometry: null });

/** A stand-in server: the clock, the map's names, the roster, the rounds and the invitations, recording each call. */
function serve() {
  const calls: { url: string; method: string; body?: string }[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body as string | undefined });
    const json = (v: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(v), { status }));
    if (url.startsWith('/api/health')) return json({ clock: CLOCK });
    if (url.startsWith('/api/geo?level=town')) return json({ type: 'FeatureCollection', features: [feature(TOWN, '丁卯街道'), feature('321171002', '谷阳镇')] });
    if (url.startsWith('/api/geo?level=village')) return json({ type: 'FeatureCollection', features: [feature(VILLAGE, '一村'), feature('321171002001', '外村')] });
    if (url.startsWith('/api/geo')) return json({ type: 'FeatureCollection', features: [] });
    if (url.startsWith('/api/reporters?')) return json(ROSTER);
    if (url.startsWith('/api/rounds?')) return json({ date: '2023-06-16', items: [{ staffId: 'S000010', gridId: `${VILLAGE}-01`, done: true, faults: 2 }] });
    if (url === '/api/reporters/invitations') return json({ code: 'ABCDEFGH', expiresAt: CLOCK + 7 * 86_400_000, staffId: 'S000011', qrSvg: QR, activateUrl: 'https://moshao.example.cn/m/activate' }, 201);
    return json({ error: 'not_found', message: url }, 404);
  });
  return calls;
}

beforeEach(() => langStore.getState().setLang('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStore.setState({ me: undefined });
});

describe('ReportersPage', () => {
  it('starts on a town supervisor\'s own town, its street fixed, listing each reporter\'s cell, masked name and account', async () => {
    const calls = serve();
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportersPage scope={null} />);
    await waitFor(() => expect(screen.getAllByTestId('reporter-row')).toHaveLength(3));
    expect(calls.map((c) => c.url)).toContain(`/api/reporters?scope=${TOWN}`);
    expect((screen.getByTestId('reporters-town') as HTMLSelectElement).disabled).toBe(true);
    const [active, none, invited] = screen.getAllByTestId('reporter-row');
    expect(active.textContent).toContain('一网格');
    expect(active.textContent).toContain('马*');
    expect(active.textContent).toContain('已开通');
    expect(within(active).queryByTestId('invite')).toBeNull();
    expect(within(none).getByTestId('invite').textContent).toBe('发邀请');
    expect(invited.textContent).toContain('已邀请');
    expect(within(invited).getByTestId('invite').textContent).toBe('重新邀请');
    // Only the town's villages are offered.
    await waitFor(() => expect(screen.getByTestId('reporters-village').textContent).toContain('一村'));
    expect(screen.getByTestId('reporters-village').textContent).not.toContain('外村');
  });

  it('asks a district supervisor to choose a street rather than list the whole district', async () => {
    const calls = serve();
    sessionStore.setState({ me: DISTRICT_ME });
    render(<ReportersPage scope={null} />);
    await waitFor(() => expect(screen.getByTestId('reporters-town').textContent).toContain('谷阳镇'));
    expect(screen.getByTestId('reporters-page').textContent).toContain('请选择街道');
    expect(calls.some((c) => c.url.startsWith('/api/reporters'))).toBe(false);
  });

  it('makes an invitation: the code grouped, its expiry, the QR as an image only, the once-only note and the print card', async () => {
    const calls = serve();
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportersPage scope={VILLAGE} />);
    await waitFor(() => expect(screen.getAllByTestId('reporter-row')).toHaveLength(3));
    fireEvent.click(within(screen.getAllByTestId('reporter-row')[1]).getByTestId('invite'));
    await waitFor(() => expect(screen.getByTestId('invitation-code').textContent).toBe('ABCD-EFGH'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/reporters/invitations');
    expect(JSON.parse(post.body!)).toEqual({ staffId: 'S000011' });
    const invitation = screen.getByTestId('invitation');
    expect(invitation.textContent).toContain('只显示这一次');
    expect(invitation.textContent).toContain('2023/06/23');
    // The server's SVG is never markup in the page: its script stays inside an image.
    expect(screen.getByTestId('invitation-qr').getAttribute('src')).toBe(svgDataUrl(QR));
    expect(document.querySelector('script')).toBeNull();
    const card = screen.getByTestId('contact-card');
    expect(card.textContent).toContain('ABCD-EFGH');
    expect(card.textContent).toContain('https://moshao.example.cn/m/activate');
    expect(card.textContent).toContain('一网格');
    expect(card.textContent).not.toContain('张*生');
    expect(card.textContent).not.toContain('S000011');
    // The roster is asked again: the row now shows its open invitation.
    await waitFor(() => expect(calls.filter((c) => c.url.startsWith('/api/reporters?')).length).toBe(2));
    const print = vi.fn();
    vi.stubGlobal('print', print);
    fireEvent.click(screen.getByTestId('print-card'));
    expect(print).toHaveBeenCalledOnce();
  });

  it('shows the rounds of the server\'s day in Shanghai, who did them and their faults, and another day on request', async () => {
    const calls = serve();
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportersPage scope={null} />);
    await waitFor(() => expect((screen.getByTestId('rounds-date') as HTMLInputElement).value).toBe('2023-06-16'));
    expect(calls.map((c) => c.url)).toContain(`/api/rounds?scope=${TOWN}&date=2023-06-16`);
    await waitFor(() => expect(screen.getAllByTestId('round-row')).toHaveLength(1));
    const row = screen.getByTestId('round-row');
    expect(row.textContent).toContain('马*');
    expect(row.textContent).toContain('已巡查');
    expect(row.textContent).toContain('2');
    expect(screen.getByTestId('rounds-summary').textContent).toContain('1 / 1');
    fireEvent.change(screen.getByTestId('rounds-date'), { target: { value: '2023-06-10' } });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain(`/api/rounds?scope=${TOWN}&date=2023-06-10`));
  });
});

describe('groupCode', () => {
  it('splits an 8-character code in two groups of four', () => {
    expect(groupCode('ABCDEFGH')).toBe('ABCD-EFGH');
  });
});
