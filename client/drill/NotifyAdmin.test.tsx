import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER } from '../../shared/schemas/auth.js';
import type { OutboxItem, SubscriptionView } from '../../shared/schemas/notify.js';
import { setCsrfToken } from '../api/http.js';
import { langStore } from '../i18n/lang-store.js';
import { AdminPage } from './AdminPage.js';
import { subscriptionBody } from './NotifyAdmin.js';
import { sessionStore } from './session-store.js';

const ADMIN = { user: { id: 1, username: 'root', role: 'admin', townCode: null, townName: null }, csrfToken: 'csrf-1', expiresAt: 9e12 };
const sub = (id: number, over: Partial<SubscriptionView> = {}): SubscriptionView => ({
  id, name: `群${id}`, scope: '321171001', unit: null, channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd…',
  hasSecret: false, levels: ['yellow', 'red'], mentionMobiles: [], disabledAt: null, createdAt: 1, updatedAt: 1, ...over,
});
const row = (id: number, status: OutboxItem['status']): OutboxItem => ({ id, subscriptionId: 1, ticketId: 123, level: 'red', status, attempts: 3, nextAttemptAt: 0, lastError: 'HTTP 502' });

/** A small admin API in memory: the subscriptions, and the outbox's failed and dead rows. */
function stubServer() {
  const subs: SubscriptionView[] = [sub(1), sub(2, { disabledAt: 5 })];
  const json = (status: number, body: unknown) => new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    if (url === '/api/admin/notify/subscriptions' && method === 'GET') return json(200, { items: subs });
    if (url === '/api/admin/notify/subscriptions' && method === 'POST') {
      const created = sub(3, { ...body, scope: body.scope ?? null, unit: body.unit ?? null, mentionMobiles: body.mentionMobiles ?? [], hasSecret: true });
      subs.push(created);
      return json(201, { ...created, secret: 'whsec_c2VjcmV0LXNob3duLW9uY2U=' });
    }
    const m = /^\/api\/admin\/notify\/subscriptions\/(\d+)$/.exec(url);
    if (m && method === 'PATCH') {
      const s = subs.find((x) => x.id === Number(m[1]))!;
      s.disabledAt = body.enabled ? null : 9;
      return json(200, s);
    }
    if (m && method === 'DELETE') {
      subs.splice(subs.findIndex((x) => x.id === Number(m[1])), 1);
      return json(204, null);
    }
    if (url.startsWith('/api/admin/notify/outbox?status=failed')) return json(200, { items: [row(10, 'failed')] });
    if (url.startsWith('/api/admin/notify/outbox?status=dead')) return json(200, { items: [row(11, 'dead')] });
    if (url === '/api/admin/notify/outbox/11/retry') return json(200, { ...row(11, 'pending'), attempts: 0 });
    return json(404, { error: 'not_found', message: url });
  });
  vi.stubGlobal('fetch', fetchMock);
  const calls = (method: string) => fetchMock.mock.calls.filter(([, init]) => (init?.method ?? 'GET') === method);
  return { fetchMock, calls, subs };
}

beforeEach(() => {
  langStore.getState().setLang('zh');
  sessionStore.setState({ me: ADMIN as never });
  setCsrfToken('csrf-1');
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setCsrfToken(null);
  sessionStore.setState({ me: undefined });
});

async function openTab() {
  render(<AdminPage />);
  fireEvent.click(screen.getByRole('tab', { name: '督办订阅' }));
  await screen.findAllByTestId('subscription-row');
}

