import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEVICE_COOKIE } from '../auth/device-cookies.js';
import { DOOR_BUDGETS } from '../auth/door.js';
import { auth, loginAs, rowCounts, testApp, TEST_PASSWORDS } from '../test/app.js';

/** Abuse at the door: idempotency per caller, the intake budget, failed Bearer tokens and logins, merges across towns. */
let app: FastifyInstance;
let clockMs = Date.UTC(2025, 2, 3, 1);
beforeAll(async () => {
  app = await testApp({ authNow: () => clockMs });
});
afterAll(() => app.close());

const DINGMAO_CELL = '321171001001-01';
const DAGANG_CELL = '321171002001-01';
const report = (over: object = {}) => ({
  category: 'lamp', title: '路灯不亮', description: '3号楼前', channel: 'mini_program', reporterRole: 'resident', gridId: DINGMAO_CELL, ...over,
});
const post = (payload: object, headers: Record<string, string>, ip = '10.1.0.1') =>
  app.inject({ method: 'POST', url: '/api/tickets', headers, payload, remoteAddress: ip });
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
let tokenSeq = 0;
/** A fresh intake token (its own budget and idempotency keys), made by the admin. */
const newToken = async (): Promise<string> => {
  const admin = { kind: 'account', accountId: 1, username: 'admin', role: 'admin', townCode: null } as const;
  return app.moshao.auth.tokens.create(admin, `door-${++tokenSeq}`, 'test').secret;
};
const auditOf = (action: string) =>
  app.moshao.db.prepare('SELECT actor_name AS actorName, target, detail, ip FROM audit_log WHERE action = ? ORDER BY id').all(action) as
    { actorName: string; target: string; detail: string; ip: string }[];

describe('Idempotency-Key belongs to its caller', () => {
  it("files token B's report although token A used the same key, and each replays only its own", async () => {
    const [a, b] = [bearer(await newToken()), bearer(await newToken())];
    const first = await post(report({ title: 'A 的报告' }), { ...a, 'idempotency-key': 'mp-0001' });
    const second = await post(report({ title: 'B 的报告' }), { ...b, 'idempotency-key': 'mp-0001' });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.json().id).not.toBe(first.json().id);
    expect(second.json().title).toBe('B 的报告');
    const againB = await post(report({ title: 'B 的报告' }), { ...b, 'idempotency-key': 'mp-0001' });
    expect(againB.statusCode).toBe(200);
    expect(againB.json()).toMatchObject({ id: second.json().id, idempotentReplay: true });
  });

  it('replays the same body (whatever its key order) and refuses a different body under the same key with 422', async () => {
    const a = { ...bearer(await newToken()), 'idempotency-key': 'mp-0002' };
    const created = await post(report(), a);
    expect(created.statusCode).toBe(201);
    const reordered = Object.fromEntries(Object.entries(report()).reverse());
    const before = rowCounts(app);
    const retry = await post(reordered, a);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(created.json().id);
    const other = await post(report({ title: '另一件事' }), a);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toEqual({ error: 'idempotency_key_reused', message: expect.stringMatching(/different request body/), field: 'idempotency-key' });
    expect(rowCounts(app)).toEqual(before);
  });

  it('keeps one ticket for concurrent retries, and refuses a concurrent different body under the same key', async () => {
    const a = { ...bearer(await newToken()), 'idempotency-key': 'burst-door' };
    const before = rowCounts(app);
    const answers = await Promise.all([post(report(), a), post(report(), a), post(report({ title: '不同' }), a), post(report(), a)]);
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 422)).toHaveLength(1);
    expect(new Set(answers.filter((r) => r.statusCode < 300).map((r) => r.json().id)).size).toBe(1);
    expect(rowCounts(app)).toEqual({ ...before, tickets: before.tickets + 1, events: before.events + 1, keys: before.keys + 1 });
  });

  it('scopes the keys of accounts by account', async () => {
    const district = await loginAs(app, 'district');
    const viaToken = await post(report(), { ...auth, 'idempotency-key': 'shared-spelling' });
    const viaAccount = await post(report(), { ...district, 'idempotency-key': 'shared-spelling' });
    expect([viaToken.statusCode, viaAccount.statusCode]).toEqual([201, 201]);
    const keys = app.moshao.db.prepare("SELECT caller FROM idempotency_keys WHERE key = 'shared-spelling' ORDER BY caller").all();
    expect(keys).toEqual([{ caller: expect.stringMatching(/^account:\d+$/) }, { caller: 'token:configured' }]);
  });
});

