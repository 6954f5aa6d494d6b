import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../shared/schemas/auth.js';
import { DOOR_BUDGETS } from '../auth/door.js';
import { auth, loginAs, TEST_PASSWORDS, testApp } from '../test/app.js';

let app: FastifyInstance;
let clockMs = Date.UTC(2025, 0, 6, 1);
beforeAll(async () => {
  app = await testApp({ authNow: () => clockMs });
});
afterAll(() => app.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
const sessionOf = (res: Awaited<ReturnType<typeof login>>) => {
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
};
const me = (headers: Record<string, string>) => app.inject({ url: '/api/auth/me', headers });
const auditOf = (action: string) =>
  app.moshao.db.prepare('SELECT actor_name AS actorName, target, detail, ip FROM audit_log WHERE action = ? ORDER BY id').all(action) as
    { actorName: string; target: string; detail: string; ip: string }[];

describe('login', () => {
  it('sets an httpOnly, SameSite=Strict session cookie that expires, and answers with the user and a CSRF token', async () => {
    const res = await login('dingmao', TEST_PASSWORDS.town);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: expect.any(Number), username: 'dingmao', role: 'town', townCode: '321171001', townName: '丁卯街道' });
    expect(body.expiresAt).toBe(clockMs + SESSION_TTL_MS);
    expect(body.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.expires?.getTime()).toBe(Math.floor(body.expiresAt / 1000) * 1000);
    // Only the hash of the session id is stored.
    const stored = app.moshao.db.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[];
    expect(stored.some((s) => s.id_hash === cookie.value)).toBe(false);
    expect((await me(sessionOf(res))).json()).toEqual(body);
    expect(auditOf('login.success').at(-1)).toMatchObject({ actorName: 'dingmao', ip: '10.0.0.1' });
  });

  it('refuses wrong passwords, unknown users and disabled accounts alike with 401, and audits each failure', async () => {
    for (const [u, p] of [['dingmao', 'wrong-password'], ['nobody', 'whatever-password']]) {
      const res = await login(u, p, '10.0.0.2');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_credentials', message: 'Wrong username or password.' });
      expect(res.cookies).toHaveLength(0);
    }
    const failures = auditOf('login.failure').slice(-2);
    expect(failures.map((f) => [f.actorName, JSON.parse(f.detail).reason])).toEqual([['dingmao', 'wrong_password'], ['nobody', 'unknown_user']]);
    expect(JSON.stringify(failures)).not.toContain('wrong-password');
  });

  it('answers 400 with the standard body for a malformed login', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_body', field: 'password' });
  });

  it('rate-limits failed logins per username and address with 429 and Retry-After; other addresses and successes do not count', async () => {
    const { burst, perMinute } = DOOR_BUDGETS.loginFailuresPerUserAndIp;
    for (let i = 0; i < burst; i++) expect((await login('viewer', 'not-the-password', '10.0.0.3')).statusCode).toBe(401);
    const limited = await login('viewer', TEST_PASSWORDS.viewer, '10.0.0.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/try again in \d+ s/) });
    expect(limited.headers['retry-after']).toBeDefined();
    // Wrong passwords from one address do not lock the owner out from another, nor another username from this one.
    expect((await login('viewer', TEST_PASSWORDS.viewer, '10.0.0.4')).statusCode).toBe(200);
    for (let i = 0; i < burst + 1; i++) expect((await login('admin', TEST_PASSWORDS.admin, '10.0.0.3')).statusCode).toBe(200);
    clockMs += 60_000 / perMinute;
    expect((await login('viewer', TEST_PASSWORDS.viewer, '10.0.0.3')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('expire 8 h after login (fixed, not sliding)', async () => {
    const s = sessionOf(await login('dingmao', TEST_PASSWORDS.town, '10.0.1.1'));
    clockMs += SESSION_TTL_MS - 1000;
    expect((await me(s)).statusCode).toBe(200);
    clockMs += 1000;
    const res = await me(s);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('session_expired');
    const write = await app.inject({ method: 'POST', url: '/api/tickets/1/transitions', headers: s, payload: { action: 'accept' } });
    expect(write.statusCode).toBe(401);
  });

  it('end at logout: the cookie is cleared and the old id no longer works', async () => {
    const s = sessionOf(await login('dingmao', TEST_PASSWORDS.town, '10.0.1.2'));
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } })).statusCode).toBe(403);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect((await me(s)).statusCode).toBe(401);
    expect(auditOf('logout').at(-1)).toMatchObject({ actorName: 'dingmao' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });

  it('end when the admin disables the account or changes its password', async () => {
    const s = sessionOf(await login('viewer', TEST_PASSWORDS.viewer, '10.0.1.3'));
    const viewer = app.moshao.auth.accounts.list().find((a) => a.username === 'viewer')!;
    const admin = await loginAs(app, 'admin');
    const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/admin/accounts/${viewer.id}`, headers: admin, payload });
    expect((await patch({ disabled: true })).json()).toMatchObject({ disabled: true });
    expect((await me(s)).statusCode).toBe(401);
    expect((await login('viewer', TEST_PASSWORDS.viewer, '10.0.1.3')).statusCode).toBe(401);
    await patch({ disabled: false });
    const again = sessionOf(await login('viewer', TEST_PASSWORDS.viewer, '10.0.1.3'));
    await patch({ password: 'a-fresh-panel-passphrase' });
    expect((await me(again)).statusCode).toBe(401);
    expect((await login('viewer', 'a-fresh-panel-passphrase', '10.0.1.3')).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without or with a wrong x-csrf-token, before anything changes', async () => {
    const s = await loginAs(app, 'town');
    const ticket = (await app.inject({
      method: 'POST', url: '/api/tickets', headers: auth,
      payload: { category: 'lamp', title: '路灯不亮', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' },
    })).json();
    const url = `/api/tickets/${ticket.id}/transitions`;
    for (const headers of [{ cookie: s.cookie }, { cookie: s.cookie, 'x-csrf-token': 'f'.repeat(64) }]) {
      const res = await app.inject({ method: 'POST', url, headers, payload: { action: 'accept' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('csrf_invalid');
    }
    expect((await app.inject({ url: `/api/tickets/${ticket.id}` })).json().status).toBe('reported');
    expect((await app.inject({ method: 'POST', url, headers: s, payload: { action: 'accept' } })).statusCode).toBe(200);
  });

  it('does not ask Bearer requests for one, and a Bearer header outranks a cookie', async () => {
    const s = await loginAs(app, 'admin');
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: { ...auth, cookie: s.cookie },
      payload: { category: 'lamp', title: '路灯不亮', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' },
    });
    expect(res.statusCode).toBe(201);
    // The intake token with the admin's cookie is still only an intake token.
    const denied = await app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { ...auth, cookie: s.cookie } });
    expect(denied.statusCode).toBe(403);
  });
});

describe('security headers', () => {
  it('sends a CSP that allows only same-origin scripts, and the usual hardening headers', async () => {
    const res = await app.inject({ url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    // The page's own origin only (CSP Level 3 'self' covers ws: and wss: of the same host): never any WebSocket host.
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/connect-src[^;]*wss?:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
