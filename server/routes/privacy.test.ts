import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ScopeDelta, ScopeSnapshot, ServerToClientEvents, TicketUpsert } from '../../shared/events.js';
import { PublicTicketSchema } from '../../shared/schemas/ticket.js';
import { scopesOfCell, villageOf } from '../../shared/scope.js';
import { maskName, maskPhone } from '../domain/masking.js';
import { auth, loginAs, OTHER_TOWN, reporterSession, TEST_TOKEN, testApp, type SessionHeaders } from '../test/app.js';
import { listenOnFreePort } from '../test/sockets.js';
import { registeredRoutes } from '../test/routes.js';
import { multipartBody, tinyPng } from '../test/tiny-png.js';

/**
 * What a resident writes stays private: a ticket whose title, description, address and timeline note hold a phone
 * number, an ID number and a name is filed in 大港街道; then every GET route the app registers is called without a login,
 * with the intake token and as the 丁卯街道 supervisor (out of scope), and anonymous sockets listen to every room of the
 * ticket's cell. None of it may carry the values, their masked forms or telling fragments of them. Logged-in readers
 * (a viewer, the supervisor in scope, the admin) read the ticket in full with the numbers and the name masked, and a
 * supervisor in scope reads the original only through the audited reveal.
 */
const PHONE = '13912345678';
const ID_NUMBER = '32111119800101123X';
const NAME = '王小明';
/** A word no fixture uses: finding it means free text went out verbatim. */
const MARKER = '隐私测验';
const SECRET = {
  title: `${MARKER}：${NAME}先生家门口水管爆裂，电话${PHONE}`,
  description: `联系人：${NAME}（身份证 ${ID_NUMBER}）请回电 ${PHONE}`,
  address: `${MARKER}小区3幢201室 业主${NAME}`,
};
const NOTE = `${MARKER}：已电话联系${NAME}女士 ${PHONE}`;
/** What every logged-in reader gets instead. */
const MASKED = {
  title: `${MARKER}：王**先生家门口水管爆裂，电话139****5678`,
  description: '联系人：王**（身份证 321***********123X）请回电 139****5678',
  address: `${MARKER}小区3幢201室 业主王**`,
};
const MASKED_NOTE = `${MARKER}：已电话联系王**女士 139****5678`;
const FORBIDDEN = [
  PHONE, ID_NUMBER, ID_NUMBER.toLowerCase(), NAME, MARKER, maskPhone(PHONE), maskName(NAME),
  '12345678', '19800101', '0101123X', '小明',
];
/** What no logged-in reader may find either, short of a reveal: the numbers, the name, telling fragments of them. */
const UNMASKED = [PHONE, ID_NUMBER, ID_NUMBER.toLowerCase(), NAME, '12345678', '19800101', '0101123X', '小明'];
const REASON = '回访需要核实报告人联系方式';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let app: FastifyInstance;
let url: string;
let cell: string;
let secretId: number;
let dupId: number;
/** The secret ticket's photo (uploaded with the intake token that files it). */
let photoId: string;
let dupAnswer: { title: string; possibleDuplicates: { id: number }[] };
let secretAnswer: { title: string; description: string; address: string };
/** A resident's receipt of a report with the secret words, and an info officer of the secret ticket's own village. */
let receipt: string;
let reporter: SessionHeaders;
/** Every line the server logged, at its most verbose level. */
const logLines: string[] = [];
const sockets: Client[] = [];
/** Everything the anonymous sockets received: events and acks, as [where, JSON]. */
const received: [string, string][] = [];

const listen = (scope: string): Promise<Client> =>
  new Promise((resolve, reject) => {
    const s: Client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(s);
    s.onAny((event: string, ...args: unknown[]) => received.push([`socket ${scope} ${event}`, JSON.stringify(args)]));
    s.once('connect_error', reject);
    s.emit('scope:subscribe', { scope }, (ack: Ack<ScopeSnapshot>) => {
      received.push([`socket ${scope} ack`, JSON.stringify(ack)]);
      if (ack.ok) resolve(s);
      else reject(new Error(ack.error));
    });
  });