describe('intake budget', () => {
  const { burst, perMinute } = DOOR_BUDGETS.intake;

  it(`lets a token file ${burst} at once, then answers 429 with Retry-After, and refills at ${perMinute} a minute`, async () => {
    const a = bearer(await newToken());
    for (let i = 0; i < burst; i++) expect((await post(report({ title: `第${i}件` }), a)).statusCode).toBe(201);
    const before = rowCounts(app);
    const limited = await post(report({ description: 'x'.repeat(4000) }), a);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/intake budget.*try again in \d+ s/) });
    expect(Number(limited.headers['retry-after'])).toBe(Math.ceil(60 / perMinute));
    expect(rowCounts(app)).toEqual(before);
    // Another token is not held up by this one.
    expect((await post(report(), bearer(await newToken()))).statusCode).toBe(201);
    clockMs += 60_000 / perMinute;
    expect((await post(report(), a)).statusCode).toBe(201);
    expect((await post(report(), a)).statusCode).toBe(429);
  });

  it('counts requests refused for their body too, so a flood of bad reports is limited as well', async () => {
    const a = bearer(await newToken());
    for (let i = 0; i < burst; i++) expect((await post({ ...report(), category: 'ufo' }, a)).statusCode).toBe(400);
    expect((await post(report(), a)).statusCode).toBe(429);
    clockMs += 60_000; // let this token's bucket refill for the tests after
  });
});

describe('failed Bearer tokens', () => {
  const { burst } = DOOR_BUDGETS.bearerFailuresPerIp;

  it(`answers 401 to ${burst} unknown tokens from one address, then 429; audits each failure without the token`, async () => {
    const ip = '10.2.0.1';
    const good = await newToken();
    for (let i = 0; i < burst; i++) {
      const res = await post(report(), bearer(`mst_guess-${i}-secret`), ip);
      expect(res.statusCode).toBe(401);
      expect((await post(report(), bearer(good), ip)).statusCode).toBe(201);
    }
    const limited = await post(report(), bearer('mst_one-more-guess'), ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/unknown Bearer token/) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const audited = auditOf('auth.bearer_failed').filter((e) => e.ip === ip);
    expect(audited).toHaveLength(burst);
    expect(audited[0]).toMatchObject({ actorName: 'unknown Bearer token', target: 'route:POST /api/tickets' });
    expect(JSON.parse(audited[0].detail)).toEqual({ reason: 'unknown_token' });
    expect(JSON.stringify(audited)).not.toContain('guess');
    clockMs += 10 * 60_000;
  });

  it('never refuses a valid token for the unknown ones sent from its address, however many', async () => {
    const ip = '10.2.1.1';
    const good = await newToken();
    const statuses = [];
    for (let i = 0; i < 2 * burst; i++) statuses.push((await post(report(), bearer(`mst_guess-${i}-secret`), ip)).statusCode);
    expect(statuses.slice(0, burst).every((s) => s === 401) && statuses.slice(burst).every((s) => s === 429)).toBe(true);
    expect((await post(report(), bearer(good), ip)).statusCode).toBe(201);
    expect((await post(report(), auth, ip)).statusCode).toBe(201);
    clockMs += 10 * 60_000;
  });
});

