import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { maskName, maskPhone } from '../domain/masking.js';
import { auth, loginAs, TEST_PASSWORDS, TEST_TOKEN, testApp } from '../test/app.js';
import { LOGGED_IDS_MAX, pseudonym } from '../auth/pseudonym.js';
import { LOG_LINE_MAX_BYTES, loggerOptions } from './logging.js';

/**
 * The server's log lines, captured from a real app logging at its most verbose level while the privacy probes go through
 * it: a ticket, an Open311 filing and a timeline note holding a phone number, an ID number and a name; logins with those
 * as usernames; requests that are refused with them in the query, path and body; admin changes; 人车房物 events. No line
 * may carry any of them, nor a credential, while each write is there once, by ids.
 */
const PHONE = '13987654321';
const ID_NUMBER = '32111119750505432X';
const NAME = '李大明';
const MARKER = '日志隐私';
const FORBIDDEN = [
  PHONE, ID_NUMBER, ID_NUMBER.toLowerCase(), NAME, MARKER, maskPhone(PHONE), maskName(NAME), '98765432', '19750505', '大明',
  encodeURIComponent(NAME), encodeURIComponent(MARKER),
];
const NOTE = `${MARKER}：已电话联系${NAME} ${PHONE}`;
/** A batch of 1,000 events whose own ids are phone numbers (a sender may name its events so). */
const BATCH_PHONES = Array.from({ length: 1000 }, (_, i) => `139${String(10_000_000 + i * 7919).slice(-8)}`);

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  [key: string]: unknown;
}

let app: FastifyInstance;
const raw: string[] = [];
let lines: Line[] = [];
let gridId: string;
let secretId: number;
let open311Id: number;
let createdAccountId: number;
let tokenId: number;
let admin: { cookie: string; 'x-csrf-token': string };

const file = (over: Record<string, unknown> = {}) => app.inject({
  method: 'POST', url: '/api/tickets', headers: auth,
  payload: { category: 'water_pipe', title: `${MARKER}：${NAME}家水管爆裂，电话${PHONE}`, description: `${NAME}（身份证 ${ID_NUMBER}）`,
    address: `${MARKER}小区${NAME}家`, channel: 'hotline_12345', reporterRole: 'resident', gridId, ...over },
});