const upsertOf = (s: Client, id: number, status: string) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ticket:upsert of #${id} (${status}) within 3 s`)), 3000);
    const handler = (u: TicketUpsert) => {
      if (!u.tickets.some((t) => t.id === id && t.status === status)) return;
      clearTimeout(timer);
      s.off('ticket:upsert', handler);
      resolve();
    };
    s.on('ticket:upsert', handler);
  });

beforeAll(async () => {
  app = await testApp({ logger: { level: 'trace', stream: { write: (line: string) => void logLines.push(line) } } });
  url = await listenOnFreePort(app);
  cell = (app.moshao.db.prepare('SELECT id FROM grid_cells WHERE id LIKE ? ORDER BY id LIMIT 1').get(`${OTHER_TOWN}%`) as { id: string }).id;

  const rooms = await Promise.all(scopesOfCell(cell).map(listen));
  const cellRoom = rooms[rooms.length - 1];
  const health = { screenId: 'privacy-wall', scope: cell, fps: 60, heapBytes: null, deltaLagMs: null, seq: 0, url: `/?scope=${cell}` };
  await new Promise((resolve) => cellRoom.emit('screen:health', health, resolve));

  const file = (payload: object) => app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
    category: 'water_pipe', channel: 'mini_program', reporterRole: 'resident', gridId: cell, ...payload,
  } });
  const boundary = 'privacy-boundary';
  const uploaded = await app.inject({
    method: 'POST', url: '/api/media', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: multipartBody(boundary, [{ field: 'file', filename: 'door.png', type: 'image/png', bytes: tinyPng() }]),
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  photoId = uploaded.json().id;
  const filed = await file({ ...SECRET, photos: [photoId] });
  expect(filed.statusCode, filed.body).toBe(201);
  secretId = filed.json().id;
  secretAnswer = filed.json();
  // A neighbour reports the same burst pipe: its own ticket comes back in full, the first one only as public.
  const dup = await file({ title: '同一处水管爆裂' });
  expect(dup.statusCode, dup.body).toBe(201);
  dupAnswer = dup.json();
  dupId = dup.json().id;

  // The same words from a resident's phone, followed by its receipt.
  const resident = await app.inject({ method: 'POST', url: '/api/public/reports', payload: { category: 'water_pipe', description: SECRET.description, gridId: cell } });
  expect(resident.statusCode, resident.body).toBe(201);
  receipt = resident.json().receipt;
  const officer = app.moshao.db.prepare("SELECT id FROM staff WHERE role = 'info_officer' AND grid_id LIKE ? ORDER BY id LIMIT 1").pluck().get(`${villageOf(cell)}%`) as string;
  reporter = await reporterSession(app, officer);

  const accepted = upsertOf(cellRoom, secretId, 'accepted');
  const move = await app.inject({
    method: 'POST', url: `/api/tickets/${secretId}/transitions`, headers: await loginAs(app, 'admin'), payload: { action: 'accept', note: NOTE },
  });
  expect(move.statusCode, move.body).toBe(200);
  await accepted;
  // Fresh snapshots after the change, for every room.
  await Promise.all(scopesOfCell(cell).map(listen));
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.close();
});

/** Every GET route the app registers, read from its route tree. */
const registeredGetRoutes = (): string[] => registeredRoutes(app).filter((r) => r.startsWith('GET ')).map((r) => r.slice(4));

