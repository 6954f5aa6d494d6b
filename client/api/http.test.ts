import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER } from '../../shared/schemas/auth.js';
import { patchAccount, revokeIntakeToken } from './admin.js';
import { fetchMe, login, logout } from './auth.js';
import { postTransition } from './drill.js';
import { HttpError, request, setCsrfToken, setUnauthorizedHandler, TimeoutError } from './http.js';
import { fetchTickets } from './tickets.js';

type Call = { url: string; init: RequestInit };
let calls: Call[] = [];

function respond(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return status === 204
        ? new Response(null, { status })
        : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
}

const headerOf = (call: Call, name: string): string | undefined => (call.init.headers as Record<string, string>)[name];
const ME = { user: { id: 2, username: 'dingmao', role: 'town', townCode: '321171001', townName: '丁卯街道' }, csrfToken: 'tok-123', expiresAt: 1 };

beforeEach(() => {
  calls = [];
  setCsrfToken(null);
});
afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(null);
});

describe('CSRF', () => {
  it('sends the session token from login on every write, and on no read', async () => {
    respond(200, ME);
    await login({ username: 'dingmao', password: 'secret-password' });
    expect(headerOf(calls[0], CSRF_HEADER)).toBeUndefined();

    calls = [];
    respond(200, { id: 7 });
    await postTransition(7, { action: 'accept', note: '已受理' });
    await patchAccount(3, { disabled: true });
    await revokeIntakeToken(2);
    await fetchTickets({ scope: '321171001' });
    expect(calls.map((c) => [c.init.method, headerOf(c, CSRF_HEADER)])).toEqual([
      ['POST', 'tok-123'],
      ['PATCH', 'tok-123'],
      ['DELETE', 'tok-123'],
      ['GET', undefined],
    ]);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ action: 'accept', note: '已受理' });
    expect(calls[0].init.credentials).toBe('same-origin');
  });

  it('takes a fresh token from /api/auth/me and forgets it on logout', async () => {
    respond(200, { ...ME, csrfToken: 'fresh' });
    await fetchMe();
    respond(204, null);
    await logout();
    expect(headerOf(calls[1], CSRF_HEADER)).toBe('fresh');
    respond(200, {});
    await request('POST', '/api/x', { body: {} });
    expect(headerOf(calls[2], CSRF_HEADER)).toBeUndefined();
  });
});

describe('errors', () => {
  it('reports a 401 once to the app, except from login itself', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    respond(401, { error: 'unauthorized', message: 'Log in first.' });
    await expect(fetchTickets({ scope: '321171' })).rejects.toMatchObject({ status: 401, message: 'Log in first.' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(login({ username: 'x', password: 'y' })).rejects.toBeInstanceOf(HttpError);
    await expect(fetchMe()).resolves.toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('keeps the code of a 403 for the page to explain', async () => {
    respond(403, { error: 'out_of_scope', message: 'Not your town.' });
    await expect(postTransition(1, { action: 'accept' })).rejects.toMatchObject({ status: 403, code: 'out_of_scope' });
  });

  it('builds the ticket query from the set filters only', async () => {
    respond(200, { items: [], nextCursor: null });
    await fetchTickets({ scope: '321171001002-03', status: 'reported', overdue: false, cursor: '90', limit: 30 });
    expect(calls[0].url).toBe('/api/tickets?scope=321171001002-03&status=reported&cursor=90&limit=30');
  });
});

describe('bad input and hung servers', () => {
  it("keeps the server's error, message and field of a 400", async () => {
    respond(400, { error: 'bad_request', message: 'note is too long', field: 'note' });
    const err = await postTransition(1, { action: 'accept', note: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 400, code: 'bad_request', message: 'note is too long', field: 'note' });
  });

  it('falls back to the status when the error body is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    await expect(request('GET', '/api/x')).rejects.toMatchObject({ status: 502, code: '502', message: '502 Bad Gateway' });
  });

  /** A server that never answers: the request ends only when its signal aborts. */
  function hang(): void {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_url: string, init: RequestInit) =>
          new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
      ),
    );
  }

  it('gives up after the timeout with a TimeoutError naming the call', async () => {
    hang();
    const err = await request('GET', '/api/slow', { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('GET /api/slow: no answer within 0.03 s');
  });

  it("still honours the caller's own abort, as an abort, before the timeout", async () => {
    hang();
    const caller = new AbortController();
    const pending = request('GET', '/api/slow', { signal: caller.signal, timeoutMs: 60_000 }).catch((e: unknown) => e);
    caller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(TimeoutError);
    expect((err as Error).name).toBe('AbortError');
  });
});