describe('failed logins', () => {
  type Res = Awaited<ReturnType<typeof app.inject>>;
  const login = (username: string, password: string, ip: string, device?: string) =>
    app.inject({
      method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip,
      ...(device ? { cookies: { [DEVICE_COOKIE]: device } } : {}),
    });
  /** The device cookie a login set: what the browser's jar would keep. */
  const deviceOf = (res: Res) => res.cookies.find((c) => c.name === DEVICE_COOKIE)!.value;
  const perIp = DOOR_BUDGETS.loginFailuresPerIp.burst;
  const perPair = DOOR_BUDGETS.loginFailuresPerUserAndIp.burst;
  const perUser = DOOR_BUDGETS.loginFailuresPerUser;
  const perDevice = DOOR_BUDGETS.loginFailuresPerDevice.burst;
  /** The longest a slowed owner is told to wait: one token of the per-username bucket. */
  const SLOWED_MAX_S = Math.ceil(60 / perUser.perMinute);
  /** 50 attacker addresses, each trying wrong passwords (in the username's spellings) until refused. */
  const attack = async (username: string, addresses = 50, triesEach = 3) => {
    const statuses: number[] = [];
    const spellings = [username, ` ${username.toUpperCase()} `, username[0].toUpperCase() + username.slice(1)];
    for (let t = 0; t < triesEach; t++) {
      for (let a = 0; a < addresses; a++) statuses.push((await login(spellings[(a + t) % 3], `guess-${a}-${t}-password`, `10.66.0.${a}`)).statusCode);
    }
    return statuses;
  };
  const afterQuiet = () => {
    clockMs += 60 * 60_000;
  };

  it('limits spraying one password over many usernames from one address', async () => {
    const ip = '10.3.0.1';
    for (let i = 0; i < perIp; i++) expect((await login(`user-${i}`, 'Spring2025!', ip)).statusCode).toBe(401);
    const limited = await login('viewer', TEST_PASSWORDS.viewer, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/from this address/) });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await login('viewer', TEST_PASSWORDS.viewer, '10.3.0.2')).statusCode).toBe(200);
    const failures = auditOf('login.failure').filter((e) => e.ip === ip);
    expect(failures).toHaveLength(perIp);
    expect(failures[0].actorName).toBe('user-0');
    expect(JSON.stringify(failures)).not.toContain('Spring2025');
    afterQuiet();
  });

  it('sets a signed, httpOnly, SameSite=Strict device cookie for a year on every successful login, and none on a failure', async () => {
    const ok = await login('viewer', TEST_PASSWORDS.viewer, '10.3.1.1');
    const cookie = ok.cookies.find((c) => c.name === DEVICE_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login', maxAge: 365 * 24 * 3600 });
    expect(cookie.value.split('.')).toHaveLength(4);
    expect(Buffer.from(cookie.value.split('.')[0], 'base64url').toString()).toBe('viewer');
    const again = await login('viewer', TEST_PASSWORDS.viewer, '10.3.1.1', cookie.value);
    expect(deviceOf(again)).not.toBe(cookie.value); // a fresh nonce each time
    expect((await login('viewer', 'not-the-password', '10.3.1.1')).cookies).toHaveLength(0);
    afterQuiet();
  });

  it('lets the owner in at once with a device cookie while 50 addresses hammer admin, and slows a new browser by at most a second', async () => {
    const home = deviceOf(await login('admin', TEST_PASSWORDS.admin, '10.7.0.1'));
    const statuses = await attack('admin');
    // Frozen clock: the username's untrusted budget lets its burst of guesses through, then only 429s.
    expect(statuses.filter((s) => s === 401)).toHaveLength(perUser.burst);
    expect(statuses.filter((s) => s === 429)).toHaveLength(statuses.length - perUser.burst);
    const refused = await login('admin', 'another-guess-password', '10.66.9.9');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(SLOWED_MAX_S);

    // The owner's browser, from a new address or from an attacker's own (a shared NAT): in at once.
    expect((await login('admin', TEST_PASSWORDS.admin, '10.7.0.2', home)).statusCode).toBe(200);
    expect((await login('Admin', TEST_PASSWORDS.admin, '10.66.0.1', home)).statusCode).toBe(200);

    // The owner on a browser that never logged in: slowed, told when to come back, and in after that.
    const slowed = await login('admin', TEST_PASSWORDS.admin, '10.7.0.3');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().message).toMatch(/slowed/);
    const waitS = Number(slowed.headers['retry-after']);
    expect(waitS).toBeGreaterThan(0);
    expect(waitS).toBeLessThanOrEqual(SLOWED_MAX_S);
    clockMs += waitS * 1000;
    const late = await login('admin', TEST_PASSWORDS.admin, '10.7.0.3');
    expect(late.statusCode).toBe(200);
    expect(late.json().user.username).toBe('admin');

    const lockouts = auditOf('login.lockout');
    expect(lockouts.some((e) => e.actorName === 'admin' && JSON.parse(e.detail).limit === 'username')).toBe(true);
    const failures = auditOf('login.failure').filter((e) => e.ip.startsWith('10.66.'));
    expect(failures).toHaveLength(perUser.burst);
    expect(failures.every((f) => f.actorName === 'admin')).toBe(true);
    expect(JSON.stringify([...failures, ...lockouts])).not.toMatch(/guess/);
    afterQuiet();
  });

  it('locks out a device cookie that fails too often, and only that browser', async () => {
    const stolen = deviceOf(await login('dingmao', TEST_PASSWORDS.town, '10.8.0.1'));
    const owners = deviceOf(await login('dingmao', TEST_PASSWORDS.town, '10.8.0.2'));
    for (let i = 0; i < perDevice; i++) expect((await login('dingmao', `guess-${i}-password`, `10.8.1.${i}`, stolen)).statusCode).toBe(401);
    const locked = await login('dingmao', TEST_PASSWORDS.town, '10.8.1.9', stolen);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toMatch(/from this browser/);
    expect(auditOf('login.lockout').some((e) => JSON.parse(e.detail).limit === 'device')).toBe(true);
    // The cookie's failures did not touch the username's untrusted budget, nor the owner's other browser.
    expect((await login('dingmao', TEST_PASSWORDS.town, '10.8.0.2', owners)).statusCode).toBe(200);
    expect((await login('dingmao', TEST_PASSWORDS.town, '10.8.2.1')).statusCode).toBe(200);
    afterQuiet();
  });

  it("treats another user's, a tampered, or a made-up device cookie as no cookie", async () => {
    const viewers = deviceOf(await login('viewer', TEST_PASSWORDS.viewer, '10.9.0.1'));
    await attack('dingmao', 20, 1);
    const [user, nonce, expires, mac] = viewers.split('.');
    const forged = [
      viewers,
      [Buffer.from('dingmao').toString('base64url'), nonce, expires, mac].join('.'),
      [user, nonce, String(Number(expires) + 1), mac].join('.'),
      'dingmao.made-up.9999999999.signature',
    ];
    for (const device of forged) expect((await login('dingmao', TEST_PASSWORDS.town, '10.9.0.2', device)).statusCode).toBe(429);
    afterQuiet();
  });

  it("counts ' Admin ', 'ADMIN', 'ａｄｍｉｎ' and 'admin' as one username, for the limits and for the login", async () => {
    const ip = '10.10.0.1';
    const spellings = [' Admin ', 'ADMIN', 'ａｄｍｉｎ', 'admin', '\u3000aDmIn\t'];
    for (let i = 0; i < perPair; i++) expect((await login(spellings[i % spellings.length], `guess-${i}-password`, ip)).statusCode).toBe(401);
    const limited = await login('admin', TEST_PASSWORDS.admin, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/for this username from this address/);
    // Another username from the same address is not held back.
    expect((await login('viewer', TEST_PASSWORDS.viewer, ip)).statusCode).toBe(200);
    clockMs += 60_000 / DOOR_BUDGETS.loginFailuresPerUserAndIp.perMinute;
    const ok = await login(' Admin ', TEST_PASSWORDS.admin, ip);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe('admin');
    expect(Buffer.from(deviceOf(ok).split('.')[0], 'base64url').toString()).toBe('admin');
    expect(auditOf('login.failure').filter((e) => e.ip === ip).every((e) => e.actorName === 'admin')).toBe(true);
    afterQuiet();
  });

  it('does not count successful logins', async () => {
    for (let i = 0; i < perIp + perPair; i++) expect((await login('viewer', TEST_PASSWORDS.viewer, '10.5.0.1')).statusCode).toBe(200);
  });
});