beforeAll(async () => {
  app = await testApp({ logger: { level: 'trace', stream: { write: (line: string) => void raw.push(line) } } });
  await app.ready();
  gridId = (app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 1').get() as { id: string }).id;
  admin = await loginAs(app, 'admin');

  const filed = await file();
  expect(filed.statusCode, filed.body).toBe(201);
  secretId = filed.json().id;
  const moved = await app.inject({ method: 'POST', url: `/api/tickets/${secretId}/transitions`, headers: admin, payload: { action: 'accept', note: NOTE } });
  expect(moved.statusCode, moved.body).toBe(200);
  // Open311 takes its fields from the query string as well as the form: free text in a URL.
  const open311 = await app.inject({
    method: 'POST', url: `/open311/v2/requests.json?jurisdiction_id=321171&description=${encodeURIComponent(NOTE)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ api_key: TEST_TOKEN, service_code: 'road', lat: '32.2', long: '119.5', address_string: `${NAME}家门口` }).toString(),
  });
  open311Id = Number(open311.json()[0]?.service_request_id);

  // Logins with the probes as usernames (and as a password), refused.
  for (const username of [PHONE, ID_NUMBER, NAME]) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: `${PHONE}-${NAME}` } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
  }
  // Refusals whose answers echo the probes: in the body, the query string and the path.
  expect((await file({ category: PHONE })).statusCode).toBe(400);
  expect((await file({ gridId: NAME })).statusCode).toBe(400);
  expect((await app.inject({ url: `/api/tickets?scope=${encodeURIComponent(NAME)}&q=${encodeURIComponent(NOTE)}` })).statusCode).toBe(404);
  expect((await app.inject({ url: `/api/scopes/${encodeURIComponent(NAME)}/children` })).statusCode).toBeGreaterThanOrEqual(400);
  expect((await app.inject({ url: `/api/drill/grid/${PHONE}`, headers: admin })).statusCode).toBeGreaterThanOrEqual(400);
  expect((await app.inject({ url: `/nowhere/${encodeURIComponent(NAME)}?phone=${PHONE}` })).statusCode).toBe(404);
  // The router's own refusals: a %-escape that does not decode, a path segment longer than any id.
  expect((await app.inject({ url: `/api/tickets/${encodeURIComponent(NAME)}%ZZ${PHONE}` })).statusCode).toBe(400);
  expect((await app.inject({ url: `/api/drill/grid/${encodeURIComponent(NAME.repeat(40))}${PHONE}` })).statusCode).toBeGreaterThanOrEqual(400);
  expect((await app.inject({ method: 'POST', url: '/api/tickets', headers: { ...auth, 'content-type': 'application/json' }, payload: `{"title":"${NAME}` })).statusCode).toBe(400);

  // A scrape from another machine, refused: one warning, with the token it sent nowhere in it.
  expect((await app.inject({ url: '/metrics', remoteAddress: '10.9.8.7', headers: { authorization: `Bearer ${PHONE}${NAME}` } })).statusCode).toBe(403);

  // Admin changes: an account whose username holds the phone number, a new password for it, an intake token named after a person.
  const created = await app.inject({ method: 'POST', url: '/api/admin/accounts', headers: admin,
    payload: { username: `u${PHONE}`, password: `Qx!${ID_NUMBER}`, role: 'viewer' } });
  expect(created.statusCode, created.body).toBe(201);
  createdAccountId = created.json().id;
  const patched = await app.inject({ method: 'PATCH', url: `/api/admin/accounts/${createdAccountId}`, headers: admin, payload: { password: `Zw#${ID_NUMBER}x` } });
  expect(patched.statusCode, patched.body).toBe(200);
  const token = await app.inject({ method: 'POST', url: '/api/admin/intake-tokens', headers: admin, payload: { name: `${NAME}的小程序` } });
  expect(token.statusCode, token.body).toBe(201);
  tokenId = token.json().token.id;

  // 人车房物 events: a gate named after a person is what the event says, not its id.
  const events = await app.inject({ method: 'POST', url: '/api/modules/events', headers: auth, payload: { events: [
    { id: 'gate-log-1', type: 'vehicle.passed', at: new Date(app.moshao.now() - 60_000).toISOString(), gridId, direction: 'in', gate: `${NAME}门` },
    { id: 'gate-log-2', type: 'vehicle.passed', at: new Date(app.moshao.now() - 60_000).toISOString(), gridId: NAME, direction: 'in', gate: '北门' },
  ] } });
  expect(events.json()).toMatchObject({ accepted: 1 });
  const batch = await app.inject({ method: 'POST', url: '/api/modules/events', headers: auth, payload: { events: BATCH_PHONES.map((phone) => (
    { id: `tel:${phone}`, type: 'person.moved_in', at: new Date(app.moshao.now() - 60_000).toISOString(), gridId }
  )) } });
  expect(batch.json()).toMatchObject({ accepted: 1000 });
  lines = raw.map((l) => JSON.parse(l) as Line);
}, 60_000);
afterAll(async () => {
  await app.close();
});

const writes = (msg: string) => lines.filter((l) => l.msg === msg);

describe('the server log', () => {
  it('is JSON lines, and every request is logged with its request id and route', () => {
    expect(raw.length).toBeGreaterThan(40);
    for (const l of raw) expect(l.endsWith('\n') && !l.slice(0, -1).includes('\n'), l).toBe(true);
    const incoming = lines.filter((l) => l.msg === 'incoming request');
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(incoming.length).toBeGreaterThan(15);
    // The router's own refusals (a bad %-escape, an overlong segment) are answered without a completion line.
    expect(completed.length).toBeGreaterThanOrEqual(incoming.length - 2);
    const started = new Set(incoming.map((l) => l.reqId));
    for (const l of completed) expect(started.has(l.reqId), JSON.stringify(l)).toBe(true);
    for (const l of [...incoming, ...completed]) expect(l.reqId, JSON.stringify(l)).toMatch(/\S/);
    expect(new Set(incoming.map((l) => l.reqId)).size).toBe(incoming.length);
    // The route pattern, not the URL.
    expect(incoming.map((l) => (l.req as { route: string | null }).route)).toContain('/api/tickets/:id/transitions');
  });

  it('carries no phone number, ID number, name or free text, masked or not', () => {
    for (const l of raw) {
      expect(FORBIDDEN.filter((f) => l.includes(f)), l).toEqual([]);
    }
  });

  it('carries no sender\'s event id, and no line over 8 KiB, after a batch of 1,000 events named by phone numbers', () => {
    const phones = new Set(BATCH_PHONES);
    for (const l of raw) {
      expect(Buffer.byteLength(l), l.slice(0, 200)).toBeLessThanOrEqual(LOG_LINE_MAX_BYTES);
      for (const m of l.match(/1\d{10}/g) ?? []) expect(phones.has(m), l.slice(0, 200)).toBe(false);
      expect(l).not.toContain('gate-log-');
    }
  });

  it('carries no credential: no token, session, CSRF token, password or Authorization header', async () => {
    const session = admin.cookie.slice(`${SESSION_COOKIE}=`.length);
    const secrets = [TEST_TOKEN, session, admin['x-csrf-token'], TEST_PASSWORDS.admin, `Qx!${ID_NUMBER}`, `u${PHONE}`];
    for (const l of raw) {
      expect(secrets.filter((s) => l.includes(s)), l).toEqual([]);
      expect(l.toLowerCase()).not.toMatch(/authorization|bearer|cookie/);
    }
  });

  it('logs each write once at info, by ids: filing, transition, admin changes, module events', () => {
    const filed = writes('ticket filed');
    expect(filed.filter((l) => l.ticketId === secretId)).toEqual([
      expect.objectContaining({ level: 30, ticketId: secretId, action: 'report', actor: 'token:configured', channel: 'hotline_12345', reqId: expect.any(String) }),
    ]);
    expect(filed.filter((l) => l.ticketId === open311Id)).toHaveLength(1);
    expect(filed).toHaveLength(2);
    expect(writes('ticket transition')).toEqual([
      expect.objectContaining({ level: 30, ticketId: secretId, action: 'accept', actor: 'account:1', status: 'accepted', reqId: expect.any(String) }),
    ]);
    expect(writes('admin change').map(({ action, actor, target, fields }) => ({ action, actor, target, fields }))).toEqual([
      { action: 'account.create', actor: 'account:1', target: `account:${createdAccountId}`, fields: undefined },
      { action: 'account.update', actor: 'account:1', target: `account:${createdAccountId}`, fields: ['password'] },
      { action: 'token.create', actor: 'account:1', target: `token:${tokenId}`, fields: undefined },
    ]);
    expect(writes('metrics refused')).toEqual([expect.objectContaining({ level: 40, token: 'wrong', forwarded: false, reqId: expect.any(String) })]);
    expect(writes('module events')).toEqual([
      expect.objectContaining({ level: 30, actor: 'token:configured', accepted: 1, rejected: 1, ids: { count: 1, hashes: [pseudonym('gate-log-1')], more: 0 } }),
      expect.objectContaining({ level: 30, actor: 'token:configured', accepted: 1000, rejected: 0, ids: {
        count: 1000, hashes: BATCH_PHONES.slice(0, LOGGED_IDS_MAX).map((p) => pseudonym(`tel:${p}`)), more: 1000 - LOGGED_IDS_MAX,
      } }),
    ]);
    // A write line belongs to its request: the same request id as the request's own lines.
    const filing = filed.find((l) => l.ticketId === secretId)!;
    expect(lines.filter((l) => l.reqId === filing.reqId).map((l) => l.msg)).toEqual(['incoming request', 'ticket filed', 'request completed']);
  });
});

describe('the logger options', () => {
  it('cut any line over 8 KiB to one that is still JSON and says what it left out', async () => {
    const out: string[] = [];
    const app = Fastify({ logger: loggerOptions({ stream: { write: (l: string) => void out.push(l) } }) });
    app.log.info({ small: 'kept', big: 'x'.repeat(111_000), after: 'kept too' }, 'a huge line');
    app.log.info({ wide: '界'.repeat(3000) }, 'wide characters');
    app.log.info({ fine: 'y'.repeat(2000) }, 'short enough');
    await app.close();
    expect(out).toHaveLength(3);
    for (const l of out) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(LOG_LINE_MAX_BYTES);
    const [huge, wide, fine] = out.map((l) => JSON.parse(l));
    expect(huge).toMatchObject({ level: 30, small: 'kept', after: 'kept too', msg: 'a huge line', truncated: { dropped: ['big'] } });
    expect(huge.truncated.bytes).toBeGreaterThan(111_000);
    expect(huge.big).toBeUndefined();
    expect(wide).toMatchObject({ msg: 'wide characters', truncated: { dropped: ['wide'] } });
    expect(fine).toMatchObject({ fine: 'y'.repeat(2000), msg: 'short enough' });
    expect(fine.truncated).toBeUndefined();
  });

  it('redact credential headers from a line that logs them by hand', async () => {
    const out: string[] = [];
    const app = Fastify({ logger: loggerOptions({ stream: { write: (l: string) => void out.push(l) } }) });
    app.log.info({ headers: { authorization: `Bearer ${TEST_TOKEN}`, cookie: 'moshao_session=abc', 'x-csrf-token': 'csrf-1' } }, 'by hand');
    await app.close();
    expect(JSON.parse(out[0]).headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'x-csrf-token': '[redacted]' });
  });
});