/** The URLs each GET route is called with. A route missing here fails the test: list it with URLs that reach the ticket. */
const walk = (): Record<string, string[]> => {
  const scopes = scopesOfCell(cell);
  return {
    '/api/health': ['/api/health'],
    '/api/categories': ['/api/categories'],
    '/api/cells/measures': ['/api/cells/measures'],
    '/api/geo': ['town', 'village', 'grid'].map((level) => `/api/geo?level=${level}`),
    '/api/summary': ['/api/summary', ...scopes.map((s) => `/api/summary?scope=${s}`)],
    '/api/screens': ['/api/screens'],
    '/api/scopes/:id/children': scopes.map((s) => `/api/scopes/${s}/children`),
    '/api/tickets': [
      '/api/tickets', '/api/tickets?limit=200', ...scopes.map((s) => `/api/tickets?scope=${s}`),
      `/api/tickets?scope=${cell}&status=accepted`, `/api/tickets?scope=${cell}&open=true&category=water_pipe`,
    ],
    '/api/tickets/:id': [`/api/tickets/${secretId}`, `/api/tickets/${dupId}`],
    '/api/tickets.csv': ['/api/tickets.csv', `/api/tickets.csv?scope=${cell}`, `/api/tickets.csv?scope=${cell}&status=accepted`],
    '/api/reports/kpi': scopes.slice(0, 3).flatMap((s) => ['town', 'village', 'unit'].map((by) => `/api/reports/kpi?scope=${s}&from=2023-01-01&to=2024-01-01&by=${by}`)),
    '/api/reports/kpi.xlsx': scopes.slice(0, 3).map((s) => `/api/reports/kpi.xlsx?scope=${s}&from=2023-01-01&to=2024-01-01`),
    // Refused before any browser starts (a month after the clock, a month that is none): the printed PDF's own test
    // (test/browser/reports-pdf.test.ts) reads back what a PDF holds.
    '/api/reports/monthly.pdf': scopes.slice(0, 2).flatMap((s) => [`/api/reports/monthly.pdf?scope=${s}&month=2099-01`, `/api/reports/monthly.pdf?scope=${s}&month=2023-13`]),
    '/api/reports/monthly': scopes.slice(0, 3).map((s) => `/api/reports/monthly?scope=${s}&month=2023-06`),
    '/api/reports/weights': ['/api/reports/weights'],
    // The kept monthly files: figures only, made from the same KPIs (this app keeps none, so the downloads are 404s).
    '/api/reports/files': ['/api/reports/files', ...scopes.slice(0, 3).map((s) => `/api/reports/files?scope=${s}`)],
    '/api/reports/files/:scope/:file': scopes.slice(0, 2).flatMap((s) => [`/api/reports/files/${s}/2023-06.xlsx`, `/api/reports/files/${s}/2023-06.pdf`]),
    '/api/replay': ['/api/replay'],
    // Counts and timings only; inject calls from loopback, so the metrics are read in full.
    '/metrics': ['/metrics'],
    '/api/auth/me': ['/api/auth/me'],
    '/api/audit': ['/api/audit?limit=200'],
    '/api/admin/accounts': ['/api/admin/accounts'],
    '/api/admin/intake-tokens': ['/api/admin/intake-tokens'],
    '/api/drill/grid/:id': [`/api/drill/grid/${cell}`],
    // Photos are never public: the ticket's own photo answers 404 (a JSON error, never bytes) outside the ticket's scope.
    '/api/media/:id': [`/api/media/${photoId}`, `/api/media/${photoId}?size=thumb`, '/api/media/AAAAAAAAAAAAAAAAAAAAAA'],
    '/api/drill/tickets/:id': [`/api/drill/tickets/${secretId}`, `/api/drill/tickets/${dupId}`],
    // 督办: ids, units, deadlines and serials only; the admin's subscriptions and outbox hold no resident text either.
    '/api/supervise': ['/api/supervise', ...scopes.map((s) => `/api/supervise?scope=${s}`)],
    '/api/admin/notify/subscriptions': ['/api/admin/notify/subscriptions'],
    '/api/admin/notify/outbox': ['/api/admin/notify/outbox'],
    // Open311 in both formats; a valid api_key on a GET unlocks nothing either.
    '/open311/v2/discovery.:format': ['/open311/v2/discovery.json', '/open311/v2/discovery.xml'],
    '/open311/v2/services.:format': ['/open311/v2/services.json', '/open311/v2/services.xml'],
    '/open311/v2/services/:code.:format': ['/open311/v2/services/water_pipe.json', '/open311/v2/services/water_pipe.xml'],
    '/open311/v2/requests.:format': [
      '/open311/v2/requests.json', '/open311/v2/requests.xml', `/open311/v2/requests.json?service_request_id=${secretId},${dupId}`,
      `/open311/v2/requests.xml?service_code=water_pipe&status=open&api_key=${TEST_TOKEN}`,
    ],
    '/open311/v2/requests/:id.:format': [
      `/open311/v2/requests/${secretId}.json`, `/open311/v2/requests/${secretId}.xml`, `/open311/v2/requests/${dupId}.json?api_key=${TEST_TOKEN}`,
    ],
    '/open311/v2/*': [`/open311/v2/requests/${secretId}/notes.json`, `/open311/v2/requests/${secretId}`],
    '/open311/v2': ['/open311/v2'],
    // The phone app: a reporter's own tickets and rounds, who has done the rounds, a resident's receipt.
    '/api/me/tickets': ['/api/me/tickets'],
    '/api/rounds/mine': ['/api/rounds/mine', '/api/rounds/mine?days=90'],
    '/api/rounds': scopes.slice(1, 3).map((s) => `/api/rounds?scope=${s}`),
    // Who can be invited: staff names come masked, never a phone.
    '/api/reporters': scopes.slice(1, 3).map((s) => `/api/reporters?scope=${s}`),
    '/api/track/:receipt': [`/api/track/${receipt}`],
  };
};