describe('merges across towns', () => {
  it("refuses a town supervisor's merge into another town's ticket with 403 naming duplicateOf, and changes nothing", async () => {
    const town = await loginAs(app, 'town');
    const ours = (await post(report(), auth)).json().id as number;
    const theirs = (await post(report({ gridId: DAGANG_CELL }), auth)).json().id as number;
    const before = rowCounts(app);
    const res = await app.inject({ method: 'POST', url: `/api/tickets/${ours}/transitions`, headers: town, payload: { action: 'merge', duplicateOf: theirs } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'out_of_scope', field: 'duplicateOf', message: expect.stringMatching(/duplicateOf.*321171001/) });
    expect(rowCounts(app)).toEqual(before);
    expect((await app.inject({ url: `/api/tickets/${ours}` })).json().status).toBe('reported');

    // Into a ticket of its own town it may merge; a district supervisor may merge across towns.
    const ours2 = (await post(report(), auth)).json().id as number;
    const inTown = await app.inject({ method: 'POST', url: `/api/tickets/${ours2}/transitions`, headers: town, payload: { action: 'merge', duplicateOf: ours } });
    expect(inTown.json()).toMatchObject({ status: 'merged', duplicateOf: ours });
    const district = await loginAs(app, 'district');
    const across = await app.inject({ method: 'POST', url: `/api/tickets/${ours}/transitions`, headers: district, payload: { action: 'merge', duplicateOf: theirs } });
    expect(across.json()).toMatchObject({ status: 'merged', duplicateOf: theirs });
  });

  it("refuses a town supervisor's merge of another town's ticket into its own, naming the ticket", async () => {
    const town = await loginAs(app, 'town');
    const ours = (await post(report(), auth)).json().id as number;
    const theirs = (await post(report({ gridId: DAGANG_CELL }), auth)).json().id as number;
    const res = await app.inject({ method: 'POST', url: `/api/tickets/${theirs}/transitions`, headers: town, payload: { action: 'merge', duplicateOf: ours } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'out_of_scope', field: 'id' });
  });
});

