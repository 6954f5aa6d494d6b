import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { villageOf } from '../../shared/scope.js';
import { CODE_ALPHABET, hashCode } from '../auth/codes.js';
import { shanghaiDate } from '../domain/rounds.js';
import { createWorldWriter } from '../storage/world-writer.js';
import { auth, loginAs, OTHER_TOWN, TEST_TOWN, testApp, type SessionHeaders } from '../test/app.js';
import { listenOnFreePort, socketClients } from '../test/sockets.js';

let app: FastifyInstance;
let base = '';
const sockets = socketClients(() => base);
const PASSWORD = 'reporter-chosen-passphrase';
const PHONE = '13812345678';

beforeAll(async () => {
  // Small resident budget (per address: the tests name their addresses), generous activations.
  app = await testApp({ budgets: { residentReportsPerIp: { perMinute: 0.001, burst: 3 }, activationsPerIp: { perMinute: 60, burst: 60 } } });
  base = await listenOnFreePort(app);
}, 120_000);
afterAll(async () => {
  sockets.closeAll();
  await app.close();
});

const staffOf = (role: string, town: string, skip = 0): { id: string; gridId: string } =>
  app.moshao.db.prepare('SELECT id, grid_id AS gridId FROM staff WHERE role = ? AND grid_id LIKE ? ORDER BY id LIMIT 1 OFFSET ?')
    .get(role, `${town}%`, skip) as { id: string; gridId: string };
const post = (url: string, payload: object, headers: Record<string, string> = {}, remoteAddress?: string) =>
  app.inject({ method: 'POST', url, payload, headers, ...(remoteAddress ? { remoteAddress } : {}) });
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const count = (sql: string) => (app.moshao.db.prepare(sql).get() as { n: number }).n;