const leaksIn = (body: string): string[] => FORBIDDEN.filter((f) => body.includes(f));

describe('photos are never public', () => {
  it.each([
    ['anonymous', async () => ({})],
    ['the 丁卯街道 supervisor (out of scope)', async () => loginAs(app, 'town')],
  ])('answers %s 404 as JSON for the ticket\'s photo, never its bytes nor its id', async (_who, headersOf) => {
    const headers = await headersOf();
    for (const size of ['', '?size=thumb', '?size=full']) {
      const res = await app.inject({ url: `/api/media/${photoId}${size}`, headers });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    for (const u of [`/api/tickets/${secretId}`, `/api/tickets?scope=${cell}`, `/open311/v2/requests/${secretId}.json`]) {
      expect((await app.inject({ url: u, headers })).body).not.toContain(photoId);
    }
  });

  it('shows it to a reader in scope', async () => {
    const res = await app.inject({ url: `/api/media/${photoId}?size=thumb`, headers: await loginAs(app, 'admin') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
  });
});

describe('a resident\'s free text never reaches anyone outside the ticket\'s scope', () => {
  it('lists every GET route the app registers, and only those', () => {
    expect(registeredGetRoutes().sort()).toEqual(Object.keys(walk()).sort());
  });

  it.each([
    ['anonymous', async () => ({})],
    ['the intake token', async () => auth],
    ['the 丁卯街道 supervisor (out of scope)', async () => loginAs(app, 'town')],
    // A reporter sees its own words only: the ticket is in its village, not its own.
    ['an info officer of the ticket\'s village (reporter)', async () => reporter],
  ])('shows no phone, ID number, name or free text to %s on any GET route', async (_who, headersOf) => {
    const headers = await headersOf();
    let reachedTicket = false;
    let reachedOpen311 = false;
    for (const [route, urls] of Object.entries(walk())) {
      for (const u of urls) {
        const res = await app.inject({ url: u, headers });
        expect(res.statusCode, `${route}: ${u} -> ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect(leaksIn(res.body), `${u}: ${res.body.slice(0, 300)}`).toEqual([]);
        if (u === `/api/tickets/${secretId}` && res.statusCode === 200 && res.json().status === 'accepted') reachedTicket = true;
        if (u === `/open311/v2/requests/${secretId}.json` && res.json()[0]?.service_request_id === String(secretId)) reachedOpen311 = true;
      }
    }
    // Not vacuous: the ticket itself was read, as its public projection.
    expect(reachedTicket).toBe(true);
    expect(reachedOpen311).toBe(true);
  });

  it('sends anonymous sockets nothing of it: acks, deltas, upserts, replay state', () => {
    const events = new Set(received.map(([where]) => where.split(' ')[2]));
    expect(events).toEqual(new Set(['ack', 'scope:delta', 'ticket:upsert', 'replay:state']));
    const upserts = received.filter(([where]) => where.endsWith('ticket:upsert')).map(([, body]) => JSON.parse(body)[0] as TicketUpsert);
    expect(upserts.some((u) => u.tickets.some((t) => t.id === secretId && t.status === 'accepted'))).toBe(true);
    for (const [where, body] of received) expect(leaksIn(body), where).toEqual([]);
  });

  it('pushes only aggregates and public tickets in the snapshots\' cells, children and board, and the deltas\' cells and children', () => {
    const snapshots = received.filter(([where]) => where.endsWith(' ack')).map(([, body]) => JSON.parse(body) as Ack<ScopeSnapshot>)
      .flatMap((ack) => (ack.ok ? [ack.data] : []));
    const deltas = received.filter(([where]) => where.endsWith('scope:delta')).map(([, body]) => (JSON.parse(body) as ScopeDelta[])[0]);
    const publicKeys = Object.keys(PublicTicketSchema.properties).sort();
    // Not vacuous: the fresh snapshots' boards hold the accepted ticket, the deltas its cell and its rows.
    expect(snapshots.some((s) => s.board.some((t) => t.id === secretId && t.status === 'accepted'))).toBe(true);
    expect(deltas.some((d) => d.cells?.[cell] !== undefined)).toBe(true);
    expect(deltas.some((d) => (d.children ?? []).length > 0)).toBe(true);
    for (const s of snapshots) {
      for (const t of s.board) expect(Object.keys(t).filter((k) => !publicKeys.includes(k))).toEqual([]);
    }
    const measureKeys = ['open', 'overdue', 'total'];
    const rowKeys = ['gridCells', 'households', 'id', 'kpi', 'level', 'name', 'tickets'];
    for (const x of [...snapshots, ...deltas]) {
      for (const m of Object.values(x.cells ?? {})) expect(Object.keys(m).sort()).toEqual(measureKeys);
      for (const row of x.children ?? []) expect(Object.keys(row).sort()).toEqual(rowKeys);
    }
  });

  it('answers intake its own ticket in full, masked, and the earlier one as public', () => {
    expect(secretAnswer).toMatchObject(MASKED);
    expect(dupAnswer.title).toBe('同一处水管爆裂');
    expect(dupAnswer.possibleDuplicates.map((d) => d.id)).toContain(secretId);
    expect(leaksIn(JSON.stringify(dupAnswer))).toEqual([]);
    expect(dupAnswer.possibleDuplicates.find((d) => d.id === secretId)).not.toHaveProperty('title');
  });
});

const unmaskedIn = (body: string): string[] => UNMASKED.filter((f) => body.includes(f));
/** A viewer anywhere in the district, the 大港街道 supervisor (in scope), the district supervisor and the admin. */
const READERS = ['viewer', 'other-town', 'district', 'admin'] as const;

describe('logged-in readers get personal data masked', () => {
  it.each(READERS)('as %s: every route that returns the full ticket masks its title, description, address and notes', async (role) => {
    const headers = await loginAs(app, role);
    const one = await app.inject({ url: `/api/tickets/${secretId}`, headers });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ ...MASKED, id: secretId, status: 'accepted' });
    expect(one.json().timeline.map((e: { note: string }) => e.note)).toEqual(['', MASKED_NOTE]);
    const listed = (await app.inject({ url: `/api/tickets?scope=${cell}`, headers })).json();
    expect(listed.items.find((i: { id: number }) => i.id === secretId)).toMatchObject(MASKED);
    const page = await app.inject({ url: `/api/drill/tickets/${secretId}`, headers });
    expect(page.statusCode).toBe(200);
    expect(page.json().ticket).toMatchObject(MASKED);
    expect(page.json().timeline.map((e: { note: string }) => e.note)).toEqual(['', MASKED_NOTE]);
    expect(page.json().mayReveal).toBe(role !== 'viewer');
    // The duplicate's page lists the secret ticket among its possible duplicates: masked there too.
    const dupPage = (await app.inject({ url: `/api/drill/tickets/${dupId}`, headers })).json();
    expect(dupPage.possibleDuplicates.find((d: { id: number }) => d.id === secretId)).toMatchObject(MASKED);
    for (const res of [one, page]) expect(unmaskedIn(res.body)).toEqual([]);
    expect(unmaskedIn(JSON.stringify([listed, dupPage]))).toEqual([]);
  });

  it.each(READERS)('as %s: no GET route shows the phone, ID number or name in full', async (role) => {
    const headers = await loginAs(app, role);
    for (const [route, urls] of Object.entries(walk())) {
      for (const u of urls) {
        const res = await app.inject({ url: u, headers });
        expect(res.statusCode, `${route}: ${u} -> ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect(unmaskedIn(res.body), `${u}: ${res.body.slice(0, 300)}`).toEqual([]);
      }
    }
  });

  it('answers a transition and a filing by an account with the ticket masked', async () => {
    const admin = await loginAs(app, 'admin');
    const filed = await app.inject({ method: 'POST', url: '/api/tickets', headers: admin, payload: {
      category: 'water_pipe', channel: 'resident', reporterRole: 'resident', gridId: cell, ...SECRET,
    } });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject(MASKED);
    const moved = await app.inject({
      method: 'POST', url: `/api/tickets/${filed.json().id}/transitions`, headers: admin, payload: { action: 'accept', note: NOTE },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject(MASKED);
    expect(moved.json().timeline.map((e: { note: string }) => e.note)).toEqual(['', MASKED_NOTE]);
    expect(unmaskedIn(filed.body + moved.body)).toEqual([]);
  });
});

describe('POST /api/tickets/:id/reveal', () => {
  const reveal = (headers: object, payload: object | undefined = { reason: REASON }, id = secretId) =>
    app.inject({ method: 'POST', url: `/api/tickets/${id}/reveal`, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });
  const reveals = () => app.moshao.db.prepare("SELECT actor_name AS actor, target, detail FROM audit_log WHERE action = 'ticket.reveal' ORDER BY id")
    .all() as { actor: string; target: string; detail: string }[];

  it('gives the supervisor in scope the original words, once audited with who, which ticket and why', async () => {
    const before = reveals().length;
    const res = await reveal(await loginAs(app, 'other-town'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ id: secretId, ...SECRET });
    expect(body.notes.map((n: { note: string }) => n.note)).toEqual(['', NOTE]);
    const rows = reveals();
    expect(rows).toHaveLength(before + 1);
    expect(rows[rows.length - 1]).toEqual({ actor: 'dagang-test', target: `ticket:${secretId}`, detail: JSON.stringify({ reason: REASON }) });
    // The admin reads it on the audit page, with the reason and without the words.
    const audit = (await app.inject({ url: '/api/audit?action=ticket.reveal', headers: await loginAs(app, 'admin') })).json();
    expect(audit.items[0]).toMatchObject({ action: 'ticket.reveal', actorName: 'dagang-test', target: `ticket:${secretId}`, detail: { reason: REASON } });
    expect(unmaskedIn(JSON.stringify(audit))).toEqual([]);
  });

  it('lets the district supervisor and the admin reveal too', async () => {
    for (const role of ['district', 'admin'] as const) {
      const res = await reveal(await loginAs(app, role));
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject(SECRET);
    }
  });

  it('refuses a viewer, a supervisor outside the scope, an intake token and an anonymous caller, and audits nothing', async () => {
    const before = reveals().length;
    const viewer = await reveal(await loginAs(app, 'viewer'));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toMatchObject({ error: 'forbidden' });
    const outside = await reveal(await loginAs(app, 'town'));
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ error: 'out_of_scope' });
    expect((await reveal(auth)).statusCode).toBe(403);
    const anonymous = await reveal({});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized' });
    for (const res of [viewer, outside, anonymous]) expect(leaksIn(res.body)).toEqual([]);
    expect(reveals()).toHaveLength(before);
  });

  it('needs a reason of 4 to 200 characters (400 naming "reason"), the CSRF header and a ticket that exists', async () => {
    const before = reveals().length;
    const supervisor = await loginAs(app, 'other-town');
    for (const payload of [{}, { reason: '' }, { reason: 'abc' }, { reason: '   ab   ' }, { reason: '因'.repeat(201) }, { reason: 42 }]) {
      const res = await reveal(supervisor, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json(), JSON.stringify(payload)).toMatchObject({ field: 'reason' });
      expect(leaksIn(res.body)).toEqual([]);
    }
    const noCsrf = await reveal({ cookie: supervisor.cookie });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ error: 'csrf_invalid' });
    expect((await reveal(supervisor, { reason: REASON }, 999_999)).statusCode).toBe(404);
    expect(reveals()).toHaveLength(before);
  });

  it('logs a reveal once by ids, never with the words or the reason', () => {
    const revealed = logLines.map((l) => JSON.parse(l) as { msg: string; ticketId?: number; actor?: string })
      .filter((l) => l.msg === 'ticket revealed');
    expect(revealed.length).toBeGreaterThanOrEqual(3);
    expect(revealed[0]).toMatchObject({ ticketId: secretId, actor: expect.stringMatching(/^account:\d+$/) });
    for (const l of logLines) expect([...FORBIDDEN, REASON].filter((f) => l.includes(f)), l).toEqual([]);
  });
});

describe('logged-in readers outside the scope', () => {

  it('gives the 丁卯街道 supervisor the public projection on the API and a 403 on the drill page', async () => {
    const town = await loginAs(app, 'town');
    const t = (await app.inject({ url: `/api/tickets/${secretId}`, headers: town })).json();
    expect(t).toMatchObject({ id: secretId, gridId: cell, status: 'accepted', category: 'water_pipe' });
    for (const key of ['title', 'description', 'address', 'channel', 'reporterRole', 'rating']) expect(t).not.toHaveProperty(key);
    expect(t.timeline.map((e: object) => Object.keys(e).sort())).toEqual(
      Array(2).fill(['action', 'at', 'fromStatus', 'id', 'ticketId', 'toStatus']),
    );
    const drill = await app.inject({ url: `/api/drill/tickets/${secretId}`, headers: town });
    expect(drill.statusCode).toBe(403);
    expect(drill.json()).toMatchObject({ error: 'out_of_scope' });
  });

  it('lists on the drill page only the possible duplicates the caller reads in full, across a town border', async () => {
    // A corner that a 丁卯街道 cell shares with a cell of another town: reports 30 m around it land on both sides.
    const geo = (await app.inject({ url: '/api/geo?level=grid' })).json() as { features: { id: string; geometry: { coordinates: unknown } }[] };
    const corners = (town: boolean) => new Set(geo.features.filter((f) => f.id.startsWith('321171001') === town)
      .flatMap((f) => (f.geometry.coordinates as number[][][]).flat(3).join(',').match(/-?[\d.]+,-?[\d.]+/g) ?? []));
    const outside = corners(false);
    const [lng, lat] = [...corners(true)].find((c) => outside.has(c))!.split(',').map(Number);
    const filed: { id: number; gridId: string }[] = [];
    for (let k = 0; k < 8; k++) {
      const location = { lng: lng + 0.0003 * Math.cos((k * Math.PI) / 4), lat: lat + 0.0003 * Math.sin((k * Math.PI) / 4) };
      const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
        category: 'road', title: `${MARKER}井盖缺失`, channel: 'mini_program', reporterRole: 'resident', location,
      } });
      if (res.statusCode === 201) filed.push(res.json());
    }
    const inDingmao = filed.filter((t) => t.gridId.startsWith('321171001'));
    const elsewhere = filed.filter((t) => !t.gridId.startsWith('321171001'));
    expect(inDingmao.length).toBeGreaterThan(0);
    expect(elsewhere.length).toBeGreaterThan(0);

    const page = async (role: 'town' | 'admin') =>
      (await app.inject({ url: `/api/drill/tickets/${inDingmao[0].id}`, headers: await loginAs(app, role) })).json() as { possibleDuplicates: { id: number; gridId: string }[] };
    const others = filed.filter((t) => t.id !== inDingmao[0].id).map((t) => t.id).sort();
    expect((await page('admin')).possibleDuplicates.map((d) => d.id).sort()).toEqual(others);
    expect((await page('town')).possibleDuplicates.map((d) => d.id).sort()).toEqual(inDingmao.slice(1).map((t) => t.id).sort());
    // On the open API the town supervisor still learns of the others, as public tickets.
    const api = (await app.inject({ url: `/api/tickets/${inDingmao[0].id}`, headers: await loginAs(app, 'town') })).json();
    for (const d of api.possibleDuplicates as { id: number; title?: string }[]) {
      expect(d.title !== undefined, `#${d.id}`).toBe(inDingmao.some((t) => t.id === d.id));
    }
  });
});
