import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { langStore } from '../i18n/lang-store.js';
import { Root } from '../Root.js';
import { sessionStore } from './session-store.js';

const ME = { user: { id: 2, username: 'dingmao', role: 'town', townCode: '321171001', townName: '丁卯街道' }, csrfToken: 'c', expiresAt: 9e12 };

/** The server as these tests need it: who is logged in, and a ticket page this supervisor may not see. */
function stubServer(loggedIn: { value: boolean }) {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/auth/me') return loggedIn.value ? json(200, ME) : json(401, { error: 'unauthorized', message: 'no session' });
    if (url === '/api/auth/login') {
      const body = JSON.parse(String(init?.body)) as { password: string };
      if (body.password !== 'right-password') return json(401, { error: 'unauthorized', message: 'wrong' });
      loggedIn.value = true;
      return json(200, ME);
    }
    if (url.startsWith('/api/geo')) return json(200, { type: 'FeatureCollection', features: [] });
    if (url.startsWith('/api/drill/tickets/')) return json(403, { error: 'out_of_scope', message: '此事项属于大港街道' });
    return json(404, { error: 'not_found', message: url });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStore.setState({ me: undefined });
  langStore.getState().setLang('zh');
  window.history.replaceState(null, '', '/');
});

describe('the supervisors’ pages', () => {
  it('send a visitor without a session to the login page and back to the deep link afterwards', async () => {
    stubServer({ value: false });
    window.history.replaceState(null, '', '/drill/ticket/5');
    render(<Root />);
    await screen.findByTestId('login-page');
    expect(`${location.pathname}${location.search}`).toBe('/login?next=%2Fdrill%2Fticket%2F5');

    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'dingmao' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong-password' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toBe('用户名或密码不正确');

    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'right-password' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    // Back on the ticket, which belongs to another town: a clear notice, not a broken page.
    expect((await screen.findByTestId('forbidden')).textContent).toContain('您的角色或辖区无权查看或操作此内容');
    expect(location.pathname).toBe('/drill/ticket/5');
    expect(screen.getByTestId('whoami').textContent).toBe('dingmao · 街道督办 · 丁卯街道');
  });

  it('switches to English and back', async () => {
    stubServer({ value: true });
    window.history.replaceState(null, '', '/drill/ticket/5');
    render(<Root />);
    await screen.findByTestId('forbidden');
    await act(async () => fireEvent.click(screen.getByTestId('lang-toggle')));
    expect(screen.getByTestId('forbidden').textContent).toContain('Not allowed for your role or area');
    expect(localStorage.getItem('moshao.lang')).toBe('en');
    await act(async () => fireEvent.click(screen.getByTestId('lang-toggle')));
    expect(localStorage.getItem('moshao.lang')).toBe('zh');
  });

  it('open in the language chosen on the wall, from the one language store', async () => {
    stubServer({ value: true });
    // What the wall's `l` key and its header button do.
    langStore.getState().toggleLang();
    window.history.replaceState(null, '', '/drill/ticket/5');
    render(<Root />);
    expect((await screen.findByTestId('forbidden')).textContent).toContain('Not allowed for your role or area');
    expect(screen.getByTestId('whoami').textContent).toBe('dingmao · Street supervisor · 丁卯街道');
    expect(screen.getByTestId('lang-toggle').textContent).toBe('中文');
    expect(document.documentElement.lang).toBe('en-GB');
  });
});
