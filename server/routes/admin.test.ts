import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { REPLAY_YEAR_END_MS } from '../../shared/constants.js';
import { auth, loginAs, testApp, type SessionHeaders } from '../test/app.js';
import { buildApp } from '../app.js';
import { smallWorld } from '../test/world.js';

let app: FastifyInstance;
let admin: SessionHeaders;
beforeAll(async () => {
  app = await testApp();
  admin = await loginAs(app, 'admin');
});
afterAll(() => app.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = admin) =>
  app.inject({ method, url, payload, headers });
const newTicket = { category: 'lamp', title: '路灯不亮', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-01' };

describe('accounts', () => {
  it('creates, lists and updates accounts without ever showing a password hash', async () => {
    const created = await call('POST', '/api/admin/accounts', { username: 'xinmao.sup', password: 'a-long-password', role: 'town', townCode: '321171102' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'xinmao.sup', role: 'town', townCode: '321171102', disabled: false, lastLoginAt: null });
    const list = await call('GET', '/api/admin/accounts');
    expect(list.json().items.map((a: { username: string }) => a.username)).toEqual(expect.arrayContaining(['admin', 'dingmao', 'viewer', 'xinmao.sup']));
    expect(list.body).not.toMatch(/scrypt|password/i);
    const updated = await call('PATCH', `/api/admin/accounts/${created.json().id}`, { role: 'district', townCode: null });
    expect(updated.json()).toMatchObject({ role: 'district', townCode: null });
  });

  it('refuses inconsistent accounts with 400/409 and the field', async () => {
    const bad = async (payload: object, status: number, field?: string) => {
      const res = await call('POST', '/api/admin/accounts', payload);
      expect(res.statusCode, res.body).toBe(status);
      if (field) expect(res.json().field).toBe(field);
    };
    await bad({ username: 'a1-town', password: 'a-long-password', role: 'town' }, 400, 'townCode');
    await bad({ username: 'a2-town', password: 'a-long-password', role: 'town', townCode: '321171999' }, 400, 'townCode');
    await bad({ username: 'a3-view', password: 'a-long-password', role: 'viewer', townCode: '321171001' }, 400, 'townCode');
    await bad({ username: 'a4-view', password: 'short', role: 'viewer' }, 400, 'password');
    await bad({ username: 'Bad Name', password: 'a-long-password', role: 'viewer' }, 400, 'username');
    await bad({ username: 'a5-root', password: 'a-long-password', role: 'root' }, 400, 'role');
    await bad({ username: 'dingmao', password: 'a-long-password', role: 'viewer' }, 409, 'username');
  });

  it('never disables or demotes the last active admin', async () => {
    const me = app.moshao.auth.accounts.list().find((a) => a.username === 'admin')!;
    for (const patch of [{ disabled: true }, { role: 'viewer' }]) {
      const res = await call('PATCH', `/api/admin/accounts/${me.id}`, patch);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toBe('last_admin');
    }
    expect((await call('PATCH', '/api/admin/accounts/99999', { disabled: true })).statusCode).toBe(404);
  });
});

describe('intake tokens', () => {
  it('shows a new secret once, stores only its hash, accepts it for intake only, and refuses it once revoked', async () => {
    const res = await call('POST', '/api/admin/intake-tokens', { name: '小程序 2' });
    expect(res.statusCode).toBe(201);
    const { token, secret } = res.json();
    expect(secret).toMatch(/^mst_/);
    expect(token).toMatchObject({ name: '小程序 2', prefix: secret.slice(0, 8), revokedAt: null });
    const stored = JSON.stringify(app.moshao.db.prepare('SELECT * FROM intake_tokens').all());
    expect(stored).not.toContain(secret);
    expect((await call('GET', '/api/admin/intake-tokens')).body).not.toContain(secret);

    const bearer = { authorization: `Bearer ${secret}` };
    const filed = await call('POST', '/api/tickets', newTicket, bearer);
    expect(filed.statusCode).toBe(201);
    expect((await call('POST', `/api/tickets/${filed.json().id}/transitions`, { action: 'accept' }, bearer)).statusCode).toBe(403);
    expect((await call('GET', '/api/admin/intake-tokens')).json().items.find((t: { id: number }) => t.id === token.id).lastUsedAt).not.toBeNull();

    expect((await call('DELETE', `/api/admin/intake-tokens/${token.id}`)).json().revokedAt).not.toBeNull();
    expect((await call('DELETE', `/api/admin/intake-tokens/${token.id}`)).statusCode).toBe(409);
    expect((await call('POST', '/api/tickets', newTicket, bearer)).statusCode).toBe(401);
    // The configured token (MOSHAO_INTAKE_TOKEN) keeps working.
    expect((await call('POST', '/api/tickets', newTicket, auth)).statusCode).toBe(201);
  });
});

describe('audit log', () => {
  it('records logins, transitions, account and token changes with who, what, when and from where; admins page it', async () => {
    const town = await loginAs(app, 'town');
    const id = (await call('POST', '/api/tickets', newTicket, auth)).json().id;
    await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: town, payload: { action: 'accept', note: '已受理' }, remoteAddress: '10.9.8.7' });
    await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: town, payload: { action: 'dispatch', note: '派社区' } });
    const page = (await call('GET', '/api/audit?limit=200')).json();
    const entries = page.items as { action: string; actorName: string; actorKind: string; target: string; detail: Record<string, unknown>; ip: string; at: number }[];
    const find = (action: string, target?: string) => entries.find((e) => e.action === action && (!target || e.target === target));
    expect(find('ticket.transition', `ticket:${id}`)).toMatchObject({
      actorKind: 'account', actorName: 'dingmao', detail: { action: 'dispatch', from: 'accepted', to: 'dispatched', note: '派社区' },
    });
    expect(entries.filter((e) => e.target === `ticket:${id}`).map((e) => e.action)).toEqual(['ticket.transition', 'ticket.transition', 'ticket.create']);
    expect(entries.find((e) => e.target === `ticket:${id}` && e.detail.action === 'accept')?.ip).toBe('10.9.8.7');
    expect(find('ticket.create', `ticket:${id}`)).toMatchObject({ actorKind: 'token', actorId: 'configured' });
    expect(find('login.success')).toMatchObject({ actorName: expect.any(String) });
    expect(find('account.create')).toMatchObject({ actorName: 'admin', detail: { username: 'xinmao.sup', role: 'town' } });
    expect(find('account.update')).toMatchObject({ actorName: 'admin', detail: { role: 'district' } });
    expect(find('token.create')).toBeDefined();
    expect(find('token.revoke')).toBeDefined();
    // Stamped with the real clock, not the replay's 2023 one, and never in the future.
    expect(entries[0].at).toBeGreaterThan(REPLAY_YEAR_END_MS);
    expect(entries[0].at).toBeLessThanOrEqual(Date.now());
    // The timeline names the unit, not the account.
    const timeline = (await app.inject({ url: `/api/tickets/${id}`, headers: town })).json().timeline as { actor: string }[];
    expect(timeline.map((e) => e.actor)).toEqual(['resident', '丁卯街道综治中心', '丁卯街道综治中心']);

    const first = (await call('GET', '/api/audit?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await call('GET', `/api/audit?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    const logins = (await call('GET', '/api/audit?action=login.success')).json().items as { action: string }[];
    expect(logins.every((e) => e.action === 'login.success')).toBe(true);
  });
});