describe('the admin’s 督办 subscriptions', () => {
  it('lists the subscriptions and creates one, showing its secret once', async () => {
    const { calls } = stubServer();
    await openTab();
    const rows = screen.getAllByTestId('subscription-row');
    expect(rows.map((r) => r.dataset.enabled)).toEqual(['true', 'false']);
    expect(rows[0].textContent).toContain('未及时签收、超期');

    const field = (label: string) => screen.getByLabelText(label, { exact: false }) as HTMLInputElement;
    fireEvent.change(field('名称'), { target: { value: ' 区水务局群 ' } });
    fireEvent.change(field('承办单位'), { target: { value: '区水务局' } });
    fireEvent.change(screen.getByLabelText('渠道'), { target: { value: 'webhook' } });
    fireEvent.change(field('接收地址'), { target: { value: 'https://bridge.example.cn/moshao' } });
    fireEvent.change(field('@手机号'), { target: { value: '13800000000, 13900000000' } });
    fireEvent.click(screen.getByTestId('notify-level-blue'));
    fireEvent.click(screen.getByTestId('notify-level-escalated'));
    fireEvent.submit(screen.getByTestId('notify-form'));

    expect((await screen.findByTestId('notify-secret')).textContent).toContain('whsec_c2VjcmV0LXNob3duLW9uY2U=');
    const [, init] = calls('POST')[0];
    expect((init!.headers as Record<string, string>)[CSRF_HEADER]).toBe('csrf-1');
    expect(JSON.parse(String(init!.body))).toEqual({
      name: '区水务局群', unit: '区水务局', channel: 'webhook', url: 'https://bridge.example.cn/moshao',
      levels: ['blue', 'yellow', 'red'], mentionMobiles: ['13800000000', '13900000000'],
    });
    await waitFor(() => expect(screen.getAllByTestId('subscription-row')).toHaveLength(3));
    // The list shows no secret; dismissed, it is gone for good.
    fireEvent.click(screen.getByTestId('notify-secret').querySelector('button')!);
    expect(screen.queryByTestId('notify-secret')).toBeNull();
    expect(screen.getByTestId('admin-notify').textContent).not.toContain('whsec_');
  });

  it('turns subscriptions off and on, and deletes one after asking', async () => {
    const { calls } = stubServer();
    await openTab();
    fireEvent.click(screen.getByTestId('subscription-disable'));
    await waitFor(() => expect(screen.getAllByTestId('subscription-row').map((r) => r.dataset.enabled)).toEqual(['false', 'false']));
    fireEvent.click(screen.getAllByTestId('subscription-enable')[1]);
    await waitFor(() => expect(screen.getAllByTestId('subscription-row').map((r) => r.dataset.enabled)).toEqual(['false', 'true']));
    expect(calls('PATCH').map(([url, init]) => [url, JSON.parse(String(init!.body))])).toEqual([
      ['/api/admin/notify/subscriptions/1', { enabled: false }],
      ['/api/admin/notify/subscriptions/2', { enabled: true }],
    ]);

    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    fireEvent.click(screen.getAllByTestId('subscription-delete')[0]);
    expect(calls('DELETE')).toHaveLength(0);
    fireEvent.click(screen.getAllByTestId('subscription-delete')[0]);
    await waitFor(() => expect(screen.getAllByTestId('subscription-row')).toHaveLength(1));
    expect(confirm.mock.calls[1][0]).toContain('群1');
    expect(calls('DELETE')[0][0]).toBe('/api/admin/notify/subscriptions/1');
  });

  it('shows the failed and dead sends, newest first, and retries one now', async () => {
    const { calls } = stubServer();
    await openTab();
    const rows = await screen.findAllByTestId('outbox-row');
    expect(rows.map((r) => [r.dataset.id, r.dataset.status])).toEqual([['11', 'dead'], ['10', 'failed']]);
    expect(rows[0].textContent).toContain('群1');
    expect(rows[0].textContent).toContain('HTTP 502');
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe('/drill/ticket/123');
    fireEvent.click(rows[0].querySelector('[data-testid="outbox-retry"]')!);
    await waitFor(() => expect(calls('POST').map(([url]) => url)).toEqual(['/api/admin/notify/outbox/11/retry']));
  });

  it('builds the body without the fields left empty', () => {
    expect(subscriptionBody({ name: ' a ', scope: ' ', unit: '', channel: 'wecom', url: ' https://x.cn ', secret: '', levels: ['red', 'blue'], mentions: '' }))
      .toEqual({ name: 'a', channel: 'wecom', url: 'https://x.cn', levels: ['blue', 'red'] });
  });
});