describe('new passwords', () => {
  const admin = () => loginAs(app, 'admin');
  const create = async (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/admin/accounts', headers: await admin(), payload: { username, password, role: 'viewer' } });

  it('refuses common passwords and the username with 400 weak_password saying why, and creates nothing', async () => {
    const count = () => app.moshao.auth.accounts.list().length;
    const before = count();
    for (const [username, password, why] of [
      ['door-a', 'password123', /common/], ['door-b', 'moshao123456', /common/], ['door-c', '1234567890', /common/],
      ['door-dd', 'door-dd-door-dd', /username/], ['door-e', 'zzzzzzzzzzzz', /different characters/],
    ] as const) {
      const res = await create(username, password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json()).toEqual({ error: 'weak_password', message: expect.stringMatching(why), field: 'password' });
    }
    expect(count()).toBe(before);
    expect((await create('door-ok', 'river-lantern-1987')).statusCode).toBe(201);
  });

  it('refuses a weak new password in PATCH and keeps the old one', async () => {
    const viewer = app.moshao.auth.accounts.list().find((a) => a.username === 'viewer')!;
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/accounts/${viewer.id}`, headers: await admin(), payload: { password: 'viewer-2025-spring' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'weak_password', field: 'password', message: expect.stringMatching(/username/) });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: TEST_PASSWORDS.viewer }, remoteAddress: '10.6.0.1' });
    expect(login.statusCode).toBe(200);
  });
});