describe('start-up accounts', () => {
  it('makes up passwords once when none are given (demo: admin, dingmao, viewer; live: admin only), and keeps them after', async () => {
    const demo = await buildApp({ dbPath: ':memory:', world: smallWorld(), clientDir: '/nonexistent' });
    try {
      const made = demo.moshao.generatedCredentials;
      expect(made.map((c) => [c.username, c.role])).toEqual([['admin', 'admin'], ['dingmao', 'town'], ['viewer', 'viewer']]);
      for (const c of made) {
        expect(c.password.length).toBeGreaterThanOrEqual(16);
        const res = await demo.inject({ method: 'POST', url: '/api/auth/login', payload: { username: c.username, password: c.password } });
        expect(res.statusCode).toBe(200);
      }
      expect(await demo.moshao.auth.accounts.bootstrap({ mode: 'demo' })).toEqual([]);
    } finally {
      await demo.close();
    }
    const live = await buildApp({ dbPath: ':memory:', world: smallWorld(), clientDir: '/nonexistent', mode: 'live', adminPassword: 'chosen-admin-password' });
    try {
      expect(live.moshao.generatedCredentials).toEqual([]);
      expect(live.moshao.auth.accounts.list().map((a) => a.username)).toEqual(['admin']);
    } finally {
      await live.close();
    }
  });

  it('resets the admin to MOSHAO_ADMIN_PASSWORD when it is set', async () => {
    const res = await call('PATCH', `/api/admin/accounts/${app.moshao.auth.accounts.list().find((a) => a.username === 'admin')!.id}`, { password: 'changed-by-hand' });
    expect(res.statusCode).toBe(200);
    await app.moshao.auth.accounts.bootstrap({ mode: 'demo', adminPassword: 'from-the-environment' });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'from-the-environment' } });
    expect(login.statusCode).toBe(200);
  });
});