/** Invites a staff row as the 丁卯街道 supervisor and activates it: the reporter's session headers. */
async function reporterFor(staffId: string): Promise<SessionHeaders & { username: string }> {
  const invited = await post('/api/reporters/invitations', { staffId }, await loginAs(app, 'town'));
  expect(invited.statusCode, invited.body).toBe(201);
  const res = await post('/api/reporters/activate', { code: invited.json().code, password: PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
  const me = (await get('/api/auth/me', { cookie })).json();
  return { cookie, 'x-csrf-token': me.csrfToken, username: res.json().username };
}

/** Moves a ticket to closed as the admin. */
async function close(id: number) {
  const admin = await loginAs(app, 'admin');
  for (const action of ['accept', 'dispatch', 'start', 'handle', 'close']) {
    const res = await post(`/api/tickets/${id}/transitions`, { action }, admin);
    expect(res.statusCode, res.body).toBe(200);
  }
}

describe('invitations and activation', () => {
  it('lets a supervisor in scope invite a 信息员 or 中心户, with an 8-character code, a QR code, and only its hash stored', async () => {
    const officer = staffOf('info_officer', TEST_TOWN, 5);
    expect((await post('/api/reporters/invitations', { staffId: officer.id }, await loginAs(app, 'other-town'))).json()).toMatchObject({ error: 'out_of_scope' });
    expect((await post('/api/reporters/invitations', { staffId: officer.id }, await loginAs(app, 'viewer'))).statusCode).toBe(403);
    expect((await post('/api/reporters/invitations', { staffId: officer.id })).statusCode).toBe(401);
    expect((await post('/api/reporters/invitations', { staffId: 'S999999' }, await loginAs(app, 'town'))).statusCode).toBe(404);
    const member = staffOf('grid_member', TEST_TOWN);
    expect((await post('/api/reporters/invitations', { staffId: member.id }, await loginAs(app, 'town'))).json()).toMatchObject({ error: 'not_a_reporter' });
    const res = await post('/api/reporters/invitations', { staffId: officer.id }, await loginAs(app, 'town'));
    expect(res.statusCode).toBe(201);
    const inv = res.json();
    expect(inv.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect(inv.code).not.toMatch(/[01OI]/);
    expect(inv.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
    expect(inv.expiresAt - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const rows = JSON.stringify(app.moshao.db.prepare('SELECT * FROM reporter_invitations').all());
    expect(rows).not.toContain(inv.code);
    expect(rows).toContain(hashCode(inv.code));
    const audited = JSON.stringify(app.moshao.db.prepare("SELECT * FROM audit_log WHERE action = 'reporter.invite'").all());
    expect(audited).toContain(officer.id);
    expect(audited).not.toContain(inv.code);
    // The district supervisor reaches every town.
    expect((await post('/api/reporters/invitations', { staffId: staffOf('central_household', OTHER_TOWN).id }, await loginAs(app, 'district'))).statusCode).toBe(201);
  });

  it('limits activation attempts per address', async () => {
    const limited = await testApp({ budgets: { activationsPerIp: { perMinute: 1, burst: 2 } } });
    try {
      const attempt = () => limited.inject({ method: 'POST', url: '/api/reporters/activate', payload: { code: 'ABCDEFGH', password: PASSWORD }, remoteAddress: '10.9.0.1' });
      expect((await attempt()).statusCode).toBe(400);
      expect((await attempt()).statusCode).toBe(400);
      const refused = await attempt();
      expect([refused.statusCode, refused.json().error]).toEqual([429, 'rate_limited']);
    } finally {
      await limited.close();
    }
  });

  it('activates once with a chosen password: wrong, weak, used and expired codes are refused clearly', async () => {
    const officer = staffOf('info_officer', TEST_TOWN, 6);
    const { code } = (await post('/api/reporters/invitations', { staffId: officer.id }, await loginAs(app, 'town'))).json();
    const wrong = code.slice(0, 7) + (code[7] === 'A' ? 'B' : 'A');
    expect((await post('/api/reporters/activate', { code: wrong, password: PASSWORD })).json()).toMatchObject({ error: 'invalid_code', field: 'code' });
    expect((await post('/api/reporters/activate', { code: 'short', password: PASSWORD })).statusCode).toBe(400);
    expect((await post('/api/reporters/activate', { code, password: 'password123' })).json()).toMatchObject({ error: 'weak_password' });
    // Typed in lower case with a dash: the same code.
    const ok = await post('/api/reporters/activate', { code: `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`, password: PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().username).toBe(`r-${officer.id.toLowerCase()}`);
    expect(ok.cookies.some((c) => c.name === SESSION_COOKIE && c.httpOnly)).toBe(true);
    const again = await post('/api/reporters/activate', { code, password: PASSWORD });
    expect([again.statusCode, again.json().error]).toEqual([410, 'code_used']);
    // A week-old invitation (written as the service writes one: the hash only).
    const other = staffOf('info_officer', TEST_TOWN, 7);
    app.moshao.db.prepare('INSERT INTO reporter_invitations (code_hash, staff_id, created_by, created_at, expires_at) VALUES (?, ?, 1, 0, ?)')
      .run(hashCode('ABCDEFGH'), other.id, Date.now() - 1);
    const expired = await post('/api/reporters/activate', { code: 'ABCDEFGH', password: PASSWORD });
    expect([expired.statusCode, expired.json().error]).toEqual([410, 'code_expired']);
    // Already has an account: no second invitation.
    expect((await post('/api/reporters/invitations', { staffId: officer.id }, await loginAs(app, 'town'))).statusCode).toBe(409);
    // The admin lists it, and cannot turn it into a supervisor.
    const admin = await loginAs(app, 'admin');
    const listed = (await get('/api/admin/accounts', admin)).json().items.find((a: { username: string }) => a.username === ok.json().username);
    expect(listed).toMatchObject({ role: 'reporter', staffId: officer.id, townCode: null });
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/accounts/${listed.id}`, headers: admin, payload: { role: 'district' } })).statusCode).toBe(400);
    expect((await post('/api/admin/accounts', { username: 'sneaky', password: PASSWORD, role: 'reporter' }, admin)).statusCode).toBe(400);
  });
});

describe('a reporter', () => {
  let officer: { id: string; gridId: string };
  let me: SessionHeaders;
  beforeAll(async () => {
    officer = staffOf('info_officer', TEST_TOWN, 1);
    me = await reporterFor(officer.id);
  });
  const report = (over: object = {}) => ({
    category: 'lamp', title: '路灯不亮', description: `张三 ${PHONE} 楼下路灯`, channel: 'hotline_12345', reporterRole: 'resident', gridId: officer.gridId, ...over,
  });

  it('is described by GET /api/auth/me with its staff row, cell and village', async () => {
    const body = (await get('/api/auth/me', { cookie: me.cookie })).json();
    expect(body.user.role).toBe('reporter');
    expect(body.reporter).toMatchObject({ staffId: officer.id, staffRole: 'info_officer', gridId: officer.gridId, villageCode: villageOf(officer.gridId) });
    expect(body.reporter.gridName.length).toBeGreaterThan(0);
  });

  it('files through intake with CSRF; the same Idempotency-Key twice is one ticket, filed as what the reporter is', async () => {
    expect((await post('/api/tickets', report(), { cookie: me.cookie })).json()).toMatchObject({ error: 'csrf_invalid' });
    const before = count('SELECT count(*) AS n FROM tickets');
    const headers = { ...me, 'idempotency-key': 'phone-queue-1' };
    const first = await post('/api/tickets', report(), headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/api/tickets', report(), headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(count('SELECT count(*) AS n FROM tickets')).toBe(before + 1);
    expect(first.json()).toMatchObject({ channel: 'info_officer', reporterRole: 'info_officer' });
    // Outside its village, and with photos nobody uploaded: refused, nothing filed.
    expect((await post('/api/tickets', report({ gridId: staffOf('info_officer', OTHER_TOWN).gridId }), me)).statusCode).toBe(403);
    const photo = await post('/api/tickets', report({ photos: ['no-such-photo'] }), me);
    expect([photo.statusCode, photo.json().field]).toEqual([400, 'photos.0']);
    expect(count('SELECT count(*) AS n FROM tickets')).toBe(before + 1);
  });

  it('reads none of the drill-down, reports or supervisors\' actions', async () => {
    expect((await get(`/api/drill/grid/${officer.gridId}`, me)).statusCode).toBe(403);
    expect((await get(`/api/reports/kpi?from=2023-01-01&to=2023-02-01`, me)).statusCode).toBe(403);
    expect((await get('/api/tickets.csv', me)).statusCode).toBe(403);
    expect((await post('/api/tickets/1/transitions', { action: 'accept' }, me)).statusCode).toBe(403);
    expect((await post('/api/reporters/invitations', { staffId: officer.id }, me)).statusCode).toBe(403);
    expect((await get(`/api/rounds?scope=${TEST_TOWN}`, me)).statusCode).toBe(403);
    // Other people's tickets: the public projection, as for anyone.
    const listed = (await get('/api/tickets?limit=5', me)).json().items;
    expect(listed.every((t: object) => !('description' in t))).toBe(true);
  });

  it('reads its own tickets in its own words; supervisors have no "my tickets"', async () => {
    const res = await get('/api/me/tickets', me);
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ description: `张三 ${PHONE} 楼下路灯`, photos: [] });
    expect(items[0].timeline).toEqual([{ at: items[0].reportedAt, action: 'report', status: 'reported' }]);
    expect(nextCursor).toBeNull();
    expect((await get('/api/me/tickets', await loginAs(app, 'town'))).statusCode).toBe(403);
  });

  it('hears ticket:mine on its own socket when its ticket moves; an anonymous socket hears nothing', async () => {
    const mine = await sockets.connect(me.cookie);
    const stranger = await sockets.connect();
    const heardByStranger: unknown[] = [];
    stranger.on('ticket:mine', (m: unknown) => heardByStranger.push(m));
    const id = (await get('/api/me/tickets', me)).json().items[0].id as number;
    const heard = new Promise<{ id: number; status: string; at: number }>((resolve) => mine.once('ticket:mine', resolve));
    expect((await post(`/api/tickets/${id}/transitions`, { action: 'accept' }, await loginAs(app, 'admin'))).statusCode).toBe(200);
    expect(await heard).toMatchObject({ id, status: 'accepted' });
    // The stranger's socket gets a full round trip after the emission: anything for it would have arrived first.
    await stranger.timeout(2000).emitWithAck('scope:subscribe', { scope: TEST_TOWN });
    expect(heardByStranger).toEqual([]);
  });

  it('rates its closed ticket once, which is the evaluate step and counts in the satisfaction rate', async () => {
    const id = (await get('/api/me/tickets', me)).json().items[0].id as number;
    expect((await post(`/api/tickets/${id}/rating`, { rating: 5 }, me)).json()).toMatchObject({ error: 'not_closed' });
    for (const action of ['dispatch', 'start', 'handle', 'close']) {
      expect((await post(`/api/tickets/${id}/transitions`, { action }, await loginAs(app, 'admin'))).statusCode).toBe(200);
    }
    expect((await post(`/api/tickets/${id}/rating`, { rating: 5 }, await loginAs(app, 'town'))).json()).toMatchObject({ error: 'not_your_ticket' });
    expect((await post(`/api/tickets/${id}/rating`, { rating: 5 })).statusCode).toBe(401);
    expect((await post(`/api/tickets/${id}/rating`, { rating: 5 }, { cookie: me.cookie })).statusCode).toBe(403);
    const before = app.moshao.live.summary(officer.gridId).kpi;
    const rated = await post(`/api/tickets/${id}/rating`, { rating: 4, comment: '修好了' }, me);
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toEqual({ id, status: 'evaluated', rating: 4 });
    expect((await post(`/api/tickets/${id}/rating`, { rating: 5 }, me)).json()).toMatchObject({ error: 'already_rated' });
    const after = app.moshao.live.summary(officer.gridId).kpi;
    expect(after.evaluated).toBe(before.evaluated + 1);
    expect(after.satisfactionRate).not.toBeNull();
    // The monthly report's indicator counts it too.
    const day = shanghaiDate(app.moshao.now());
    const kpi = (await get(`/api/reports/kpi?scope=${officer.gridId.slice(0, 12)}&from=${day}&to=${day}T23:59:59%2B08:00`, await loginAs(app, 'admin'))).json();
    expect(kpi.totals.counts.ratings).toBeGreaterThanOrEqual(1);
    expect(kpi.totals.satisfactionRate).not.toBeNull();
  });
});

describe('residents', () => {
  const cell = () => staffOf('info_officer', TEST_TOWN, 2).gridId;
  const body = () => ({ category: 'sanitation', description: `垃圾没人收 李四 ${PHONE}`, gridId: cell() });

  it('report without an account, get a receipt, and track it with no words and no names', async () => {
    const res = await post('/api/public/reports', body(), { 'idempotency-key': 'k1' }, '10.1.0.1');
    expect(res.statusCode, res.body).toBe(201);
    const { receipt, ticketId, status } = res.json();
    expect(receipt).toMatch(new RegExp(`^[${CODE_ALPHABET}]{10}$`));
    expect(status).toBe('reported');
    // The phone's resend: the same ticket and the same receipt.
    const again = await post('/api/public/reports', body(), { 'idempotency-key': 'k1' }, '10.1.0.1');
    expect(again.json()).toEqual({ receipt, ticketId, status: 'reported' });
    const filed = app.moshao.service.findTicket(ticketId)!;
    expect(filed).toMatchObject({ channel: 'mini_program', reporterRole: 'resident', title: '环境卫生' });
    expect(JSON.stringify(app.moshao.db.prepare('SELECT * FROM ticket_reporters').all())).not.toContain(receipt);
    const track = await get(`/api/track/${receipt.toLowerCase()}`);
    expect(track.statusCode, track.body).toBe(200);
    expect(track.body).not.toContain('李四');
    expect(track.body).not.toContain(PHONE);
    expect(track.body).not.toContain('垃圾');
    expect(track.json()).toMatchObject({ receipt, ticket: { id: ticketId, status: 'reported' }, canRate: false });
    expect(track.json().timeline).toEqual([{ at: filed.reportedAt, action: 'report', status: 'reported' }]);
    expect((await get('/api/track/AAAAAAAAAA')).statusCode).toBe(404);

    // Rated by its receipt once closed; a wrong receipt is refused.
    await close(ticketId);
    expect((await get(`/api/track/${receipt}`)).json().canRate).toBe(true);
    expect((await post(`/api/tickets/${ticketId}/rating`, { rating: 3, receipt: 'BBBBBBBBBB' }, {}, '10.1.0.2')).statusCode).toBe(403);
    const rated = await post(`/api/tickets/${ticketId}/rating`, { rating: 3, receipt }, {}, '10.1.0.3');
    expect(rated.json()).toEqual({ id: ticketId, status: 'evaluated', rating: 3 });
    expect((await post(`/api/tickets/${ticketId}/rating`, { rating: 3, receipt }, {}, '10.1.0.3')).statusCode).toBe(409);
  });

  it('have a budget per address: past it, 429 with Retry-After and nothing filed', async () => {
    const before = count('SELECT count(*) AS n FROM tickets');
    for (let i = 0; i < 3; i += 1) expect((await post('/api/public/reports', body(), {}, '10.2.0.1')).statusCode).toBe(201);
    const refused = await post('/api/public/reports', body(), {}, '10.2.0.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(count('SELECT count(*) AS n FROM tickets')).toBe(before + 3);
    // Another address is not affected.
    expect((await post('/api/public/reports', body(), {}, '10.2.0.2')).statusCode).toBe(201);
  });
});

describe('rounds (民情记录本)', () => {
  let household: { id: string; gridId: string };
  let me: SessionHeaders;
  beforeAll(async () => {
    household = staffOf('central_household', TEST_TOWN, 3);
    me = await reporterFor(household.id);
  });
  const today = () => shanghaiDate(app.moshao.now());

  it('records a day: devices move the cell\'s 物 numbers, a fault files its own ticket', async () => {
    const activity = () => app.moshao.live.summary(household.gridId).modules.activity;
    const before = activity();
    const res = await post('/api/rounds', {
      date: today(),
      items: [
        { device: 'elevator', result: 'fault', note: '3号楼电梯异响' }, { device: 'gas', result: 'ok' },
        { device: 'hydrant', result: 'ok' }, { device: 'reminder', result: 'ok' },
      ],
    }, me);
    expect(res.statusCode, res.body).toBe(201);
    const { recorded, tickets } = res.json();
    expect(recorded).toBe(4);
    expect(tickets).toHaveLength(1);
    expect(app.moshao.service.findTicket(tickets[0])).toMatchObject({
      category: 'elevator', channel: 'central_household', reporterRole: 'central_household', gridId: household.gridId, description: '3号楼电梯异响',
    });
    // Three devices checked (the reminder visit is no device), one of them faulty.
    expect(activity().inspectionsToday).toBe(before.inspectionsToday + 3);
    expect(activity().faultsToday).toBe(before.faultsToday + 1);
    // The fault's ticket is the household's own.
    expect((await get('/api/me/tickets', me)).json().items.map((t: { id: number }) => t.id)).toEqual(tickets);
    const mine = (await get('/api/rounds/mine?days=30', me)).json();
    expect(mine.days).toEqual([{ date: today(), items: expect.arrayContaining([{ device: 'elevator', result: 'fault', note: '3号楼电梯异响' }]), tickets }]);
  });

  it('records a day once, and only today', async () => {
    const again = await post('/api/rounds', { date: today(), items: [{ device: 'gas', result: 'fault' }] }, me);
    expect([again.statusCode, again.json().error]).toEqual([409, 'already_recorded']);
    expect((await post('/api/rounds', { date: '2022-12-30', items: [{ device: 'gas', result: 'ok' }] }, me)).json()).toMatchObject({ error: 'not_today' });
    expect((await post('/api/rounds', { date: today(), items: [{ device: 'gas', result: 'ok' }, { device: 'gas', result: 'ok' }] }, me)).statusCode).toBe(400);
  });

  it('is kept by central households only', async () => {
    const officer = await reporterFor(staffOf('info_officer', TEST_TOWN, 3).id);
    expect((await post('/api/rounds', { date: today(), items: [{ device: 'gas', result: 'ok' }] }, officer)).json()).toMatchObject({ error: 'not_central_household' });
    expect((await post('/api/rounds', { date: today(), items: [{ device: 'gas', result: 'ok' }] }, await loginAs(app, 'town'))).statusCode).toBe(403);
  });

  it('shows supervisors in scope who has done the day\'s rounds', async () => {
    const village = villageOf(household.gridId);
    const res = await get(`/api/rounds?scope=${village}`, await loginAs(app, 'town'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ date: today(), items: [{ staffId: household.id, gridId: household.gridId, done: true, faults: 1 }] });
    expect((await get(`/api/rounds?scope=${village}`, await loginAs(app, 'other-town'))).statusCode).toBe(403);
    expect((await get(`/api/rounds?scope=${household.gridId}`, await loginAs(app, 'admin'))).statusCode).toBe(400);
    expect((await get(`/api/rounds?scope=${TEST_TOWN}&date=2022-12-30`, await loginAs(app, 'admin'))).json().items.every((i: { done: boolean }) => !i.done)).toBe(true);
    expect((await get(`/api/rounds?scope=${TEST_TOWN}`, auth)).statusCode).toBe(403);
  });
});

describe('a re-imported world', () => {
  it('keeps reporter accounts whose staff rows it still has, and refuses one that drops such a row', async () => {
    const writer = createWorldWriter(app.moshao.db);
    const set = writer.snapshot();
    const bound = app.moshao.db.prepare('SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL').pluck().all() as string[];
    expect(bound.length).toBeGreaterThan(0);
    // The same world again: staff deleted and inserted in one transaction, the deferred reference holds at its end.
    writer.replaceWorld(set, null, 'test');
    expect(app.moshao.db.prepare('SELECT count(*) FROM accounts WHERE staff_id IS NOT NULL').pluck().get()).toBe(bound.length);
    // Without a bound staff row the whole replacement rolls back.
    const without = { ...set, staff: set.staff.filter((s) => s.id !== bound[0]).map((s) => (s.leaderId === bound[0] ? { ...s, leaderId: null } : s)) };
    expect(() => writer.replaceWorld(without, null, 'test')).toThrow(/FOREIGN KEY/);
    expect(app.moshao.db.prepare('SELECT count(*) FROM staff WHERE id = ?').pluck().get(bound[0])).toBe(1);
  });
});
