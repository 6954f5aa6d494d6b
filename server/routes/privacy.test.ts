import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ScopeDelta, ScopeSnapshot, ServerToClientEvents, TicketUpsert } from '../../shared/events.js';
import { PublicTicketSchema } from '../../shared/schemas/ticket.js';
import { scopesOfCell } from '../../shared/scope.js';
import { maskName, maskPhone } from '../domain/masking.js';
import { auth, loginAs, OTHER_TOWN, TEST_TOKEN, testApp } from '../test/app.js';

/**
 * What a resident writes stays private: a ticket whose title, description, address and timeline note hold a phone
 * number, an ID number and a name is filed in 大港街道; then every GET route the app registers is called without a login,
 * with the intake token and as the 丁卯街道 supervisor (out of scope), and anonymous sockets listen to every room of the
 * ticket's cell. None of it may carry the values, their masked forms or telling fragments of them.
 */
const PHONE = '13912345678';
const ID_NUMBER = '32111119800101123X';
const NAME = '王小明';
/** A word no fixture uses: finding it means free text went out verbatim. */
const MARKER = '隐私测验';
const SECRET = {
  title: `${MARKER}：${NAME}家门口水管爆裂，电话${PHONE}`,
  description: `${NAME}（身份证 ${ID_NUMBER}）请回电 ${PHONE}`,
  address: `${MARKER}小区3幢201室${NAME}家`,
};
const NOTE = `${MARKER}：已电话联系${NAME} ${PHONE}`;
const FORBIDDEN = [
  PHONE, ID_NUMBER, ID_NUMBER.toLowerCase(), NAME, MARKER, maskPhone(PHONE), maskName(NAME),
  '12345678', '19800101', '0101123X', '小明',
];

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let app: FastifyInstance;
let url: string;
let cell: string;
let secretId: number;
let dupId: number;
let dupAnswer: { title: string; possibleDuplicates: { id: number }[] };
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
  app = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  cell = (app.moshao.db.prepare('SELECT id FROM grid_cells WHERE id LIKE ? ORDER BY id LIMIT 1').get(`${OTHER_TOWN}%`) as { id: string }).id;

  const rooms = await Promise.all(scopesOfCell(cell).map(listen));
  const cellRoom = rooms[rooms.length - 1];
  cellRoom.emit('screen:health', { screenId: 'privacy-wall', scope: cell, fps: 60, heapBytes: null, deltaLagMs: null, seq: 0, url: `/?scope=${cell}` });

  const file = (payload: object) => app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
    category: 'water_pipe', channel: 'mini_program', reporterRole: 'resident', gridId: cell, ...payload,
  } });
  const filed = await file(SECRET);
  expect(filed.statusCode, filed.body).toBe(201);
  secretId = filed.json().id;
  // A neighbour reports the same burst pipe: its own ticket comes back in full, the first one only as public.
  const dup = await file({ title: '同一处水管爆裂' });
  expect(dup.statusCode, dup.body).toBe(201);
  dupAnswer = dup.json();
  dupId = dup.json().id;

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

/** Every GET route the app registers, read from its route tree (printRoutes nests paths by four-character indents). */
function registeredGetRoutes(): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = Array.from(m[1]).length / 4;
    const path = (stack[depth - 1] ?? '') + m[2];
    stack.length = depth;
    stack.push(path);
    if (m[3]?.split(', ').includes('GET')) routes.push(path);
  }
  return routes;
}

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
    '/api/reports/weights': ['/api/reports/weights'],
    '/api/replay': ['/api/replay'],
    // Counts and timings only; inject calls from loopback, so the metrics are read in full.
    '/metrics': ['/metrics'],
    '/api/auth/me': ['/api/auth/me'],
    '/api/audit': ['/api/audit?limit=200'],
    '/api/admin/accounts': ['/api/admin/accounts'],
    '/api/admin/intake-tokens': ['/api/admin/intake-tokens'],
    '/api/drill/grid/:id': [`/api/drill/grid/${cell}`],
    '/api/drill/tickets/:id': [`/api/drill/tickets/${secretId}`, `/api/drill/tickets/${dupId}`],
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
  };
};

const leaksIn = (body: string): string[] => FORBIDDEN.filter((f) => body.includes(f));

describe('a resident\'s free text never reaches anyone outside the ticket\'s scope', () => {
  it('lists every GET route the app registers, and only those', () => {
    expect(registeredGetRoutes().sort()).toEqual(Object.keys(walk()).sort());
  });

  it.each([
    ['anonymous', async () => ({})],
    ['the intake token', async () => auth],
    ['the 丁卯街道 supervisor (out of scope)', async () => loginAs(app, 'town')],
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

  it('answers intake its own ticket in full and the earlier one as public', () => {
    expect(dupAnswer.title).toBe('同一处水管爆裂');
    expect(dupAnswer.possibleDuplicates.map((d) => d.id)).toContain(secretId);
    expect(leaksIn(JSON.stringify(dupAnswer))).toEqual([]);
    expect(dupAnswer.possibleDuplicates.find((d) => d.id === secretId)).not.toHaveProperty('title');
  });
});

describe('logged-in readers', () => {
  it('gives an admin and the 大港街道 supervisor the full ticket with its notes', async () => {
    for (const role of ['admin', 'other-town'] as const) {
      const res = await app.inject({ url: `/api/tickets/${secretId}`, headers: await loginAs(app, role) });
      expect(res.statusCode).toBe(200);
      const t = res.json();
      expect(t, role).toMatchObject({ ...SECRET, id: secretId, status: 'accepted' });
      expect(t.timeline.map((e: { note: string }) => e.note)).toEqual(['', NOTE]);
      const listed = (await app.inject({ url: `/api/tickets?scope=${cell}`, headers: await loginAs(app, role) })).json();
      expect(listed.items.find((i: { id: number }) => i.id === secretId)).toMatchObject(SECRET);
    }
  });

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
